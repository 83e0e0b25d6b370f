"""The pre-commit hook (`.pre-commit-hooks.yaml`), run the way pre-commit runs it.

pre-commit itself is not installed here (it would pip-install the hook's repository from the
network), so the test does what it does: take the staged files from git, keep those the
hook's `files`/`exclude` regexes select, and run `entry` + `args` + the file names from the
repository root, with the console script found on PATH.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import BIN, REPO, make_site, run_env

# CAC801: names a target, without the operator's opinion, a fix or a notification.
HELD = """\
---
title: Gateway advisory
threatpub:
  kind: vulnerability
  target: {operator: Example Power Co., system: SCADA gateway}
---

# Gateway advisory
"""

FINE = """\
---
threatpub:
  kind: general
---

# Patch Tuesday notes
"""

# META002: an unknown key fails the page. Never staged, so never judged.
UNSTAGED_BAD = """\
---
threatpub:
  kind: general
  colour: red
---

# Work in progress
"""


def hook(hook_id: str = "threatpub-check") -> dict[str, Any]:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [found] = [h for h in hooks if h["id"] == hook_id]
    return dict(found)


def git(repo: Path, *args: str) -> str:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    result = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout


def staged_files(repo: Path) -> list[str]:
    """As pre-commit's `get_staged_files`: added, copied, modified, renamed… not deleted."""
    out = git(repo, "diff", "--staged", "--name-only", "--no-ext-diff", "-z",
              "--diff-filter=ACMRTUXB")  # fmt: skip
    return [name for name in out.split("\0") if name]


def selected(spec: dict[str, Any], names: list[str]) -> list[str]:
    include = re.compile(spec.get("files", ""))
    exclude = re.compile(spec.get("exclude", "^$"))
    return [name for name in names if include.search(name) and not exclude.search(name)]


def run_hook(
    repo: Path, spec: dict[str, Any], files: list[str], args: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`entry` + `args` (the config's, else the manifest's) + file names, as pre-commit runs."""
    command = [*shlex.split(spec["entry"]), *(spec.get("args", []) if args is None else args)]
    if spec.get("pass_filenames", True):
        command += files
    env = run_env()
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(
        command, cwd=repo, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def repository(tmp_path: Path, site_folder: str = ".") -> Path:
    """A git repository holding a MkDocs site (in ``site_folder``), some pages staged."""
    repo = tmp_path / "repo"
    make_site(
        repo / site_folder,
        {
            "index.md": "# Home\n",
            "advisories/gateway.md": HELD,
            "advisories/patch-tuesday.md": FINE,
            "advisories/draft.md": UNSTAGED_BAD,
        },
        {"include": ["advisories/**"]},
    )
    (repo / "notes.txt").write_text("not Markdown: not selected\n", encoding="utf-8")
    git(repo, "init", "-q")
    staged = ["mkdocs.yml", "docs/advisories/gateway.md", "docs/advisories/patch-tuesday.md"]
    git(repo, "add", "notes.txt", *(f"{site_folder}/{name}" for name in staged))
    return repo


def test_manifest_declares_the_hook() -> None:
    spec = hook()
    assert spec["entry"] == "threatpub check"
    assert spec["language"] == "python"
    assert spec.get("pass_filenames", True) is True
    for name in ("docs/a.md", "docs/a.markdown", "docs/a.mkd", "docs/a.mdown", "docs/a.mkdn"):
        assert selected(spec, [name]) == [name]
    assert selected(spec, ["docs/a.txt", "docs/a.md.bak", "mkdocs.yml"]) == []


def test_hook_judges_only_the_staged_pages(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    spec = hook()
    files = selected(spec, staged_files(repo))
    assert files == ["docs/advisories/gateway.md", "docs/advisories/patch-tuesday.md"]

    result = run_hook(repo, spec, files)
    # A staged page would be held: the commit stops, and says which page and why.
    assert result.returncode == 1, result.stdout + result.stderr
    assert "advisories/gateway.md: HOLD" in result.stdout, result.stdout
    assert "CAC801" in result.stdout
    assert "2 pages judged: 1 published, 1 held, 0 failed" in result.stdout, result.stdout
    # The unstaged page with a broken front matter was not judged: no failure, no mention.
    assert "draft.md" not in result.stdout + result.stderr

    # The report names pages by their docs_dir-relative path, as `mkdocs build` does.
    as_json = run_hook(repo, spec, files, args=["--format", "json"])
    assert as_json.returncode == 1, as_json.stderr
    pages = {page["path"]: page["verdict"] for page in json.loads(as_json.stdout)["pages"]}
    assert pages == {"advisories/gateway.md": "hold", "advisories/patch-tuesday.md": "publish"}


def test_hook_passes_when_the_staged_pages_publish(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    git(repo, "reset", "-q", "docs/advisories/gateway.md")
    spec = hook()
    files = selected(spec, staged_files(repo))
    assert files == ["docs/advisories/patch-tuesday.md"]
    result = run_hook(repo, spec, files)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 pages judged: 1 published" in result.stdout, result.stdout


def test_hook_with_mkdocs_yml_in_a_subfolder(tmp_path: Path) -> None:
    """`args: [-f, site/mkdocs.yml]`: repository-relative names map into its docs_dir."""
    repo = repository(tmp_path, "site")
    spec = hook()
    files = selected(spec, staged_files(repo))
    assert files == ["site/docs/advisories/gateway.md", "site/docs/advisories/patch-tuesday.md"]
    result = run_hook(repo, spec, files, args=["-f", "site/mkdocs.yml", "--format", "json"])
    assert result.returncode == 1, result.stderr
    pages = {page["path"]: page["verdict"] for page in json.loads(result.stdout)["pages"]}
    assert pages == {"advisories/gateway.md": "hold", "advisories/patch-tuesday.md": "publish"}
