"""Where threatpub writes (issue 16, cases 7 and 8): never onto a folder, a device, a FIFO or
a socket; never inside docs_dir or site_dir, through a symbolic link or not; an output that
cannot be written is a configuration error naming the option (exit 2, or a build that fails
before it starts), never a traceback.

The special files are made in ``tmp_path`` (a character device only as a twin of
``/dev/null``, where mknod is allowed): no test writes near a real device.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import stat
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mkdocs_threatpub.core.files import write_text_atomically
from mkdocs_threatpub.pipeline.build import Build, BuildError
from mkdocs_threatpub.pipeline.options import Options, SiteLayout
from tests.conftest import Site, make_site, mkdocs, threatpub

HELD = """\
---
title: Gateway overflow in the Quillon relay
threatpub:
  kind: vulnerability
  target:
    operator: Example Power Co.
---

# Gateway overflow in the Quillon relay

The marmalade handshake overflows the relay's parser.
"""
PAGES = {"index.md": "# Home\n", "advisories/held.md": HELD}


# -- special files -----------------------------------------------------------------------


def _folder(path: Path) -> None:
    path.mkdir()
    (path / "keep.txt").write_text("kept\n", encoding="utf-8")


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _socket(path: Path) -> None:
    # AF_UNIX paths are short (108 bytes): bind by a relative name from the folder.
    with contextlib.chdir(path.parent), socket.socket(socket.AF_UNIX) as sock:
        sock.bind(path.name)


def _device(path: Path) -> None:
    """A character device twin of /dev/null (major 1, minor 3): harmless if written."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here ({exc.strerror})")


SPECIAL: dict[str, tuple[Callable[[Path], None], Callable[[int], bool], str]] = {
    "folder": (_folder, stat.S_ISDIR, "a folder"),
    "fifo": (_fifo, stat.S_ISFIFO, "a FIFO (named pipe)"),
    "socket": (_socket, stat.S_ISSOCK, "a socket"),
    "device": (_device, stat.S_ISCHR, "a character device"),
}


def make_special(kind: str, path: Path) -> Callable[[], bool]:
    """Make a special file of ``kind`` at ``path``; returns a test that it is still one."""
    make, is_kind, _ = SPECIAL[kind]
    make(path)

    def unchanged() -> bool:
        return is_kind(os.lstat(path).st_mode)

    return unchanged


@contextlib.contextmanager
def readers_of(fifo: Path) -> Iterator[list[str]]:
    """Notes (and releases, with an end of file) every reader that opens the FIFO ``fifo``
    meanwhile: a reader would otherwise wait for a writer for ever."""
    seen: list[str] = []
    done = threading.Event()

    def release() -> None:
        while not done.wait(0.05):
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)  # only while someone reads
            except OSError:
                continue
            seen.append("a reader")
            os.close(fd)

    thread = threading.Thread(target=release, daemon=True)
    thread.start()
    try:
        yield seen
    finally:
        done.set()
        thread.join()


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert "internal error" not in output, output


def site_of(tmp_path: Path, **options: object) -> Site:
    return make_site(tmp_path / "site-root", PAGES, {"report": ".threatpub/report.json", **options})


# -- case 7: never onto a special file ----------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(SPECIAL))
@pytest.mark.parametrize("command", ["check", "baseline"])
def test_output_never_replaces_a_special_file(tmp_path: Path, kind: str, command: str) -> None:
    site = site_of(tmp_path)
    target = site.root / f"out-{kind}.json"
    unchanged = make_special(kind, target)
    with contextlib.ExitStack() as stack:
        readers = stack.enter_context(readers_of(target)) if kind == "fifo" else []
        result = threatpub(command, "-f", "mkdocs.yml", "--output", target.name, cwd=site.root)
    assert not readers, "the FIFO was opened"
    assert result.returncode == 2, result.stdout + result.stderr
    no_traceback(result)
    for part in ("--output", target.name, SPECIAL[kind][2], "not a regular file", ".threatpub/"):
        assert part in result.stderr, (part, result.stderr)
    assert unchanged(), f"the {kind} was replaced"


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_output_without_a_site_never_replaces_a_special_file(tmp_path: Path, kind: str) -> None:
    (tmp_path / "page.md").write_text(HELD, encoding="utf-8")
    unchanged = make_special(kind, tmp_path / "out")
    result = threatpub("check", "page.md", "--output", "out", cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    no_traceback(result)
    assert f"--output: out ({tmp_path / 'out'}) exists and is" in result.stderr, result.stderr
    assert unchanged()


def test_write_text_atomically_refuses_special_files_and_follows_links(tmp_path: Path) -> None:
    from mkdocs_threatpub.core.files import NotRegularFile

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFile) as raised:
        write_text_atomically(fifo, "text\n")
    assert "a FIFO (named pipe)" in str(raised.value.strerror)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]  # no temporary file left
    # A link to a FIFO is refused the same way; a link to a file writes that file.
    link = tmp_path / "link"
    link.symlink_to(fifo)
    with pytest.raises(NotRegularFile):
        write_text_atomically(link, "text\n")
    real = tmp_path / "real.json"
    real.write_text("old\n", encoding="utf-8")
    link.unlink()
    link.symlink_to(real)
    write_text_atomically(link, "new\n")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new\n"


