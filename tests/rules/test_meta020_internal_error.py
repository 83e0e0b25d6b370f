"""META020 internal-error: a rule that raises fails its page closed (in-process)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

import pytest

from mkdocs_threatpub.core.context import Context, Settings
from mkdocs_threatpub.core.findings import Action, Finding, Verdict
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.rule import Rule, RuleDoc
from mkdocs_threatpub.pipeline.session import Session
from mkdocs_threatpub.rules import ALL_RULES

NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
SECRET = "uid=0(root) leaked-record-4111111111111111"
PAGE = b"---\ntitle: Notes\nthreatpub:\n  kind: general\n---\n\nText.\n"
DOC = RuleDoc("what", "why", "source", "how", "example")


def _raise_now(page: Page, context: Context) -> Iterator[Finding]:
    raise ValueError(f"could not parse {SECRET}")


def _raise_lazily(page: Page, context: Context) -> Iterator[Finding]:
    yield Finding("TEST902", 1, "a finding before the crash")
    raise KeyError(SECRET)


def _rule(code: str, check: object, action: Action = Action.WARN) -> Rule:
    return Rule(code, f"test-{code.lower()}", "tests", action, "a test rule", DOC, check)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rules", "code"),
    [
        ((*ALL_RULES, _rule("TEST901", _raise_now)), "TEST901"),
        ((*ALL_RULES, _rule("TEST902", _raise_lazily)), "TEST902"),
        # A custom list without the engine's own rules still fails closed, never raises.
        ((_rule("TEST901", _raise_now),), "TEST901"),
    ],
    ids=["raises", "raises-mid-iteration", "minimal-rule-list"],
)
def test_raising_rule_fails_the_page(rules: tuple[Rule, ...], code: str) -> None:
    """Verdict fail with META020 naming the rule; the exception text is never reported."""
    session = Session(Settings(), NOW, rules=rules)
    judgement = session.judge("advisories/x.md", PAGE)
    assert judgement.verdict is Verdict.FAIL
    errors = [f for f in judgement.findings if f.code == "META020"]
    assert len(errors) == 1
    finding = errors[0].finding
    assert errors[0].action is Action.FAIL
    assert code in finding.message
    for text in (finding.message, finding.expected, finding.found, finding.fix):
        assert SECRET not in text
        assert "leaked-record" not in text


def test_rule_that_is_off_is_not_run() -> None:
    """Near miss: a raising rule switched off in the site's `rules:` is never called."""
    rule = _rule("TEST901", _raise_now)
    session = Session(Settings(rules={"TEST901": "off"}), NOW, rules=(*ALL_RULES, rule))
    judgement = session.judge("notes.md", PAGE)
    assert judgement.verdict is Verdict.PUBLISH
    assert judgement.findings == []


_NOISE = random.Random(20261123)
GARBAGE: list[bytes] = [
    b"",
    b"\x00\x01\x02\xff\xfe\xfd",
    b"\xef\xbb\xbf",
    b"---",
    b"---\n",
    b"---\n---",
    b"---\n\x00\x00\n---\n",
    b"---\n" + b"[" * 5000 + b"\n---\n",
    b"---\nthreatpub: " + b"[" * 3000 + b"]" * 3000 + b"\n---\n",
    b"---\nthreatpub: &a [*a]\n---\n",
    b"---\nthreatpub:\n  kind: !!python/object/apply:os.system ['true']\n---\n",
    b"---\n? [a, b]\n: c\nthreatpub: {kind: general}\n---\n",
    b"---\n1: 2\nthreatpub:\n  1: x\n  notifications: [[], {}, 3]\n---\n",
    b"---\nthreatpub:\n  published: 9999-12-31T23:59:59-23:59\n---\n",
    b"---\nthreatpub:\n  published: 0001-01-01T00:00:00+14:00\n---\n",
    b"---\ntitle: \xe9\n---\n",
    b"\r\n---\r\nthreatpub:\r\n\tkind: general\r\n---\r\n",
    _NOISE.randbytes(4096),
    b"---\n" + _NOISE.randbytes(2048) + b"\n---\n",
]


@pytest.mark.parametrize("raw", GARBAGE, ids=[f"garbage-{i}" for i in range(len(GARBAGE))])
def test_judge_never_raises_on_garbage(raw: bytes) -> None:
    """`Session.judge` returns a judgement for any bytes; undecodable pages fail."""
    session = Session(Settings(), NOW)
    judgement = session.judge("advisories/garbage.md", raw)
    assert isinstance(judgement.verdict, Verdict)
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        assert judgement.verdict is Verdict.FAIL
        assert "META001" in judgement.codes
    if raw.startswith(b"---\n") and b"threatpub" in raw:
        # Every such sample is malformed: its block is never published unchecked.
        assert judgement.verdict is not Verdict.PUBLISH
