"""The judging cache on disk: re-judge only the pages that changed, across builds.

One file in the ``cache_dir`` option's folder (``.threatpub/cache`` beside ``mkdocs.yml`` by
default), ``pages-<key hash>.json``: a JSON header line, then the JSON of the pages. It
holds, per page, what the in-memory page cache keeps between ``mkdocs serve`` rebuilds and
that does not depend on the clock:

* the page's source hash, meta key and ``include`` match (an entry serves only that source);
* the content scan under these settings: each hit's rule, detector, line, description and
  fingerprint, the lines where each fingerprint's content occurs, or the limit that stopped
  the scan;
* the findings of every rule that does not read the clock.

It never holds page text: descriptions and findings are the same words the report carries
(they never quote flagged content), and matched content is only a fingerprint (a hash). The
rules that read the clock (Articles 5–8, scheduling, takedowns) run again on every build
from the page itself, so a cached page scheduled for tomorrow publishes tomorrow.

The file is keyed by the package version, a hash of the package's files (the rules' code
version) and the settings' fingerprint (every option and profile that can change a
verdict); its name is a hash of that key, so a new version or new settings start a new file
(the folder may be deleted at any time). A file under that name that cannot be read, is not
valid, was cut short or was made under another key is ignored with one warning and never
trusted: the pages are judged again and the file is replaced. It is written atomically (a
temporary file in the same folder, then renamed), so parallel runs each leave a whole file,
never a torn one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from mkdocs_threatpub import __version__
from mkdocs_threatpub.core.analysis import ContentScan
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import Text, t
from mkdocs_threatpub.core.limits import LimitExceeded
from mkdocs_threatpub.scanners.base import Hit

__all__ = ["Entry", "PersistentCache", "cache_file_name", "cache_key"]

_FORMAT = 1


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the package's Python files (name, size, modification time): a changed rule
    invalidates the cache even when the version number did not change (an editable
    install, a development build). Statting is ~10× cheaper than reading them all; a file
    touched without a change only costs one cold build."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        stat = path.stat()
        digest.update(f"{path.relative_to(root).as_posix()}\0{stat.st_size}\0".encode())
        digest.update(f"{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def cache_key(settings_key: str) -> str:
    """What a cache file must have been made under to be used."""
    return f"{__version__}/{code_version()}/{settings_key}"


def cache_file_name(key: str) -> str:
    """One file per key: after an upgrade or a change of settings the old file is simply not
    looked at (no warning); a file under this name made under another key is foreign."""
    return f"pages-{hashlib.sha256(key.encode()).hexdigest()[:16]}.json"


@dataclass
class Entry:
    """One page's cached judgement inputs (see the module's docstring)."""

    sha256: str
    meta_key: str
    included: bool
    findings: dict[str, tuple[Finding, ...]]
    scan: ContentScan[Hit] | None = None
    # LATE001's findings for the page as last rendered (the SHA-256 of that HTML): a warm
    # build whose output did not change does not scan it again.
    late_html: str | None = None
    late: tuple[Finding, ...] = ()

    def matches(self, sha256: str, meta_key: str, included: bool) -> bool:
        return (self.sha256, self.meta_key, self.included) == (sha256, meta_key, included)


@dataclass
class PersistentCache:
    """The cache file in ``folder`` for one ``key`` (:func:`cache_key`)."""

    folder: Path
    key: str
    entries: dict[str, Entry] = field(default_factory=dict)
    changed: bool = False
    writable: bool = True

    @property
    def file(self) -> Path:
        return self.folder / cache_file_name(self.key)

    def load(self) -> Text | None:
        """Read the file; the warning to show when it was there but cannot be used."""
        self.entries = {}
        try:
            blob = self.file.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            # Not a file we can replace either (a folder, no permission): leave it alone,
            # rather than warn again when saving.
            self.writable = False
            return _ignored(self.file, _why_unreadable(exc), replaced=False)
        header, _, body = blob.partition(b"\n")
        try:
            data = json.loads(header)
            if not isinstance(data, dict) or data.get("format") != _FORMAT:
                raise _Invalid
        except (ValueError, _Invalid):
            return _ignored(
                self.file,
                t(
                    "it is not a threatpub cache file",
                    "它不是 threatpub 缓存文件",
                ),
            )
        if data.get("key") != self.key:
            return _ignored(
                self.file,
                t(
                    "it was made by another threatpub version or under other settings",
                    "它由其他版本的 threatpub 或在其他设置下生成",
                ),
            )
        if data.get("check") != hashlib.sha256(body).hexdigest():
            return _ignored(
                self.file,
                t(
                    "it was cut short or changed after it was written (its checksum does not "
                    "match)",
                    "它不完整或在写入后被改动（校验和不符）",
                ),
            )
        try:
            pages = _dict(json.loads(body))
            self.entries = {_str(path): _entry(value) for path, value in pages.items()}
        except (_Invalid, TypeError, ValueError, KeyError):
            self.entries = {}
            return _ignored(self.file, t("its contents are not valid", "其内容无效"))
        return None

    def get(self, path: str, sha256: str, meta_key: str, included: bool) -> Entry | None:
        entry = self.entries.get(path)
        return entry if entry is not None and entry.matches(sha256, meta_key, included) else None

    def put(self, path: str, entry: Entry) -> None:
        self.entries[path] = entry
        self.changed = True

    def save(self) -> Text | None:
        """Write the file (only when something changed); the warning to show when it could
        not be written (the build goes on: the cache only saves time)."""
        if not self.changed or not self.writable:
            return None
        pages = {path: _entry_data(entry) for path, entry in sorted(self.entries.items())}
        body = json.dumps(pages, ensure_ascii=False, separators=(",", ":")).encode()
        header = {"format": _FORMAT, "key": self.key, "check": hashlib.sha256(body).hexdigest()}
        data = json.dumps(header).encode() + b"\n" + body
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _write_atomically(self.file, data)
        except OSError as exc:
            return t(
                f"could not write the judging cache {self.file} ({_why_unreadable(exc)}); "
                "the next build judges every page again. Fix: make the folder writable, or "
                "set the threatpub option 'cache_dir' to false",
                f"无法写入审查缓存 {self.file}（{_why_unreadable(exc).zh}）；下次构建将重新审查"
                "所有页面。修复：使该目录可写，或将 threatpub 选项 'cache_dir' 设为 false",
            )
        self.changed = False
        return None


class _Invalid(Exception):
    pass


def _why_unreadable(exc: OSError) -> Text:
    reason = exc.strerror or type(exc).__name__
    return t(f"cannot read it: {reason}", f"无法读取：{reason}")


def _ignored(file: Path, why: Text, *, replaced: bool = True) -> Text:
    after = (
        t("the file is replaced after this build", "本次构建后替换该文件")
        if replaced
        else t(
            "the file is left as it is (fix: delete it, or make it a readable file)",
            "该文件保持原样（修复：删除它，或使其成为可读的文件）",
        )
    )
    return t(
        f"ignored the judging cache {file}: {why}; every page is judged again and {after} "
        "(nothing in it was trusted)",
        f"已忽略审查缓存 {file}：{why.zh}；所有页面将重新审查，{after.zh}（其内容未被采信）",
    )


def _write_atomically(file: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".tmp", dir=file.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        # mkstemp makes the file private; give it the mode any other file would get.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, file)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


# -- encoding: plain JSON, read back with every type checked --------------------------------


def _text(value: str) -> Any:
    return [str(value), value.zh] if isinstance(value, Text) else str(value)


def _from_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value):
        return Text(value[0], value[1])
    raise _Invalid


def _finding_data(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "line": finding.line,
        "message": _text(finding.message),
        "expected": _text(finding.expected),
        "found": _text(finding.found),
        "fix": _text(finding.fix),
        "key": _text(finding.key),
        "release_after": finding.release_after.isoformat() if finding.release_after else None,
        "max_action": finding.max_action.value if finding.max_action else None,
        "fingerprint": finding.fingerprint,
    }


def _finding(data: Any) -> Finding:
    data = _dict(data)
    release = data["release_after"]
    action = data["max_action"]
    return Finding(
        code=_str(data["code"]),
        line=_int(data["line"]),
        message=_from_text(data["message"]),
        expected=_from_text(data["expected"]),
        found=_from_text(data["found"]),
        fix=_from_text(data["fix"]),
        key=_from_text(data["key"]),
        release_after=None if release is None else dt.date.fromisoformat(_str(release)),
        max_action=None if action is None else Action(_str(action)),
        fingerprint=_str(data["fingerprint"]),
    )


def _hit_data(hit: Hit) -> list[Any]:
    return [hit.rule, hit.detector, hit.line, _text(hit.what), hit.strong, hit.fingerprint]


def _hit(data: Any) -> Hit:
    if not isinstance(data, list) or len(data) != 6 or not isinstance(data[4], bool):
        raise _Invalid
    rule, detector, line, what, strong, fingerprint = data
    return Hit(_str(rule), _str(detector), _int(line), _from_text(what), strong, _str(fingerprint))


def _scan_data(scan: ContentScan[Hit]) -> dict[str, Any]:
    limit = scan.limit
    parts = None if limit is None else [_text(limit.what), _text(limit.limit), _text(limit.fix)]
    return {
        "hits": [_hit_data(h) for h in scan.hits],
        "occurrences": {fp: list(lines) for fp, lines in scan.occurrences.items()},
        "limit": parts,
    }


def _scan(data: Any) -> ContentScan[Hit]:
    data = _dict(data)
    limit = data["limit"]
    exceeded = None
    if limit is not None:
        if not isinstance(limit, list) or len(limit) != 3:
            raise _Invalid
        what, most, fix = (_from_text(v) for v in limit)
        if not all(isinstance(v, Text) for v in (what, most, fix)):
            raise _Invalid
        exceeded = LimitExceeded(what, most, fix)  # type: ignore[arg-type]
    occurrences: Mapping[str, tuple[int, ...]] = {
        _str(fp): tuple(_int(n) for n in _list(lines))
        for fp, lines in _dict(data["occurrences"]).items()
    }
    return ContentScan(tuple(_hit(h) for h in _list(data["hits"])), occurrences, exceeded)


def _entry_data(entry: Entry) -> dict[str, Any]:
    return {
        "sha256": entry.sha256,
        "meta_key": entry.meta_key,
        "included": entry.included,
        "findings": {
            code: [_finding_data(f) for f in found] for code, found in entry.findings.items()
        },
        "scan": None if entry.scan is None else _scan_data(entry.scan),
        "late": None
        if entry.late_html is None
        else {"html": entry.late_html, "findings": [_finding_data(f) for f in entry.late]},
    }


def _entry(data: Any) -> Entry:
    data = _dict(data)
    included = data["included"]
    if not isinstance(included, bool):
        raise _Invalid
    scan = data["scan"]
    late = data.get("late")
    late = None if late is None else _dict(late)
    return Entry(
        sha256=_str(data["sha256"]),
        meta_key=_str(data["meta_key"]),
        included=included,
        findings={
            _str(code): tuple(_finding(f) for f in _list(found))
            for code, found in _dict(data["findings"]).items()
        },
        scan=None if scan is None else _scan(scan),
        late_html=None if late is None else _str(late["html"]),
        late=() if late is None else tuple(_finding(f) for f in _list(late["findings"])),
    )


def _dict(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Invalid
    return value


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise _Invalid
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise _Invalid
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise _Invalid
    return value
