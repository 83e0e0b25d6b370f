"""META011 suppression-unused: an `allow` that matches nothing, or has expired (warn)."""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import check, line_of


def allowing(entries: str) -> str:
    """A general page whose `allow:` list is ``entries`` (indented four spaces)."""
    return f"---\nthreatpub:\n  kind: general\n  allow:\n{entries}---\n\nText.\n"


def entry(rule: str, expires: str = "") -> str:
    line = f"      expires: {expires}\n" if expires else ""
    return f'    - rule: {rule}\n      reason: "reviewed by security-review"\n{line}'


UNUSED = allowing(entry("CAC403"))
EXPIRED = allowing(entry("CAC403", "2026-11-01"))
EXPIRES_NOW = allowing(entry("CAC404", "2026-11-23T10:00:00+08:00"))
EXPIRES_SOON = allowing(entry("CAC404", "2026-11-23T10:01:00+08:00"))
ALL_CONTENT = allowing("".join(entry(f"CAC40{n}") for n in range(1, 8)))


def test_unused_and_expired_allows_warn(tmp_path: Path) -> None:
    """Every content code is a valid allow; with no finding to accept, each is unused."""
    run = check(
        tmp_path,
        {
            "unused.md": UNUSED,
            "expired.md": EXPIRED,
            "expires-now.md": EXPIRES_NOW,
            "expires-soon.md": EXPIRES_SOON,
            "all-content.md": ALL_CONTENT,
        },
    )
    for path, result in run.pages.items():
        # A warning only: the page is published, and the default --fail-on hold exits 0.
        assert result.verdict == "publish", (path, result.findings)
        assert set(result.codes) == {"META011"}, (path, result.findings)
        for finding in result.findings:
            assert (finding["action"], finding["severity"]) == ("warn", "warning")
    assert run.returncode == 0

    unused = run.page("unused.md").one("META011")
    assert unused["line"] == line_of(UNUSED, "- rule: CAC403")
    assert unused["key"] == "threatpub.allow[0]"
    assert "no such finding" in unused["message"]

    # Expiry is reported once, as expiry (not also as unused); `expires` == now has expired.
    for path in ("expired.md", "expires-now.md"):
        finding = run.page(path).one("META011")
        assert "expired" in finding["message"], path
    assert "no such finding" in run.page("expires-soon.md").one("META011")["message"]

    lines = sorted(f["line"] for f in run.page("all-content.md").findings)
    assert lines == [line_of(ALL_CONTENT, f"- rule: CAC40{n}") for n in range(1, 8)]


def test_unused_allow_reaches_fail_on_warn(tmp_path: Path) -> None:
    """`--fail-on warn` turns the warning into a non-zero exit, the verdict stays publish."""
    run = check(tmp_path, {"unused.md": UNUSED}, args=["--fail-on", "warn"])
    assert run.page("unused.md").verdict == "publish"
    assert run.returncode == 1
