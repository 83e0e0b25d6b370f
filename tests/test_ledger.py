"""The audit ledger (SPEC §6): append-only, hash-chained, no page text, safe when concurrent;
its whole history evident against a recorded head, and with a key (issue 16, case 9).

Builds run the real `mkdocs` CLI in tmp_path; `threatpub ledger verify` runs the CLI in
process (`threatpub`).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from mkdocs_threatpub.core.ledger import (
    GENESIS,
    KEY_VARIABLE,
    Decision,
    Head,
    LedgerError,
    append,
    verify,
)
from tests.conftest import BIN, Site, make_site, mkdocs, run_env, threatpub

KEY = "ledger-key-for-the-tests-0123456789"
OTHER_KEY = "another-key-of-enough-length-9876"


@pytest.fixture(autouse=True)
def _no_ledger_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test inherits a key from the environment it runs in."""
    monkeypatch.delenv(KEY_VARIABLE, raising=False)


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
    assert append(path, decisions, "2026-11-23T02:00:00+00:00").written == 4
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


# -- a ledger whose whole history is evident (issue 16, case 9) --------------------------------


def keep_out(prefix: str, count: int) -> list[Decision]:
    return [Decision(f"{prefix}{i}.md", "hold", ("CAC801",), "0" * 64) for i in range(count)]


def new_ledger(tmp_path: Path, count: int = 4, key: str | None = None) -> tuple[Path, Head]:
    """A ledger of ``count`` entries (with macs under ``key``) and its head."""
    path = tmp_path / "ledger.jsonl"
    appended = append(path, keep_out("p", count), "t", key=key.encode() if key else None)
    assert appended.written == count
    assert appended.head.entries == count
    return path, appended.head


def rows(path: Path) -> list[bytes]:
    return path.read_bytes().split(b"\n")[:-1]


def rechained(entries: list[dict], keep_macs: bool) -> bytes:
    """What someone without the key writes: the entries, every `prev` recomputed."""
    out, prev = [], GENESIS
    for entry in entries:
        entry = {k: v for k, v in entry.items() if keep_macs or k != "mac"}
        entry["prev"] = prev
        line = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
        out.append(line)
        prev = hashlib.sha256(line).hexdigest()
    return b"".join(line + b"\n" for line in out)


