"""Lines of ``/etc/passwd`` (``name:x:0:0:gecos:/home:/shell``) and ``/etc/shadow``
(``name:$6$…:19000:0:99999:7:::``), also inside JSON strings (``…\\ndaemon:x:1:1:…``).

A single line is what an article quotes to explain the format: it only warns. Two or more
distinct lines of a file on the page, or any line carrying a password hash, are a copy of
the file: strong. Reported once per block with the number of lines. A single line of an
operating system's stock superuser or service account with no password (macOS's
``root:*:0:0:System Administrator:/var/root:/bin/sh``, Linux's ``root:x:0:0:root:/root:…``)
is the same on every installation: it shows the format, not anyone's data, and is not
reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from mkdocs_threatpub.core.i18n import Text, t
from mkdocs_threatpub.core.lazy import lazy_re2
from mkdocs_threatpub.scanners.base import Hit, hit
from mkdocs_threatpub.scanners.detectors._personal import MAX_CANDIDATES
from mkdocs_threatpub.scanners.document import Document, View

_NAME = r"[A-Za-z_][A-Za-z0-9_.-]{0,31}\$?"
_PASSWD = lazy_re2(
    rf"({_NAME}):([^:\s]{{0,200}}):[0-9]{{1,10}}:[0-9]{{1,10}}:[^:\n\"\\\\`]{{0,200}}:/[^:\s\"'\\\\<>`|)\]]{{0,200}}:[^\s:\"'\\\\<>`|)\],]{{0,200}}"
)
_SHADOW = lazy_re2(
    rf"({_NAME}):([^:\s]{{0,200}}):[0-9]{{1,6}}:[0-9]{{0,6}}:[0-9]{{0,6}}:[0-9]{{0,6}}:[0-9]{{0,6}}:[0-9]{{0,6}}:[0-9]{{0,6}}"
)
_QUICK = lazy_re2(r":[0-9]{1,10}:[0-9]{0,10}:")
_DES = lazy_re2(r"^[./0-9A-Za-z]{13}$")
_NO_HASH = frozenset({"", "x", "*", "!", "!!", "!*", "*lk*", "np", "!locked", "*np*", "locked"})
# Accounts every installation of an OS ships, and the homes they ship with.
_STOCK_ACCOUNTS = frozenset(
    {
        "root", "daemon", "bin", "sys", "sync", "games", "man", "lp", "mail", "news", "uucp",
        "proxy", "www-data", "backup", "list", "irc", "gnats", "nobody", "operator", "adm",
        "halt", "shutdown", "ftp", "_uucp", "_www", "_apt",
    }
)  # fmt: skip
_STOCK_HOMES = lazy_re2(
    r"^(?:/|/root|/var/root|/var/empty|/nonexistent|/bin|/sbin|/dev|/usr/sbin|/usr/games|"
    r"/var/(?:spool/\w{1,10}|cache/man|mail|www|backups|list|run/\w{1,20}|lib/\w{1,20}|empty)|/home/syslog)$"
)
_WORD = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_$.-")


def has_hash(field_value: str) -> bool:
    """Whether a passwd/shadow password field holds a hash (locked ones included)."""
    value = field_value.lstrip("!")
    if value.lower() in _NO_HASH:
        return False
    if value.startswith("$"):
        body = value.rsplit("$", 1)[-1]
        return len(body) >= 20 and len(set(body)) >= 12
    return bool(_DES.match(value)) and len(set(value)) >= 8


def _stock(line: str) -> bool:
    """Whether a passwd ``line`` is an OS's stock account: its name and home as shipped,
    no password in it."""
    fields = line.split(":")
    if len(fields) != 7 or fields[0] not in _STOCK_ACCOUNTS or has_hash(fields[1]):
        return False
    return fields[1] in ("", "x", "*") and bool(_STOCK_HOMES.match(fields[5]))


@dataclass
class _Block:
    view: View
    first: int
    lines: list[str] = field(default_factory=list)
    hashes: int = 0


def _lines(pattern: Any, view: View, seen: set[str]) -> _Block | None:
    text = view.text
    block: _Block | None = None
    for number, match in enumerate(pattern.finditer(text)):
        if number >= MAX_CANDIDATES:
            break
        start, end = match.start(), match.end()
        name = match.group(1)
        before = text[start - 1] if start else ""
        if before == "\\" and name[:1] in ("n", "r", "t") and len(name) > 1:
            start += 1  # "\ndaemon:x:1:1:…" inside a JSON or C string
            name = name[1:]
        elif before and (before in _WORD or before == ":"):
            continue
        after = text[end] if end < len(text) else ""
        if after == ":" or (after and after in _WORD):
            continue
        line = text[start:end]
        if line in seen:
            continue
        seen.add(line)
        if block is None:
            block = _Block(view, start)
        block.lines.append(line)
        block.hashes += has_hash(match.group(2))
    return block


class PasswdShadow:
    name = "passwd-shadow"
    rule = "CAC404"
    keywords: tuple[str, ...] = ()  # scan() starts with a cheap check instead

    def scan(self, doc: Document) -> Iterator[Hit]:
        if not _QUICK.search(doc.lowered):
            return
        for pattern, file in ((_PASSWD, "/etc/passwd"), (_SHADOW, "/etc/shadow")):
            seen: set[str] = set()
            blocks = [b for view in doc.block_views() if (b := _lines(pattern, view, seen))]
            total = sum(len(b.lines) for b in blocks)
            if total == 1 and file == "/etc/passwd" and _stock(blocks[0].lines[0]):
                continue  # the format, shown with the account every system has
            for block in blocks:
                strong = total >= 2 or block.hashes > 0
                matched = "\n".join(sorted(block.lines))
                what = _describe(file, len(block.lines), block.hashes, strong)
                yield hit(self, block.view, block.first, what, matched, strong=strong)


def _describe(file: str, count: int, hashes: int, strong: bool) -> Text:
    """A block's description: "3 /etc/passwd lines with a password hash", "a single … line"."""
    if not strong:
        return t(f"a single {file} line", f"单独一行 {file} 内容")
    en = f"{count} {file} lines" if count > 1 else f"an {file} line"
    zh = f"{file} 内容（{count} 行）" if count > 1 else f"一行 {file} 内容"
    if hashes == 1:
        en, zh = f"{en} with a password hash", f"{zh}，含密码哈希"
    elif hashes > 1:
        en, zh = f"{en} with {hashes} password hashes", f"{zh}，含 {hashes} 个密码哈希"
    return t(en, zh)


DETECTOR = PasswdShadow()
