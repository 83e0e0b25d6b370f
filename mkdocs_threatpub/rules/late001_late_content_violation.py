"""LATE001 late-content-violation (emitted by the MkDocs adapter after rendering)."""

from __future__ import annotations

from mkdocs_threatpub.core.findings import Action
from mkdocs_threatpub.core.rule import Rule, RuleDoc, Scope

RULE = Rule(
    code="LATE001",
    name="late-content-violation",
    source="SPEC §1 (fail closed); CAC Measures Art. 4",
    default_action=Action.FAIL,
    summary="The rendered HTML of a published page has Article 4 content the source scan "
    "did not see.",
    scope=Scope.ANY,
    locked=True,
    check=None,  # emitted by mkdocs_threatpub.plugin when it scans the rendered page
    doc=RuleDoc(
        what="After MkDocs renders a page that was judged publishable, the page's HTML is "
        "scanned with the same Article 4 detectors as its Markdown source (CAC401–CAC407). "
        "Anything found in the HTML that the source scan did not find is a late violation: it "
        "was pulled in at render time by `pymdownx.snippets` (`--8<--`), a macro, an include "
        "plugin or a Markdown extension.",
        why="Holds are decided before any page is rendered, so that a held page leaves no "
        "trace in the nav, listings or feeds. Content that appears only after rendering is "
        "too late to hold: publishing it would break Article 4, and holding it now would leak "
        "through what was already built. The only safe outcome is a failed build, with the "
        "page's output deleted from site_dir.",
        source="SPEC §1: the plugin fails closed; CAC Cybersecurity Threat Information "
        "Publication Management Measures (Draft, 2019-11-20), Art. 4.",
        how="Remove the include or macro that brings the content in, or remove the content "
        "from the included file. If a reviewer accepts the content, put it in the page's own "
        "Markdown, where an `allow` with a reason can cover it. `threatpub check` cannot see "
        "included files; only `mkdocs build` can.",
        example='Instead of including a payload file:\n\n    --8<-- "payloads/shell.txt"\n\n'
        "describe it: \"The proof of concept opens a reverse shell to the attacker's host; "
        'it is not published."',
    ),
)
