"""Shared fixtures: real sites in tmp_path, built and served by the real mkdocs CLI."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import socket
import subprocess
import sys
import textwrap
import time
import traceback
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_SITE = REPO / "example-site"
BIN = Path(sys.executable).parent
# The evaluation corpora beside the checkout (read only, never copied into the repository).
SHARED = REPO.parent / "shared"
# 2026-11-23 10:00 Asia/Shanghai: the moment the example site and most fixtures assume.
NOW_EPOCH = 1795399200


def shared_path(relative: str) -> Path:
    """``../shared/<relative>``. When it is missing the test fails under CI (which has it) and
    is skipped elsewhere, with a message saying where it should be."""
    path = SHARED / relative
    if not path.exists():
        message = f"{path} is missing: the shared corpora live in shared/ beside the checkout"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def epoch(iso: str) -> int:
    """Seconds since 1970 for an ISO 8601 datetime with offset."""
    import datetime as dt

    return int(dt.datetime.fromisoformat(iso).timestamp())


@dataclass
class Site:
    root: Path

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def out(self) -> Path:
        return self.root / "site"

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"

    def write(self, rel: str, text: str) -> Path:
        path = self.docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def built(self, rel: str) -> bool:
        """Whether the page `rel` (docs-relative .md) was written to site/."""
        stem = rel.removesuffix(".md")
        name = stem[: -len("index")] if stem.endswith("index") else stem + "/"
        return (self.out / name / "index.html").exists()

    def all_output_text(self) -> str:
        import gzip

        chunks = []
        for path in self.out.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                if path.suffix == ".gz":
                    data = gzip.decompress(data)
                chunks.append(path.relative_to(self.out).as_posix())
                chunks.append(data.decode("utf-8", "replace"))
        return "\n".join(chunks)


def make_site(
    root: Path,
    pages: dict[str, str],
    plugin_options: dict | None = None,
    *,
    theme: str = "mkdocs",
    extra: dict | None = None,
    plugins_before: list | None = None,
) -> Site:
    """Write mkdocs.yml and docs/ under `root`; returns the Site."""
    root.mkdir(parents=True, exist_ok=True)
    options = {"timezone": "Asia/Shanghai", "report": ".threatpub/report.json"}
    options.update(plugin_options or {})
    config: dict = {
        "site_name": "Test site",
        "site_url": "https://example.org/",
        "theme": {"name": theme},
        "plugins": [*(plugins_before or ["search"]), {"threatpub": options}],
    }
    config.update(extra or {})
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    site = Site(root)
    site.docs.mkdir(exist_ok=True)
    for rel, text in pages.items():
        site.write(rel, text)
    return site


# Whether the running test is marked `slow`, set per test by `_slow_marker`. Only such a test
# may start a real build or server, so `-m "not slow"` is a quick loop that starts none.
_MAY_BUILD = True


@pytest.fixture(autouse=True)
def _slow_marker(request: pytest.FixtureRequest) -> Iterator[None]:
    global _MAY_BUILD
    _MAY_BUILD = request.node.get_closest_marker("slow") is not None
    yield
    _MAY_BUILD = True


def _require_slow_marker(what: str) -> None:
    assert _MAY_BUILD, (
        f"this test starts {what}: mark it @pytest.mark.slow (the quick loop, "
        "-m 'not slow', starts no real build or server)"
    )


def run_env(now_epoch: int | None = NOW_EPOCH, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    if now_epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(now_epoch)
    env.update(extra)
    return env


def mkdocs(
    site: Site | Path, *args: str, now_epoch: int | None = NOW_EPOCH, env: dict | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real `mkdocs` CLI in the site folder."""
    _require_slow_marker("a real `mkdocs` process")
    root = site.root if isinstance(site, Site) else site
    cmd = [str(BIN / "mkdocs"), *args]
    full_env = run_env(now_epoch, **(env or {}))
    return subprocess.run(
        cmd, cwd=root, env=full_env, capture_output=True, text=True, timeout=300, check=False
    )


def threatpub(
    *args: str, cwd: Path | None = None, now_epoch: int | None = NOW_EPOCH
) -> subprocess.CompletedProcess[str]:
    """Run ``threatpub ARGS`` in ``cwd`` as the console script does (``cli.main``), in this
    process: the CLI's own parsing, loading, judging and output, without a Python start-up
    per call. An exception that would end the process with a traceback ends the call the
    same way (exit 1, the traceback on stderr). ``threatpub_process`` runs the real
    console script for the smoke tests of the entry point itself.
    """
    from mkdocs_threatpub.cli import main

    stdout, stderr = io.StringIO(), io.StringIO()
    environ = {"SOURCE_DATE_EPOCH": str(now_epoch)} if now_epoch is not None else {}
    with (
        mock.patch.dict(os.environ, environ),
        contextlib.chdir(cwd or Path.cwd()),
        contextlib.redirect_stdout(stdout),
        contextlib.redirect_stderr(stderr),
    ):
        if now_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        try:
            returncode = main(list(args))
        except SystemExit as exc:  # argparse: --help, --version, usage errors
            returncode = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            if isinstance(exc.code, str):
                print(exc.code, file=sys.stderr)
        except Exception:
            traceback.print_exc()
            returncode = 1
    return subprocess.CompletedProcess(
        ["threatpub", *args], returncode, stdout.getvalue(), stderr.getvalue()
    )


def threatpub_process(
    *args: str, cwd: Path | None = None, now_epoch: int | None = NOW_EPOCH
) -> subprocess.CompletedProcess[str]:
    """Run the real ``threatpub`` console script in a new process."""
    return subprocess.run(
        [str(BIN / "threatpub"), *args],
        cwd=cwd,
        env=run_env(now_epoch),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    url: str
    process: subprocess.Popen[str]
    log_path: Path

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def alive(self) -> bool:
        return self.process.poll() is None


@contextlib.contextmanager
def serve(site: Site | Path, now_epoch: int | None = NOW_EPOCH) -> Iterator[Server]:
    """`mkdocs serve` on a free loopback port; waits until it answers, stops afterwards."""
    _require_slow_marker("`mkdocs serve`")
    root = site.root if isinstance(site, Site) else site
    port = free_port()
    log_path = root / f"serve-{port}.log"
    handle = log_path.open("w", encoding="utf-8")
    process = subprocess.Popen(
        [str(BIN / "mkdocs"), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=root,
        env=run_env(now_epoch),
        stdout=handle,
        stderr=subprocess.STDOUT,
        text=True,
    )
    server = Server(f"http://127.0.0.1:{port}", process, log_path)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"mkdocs serve exited early:\n{server.log()}")
            with contextlib.suppress(OSError):
                urllib.request.urlopen(server.url + "/", timeout=2).close()
                break
            time.sleep(0.2)
        else:
            raise AssertionError(f"mkdocs serve did not answer in 60 s:\n{server.log()}")
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        handle.close()


@pytest.fixture
def example_site(tmp_path: Path) -> Site:
    """A copy of example-site/ in tmp_path (never build inside the checkout)."""
    dest = tmp_path / "example-site"
    shutil.copytree(
        EXAMPLE_SITE, dest, ignore=shutil.ignore_patterns("site", ".threatpub", "__pycache__")
    )
    return Site(dest)
