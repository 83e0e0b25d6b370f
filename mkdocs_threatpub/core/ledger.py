"""The audit ledger (SPEC §6, Article 9 "preserve relevant records").

Format
------
Append-only JSON Lines: one object per decision that keeps a page out of a build (hold,
fail, removed)::

    {"time":"…","page":"advisories/x.md","verdict":"hold","codes":["CAC801"],
     "sha256":"<SHA-256 of the page source>","prev":"<SHA-256 of the previous line>"}

``prev`` is the SHA-256 (hex) of the previous line's bytes without its newline, or 64 zeros
for the first line, so editing, deleting or reordering a line breaks the chain at the next
one. Page content and finding messages are never stored: only the path, verdict, codes and
hashes.

The optional key (``mac``)
--------------------------
When the environment variable ``THREATPUB_LEDGER_KEY`` is set (at least 16 characters; a CI
secret), every new line ends with one more field, always the last one::

    {…,"prev":"…","mac":"<HMAC-SHA256, 64 hex digits>"}

``mac`` = HMAC-SHA256(key, ``b"threatpub-ledger-v1\\n"`` + the previous line's ``mac`` (64
zeros when it has none) + ``b"\\n"`` + the line's own bytes with ``,"mac":"…"}`` replaced by
``}``). It covers the line's exact bytes and, through ``prev`` and the previous mac, every
line before it. Without the key nobody can write a line that verifies with it, so a chain
edited and recomputed from the edit on fails :func:`verify` with the key.

Old ledgers (no ``mac``) still verify. Lines without a mac may only come before the first
line with one (written before the key was set; the first mac covers them through its
``prev``); after it every line must carry one, and :func:`append` refuses to write onto a
ledger with macs without the key. With the key, a non-empty ledger in which no line carries
a mac fails: the macs may have been removed and the chain recomputed. Without the key the
macs cannot be checked, and :class:`Verification` says so.

The head
--------
The chain alone cannot show that its last lines were removed or edited, nor that the whole
file was rewritten with a recomputed chain. The **head** — the number of entries and the
SHA-256 of the last line (64 zeros when empty), written ``ENTRIES:SHA256`` — pins it: every
build records the head in its report (the JSON report's ``ledger`` object) and its log, and
:func:`verify` checks a ledger against a head kept elsewhere (a CI artifact): fewer entries,
an emptied file, a different last line or lines past the head are each named with the line.

Safety
------
- concurrent builds: the whole read-check-append runs under an exclusive ``fcntl.flock`` on
  the ledger file itself (Linux, macOS and the BSDs), so two builds never chain onto the same
  line;
- crashes: each line is written with a single ``os.write`` of the complete line on an
  ``O_APPEND`` descriptor, then ``fsync``. A crash can at worst leave a last line without its
  newline, which :func:`verify` reports as truncated and :func:`append` refuses to chain onto;
- :func:`append` never chains onto a ledger that fails verification (chain, macs, or the head
  the previous build recorded), and writes only to a regular file.

A page's decision is appended only when it differs from that page's last entry (verdict,
codes or source hash), so repeated builds of an unchanged site add nothing.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
import re
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs_threatpub.core.i18n import Text, t, zh

__all__ = [
    "GENESIS",
    "HEAD_PROBLEMS",
    "KEY_VARIABLE",
    "MIN_KEY_LENGTH",
    "Appended",
    "Decision",
    "Head",
    "LedgerError",
    "LedgerRecord",
    "Verification",
    "append",
    "check",
    "entries",
    "key_from",
    "read_entries",
    "verify",
]

GENESIS = "0" * 64
KEY_VARIABLE = "THREATPUB_LEDGER_KEY"
MIN_KEY_LENGTH = 16
_KEYS = ("time", "page", "verdict", "codes", "sha256", "prev")
_MAC_DOMAIN = b"threatpub-ledger-v1\n"
_HEX64 = re.compile(r"[0-9a-f]{64}")
# What a ledger whose chain verifies can still differ in from a recorded head.
HEAD_PROBLEMS = ("fewer", "emptied", "edited", "later")


class LedgerError(Exception):
    """The ledger cannot be used; the message (a :class:`Text`) names the file and line,
    what was expected, what was found and what to do."""

    def __init__(self, message: Text) -> None:
        super().__init__(message)
        self.text = message


@dataclass(frozen=True)
class Head:
    """The ledger's head: how many entries, and the SHA-256 of the last line."""

    entries: int
    sha256: str = GENESIS

    def __str__(self) -> str:
        return f"{self.entries}:{self.sha256}"

    @classmethod
    def parse(cls, text: str) -> Head:
        """``ENTRIES:SHA256`` (as a report's ``ledger.head`` gives it); ``ValueError`` with a
        :class:`Text` naming what a valid head looks like."""
        count, _, digest = str(text).strip().partition(":")
        digest = digest.lower()
        valid = count.isascii() and count.isdigit() and _HEX64.fullmatch(digest) is not None
        if valid and int(count) == 0 and digest != GENESIS:
            valid = False
        if not valid:
            raise ValueError(
                t(
                    f"expected a ledger head ENTRIES:SHA256 — a whole number, a colon and 64 "
                    f"hexadecimal digits (64 zeros for 0 entries), as a build's JSON report "
                    f"gives it under ledger.head — found {_clip(text)!r}",
                    f"台账头应为 ENTRIES:SHA256——一个整数、一个冒号和 64 位十六进制数字（0 条时为 "
                    f"64 个 0），即构建的 JSON 报告中 ledger.head 的值；实际为 {_clip(text)!r}",
                )
            ) from None
        return cls(int(count), digest)


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
    """Result of :func:`verify`.

    ``entries`` and ``head`` describe the lines that verified (all of them when ``ok``);
    ``line`` and ``reason`` the first problem. ``macs`` lines carry a mac, the first at
    ``first_mac``; ``keyed`` says whether they were checked with a key.
    """

    entries: int
    head: Head = Head(0)
    line: int | None = None
    reason: Text = field(default_factory=lambda: t("", ""))
    problem: str = ""  # chain | partial | mac, or one of HEAD_PROBLEMS
    macs: int = 0
    first_mac: int | None = None
    keyed: bool = False
    expected: Head | None = None

    @property
    def ok(self) -> bool:
        return self.line is None


