"""MIIT092 in-use-system-details (MIIT Art. 9(2)): a page about an operator's system in use
carries no technical detail: no fenced code block, nothing the attack and network-detail
detectors find (CAC401–CAC403, CAC405, CAC406). One finding per line; never the content."""

from __future__ import annotations

import json
from pathlib import Path

from tests.rules.helpers import check, line_of

MIIT = {"profiles": ["miit-2021"]}

TARGET = (
    "  target:\n    operator: Example Metro Co.\n    system: ticketing back office\n"
    "  repair: {status: fixed, date: 2026-11-10, reference: config change}\n"
)


def page(body: str, target: bool = True) -> str:
    meta = TARGET if target else "  repair: {status: fixed, date: 2026-11-10}\n"
    return (
        f"---\ntitle: Exposed debug interface\nthreatpub:\n  kind: vulnerability\n{meta}---\n\n"
        f"# Exposed debug interface\n\n{body}\n## Remediation\n\nThe operator disabled it.\n"
    )


CODE = page(
    "The request below reached the debug interface:\n\n"
    "```http\nGET /debug/config HTTP/1.1\nHost: tickets.example-metro.cn\n```\n\n"
    "It answered with its configuration.\n"
)
# Internal host names in prose (CAC405) and a code block: each line is reported.
NAMES = page(
    "From ws-114.metro.corp the intruder reached backup01.metro.corp.\n\n"
    "~~~\nshow running-config\n~~~\n"
)
# A fence inside a list item is a fenced code block like any other (CommonMark): reported
# at its first line, with its language.
LISTED = page("1. Send this:\n\n    ```text\n    debug=1\n    ```\n")
# In an admonition's indented body a fence is a fence too (CommonMark alone would read the
# whole indented block as code).
ADMONITION = page('!!! note "The request"\n\n    Send this:\n\n    ```text\n    debug=1\n    ```\n')
# A lone internal address is a weak CAC405 hit: the line is reported as a warning.
LONE = page("The back office in the screenshot uses 10.1.1.23.\n")
WORDS = page(
    "A debug interface of the back office was reachable without authentication and showed "
    "the system's configuration. The `ticketing` service 4.2 was affected.\n"
)


def test_code_blocks_and_detector_hits_hold_each_line(tmp_path: Path) -> None:
    run = check(
        tmp_path,
        {
            "code.md": CODE,
            "names.md": NAMES,
            "listed.md": LISTED,
            "admonition.md": ADMONITION,
            "lone.md": LONE,
            "words.md": WORDS,
        },
        options=MIIT,
    )
    code = run.page("code.md")
    assert code.verdict == "hold"
    finding = code.one("MIIT092")
    assert finding["line"] == line_of(CODE, "GET /debug")  # the block's first line
    assert finding["action"] == "hold"
    assert finding["found"] == "a http code block"
    assert finding["key"] == "threatpub.target"
    assert "Example Metro Co. / ticketing back office" in finding["message"]

    names = run.page("names.md")
    assert names.verdict == "hold"
    lines = [f["line"] for f in names.all("MIIT092")]
    assert lines == [line_of(NAMES, "From ws-114"), line_of(NAMES, "show running")]
    first, block = names.all("MIIT092")
    # Two host names on one line: one finding, described once.
    assert first["found"] == "internal host name (one of 2 on the page) in prose"
    assert block["found"] == "a code block"

    for name, text in (("listed.md", LISTED), ("admonition.md", ADMONITION)):
        (fenced,) = run.page(name).all("MIIT092")
        assert fenced["line"] == line_of(text, "debug=1"), name
        assert fenced["found"] == "a text code block", name

    lone = run.page("lone.md")
    assert lone.verdict == "publish"
    assert lone.one("MIIT092")["action"] == "warn"

    assert run.page("words.md").findings == []

    # Reports describe what is there, never the content.
    report = json.dumps(run.report)
    for secret in ("/debug/config", "tickets.example-metro", "ws-114", "backup01", "10.1.1.23"):
        assert secret not in report


def test_without_a_target_the_rule_is_silent(tmp_path: Path) -> None:
    product = page("```http\nGET /debug HTTP/1.1\n```\n", target=False)
    run = check(tmp_path, {"product.md": product}, options=MIIT)
    assert run.page("product.md").findings == []


def test_an_allow_cannot_accept_it(tmp_path: Path) -> None:
    """Article 9(2) has no exception: an inline allow naming MIIT092 is an invalid value."""
    body = (
        '<!-- threatpub: allow MIIT092 reason="we think it is fine" -->\n'
        "```http\nGET /debug HTTP/1.1\n```\n"
    )
    run = check(tmp_path, {"allowed.md": page(body)}, options=MIIT)
    result = run.page("allowed.md")
    assert result.verdict == "fail"
    assert sorted(set(result.codes)) == ["META003", "MIIT092"]
