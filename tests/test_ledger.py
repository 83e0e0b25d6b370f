"""The audit ledger (SPEC §6): append-only, hash-chained, no page text, safe when concurrent.

Builds run the real `mkdocs` CLI in tmp_path; `threatpub ledger verify` is the real console
script.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from mkdocs_threatpub.core.ledger import GENESIS, Decision, LedgerError, append, verify
from tests.conftest import BIN, Site, make_site, mkdocs, run_env, threatpub

HELD = """\
---
title: {title}
threatpub:
  kind: vulnerability
  target:
    operator: Example Power Co.
---

# {title}

Secret words: {canary}.
"""

PUBLISHED = "---\nthreatpub:\n  kind: general\n---\n\n# Fine\n\nNothing held here.\n"


def held(title: str, canary: str = "wombatcanary") -> str:
    return HELD.format(title=title, canary=canary)


def ledger_site(root: Path, pages: dict[str, str], ledger: str = ".threatpub/ledger.jsonl") -> Site:
    return make_site(root, {"index.md": PUBLISHED, **pages}, {"ledger": ledger})


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.slow
def test_two_builds_record_each_decision_once_and_verify(tmp_path: Path) -> None:
    site = ledger_site(
        tmp_path / "s",
        {"advisories/a.md": held("Alpha held"), "advisories/b.md": held("Beta held")},
    )
    ledger = site.root / ".threatpub/ledger.jsonl"
    assert mkdocs(site, "build").returncode == 0
    first = lines(ledger)
    assert [(e["page"], e["verdict"], e["codes"]) for e in first] == [
        ("advisories/a.md", "hold", ["CAC801"]),
        ("advisories/b.md", "hold", ["CAC801"]),
    ]
    source = (site.docs / "advisories/a.md").read_bytes()
    assert first[0]["sha256"] == hashlib.sha256(source).hexdigest()
    assert first[0]["prev"] == GENESIS
    raw = ledger.read_bytes().split(b"\n")
    assert first[1]["prev"] == hashlib.sha256(raw[0]).hexdigest()
    assert set(first[0]) == {"time", "page", "verdict", "codes", "sha256", "prev"}

    # Nothing changed: the second build adds nothing.
    assert mkdocs(site, "build").returncode == 0
    assert lines(ledger) == first
    # One page changes: one new entry, chained onto the last line.
    site.write("advisories/b.md", held("Beta held", canary="changed"))
    assert mkdocs(site, "build").returncode == 0
    after = lines(ledger)
    assert len(after) == 3
    assert after[2]["page"] == "advisories/b.md"

    result = threatpub("ledger", "verify", "-f", str(site.config_file))
    assert result.returncode == 0, result.stderr
    assert "ledger OK: 3 entries" in result.stdout
    result = threatpub("ledger", "verify", str(ledger))
    assert result.returncode == 0
    assert "ledger OK: 3 entries" in result.stdout


@pytest.mark.slow
def test_ledger_holds_no_page_text(tmp_path: Path) -> None:
    site = ledger_site(tmp_path / "s", {"advisories/a.md": held("Kookaburra title")})
    assert mkdocs(site, "build").returncode == 0
    text = (site.root / ".threatpub/ledger.jsonl").read_text(encoding="utf-8")
    for word in ("Kookaburra", "wombatcanary", "Example Power", "operator"):
        assert word not in text


def test_editing_a_middle_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "ledger.jsonl"
    decisions = [Decision(f"p{i}.md", "hold", ("CAC801",), "0" * 64) for i in range(4)]
    assert append(path, decisions, "2026-11-23T02:00:00+00:00") == 4
    assert verify(path).ok
    rows = path.read_text(encoding="utf-8").splitlines(keepends=True)
    rows[1] = rows[1].replace('"hold"', '"publish"')
    path.write_text("".join(rows), encoding="utf-8")
    result = threatpub("ledger", "verify", str(path))
    assert result.returncode == 1
    assert "ledger.jsonl:3: hash mismatch" in result.stdout
    assert "line 2" in result.stdout
    # A broken ledger is never chained onto.
    with pytest.raises(LedgerError, match=r"ledger.jsonl:3"):
        append(path, [Decision("x.md", "hold", (), "1" * 64)], "t")


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda b: b + b'{"time": "t", "page"', "truncated line"),
        (lambda b: b + b"not json\n", "bad JSON"),
        (lambda b: b.split(b"\n", 1)[1], "hash mismatch"),  # first line deleted
    ],
)
def test_verify_names_truncated_and_bad_lines(
    tmp_path: Path, damage: Callable[[bytes], bytes], reason: str
) -> None:
    path = tmp_path / "ledger.jsonl"
    append(path, [Decision(f"p{i}.md", "hold", (), "0" * 64) for i in range(3)], "t")
    path.write_bytes(damage(path.read_bytes()))
    result = threatpub("ledger", "verify", str(path))
    assert result.returncode == 1
    assert reason in result.stdout


def test_verify_usage_errors(tmp_path: Path) -> None:
    assert threatpub("ledger", "verify", str(tmp_path / "nope.jsonl")).returncode == 2
    assert threatpub("ledger").returncode == 2
    site = make_site(tmp_path / "s", {"index.md": PUBLISHED})
    result = threatpub("ledger", "verify", "-f", str(site.config_file))
    assert result.returncode == 2
    assert "no `ledger` option" in result.stderr


@pytest.mark.slow
def test_serve_does_not_write_the_ledger(tmp_path: Path) -> None:
    from tests.conftest import serve

    site = ledger_site(tmp_path / "s", {"advisories/a.md": held("Alpha held")})
    with serve(site) as server:
        assert server.get("/")[0] == 200
    assert not (site.root / ".threatpub/ledger.jsonl").exists()


@pytest.mark.slow
def test_concurrent_builds_keep_a_valid_chain(tmp_path: Path) -> None:
    shared = tmp_path / "shared" / "ledger.jsonl"
    sites = [
        ledger_site(
            tmp_path / f"copy{n}",
            {f"advisories/{n}-{i}.md": held(f"Held {n} {i}") for i in range(6)},
            ledger=str(shared),
        )
        for n in range(2)
    ]
    processes = [
        subprocess.Popen(
            [str(BIN / "mkdocs"), "build"],
            cwd=site.root,
            env=run_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for site in sites
    ]
    for process in processes:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    result = verify(shared)
    assert result.ok, result.reason
    assert result.entries == 12
    assert {e["page"] for e in lines(shared)} == {
        f"advisories/{n}-{i}.md" for n in range(2) for i in range(6)
    }


def _hammer(path: str, worker: int) -> None:
    for i in range(25):
        append(Path(path), [Decision(f"w{worker}-{i}.md", "hold", (), "0" * 64)], "t")


def test_concurrent_appends_from_many_processes(tmp_path: Path) -> None:
    path = tmp_path / "ledger.jsonl"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_hammer, args=(str(path), w)) for w in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    result = verify(path)
    assert result.ok, result.reason
    assert result.entries == 100
