"""The example site builds with exit 0, holds what it should, and says why."""

from __future__ import annotations

import json

import pytest
import yaml
from bs4 import BeautifulSoup

from mkdocs_threatpub.rules import ALL_RULES
from tests.conftest import Site, mkdocs, threatpub


@pytest.mark.slow
def test_example_site_builds_and_holds(example_site: Site) -> None:
    result = mkdocs(example_site, "build")
    assert result.returncode == 0, result.stderr
    # The example's index links to a held advisory on purpose: unlinked and reported.
    assert "LINK001" in result.stderr
    report = json.loads((example_site.root / ".threatpub/report.json").read_text())
    verdicts = {p["path"]: p["verdict"] for p in report["pages"]}
    held = sorted(path for path, verdict in verdicts.items() if verdict == "hold")
    assert held, "the example site is meant to show held pages"
    assert report["summary"]["hold"] == len(held)
    assert report["summary"]["fail"] == 0
    for path in held:
        assert not example_site.built(path), f"{path} was built although held"
        assert path in result.stderr, f"{path} missing from the build summary"
    published = [path for path, verdict in verdicts.items() if verdict == "publish"]
    for path in published:
        if not path.startswith("blog/"):
            assert example_site.built(path), f"{path} was not built"
    # The CAC801 page carries its release date in the report and in the summary.
    timed = [p for p in report["pages"] if p["release_after"]]
    assert any(any(f["code"] == "CAC801" for f in p["findings"]) for p in timed), (
        "expected a page held by CAC801 with a release date"
    )
    for page in timed:
        assert f"release after {page['release_after']}" in result.stderr


@pytest.mark.slow
def test_example_site_nav_has_no_held_page(example_site: Site) -> None:
    result = mkdocs(example_site, "build")
    assert result.returncode == 0, result.stderr
    report = json.loads((example_site.root / ".threatpub/report.json").read_text())
    held = [p["path"] for p in report["pages"] if p["verdict"] != "publish"]
    for html_file in example_site.out.rglob("*.html"):
        soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
        hrefs = [a.get("href", "") for a in soup.find_all("a")]
        for path in held:
            slug = path.removesuffix(".md").rsplit("/", 1)[-1]
            assert not any(slug in href for href in hrefs), (
                f"{html_file.relative_to(example_site.out)} links to held page {path}"
            )


def _paste_fix(meta: dict, fix: str) -> None:
    """Do what a finding's fix says: its YAML example, pasted into the page's block."""
    lines = [line.split("#", 1)[0] for line in fix.splitlines()[1:]]
    snippet = yaml.safe_load("\n".join(line for line in lines if line.strip()))
    snippet = snippet.get("threatpub", snippet)
    for key, value in snippet.items():
        if key == "notifications":
            entries = [{k: ("REF-1" if v == "…" else v) for k, v in n.items()} for n in value]
            meta["notifications"] = list(meta.get("notifications") or []) + entries
        else:
            meta[key] = value


def _block_start(lines: list[str], index: int) -> int:
    """Index of the fence that opens the code block containing ``index``, else ``index``."""
    fences = [i for i in range(index) if lines[i].lstrip().startswith(("```", "~~~"))]
    return fences[-1] if len(fences) % 2 == 1 else index


def _delete_detail(lines: list[str], index: int) -> None:
    """Delete the fenced code block containing ``index``, else the line itself."""
    start = _block_start(lines, index)
    if start == index:
        del lines[index]
        return
    fence = lines[start].lstrip()[:3]
    end = next(i for i in range(index, len(lines)) if lines[i].lstrip().startswith(fence))
    del lines[start : end + 1]


