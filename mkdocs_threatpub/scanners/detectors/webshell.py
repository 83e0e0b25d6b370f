"""Webshells: server-side code that runs whatever a request carries.

- PHP: ``eval``/``assert``/``system``/``passthru`` … called directly on ``$_POST[…]``,
  ``$_GET[…]``, ``$_REQUEST[…]`` or ``$_COOKIE[…]`` (optionally through a decoder such as
  ``base64_decode``), ``$_GET[a]($_GET[b])`` dynamic calls, ``assert`` handed to
  ``array_map``/``call_user_func`` with request input, ``preg_replace`` with ``/e``, and
  backtick execution of request input (the China Chopper family of one-liners);
  ``php://input`` fed to ``eval`` in one code block (encrypted shells such as Behinder).
- JSP: ``Runtime.getRuntime().exec`` or ``ProcessBuilder`` on ``request.getParameter``;
  a class loader defining classes from a decrypted request body.
- ASP/ASPX: ``eval(Request.Item["…"])``, ``execute request("…")``; ``Process.Start`` of
  ``cmd.exe`` with request input in one code block.
- Node: ``child_process`` ``exec`` on ``req.query``/``req.body``.

Escaped or sanitised input (``escapeshellarg``, ``htmlspecialchars``), request input that is
only printed, and input concatenated into a fixed command (``'ping ' . $_GET['ip']``: command
injection, a vulnerability an advisory may show) are not webshells. Every match is decisive: a one-liner is the whole tool.
"""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.lazy import lazy_re2
from mkdocs_threatpub.scanners.base import Hit, hit
from mkdocs_threatpub.scanners.document import Document, View

__all__ = ["DETECTOR", "Webshell"]

_INPUT = r"\$_(?:POST|GET|REQUEST|COOKIE|SERVER)\s{0,3}\["
_DECODER = r"(?:base64_decode|gzinflate|gzuncompress|gzdecode|str_rot13|stripslashes|urldecode|rawurldecode|hex2bin|trim)\s{0,3}\(\s{0,3}@?"
_EXEC_FN = (
    r"(?:eval|assert|system|exec|shell_exec|passthru|popen|proc_open|pcntl_exec|create_function)"
)

_PATTERNS = [
    (
        lazy_re2(rf"(?i)\b{_EXEC_FN}\s{{0,5}}\(\s{{0,5}}@?(?:{_DECODER})?(?:{_DECODER})?{_INPUT}"),
        t("PHP webshell (request input executed)", "PHP Webshell（执行请求输入）"),
    ),
    (
        lazy_re2(rf"(?i){_INPUT}[^\]\n]{{1,40}}\]\s{{0,3}}\(\s{{0,3}}@?{_INPUT}"),
        t("PHP webshell (request-chosen function called)", "PHP Webshell（调用请求指定的函数）"),
    ),
    (
        lazy_re2(
            r"(?i)\b(?:array_map|call_user_func(?:_array)?|array_filter|usort|register_shutdown_function)\s{0,3}\(\s{0,3}['\"](?:assert|eval|system|exec|shell_exec|passthru)['\"]\s{0,3},\s{0,3}(?:array\s{0,3}\(\s{0,3}|\(\s{0,2}array\s{0,2}\)\s{0,3})?@?\$_(?:POST|GET|REQUEST|COOKIE)\b"
        ),
        t("PHP webshell (callback executes request input)", "PHP Webshell（回调函数执行请求输入）"),
    ),
    (
        lazy_re2(
            rf"(?i)\bpreg_replace\s{{0,3}}\(\s{{0,3}}['\"][^'\"\n]{{1,60}}/[a-z]{{0,5}}e[a-z]{{0,5}}['\"]\s{{0,3}},\s{{0,3}}@?{_INPUT}"
        ),
        t(
            "PHP webshell (preg_replace /e on request input)",
            "PHP Webshell（preg_replace /e 执行请求输入）",
        ),
    ),
    (
        lazy_re2(rf"`\s{{0,3}}@?{_INPUT}[^\]\n]{{1,40}}\]\s{{0,3}}`"),
        t("PHP webshell (request input run in backticks)", "PHP Webshell（反引号执行请求输入）"),
    ),
    (
        lazy_re2(
            r"(?i)\bRuntime\s{0,3}\.\s{0,3}getRuntime\s{0,3}\(\s{0,3}\)\s{0,3}\.\s{0,3}exec\s{0,3}\([^;\n]{0,120}\brequest\s{0,3}\.\s{0,3}get(?:Parameter|Header)\s{0,3}\("
        ),
        t("JSP webshell (request parameter executed)", "JSP Webshell（执行请求参数）"),
    ),
    (
        lazy_re2(
            r"(?i)\bnew\s{1,3}ProcessBuilder\s{0,3}\([^;\n]{0,120}\brequest\s{0,3}\.\s{0,3}get(?:Parameter|Header)\s{0,3}\("
        ),
        t("JSP webshell (request parameter executed)", "JSP Webshell（执行请求参数）"),
    ),
    (
        lazy_re2(
            r"(?is)\bString\s{1,3}(\w{1,30})\s{0,3}=\s{0,3}request\s{0,3}\.\s{0,3}getParameter\s{0,3}\([^;]{0,100};.{0,400}?\bRuntime\s{0,3}\.\s{0,3}getRuntime\s{0,3}\(\s{0,3}\)\s{0,3}\.\s{0,3}exec\s{0,3}\(\s{0,3}\w{1,30}\s{0,3}\)"
        ),
        t("JSP webshell (request parameter executed)", "JSP Webshell（执行请求参数）"),
    ),
    (
        lazy_re2(
            r"(?i)\b(?:eval|execute|executeglobal)\s{0,3}\(?\s{0,3}request\s{0,3}(?:\.\s{0,3}(?:item|form|querystring|params)\s{0,3})?[\[(]\s{0,3}[\"']"
        ),
        t("ASP webshell (request input evaluated)", "ASP Webshell（对请求输入求值执行）"),
    ),
    (
        lazy_re2(
            r"(?i)\bchild_process['\"]?\s{0,3}\)?\s{0,3}\.\s{0,3}exec(?:Sync)?\s{0,3}\(\s{0,3}req(?:uest)?\s{0,3}\.\s{0,3}(?:query|body|params)\b|\bexec(?:Sync)?\s{0,3}\(\s{0,3}req(?:uest)?\.(?:query|body|params)\s{0,3}[.\[]"
        ),
        t("Node.js webshell (request input executed)", "Node.js Webshell（执行请求输入）"),
    ),
]

