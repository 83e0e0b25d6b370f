"""Plugin options (SPEC §3) go through MkDocs' config machinery: bad ones fail the build.

Each case writes a real mkdocs.yml in tmp_path and runs the real `mkdocs build`.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import BIN, NOW_EPOCH, Site, make_site, mkdocs, threatpub

# Every test here runs real builds, servers or a browser (-m 'not slow' skips them).
pytestmark = pytest.mark.slow

HELD = """\
---
title: Held
threatpub:
  kind: vulnerability
  target:
    operator: Example Power Co.
---

# Held
"""

FAILING = """\
---
title: Failing
threatpub:
  kind: vulnerability
  published: next tuesday
---

# Failing
"""


def why(site: Site, result: subprocess.CompletedProcess[str], message: str, *args: str) -> str:
    command = " ".join(args or ("build",))
    return (
        f"{message}\nreplicate: cd {site.root} && SOURCE_DATE_EPOCH={NOW_EPOCH} "
        f"{BIN / 'mkdocs'} {command}\n--- exit {result.returncode}; output:\n"
        f"{(result.stdout + result.stderr)[-4000:]}"
    )


BAD_OPTIONS: list[tuple[str, dict[str, Any], str, list[str]]] = [
    # (id, options, the option named, words of this project's own messages the error contains)
    # An empty list: the value is refused by one of MkDocs' own checks (Choice, Type,
    # ListOfItems), in MkDocs' words; the failure and the option named are what is promised.
    (
        "unknown-option",
        {"on_hld": "fail"},
        "on_hld",
        ["unknown option 'on_hld'", "Did you mean 'on_hold'"],
    ),
    (
        "bad-timezone",
        {"timezone": "Mars/Olympus"},
        "timezone",
        ["unknown IANA timezone 'Mars/Olympus'"],
    ),
    ("bad-profile", {"profiles": ["cac-2019", "cac-2020"]}, "profiles", []),
    (
        "unknown-rule-code",
        {"rules": {"ZZZ999": "off"}},
        "rules",
        ["unknown rule code 'ZZZ999'", "`threatpub rules` lists them"],
    ),
    (
        "misspelt-rule-code",
        {"rules": {"CAC81": "off"}},
        "rules",
        ["unknown rule code 'CAC81'", "Did you mean CAC801?"],
    ),
    ("bad-rule-action", {"rules": {"CAC801": "maybe"}}, "rules", []),
    (
        "weakened-locked-rule",
        {"rules": {"META001": "off"}},
        "rules",
        ["rules.META001: ", "cannot be weakened"],
    ),
    (
        "weakened-internal-error",
        {"rules": {"META020": "warn"}},
        "rules",
        ["rules.META020: ", "cannot be weakened"],
    ),
    (
        "bad-jurisdiction",
        {"jurisdiction": ["China"]},
        "jurisdiction",
        ["ISO 3166 alpha-2 country code", "found 'China'"],
    ),
    ("bad-on-hold", {"on_hold": "sometimes"}, "on_hold", []),
    ("bad-language", {"language": "fr"}, "language", []),
    ("bad-enabled", {"enabled": "yes"}, "enabled", []),
    ("bad-include", {"include": "advisories/**"}, "include", []),
    # Issue 16 case 4: settings that would silently judge nothing.
    ("empty-meta-key", {"meta_key": ""}, "meta_key", ["plain YAML key such as 'threatpub'"]),
    ("blank-meta-key", {"meta_key": "  "}, "meta_key", ["plain YAML key such as 'threatpub'"]),
    ("empty-profiles", {"profiles": []}, "profiles", ["expected at least one profile"]),
    # Issue 16 case 14: a pattern pathspec cannot read was META020 on every page.
    ("lone-bang-include", {"include": ["!"]}, "include", ["item 0, '!', is a lone '!'"]),
    (
        "bad-range-include",
        {"include": ["advisories/[z-a].md"]},
        "include",
        ["'advisories/[z-a].md', is a pattern with a bracket expression that is not valid"],
    ),
    # Unclear messages: the code in another case is named, in the site's language.
    ("lower-case-rule-code", {"rules": {"cac500": "off"}}, "rules", ["Did you mean CAC500?"]),
    (
        "lower-case-rule-code-zh",
        {"rules": {"cac500": "off"}, "language": "zh"},
        "rules",
        ["是否应为 CAC500？"],
    ),
]


@pytest.mark.parametrize(
    ("options", "option", "fragments"),
    [
        pytest.param(options, option, fragments, id=case)
        for case, options, option, fragments in BAD_OPTIONS
    ],
)
def test_bad_option_fails_the_build_naming_it(
    tmp_path: Path, options: dict[str, Any], option: str, fragments: list[str]
) -> None:
    site = make_site(tmp_path / "site-root", {"index.md": "# Home\n"}, options)
    result = mkdocs(site, "build")
    output = result.stdout + result.stderr
    assert result.returncode != 0, why(site, result, f"options {options} must fail the build")
    for fragment in fragments:
        assert fragment in output, why(site, result, f"the error should contain {fragment!r}")
    assert not (site.out / "index.html").exists(), why(site, result, "the site was built anyway")
    # In the build the option is named by MkDocs' own wording around our message; the CLI
    # reads the same options with the same validation and names the option in ours.
    checked = threatpub("check", cwd=site.root)
    assert checked.returncode == 2, checked.stdout + checked.stderr
    assert f"invalid 'threatpub' plugin options: {option}: " in checked.stderr, checked.stderr
    for fragment in fragments:
        assert fragment in checked.stderr, checked.stderr
    assert "Traceback" not in checked.stderr, checked.stderr


@pytest.mark.parametrize(
    ("option", "value", "site_dir"),
    [
        pytest.param("report", "site/report.json", None, id="report-in-site"),
        pytest.param("report", "site", None, id="report-is-site-dir"),
        pytest.param("ledger", "site/audit/ledger.jsonl", None, id="ledger-in-site"),
        pytest.param("baseline", "site/baseline.json", None, id="baseline-in-site"),
        pytest.param("ledger", "public/ledger.jsonl", "public", id="ledger-in-custom-site-dir"),
        pytest.param("report", "./site/../site/r.json", None, id="report-dotted-path"),
    ],
)
def test_output_file_inside_site_dir_is_refused(
    tmp_path: Path, option: str, value: str, site_dir: str | None
) -> None:
    options: dict[str, Any] = {option: value}
    if option != "report":
        options["report"] = ".threatpub/report.json"
    extra = {"site_dir": site_dir} if site_dir else None
    site = make_site(
        tmp_path / "site-root", {"index.md": "# Home\n", "held.md": HELD}, options, extra=extra
    )
    result = mkdocs(site, "build")
    output = result.stdout + result.stderr
    assert result.returncode != 0, why(site, result, f"{option}: {value} is inside site_dir")
    assert f"threatpub option '{option}'" in output, why(
        site, result, f"the error must name '{option}'"
    )
    assert "inside site_dir" in output, why(site, result, "the error must say why")
    published = site.root / (site_dir or "site")
    assert not (published / "index.html").exists(), why(site, result, "the site was built")


def test_output_file_next_to_site_dir_is_accepted(tmp_path: Path) -> None:
    """`site-reports/` shares a prefix with `site`, but is outside it."""
    site = make_site(
        tmp_path / "site-root", {"index.md": "# Home\n"}, {"report": "site-reports/report.json"}
    )
    result = mkdocs(site, "build", "--strict")
    assert result.returncode == 0, why(site, result, "a sibling of site_dir is fine", "build")
    assert (site.root / "site-reports/report.json").exists(), why(site, result, "no report")


def test_spec_example_options_are_accepted(tmp_path: Path) -> None:
    options: dict[str, Any] = {
        "enabled": True,
        "profiles": ["cac-2019"],
        "jurisdiction": ["cn"],
        "timezone": "Asia/Shanghai",
        "include": ["advisories/**", "blog/posts/**"],
        "scan_all_pages": True,
        "on_hold": "hold",
        "rules": {"CAC801": "hold", "META011": "off"},
        "ledger": ".threatpub/ledger.jsonl",
        "report": ".threatpub/report.json",
        "baseline": ".threatpub/baseline.json",
        "serve_banner": True,
        "language": "en",
        "meta_key": "threatpub",
    }
    site = make_site(tmp_path / "site-root", {"index.md": "# Home\n"}, options)
    result = mkdocs(site, "build", "--strict")
    assert result.returncode == 0, why(site, result, "valid options rejected", "build", "--strict")
    # `--strict` fails on any config warning; `threatpub check` reads the same options with
    # the same validation: an option it did not know would be an error (exit 2) or a warning.
    checked = threatpub("check", cwd=site.root)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "threatpub: warning:" not in checked.stderr, checked.stderr


def test_enabled_false_publishes_everything(tmp_path: Path) -> None:
    site = make_site(
        tmp_path / "site-root",
        {"index.md": "# Home\n", "held.md": HELD, "failing.md": FAILING},
        {"enabled": False},
    )
    result = mkdocs(site, "build")
    assert result.returncode == 0, why(site, result, "a disabled plugin must not fail the build")
    for rel in ("index.md", "held.md", "failing.md"):
        assert site.built(rel), why(site, result, f"{rel} not built with enabled: false")
    assert not (site.root / ".threatpub/report.json").exists(), why(
        site, result, "a disabled plugin writes no report"
    )


@pytest.mark.parametrize(
    ("action", "exit_ok", "built"),
    [
        pytest.param("off", True, True, id="off-publishes"),
        pytest.param("warn", True, True, id="warn-publishes"),
        pytest.param("hold", True, False, id="hold-holds"),
        pytest.param("fail", False, False, id="fail-fails"),
    ],
)
def test_rule_override_changes_the_verdict(
    tmp_path: Path, action: str, exit_ok: bool, built: bool
) -> None:
    site = make_site(
        tmp_path / "site-root",
        {"index.md": "# Home\n", "held.md": HELD},
        {"rules": {"CAC801": action}},
    )
    result = mkdocs(site, "build")
    assert (result.returncode == 0) is exit_ok, why(site, result, f"CAC801: {action} exit code")
    assert site.built("held.md") is built, why(site, result, f"CAC801: {action} publication")
    report = json.loads((site.root / ".threatpub/report.json").read_text(encoding="utf-8"))
    page = next(p for p in report["pages"] if p["path"] == "held.md")
    codes = [f["code"] for f in page["findings"]]
    assert codes == ([] if action == "off" else ["CAC801"]), why(site, result, "findings")
    if action != "off":
        assert page["findings"][0]["action"] == action, why(site, result, "action in report")


@pytest.mark.parametrize(
    ("epoch", "found"),
    [
        ("", "found an empty value"),
        ("-1", "found -1, which is before 1970-01-01"),
        ("99999999999", "found 99999999999, which is after 2106-02-07"),
        ("253402300799", "found 253402300799, which is after 2106-02-07"),
    ],
    ids=["empty", "negative", "year-5138", "year-9999"],
)
def test_source_date_epoch_out_of_range_fails_in_on_config(
    tmp_path: Path, epoch: str, found: str
) -> None:
    """Issue 16 case 13: MkDocs reads SOURCE_DATE_EPOCH too and crashed on '', -1 and
    99999999999 after the pages were judged (a Python traceback); 253402300799 made every
    page META020. The plugin refuses them in on_config, naming the variable."""
    site = make_site(tmp_path / "site-root", {"index.md": "# Home\n", "held.md": HELD})
    result = mkdocs(site, "build", env={"SOURCE_DATE_EPOCH": epoch})
    output = result.stdout + result.stderr
    assert result.returncode != 0, why(site, result, f"SOURCE_DATE_EPOCH={epoch!r} must fail")
    assert "threatpub: SOURCE_DATE_EPOCH: expected whole seconds since 1970-01-01" in output, why(
        site, result, "the error must name SOURCE_DATE_EPOCH and a valid value"
    )
    assert found in output, why(site, result, f"the error should contain {found!r}")
    assert "Traceback" not in output, why(site, result, "MkDocs crashed")
    assert "META020" not in output, why(site, result, "an internal error instead")
    assert not (site.out / "index.html").exists(), why(site, result, "the site was built")


@pytest.mark.parametrize("epoch", ["0", "4294967295"])
def test_source_date_epoch_at_the_ends_of_the_range_builds(tmp_path: Path, epoch: str) -> None:
    """The range is what MkDocs can build at: sitemap.xml.gz's gzip header holds an unsigned
    32-bit time."""
    site = make_site(tmp_path / "site-root", {"index.md": "# Home\n", "held.md": HELD})
    result = mkdocs(site, "build", env={"SOURCE_DATE_EPOCH": epoch})
    assert result.returncode == 0, why(site, result, f"SOURCE_DATE_EPOCH={epoch} is valid")
    assert site.built("index.md"), why(site, result, "index.md not built")
    assert not site.built("held.md"), why(site, result, "held.md published")


def test_a_plugin_entry_that_is_not_a_mapping_fails_build_and_check_alike(
    tmp_path: Path,
) -> None:
    """`- threatpub: yes`: MkDocs refuses it before loading the plugin (so its words are
    MkDocs'); `check`, which used to judge with the defaults, refuses it in the same words
    and says what to write instead."""
    site = make_site(tmp_path / "site-root", {"index.md": "# Home\n", "held.md": HELD})
    site.config_file.write_text(
        "site_name: t\nplugins:\n  - search\n  - threatpub: yes\n", encoding="utf-8"
    )
    result = mkdocs(site, "build")
    output = result.stdout + result.stderr
    assert result.returncode != 0, why(site, result, "`- threatpub: yes` must fail")
    assert "Invalid config options for the 'threatpub' plugin" in output, why(site, result, "")
    checked = threatpub("check", cwd=site.root)
    assert checked.returncode == 2, checked.stdout + checked.stderr
    assert "plugins: invalid config options for the 'threatpub' plugin" in checked.stderr
    assert "found true (YAML reads an unquoted yes or on as true)" in checked.stderr
    assert "pages judged" not in checked.stdout