def _unwritable_cases(root: Path) -> list[tuple[str, str]]:
    """(the --output value, a part of the reason) for paths no file can be written to."""
    (root / "README.md").write_text("# Readme\n", encoding="utf-8")
    cases = [("README.md/report.json", "is not a folder")]
    if Path("/proc/self").is_dir():
        cases.append(("/proc/self/threatpub-report.json", "is not writable"))
    locked = root / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    if not os.access(locked, os.W_OK):  # root may write anyway
        cases.append(("locked/report.json", "is not writable"))
    return cases


@pytest.mark.parametrize("command", ["check", "baseline"])
def test_output_that_cannot_be_written_is_a_usage_error(tmp_path: Path, command: str) -> None:
    site = site_of(tmp_path)
    for value, reason in _unwritable_cases(site.root):
        result = threatpub(command, "-f", "mkdocs.yml", "--output", value, cwd=site.root)
        assert result.returncode == 2, (value, result.stdout + result.stderr)
        no_traceback(result)
        assert f"--output: cannot write {value}" in result.stderr, result.stderr
        assert reason in result.stderr, (value, result.stderr)
        assert ".threatpub/" in result.stderr, result.stderr  # the safe example


def _layout(root: Path) -> SiteLayout:
    return SiteLayout(
        config_file=root / "mkdocs.yml", docs_dir=root / "docs", site_dir=root / "site"
    )


def test_a_report_that_cannot_be_written_late_is_a_build_error(tmp_path: Path) -> None:
    """The build checks its outputs when it starts; should one still fail when written (a
    full disk, a folder changed meanwhile), the error names the option and the file."""
    now = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)
    build = Build(Options(report=("out/report.json",)), _layout(tmp_path), now)
    (tmp_path / "out").write_text("now a file\n", encoding="utf-8")
    with pytest.raises(BuildError) as raised:
        build.write_reports()
    message = raised.value.args[0]
    assert "threatpub option 'report': cannot write" in message
    assert str(tmp_path / "out" / "report.json") in message
    assert "无法写入" in message.zh


# -- case 8: never inside docs_dir or site_dir, through links too -------------------------------


def _place(root: Path, how: str, name: str) -> tuple[str, str]:
    """A path for ``name`` placed ``how``; returns (the value to give, the folder named)."""
    if how == "docs":
        return f"docs/{name}", "docs_dir"
    if how == "dotted-docs":
        return f"./docs/../docs/private/{name}", "docs_dir"
    if how == "link-to-site":
        (root / "site").mkdir(exist_ok=True)
        (root / "audit").symlink_to(root / "site")
        return f"audit/{name}", "site_dir"
    if how == "link-to-docs":
        (root / "audit").symlink_to(root / "docs")
        return f"audit/{name}", "docs_dir"
    assert how == "file-link-to-site"
    (root / "site").mkdir(exist_ok=True)
    (root / name).symlink_to(root / "site" / name)
    return name, "site_dir"


PLACES = ["docs", "dotted-docs", "link-to-site", "link-to-docs", "file-link-to-site"]
OPTIONS = {"report": "report.json", "ledger": "ledger.jsonl", "baseline": "baseline.json"}


@pytest.mark.parametrize("how", PLACES)
@pytest.mark.parametrize("option", sorted(OPTIONS))
def test_file_option_inside_docs_dir_or_site_dir_is_refused(
    tmp_path: Path, option: str, how: str
) -> None:
    root = tmp_path / "site-root"
    root.mkdir()
    value, folder = _place(root, how, OPTIONS[option])
    site = make_site(root, PAGES, {option: value})
    result = threatpub("check", "-f", "mkdocs.yml", cwd=site.root)
    assert result.returncode == 2, result.stdout + result.stderr
    no_traceback(result)
    assert f"threatpub option '{option}': {value}" in result.stderr, result.stderr
    assert f"is inside {folder}" in result.stderr, result.stderr
    if how.startswith(("link", "file-link")):
        assert "which resolves to" in result.stderr, result.stderr
    assert f"'.threatpub/{OPTIONS[option]}'" in result.stderr, result.stderr
    assert not list(site.docs.rglob(OPTIONS[option]))


@pytest.mark.parametrize("how", PLACES)
@pytest.mark.parametrize("command", ["check", "baseline"])
def test_output_inside_docs_dir_or_site_dir_is_refused(
    tmp_path: Path, command: str, how: str
) -> None:
    root = tmp_path / "site-root"
    root.mkdir()
    value, folder = _place(root, how, "out.json")
    site = make_site(root, PAGES)
    result = threatpub(command, "-f", "mkdocs.yml", "--output", value, cwd=site.root)
    assert result.returncode == 2, result.stdout + result.stderr
    no_traceback(result)
    assert f"--output: {Path(value)}" in result.stderr, result.stderr
    assert f"is inside {folder}" in result.stderr, result.stderr
    assert not list(site.docs.rglob("out.json"))
    assert not list((site.root / "site").rglob("out.json"))