def verify_cli(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return threatpub("ledger", "verify", str(path), *args)


def test_truncated_ledger_fails_against_its_head(tmp_path: Path) -> None:
    path, head = new_ledger(tmp_path)
    assert head == Head(4, hashlib.sha256(rows(path)[-1]).hexdigest())
    path.write_bytes(b"".join(row + b"\n" for row in rows(path)[:3]))
    # The chain alone cannot see a removed last line ...
    assert verify_cli(path).returncode == 0
    # ... the recorded head does, and names the first missing line.
    result = verify_cli(path, "--head", str(head))
    assert result.returncode == 1
    assert "ledger BROKEN" in result.stdout
    assert "ledger.jsonl:4: the ledger has 3 entries" in result.stdout
    assert f"the recorded head {head} has 4" in result.stdout
    assert "line 4 was removed" in result.stdout
    assert "restore the ledger" in result.stdout
    path.write_bytes(b"".join(row + b"\n" for row in rows(path)[:1]))
    result = verify_cli(path, "--head", str(head), "--lang", "zh")
    assert result.returncode == 1
    assert "ledger.jsonl:2" in result.stdout
    assert "第 2–4 行被删除" in result.stdout


def test_emptied_or_deleted_ledger_fails_against_its_head(tmp_path: Path) -> None:
    path, head = new_ledger(tmp_path)
    path.write_bytes(b"")
    assert verify_cli(path).returncode == 0  # an empty ledger is a valid chain
    result = verify_cli(path, "--head", str(head))
    assert result.returncode == 1
    assert "ledger.jsonl:1: the ledger is empty" in result.stdout
    assert "has 4 entries" in result.stdout
    path.unlink()
    result = verify_cli(path, "--head", str(head))
    assert result.returncode == 1
    assert "the ledger is empty" in result.stdout
    # Without a head a missing file is still a usage error.
    assert verify_cli(path).returncode == 2


def test_edited_tail_fails_against_its_head(tmp_path: Path) -> None:
    path, head = new_ledger(tmp_path)
    lines_ = rows(path)
    lines_[-1] = lines_[-1].replace(b'"hold"', b'"publish"')
    path.write_bytes(b"".join(row + b"\n" for row in lines_))
    assert verify_cli(path).returncode == 0  # the last line has no successor to break
    result = verify_cli(path, "--head", str(head))
    assert result.returncode == 1
    actual = hashlib.sha256(lines_[-1]).hexdigest()
    assert f"ledger.jsonl:4: line 4 has SHA-256 {actual}" in result.stdout
    assert f"expects {head.sha256}" in result.stdout
    assert "line 4 was edited" in result.stdout


def test_a_ledger_that_continues_past_its_head(tmp_path: Path) -> None:
    path, head = new_ledger(tmp_path)
    after = append(path, keep_out("later", 2), "t")
    assert after.head.entries == 6
    result = verify_cli(path, "--head", str(head))
    assert result.returncode == 1
    assert "ledger.jsonl:5: the ledger has 6 entries, 2 past the recorded head" in result.stdout
    assert "lines 5–6 were appended after the head" in result.stdout
    assert "--allow-later" in result.stdout
    result = verify_cli(path, "--head", str(head), "--allow-later")
    assert result.returncode == 0, result.stdout
    assert "2 valid entries were appended after it" in result.stdout
    result = verify_cli(path, "--head", str(after.head))
    assert result.returncode == 0
    assert f"head: {after.head} matches the recorded head" in result.stdout
    # Past the head with a broken chain: a failure, --allow-later or not.
    with path.open("ab") as handle:
        handle.write(b'{"time":"t","page":"x.md","verdict":"hold","codes":[],"sha256":"0",')
        handle.write(b'"prev":"' + GENESIS.encode() + b'"}\n')
    result = verify_cli(path, "--head", str(head), "--allow-later")
    assert result.returncode == 1
    assert "ledger.jsonl:7: hash mismatch" in result.stdout
    assert f"after the recorded head {head}, whose 4 entries are intact" in result.stdout


def test_a_rewritten_chain_fails_with_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, head = new_ledger(tmp_path, key=KEY)
    entries = [json.loads(row) for row in rows(path)]
    entries[1]["verdict"] = "publish"  # line 2 edited, every later `prev` recomputed
    path.write_bytes(rechained(entries, keep_macs=True))
    result = verify_cli(path)
    assert result.returncode == 0  # without the key a recomputed chain looks fine ...
    assert "macs NOT checked: THREATPUB_LEDGER_KEY is not set" in result.stdout
    monkeypatch.setenv(KEY_VARIABLE, KEY)
    result = verify_cli(path)  # ... with it, the edited line is named
    assert result.returncode == 1
    assert "ledger.jsonl:2: the mac does not match under THREATPUB_LEDGER_KEY" in result.stdout
    # Without the macs at all: the key says there should be some.
    path.write_bytes(rechained(entries, keep_macs=False))
    result = verify_cli(path)
    assert result.returncode == 1
    assert "ledger.jsonl:4: no line carries a mac" in result.stdout
    # And the head alone (no key) sees the rewrite too.
    monkeypatch.delenv(KEY_VARIABLE)
    result = verify_cli(path, "--head", str(head))
    assert result.returncode == 1
    assert "line 4 has SHA-256" in result.stdout


def test_a_keyed_ledger_verifies_with_its_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, head = new_ledger(tmp_path, key=KEY)
    for row in rows(path):
        entry = json.loads(row)
        assert list(entry)[-1] == "mac"
        assert len(entry["mac"]) == 64
    monkeypatch.setenv(KEY_VARIABLE, KEY)
    result = verify_cli(path, "--head", str(head))
    assert result.returncode == 0, result.stdout
    assert "ledger OK: 4 entries" in result.stdout
    assert "macs: checked with THREATPUB_LEDGER_KEY: all 4 lines from line 1 on" in result.stdout
    assert verify(path, KEY.encode(), head).ok


def test_a_wrong_key_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, _ = new_ledger(tmp_path, key=KEY)
    monkeypatch.setenv(KEY_VARIABLE, OTHER_KEY)
    result = verify_cli(path)
    assert result.returncode == 1
    assert "ledger.jsonl:1: the mac does not match" in result.stdout
    assert "check that THREATPUB_LEDGER_KEY is the key the ledger was written with" in (
        result.stdout
    )
    # Nothing is appended under another key either.
    with pytest.raises(LedgerError, match=r"ledger.jsonl:1: .*mac does not match"):
        append(path, keep_out("x", 1), "t", key=OTHER_KEY.encode())


def test_old_ledgers_without_macs_still_verify_and_a_key_seals_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = new_ledger(tmp_path, count=3)  # the format before macs
    assert b'"mac"' not in path.read_bytes()
    result = verify_cli(path)
    assert result.returncode == 0
    assert "ledger OK: 3 entries" in result.stdout
    assert "macs: none (the ledger was written without THREATPUB_LEDGER_KEY)" in result.stdout
    monkeypatch.setenv(KEY_VARIABLE, KEY)
    result = verify_cli(path)
    assert result.returncode == 1
    assert "no line carries a mac, but THREATPUB_LEDGER_KEY is set" in result.stdout
    # The first keyed line covers the old ones through its `prev`.
    appended = append(path, keep_out("new", 1), "t", key=KEY.encode())
    result = verify_cli(path, "--head", str(appended.head))
    assert result.returncode == 0, result.stdout
    assert "lines 1–3 predate the key and are covered by line 4's mac" in result.stdout
    # After a keyed line, a line without a mac fails even without the key.
    path.write_bytes(b"".join(row + b"\n" for row in rows(path)[:4]) + _unkeyed_after(path))
    monkeypatch.delenv(KEY_VARIABLE)
    result = verify_cli(path)
    assert result.returncode == 1
    assert "ledger.jsonl:5: no mac, but line 4 before it has one" in result.stdout


def _unkeyed_after(path: Path) -> bytes:
    """A line without a mac chained onto line 4 of ``path``."""
    prev = hashlib.sha256(rows(path)[3]).hexdigest()
    entry = {"time": "t", "page": "y.md", "verdict": "hold", "codes": [], "sha256": "0"}
    entry["prev"] = prev
    return json.dumps(entry, separators=(",", ":")).encode() + b"\n"


def test_append_never_chains_onto_a_ledger_that_fails(tmp_path: Path) -> None:
    path, head = new_ledger(tmp_path, key=KEY)
    before = path.read_bytes()
    with pytest.raises(LedgerError, match=r"ledger.jsonl:1: .*THREATPUB_LEDGER_KEY is not set"):
        append(path, keep_out("x", 1), "t")
    path.write_bytes(b"".join(row + b"\n" for row in rows(path)[:3]))
    with pytest.raises(LedgerError, match=r"ledger.jsonl:4: the ledger does not continue"):
        append(
            path,
            keep_out("x", 1),
            "t",
            key=KEY.encode(),
            expected=head,
            expected_from="report.json",
        )
    assert path.read_bytes() == b"".join(row + b"\n" for row in before.split(b"\n")[:3])
    # Only a regular file is a ledger: not a pipe (nor a device), even with nothing to write.
    pipe = tmp_path / "pipe.jsonl"
    os.mkfifo(pipe)
    for wanted in (keep_out("x", 1), []):
        with pytest.raises(LedgerError, match=r"pipe.jsonl: expected the ledger to be a regular"):
            append(pipe, wanted, "t")
    with pytest.raises(LedgerError, match=r"expected the ledger to be a regular file"):
        append(tmp_path, [], "t")


def test_verify_names_a_bad_head_or_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, head = new_ledger(tmp_path)
    result = verify_cli(path, "--head", "4:abc")
    assert result.returncode == 2
    assert "--head: expected a ledger head ENTRIES:SHA256" in result.stderr
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"pages": []}), encoding="utf-8")
    result = verify_cli(path, "--head-from", str(report))
    assert result.returncode == 2
    assert "has none" in result.stderr
    assert "`ledger` object" in result.stderr
    report.write_text(json.dumps({"ledger": {"path": "l.jsonl", "head": str(head)}}), "utf-8")
    assert verify_cli(path, "--head-from", str(report)).returncode == 0
    assert verify_cli(path, "--head", str(head), "--head-from", str(report)).returncode == 2
    for value, found in (("", "it is set but empty"), ("short", "it has only 5")):
        monkeypatch.setenv(KEY_VARIABLE, value)
        result = verify_cli(path)
        assert result.returncode == 2
        assert "THREATPUB_LEDGER_KEY: expected a secret of at least 16 characters" in (
            result.stderr
        )
        assert found in result.stderr


