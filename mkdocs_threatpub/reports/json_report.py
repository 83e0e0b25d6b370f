"""The JSON report of SPEC §4 (also written to the `report` option's file after a build)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from mkdocs_threatpub import __version__
from mkdocs_threatpub.core.engine import JudgedFinding, Judgement
from mkdocs_threatpub.core.findings import Verdict
from mkdocs_threatpub.core.i18n import localize
from mkdocs_threatpub.core.ledger import LedgerRecord

__all__ = ["build_report", "finding_dict"]


def finding_dict(judged: JudgedFinding, language: str = "en") -> dict[str, Any]:
    """One finding; its words (message, expected, found, fix) in ``language``."""
    f = judged.finding
    out: dict[str, Any] = {
        "code": judged.code,
        "name": judged.rule.name,
        "severity": judged.severity,
        "action": str(judged.action),
        "line": f.line,
        "message": localize(f.message, language),
        "expected": localize(f.expected, language),
        "found": localize(f.found, language),
        "fix": localize(f.fix, language),
        "source": judged.rule.source,
        "profile": judged.rule.profile,
    }
    if f.key:
        out["key"] = f.key
    if f.release_after is not None:
        out["release_after"] = f.release_after.isoformat()
    if judged.suppressed_by is not None:
        out["suppressed_by"] = localize(judged.suppressed_by, language)
    return out


def build_report(
    judgements: Iterable[Judgement],
    now: dt.datetime,
    profiles: Sequence[str],
    tz: dt.tzinfo | None = None,
    language: str = "en",
    *,
    ledger: LedgerRecord | None = None,
) -> dict[str, Any]:
    """The report; ``now`` is shown in the site timezone ``tz`` when given. A build that
    recorded its ``ledger`` adds a ``ledger`` object: ``path`` (the option as written),
    ``entries``, ``sha256`` (of the last line), ``head`` (``ENTRIES:SHA256``, what
    ``threatpub ledger verify --head`` takes), ``appended`` and ``keyed``."""
    pages = sorted(judgements, key=lambda j: j.path)
    counts = {v.value: 0 for v in Verdict}
    for j in pages:
        counts[j.verdict.value] += 1
    report: dict[str, Any] = {
        "tool": {"name": "threatpub", "version": __version__},
        "now": (now.astimezone(tz) if tz else now).isoformat(timespec="seconds"),
        "profiles": list(profiles),
        "language": language,
        "summary": {"pages": len(pages), **counts},
        "pages": [
            {
                "path": j.path,
                "title": j.title,
                "verdict": j.verdict.value,
                "release_after": j.release_after.isoformat() if j.release_after else None,
                "sha256": j.sha256,
                "findings": [finding_dict(f, language) for f in j.findings],
                "suppressed": [finding_dict(f, language) for f in j.suppressed],
            }
            for j in pages
        ],
    }
    if ledger is not None:
        report["ledger"] = ledger.to_json()
    return report
