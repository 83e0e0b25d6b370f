"""The engine: run the applicable rules on a page and reach its verdict."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding, Verdict
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.policy import Policy
from mkdocs_threatpub.core.profiles import PROFILES
from mkdocs_threatpub.core.rule import Rule, Scope
from mkdocs_threatpub.core.suppress import UnusedAllow, apply_allows

__all__ = ["CannotJudge", "Judge", "JudgeStats", "JudgedFinding", "Judgement", "Wording"]


@dataclass(frozen=True)
class JudgedFinding:
    """A finding with its rule and the action this site's policy gives it."""

    finding: Finding
    rule: Rule
    action: Action
    suppressed_by: str | None = None

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def severity(self) -> str:
        return "error" if self.action in (Action.FAIL, Action.HOLD) else "warning"


@dataclass
class Judgement:
    """A page's verdict and why."""

    path: str
    sha256: str
    verdict: Verdict
    findings: list[JudgedFinding] = field(default_factory=list)
    suppressed: list[JudgedFinding] = field(default_factory=list)
    release_after: dt.date | None = None
    title: str | None = None
    is_threat_page: bool = False
    unreadable: bool = False  # see Page.unreadable

    @property
    def codes(self) -> list[str]:
        return sorted({f.code for f in self.findings})

    @property
    def keeps_out(self) -> bool:
        return self.verdict is not Verdict.PUBLISH


@dataclass
class JudgeStats:
    """Pages whose settings-only findings were computed (``judged``) or came from the cache
    (``reused``); clock rules run for both. Shown under ``mkdocs serve`` and in tests."""

    judged: int = 0
    reused: int = 0


# How the engine words a page it could not judge (a rule raised, a limit was passed): the
# META020 rule's function, given by whoever builds the judge (the core does not import rules).
CannotJudge = Callable[[BaseException, str], Finding]


@dataclass(frozen=True)
class Wording:
    """How the engine words the findings it makes itself. The words live in their rules'
    modules (META020, META011), which the core does not import: whoever builds the judge
    passes them in."""

    cannot_judge: CannotJudge
    unused_allow: Callable[[UnusedAllow], Finding]


