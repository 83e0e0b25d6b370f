"""Hostile input: whatever a page contains, judging it ends in a verdict, in bounded time.

Property-based (hypothesis) in-process through the same Session both adapters use, then
fixed adversarial pages through the real CLI and a real `mkdocs build`. A rule that raises
is caught by the engine and fails the page (META020 "rule … raised"); the properties assert
that this never happens, so any crash hypothesis finds is a bug to fix, not a verdict.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_threatpub.core.context import Settings
from mkdocs_threatpub.core.engine import Judgement
from mkdocs_threatpub.core.findings import Verdict
from mkdocs_threatpub.pipeline.session import Session
from tests.conftest import make_site, mkdocs, threatpub

NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
SECONDS_PER_PAGE = 5.0  # generous: DESIGN.md budgets 2 s for a 5 MB page
PROPERTY = settings(
    max_examples=150,
    deadline=None,  # time is asserted per page below, with a clearer message
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,  # the same examples on every run: CI does not flake
)

_SESSION = Session(Settings(include=("advisories/**",)), NOW)


def judged(raw: bytes, path: str = "advisories/page.md") -> Judgement:
    started = time.monotonic()
    judgement = _SESSION.judge(path, raw)
    elapsed = time.monotonic() - started
    assert elapsed < SECONDS_PER_PAGE, f"{len(raw):,} bytes took {elapsed:.1f} s"
    assert judgement.verdict in tuple(Verdict)
    crashes = [
        f.finding.message for f in judgement.findings
        if f.code == "META020" and " raised " in f.finding.message
    ]  # fmt: skip
    assert not crashes, crashes
    return judgement


# -- properties ----------------------------------------------------------------------------

# Pieces of Markdown that each steer the tokenizer or a detector somewhere.
TOKENS = [
    "\n", "\n\n", "---\n", "```", "```bash\n", "~~~", "    ", "> ", "- ", "1. ", "# ", "## ",
    "| a | b |\n", "|---|---|\n", "<!--", "-->", "`", "<pre><code>", "</code></pre>",
    "&#47;", "&amp;", "%2F", "%", "\\", "QUFBQUFB" * 8, "==", "=====\n", "10.0.0.5", "fd00::1",
    "bash -i >& /dev/tcp/", "nc -e /bin/sh", "eval($_POST[", "110101199003071234",
    "4111111111111111", "$6$salt$", "-----BEGIN RSA PRIVATE KEY-----", "root:x:0:0:",
    "预警", "漏洞复现", "ｅａｒｌｙ ｗａｒｎｉｎｇ", "\u200b", "\u202e", "\x00", "\ufeff",
    "<!-- threatpub: allow CAC402 reason=\"x\" -->", "threatpub:", "kind: vulnerability",
]  # fmt: skip

markdown_soup = st.lists(
    st.one_of(st.sampled_from(TOKENS), st.text(max_size=40)), max_size=120
).map("".join)


@PROPERTY
@given(raw=st.binary(max_size=4000))
def test_any_bytes_get_a_verdict(raw: bytes) -> None:
    judged(raw)


@PROPERTY
@given(body=markdown_soup, front=st.text(max_size=400))
def test_any_text_with_front_matter_fences_gets_a_verdict(body: str, front: str) -> None:
    judged(f"---\n{front}\n---\n{body}".encode(errors="surrogatepass"))


yaml_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
    st.text(max_size=30), st.dates().map(str), st.sampled_from(
        ["cac", "national", "received", "fixed", "vulnerability", "2026-11-01T10:00+08:00",
         "440300", "CN", "hold", "off", ""]
    ),
)  # fmt: skip
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(
                ["kind", "published", "target", "operator", "notifications", "authority",
                 "level", "date", "reference", "repair", "status", "allow", "rule", "reason",
                 "embargo_until", "region", "sector", "authorizations", "early_warning",
                 "jurisdiction", "classification", "title", "slug"]
            ), st.text(max_size=10)),
            children,
            max_size=5,
        ),
    ),
    max_leaves=30,
)  # fmt: skip


@PROPERTY
@given(block=yaml_values, title=yaml_scalars, body=markdown_soup)
def test_any_yaml_structure_gets_a_verdict(block: object, title: object, body: str) -> None:
    """Random (also wrongly typed) values in every place of the `threatpub:` block: schema
    errors are findings (META002/003/004), never crashes."""
    front = yaml.safe_dump({"title": title, "threatpub": block}, allow_unicode=True)
    judged(f"---\n{front}---\n{body}".encode(errors="surrogatepass"))


# -- fixed adversarial pages ---------------------------------------------------------------


def _alias_bomb(levels: int = 9) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]")
    return "\n".join(lines) + f"\nthreatpub:\n  kind: vulnerability\n  tags: *a{levels - 1}\n"


# name → (bytes, verdict, rule code expected or None, words its message must contain)
HOSTILE: dict[str, tuple[bytes, str, str | None, str]] = {
    "alias-bomb": (f"---\n{_alias_bomb()}---\n# Bomb\n".encode(), "fail", "META001", "alias"),
    "deep-flow-yaml": (
        ("---\nthreatpub:\n  kind: " + "[" * 5000 + "]" * 5000 + "\n---\n# Deep\n").encode(),
        "fail", "META001", "levels deep",
    ),
    "deep-block-yaml": (
        ("---\n" + "".join("  " * i + f"k{i}:\n" for i in range(2000)) + "---\n").encode(),
        "fail", "META001", "levels deep",
    ),
    "huge-scalar": (
        ('---\ntitle: "' + "x" * 3_000_000 + '"\n---\n# Big\n').encode(), "publish", None, "",
    ),
    "invalid-utf8": (b"---\ntitle: caf\xe9\n---\n# Bad \xff\xfe\n", "fail", "META001", "UTF-8"),
    "nul-in-front-matter": (b"---\ntitle: a\x00b\n---\n# N\n", "fail", "META001", "U+0000"),
    "nul-in-body": (b"# Title\n\nsome\x00text\n", "publish", None, ""),
    "line-1mb": (("# L\n\n" + "word " * 200_000 + "\n").encode(), "publish", None, ""),
    "nested-list-10000-one-line": (("# L\n\n" + "- " * 10_000 + "item\n").encode(),
                                   "publish", None, ""),
    "nested-quote-10000": (("# Q\n\n" + ">" * 10_000 + " deep\n").encode(), "publish", None, ""),
    # Ten thousand indented levels are 100 MB of spaces: over the size limit, failed closed.
    "nested-list-10000-indented": (
        ("# L\n\n" + "".join("  " * i + "- item\n" for i in range(10_000))).encode(),
        "fail", "META020", "size limit",
    ),
}  # fmt: skip


def _flow(levels: int) -> str:
    """Front matter nested ``levels`` deep: two block mappings, then flow sequences."""
    brackets = levels - 2
    return "---\nthreatpub:\n  kind: " + "[" * brackets + "]" * brackets + "\n---\n# Deep\n"


def _block(levels: int) -> str:
    """Front matter nested ``levels`` deep in block mappings, one key a line."""
    keys = "".join("  " * i + f"k{i}:\n" for i in range(levels))
    return "---\n" + keys + "  " * levels + "x\n---\n"


# Around libyaml's 1000 too; a 5000-deep block is 25 MB, refused by size before YAML.
@pytest.mark.parametrize(
    ("shape", "levels"),
    [(shape, levels) for shape in (_flow, _block) for levels in (101, 150, 999, 1001)]
    + [(_flow, 5000)],
)
def test_the_projects_depth_limit_applies_whatever_the_yaml_library_allows(
    shape: object, levels: int
) -> None:
    """libyaml has its own limit (1000 since PyYAML 6.0.4) and the pure-Python composer
    recurses; either way the page fails with this project's META001, at level 101."""
    judgement = judged(shape(levels).encode())  # type: ignore[operator]
    assert judgement.verdict is Verdict.FAIL
    (finding,) = [f for f in judgement.findings if f.code == "META001"]
    assert "nests more than 100 levels deep" in finding.finding.message
    # Level 101 opens on line 3 in the flow page, on the 101st key's line in the block page.
    assert finding.finding.line == (3 if shape is _flow else 2 + 100)


