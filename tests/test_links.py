"""Links to kept-out pages, unlinked at the Markdown source (LINK001): the same function
serves the plugin (before any plugin copies the page) and `threatpub stage`."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from mkdocs_threatpub.core.links import KeptOutTargets, unlink_markdown
from tests.conftest import make_site, mkdocs

HELD = "advisories/held.md"


def unlinked(body: str, page: str = "index.md") -> tuple[str, list[tuple[int, str]]]:
    targets = KeptOutTargets({HELD})
    new, found = unlink_markdown(body, lambda href: targets.target(href, page))
    return new, [(item.line, item.target) for item in found]


def test_embedded_frames_of_a_kept_out_page_are_emptied() -> None:
    body = (
        '<iframe src="advisories/held/" width="600"></iframe>\n'
        "\n"
        "<embed src='advisories/held.md'>\n"
        "\n"
        '<object data="/advisories/held/index.html"></object>\n'
        "\n"
        '<iframe src="advisories/other/"></iframe>\n'
    )
    new, found = unlinked(body)
    assert found == [(0, HELD), (2, HELD), (4, HELD)]
    assert "held" not in new
    assert '<iframe src="advisories/other/">' in new  # a published page stays embedded


def test_embeds_resolve_from_the_pages_own_folder_and_url() -> None:
    """From advisories/pub.md, `held.md` is the source path and `../held/` the URL."""
    body = '<iframe src="held.md"></iframe>\n\n<iframe src="../held/"></iframe>\n'
    new, found = unlinked(body, page="advisories/pub.md")
    assert [target for _, target in found] == [HELD, HELD]
    assert "held" not in new


def test_embeds_in_code_are_shown_not_followed() -> None:
    body = '```html\n<iframe src="advisories/held/"></iframe>\n```\n'
    assert unlinked(body) == (body, [])


@pytest.mark.slow
def test_a_build_leaves_no_link_or_frame_of_a_held_page(tmp_path: Path) -> None:
    held = (
        "---\ntitle: Gateway\nthreatpub:\n  kind: vulnerability\n  target: {operator: ACME}\n"
        "---\n\n# Gateway\n"
    )
    home = (
        "# Home\n\n[Markdown](advisories/held.md)\n\n"
        '<a href="advisories/held/">raw link</a>\n\n'
        '<iframe src="advisories/held/"></iframe>\n'
    )
    site = make_site(tmp_path / "site", {"index.md": home, HELD: held})
    result = mkdocs(site, "build")
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((site.out / "index.html").read_text(encoding="utf-8"), "html.parser")
    for tag in soup.find_all(["a", "iframe"]):
        assert "held" not in (tag.get("href") or "") + (tag.get("src") or ""), tag
    assert "raw link" in soup.get_text(" ")
    assert result.stderr.count("LINK001") >= 3, result.stderr