class Judge:
    """Judges pages with one rule set, policy and context, and decides every verdict.

    Findings noticed outside a page's own rules (a link unlinked while rendering, content
    found in the output, a takedown) reach the verdict through :meth:`amend`, never by
    setting it by hand.
    """

    def __init__(
        self, rules: Iterable[Rule], policy: Policy, context: Context, wording: Wording
    ) -> None:
        self.rules = list(rules)
        self.wording = wording
        self.cannot_judge = wording.cannot_judge
        self.by_code: Mapping[str, Rule] = {r.code: r for r in self.rules}
        self.policy = policy
        self.context = context
        self._applicable: dict[tuple[bool, frozenset[str]], list[Rule]] = {}
        self.stats = JudgeStats()

    def applicable(self, page: Page) -> list[Rule]:
        # The choice depends only on these two facts, and most pages share them.
        key = (page.is_threat_page, self.context.jurisdictions(page))
        chosen = self._applicable.get(key)
        if chosen is None:
            chosen = self._applicable[key] = self._choose(*key)
        return chosen

    def _choose(self, is_threat_page: bool, jurisdictions: frozenset[str]) -> list[Rule]:
        settings = self.context.settings
        chosen = []
        for rule in self.rules:
            if rule.check is None or self.policy.action_for(rule) is Action.OFF:
                continue
            if rule.profile is not None:
                profile = PROFILES[rule.profile]
                if rule.profile not in settings.profiles or not profile.applies_to(jurisdictions):
                    continue
            if rule.scope is Scope.THREAT and not is_threat_page:
                continue
            if rule.scope is Scope.CONTENT and not (is_threat_page or settings.scan_all_pages):
                continue
            chosen.append(rule)
        return chosen

    def judge(self, page: Page) -> Judgement:
        raw: list[Finding] = []
        computed = False
        for rule in self.applicable(page):
            found: tuple[Finding, ...] | None
            if rule.reads_clock:
                found = self._run(rule, page)
            else:
                # Depends on the page and the settings only: cached with the page, which
                # the session's PageCache keys by source hash (serve rebuilds reuse it).
                cached = page.analysis.findings(self.context.settings.cache_key)
                found = cached.get(rule.code)
                if found is None:
                    found = cached[rule.code] = self._run(rule, page)
                    computed = True
            for finding in found:
                # The content rules share one scan: report a limit once, not per rule.
                if finding.code != "META020" or finding not in raw:
                    raw.append(finding)
        if computed:
            self.stats.judged += 1
        else:
            self.stats.reused += 1
        outcome = apply_allows(page, raw, self.by_code, self.context)
        outcome.kept.extend(self.wording.unused_allow(unused) for unused in outcome.unused)
        return self.decide(page, outcome.kept, outcome.suppressed)

    def _run(self, rule: Rule, page: Page) -> tuple[Finding, ...]:
        try:
            return tuple(rule.check(page, self.context))  # type: ignore[misc]
        except Exception as exc:
            return (self.cannot_judge(exc, rule.code),)

    def action_for(self, rule: Rule, finding: Finding) -> Action:
        """The site's action for ``rule``, lowered to the finding's ``max_action`` if set."""
        action = self.policy.action_for(rule)
        cap = finding.max_action
        return cap if cap is not None and cap.strength < action.strength else action

    def decide(
        self,
        page: Page,
        raw: Iterable[Finding],
        suppressed_raw: Iterable[tuple[Finding, str]] = (),
    ) -> Judgement:
        """The page's judgement from the findings its rules made (and those suppressed)."""
        suppressed = []
        for finding, why in suppressed_raw:
            rule = self.by_code[finding.code]
            suppressed.append(JudgedFinding(finding, rule, self.action_for(rule, finding), why))
        base = Judgement(
            path=page.path,
            sha256=page.sha256,
            verdict=Verdict.PUBLISH,
            suppressed=suppressed,
            title=page.title or (page.first_h1.text if page.first_h1 else None),
            is_threat_page=page.is_threat_page,
            unreadable=page.unreadable,
        )
        return self._decided(base, self._judged(raw))

    def amend(self, judgement: Judgement, raw: Iterable[Finding]) -> Judgement:
        """``judgement`` with findings noticed after it was made (while rendering, in the
        output, in the takedowns file); the verdict is decided again from all of them."""
        added = self._judged(raw)
        if not added:
            return judgement
        return self._decided(judgement, [*judgement.findings, *added])

    def _judged(self, raw: Iterable[Finding]) -> list[JudgedFinding]:
        """Findings with the site's action for them; those whose rule is ``off`` are dropped."""
        judged = []
        for finding in raw:
            rule = self.by_code[finding.code]
            action = self.action_for(rule, finding)
            if action is not Action.OFF:
                judged.append(JudgedFinding(finding, rule, action))
        return judged

    def _decided(self, base: Judgement, active: list[JudgedFinding]) -> Judgement:
        active.sort(key=lambda f: (f.finding.line, f.code))
        strongest = max((f.action for f in active), key=lambda a: a.strength, default=None)
        verdict = Verdict.from_action(strongest)
        if any(f.rule.removes for f in active):
            # A takedown is an order from outside the page: it overrides what the page's own
            # findings would decide (their findings stay in the report for the record).
            verdict = Verdict.REMOVED
        timed = [
            f.finding.release_after
            for f in active
            if f.finding.release_after is not None and f.action is not Action.WARN
        ]
        held = verdict in (Verdict.HOLD, Verdict.FAIL)
        return replace(
            base,
            verdict=verdict,
            findings=active,
            release_after=max(timed) if timed and held else None,
        )
