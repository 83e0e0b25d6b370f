"""CAC700 early-warning-title: Article 7 reserves "early warning" (预警) for authorized
publishers.

The title is looked up where readers see it: front matter ``title``, the first H1, the
title ``nav:`` gives the page, and its URL slug, each normalised first (see
:mod:`mkdocs_threatpub.core.normalize`), so that spacing, case, full-width or look-alike
letters, invisible characters, entities and markup do not hide the words. A slug alone
only warns (RULES.md): its finding carries ``max_action=warn``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.normalize import find_early_warning
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.rule import Rule, RuleDoc

AUTHORIZATION_FIELDS = ("authority", "reference", "date")

_EXAMPLE = (
    "threatpub:\n"
    "  authorizations:\n"
    "    early_warning:\n"
    "      authority: cac              # who granted it: cac, or a State Council department\n"
    "      reference: CAC-EW-2026-12   # the authorization's number\n"
    "      date: 2026-11-01            # on or before the day the page goes public"
)


@dataclass(frozen=True)
class _Hit:
    """Where the reserved words were found."""

    where: str  # in plain words, with the line
    line: int
    key: str
    word: str


@dataclass(frozen=True)
class _Missing:
    """Why the page's authorization does not cover the words."""

    what: str  # completes "…; <what>"
    found: str
    fix: str = "record the authorization"


def _words(word: str) -> str:
    return '"early warning" (预警)' if word == "early warning" else f'"{word}" ("early warning")'


def _hits(page: Page) -> list[_Hit]:
    """Matches in the title, first H1 and nav title (the places that hold the page)."""
    hits = []
    if page.title is not None:
        word = find_early_warning(page.title)
        if word is not None:
            line = page.front_matter.lines.get(("title",), 1)
            hits.append(_Hit(f"the front matter `title` (line {line})", line, "title", word))
    heading = page.first_h1
    if heading is not None:
        word = find_early_warning(heading.text)
        if word is not None:
            where = f"the first H1 heading (line {heading.line})"
            hits.append(_Hit(where, heading.line, "", word))
    if page.nav_title is not None:
        word = find_early_warning(page.nav_title)
        if word is not None:
            hits.append(_Hit("the title `nav:` in mkdocs.yml gives this page", 1, "nav", word))
    return hits


def _slug_hit(page: Page) -> _Hit | None:
    word = find_early_warning(page.slug, url=True)
    if word is None:
        return None
    line = page.front_matter.lines.get(("slug",))
    if line is not None:
        return _Hit(f"the page's URL slug (front matter `slug`, line {line})", line, "slug", word)
    return _Hit("the page's URL slug (its file or folder name)", 1, "", word)


def _missing(page: Page, context: Context) -> _Missing | None:
    """``None`` when a complete authorization dated by the time the page goes public exists."""
    key = page.key("authorizations", "early_warning")
    meta = page.meta
    auth = meta.authorizations.early_warning if meta and meta.authorizations else None
    if auth is None:
        return _Missing(f"the page records no authorization (`{key}`)", "no authorization")
    absent = [name for name in AUTHORIZATION_FIELDS if getattr(auth, name) is None]
    if absent:
        names = ", ".join(absent)
        return _Missing(
            f"`{key}` (line {page.line_of('authorizations', 'early_warning')}) lacks: {names}",
            f"an authorization without {names}",
            f"complete the authorization ({names})",
        )
    assert auth.date is not None
    goes_public = context.goes_public(page)
    if context.moment(auth.date) > goes_public:
        granted, public = context.day(auth.date), context.day(goes_public)
        return _Missing(
            f"`{key}` is dated {granted}, after the page goes public ({public}); an "
            "authorization granted later does not cover it",
            f"an authorization dated {granted}, later than {public}",
            "correct the authorization's date, or set `published` to a moment on or after it "
            "(the page is then scheduled)",
        )
    return None


def check(page: Page, context: Context) -> Iterator[Finding]:
    hits = _hits(page)
    slug = _slug_hit(page) if not hits else None
    if not hits and slug is None:
        return
    missing = _missing(page, context)
    if missing is None:
        return
    expected = (
        "no reserved words in the title, or `threatpub.authorizations.early_warning` with "
        "authority, reference and a date on or before the page goes public"
    )
    for hit in hits:
        yield Finding(
            "CAC700",
            hit.line,
            f"{hit.where} uses the words {_words(hit.word)}, which Article 7 reserves for "
            f"publishers authorized by the national cyberspace department or a State Council "
            f"department; {missing.what}",
            expected=expected,
            found=f"{_words(hit.word)} (after normalising case, spacing, look-alike letters "
            f"and markup) and {missing.found}",
            fix=f"reword the title, or {missing.fix}:\n{_EXAMPLE}",
            key=hit.key,
        )
    if slug is not None:
        yield Finding(
            "CAC700",
            slug.line,
            f"{slug.where} uses the words {_words(slug.word)}, which Article 7 reserves for "
            f"authorized publishers; {missing.what}. A slug alone is a warning: the page "
            "is published",
            expected=expected,
            found=f"{_words(slug.word)} in the slug and {missing.found}",
            fix=f"rename the file or set `slug:` in the front matter, or {missing.fix}:"
            f"\n{_EXAMPLE}",
            key=slug.key,
            max_action=Action.WARN,
        )


RULE = Rule(
    code="CAC700",
    name="early-warning-title",
    source="CAC Measures Art. 7",
    default_action=Action.HOLD,
    profile="cac-2019",
    summary='"Early warning" / 预警 in a title needs an authorization.',
    check=check,
    doc=RuleDoc(
        what="Threat-information pages whose title uses the words \"early warning\", 预警 or "
        "預警: the front matter `title`, the first H1, the title an explicit `nav:` gives the "
        "page, and the page's URL slug. Before matching, each is normalised: HTML entities "
        "decoded until stable, markup stripped, Unicode NFKC, invisible characters (zero-width "
        "characters, soft hyphen, BOM, …) and combining marks removed, casefolded, look-alike "
        "letters mapped to their UTS #39 skeleton (Cyrillic \"е\", full-width and "
        "mathematical letters), then spaces, punctuation, symbols and underscores dropped. "
        "So \"Early-Warning\", \"EARLY_WARNING\" and \"预\\u200b警\" all match, and so do "
        "titles where the letters only run together by accident (\"Yearly warnings\", "
        "\"Nearly warning-free builds\"): that is intended, the authorization is the way "
        "out. The page is held unless `threatpub.authorizations.early_warning` has an "
        "authority, a reference and a date on or before the moment the page goes public; the "
        "finding names what is missing. A match in the URL slug alone is a warning and the "
        "page is published.",
        why="Article 7 of the draft Measures (paraphrased from the 2019 draft for comment): no "
        "organisation or individual may publish cybersecurity threat information using the "
        "words \"early warning\" (预警) without authorization from the national cyberspace "
        "department or the relevant departments of the State Council.",
        source="CAC Cybersecurity Threat Information Publication Management Measures (Draft, "
        "2019-11-20), Art. 7.",
        how="Reword the title (and H1, nav entry) without the words, or record the "
        "authorization under `threatpub.authorizations.early_warning` with `authority`, "
        "`reference` and `date`; the date must be on or before the page goes public (the later "
        "of `published` and the build). For a slug-only warning, rename the file or set "
        "`slug:`.",
        example=_EXAMPLE,
    ),
)
