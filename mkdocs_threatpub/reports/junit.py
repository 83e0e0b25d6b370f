"""JUnit XML: one test case per page, for CI systems that chart test results.

A page passes when it is published without reaching ``fail_on``; a page that reaches it is a
``failure`` whose text lists the findings; a page kept out below ``fail_on`` (a held page
with ``--fail-on fail``) or taken down is ``skipped`` with the reason.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable

from mkdocs_threatpub.core.engine import Judgement
from mkdocs_threatpub.core.findings import Action, Verdict
from mkdocs_threatpub.core.i18n import localize, t
from mkdocs_threatpub.reports.text import format_finding, verdict_word

__all__ = ["build_junit"]

_SUITE = "threatpub"


def _reaches(judgement: Judgement, fail_on: str) -> bool:
    if judgement.verdict is Verdict.FAIL:
        return True
    if fail_on == "fail":
        return False
    if judgement.verdict is not Verdict.PUBLISH:
        return True
    return fail_on == "warn" and any(f.action is Action.WARN for f in judgement.findings)


def build_junit(
    judgements: Iterable[Judgement],
    *,
    now: dt.datetime,
    locate: Callable[[str], str] = str,
    fail_on: str = "hold",
    language: str = "en",
) -> str:
    """The XML document; ``locate`` gives the page's file for the ``file`` attribute."""
    pages = sorted(judgements, key=lambda j: j.path)
    suite = ET.Element("testsuite", name=_SUITE, timestamp=now.isoformat(timespec="seconds"))
    failures = skipped = 0
    for judgement in pages:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=_classname(judgement.path),
            name=judgement.path,
            file=locate(judgement.path),
            time="0",
        )
        details = "\n".join(
            format_finding(locate(judgement.path), f, language=language) for f in judgement.findings
        )
        word = verdict_word(judgement.verdict, language)
        codes = ", ".join(judgement.codes)
        summary = f"{word}: {codes}" if codes else word
        if judgement.release_after is not None:
            summary += localize(
                t(
                    f" (release after {judgement.release_after})",
                    f"（可发布日期 {judgement.release_after}）",
                ),
                language,
            )
        if _reaches(judgement, fail_on):
            failures += 1
            failure = ET.SubElement(case, "failure", message=summary, type=judgement.verdict.value)
            failure.text = details
        elif judgement.verdict is not Verdict.PUBLISH:
            skipped += 1
            ET.SubElement(case, "skipped", message=summary)
            if details:
                ET.SubElement(case, "system-out").text = details
        elif details:
            ET.SubElement(case, "system-out").text = details  # warnings below fail_on
    suite.set("tests", str(len(pages)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    suite.set("time", "0")
    root = ET.Element(
        "testsuites",
        name=_SUITE,
        tests=str(len(pages)),
        failures=str(failures),
        errors="0",
        skipped=str(skipped),
    )
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def _classname(path: str) -> str:
    """Folders as dotted class names, as JUnit viewers group them (``advisories``)."""
    folder = path.rpartition("/")[0]
    return f"{_SUITE}.{folder.replace('/', '.')}" if folder else _SUITE
