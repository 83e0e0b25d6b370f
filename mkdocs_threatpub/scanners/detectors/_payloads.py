"""Attack-input families: the one place that knows what a concrete attack input looks like.

A family is a kind of input an attacker sends to a target — a template-injection probe, an
OGNL expression that runs a command, a serialized gadget, a smuggled request, a SQL injection
string, a JWT with ``alg: none``. The payload-collection detector (CAC402) counts them across
a page; the reproduction-steps detector (CAC403) uses them as its "attack input" evidence.
Keep one list: a new payload shape is added here, nowhere else.

The families follow the OWASP Core Rule Set's grouping (REQUEST-93x/94x rules and their
``*.data`` word lists: LFI/RFI, RCE, PHP, Node.js and Java injection, XSS, SQLi, session
fixation) and the classes of the public payload references; the patterns are written here,
small and specific, because the CRS patterns are tuned to score HTTP requests, not to tell a
payload quoted on a page from documentation. Every pattern is RE2 (linear, no backreferences,
no nested quantifiers) with bounded repeats.

``attack_inputs(text)`` yields at most one input per line and family, in file order per
family. Families marked ``code_only`` have shapes that also occur in prose (``; id``,
``' --``) and count only in code; callers decide where a text comes from.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

import re2

from mkdocs_threatpub.core.i18n import Text, t
from mkdocs_threatpub.core.lazy import lazy_re2

__all__ = ["FAMILIES", "AttackInput", "Family", "attack_inputs", "family"]


@dataclass(frozen=True)
class Family:
    key: str
    name: Text
    pattern: Any
    code_only: bool = False
    needs: Any = None  # a second pattern that must also occur in the same text (co-occurrence)
    # One input spans several lines (an XML document, a raw request, an HTML form): a code
    # block carries one input of the family, however many of its lines match.
    per_block: bool = False


def _f(
    key: str,
    en: str,
    zh: str,
    pattern: str,
    *,
    code_only: bool = False,
    needs: str = "",
    per_block: bool = False,
) -> Family:
    return Family(
        key, t(en, zh), lazy_re2(pattern), code_only, lazy_re2(needs) if needs else None, per_block
    )


FAMILIES: tuple[Family, ...] = (
    _f(
        "sqli",
        "SQL injection",
        "SQL 注入",
        r"(?i)\bunion[\s/*+(]{1,20}(?:all[\s/*+(]{1,20}|distinct[\s/*+(]{1,20})?select\b|"
        r"['\"\)]\s{0,4}(?:or|and|\|\||&&)\s{1,4}['\"(]?\s{0,2}(?:\d{1,5}|'[^'\n]{0,5}'|\"[^\"\n]{0,5}\"|true)\s{0,3}(?:=|like|<|>)\s{0,3}['\"(]?(?:\d{1,5}|'|\"|true)|"
        r"(?:\b(?:and|or|select|if|when|then|rlike)\s{1,4}\(?|[(,=|&]\s{0,4})(?:sleep|benchmark|pg_sleep|dbms_pipe\.receive_message|updatexml|extractvalue|name_const|gtid_subset|load_file|utl_http\.request|utl_inaddr\.get_host_address|dbms_lock\.sleep|randomblob)\s{0,4}\(|"
        r"\bwaitfor\s{1,4}(?:delay|time)\s{1,4}'|\binto\s{1,4}(?:out|dump)file\b|"
        r"information_schema\.(?:tables|columns|schemata|processlist)|\bselect\s{1,4}@@version\b|\bxp_(?:cmdshell|dirtree|fileexist)\b|"
        r"\bfrom\s{1,4}(?:sqlite_master|all_tables|all_tab_columns|sysobjects|syscolumns|pg_shadow|mysql\.user|sys\.sql_logins|syscat\.\w{1,20}|sysibm\.\w{1,20})\b|"
        r"'\s{0,4}(?:--[\s+-]|/\*)|[\w)]'#|\border\s{1,4}by\s{1,4}\d{1,3}\s{0,4}(?:--|#)|;\s{0,4}(?:drop|shutdown|exec|declare)\s{1,4}|"
        r"\bconcat(?:_ws)?\s{0,2}\(\s{0,2}0x[0-9a-f]{2,16}|\bsqlmap(?:\.py)?\s{1,4}-",
        code_only=True,
    ),
    _f(
        "nosqli",
        "NoSQL injection",
        "NoSQL 注入",
        r"\[\$(?:ne|gt|lt|gte|lte|regex|nin|in|exists|where|eq|expr)\]|"
        r"[{,]\s{0,4}[\"']?\$(?:ne|gt|lt|gte|regex|where|nin|expr|function)[\"']?\s{0,2}:|"
        r"['\"]\s{0,2}(?:\|\||&&)\s{0,2}['\"]?\w{0,10}['\"]?\s{0,2}={2,3}\s{0,2}['\"]|;\s{0,2}return\s{1,4}(?:true|1)\s{0,2};",
        code_only=True,
    ),
    _f(
        "xpath",
        "XPath injection",
        "XPath 注入",
        r"(?i)'\s{0,2}or\s{1,4}(?:true\(\)|'1'\s{0,2}=\s{0,2}'1|1\s{0,2}=\s{0,2}1\s{1,4}or\s{1,4}'')|"
        r"\b(?:string-length|substring|count)\s{0,2}\(\s{0,2}(?:name\s{0,2}\(\s{0,2})?/\*|"
        r"'\s{0,2}\]\s{0,2}\|\s{0,2}//\*|\bdoc(?:-available)?\s{0,2}\(\s{0,2}concat\s{0,2}\(",
        code_only=True,
    ),
    _f(
        "ldapi",
        "LDAP injection",
        "LDAP 注入",
        r"\*\)\s{0,2}\(\s{0,2}[|&!]|\)\s{0,2}\(\s{0,2}\|\s{0,2}\(\s{0,2}\w{1,30}=\*|\*\)\)\s{0,2}(?:%00|\x00|\(\|)",
        code_only=True,
    ),
    _f(
        "xss",
        "cross-site scripting",
        "跨站脚本（XSS）",
        r"(?i)<script[^>\n]{0,40}>[^<\n]{0,80}\b(?:alert|prompt|confirm|document\.cookie|fetch|eval)\b|"
        r"\bon(?:error|load|mouseover|focus|focusin|click|toggle|animationstart|animationend|transitionend|pageshow|begin|start|end|popstate|hashchange|message|pointerover|mouseenter|auxclick|beforetoggle|scroll|resize|wheel|input|blur|keydown)\s{0,2}=\s{0,2}['\"]?[^\n]{0,60}\b(?:alert|prompt|confirm|eval|document\.cookie|fetch|atob|import|location)\b|"
        r"(?:java|vb)script\s{0,2}:\s{0,2}(?:alert|prompt|confirm|eval|fetch|document)\b|<svg[/\s]{1,4}onload\b|"
        r"\b(?:alert|prompt|confirm)\s{0,2}(?:\(|`)\s{0,2}(?:1|`|'xss'|\"xss\"|/xss/|document\.(?:domain|cookie)|window\.origin)|"
        r"\bString\.fromCharCode\s{0,2}\(\s{0,2}\d{2,3}\s{0,2},|&#x?0{0,6}(?:106|6a);&#x?0{0,6}(?:97|61);|"
        r"\\u00?3cscript|%3cscript|<scr<script>|\beval\s{0,2}\(\s{0,2}atob\s{0,2}\(",
    ),
    _f(
        "ssti",
        "template injection",
        "模板注入",
        r"\{\{\s{0,2}[^}\n]{0,80}(?:__class__|__globals__|__subclasses__|__builtins__|__import__|__init__|__mro__|config\.items|lipsum|cycler|joiner|namespace\.__|request\.application|_TemplateReference__context)\b|"
        r"\{\{\s{0,2}7\s{0,2}\*\s{0,2}['\"]?7|\$\{\s{0,2}7\s{0,2}\*\s{0,2}7\s{0,2}\}|<%=\s{0,2}7\s{0,2}\*\s{0,2}7\s{0,2}%>|"
        r"[#*@$]\{\s{0,2}7\s{0,2}\*\s{0,2}7\s{0,2}\}|\$\{\{\s{0,2}7\s{0,2}\*|@\(\s{0,2}7\s{0,2}\*\s{0,2}7\s{0,2}\)|\{\{=\s{0,2}7\s{0,2}\*|"
        r"freemarker\.template\.utility\.(?:Execute|ObjectConstructor|JythonRuntime)|\?new\(\)\s{0,2}\(|"
        r"_self\.env\.(?:registerUndefinedFilterCallback|getFilter)|\|\s{0,2}(?:filter|map|sort|reduce)\s{0,2}\(\s{0,2}['\"](?:system|passthru|exec|shell_exec)['\"]|"
        r"\{(?:php|system|exec)\b[^}\n]{0,40}\}|<%=?\s{0,2}(?:system|`|exec|IO\.popen|%x|File\.open)\b|"
        r"\$class\.inspect\s{0,2}\(|#set\s{0,2}\(\s{0,2}\$\w{1,20}\s{0,2}=\s{0,2}[^)\n]{0,60}(?:getClass|forName|Runtime)|"
        r"\{\{#with\s{1,4}['\"][^'\"\n]{0,20}['\"]\s{1,4}as\s{1,4}\|",
    ),
    _f(
        "el",
        "expression-language injection (OGNL, EL, SpEL, MVEL)",
        "表达式注入（OGNL、EL、SpEL、MVEL）",
        r"@java\.lang\.(?:Runtime|ProcessBuilder|System|Class)@|#_memberAccess|@ognl\.OgnlContext@|"
        r"\(#(?:context|_memberAccess|dm|ct|cmd|iswin|cmds|p|process|ros|container|ognlUtil)\b|%\{\s{0,2}\(?#|"
        r"T\s{0,2}\(\s{0,2}java\.lang\.(?:Runtime|ProcessBuilder|System|Class)\s{0,2}\)|"
        r"new\s{1,4}java\.lang\.ProcessBuilder\b|\.getClass\(\)\.forName\s{0,2}\(|"
        r"(?:''|\"\")\.class\.forName\s{0,2}\(|\bClass\.forName\s{0,2}\(\s{0,2}['\"]java\.lang\.Runtime|"
        r"\$\{\s{0,2}(?:pageContext|applicationScope|header|param|initParam|facesContext)\b[^}\n]{0,60}(?:getClass|forName|Runtime|exec)|"
        r"\bgetRuntime\(\)\s{0,2}\.\s{0,2}exec\s{0,2}\(|javax\.script\.ScriptEngineManager",
    ),
    _f(
        "angular",
        "client-side template (Angular) sandbox escape",
        "客户端模板（Angular）沙箱逃逸",
        r"\bconstructor\.constructor\s{0,2}\(|\bconstructor\s{0,2}\[\s{0,2}['\"]constructor['\"]|"
        r"\{\{\s{0,2}\$(?:on|eval|new|parent|root)\b[^}\n]{0,60}(?:constructor|alert|eval)|"
        r"\bcharAt\s{0,2}=\s{0,2}\[\]\.join|\bng-focus\s{0,2}=\s{0,2}['\"]?\$event|\$event\.(?:path|composedPath)\b[^\n]{0,40}alert",
    ),
    _f(
        "cmdi",
        "command or code injection",
        "命令或代码注入",
        r"(?m)(?:;|\|\|?|&&|%0a|%0A)\s{0,2}(?:id|whoami|uname\s{1,3}-a|cat\s{1,3}/etc/passwd|sleep\s{1,3}\d{1,3}|ping\s{1,3}-[cn]\s{1,3}\d)(?:$|[\s;|&'\")#])|"
        r"\$\(\s{0,2}(?:id|whoami|uname|cat\s|curl\s|wget\s|sleep\s|nslookup\s)|[=;|(]\s{0,2}`\s{0,2}(?:id|whoami|uname|curl|wget|sleep|nslookup)\b[^`\n]{0,60}`|"
        r"\$\{IFS\}|\bchild_process['\"]?\s{0,2}\)\s{0,2}\.\s{0,2}(?:exec|execSync|spawn|spawnSync|execFile)\s{0,2}\(|"
        r"\bprocess\.mainModule\b|\bprocess\.binding\s{0,2}\(|require\s{0,2}\(\s{0,2}['\"]child_process['\"]\s{0,2}\)\s{0,2}\.|"
        r"\b(?:os\.(?:system|popen)|subprocess\.(?:Popen|call|check_output|run)|__import__\s{0,2}\(\s{0,2}['\"](?:os|subprocess)['\"]\s{0,2}\)\.\w{1,12})\s{0,2}\(\s{0,2}['\"]|"
        r"\b(?:system|passthru|shell_exec|exec|popen|proc_open|pcntl_exec)\s{0,2}\(\s{0,2}['\"](?:id|whoami|ls|cat\s|uname|nc\s|bash|sh\s|/bin/|curl|wget|ping|calc|cmd)|"
        r"\bRuntime\.getRuntime\(\)\.exec\s{0,2}\(|<!--#exec\s{1,4}cmd\s{0,2}=|<esi:include\s{1,4}src\s{0,2}=",
        code_only=True,
    ),
    _f(
        "deser",
        "deserialization gadget",
        "反序列化利用链",
        r"\brO0AB[A-Za-z0-9+/]{20,200}|\baced0005[0-9a-fA-F]{16,200}|\bO:\d{1,4}:\"[A-Za-z_\\][\w\\]{0,100}\":\d{1,4}:\{|"
        r"!!python/object/(?:apply|new):|\bAAEAAAD/////|\"\$type\"\s{0,2}:\s{0,2}\"System\.(?:Windows\.Data\.ObjectDataProvider|Diagnostics\.Process)|"
        r"[\"']@type[\"']\s{0,2}:\s{0,2}[\"'](?:com\.sun\.rowset\.JdbcRowSetImpl|org\.apache\.commons\.|com\.mchange\.v2\.c3p0\.|org\.apache\.xbean\.|br\.com\.anteros\.)|"
        r"_\$\$ND_FUNC\$\$_|\bc(?:os|posix|nt|subprocess|builtins)\n(?:system|popen|check_output|eval|exec)\b|"
        r"!!javax\.script\.ScriptEngineManager|!ruby/(?:object|hash):(?:Gem::|ActiveSupport|ERB)|"
        r"\bysoserial(?:\.exe|\.jar|-all\.jar)?\b[^\n]{0,60}(?:-g\s|-p\s|CommonsCollections|CommonsBeanutils|URLDNS|Jdk7u21|Groovy|Spring|TypeConfuseDelegate|ObjectDataProvider|TextFormattingRunProperties)|"
        r"\bphpggc\s{1,4}[\w-]{0,40}/\w|\bmarshalsec\.\w|\bphar://|TextFormattingRunProperties|\bdef\s{1,4}__reduce__\s{0,2}\(",
    ),
    _f(
        "jndi",
        "JNDI lookup injection",
        "JNDI 注入",
        r"(?i)\$\{\s{0,2}jndi\s{0,2}:\s{0,2}(?:ldaps?|rmi|dns|iiop|corba|nds|nis|https?)://|"
        r"\$\{\s{0,4}\$\{\s{0,4}(?:lower|upper|::-|env|sys|date)[^}\n]{0,30}\}|\$\{(?:lower|upper):[jJ]\}",
    ),
    _f(
        "smuggling",
        "HTTP request smuggling",
        "HTTP 请求走私",
        r"(?im)^\s{0,4}transfer-encoding\s{0,4}:\s{0,4}[^\n]{0,20}chunked|^\s{0,4}transfer-encoding\s{0,4}:\s{0,4}x|^[ \t]{1,4}transfer-encoding\s{0,2}:",
        code_only=True,
        needs=r"(?im)^\s{0,4}content-length\s{0,4}:\s{0,4}\d",
        per_block=True,
    ),
    _f(
        "ssrf",
        "server-side request forgery to internal or metadata endpoints",
        "指向内部或元数据端点的服务端请求伪造（SSRF）",
        r"(?i)\b169\.254\.169\.254\b|\bmetadata\.google\.internal\b|\b100\.100\.100\.200\b|\b169\.254\.170\.2\b|\[fd00:ec2::254\]|"
        r"/latest/(?:meta-data|user-data|api/token)\b|/computeMetadata/v1\b|/metadata/(?:instance|identity)\?api-version|"
        r"\b(?:gopher|dict|ldap|tftp|jar|netdoc)://[^\s'\"<>]{1,200}|\bfile:///(?:etc|proc|c:|windows)\b|"
        r"\bhttps?://(?:0x7f[0-9a-f.]{0,12}|0177\.[0-7.]{1,12}|2130706433|017700000001|127\.1(?:[:/]|$)|0\.0\.0\.0|\[::(?:1|ffff:[0-9a-f.:]{1,20})?\])|"
        r"\bhttps?://[\w.-]{0,40}@(?:127\.|localhost|169\.254)|\blocaltest\.me\b|\b127\.0\.0\.1\.nip\.io\b",
        code_only=True,
    ),
    _f(
        "traversal",
        "path traversal or file inclusion",
        "路径遍历或文件包含",
        r"(?i)(?:\.\./|\.\.\\){2,12}(?:etc[/\\](?:passwd|shadow|hosts|issue|group)|windows[/\\]win\.ini|boot\.ini|proc[/\\]self|"
        r"web-inf[/\\]|wp-config\.php|\.ssh[/\\]|\.env\b|\.htpasswd|windows[/\\]system32|var[/\\]log)|"
        r"(?:\.\.\.\.//){2,12}|(?:\.\.\.\.\\\\){2,12}|(?:%2e%2e(?:%2f|/|%5c)){2,12}|(?:\.\.(?:%2f|%5c|%252f|%c0%af|%c1%9c|%u2215|%ef%bc%8f)){1,12}|%252e%252e|%uff0e|\.\.;/|"
        r"/etc/passwd%00|\bphp://(?:filter|input|fd|memory)\b|\b(?:data|expect|zip|compress\.zlib|glob)://[\w/+;=.,-]{1,80}",
        code_only=True,
    ),
    _f(
        "csv",
        "spreadsheet formula injection",
        "电子表格公式注入（CSV 注入）",
        r"(?i)(?:^|[\s\"'`,;|])[=+@-][\w\s+-]{0,20}(?:cmd|msexcel|mspaint|powershell)\s{0,2}\|\s{0,2}['\"]|"
        r"(?:^|[\s\"'`,;|])=\s{0,2}(?:hyperlink|importxml|importdata|importfeed|importhtml|importrange|webservice|image)\s{0,2}\(\s{0,2}['\"]?(?:https?://|concat|\")|"
        r"(?:^|[\s\"'`,;|])[=+@-]\s{0,2}dde\s{0,2}\(",
    ),
    _f(
        "jwt",
        "JSON Web Token forgery",
        "JSON Web Token（JWT）伪造",
        r"(?i)[\"']alg[\"']\s{0,2}:\s{0,2}[\"']none[\"']|\balg\s{0,2}[:=]\s{0,2}none\b|\beyJhbGciOiJub25l|\beyJ0eXAiOiJKV1QiLCJhbGciOiJub25l|"
        r"[\"'](?:kid|jku|x5u)[\"']\s{0,2}:\s{0,2}[\"'][^\"'\n]{0,80}(?:\.\./|https?://|['|;]|/dev/null)|"
        r"\bjwt_tool(?:\.py)?\s{1,4}\S|\bhashcat\s{1,4}[^\n]{0,40}-m\s{0,2}16500\b|\bjwt\.(?:encode|sign)\s{0,2}\([^\n]{0,120}(?:public|\.pem|algorithm\s{0,2}=\s{0,2}['\"]HS256)",
    ),
    _f(
        "clickjacking",
        "clickjacking or tabnabbing proof of concept",
        "点击劫持或标签页劫持（tabnabbing）概念验证",
        r"(?i)<iframe\b[^>\n]{0,200}(?:opacity\s{0,2}:\s{0,2}0(?:\.\d{1,3})?\b|filter\s{0,2}:\s{0,2}alpha|z-index\s{0,2}:\s{0,2}-)|"
        r"(?:^|[\s{;])opacity\s{0,2}:\s{0,2}0(?:\.0{1,3}1?)?\s{0,2};[^\n]{0,120}(?:iframe|z-index)|"
        r"\bwindow\.opener\.location(?:\.(?:replace|assign|href))?\s{0,2}(?:=|\()|\bopener\.location\s{0,2}=",
        per_block=True,
    ),
    _f(
        "scm",
        "exposed source-control metadata retrieval",
        "源代码管理元数据泄露利用",
        r"(?i)/\.(?:git|svn|bzr|hg)/(?:HEAD|config|index|logs|objects|refs|entries|wc\.db|branch(?:-format)?|checkout|repository|store|dirstate|branch\.conf)\b|"
        r"\b(?:checkout/dirstate|branch/last-revision|repository/pack-names|\.svn/(?:entries|wc\.db|pristine)|\.hg/(?:store|dirstate|requires))\b|"
        r"\b(?:git-dumper|gitdumper(?:\.sh)?|gitextractor(?:\.sh)?|GitTools|DVCS-Pillage|dvcs-ripper|rip-(?:git|svn|bzr|hg)\.pl|svn-extractor|GitHack|git-dump)\b",
        code_only=True,
    ),
    _f(
        "zipslip",
        "archive path traversal (zip slip)",
        "压缩包路径遍历（zip slip）",
        r"(?i)\bevilarc(?:\.py)?\b|\bslipit\b|\bzip\s{1,4}(?:-\w{1,4}\s{1,4}){0,3}--symlinks\b|"
        r"\b(?:zip|tar|jar|7z)\s{1,4}[^\n]{0,80}\s(?:\.\./){2,12}[\w./-]{0,80}|"
        r"\b(?:zipfile\.ZipFile|ZipOutputStream|tarfile\.open)\b[^\n]{0,120}(?:\.\./){2,12}|\b(?:writestr|putNextEntry|ZipEntry|arcname\s{0,2}=)\s{0,2}\(?\s{0,2}['\"](?:\.\./){2,12}",
    ),
    _f(
        "graphql",
        "GraphQL introspection or injection",
        "GraphQL 内省或注入",
        r"\b__schema\s{0,2}\{|\b__type\s{0,2}\(\s{0,2}name\s{0,2}:|\bIntrospectionQuery\b|\{\s{0,2}__typename\s{0,2}\}|"
        r"\b(?:graphw00f|InQL|clairvoyance|GraphQLmap|graphql-cop|CrackQL|BatchQL)\b|\[\s{0,2}\{\s{0,2}\"query\"\s{0,2}:",
        per_block=True,
    ),
    _f(
        "xxe",
        "XML external entity injection",
        "XML 外部实体注入（XXE）",
        r"<!ENTITY\s{1,4}(?:%\s{1,4})?[\w.-]{1,40}\s{1,4}(?:SYSTEM|PUBLIC)\b|<xi:include\b[^>\n]{0,120}\bhref\s{0,2}=|<!ENTITY\s{1,4}[\w.-]{1,40}\s{1,4}['\"](?:&[\w.-]{1,40};){3}",
        per_block=True,
    ),
    _f(
        "csrf",
        "cross-site request forgery proof of concept",
        "跨站请求伪造（CSRF）概念验证",
        r"(?i)\bdocument\.(?:forms\s{0,2}\[\s{0,2}\d{1,2}\s{0,2}\]|getElementById\s{0,2}\(\s{0,2}['\"][\w-]{1,40}['\"]\s{0,2}\)|\w{1,40})\.submit\s{0,2}\(\s{0,2}\)|"
        r"<form\b[^>\n]{0,200}\benctype\s{0,2}=\s{0,2}['\"]text/plain['\"]",
        per_block=True,
    ),
    _f(
        "cssi",
        "CSS injection data exfiltration",
        "CSS 注入数据窃取",
        r"(?i)\[\s{0,2}value\s{0,2}[\^$*]?=\s{0,2}['\"]?[^\]\n]{0,40}\]\s{0,2}(?:\+\s{0,2}\w{1,20}\s{0,2})?\{?\s{0,2}[^}\n]{0,80}\b(?:background(?:-image)?|list-style-image|border-image|content)\s{0,2}:\s{0,2}url\s{0,2}\(|"
        r"@import\s{1,4}url\s{0,2}\(\s{0,2}['\"]?(?:https?:)?//[^)\n]{0,120}[?&]\w{1,20}=|\bunicode-range\s{0,2}:\s{0,2}U\+[0-9a-f]{2,6}\s{0,2};[^\n]{0,120}url\s{0,2}\(",
        code_only=True,
    ),
    _f(
        "proto",
        "prototype pollution",
        "原型污染",
        r"\b__proto__\s{0,2}(?:\[|\]\[|\.\w{1,40}\s{0,2}=|['\"]?\s{0,2}:)|[\"']__proto__[\"']\s{0,2}:|\bconstructor\s{0,2}\[\s{0,2}prototype\s{0,2}\]|\bconstructor\.prototype\.\w{1,40}\s{0,2}=",
        code_only=True,
    ),
    _f(
        "upload",
        "malicious upload file",
        "恶意上传文件",
        r"(?i)GIF8[79]a\s{0,4};?\s{0,4}<\?|\bAdd(?:Type|Handler)\s{1,4}(?:application/x-httpd-php|[\w-]{0,20}php|cgi-script|server-parsed)\b|"
        r"\.(?:php[3-7s]?|phtml|phar|pht|aspx?|jspx?|cer|asa)(?:%00|%20|\\x00|::\$DATA|\.{1,2}|;)\.?(?:jpe?g|png|gif|txt)?\b|"
        r"\bfilename\s{0,2}=\s{0,2}[\"'][^\"'\n]{0,60}\.(?:php[3-7s]?|phtml|phar|jspx?|aspx?)[\"']|<\?php\s{0,4}(?:system|passthru|echo\s{1,4}shell_exec|eval|@eval)\s{0,2}\(",
        code_only=True,
    ),
    _f(
        "redirect",
        "open redirect",
        "开放重定向",
        r"(?i)[?&](?:redirect(?:_uri|_url|to)?|url|next|return(?:to|url|_to)?|goto|dest(?:ination)?|redir|continue|target|out|forward|callback|checkout_url)="
        r"(?:https?:|https?%3a)?(?://|%2f%2f|\\\\|%5c%5c|/\\|/%5c|%09/|/%09/|https?://[\w.-]{0,40}@)",
        code_only=True,
    ),
    _f(
        "crlf",
        "CRLF and header injection",
        "CRLF 与响应头注入",
        r"(?i)%0d%0a\s{0,2}(?:set-cookie|location|content-|x-|%0d%0a)|%0d%0a%20|%e5%98%8a%e5%98%8d|\\r\\n\s{0,2}set-cookie\s{0,2}:",
    ),
    _f(
        "typejuggling",
        "magic-hash type juggling",
        "魔术哈希类型混淆",
        r"\b0e\d{20,60}\b",
        code_only=True,
    ),
    _f(
        "ormleak",
        "ORM filter leak",
        "ORM 过滤器泄露",
        r"(?i)\b(?:password|passwd|secret|token|hash|api_key|otp|reset_key)__(?:startswith|istartswith|contains|icontains|regex|iregex|gt|gte|lt|lte|endswith)\b|"
        r"[\"'](?:password|passwordHash|resetToken|secret)[\"']\s{0,2}:\s{0,2}\{\s{0,2}[\"'](?:startsWith|contains|gt|lt|endsWith)[\"']",
        code_only=True,
    ),
    _f(
        "redos",
        "catastrophic-backtracking regular expression (ReDoS) input",
        "引发灾难性回溯的正则表达式（ReDoS）输入",
        r"\((?:\\?[\w.]|\[[^\]\n]{1,20}\])[+*]\)[+*]|\((?:\\?[\w.]|\[[^\]\n]{1,20}\])\|(?:\\?[\w.]|\[[^\]\n]{1,20}\])\\?[\w.]?\)[+*]\$?",
        code_only=True,
    ),
    _f(
        "kernel",
        "kernel exploitation primitive",
        "内核漏洞利用原语",
        r"\bcommit_creds\s{0,2}\(\s{0,2}prepare_kernel_cred\b|\bmodprobe_path\b|\bcore_pattern\b[^\n]{0,40}\|/|\bret2usr\b|\bpipe_buffer\b[^\n]{0,60}(?:flags|ops)|"
        r"\bmsg_msg\b[^\n]{0,60}(?:spray|m_ts|next)|\bswapgs_restore_regs_and_return_to_usermode\b|\bnative_write_cr4\b|\bDirtyCred\b|\bdirty_?pipe\b[^\n]{0,60}splice",
    ),
    _f(
        "tool",
        "offensive tool run against a target",
        "针对目标运行的攻击工具",
        r"(?m)(?:^|[\s$#>/])(?:ffuf|gobuster|wfuzz|feroxbuster|dirsearch(?:\.py)?|arjun|x8|hydra|medusa|commix(?:\.py)?|tplmap(?:\.py)?|sstimap(?:\.py)?|xsstrike(?:\.py)?|dalfox|"
        r"nosqlmap(?:\.py)?|ssrfmap(?:\.py)?|gopherus(?:\.py)?|crlfuzz|smuggler(?:\.py)?|h2csmuggler(?:\.py)?|interactsh-client|rmg|beanshooter|"
        r"Blacklist3r|AspDotNetWrapper(?:\.exe)?|badsecrets|viewgen|nuclei|kiterunner|kr\s{1,4}scan|vhostscan|gau|waybackurls|qsreplace|crackmapexec|netexec|evil-winrm|"
        r"msfconsole|impacket-\w{2,30}|responder(?:\.py)?|mitm6|ntlmrelayx(?:\.py)?|xxeinjector|fuxploider(?:\.py)?|upload_bypass|ysoserial\.net|"
        r"guidtool|mongo-objectid-predict|php_mt_seed|untwister|randcrack|jexboss(?:\.py)?|clusterd|rogue-jndi|JNDIExploit|JNDI-Injection-Exploit|log4j-scan(?:\.py)?|turbo-intruder|param-miner|gf\s)\s{1,4}(?:-{1,2}[A-Za-z]|[a-z]{2,20}\s{1,4}-{1,2}[A-Za-z]|https?://|[0-9a-f]{8,})",
        code_only=True,
    ),
)

_BY_KEY = {f.key: f for f in FAMILIES}


class AttackInput(NamedTuple):
    offset: int  # character offset of the input in the text
    line: int  # 0-based line of the text the input is on
    family: Family


def family(key: str) -> Family:
    return _BY_KEY[key]


def attack_inputs(
    text: str, *, code: bool = True, families: Sequence[Family] = FAMILIES
) -> Iterator[AttackInput]:
    """Each line of ``text`` that carries an attack input, once per family: families in the
    order of ``FAMILIES``, lines in order within a family. ``code=False`` (prose) skips the
    families whose shapes also occur in ordinary prose. Linear in ``len(text)`` per family.
    """
    # Bytes: the RE2 wrapper resumes a search at a position in linear time only on bytes.
    data = text.encode()
    if families is FAMILIES and not _gate(code).search(data):
        return  # most texts: one pass of the union instead of one per family
    for fam in families:
        if fam.code_only and not code:
            continue
        if fam.needs is not None and fam.needs.search(data) is None:
            continue
        yield from _lines(fam, data)


# The union of the families' patterns needs a larger DFA than RE2's default budget (8 MiB),
# beyond which RE2 falls back to a slower matcher; it is still linear.
_GATE_MEMORY = 64 << 20


@cache
def _gate(code: bool) -> Any:
    """One RE2 pattern matching wherever a family that counts in ``code`` (or prose) would:
    exactly the union, each family's flags scoped to its own group."""
    options = re2.Options()
    options.max_mem = _GATE_MEMORY
    union = "|".join(f"(?:{f.pattern.pattern})" for f in FAMILIES if code or not f.code_only)
    return re2.compile(union, options)


def _lines(fam: Family, data: bytes) -> Iterator[AttackInput]:
    pattern = fam.pattern
    pos = 0
    line = 0
    chars = 0  # character offset of byte ``counted``
    counted = 0
    while pos <= len(data):
        match = pattern.search(data, pos)
        if match is None:
            return
        start = match.start()
        line += data.count(b"\n", counted, start)
        chars += len(data[counted:start].decode("utf-8", "replace"))
        counted = start
        yield AttackInput(chars, line, fam)
        newline = data.find(b"\n", match.end())
        if newline < 0:
            return
        pos = newline + 1
