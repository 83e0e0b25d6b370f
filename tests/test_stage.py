"""`threatpub stage`: a copy of docs_dir for hosts that run no MkDocs plugins.

Every test runs the real `threatpub` console script, then builds the staged copy with the
real `mkdocs` CLI from the config `--config-out` wrote, which does not list the threatpub
plugin: what that build publishes is what a Zensical host would publish.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from tests.conftest import NOW_EPOCH, Site, make_site, mkdocs, threatpub

Result = subprocess.CompletedProcess[str]

# Held: it names a target and has no operator opinion, fix or notification (CAC801).
MISSING_OPINION = """\
---
title: Gateway overflow in the Quillon relay
threatpub:
  kind: vulnerability
  target:
    operator: Example Power Co.
    system: Quillon relay
  repair:
    status: unfixed
---

# Gateway overflow in the Quillon relay

The marmalade handshake overflows the relay's parser.

![Timeline](gateway-overflow/timeline.svg)
![Sketch](../images/held-only-sketch.png)
![Logo](../images/shared-logo.png)
"""

# Held: published in the future (META006), everything else in order.
SCHEDULED = """\
---
title: Embargoed Zarnok router advisory
threatpub:
  kind: general
  published: 2026-12-20
---

# Embargoed Zarnok router advisory

A lantern-shaped checksum flaw lets the Zarnok router skip its signature check.
"""

# Removed: listed in takedowns.yml (CAC900).
TAKEN_DOWN = """\
---
title: Legacy inventory of Brimvale plants
threatpub:
  kind: general
---

# Legacy inventory of Brimvale plants

Seventeen turquoise valves were catalogued at the Brimvale site.
"""

PUBLISHED = """\
---
title: Authentication bypass in the EX-200 router
threatpub:
  kind: vulnerability
  classification: public
  target:
    operator: Example Networks Ltd.
    system: EX-200 router
  operator_opinion:
    status: received
    date: 2026-10-20
    reference: EXN-2026-044
  repair:
    status: fixed
    date: 2026-10-28
---

# Authentication bypass in the EX-200 router

Update the firmware. Compare the [earlier overflow](gateway-overflow.md) notes.

![Logo](../images/shared-logo.png)
"""

HOME = """\
# Security notes

