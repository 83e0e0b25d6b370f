"""Shared machinery of the Article 4 content rules (CAC401–CAC407).

The page is tokenised and scanned once (all detectors, with the keyword prefilter); each rule
turns the hits with its code into findings. Strong hits take the rule's action (hold); weak
ones are capped at a warning. Messages describe what was found and where, never the content.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.rule import Rule, RuleDoc, Scope
from mkdocs_threatpub.scanners.base import Hit, dedupe, run
from mkdocs_threatpub.scanners.document import Document, document_from_text
from mkdocs_threatpub.scanners.registry import DETECTORS

__all__ = ["ARTICLE_4", "content_rule", "document_for", "hits_for"]

ARTICLE_4 = (
    'Article 4 of the draft Measures (paraphrased) lists what may not be published as '
    'cybersecurity threat information: (1) source code and production methods of computer '
    'viruses, worms, trojans, ransomware and other malicious programs; (2) programs and '
    'tools dedicated to attacking networks, such as exploit programs; (3) details that '
    'would let others reproduce an entire attack; (4) content of leaked data such as '
    'personal information; (5) plans, topology, asset information and source code of '
    'specific networks; (6) risk assessment, inspection, certification and penetration-test '
    'reports and security protection plans of specific networks; (7) other content that '
    'could be used to harm network security.'
)


def document_for(page: Page) -> Document:
    doc = page.derived.get("document")
    if doc is None:
        doc = document_from_text(page.body, page.front_matter.body_start)
        page.derived["document"] = doc
    return doc


def hits_for(page: Page, context: Context) -> list[Hit]:
    """All detectors' hits on the page, computed once and shared by the content rules."""
    hits = page.derived.get("hits")
    if hits is None:
        doc = document_for(page)
        from mkdocs_threatpub.scanners.custom import custom_detectors

        detectors = (*DETECTORS, *custom_detectors(context.settings))
        hits = dedupe(run(detectors, doc))
        page.derived["hits"] = hits
    return list(hits)


def _check_for(code: str, article: str) -> Callable[[Page, Context], Iterator[Finding]]:
    def check(page: Page, context: Context) -> Iterator[Finding]:
        for h in hits_for(page, context):
            if h.rule != code:
                continue
            yield Finding(
                code,
                h.line,
                f"{h.what}: {article} content must not be published"
                if h.strong
                else f"{h.what}: may be {article} content; a person should check it",
                expected=f"no {article} content on a public page",
                found=h.what,
                fix="remove it, or describe it in words without the code or data; if a "
                "reviewer decides it may be published, put this right above it:\n"
                f'<!-- threatpub: allow {code} reason="why it is acceptable; who reviewed it" -->',
                max_action=None if h.strong else Action.WARN,
                fingerprint=h.fingerprint,
            )

    return check


def content_rule(
    code: str, name: str, article: str, paragraph: str, summary: str, doc: RuleDoc
) -> Rule:
    return Rule(
        code=code,
        name=name,
        source=f"CAC Measures Art. 4({paragraph})",
        default_action=Action.HOLD,
        profile="cac-2019",
        summary=summary,
        check=_check_for(code, article),
        scope=Scope.CONTENT,
        suppressible=True,
        doc=doc,
    )