def report_of(site: Site) -> dict:
    return json.loads((site.root / ".threatpub/report.json").read_text(encoding="utf-8"))


@pytest.mark.slow
def test_builds_record_the_head_and_a_truncation_fails(tmp_path: Path) -> None:
    site = make_site(
        tmp_path / "s",
        {"index.md": PUBLISHED, "advisories/a.md": held("Alpha held")},
        {
            "ledger": ".threatpub/ledger.jsonl",
            "report": [".threatpub/report.json", ".threatpub/report.txt"],
        },
    )
    ledger = site.root / ".threatpub/ledger.jsonl"
    built = mkdocs(site, "build")
    assert built.returncode == 0, built.stderr
    first = report_of(site)["ledger"]
    head1 = Head(1, hashlib.sha256(rows(ledger)[0]).hexdigest())
    assert first == {
        "path": ".threatpub/ledger.jsonl",
        "entries": 1,
        "sha256": head1.sha256,
        "head": str(head1),
        "appended": 1,
        "keyed": False,
    }
    assert f"ledger .threatpub/ledger.jsonl: 1 entry (1 appended by this build); head {head1}" in (
        built.stderr
    )
    text = (site.root / ".threatpub/report.txt").read_text(encoding="utf-8")
    assert f"head {head1}" in text

    site.write("advisories/b.md", held("Beta held"))
    built = mkdocs(site, "build")
    assert built.returncode == 0, built.stderr
    second = report_of(site)["ledger"]
    assert (second["entries"], second["appended"]) == (2, 1)
    assert f"head {second['head']}" in built.stderr
    result = threatpub(
        "ledger", "verify", "-f", "mkdocs.yml", "--head-from", ".threatpub/report.json",
        cwd=site.root,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"head: {second['head']} matches the recorded head" in result.stdout
    assert verify_cli(ledger, "--head", str(head1)).returncode == 1  # one entry past it
    assert verify_cli(ledger, "--head", str(head1), "--allow-later").returncode == 0

    # The last line removed: verify says so, and the next build refuses to chain onto it.
    ledger.write_bytes(rows(ledger)[0] + b"\n")
    result = threatpub(
        "ledger", "verify", "-f", "mkdocs.yml", "--head-from", ".threatpub/report.json",
        cwd=site.root,
    )  # fmt: skip
    assert result.returncode == 1
    assert ".threatpub/ledger.jsonl:2: the ledger has 1 entry" in result.stdout
    assert "line 2 was removed" in result.stdout
    site.write("advisories/c.md", held("Gamma held"))
    built = mkdocs(site, "build")
    assert built.returncode == 1
    assert "ledger.jsonl:2: the ledger does not continue the head" in built.stderr
    assert "report.json" in built.stderr
    assert "No entry was appended" in built.stderr
    assert len(rows(ledger)) == 1


@pytest.mark.slow
def test_a_build_with_the_key_writes_macs_and_needs_it(tmp_path: Path) -> None:
    site = ledger_site(tmp_path / "s", {"advisories/a.md": held("Alpha held")})
    ledger = site.root / ".threatpub/ledger.jsonl"
    built = mkdocs(site, "build", env={KEY_VARIABLE: KEY})
    assert built.returncode == 0, built.stderr
    assert report_of(site)["ledger"]["keyed"] is True
    assert "lines signed with THREATPUB_LEDGER_KEY" in built.stderr
    assert list(json.loads(rows(ledger)[0]))[-1] == "mac"
    assert verify(ledger, KEY.encode()).ok
    assert not verify(ledger, OTHER_KEY.encode()).ok
    # The CI secret went missing: the build stops rather than write unkeyed lines.
    site.write("advisories/b.md", held("Beta held"))
    for env, words in (
        ({}, "THREATPUB_LEDGER_KEY is not set"),
        ({KEY_VARIABLE: ""}, "it is set but empty"),
    ):
        built = mkdocs(site, "build", env=env)
        assert built.returncode == 1
        assert words in built.stderr
    assert len(rows(ledger)) == 1


@pytest.mark.slow
@pytest.mark.parametrize(
    ("language", "words"),
    [
        # Refused when the build starts (pipeline/paths.py), before anything is built.
        ("en", ["threatpub option 'ledger'", "is not a folder", "a path this user can write"]),
        ("zh", ["threatpub 选项 'ledger'", "不是文件夹", "应使用当前用户可写的路径"]),
    ],
)
def test_a_ledger_that_cannot_be_written_names_its_path(
    tmp_path: Path, language: str, words: list[str]
) -> None:
    site = make_site(
        tmp_path / "s",
        {"index.md": PUBLISHED, "advisories/a.md": held("Alpha held")},
        {"ledger": "not-a-folder/ledger.jsonl", "language": language},
    )
    (site.root / "not-a-folder").write_text("a file, not a folder", encoding="utf-8")
    built = mkdocs(site, "build")
    assert built.returncode == 1
    assert str(site.root / "not-a-folder/ledger.jsonl") in built.stderr
    assert " not-a-folder/ledger.jsonl" in built.stderr
    for word in words:
        assert word in built.stderr


@pytest.mark.slow
def test_a_late_failure_is_in_the_head_the_report_records(tmp_path: Path) -> None:
    from tests.test_late_content import SHELL, snippet_site

    site = snippet_site(tmp_path / "s", SHELL, options={"ledger": ".threatpub/ledger.jsonl"})
    ledger = site.root / ".threatpub/ledger.jsonl"
    built = mkdocs(site, "build")
    assert built.returncode == 1
    assert "LATE001" in built.stderr
    [entry] = lines(ledger)
    assert (entry["page"], entry["verdict"], entry["codes"]) == (
        "posts/upgrade.md",
        "fail",
        ["LATE001"],
    )
    recorded = report_of(site)["ledger"]
    assert recorded["head"] == str(Head(1, hashlib.sha256(rows(ledger)[0]).hexdigest()))
    assert verify_cli(ledger, "--head", recorded["head"]).returncode == 0
