"""The baseline file: content findings a team accepted once, as fingerprints (SPEC §5).

```json
{"version": 1, "findings": [{"rule": "CAC402", "page": "posts/x.md", "fingerprint": "…"}]}
```

A fingerprint is a hash of the rule, the detector and the normalised match
(:func:`mkdocs_threatpub.scanners.base.fingerprint`), so the file never holds page text and
moving the content on its page keeps it accepted (the detect-secrets model). The file is
strict: anything else in it is a configuration error, since a baseline that is read wrongly
would accept findings nobody reviewed.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from mkdocs_threatpub.core.files import kind_of_mode, write_text_atomically
from mkdocs_threatpub.core.i18n import t, zh

__all__ = [
    "BASELINE_VERSION",
    "MAX_BASELINE_BYTES",
    "BaselineEntry",
    "BaselineError",
    "load_baseline",
    "read_entries",
    "write_baseline",
]

BASELINE_VERSION = 1
# A baseline holds about 100 bytes per accepted finding: 10 MB is some 100,000 findings, far
# more than a real site accepts, and a bound on what a wrong path (a device) makes us read.
MAX_BASELINE_BYTES = 10 * 1024 * 1024
_FINGERPRINT = re.compile(r"[0-9a-f]{32}")


_KEYS = {"rule", "page", "fingerprint"}


class BaselineError(ValueError):
    """The baseline file cannot be used; the message names the file and what is wrong."""


@dataclass(frozen=True, order=True)
class BaselineEntry:
    page: str
    rule: str
    fingerprint: str

    @property
    def key(self) -> tuple[str, str]:
        """What :attr:`Context.baseline` holds: (page, fingerprint)."""
        return (self.page, self.fingerprint)


def read_entries(path: Path, accepted_codes: Collection[str]) -> list[BaselineEntry]:
    """The entries of the baseline at ``path``; a missing file is an empty baseline.

    ``accepted_codes`` are the codes of the rules whose findings a person may accept (the
    suppressible content rules); an entry for any other code is an error.
    """
    try:
        raw = _read_limited(path)
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise BaselineError(f"baseline file {path}: cannot read it: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BaselineError(f"baseline file {path}: cannot read it: it is not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(
            f"baseline file {path}: not valid JSON (line {exc.lineno}, column {exc.colno}: "
            f'{exc.msg}); expected {{"version": 1, "findings": [...]}}'
        ) from None
    if not isinstance(data, dict):
        raise BaselineError(
            f"baseline file {path}: expected a JSON object with 'version' and 'findings', "
            f"found {_kind(data)}"
        )
    unknown = sorted(set(data) - {"version", "findings"})
    if unknown:
        raise BaselineError(
            f"baseline file {path}: unexpected key '{unknown[0]}'; expected only 'version' "
            "and 'findings'"
        )
    version = data.get("version")
    if version != BASELINE_VERSION or isinstance(version, bool):
        raise BaselineError(
            f"baseline file {path}: 'version' must be {BASELINE_VERSION}, found "
            f"{json.dumps(version)}"
        )
    findings = data.get("findings")
    if not isinstance(findings, list):
        raise BaselineError(
            f"baseline file {path}: 'findings' must be a list, found {_kind(findings)}"
        )
    entries = []
    for index, item in enumerate(findings):
        where = f"baseline file {path}: findings[{index}]"
        if not isinstance(item, dict):
            raise BaselineError(f"{where}: expected an object, found {_kind(item)}")
        extra = sorted(set(item) - _KEYS)
        if extra:
            # Nothing but identities belongs here: a copied match would leak the content.
            raise BaselineError(
                f"{where}: unexpected key '{extra[0]}'; an entry holds only rule, page and "
                "fingerprint (never any text)"
            )
        for key in sorted(_KEYS):
            if not isinstance(item.get(key), str) or not item[key]:
                raise BaselineError(
                    f"{where}: '{key}' must be a non-empty string, found {_kind(item.get(key))}"
                )
        if item["rule"] not in accepted_codes:
            raise BaselineError(
                f"{where}: 'rule' must be a content rule code a person may accept "
                f"({', '.join(sorted(accepted_codes))}), found {json.dumps(item['rule'])}"
            )
        if not _FINGERPRINT.fullmatch(item["fingerprint"]):
            raise BaselineError(
                f"{where}: 'fingerprint' must be 32 lower-case hex digits (a hash, never "
                f"the text), found a string of {len(item['fingerprint'])} characters"
            )
        entries.append(BaselineEntry(item["page"], item["rule"], item["fingerprint"]))
    return entries


def _read_limited(path: Path) -> bytes:
    """The bytes of the regular file ``path``, at most :data:`MAX_BASELINE_BYTES`.

    Opened without blocking and checked before reading: a device (``/dev/zero``), a FIFO or
    a folder would be read without end, or wait for a writer, and is refused.
    """
    chunks: list[bytes] = []
    size = 0
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        kind = kind_of_mode(os.fstat(fd).st_mode)
        if kind is None:
            while size <= MAX_BASELINE_BYTES:
                chunk = os.read(fd, MAX_BASELINE_BYTES + 1 - size)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
    finally:
        os.close(fd)
    if kind is not None:
        raise BaselineError(
            t(
                f"baseline file {path}: it is {kind}, not a regular file. Expected a JSON "
                "file written by `threatpub baseline`, such as '.threatpub/baseline.json' "
                "beside mkdocs.yml.",
                f"基线文件 {path}：它是{zh(kind)}，不是普通文件。应为 `threatpub baseline` "
                "写出的 JSON 文件，例如 mkdocs.yml 旁的 '.threatpub/baseline.json'。",
            )
        )
    if size > MAX_BASELINE_BYTES:
        limit = MAX_BASELINE_BYTES // (1024 * 1024)
        raise BaselineError(
            t(
                f"baseline file {path}: it is larger than {limit} MB, far more than a "
                "baseline holds (about 100 bytes per accepted finding). Expected the file "
                "`threatpub baseline` writes; check the path, or delete the file and run "
                "`threatpub baseline` to write it again.",
                f"基线文件 {path}：超过 {limit} MB，远大于基线文件应有的大小（每条已接受的"
                "问题约 100 字节）。应为 `threatpub baseline` 写出的文件；请检查路径，或删除"
                "该文件后重新运行 `threatpub baseline`。",
            )
        )
    return b"".join(chunks)


def load_baseline(path: Path | None, accepted_codes: Collection[str]) -> frozenset[tuple[str, str]]:
    """(page, fingerprint) pairs for :class:`Context`; no path or no file: empty."""
    if path is None:
        return frozenset()
    return frozenset(entry.key for entry in read_entries(path, accepted_codes))


def write_baseline(path: Path, entries: Iterable[BaselineEntry]) -> None:
    """Write sorted, one entry per line, atomically (a crash never leaves half a file)."""
    unique = sorted(set(entries))
    lines = [
        json.dumps(
            {"rule": e.rule, "page": e.page, "fingerprint": e.fingerprint}, ensure_ascii=False
        )
        for e in unique
    ]
    body = ",\n    ".join(lines)
    text = (
        f'{{\n  "version": {BASELINE_VERSION},\n  "findings": [\n    {body}\n  ]\n}}\n'
        if lines
        else f'{{\n  "version": {BASELINE_VERSION},\n  "findings": []\n}}\n'
    )
    write_text_atomically(path, text)


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    return {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
    }.get(type(value), type(value).__name__)
