"""`mkdocs serve` with the plugin: kept-out pages are previewed with a banner, never crash.

Each test starts the real `mkdocs serve` on a free loopback port (tests/conftest.py `serve`)
and reads pages over HTTP with BeautifulSoup.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from tests.conftest import BIN, NOW_EPOCH, Server, Site, make_site, mkdocs, serve

# Every test here runs real builds, servers or a browser (-m 'not slow' skips them).
pytestmark = pytest.mark.slow

HELD = """\
---
title: Held advisory
threatpub:
  kind: vulnerability
  target:
    operator: Example Power Co.
---

# Held advisory

Held body.
"""

# The same page, now with the operator's written opinion: CAC801 is satisfied.
HELD_FIXED = HELD.replace(
    "    operator: Example Power Co.\n",
    "    operator: Example Power Co.\n"
    "  operator_opinion:\n    status: received\n    date: 2026-11-01\n    reference: EP-1\n",
)

FAILING = """\
---
title: Failing advisory
threatpub:
  kind: vulnerability
  published: next tuesday
---

# Failing advisory
"""

# Unparsable YAML inside the block (a second ': ' on the line): META001 on line 5.
BROKEN_YAML = """\
---
title: Broken advisory
threatpub:
  kind: vulnerability
  target: Example: Power
---

# Broken advisory
"""

PUBLISHED = """\
---
title: Published advisory
threatpub:
  kind: general
---

# Published advisory

Published body.
"""

PAGES = {
    "index.md": "# Home\n",
    "held.md": HELD,
    "failing.md": FAILING,
    "broken.md": BROKEN_YAML,
    "published.md": PUBLISHED,
}


def replicate(site: Site) -> str:
    return f"replicate: cd {site.root} && SOURCE_DATE_EPOCH={NOW_EPOCH} {BIN / 'mkdocs'} serve"


def banner_of(html: str) -> Tag | None:
    soup = BeautifulSoup(html, "html.parser")
    found = soup.select_one("div.threatpub-banner")
    return found if isinstance(found, Tag) else None


def findings_of(banner: Tag) -> list[tuple[str, str]]:
    """(code, line) of each finding listed in the banner."""
    return [
        (str(item.get("data-code")), str(item.get("data-line")))
        for item in banner.select("li.tp-finding")
    ]


def fetch(server: Server, site: Site, path: str) -> str:
    status, html = server.get(path)
    assert status == 200, f"GET {path} -> {status}\n{replicate(site)}\n{server.log()[-3000:]}"
    return html


def wait_until(ready: Callable[[], bool], server: Server, what: str) -> None:
    """Poll ``ready()`` for up to 20 s while the server lives."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        assert server.alive(), f"mkdocs serve died\n{server.log()[-3000:]}"
        if ready():
            return
        time.sleep(0.25)
    raise AssertionError(f"{what} did not happen within 20 s\n{server.log()[-4000:]}")


def wait_for(server: Server, site: Site, path: str, ready: Callable[[str], bool], what: str) -> str:
    """Poll `path` until `ready(html)`, for up to 20 s (serve rebuilds after an edit)."""
    deadline = time.monotonic() + 20
    html = ""
    while time.monotonic() < deadline:
        assert server.alive(), f"mkdocs serve died\n{replicate(site)}\n{server.log()[-3000:]}"
        status, html = server.get(path)
        if status == 200 and ready(html):
            return html
        time.sleep(0.25)
    raise AssertionError(
        f"{path}: {what} did not happen within 20 s of the edit\n{replicate(site)}\n"
        f"--- serve log:\n{server.log()[-4000:]}"
    )


@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_kept_out_pages_are_previewed_with_a_banner(tmp_path: Path, theme: str) -> None:
    site = make_site(tmp_path / "site-root", PAGES, theme=theme)
    with serve(site) as server:
        hint = f"[{theme}] {replicate(site)}"
        expected = {
            "/held/": ("tp-hold", "warning", [("CAC801", "5")]),
            "/failing/": ("tp-fail", "danger", [("META003", "5")]),
            "/broken/": ("tp-fail", "danger", [("META001", "5")]),
        }
        for path, (verdict_class, admonition, codes) in expected.items():
            html = fetch(server, site, path)
            banner = banner_of(html)
            assert banner is not None, f"{path}: no div.threatpub-banner\n{hint}"
            classes = set(banner.get("class") or [])
            assert verdict_class in classes, f"{path}: banner classes {classes}\n{hint}"
            assert findings_of(banner) == codes, f"{path}: banner findings\n{hint}"
            text = banner.get_text(" ")
            for code, line in codes:
                assert code in text, f"{path}: {code} not visible in the banner\n{hint}"
                assert f"line {line}" in text, f"{path}: line {line} not visible\n{hint}"
            if theme == "material":
                assert {"admonition", admonition} <= classes, (
                    f"{path}: Material banner should use admonition classes, has {classes}\n{hint}"
                )
                assert banner.select_one(".admonition-title"), f"{path}: no title\n{hint}"
            else:
                assert "admonition" not in classes, f"{path}: admonition without Material\n{hint}"
                styles = " ".join(s.get_text() for s in BeautifulSoup(html, "html.parser")("style"))
                assert ".threatpub-banner" in styles, f"{path}: plain banner is unstyled\n{hint}"
        broken = banner_of(fetch(server, site, "/broken/"))
        assert broken is not None
        assert "front matter" in broken.get_text(" ").lower(), f"/broken/: error not shown\n{hint}"
        assert banner_of(fetch(server, site, "/published/")) is None, (
            f"/published/ has a banner although it is published\n{hint}"
        )
        assert banner_of(fetch(server, site, "/")) is None, f"/ has a banner\n{hint}"
        assert server.alive(), f"mkdocs serve died\n{hint}\n{server.log()}"
        log = server.log()
    # Each finding is logged on the console as the plugin words it (file:line: code name
    # [action]); the level and prefix in front of it are MkDocs' log format, not asserted.
    for line in (
        "held.md:5: CAC801 operator-opinion-missing [hold] ",
        "failing.md:5: META003 invalid-value [fail] ",
        "broken.md:5: META001 front-matter-unparsable [fail] ",
    ):
        assert line in log, f"no console message {line!r}\n{hint}\n{log}"