# A literal every match of the pattern at the same index contains (lower case).
_GATES = (
    "$_",
    "$_",
    "$_",
    "$_",
    "$_",
    "getruntime",
    "processbuilder",
    "getruntime",
    "request",
    "exec",
)

# Combinations inside one code block.
_PHP_INPUT_STREAM = lazy_re2(r"(?i)php://input")
_PHP_EVAL = lazy_re2(r"(?i)\b(?:eval|assert)\s{0,3}\(")
_JSP_DEFINE = lazy_re2(r"\bdefineClass\s{0,3}\(")
_JSP_CIPHER = lazy_re2(r"\bCipher\s{0,3}\.\s{0,3}getInstance\s{0,3}\(")
_JSP_BODY = lazy_re2(r"\brequest\s{0,3}\.\s{0,3}(?:getReader|getInputStream|getParameter)\s{0,3}\(")
_ASPX_PROCESS = lazy_re2(
    r"(?i)\bProcess(?:StartInfo)?\b[^\n]{0,80}(?:\.Start\s{0,3}\(|\bFileName\b)"
)
_ASPX_CMD = lazy_re2(r"(?i)\bcmd(?:\.exe)?\b")
_ASPX_REQUEST = lazy_re2(
    r"\bRequest\s{0,3}(?:\.\s{0,3}(?:Form|QueryString|Params|Item)\s{0,3})?[\[(]"
)
_PHP_STREAM_EVAL = t("PHP webshell (request body evaluated)", "PHP Webshell（对请求体求值执行）")
_JSP_CLASS_LOADER = t("JSP webshell (encrypted class loader)", "JSP Webshell（加密类加载器）")
_ASPX_CMD_RUN = t(
    "ASP.NET webshell (request input run by cmd.exe)",
    "ASP.NET Webshell（通过 cmd.exe 执行请求输入）",
)

MAX_HITS = 200


class Webshell:
    name = "webshell"
    rule = "CAC402"
    keywords: tuple[str, ...] = (
        "$_post",
        "$_get",
        "$_request",
        "$_cookie",
        "$_server",
        "getparameter",
        "getheader",
        "request",
        "php://input",
        "defineclass",
        "req.query",
        "req.body",
        "req.params",
    )

    def scan(self, doc: Document) -> Iterator[Hit]:
        emitted = 0
        for view in doc.views:
            for found in self._scan_view(view):
                yield found
                emitted += 1
                if emitted >= MAX_HITS:
                    return

    def _scan_view(self, view: View) -> Iterator[Hit]:
        text = view.text
        lowered = text.lower()
        for (pattern, what), gate in zip(_PATTERNS, _GATES, strict=True):
            if gate not in lowered:  # the pattern's own literal: skips most views cheaply
                continue
            for match in pattern.finditer(text):
                yield hit(self, view, match.start(), what, match.group(0))
        if view.segment.kind != "code":
            return
        stream = _PHP_INPUT_STREAM.search(text)
        if stream is not None and _PHP_EVAL.search(text):
            yield hit(self, view, stream.start(), _PHP_STREAM_EVAL, "php-input-eval")
        define = _JSP_DEFINE.search(text)
        if define is not None and _JSP_CIPHER.search(text) and _JSP_BODY.search(text):
            yield hit(self, view, define.start(), _JSP_CLASS_LOADER, "jsp-define-class")
        process = _ASPX_PROCESS.search(text)
        if process is not None and _ASPX_CMD.search(text) and _ASPX_REQUEST.search(text):
            yield hit(self, view, process.start(), _ASPX_CMD_RUN, "aspx-process")


DETECTOR = Webshell()
