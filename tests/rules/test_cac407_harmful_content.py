"""CAC407 harmful-content (Art. 4(7)): the site's `custom_patterns`.

Bad patterns fail a real `mkdocs build` with a message naming the entry; the CLI reads the
same option with -f, through the same validation; a match holds (or warns) and the report
shows the pattern's description, never the matched text.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import BIN, NOW_EPOCH, Site, make_site, mkdocs, threatpub
from tests.rules.helpers import check, line_of

PATTERNS: list[dict[str, Any]] = [
    {
        "name": "internal-project",
        "pattern": r"(?i)project\s+bluefin",
        "description": "internal project name",
    },
    {"name": "ticket-ids", "pattern": r"\bOPS-\d{3,6}\b", "action": "warn"},
]

PROJECT = """
    # Quarterly security notes

    The migration for Project Bluefin finished on time.
    """

TICKET = """
    # Patch notes

    Tracked as OPS-20417 internally.
    """

ACCEPTED = """
    # Quarterly security notes (public name)

    <!-- threatpub: allow CAC407 reason="the project name was announced in March" -->
    Project Bluefin is now public.
    """

CLEAN = """
    # Unrelated

    Project planning and blue fin tuna; OPS-12 is too short.
    """


def why(site: Site, result: subprocess.CompletedProcess[str], message: str) -> str:
    return (
        f"{message}\nreplicate: cd {site.root} && SOURCE_DATE_EPOCH={NOW_EPOCH} "
        f"{BIN / 'mkdocs'} build\n--- exit {result.returncode}; output:\n"
        f"{(result.stdout + result.stderr)[-4000:]}"
    )


# Fragments of this project's own messages. Where a library words the detail (RE2's syntax
# error, MkDocs' "required" and "expected one of" checks), only our words around it are listed.
BAD: list[tuple[str, object, list[str]]] = [
    (
        "bad-re2",
        [{"name": "secrets", "pattern": r"(?<=key=)\w+"}],
        ["custom_patterns[0] ('secrets')", "pattern: not valid RE2 syntax", "look-around"],
    ),
    (
        "unbalanced",
        [PATTERNS[0], {"name": "broken", "pattern": "(unclosed"}],
        ["custom_patterns[1] ('broken')", "pattern: not valid RE2 syntax"],
    ),
    (
        "missing-name",
        [{"pattern": "x+y"}],
        ["custom_patterns[0]: name: "],
    ),
    (
        "too-long",
        [{"name": "huge", "pattern": "a" * 1001}],
        ["custom_patterns[0] ('huge')", "1001 characters", "at most 1000"],
    ),
    (
        "not-kebab",
        [{"name": "Internal Project", "pattern": "x+y"}],
        ["custom_patterns[0] ('Internal Project')", "kebab-case"],
    ),
    (
        "bad-action",
        [{"name": "tickets", "pattern": "x+y", "action": "block"}],
        ["custom_patterns[0] ('tickets'): action: "],
    ),
    (
        "unknown-key",
        [{"name": "tickets", "pattern": "x+y", "actoin": "warn"}],
        ["custom_patterns[0] ('tickets')", "unknown key 'actoin'", "Did you mean 'action'"],
    ),
    (
        "matches-everything",
        [{"name": "anything", "pattern": ".*"}],
        ["custom_patterns[0] ('anything')", "matches empty text"],
    ),
    (
        "duplicate-name",
        [PATTERNS[0], dict(PATTERNS[0])],
        ["custom_patterns[1] ('internal-project')", "already used by custom_patterns[0]"],
    ),
    (
        "not-a-list",
        {"name": "x", "pattern": "y"},
        ["expected a list of entries with 'name', 'pattern'"],
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("value", "fragments"), [pytest.param(value, frags, id=case) for case, value, frags in BAD]
)
def test_bad_custom_patterns_fail_the_build_naming_the_entry(
    tmp_path: Path, value: object, fragments: list[str]
) -> None:
    site = make_site(tmp_path / "site-root", {"index.md": "# Home\n"}, {"custom_patterns": value})
    result = mkdocs(site, "build")
    output = result.stdout + result.stderr
    assert result.returncode != 0, why(site, result, f"custom_patterns {value!r} must fail")
    for fragment in fragments:
        assert fragment in output, why(site, result, f"the error should contain {fragment!r}")
    assert not (site.out / "index.html").exists(), why(site, result, "the site was built anyway")
    # The build names the option in MkDocs' words; the CLI, same validation, names it in ours.
    checked = threatpub("check", "-f", str(site.config_file), cwd=site.root)
    assert checked.returncode == 2, checked.stdout + checked.stderr
    assert "invalid 'threatpub' plugin options: custom_patterns: " in checked.stderr
    for fragment in fragments:
        assert fragment in checked.stderr, checked.stderr


@pytest.mark.slow
def test_every_bad_entry_is_reported_at_once_and_the_cli_agrees(tmp_path: Path) -> None:
    value = [
        {"name": "ok", "pattern": "fine"},
        {"name": "broken", "pattern": "(unclosed"},
        {"pattern": "no-name"},
    ]
    site = make_site(tmp_path / "site-root", {"index.md": "# Home\n"}, {"custom_patterns": value})
    built = mkdocs(site, "build")
    assert built.returncode != 0
    for fragment in ("custom_patterns[1] ('broken')", "custom_patterns[2]: name:"):
        assert fragment in built.stdout + built.stderr, why(site, built, fragment)
    # `threatpub check -f` validates with the same code: exit 2, same message.
    result = threatpub("check", "-f", str(site.config_file), cwd=site.root)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "custom_patterns[1] ('broken')" in result.stderr
    assert "custom_patterns[2]: name:" in result.stderr


def test_custom_patterns_hold_or_warn_through_the_cli(tmp_path: Path) -> None:
    run = check(
        tmp_path,
        {"project.md": PROJECT, "ticket.md": TICKET, "accepted.md": ACCEPTED, "clean.md": CLEAN},
        options={"custom_patterns": PATTERNS},
    )

    project = run.page("project.md")
    assert project.verdict == "hold"
    finding = project.one("CAC407")
    assert (finding["action"], finding["line"]) == ("hold", line_of(PROJECT, "Bluefin"))
    assert finding["found"] == "internal project name in prose"

    ticket = run.page("ticket.md")
    assert ticket.verdict == "publish"
    warning = ticket.one("CAC407")
    assert warning["action"] == "warn"
    assert warning["found"] == "site pattern 'ticket-ids' in prose"

    accepted = run.page("accepted.md")
    assert accepted.verdict == "publish", accepted.findings
    [suppressed] = [f for f in accepted.data["suppressed"] if f["code"] == "CAC407"]
    assert suppressed["suppressed_by"] == "the project name was announced in March"

    clean = run.page("clean.md")
    assert "CAC407" not in clean.codes

    report = json.dumps(run.report)
    for secret in ("Bluefin", "bluefin", "OPS-20417", "20417"):
        assert secret not in report, secret

    # Without the option, the same pages have no CAC407 finding.
    plain = check(tmp_path / "plain", {"project.md": PROJECT, "ticket.md": TICKET})
    assert all("CAC407" not in p.codes for p in plain.pages.values())


@pytest.mark.slow
def test_custom_pattern_holds_a_page_out_of_a_real_build(tmp_path: Path) -> None:
    site = make_site(
        tmp_path / "site-root",
        {"index.md": "# Home\n", "project.md": PROJECT, "ticket.md": TICKET},
        {"custom_patterns": PATTERNS},
    )
    result = mkdocs(site, "build")
    assert result.returncode == 0, why(site, result, "a held page does not fail the build")
    assert site.built("index.md")
    assert site.built("ticket.md"), why(site, result, "a warn-only pattern publishes")
    assert not site.built("project.md"), why(site, result, "the match must hold the page")
    report = json.loads((site.root / ".threatpub/report.json").read_text(encoding="utf-8"))
    verdicts = {p["path"]: p["verdict"] for p in report["pages"]}
    assert verdicts["project.md"] == "hold"
    assert "Bluefin" not in site.all_output_text()
    assert "Bluefin" not in json.dumps(report)