@dataclass(frozen=True)
class Appended:
    """Result of :func:`append`: lines written, the head after them, whether they carry a
    mac."""

    written: int
    head: Head
    keyed: bool


@dataclass(frozen=True)
class LedgerRecord:
    """What a build records about its ledger (the JSON report's ``ledger`` object, a line of
    the text report and of the build log). ``path`` is the ``ledger`` option as written."""

    path: str
    appended: Appended

    def to_json(self) -> dict[str, Any]:
        head = self.appended.head
        return {
            "path": self.path,
            "entries": head.entries,
            "sha256": head.sha256,
            "head": str(head),
            "appended": self.appended.written,
            "keyed": self.appended.keyed,
        }

    def describe(self) -> Text:
        a = self.appended
        mac = (
            t(", lines signed with THREATPUB_LEDGER_KEY", "，新行已用 THREATPUB_LEDGER_KEY 签名")
            if a.keyed
            else t("", "")
        )
        return t(
            f"ledger {self.path}: {entries(a.head.entries)} ({a.written} appended by this "
            f"build{mac}); head {a.head} — keep it to check the ledger later with "
            "`threatpub ledger verify --head`",
            f"台账 {self.path}：共 {a.head.entries} 条（本次构建追加 {a.written} 条{zh(mac)}）；"
            f"台账头 {a.head}——请保存它，以后用 `threatpub ledger verify --head` 核对台账",
        )


def key_from(environ: Mapping[str, str]) -> bytes | None:
    """The ledger key from ``THREATPUB_LEDGER_KEY`` in ``environ``; ``None`` when unset.

    Set but empty (a CI secret that is missing) or shorter than 16 characters is an error:
    writing or verifying without the key the user meant to use would fail open.
    """
    value = environ.get(KEY_VARIABLE)
    if value is None:
        return None
    if len(value) < MIN_KEY_LENGTH:
        found = (
            t("it is set but empty", "它已设置但为空")
            if not value
            else t(f"it has only {len(value)}", f"它只有 {len(value)} 个字符")
        )
        raise LedgerError(
            t(
                f"{KEY_VARIABLE}: expected a secret of at least {MIN_KEY_LENGTH} characters; "
                f"{found} (a CI secret that is missing?). Set it to a long random secret "
                "(for example the output of `openssl rand -hex 32`), or unset it to write and "
                "verify the ledger without macs.",
                f"{KEY_VARIABLE}：应为至少 {MIN_KEY_LENGTH} 个字符的密钥；{zh(found)}（CI 中的"
                "密钥缺失？）。请将其设为足够长的随机密钥（例如 `openssl rand -hex 32` 的输出），"
                "或取消设置该变量，以不带 mac 的方式写入和核验台账。",
            )
        )
    return value.encode("utf-8")