def test_stage_config_out_through_a_link_into_site_dir_is_refused(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site-root", PAGES)
    (site.root / "site").mkdir()
    (site.root / "mkdocs.staged.yml").symlink_to(site.root / "site" / "staged.yml")
    result = threatpub(
        "stage", "-f", "mkdocs.yml", "staged", "--config-out", "mkdocs.staged.yml", cwd=site.root
    )
    assert result.returncode == 2, result.stdout + result.stderr
    no_traceback(result)
    assert "--config-out mkdocs.staged.yml (which resolves to" in result.stderr, result.stderr
    assert "is inside site_dir" in result.stderr, result.stderr
    assert not (site.root / "site" / "staged.yml").exists()
    assert not (site.root / "staged").exists()


# -- in a real build: refused when it starts, before anything is built -------------------------


def _build_case(root: Path, case: str) -> tuple[dict[str, object], str, Callable[[], bool]]:
    """(plugin options, words of the error, a test that nothing was harmed) for ``case``."""
    if case == "report-folder":
        unchanged = make_special("folder", root / "reports.json")
        return {"report": "reports.json"}, "exists and is a folder", unchanged
    if case == "report-fifo":
        unchanged = make_special("fifo", root / "report.json")
        return {"report": "report.json"}, "exists and is a FIFO", unchanged
    if case == "report-device":
        unchanged = make_special("device", root / "report.json")
        return {"report": "report.json"}, "exists and is a character device", unchanged
    if case == "report-under-a-file":
        (root / "notes").write_text("a file\n", encoding="utf-8")
        return {"report": "notes/report.json"}, "is not a folder", lambda: True
    if case == "ledger-in-docs":
        return (
            {"ledger": "docs/audit/ledger.jsonl"},
            "is inside docs_dir",
            lambda: not (root / "docs" / "audit").exists(),
        )
    assert case == "ledger-link-to-site"
    (root / "audit").symlink_to(root / "site")
    return {"ledger": "audit/ledger.jsonl"}, "is inside site_dir", lambda: True


BUILD_CASES = [
    "report-folder",
    "report-fifo",
    "report-device",
    "report-under-a-file",
    "ledger-in-docs",
    "ledger-link-to-site",
]


@pytest.mark.slow
@pytest.mark.parametrize("case", BUILD_CASES)
def test_build_fails_before_building_when_an_output_is_refused(tmp_path: Path, case: str) -> None:
    root = tmp_path / "site-root"
    root.mkdir()
    options, words, unchanged = _build_case(root, case)
    site = make_site(root, PAGES, options)
    result = mkdocs(site, "build")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    option = next(iter(options))
    assert f"threatpub option '{option}'" in output, output
    assert words in output, output
    no_traceback(result)
    # Refused in on_config: nothing was built, and nothing written where it must not be.
    assert not (site.out / "index.html").exists(), output
    assert not site.out.exists() or not list(site.out.rglob("ledger.jsonl")), output
    assert unchanged(), f"{case}: the file there was replaced"


@pytest.mark.slow
def test_build_error_about_an_output_is_in_the_sites_language(tmp_path: Path) -> None:
    site = make_site(
        tmp_path / "site-root", PAGES, {"ledger": "docs/ledger.jsonl", "language": "zh"}
    )
    result = mkdocs(site, "build")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "threatpub 选项 'ledger'：docs/ledger.jsonl 位于 docs_dir" in output, output
    assert "'.threatpub/ledger.jsonl'" in output, output


@pytest.mark.slow
def test_build_with_a_report_beside_the_site_still_works(tmp_path: Path) -> None:
    """The checks refuse nothing ordinary: a new folder, an existing report, a link to a
    file outside docs_dir and site_dir (written through, the link kept)."""
    root = tmp_path / "site-root"
    (root / "elsewhere").mkdir(parents=True)
    (root / "elsewhere" / "report.json").write_text("{}\n", encoding="utf-8")
    (root / "linked.json").symlink_to(root / "elsewhere" / "report.json")
    site = make_site(
        root,
        PAGES,
        {
            "report": ["new/folder/report.json", "linked.json"],
            "ledger": ".threatpub/ledger.jsonl",
        },
    )
    result = mkdocs(site, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (root / "new" / "folder" / "report.json").is_file()
    assert (root / "linked.json").is_symlink()
    assert '"advisories/held.md"' in (root / "elsewhere" / "report.json").read_text("utf-8")
    assert (root / ".threatpub" / "ledger.jsonl").is_file()


def test_a_link_to_a_special_file_is_refused_naming_where_it_points(tmp_path: Path) -> None:
    site = site_of(tmp_path)
    unchanged = make_special("fifo", tmp_path / "pipe")
    (site.root / "report.json").symlink_to(tmp_path / "pipe")
    result = threatpub("check", "-f", "mkdocs.yml", "--output", "report.json", cwd=site.root)
    assert result.returncode == 2, result.stdout + result.stderr
    assert (
        f"--output: report.json (which resolves to {tmp_path / 'pipe'}) exists and is a FIFO"
        in (result.stderr)
    ), result.stderr
    assert unchanged()
    assert (site.root / "report.json").is_symlink()