@pytest.mark.slow
def test_each_suggested_fix_publishes_its_page(example_site: Site) -> None:
    """Tried as an author would: do what every finding's fix says, rebuild, published."""
    result = mkdocs(example_site, "build")
    assert result.returncode == 0, result.stderr
    report = json.loads((example_site.root / ".threatpub/report.json").read_text())
    held = [p for p in report["pages"] if p["verdict"] == "hold"]
    waiting = set()
    for page in held:
        path = example_site.docs / page["path"]
        lines = path.read_text(encoding="utf-8").split("\n")
        pastes = []
        for finding in sorted(page["findings"], key=lambda f: -f["line"]):
            assert finding["fix"], f"{page['path']}: {finding['code']} gives no fix"
            if finding["code"] == "META006":
                waiting.add(page["path"])  # scheduled: the only fix is time
                continue
            comment = next(
                (line for line in finding["fix"].splitlines() if "threatpub: allow" in line), None
            )
            if finding["code"] == "MIIT092":
                # Article 9(2) has no allow: the fix is editing the body, like removing
                # content; the author deletes the detail the finding points at.
                _delete_detail(lines, finding["line"] - 1)
            elif comment:  # a content finding: a reviewer's allow goes right above the block
                at = _block_start(lines, finding["line"] - 1)
                lines.insert(at, comment.replace("why it is acceptable; who reviewed it", "ok"))
            else:
                pastes.append(finding["fix"])
        _, front, body = "\n".join(lines).split("---\n", 2)
        data = yaml.safe_load(front)
        for fix in pastes:
            _paste_fix(data["threatpub"], fix)
        dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        path.write_text(f"---\n{dumped}---\n{body}", encoding="utf-8")
    rebuilt = mkdocs(example_site, "build")
    assert rebuilt.returncode == 0, rebuilt.stderr
    after = json.loads((example_site.root / ".threatpub/report.json").read_text())
    # A taken-down page (CAC900) stays removed whatever its author fixes.
    still = {p["path"] for p in after["pages"] if p["verdict"] not in ("publish", "removed")}
    assert still == waiting, f"doing what the fixes say did not publish: {still - waiting}"
    for path in {p["path"] for p in held} - waiting:
        if not path.startswith("blog/"):
            assert example_site.built(path), f"{path} not built after its fix"


# For each MIIT rule: a page of the example it holds (or warns about), and one it lets
# through because the page does what the rule asks.
MIIT_SHOWCASE = {
    "MIIT072": (
        "advisories/ip-camera-vendor-late-report.md",
        "advisories/nas-firmware-path-traversal.md",
    ),
    "MIIT091": (
        "advisories/industrial-switch-unpatched.md",
        "advisories/mail-gateway-early-release.md",
    ),
    "MIIT092": (
        "advisories/metro-ticketing-debug-interface.md",
        "advisories/router-auth-bypass.md",
    ),
    "MIIT093": ("blog/posts/vpn-bug-retrospective.md", "advisories/nas-firmware-path-traversal.md"),
    "MIIT094": (
        "blog/posts/weblogic-lab-notes.md",
        "advisories/detection-rule-for-reverse-shells.md",
    ),
    "MIIT095": (
        "advisories/firewall-remediation-pending.md",
        "advisories/industrial-switch-unpatched.md",
    ),
    "MIIT096": (
        "advisories/smart-meter-expo-week.md",
        "advisories/payment-terminal-expo-consent.md",
    ),
    "MIIT097": (
        "advisories/ip-camera-vendor-late-report.md",
        "advisories/mail-gateway-early-release.md",
    ),
}


def test_example_site_shows_each_miit_rule_both_ways(example_site: Site) -> None:
    result = threatpub("check", "-f", "mkdocs.yml", "--format", "json", cwd=example_site.root)
    assert result.returncode == 1, result.stderr  # the example holds pages on purpose
    pages = {p["path"]: p for p in json.loads(result.stdout)["pages"]}
    rules = {r.code: r for r in ALL_RULES}
    for code, (caught, passed) in MIIT_SHOWCASE.items():
        found = [f for f in pages[caught]["findings"] if f["code"] == code]
        assert found, f"{code} should show on {caught}"
        assert all(f["action"] == rules[code].default_action for f in found)
        assert code not in {f["code"] for f in pages[passed]["findings"]}, passed
    # The reviewed detection rule is accepted under both regulations.
    accepted = pages["advisories/detection-rule-for-reverse-shells.md"]
    assert {f["code"] for f in accepted["suppressed"]} == {"CAC402", "MIIT094"}
    assert accepted["verdict"] == "publish"
    # Scheduled inside the blackout: held past the schedule, to the first day after it.
    assert pages["advisories/smart-meter-expo-week.md"]["release_after"] == "2026-12-11"
    assert pages["advisories/payment-terminal-expo-consent.md"]["release_after"] == "2026-12-09"
