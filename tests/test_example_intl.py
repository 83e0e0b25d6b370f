"""The international example (example-site/mkdocs-intl.yml): ISO/IEC 29147 and GDPR.

Built with the real `mkdocs build -f mkdocs-intl.yml` in a copy under tmp_path, as of the
pinned moment 2026-11-23T10:00+08:00 (SOURCE_DATE_EPOCH=1795399200).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import EXAMPLE_SITE, NOW_EPOCH, mkdocs, threatpub

# Every test here runs real builds, servers or a browser (-m 'not slow' skips them).
pytestmark = pytest.mark.slow

CONFIG = "mkdocs-intl.yml"
REPORT = ".threatpub/intl-report.json"

# path → (verdict, codes of its findings with their actions)
EXPECTED: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "index.md": ("publish", []),
    "advisories/index.md": ("publish", []),
    # ISO740: complete (sections and `advisory:` keys) / warned (credit, contact, revisions
    # missing) / held (no identifier; the missing credit is a warning beside it).
    "advisories/ex200-auth-bypass.md": ("publish", []),
    "advisories/mail-gateway-xss.md": ("publish", [("ISO740", "warn")]),
    "advisories/nas-path-traversal.md": ("hold", [("ISO740", "hold"), ("ISO740", "warn")]),
    # Complete, but under a coordinated-disclosure embargo until 2026-12-01 09:00 CET.
    "advisories/vpn-client-embargoed.md": ("hold", [("META006", "hold")]),
    "breaches/index.md": ("publish", []),
    # GDPR33 and GDPR34 both met / GDPR33: 73 hours over the October clock change /
    # GDPR34: no consequences nor measures.
    "breaches/webshop-2026-11.md": ("publish", []),
    "breaches/newsletter-late.md": ("publish", [("GDPR33", "warn")]),
    "breaches/crm-export.md": ("publish", [("GDPR34", "warn")]),
}
HELD = sorted(path for path, (verdict, _) in EXPECTED.items() if verdict == "hold")


@pytest.fixture
def intl_site(tmp_path: Path) -> Path:
    """A copy of example-site/ in tmp_path without build output (never build in the checkout)."""
    dest = tmp_path / "example-site"
    shutil.copytree(
        EXAMPLE_SITE,
        dest,
        ignore=shutil.ignore_patterns("site", "site-intl", ".threatpub", "__pycache__"),
    )
    return dest


def built(out: Path, path: str) -> bool:
    stem = path.removesuffix(".md")
    name = stem[: -len("index")] if stem.endswith("index") else stem + "/"
    return (out / name / "index.html").is_file()


def output_text(out: Path) -> str:
    return "\n".join(
        p.read_text("utf-8", "replace")
        for p in out.rglob("*")
        if p.suffix in (".html", ".xml", ".json", ".txt")
    )


def build(root: Path, config: str) -> tuple[dict[str, Any], str]:
    result = mkdocs(root, "build", "-f", config, now_epoch=NOW_EPOCH)
    assert result.returncode == 0, result.stderr[-4000:]
    options = plugin_options(yaml.safe_load((root / config).read_text("utf-8")))
    report = json.loads((root / options["report"]).read_text("utf-8"))
    return report, result.stderr


def plugin_options(config: dict[str, Any]) -> dict[str, Any]:
    return next(p["threatpub"] for p in config["plugins"] if isinstance(p, dict))


def findings(page: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f["code"], f["action"]) for f in page["findings"]]


def test_intl_site_builds_with_the_expected_verdicts(intl_site: Path) -> None:
    report, log = build(intl_site, CONFIG)
    assert report["profiles"] == ["iso-29147", "gdpr"]
    got = {p["path"]: (p["verdict"], findings(p)) for p in report["pages"]}
    assert got == EXPECTED
    pages = {p["path"]: p for p in report["pages"]}
    assert pages["advisories/vpn-client-embargoed.md"]["release_after"] == "2026-12-01"
    assert pages["advisories/nas-path-traversal.md"]["release_after"] is None
    [late] = pages["breaches/newsletter-late.md"]["findings"]
    assert "73 h 00 min" in late["message"]
    assert report["summary"] == {
        "pages": len(EXPECTED),
        "publish": len(EXPECTED) - len(HELD),
        "hold": len(HELD),
        "fail": 0,
        "removed": 0,
    }
    out = intl_site / "site-intl"
    text = output_text(out)
    for path in HELD:
        assert not built(out, path), f"{path} was built although held"
        assert path in log, f"{path} missing from the build summary"
        assert pages[path]["title"] not in text, f"{path}: its title is in the output"
    for path in EXPECTED:
        if path not in HELD:
            assert built(out, path), f"{path} was not built"
    # The manual of this site's rules is part of it.
    for code in ("iso740", "gdpr33", "gdpr34"):
        assert (out / "rules" / code / "index.html").is_file(), code
    # The nav lists no held page (they are pruned) and every listed page exists.
    home = BeautifulSoup((out / "index.html").read_text("utf-8"), "html.parser")
    hrefs = [str(a.get("href", "")) for a in home.find_all("a")]
    for path in HELD:
        slug = path.removesuffix(".md").rsplit("/", 1)[-1]
        assert not any(slug in href for href in hrefs), path
    assert any("ex200-auth-bypass" in href for href in hrefs)
    # Every decision that kept a page out is in the ledger, whose chain verifies.
    ledger = [
        json.loads(line)
        for line in (intl_site / ".threatpub/intl-ledger.jsonl").read_text("utf-8").splitlines()
    ]
    assert {entry["page"] for entry in ledger} >= set(HELD)
    verified = threatpub("ledger", "verify", "-f", CONFIG, cwd=intl_site)
    assert verified.returncode == 0, verified.stderr


def test_the_same_pages_judged_by_the_cac_profile(intl_site: Path) -> None:
    """`profiles: [cac-2019]` on the same German pages: no ISO/GDPR finding, and no CAC rule
    applies to DE pages; only the embargo (META006, every profile) still holds a page."""
    config = yaml.safe_load((intl_site / CONFIG).read_text("utf-8"))
    options = plugin_options(config)
    options["profiles"] = ["cac-2019"]
    options["report"] = ".threatpub/cac-report.json"
    options["ledger"] = ".threatpub/cac-ledger.jsonl"
    config["site_dir"] = "site-cac"
    (intl_site / "mkdocs-cac.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    intl, _ = build(intl_site, CONFIG)
    cac, _ = build(intl_site, "mkdocs-cac.yml")
    assert cac["profiles"] == ["cac-2019"]
    before = {p["path"]: p["verdict"] for p in intl["pages"]}
    after = {p["path"]: p["verdict"] for p in cac["pages"]}
    assert sorted(after) == sorted(before)
    changed = sorted(path for path in after if after[path] != before[path])
    assert changed == ["advisories/nas-path-traversal.md"]
    assert after["advisories/vpn-client-embargoed.md"] == "hold"
    codes = {f["code"] for p in cac["pages"] for f in p["findings"]}
    assert codes == {"META006"}, codes
    assert built(intl_site / "site-cac", "advisories/nas-path-traversal.md")