# -- reading and checking ------------------------------------------------------------------


def _digest(line: bytes) -> str:
    return hashlib.sha256(line).hexdigest()


def _mac(key: bytes, chained: str, body: bytes) -> str:
    return hmac.new(key, _MAC_DOMAIN + chained.encode() + b"\n" + body, hashlib.sha256).hexdigest()


def _mac_suffix(mac: str) -> bytes:
    return b',"mac":"' + mac.encode() + b'"}'


def entries(count: int) -> str:
    """``1 entry``, ``2 entries`` (English; the Chinese says ``N 条``)."""
    return f"{count} entry" if count == 1 else f"{count} entries"


def _span(first: int, last: int) -> Text:
    """``line 4 was`` or ``lines 4–6 were`` (the subject of a sentence)."""
    if first == last:
        return t(f"line {first} was", f"第 {first} 行")
    return t(f"lines {first}–{last} were", f"第 {first}–{last} 行")


def _clip(text: object, limit: int = 80) -> str:
    value = str(text)
    return value if len(value) <= limit else value[:limit] + "…"


@dataclass
class _Walk:
    """The lines read so far: their entries, digests and macs, and the first problem."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    digests: list[str] = field(default_factory=list)
    macs: int = 0
    first_mac: int | None = None
    last_mac: str = GENESIS
    line: int | None = None
    reason: Text | None = None
    problem: str = ""

    @property
    def head(self) -> Head:
        return Head(len(self.entries), self.digests[-1] if self.digests else GENESIS)

    def fail(self, line: int, reason: Text, problem: str = "chain") -> _Walk:
        self.line, self.reason, self.problem = line, reason, problem
        return self


def _walk(data: bytes, key: bytes | None, *, unsealed_ok: bool = False) -> _Walk:
    """Walk the chain (and the macs, with ``key``); stop at the first broken line (1-based).

    ``unsealed_ok``: with a key, a ledger with no mac at all is accepted (``append`` seals it
    with its first keyed line); :func:`verify` does not accept it.
    """
    walk = _Walk()
    if not data:
        return walk
    lines = data.split(b"\n")
    truncated = lines[-1] != b""
    if not truncated:
        lines.pop()
    prev = GENESIS
    for number, line in enumerate(lines, start=1):
        if truncated and number == len(lines):
            return walk.fail(
                number,
                t(
                    "truncated line (no newline at the end: a crash while writing?)",
                    "截断的行（末尾没有换行符：写入时崩溃？）",
                ),
                "partial",
            )
        try:
            entry = json.loads(line.decode("utf-8"))
        except UnicodeDecodeError as exc:
            return walk.fail(
                number,
                t(
                    f"bad JSON (not UTF-8 at byte {exc.start + 1})",
                    f"JSON 无效（第 {exc.start + 1} 个字节不是 UTF-8）",
                ),
            )
        except json.JSONDecodeError as exc:
            return walk.fail(
                number,
                t(
                    f"bad JSON (at column {exc.colno}: expected one JSON object per line)",
                    f"JSON 无效（第 {exc.colno} 列：每行应为一个 JSON 对象）",
                ),
            )
        if not isinstance(entry, dict) or any(k not in entry for k in _KEYS):
            missing = ", ".join(k for k in _KEYS if not isinstance(entry, dict) or k not in entry)
            return walk.fail(
                number,
                t(
                    f"not a ledger entry (missing {missing})",
                    f"不是台账条目（缺少 {missing}）",
                ),
            )
        if entry["prev"] != prev:
            if number == 1:
                why = t(
                    "the first line must have 64 zeros (earlier lines removed?)",
                    "第一行应为 64 个 0（之前的行被删除？）",
                )
            else:
                why = t(
                    f"it does not match the hash of line {number - 1} (line {number - 1} "
                    "was edited, or lines were removed or reordered here, or this "
                    "line's 'prev' was edited)",
                    f"与第 {number - 1} 行的哈希不符（第 {number - 1} 行被修改，或此处有行被删除"
                    "或调换，或本行的 'prev' 被修改）",
                )
            return walk.fail(
                number,
                t(f"hash mismatch: 'prev' is wrong: {why}", f"哈希不符：'prev' 有误：{zh(why)}"),
            )
        problem = _check_mac(walk, number, line, entry, key)
        if problem is not None:
            return walk.fail(number, problem, "mac")
        prev = _digest(line)
        walk.entries.append(entry)
        walk.digests.append(prev)
    if key is not None and walk.entries and walk.macs == 0 and not unsealed_ok:
        return walk.fail(
            len(walk.entries),
            t(
                f"no line carries a mac, but {KEY_VARIABLE} is set: with the key, the ledger "
                "must end in lines with a valid mac (the macs may have been removed and the "
                "chain recomputed). If this ledger was written before the key was set, verify "
                "it without the key against its recorded head; the next build that records a "
                "decision with the key set seals the earlier lines",
                f"没有任何一行带有 mac，但已设置 {KEY_VARIABLE}：有密钥时，台账末尾的行必须带有"
                "有效的 mac（mac 可能被删除且哈希链被重新计算）。如果本台账写于设置密钥之前，"
                "请不带密钥按记录的台账头核验；设置密钥后下一次记录决定的构建会封存之前的行",
            ),
            "mac",
        )
    return walk


def _check_mac(
    walk: _Walk, number: int, line: bytes, entry: dict[str, Any], key: bytes | None
) -> Text | None:
    """The mac of one line: its shape always, its value with ``key``; updates ``walk``."""
    mac = entry.get("mac")
    if mac is None:
        if walk.first_mac is not None:
            return t(
                f"no mac, but line {walk.first_mac} before it has one: every line after the "
                "first with a mac must carry one (this line was written or rewritten without "
                "the key)",
                f"没有 mac，但之前的第 {walk.first_mac} 行有：第一条带 mac 的行之后，每一行都必须"
                "带 mac（本行是在没有密钥的情况下写入或改写的）",
            )
        return None
    if not isinstance(mac, str) or _HEX64.fullmatch(mac) is None:
        return t("the mac is not 64 lowercase hexadecimal digits", "mac 不是 64 位小写十六进制数字")
    suffix = _mac_suffix(mac)
    if not line.endswith(suffix):
        return t(
            'the mac is not the line\'s last field, written as ,"mac":"…"}',
            '"mac" 不是本行的最后一个字段（应写作 ,"mac":"…"}）',
        )
    if key is not None:
        expected = _mac(key, walk.last_mac, line[: -len(suffix)] + b"}")
        if not hmac.compare_digest(expected, mac):
            return t(
                f"the mac does not match under {KEY_VARIABLE}: the line (or one before it) was "
                "changed after it was written and the chain recomputed, or it was written "
                "with another key",
                f"在 {KEY_VARIABLE} 下 mac 不符：本行（或之前的行）写入后被修改且哈希链被重新计算，"
                "或它是用另一个密钥写入的",
            )
    walk.macs += 1
    if walk.first_mac is None:
        walk.first_mac = number
    walk.last_mac = mac
    return None


def _against_head(walk: _Walk, head: Head, *, allow_later: bool) -> _Walk:
    """Check ``walk`` (the lines that verified, and the first problem) against ``head``."""
    n, m = len(walk.entries), head.entries
    if walk.line is not None and walk.line <= m:
        return walk  # the chain breaks before the head's last line: that is the problem
    if n < m:
        if n == 0:
            return walk.fail(
                1,
                t(
                    f"the ledger is empty, but the recorded head {head} has {entries(m)}: the "
                    "file was emptied, deleted or replaced",
                    f"台账为空，但记录的台账头 {head} 有 {m} 条：文件被清空、删除或替换",
                ),
                "emptied",
            )
        return walk.fail(
            n + 1,
            t(
                f"the ledger has {entries(n)}, but the recorded head {head} has {m}: "
                f"{_span(n + 1, m)} removed (or the file was replaced by an older copy)",
                f"台账有 {n} 条，但记录的台账头 {head} 有 {m} 条：{zh(_span(n + 1, m))}被删除"
                "（或文件被替换为较早的副本）",
            ),
            "fewer",
        )
    if m and walk.digests[m - 1] != head.sha256:
        return walk.fail(
            m,
            t(
                f"line {m} has SHA-256 {walk.digests[m - 1]}, but the recorded head {head} "
                f"expects {head.sha256}: line {m} was edited, or the ledger was rewritten up "
                "to it with a recomputed chain",
                f"第 {m} 行的 SHA-256 为 {walk.digests[m - 1]}，但记录的台账头 {head} 要求 "
                f"{head.sha256}：第 {m} 行被修改，或台账被改写到该行并重新计算了哈希链",
            ),
            "edited",
        )
    if walk.line is not None and walk.reason is not None:
        after = t(
            f" (after the recorded head {head}, whose {m} entries are intact: the line was "
            "appended or changed since the head was recorded)",
            f"（位于记录的台账头 {head} 之后，台账头的 {m} 条完好：该行是在记录台账头之后"
            "追加或修改的）",
        )
        reason = t(f"{walk.reason}{after}", f"{zh(walk.reason)}{zh(after)}")
        return walk.fail(walk.line, reason, walk.problem)
    if n > m and not allow_later:
        return walk.fail(
            m + 1,
            t(
                f"the ledger has {entries(n)}, {n - m} past the recorded head {head} (whose "
                f"{m} entries are intact): {_span(m + 1, n)} appended after the head was "
                "recorded; expected exactly the head's entries",
                f"台账有 {n} 条，比记录的台账头 {head} 多 {n - m} 条（台账头的 {m} 条完好）："
                f"{zh(_span(m + 1, n))}是在记录台账头之后追加的；应恰好为台账头的条目",
            ),
            "later",
        )
    return walk


def _verification(walk: _Walk, key: bytes | None, expected: Head | None) -> Verification:
    return Verification(
        entries=len(walk.entries),
        head=walk.head,
        line=walk.line,
        reason=walk.reason if walk.reason is not None else t("", ""),
        problem=walk.problem,
        macs=walk.macs,
        first_mac=walk.first_mac,
        keyed=key is not None,
        expected=expected,
    )


def check(
    data: bytes,
    key: bytes | None = None,
    head: Head | None = None,
    *,
    allow_later: bool = False,
) -> Verification:
    """Check the ledger's bytes ``data``: the chain, the macs (with ``key``), and ``head``
    when given (exactly, or as a prefix with ``allow_later``)."""
    walk = _walk(data, key)
    if head is not None:
        walk = _against_head(walk, head, allow_later=allow_later)
    return _verification(walk, key, head)


def verify(
    path: Path,
    key: bytes | None = None,
    head: Head | None = None,
    *,
    allow_later: bool = False,
) -> Verification:
    """:func:`check` the ledger at ``path`` (raises ``OSError`` if unreadable)."""
    return check(path.read_bytes(), key, head, allow_later=allow_later)


def read_entries(path: Path) -> list[dict[str, Any]]:
    """The entries up to the first break (for tests and tools)."""
    return _walk(path.read_bytes(), None).entries


# -- appending -------------------------------------------------------------------------------


def _read_all(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while True:
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def _broken(path: Path, walk: _Walk, expected: Head | None, expected_from: str) -> LedgerError:
    assert walk.line is not None
    assert walk.reason is not None
    if walk.problem in HEAD_PROBLEMS and expected is not None:
        return LedgerError(
            t(
                f"{path}:{walk.line}: the ledger does not continue the head that the last "
                f"build recorded in {expected_from}: {walk.reason}. No entry was appended. "
                "Restore the ledger from a backup (`threatpub ledger verify --head-from "
                f"{expected_from}` shows what differs); if you started a new ledger on "
                f"purpose, delete {expected_from} first.",
                f"{path}:{walk.line}：台账没有延续上一次构建记录在 {expected_from} 中的台账头："
                f"{zh(walk.reason)}。未追加任何条目。请从备份恢复台账（`threatpub ledger verify "
                f"--head-from {expected_from}` 会显示差异）；如果是有意开始新台账，请先删除 "
                f"{expected_from}。",
            )
        )
    return LedgerError(
        t(
            f"{path}:{walk.line}: the ledger is broken ({walk.reason}); no entry was appended. "
            "Run `threatpub ledger verify` and restore the file from a backup.",
            f"{path}:{walk.line}：台账已损坏（{zh(walk.reason)}）；未追加任何条目。请运行 "
            "`threatpub ledger verify` 并从备份恢复该文件。",
        )
    )


def append(
    path: Path,
    decisions: Iterable[Decision],
    time: str,
    *,
    key: bytes | None = None,
    expected: Head | None = None,
    expected_from: str = "",
) -> Appended:
    """Append the decisions that changed since each page's last entry; return how many were
    written and the head after them. With ``key`` each line carries a mac.

    Every call checks the whole ledger first, also when nothing is to be written (the head
    is recorded either way), and raises :class:`LedgerError` when it fails: a broken chain
    or mac, macs without ``key``, or a ledger that does not continue ``expected`` (the head
    the previous build recorded, in ``expected_from``). Chaining onto such a ledger would
    hide where it broke. Only a regular file is read or written.
    """
    wanted = list(decisions)
    flags = os.O_RDONLY
    if wanted:
        path.parent.mkdir(parents=True, exist_ok=True)
        flags = os.O_RDWR | os.O_APPEND | os.O_CREAT
    try:
        fd = os.open(path, flags | os.O_NONBLOCK, 0o644)
    except FileNotFoundError:
        fd = -1  # nothing to write and no ledger yet
    try:
        data = b""
        if fd >= 0:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise LedgerError(
                    t(
                        f"{path}: expected the ledger to be a regular file, but it is a device, "
                        "folder, pipe or socket. Point the `ledger` option at a file such as "
                        "'.threatpub/ledger.jsonl'.",
                        f"{path}：台账应为普通文件，但它是设备、文件夹、管道或套接字。请将 "
                        "`ledger` 选项指向一个文件，例如 '.threatpub/ledger.jsonl'。",
                    )
                )
            fcntl.flock(fd, fcntl.LOCK_EX if wanted else fcntl.LOCK_SH)  # freed on close
            data = _read_all(fd)
        walk = _walk(data, key, unsealed_ok=True)
        if expected is not None:
            walk = _against_head(walk, expected, allow_later=True)
        if walk.line is not None:
            raise _broken(path, walk, expected, expected_from)
        if walk.macs and key is None:
            raise LedgerError(
                t(
                    f"{path}:{walk.first_mac}: the ledger's lines carry macs from line "
                    f"{walk.first_mac} on, but {KEY_VARIABLE} is not set: lines written now "
                    "would carry none and the ledger would no longer verify. Set "
                    f"{KEY_VARIABLE} to the ledger's key (in CI, from its secret) and build "
                    "again.",
                    f"{path}:{walk.first_mac}：台账从第 {walk.first_mac} 行起带有 mac，但未设置 "
                    f"{KEY_VARIABLE}：现在写入的行将不带 mac，台账将无法通过核验。请将 "
                    f"{KEY_VARIABLE} 设为该台账的密钥（CI 中取自其密钥配置），然后重新构建。",
                )
            )
        last: dict[str, dict[str, Any]] = {}
        for entry in walk.entries:
            last[str(entry["page"])] = entry
        prev, chained = walk.head.sha256, walk.last_mac
        count, written = walk.head.entries, 0
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
            if key is not None:
                chained = _mac(key, chained, line)
                line = line[:-1] + _mac_suffix(chained)
            full = line + b"\n"
            if os.write(fd, full) != len(full):
                raise LedgerError(
                    t(
                        f"{path}: short write to the ledger (disk full?); free space and build "
                        "again (`threatpub ledger verify` names the truncated line)",
                        f"{path}：写入台账不完整（磁盘已满？）；请释放空间后重新构建（`threatpub "
                        "ledger verify` 会指出被截断的行）",
                    )
                )
            os.fsync(fd)
            prev = _digest(line)
            last[decision.page] = entry
            count += 1
            written += 1
        return Appended(written, Head(count, prev), keyed=key is not None)
    finally:
        if fd >= 0:
            os.close(fd)
