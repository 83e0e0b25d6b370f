"""The example site builds with exit 0, holds what it should, and says why."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup

from tests.conftest import Site, mkdocs


def test_example_site_builds_and_holds(example_site: Site) -> None:
    result = mkdocs(example_site, "build", "--strict")
    assert result.returncode == 0, result.stderr
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
    assert any(
        any(f["code"] == "CAC801" for f in p["findings"]) for p in timed
    ), "expected a page held by CAC801 with a release date"
    for page in timed:
        assert f"release after {page['release_after']}" in result.stderr


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