def test_serve_banner_false_hides_the_banner(tmp_path: Path) -> None:
    site = make_site(
        tmp_path / "site-root", {"index.md": "# Home\n", "held.md": HELD}, {"serve_banner": False}
    )
    with serve(site) as server:
        assert banner_of(fetch(server, site, "/held/")) is None, (
            f"serve_banner: false still shows the banner\n{replicate(site)}"
        )


def test_fixing_held_page_removes_banner_and_build_publishes_it(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site-root", {"index.md": "# Home\n", "held.md": HELD})
    with serve(site) as server:
        banner = banner_of(fetch(server, site, "/held/"))
        assert banner is not None, f"/held/ should start with a banner\n{replicate(site)}"
        assert findings_of(banner) == [("CAC801", "5")]
        site.write("held.md", HELD_FIXED)
        wait_for(
            server,
            site,
            "/held/",
            lambda html: banner_of(html) is None and "Held body." in html,
            "the banner disappearing",
        )
        assert server.alive(), f"mkdocs serve died after the edit\n{replicate(site)}"
    result = mkdocs(site, "build")
    assert result.returncode == 0, f"build after the fix\n{result.stderr}"
    assert site.built("held.md"), (
        f"held.md was fixed but `mkdocs build` did not publish it\n"
        f"replicate: cd {site.root} && SOURCE_DATE_EPOCH={NOW_EPOCH} {BIN / 'mkdocs'} build\n"
        f"{result.stderr}"
    )


def test_edit_that_breaks_a_page_keeps_the_server_alive(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site-root", {"index.md": "# Home\n", "published.md": PUBLISHED})
    with serve(site) as server:
        assert banner_of(fetch(server, site, "/published/")) is None
        site.write("published.md", BROKEN_YAML.replace("Broken advisory", "Published advisory"))
        html = wait_for(
            server, site, "/published/", lambda h: banner_of(h) is not None, "a banner appearing"
        )
        banner = banner_of(html)
        assert banner is not None
        assert findings_of(banner) == [("META001", "5")], f"banner findings\n{replicate(site)}"
        assert server.alive(), f"mkdocs serve died on a broken page\n{replicate(site)}"
        site.write("published.md", FAILING)
        wait_for(
            server,
            site,
            "/published/",
            lambda h: (b := banner_of(h)) is not None and ("META003", "5") in findings_of(b),
            "the banner switching to META003",
        )
        site.write("published.md", PUBLISHED)
        wait_for(
            server, site, "/published/", lambda h: banner_of(h) is None, "the banner going away"
        )
        status, _ = server.get("/")
        assert status == 200, f"the home page stopped answering\n{replicate(site)}"
        assert server.alive(), f"mkdocs serve died\n{replicate(site)}\n{server.log()}"


def _cache_counts(log_text: str) -> list[tuple[int, int]]:
    return [
        (int(judged), int(reused))
        for judged, reused in re.findall(
            r"threatpub: judged (\d+) page\(s\), reused (\d+) unchanged", log_text
        )
    ]


def test_rebuild_after_an_edit_judges_only_the_edited_page(tmp_path: Path) -> None:
    """The page cache (source hash + settings) survives serve rebuilds: editing one page of
    twelve scans that page again, and the other eleven are reused, with the same verdicts."""
    pages = {"index.md": "# Home\n", "held.md": HELD}
    pages |= {f"notes/page-{n:02d}.md": f"# Note {n}\n\nPlain text {n}.\n" for n in range(10)}
    site = make_site(tmp_path / "site-root", pages)
    with serve(site) as server:
        wait_until(lambda: len(_cache_counts(server.log())) >= 1, server, "the first build")
        assert _cache_counts(server.log())[0] == (12, 0), server.log()
        site.write("notes/page-03.md", "# Note 3\n\nEdited text.\n")
        wait_until(lambda: len(_cache_counts(server.log())) >= 2, server, "the rebuild")
        assert _cache_counts(server.log())[1] == (1, 11), server.log()
        # The cached held page still shows its banner after the rebuild.
        banner = banner_of(fetch(server, site, "/held/"))
        assert banner is not None
        assert findings_of(banner) == [("CAC801", "5")]
        assert "Edited text." in fetch(server, site, "/notes/page-03/")