@pytest.mark.parametrize("shape", [_flow, _block])
def test_front_matter_at_the_depth_limit_is_read(shape: object) -> None:
    judgement = judged(shape(100).encode())  # type: ignore[operator]
    assert "META001" not in {f.code for f in judgement.findings}


def test_hostile_pages_through_the_cli(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, (raw, *_) in HOSTILE.items():
        (docs / f"{name}.md").write_bytes(raw)
    started = time.monotonic()
    result = threatpub("check", "docs", "--format", "json", "--jobs", "1", cwd=tmp_path)
    elapsed = time.monotonic() - started
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr
    pages = {p["path"].rsplit("/", 1)[-1][:-3]: p for p in json.loads(result.stdout)["pages"]}
    for name, (_, verdict, code, words) in HOSTILE.items():
        page = pages[name]
        assert page["verdict"] == verdict, (name, page["findings"])
        if code is not None:
            finding = next(f for f in page["findings"] if f["code"] == code)
            assert words in finding["message"], (name, finding["message"])
            assert finding["fix"]
            assert finding["line"] >= 1
        for finding in page["findings"]:
            assert " raised " not in finding["message"], (name, finding)
    # 11 pages, about 110 MB in all (the largest refused unread): well within a minute.
    assert elapsed < 60, f"{elapsed:.1f} s"


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", ["alias-bomb", "deep-flow-yaml", "invalid-utf8", "nul-in-front-matter"]
)
def test_hostile_front_matter_fails_a_real_build_closed(tmp_path: Path, name: str) -> None:
    raw = HOSTILE[name][0]
    site = make_site(tmp_path / "site-root", {"index.md": "# Home\n"})
    (site.docs / "hostile.md").write_bytes(raw)
    result = mkdocs(site, "build")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    assert "hostile.md" in result.stderr, result.stderr
    assert "META001" in result.stderr, result.stderr
    assert not site.built("hostile.md")
