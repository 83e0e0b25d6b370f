"""CAC700 early-warning-title (Art. 7): "early warning" / 预警 in a title needs authorization."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.conftest import threatpub
from tests.rules.helpers import PageResult, check, line_of, page_text

AUTH_KEY = "threatpub.authorizations.early_warning"


def advisory(
    title: str | None = "Heap overflow in a SCADA gateway",
    *,
    h1: str | None = None,
    extra: str = "",
    front: str = "",
) -> str:
    """A vulnerability page; ``extra`` is YAML under ``threatpub:`` (two-space indent),
    ``front`` is YAML at the top level of the front matter."""
    head = f"title: {json.dumps(title, ensure_ascii=False)}\n" if title is not None else ""
    body = f"# {h1}\n\n" if h1 is not None else ""
    return (
        f"---\n{head}{front}threatpub:\n  kind: vulnerability\n{extra}---\n\n"
        f"{body}The gateway mishandles long headers.\n"
    )


def authorization(
    authority: str | None = "cac",
    reference: str | None = "CAC-EW-2026-12",
    date: str | None = "2026-11-01",
) -> str:
    out = "  authorizations:\n    early_warning:\n"
    for name, value in (("authority", authority), ("reference", reference), ("date", date)):
        if value is not None:
            out += f"      {name}: {value}\n"
    return out


def held_by_cac700(page: PageResult) -> dict[str, object]:
    assert page.verdict == "hold", page.findings
    finding = page.one("CAC700")
    assert (finding["action"], finding["severity"]) == ("hold", "error")
    assert finding["source"] == "CAC Measures Art. 7"
    return finding


TITLED = advisory("Early Warning: heap overflow in a SCADA gateway")
H1_ONLY = advisory(None, h1="预警通报：SCADA 网关堆溢出")
LONG_TITLE = advisory("x " * 50_000 + "早期 ｅａｒｌｙ\u200b ｗａｒｎｉｎｇ")

# Titles that hide the words from a plain search; the normaliser's own table has many more.
EVASIONS = {
    "full-width": "ｅａｒｌｙ ｗａｒｎｉｎｇ: gateway",
    "cyrillic": "еаrlу warning for gateways",
    "greek": "eαrly wαrning",
    "math-bold": "𝐞𝐚𝐫𝐥𝐲 𝐰𝐚𝐫𝐧𝐢𝐧𝐠",
    "zero-width": "预\u200b警: gateway",
    "soft-hyphen": "Ear\u00adly Warn\u00ading",
    "entities": "&#x9884;&#x8b66; gateway",
    "double-encoded": "&amp;#x9884;&amp;#x8b66;",
    "markup": "<b>early</b> warn<i>ing</i>",
    "emphasis": "**early** warning",
    "underscores": "EARLY_WARNING",
    "traditional": "預警：閘道器",
    "combining": "e\u0301arly warning",
}
BENIGN = {
    "warning-first": "Warning: early access ends",
    "warnock": "Earl Y. Warnock's report",
    "yuji-jingfang": "预计警方通报",
}


def test_where_the_words_are_found(tmp_path: Path) -> None:
    """Front matter title (its line), first H1 (its line), both, a slug, a front-matter slug."""
    pages = {
        "titled.md": TITLED,
        "h1-only.md": H1_ONLY,
        "both.md": advisory("Early warning", h1="EARLY-WARNING bulletin"),
        # The slug also matches, but a held title says it all: no second finding for it.
        "early-warning-title.md": advisory("Early warning: gateway"),
        "early-warning-2026.md": advisory("Gateway bulletin"),
        "front-slug.md": advisory("Gateway bulletin", front="slug: yu-jing-预警\n"),
        "benign.md": advisory("Gateway bulletin", h1="Heap overflow"),
    }
    run = check(tmp_path, pages)

    finding = held_by_cac700(run.page("titled.md"))
    assert finding["line"] == line_of(TITLED, "title:")
    assert finding["key"] == "title"
    assert "front matter `title`" in str(finding["message"])
    assert '"early warning"' in str(finding["message"])
    assert "no authorization" in str(finding["found"])
    assert "authorizations:\n    early_warning:\n" in str(finding["fix"])

    finding = held_by_cac700(run.page("h1-only.md"))
    assert finding["line"] == line_of(H1_ONLY, "# 预警通报")
    assert "first H1" in str(finding["message"])
    assert "预警" in str(finding["message"])

    both = run.page("both.md")
    assert both.verdict == "hold"
    assert [f.get("key", "") for f in both.all("CAC700")] == ["title", ""]

    assert run.page("early-warning-title.md").codes == ["CAC700"]
    assert run.page("early-warning-title.md").one("CAC700")["key"] == "title"

    slug = run.page("early-warning-2026.md")
    assert slug.verdict == "publish"
    finding = slug.one("CAC700")
    assert (finding["action"], finding["severity"]) == ("warn", "warning")
    assert "URL slug" in str(finding["message"])
    assert "warning" in str(finding["message"])

    front = run.page("front-slug.md")
    assert front.verdict == "publish"
    finding = front.one("CAC700")
    assert finding["action"] == "warn"
    assert finding["line"] == line_of(pages["front-slug.md"], "slug:")
    assert finding["key"] == "slug"

    assert run.page("benign.md").findings == []


def test_evasions_hold_and_benign_titles_publish(tmp_path: Path) -> None:
    pages = {f"evade-{name}.md": advisory(title) for name, title in EVASIONS.items()}
    pages |= {f"benign-{name}.md": advisory(title) for name, title in BENIGN.items()}
    run = check(tmp_path, pages)
    for name in EVASIONS:
        page = run.page(f"evade-{name}.md")
        assert page.codes == ["CAC700"], (name, page.findings)
        assert page.verdict == "hold", name
    for name in BENIGN:
        page = run.page(f"benign-{name}.md")
        assert (page.verdict, page.findings) == ("publish", []), name


def test_authorization(tmp_path: Path) -> None:
    """Complete and dated by the time the page goes public: published; otherwise held with
    what is missing. now = 2026-11-23 10:00 Asia/Shanghai."""
    title = "Early warning: gateway"
    run = check(
        tmp_path,
        {
            "complete.md": advisory(title, extra=authorization()),
            "same-day.md": advisory(title, extra=authorization(date="2026-11-23")),
            "slug-authorized-early-warning.md": advisory("Bulletin", extra=authorization()),
            "no-reference.md": advisory(title, extra=authorization(reference=None)),
            "only-authority.md": advisory(title, extra=authorization(reference=None, date=None)),
            "empty.md": advisory(title, extra="  authorizations:\n    early_warning: {}\n"),
            "later.md": advisory(title, extra=authorization(date="2026-12-01")),
            # Scheduled for 12-10: an authorization of 12-05 is in hand when it goes public.
            "scheduled-covered.md": advisory(
                title, extra=authorization(date="2026-12-05") + "  published: 2026-12-10\n"
            ),
            "scheduled-short.md": advisory(
                title, extra=authorization(date="2026-12-05") + "  published: 2026-12-01\n"
            ),
        },
    )
    for path in ("complete.md", "same-day.md", "slug-authorized-early-warning.md"):
        assert run.page(path).verdict == "publish", path
        assert run.page(path).findings == [], path

    finding = held_by_cac700(run.page("no-reference.md"))
    assert "lacks: reference" in str(finding["message"])
    assert AUTH_KEY in str(finding["message"])
    assert "without reference" in str(finding["found"])
    finding = held_by_cac700(run.page("only-authority.md"))
    assert "lacks: reference, date" in str(finding["message"])
    finding = held_by_cac700(run.page("empty.md"))
    assert "lacks: authority, reference, date" in str(finding["message"])

    later = run.page("later.md")
    assert later.verdict == "hold"
    assert sorted(later.codes) == ["CAC700", "META005"]  # also: dated in the future
    finding = later.one("CAC700")
    assert "dated 2026-12-01, after the page goes public (2026-11-23)" in str(finding["message"])

    assert "CAC700" not in run.page("scheduled-covered.md").codes
    assert run.page("scheduled-covered.md").verdict == "hold"  # scheduled (META006)
    short = run.page("scheduled-short.md")
    assert "CAC700" in short.codes
    assert "(2026-12-01)" in str(short.one("CAC700")["message"])


def test_scope_and_jurisdiction(tmp_path: Path) -> None:
    """Only threat-information pages under CN jurisdiction; a page outside is not judged."""
    run = check(
        tmp_path,
        {
            "us.md": advisory("Early warning", extra="  jurisdiction: [US]\n"),
            "us-and-cn.md": advisory("Early warning", extra="  jurisdiction: [US, CN]\n"),
            "not-threat.md": "---\ntitle: Early warning\n---\n\n# 预警\n",
            "early-warning-not-threat.md": "# Docs\n",
        },
    )
    assert (run.page("us.md").verdict, run.page("us.md").findings) == ("publish", [])
    assert run.page("us-and-cn.md").codes == ["CAC700"]
    assert run.page("not-threat.md").findings == []
    assert run.page("early-warning-not-threat.md").findings == []


def test_included_page_without_block(tmp_path: Path) -> None:
    """A page matched by `include` is a threat page even without a `threatpub:` block."""
    run = check(
        tmp_path,
        {"advisories/bulletin.md": "---\ntitle: 预警\n---\n\nText.\n"},
        options={"include": ["advisories/**"]},
    )
    finding = held_by_cac700(run.page("advisories/bulletin.md"))
    assert finding["line"] == 2


def test_nav_title(tmp_path: Path) -> None:
    """A title given by `nav:` in mkdocs.yml (read with -f) holds the page."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "bulletin.md").write_text(page_text(advisory("Gateway bulletin")), "utf-8")
    (docs / "other.md").write_text(page_text(advisory("Gateway bulletin")), "utf-8")
    config = {
        "site_name": "Nav test",
        "nav": [
            {"Bulletins": [{"Ｅarly Ｗarning — gateway": "bulletin.md"}]},
            {"Gateway": "other.md"},
        ],
        "plugins": [{"threatpub": {}}],
    }
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    result = threatpub("check", "-f", "mkdocs.yml", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    pages = {p["path"]: PageResult(p) for p in json.loads(result.stdout)["pages"]}
    finding = held_by_cac700(pages["bulletin.md"])
    assert finding["key"] == "nav"
    assert "`nav:`" in str(finding["message"])
    assert pages["other.md"].verdict == "publish"


def test_slug_stays_a_warning_under_stricter_policies(tmp_path: Path) -> None:
    """The slug finding is capped at warn: `on_hold: fail` fails a held title, not a slug."""
    run = check(
        tmp_path,
        {
            "early-warning-slug.md": advisory("Gateway bulletin"),
            "titled.md": TITLED,
        },
        options={"on_hold": "fail", "rules": {"CAC700": "fail"}},
        args=["--fail-on", "fail"],
    )
    assert run.returncode == 1
    slug = run.page("early-warning-slug.md")
    assert slug.verdict == "publish"
    assert slug.one("CAC700")["action"] == "warn"
    titled = run.page("titled.md")
    assert titled.verdict == "fail"
    assert titled.one("CAC700")["action"] == "fail"


def test_rule_overridden_to_off(tmp_path: Path) -> None:
    run = check(
        tmp_path,
        {"titled.md": TITLED, "early-warning.md": advisory("Bulletin")},
        options={"rules": {"CAC700": "off"}},
    )
    for path in ("titled.md", "early-warning.md"):
        assert (run.page(path).verdict, run.page(path).findings) == ("publish", []), path


def test_hundred_thousand_character_title(tmp_path: Path) -> None:
    """A 100,000-character title with the words hidden at its end is judged, quickly."""
    run = check(tmp_path, {"long.md": LONG_TITLE, "titled.md": TITLED})
    assert len(LONG_TITLE) > 100_000
    assert held_by_cac700(run.page("long.md"))["line"] == 2
    # The whole CLI run, interpreter start-up included; the normaliser alone is timed in
    # tests/test_normalize.py (< 1 s for 100,000 characters).
    assert run.seconds < 5, f"{run.seconds:.1f} s"


def raw(body: str) -> str:
    """A page with no `title:` and ``body`` as its Markdown."""
    return f"---\nthreatpub:\n  kind: vulnerability\n---\n\n{body}"


RAW_H1 = raw('<h1 class="advisory">Early warning: heap overflow in a gateway</h1>\n\nText.\n')
RAW_H1_INLINE = raw("# Gateway bulletin\n\nIntro <h1>预\n警通报</h1> more text.\n")
RAW_H1_NOT_HEADINGS = raw(
    "# Gateway bulletin\n\n"
    "```html\n<h1>Early warning</h1>\n```\n\n"
    "Write `<h1>Early warning</h1>` for a title. \\<h1>early warning\n\n"
    "<!-- <h1>Early warning</h1> -->\n"
)


def test_a_raw_html_h1_is_a_title(tmp_path: Path) -> None:
    """Issue 16: `<h1>Early warning…</h1>` in the body was not seen. A browser shows a raw
    `<h1>` as a title wherever it is (a block of its own or inline, over several lines);
    one in code, a code span, a comment or escaped with a backslash is not a heading."""
    run = check(
        tmp_path,
        {"raw.md": RAW_H1, "inline.md": RAW_H1_INLINE, "not-headings.md": RAW_H1_NOT_HEADINGS},
    )
    finding = held_by_cac700(run.page("raw.md"))
    line = line_of(RAW_H1, "<h1")
    assert finding["line"] == line
    assert f"a heading written as raw HTML <h1> (line {line})" in str(finding["message"])
    assert '"early warning"' in str(finding["message"])
    assert "no authorization" in str(finding["found"])

    finding = held_by_cac700(run.page("inline.md"))
    assert finding["line"] == line_of(RAW_H1_INLINE, "<h1>")
    assert "raw HTML <h1>" in str(finding["message"])
    assert "预警" in str(finding["message"])

    page = run.page("not-headings.md")
    assert (page.verdict, page.findings) == ("publish", [])


def test_a_raw_html_h1_with_an_authorization_publishes(tmp_path: Path) -> None:
    page = RAW_H1.replace("  kind: vulnerability\n", "  kind: vulnerability\n" + authorization())
    run = check(tmp_path, {"authorized.md": page})
    assert (run.page("authorized.md").verdict, run.page("authorized.md").findings) == (
        "publish",
        [],
    )
