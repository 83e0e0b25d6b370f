"""The audit ledger (SPEC §6, Article 9 "preserve relevant records").

Append-only JSON Lines: one object per decision that keeps a page out of a build (hold,
fail, removed)::

    {"time": "…", "page": "advisories/x.md", "verdict": "hold", "codes": ["CAC801"],
     "sha256": "<SHA-256 of the page source>", "prev": "<SHA-256 of the previous line>"}

``prev`` is the SHA-256 (hex) of the previous line's bytes without its newline, or 64 zeros
for the first line, so editing, deleting or reordering a line breaks the chain at the next
one. Page content and finding messages are never stored: only the path, verdict, codes and
hashes.

Safety:
- concurrent builds: the whole read-check-append runs under an exclusive ``fcntl.flock`` on
  the ledger file itself (Linux, macOS and the BSDs), so two builds never chain onto the same
  line;
- crashes: each line is written with a single ``os.write`` of the complete line on an
  ``O_APPEND`` descriptor, then ``fsync``. A crash can at worst leave a last line without its
  newline, which :func:`verify` reports as truncated and :func:`append` refuses to chain onto.

A page's decision is appended only when it differs from that page's last entry (verdict,
codes or source hash), so repeated builds of an unchanged site add nothing.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "GENESIS",
    "Decision",
    "LedgerError",
    "Verification",
    "append",
    "read_entries",
    "verify",
]

GENESIS = "0" * 64
_KEYS = ("time", "page", "verdict", "codes", "sha256", "prev")


class LedgerError(Exception):
    """The ledger cannot be appended to; the message names the file and the line."""


@dataclass(frozen=True)
class Decision:
    """One decision that keeps a page out."""

    page: str
    verdict: str
    codes: tuple[str, ...]
    sha256: str

    def same_as(self, entry: dict[str, Any]) -> bool:
        return (
            entry.get("page") == self.page
            and entry.get("verdict") == self.verdict
            and tuple(entry.get("codes") or ()) == self.codes
            and entry.get("sha256") == self.sha256
        )


@dataclass(frozen=True)
class Verification:
    """Result of :func:`verify`: ``line`` and ``reason`` of the first break, if any."""

    entries: int
    line: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.line is None


def _digest(line: bytes) -> str:
    return hashlib.sha256(line).hexdigest()


def _check_lines(data: bytes) -> tuple[Verification, list[dict[str, Any]]]:
    """Walk the chain; stop at the first broken line (1-based)."""
    entries: list[dict[str, Any]] = []
    if not data:
        return Verification(0), entries
    lines = data.split(b"\n")
    truncated = lines[-1] != b""
    if not truncated:
        lines.pop()
    prev = GENESIS
    for number, line in enumerate(lines, start=1):
        if truncated and number == len(lines):
            return (
                Verification(
                    len(entries),
                    number,
                    "truncated line (no newline at the end: a crash while writing?)",
                ),
                entries,
            )
        try:
            entry = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            return Verification(len(entries), number, f"bad JSON ({exc})"), entries
        if not isinstance(entry, dict) or any(key not in entry for key in _KEYS):
            missing = [k for k in _KEYS if not isinstance(entry, dict) or k not in entry]
            return (
                Verification(
                    len(entries), number, f"not a ledger entry (missing {', '.join(missing)})"
                ),
                entries,
            )
        if entry["prev"] != prev:
            if number == 1:
                why = "the first line must have 64 zeros (earlier lines removed?)"
            else:
                why = (
                    f"it does not match the hash of line {number - 1} (line {number - 1} "
                    "was edited, or lines were removed or reordered here, or this "
                    "line's 'prev' was edited)"
                )
            return (
                Verification(len(entries), number, f"hash mismatch: 'prev' is wrong: {why}"),
                entries,
            )
        prev = _digest(line)
        entries.append(entry)
    return Verification(len(entries)), entries


def verify(path: Path) -> Verification:
    """Check the hash chain of the ledger at ``path`` (raises ``OSError`` if unreadable)."""
    return _check_lines(path.read_bytes())[0]


def read_entries(path: Path) -> list[dict[str, Any]]:
    """The entries up to the first break (for tests and tools)."""
    return _check_lines(path.read_bytes())[1]


def _read_all(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while True:
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def append(path: Path, decisions: Iterable[Decision], time: str) -> int:
    """Append the decisions that changed since each page's last entry; return how many.

    Raises :class:`LedgerError` when the existing ledger is broken: chaining onto it would
    hide where it broke.
    """
    wanted = list(decisions)
    if not wanted:
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # released when fd is closed
        data = _read_all(fd)
        result, entries = _check_lines(data)
        if not result.ok:
            raise LedgerError(
                f"{path}:{result.line}: the ledger is broken ({result.reason}); no entry was "
                "appended. Run `threatpub ledger verify` and restore the file from a backup."
            )
        last: dict[str, dict[str, Any]] = {}
        for entry in entries:
            last[str(entry["page"])] = entry
        prev = _digest(data.split(b"\n")[-2]) if data else GENESIS
        written = 0
        for decision in wanted:
            previous = last.get(decision.page)
            if previous is not None and decision.same_as(previous):
                continue
            entry = {
                "time": time,
                "page": decision.page,
                "verdict": decision.verdict,
                "codes": list(decision.codes),
                "sha256": decision.sha256,
                "prev": prev,
            }
            line = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
            full = line + b"\n"
            if os.write(fd, full) != len(full):
                raise LedgerError(f"{path}: short write to the ledger (disk full?)")
            os.fsync(fd)
            prev = _digest(line)
            last[decision.page] = entry
            written += 1
        return written
    finally:
        os.close(fd)