See [the relay advisory](advisories/gateway-overflow.md#fix) before patching.
Read [the inventory][inv] and <a href="advisories/embargoed-router/">the router
notes</a> too.
The [router bypass](advisories/router-bypass.md) is fixed.

[inv]: advisories/legacy-inventory.md
"""

TAKEDOWNS = """\
- page: advisories/legacy-inventory.md
  received: 2026-11-21T14:00+08:00
  source: regulator
  reason: "asset inventory"
"""

NAV = [
    {"Home": "index.md"},
    {
        "Advisories": [
            "advisories/router-bypass.md",
            "advisories/gateway-overflow.md",
            {"Router (embargoed)": "advisories/embargoed-router.md"},
        ]
    },
    {"Old": ["advisories/legacy-inventory.md"]},
]

SVG = '<svg xmlns="http://www.w3.org/2000/svg"><text>Quillon timeline</text></svg>\n'

# What must never reach the staged build: titles, URLs, file names, sentences.
KEPT_OUT_TRACES = [
    "Gateway overflow in the Quillon relay",
    "Quillon",
    "marmalade handshake",
    "gateway-overflow",
    "Embargoed Zarnok router advisory",
    "Zarnok",
    "lantern-shaped checksum",
    "embargoed-router",
    "Legacy inventory of Brimvale plants",
    "Brimvale",
    "turquoise valves",
    "legacy-inventory",
    "timeline.svg",
    "held-only-sketch",
]


def advisory_site(root: Path) -> Site:
    site = make_site(
        root,
        {
            "index.md": HOME,
            "advisories/router-bypass.md": PUBLISHED,
            "advisories/gateway-overflow.md": MISSING_OPINION,
            "advisories/embargoed-router.md": SCHEDULED,
            "advisories/legacy-inventory.md": TAKEN_DOWN,
            "advisories/gateway-overflow/timeline.svg": SVG,
            "blog/.authors.yml": "authors: {}\n",  # plugin data: copied, never published
            "drafts/idea.md": "# Unfinished idea\n",  # exclude_docs: never copied
            ".notes/todo.md": "# Private notes\n",  # a dot-folder: never copied
        },
        {"takedowns": "takedowns.yml"},
        extra={"nav": NAV, "exclude_docs": "drafts/\n"},
    )
    images = site.docs / "images"
    images.mkdir()
    (images / "held-only-sketch.png").write_bytes(b"\x89PNG sketch of the held page")
    (images / "shared-logo.png").write_bytes(b"\x89PNG logo used by a published page too")
    (root / "takedowns.yml").write_text(TAKEDOWNS, encoding="utf-8")
    return site


def stage(site: Site, *args: str) -> Result:
    return threatpub("stage", "-f", "mkdocs.yml", *args, cwd=site.root)


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def visible_text(page: Path) -> str:
    """The words of a built page: tags dropped, entities decoded, whitespace collapsed."""
    text = re.sub(r"<[^>]*>", " ", page.read_text(encoding="utf-8"))
    return " ".join(html.unescape(text).split())


@pytest.mark.slow
def test_staged_copy_builds_without_the_plugin_and_leaves_nothing_held(tmp_path: Path) -> None:
    site = advisory_site(tmp_path / "site")
    result = stage(site, "staged", "--config-out", "mkdocs.staged.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout

    # What was left out, and why: page, verdict, rule codes (never content).
    assert "left out advisories/gateway-overflow.md: hold [CAC801]" in out
    assert "left out advisories/embargoed-router.md: hold [META006]" in out
    assert "left out advisories/legacy-inventory.md: removed [CAC900" in out
    assert "left out advisories/gateway-overflow/timeline.svg: attachment" in out
    assert "left out images/held-only-sketch.png: attachment" in out
    assert "marmalade" not in out
    assert "turquoise" not in out
    # Each unlinked link with the published page's file and line, as LINK001 reports it.
    assert "index.md:3: LINK001" in out
    assert "index.md:4: LINK001" in out  # the reference link's use and the raw <a>
    assert "advisories/router-bypass.md:20: LINK001" in out
    assert out.strip().splitlines()[-1] == (
        "threatpub: staged 2 page(s) and 2 other file(s) to staged; "
        "left out: 2 held, 1 removed, 2 attachment(s); unlinked 4 link(s)"
    )

    staged = site.root / "staged"
    assert files_under(staged) == {
        ".threatpub-stage",
        "index.md",
        "advisories/router-bypass.md",
        "images/shared-logo.png",  # a published page uses it too
        "blog/.authors.yml",  # plugins read it; MkDocs leaves dot-files out of the site
    }
    home = (staged / "index.md").read_text(encoding="utf-8")
    assert home == textwrap.dedent(
        """\
        # Security notes

        See the relay advisory before patching.
        Read the inventory and the router
        notes too.
        The [router bypass](advisories/router-bypass.md) is fixed.

        """
    )
    # Unchanged pages are copied byte for byte.
    assert (staged / "advisories/router-bypass.md").read_text(encoding="utf-8") == (
        PUBLISHED.replace("[earlier overflow](gateway-overflow.md)", "earlier overflow")
    )

    config = yaml.safe_load((site.root / "mkdocs.staged.yml").read_text(encoding="utf-8"))
    assert config["docs_dir"] == "staged"
    assert config["plugins"] == ["search"]  # no threatpub: it need not be installed
    assert config["nav"] == [
        {"Home": "index.md"},
        {"Advisories": ["advisories/router-bypass.md"]},
    ]

    build = mkdocs(site, "build", "--strict", "-f", "mkdocs.staged.yml")
    assert build.returncode == 0, (
        f"replicate with: cd {site.root} && mkdocs build --strict -f mkdocs.staged.yml\n"
        f"{build.stderr}"
    )
    assert "threatpub" not in build.stderr  # the plugin did not run
    built = site.all_output_text()
    assert "search/search_index.json" in built
    assert "sitemap.xml" in built
    for trace in KEPT_OUT_TRACES:
        assert trace.lower() not in built.lower(), f"{trace!r} reached the staged build"
    assert "shared-logo.png" in built
    text = visible_text(site.out / "index.html")
    assert "See the relay advisory before patching." in text
    assert "Read the inventory and the router notes too." in text
    assert "The router bypass is fixed." in text
    assert "Compare the earlier overflow notes." in visible_text(
        site.out / "advisories/router-bypass/index.html"
    )


def test_a_second_run_replaces_its_own_copy_only(tmp_path: Path) -> None:
    site = advisory_site(tmp_path / "site")
    assert stage(site, "staged", "--config-out", "mkdocs.staged.yml").returncode == 0
    (site.root / "staged" / "stale.md").write_text("# Stale\n", encoding="utf-8")
    again = stage(site, "staged", "--config-out", "mkdocs.staged.yml")
    assert again.returncode == 0, again.stderr
    assert not (site.root / "staged" / "stale.md").exists()  # replaced whole
    leftovers = [p.name for p in site.root.iterdir() if "threatpub-" in p.name]
    assert leftovers == []  # no temporary folder or file left behind

    # A folder (or config) that `threatpub stage` did not write is never replaced.
    foreign = site.root / "mine"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("mine\n", encoding="utf-8")
    refused = stage(site, "mine")
    assert refused.returncode == 2
    assert ".threatpub-stage" in refused.stderr
    assert files_under(foreign) == {"keep.txt"}
    (site.root / "hand-written.yml").write_text("site_name: Mine\n", encoding="utf-8")
    refused = stage(site, "staged", "--config-out", "hand-written.yml")
    assert refused.returncode == 2
    assert "not written by `threatpub stage`" in refused.stderr
    assert (site.root / "hand-written.yml").read_text(encoding="utf-8") == "site_name: Mine\n"


def test_a_failing_page_stages_nothing(tmp_path: Path) -> None:
    site = advisory_site(tmp_path / "site")
    site.write(
        "advisories/typo.md",
        """\
        ---
        threatpub:
          kind: general
          colour: red
        ---

        # A page with a typo in its front matter
        """,
    )
    result = stage(site, "staged", "--config-out", "mkdocs.staged.yml")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "advisories/typo.md: FAIL" in result.stdout
    assert "advisories/typo.md:4: META002" in result.stdout
    assert "nothing was staged" in result.stdout
    assert not (site.root / "staged").exists()
    assert not (site.root / "mkdocs.staged.yml").exists()
    assert [p.name for p in site.root.iterdir() if "threatpub-" in p.name] == []


def test_destinations_that_could_lose_or_publish_files_are_refused(tmp_path: Path) -> None:
    site = advisory_site(tmp_path / "site")
    before = files_under(site.docs)
    for dest, why in [
        ("docs", "overlaps docs_dir"),
        ("docs/staged", "overlaps docs_dir"),
        (".", "overlaps docs_dir"),  # contains it
        ("site", "overlaps site_dir"),
        ("site/staged", "overlaps site_dir"),
    ]:
        result = stage(site, dest)
        assert result.returncode == 2, (dest, result.stdout, result.stderr)
        assert why in result.stderr, (dest, result.stderr)
    (site.root / "a-file").write_text("x\n", encoding="utf-8")
    assert stage(site, "a-file").returncode == 2
    for config_out, why in [
        ("sub/mkdocs.staged.yml", "in the folder of mkdocs.yml"),
        ("mkdocs.yml", "not written by `threatpub stage`"),
    ]:
        result = stage(site, "staged", "--config-out", config_out)
        assert result.returncode == 2, (config_out, result.stderr)
        assert why in result.stderr, (config_out, result.stderr)
    assert files_under(site.docs) == before
    assert not (site.root / "staged").exists()


def test_code_is_left_alone_and_every_link_form_is_unlinked(tmp_path: Path) -> None:
    page = """\
    # Links

    Inline [held](held.md), titled [held](held.md "t"){: .button}, nested
    [![badge](badge.svg)](held.md), by URL [dir](../held/) and [abs](https://example.org/held/),
    full [ref][h] collapsed [h][] shortcut [h] and [kept](other.md).

    Code `[held](held.md)` and ``a [held](held.md) ` b`` stay.

    ```
    [held](held.md)
    ```

        [held](held.md)

    <p>Raw <a class="x" href="../held/">anchor</a> here.</p>

    [h]: held.md
      "Title"
    """
    site = make_site(
        tmp_path / "site",
        {
            "links.md": page,
            "other.md": "# Other\n",
            "badge.svg": SVG,
            "held.md": SCHEDULED,
        },
    )
    result = stage(site, "staged")
    assert result.returncode == 0, result.stdout + result.stderr
    staged = (site.root / "staged" / "links.md").read_text(encoding="utf-8")
    assert staged == textwrap.dedent(
        """\
        # Links

        Inline held, titled held, nested
        ![badge](badge.svg), by URL dir and abs,
        full ref collapsed h shortcut h and [kept](other.md).

        Code `[held](held.md)` and ``a [held](held.md) ` b`` stay.

        ```
        [held](held.md)
        ```

            [held](held.md)

        <p>Raw anchor here.</p>

        """
    )
    lines = re.findall(r"^links\.md:(\d+): LINK001", result.stdout, re.MULTILINE)
    assert lines == ["3", "3", "4", "4", "4", "5", "5", "5", "15"]


@pytest.mark.slow
def test_config_out_keeps_inherit_tags_and_builds(tmp_path: Path) -> None:
    """INHERIT is merged, `!ENV` and `!!python/name:` are written back for MkDocs to read."""
    root = tmp_path / "tags"
    (root / "content").mkdir(parents=True)
    (root / "content" / "index.md").write_text("# Home\n\nWelcome.\n", encoding="utf-8")
    (root / "content" / "held.md").write_text(SCHEDULED, encoding="utf-8")
    (root / "base.yml").write_text(
        textwrap.dedent(
            """\
            site_name: Base
            docs_dir: content
            plugins:
              search: {}
              threatpub:
                timezone: !ENV [THREATPUB_TEST_TZ, Asia/Shanghai]
            nav:
              - index.md
              - Scheduled: held.md
            """
        ),
        encoding="utf-8",
    )
    (root / "mkdocs.yml").write_text(
        textwrap.dedent(
            """\
            INHERIT: base.yml
            site_name: !ENV [THREATPUB_TEST_SITE_NAME, "Tagged site"]
            markdown_extensions:
              - pymdownx.superfences:
                  custom_fences:
                    - name: mermaid
                      class: mermaid
                      format: !!python/name:pymdownx.superfences.fence_code_format
            """
        ),
        encoding="utf-8",
    )
    result = threatpub("stage", "../out", "--config-out", "staged.yml", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    text = (root / "staged.yml").read_text(encoding="utf-8")
    assert text.startswith("# Written by `threatpub stage`")
    assert "!ENV" in text
    assert "!!python/name:pymdownx.superfences.fence_code_format" in text
    assert "threatpub:" not in text
    assert "INHERIT" not in text
    assert "docs_dir: ../out" in text
    build = mkdocs(root, "build", "--strict", "-f", "staged.yml")
    assert build.returncode == 0, build.stderr
    assert "Tagged site" in (root / "site" / "index.html").read_text(encoding="utf-8")
    assert not (root / "site" / "held").exists()


@pytest.mark.slow
def test_example_site_stage_publishes_what_the_plugin_build_publishes(
    example_site: Site,
) -> None:
    root = example_site.root
    # Not --strict: the plugin warns about the link it unlinks (LINK001); the staged build,
    # whose Markdown has no such link left, passes --strict below.
    plugin_build = mkdocs(example_site, "build")
    assert plugin_build.returncode == 0, plugin_build.stderr
    report = json.loads((root / ".threatpub/report.json").read_text(encoding="utf-8"))
    published = {p["path"] for p in report["pages"] if p["verdict"] == "publish"}
    kept_out = {p["path"] for p in report["pages"] if p["verdict"] != "publish"}
    assert kept_out, "the example site is meant to show held and removed pages"
    plugin_output = files_under(example_site.out)

    result = stage(example_site, "../staged", "--config-out", "mkdocs.staged.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    staged = root.parent / "staged"
    config = yaml.safe_load((root / "mkdocs.staged.yml").read_text(encoding="utf-8"))
    reference = {p for p in files_under(staged) if p.startswith("rules/")}
    assert reference, "the rules reference the plugin adds is staged too"
    staged_pages = {p for p in files_under(staged) if p.endswith(".md")} - reference
    assert staged_pages == published
    for path in kept_out:
        assert f"left out {path}: " in result.stdout

    staged_build = mkdocs(
        example_site, "build", "--strict", "-f", "mkdocs.staged.yml", "-d", "../staged-site"
    )
    assert staged_build.returncode == 0, (
        f"replicate with: cd {root} && mkdocs build --strict -f mkdocs.staged.yml\n"
        f"{staged_build.stderr}"
    )
    assert "threatpub" not in [
        next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]
    ]
    staged_output = files_under(root.parent / "staged-site")
    assert staged_output == plugin_output
    text = "\n".join(
        (root.parent / "staged-site" / rel).read_text(encoding="utf-8", errors="replace")
        for rel in staged_output
        if rel.endswith((".html", ".xml", ".json"))
    )
    for path in kept_out:
        slug = Path(path).stem
        assert slug not in text, f"{path} left a trace in the staged build"


def test_hostile_markdown_is_unlinked_in_one_pass(tmp_path: Path) -> None:
    """Unclosed brackets, link tails and anchors by the ten thousand: no quadratic rescans
    (before the scanner indexed brackets once, this page took minutes)."""
    hostile = (
        "[" * 50_000
        + "\n"
        + "[a](held.md"
        + "[a](" * 20_000
        + "\n"
        + '<a href="held.md">x ' * 5_000
        + "\n"
        + " ".join("`" * (i % 40 + 1) for i in range(10_000))
        + "\n\nFinally [the held page](held.md).\n"
    )
    site = make_site(tmp_path / "site", {"hostile.md": hostile, "held.md": SCHEDULED})
    result = stage(site, "staged")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    staged = (site.root / "staged" / "hostile.md").read_text(encoding="utf-8")
    assert staged.endswith("\n\nFinally the held page.\n")
    assert '<a href="held.md">' not in staged


def test_stage_module_does_not_import_mkdocs() -> None:
    """A Zensical host may not have MkDocs: the staging logic is core-style code."""
    script = (
        "import sys\n"
        "import mkdocs_threatpub.pipeline.stage\n"
        "print(sorted(m for m in sys.modules if m == 'mkdocs' or m.startswith('mkdocs.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


# -- leftovers of interrupted runs (issue 16, case 10) -------------------------------------------

# Over the kernel's largest process id (4,194,304 on Linux): no process has it.
GONE_PID = 9_999_999
MARKER_TEXT = (
    "This folder was written by `threatpub stage` (mkdocs-threatpub): a copy of docs_dir\n"
)


def _folder_with(path: Path, marker: str | None = MARKER_TEXT) -> Path:
    path.mkdir()
    (path / "index.md").write_text("# Half a copy\n", encoding="utf-8")
    if marker is not None:
        (path / ".threatpub-stage").write_text(marker, encoding="utf-8")
    return path


def test_leftovers_of_interrupted_runs_are_removed_and_nothing_else(tmp_path: Path) -> None:
    site = advisory_site(tmp_path / "site")
    root = site.root
    removed = [
        _folder_with(root / f".staged.threatpub-{GONE_PID}-0badcafe"),
        _folder_with(root / f".staged.threatpub-{GONE_PID}-deadbeef-old"),
    ]
    elsewhere = _folder_with(tmp_path / "elsewhere")
    kept = [
        # Its own name, but no marker: not provably ours.
        _folder_with(root / f".staged.threatpub-{GONE_PID}-12345678", marker=None),
        # A marker that is not the one `threatpub stage` writes.
        _folder_with(root / f".staged.threatpub-{GONE_PID}-87654321", marker="mine\n"),
        # A run that is still going (this test's own parent process).
        _folder_with(root / f".staged.threatpub-{os.getppid()}-aaaaaaaa"),
        # Another DEST's, and names that only look alike.
        _folder_with(root / f".other.threatpub-{GONE_PID}-bbbbbbbb"),
        _folder_with(root / ".staged.threatpub-notes"),
        _folder_with(root / f"staged.threatpub-{GONE_PID}-cccccccc"),
    ]
    link = root / f".staged.threatpub-{GONE_PID}-dddddddd"
    link.symlink_to(elsewhere)  # a link is never followed into, nor removed
    a_file = root / f".staged.threatpub-{GONE_PID}-eeeeeeee"
    a_file.write_text("a file\n", encoding="utf-8")

    result = stage(site, "staged")
    assert result.returncode == 0, result.stdout + result.stderr
    for path in removed:
        assert not path.exists(), path
        assert f"threatpub: removed {path.name}, left beside DEST" in result.stdout
    for path in kept:
        assert (path / "index.md").is_file(), path
    assert link.is_symlink()
    assert (elsewhere / "index.md").is_file()
    assert a_file.is_file()
    assert (root / "staged" / ".threatpub-stage").is_file()
    leftovers = sorted(p.name for p in root.iterdir() if p.name.startswith(".staged.threatpub-"))
    expected = [p.name for p in kept if p.name.startswith(".staged.threatpub-")]
    assert leftovers == sorted([*expected, link.name, a_file.name])


KILL_MID_COPY = """
import os, shutil, signal, sys
from mkdocs_threatpub.pipeline import stage
copied = []
def copy_then_die(src, dst, *args, **kwargs):
    copied.append(dst)
    if len(copied) == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    return shutil.copyfile(src, dst)
stage.shutil.copy2 = copy_then_die
from mkdocs_threatpub.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_run_killed_mid_copy_is_cleaned_up_by_the_next(tmp_path: Path) -> None:
    """A run killed mid-copy leaves its temporary folder, marked from the start; the next
    run removes it and stages as usual."""
    site = advisory_site(tmp_path / "site")
    killed = subprocess.run(
        [sys.executable, "-c", KILL_MID_COPY, "stage", "-f", "mkdocs.yml", "staged"],
        cwd=site.root,
        env={**os.environ, "SOURCE_DATE_EPOCH": str(NOW_EPOCH)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert killed.returncode == -9, killed.stdout + killed.stderr
    left = [p for p in site.root.iterdir() if p.name.startswith(".staged.threatpub-")]
    assert len(left) == 1, left
    assert (left[0] / ".threatpub-stage").is_file(), "the half copy carries no marker"
    assert not (site.root / "staged").exists()

    again = stage(site, "staged")
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"threatpub: removed {left[0].name}" in again.stdout
    assert not left[0].exists()
    assert (site.root / "staged" / "index.md").is_file()
    assert [p.name for p in site.root.iterdir() if "threatpub-" in p.name] == []
