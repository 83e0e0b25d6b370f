"""CAC404 leaked-data (Art. 4(4)) through the real CLI, on synthetic data generated here
(check digits by python-stdnum): held with lines named, never quoted in the report; warnings
for single quoted format lines; quiet on test numbers and documentation addresses; accepted
with a reasoned allow."""

from __future__ import annotations

import json
from pathlib import Path

from tests.detectors import _leakdata as gen
from tests.rules.helpers import check, line_of

R = gen.rng(404)
RESIDENT_ID = gen.resident_id(R)
BAD_ID = gen.wrong_check_digit(gen.resident_id(R))
CARD = gen.card(R, "62", 16)
PHONES = [gen.phone(R) for _ in range(3)]
EMAILS = [f"{gen.chars(R, 'abcdefgh', 7)}@mail-{gen.chars(R, 'xyz', 5)}.cn" for _ in range(3)]
HASH = gen.crypt_hash(R, "sha512-crypt")
TOKEN = "ghp_" + gen.chars(R, gen.ALNUM, 36)
KEY_BODY = gen.pem_body(R, 8)

LEAK = f"""
    # Breach at a retailer: what the sample contains

    The seller posted a sample. 身份证号 {RESIDENT_ID} appears in the first row.

    | 姓名 | 手机号 | 地址 |
    |---|---|---|
    | 王伟 | {PHONES[0]} | 东城路1号 |
    | 李娜 | {PHONES[1]} | 西城路2号 |
    | 张敏 | {PHONES[2]} | 南城路3号 |

    Cards in the dump, e.g. 卡号 {gen.grouped(CARD)}.

    Accounts: {", ".join(EMAILS)}

    ```
    root:{HASH}:19000:0:99999:7:::
    ```

    Deploy key committed to the repository:

    ```
    -----BEGIN OPENSSH PRIVATE KEY-----
    {KEY_BODY.replace(chr(10), chr(10) + "    ")}
    -----END OPENSSH PRIVATE KEY-----
    ```

    CI token: `{TOKEN}`
    """

# Described in words, with the stand-ins documentation uses: nothing to hold.
DESCRIBED = f"""
    # Breach at a retailer

    About 120,000 records with names, phone numbers (138****1234) and ID numbers leaked.
    The ID number {BAD_ID} quoted by a forum post has a wrong check digit.
    Payment tests use 4111 1111 1111 1111 and 4242424242424242 (card numbers for testing).
    Write to security@vendor.cn, alice@example.com or bob@example.org; build 20231012103045.
    Keys look like AKIAIOSFODNN7EXAMPLE; hashes like $6$salt$hash.

    | 姓名 | 手机号 | 身份证 |
    |---|---|---|
    | 王* | 138****1234 | 110***********1234 |
    | 李* | 139****5678 | 310***********5678 |
    | 张* | 137****9012 | 440***********9012 |
    """

# One quoted format line (a user's, not a stock account's) and a bare PEM header: a person
# should look, nothing is held.
FORMAT = """
    # How /etc/passwd works

    Each line has seven fields: `alice:x:1000:1000:Alice,,,:/home/alice:/bin/bash`.

    A PEM private key starts with `-----BEGIN RSA PRIVATE KEY-----` and ends with a footer.
    """

ACCEPTED = f"""
    # Training data

    <!-- threatpub: allow CAC404 reason="synthetic sample generated for training; reviewed by the DPO" -->
    ```
    {RESIDENT_ID}
    ```
    """


def test_cac404_holds_warns_stays_quiet_and_accepts(tmp_path: Path) -> None:
    run = check(
        tmp_path,
        {"leak.md": LEAK, "described.md": DESCRIBED, "format.md": FORMAT, "accepted.md": ACCEPTED},
    )

    leak = run.page("leak.md")
    assert leak.verdict == "hold"
    found = {(f["line"], f["found"]) for f in leak.all("CAC404")}
    assert all(f["action"] == "hold" for f in leak.all("CAC404")), leak.findings
    assert found >= {
        (line_of(LEAK, "身份证号"), "Chinese resident ID number in prose"),
        (line_of(LEAK, "| 姓名"), "table of 3 personal records (name, phone, address) in a table"),
        (
            line_of(LEAK, PHONES[0]),
            "Chinese mobile phone number in a record with a name or ID column in a table",
        ),
        (line_of(LEAK, "卡号"), "payment card number (UnionPay) in prose"),
        (line_of(LEAK, "Accounts:"), "3 e-mail addresses in prose"),
        (line_of(LEAK, "root:"), "an /etc/shadow line with a password hash in a code block"),
        (line_of(LEAK, "BEGIN OPENSSH"), "OPENSSH private key in a code block"),
        (line_of(LEAK, "CI token"), "GitHub token in prose"),
    }, sorted(found)

    described = run.page("described.md")
    assert described.verdict == "publish", described.findings
    assert "CAC404" not in described.codes, described.findings

    fmt = run.page("format.md")
    assert fmt.verdict == "publish", fmt.findings
    warned = {(f["line"], f["found"], f["action"]) for f in fmt.all("CAC404")}
    assert warned == {
        (line_of(FORMAT, "seven fields"), "a single /etc/passwd line in prose", "warn"),
        (
            line_of(FORMAT, "PEM private key"),
            "RSA private key header without a key body in prose",
            "warn",
        ),
    }

    accepted = run.page("accepted.md")
    assert accepted.verdict == "publish", accepted.findings
    [suppressed] = [f for f in accepted.data["suppressed"] if f["code"] == "CAC404"]
    assert (
        suppressed["suppressed_by"]
        == "synthetic sample generated for training; reviewed by the DPO"
    )

    # The report describes the data; it never quotes it, not even in part.
    report = json.dumps(run.report, ensure_ascii=False)
    secrets = [RESIDENT_ID, CARD, gen.grouped(CARD), *PHONES, *EMAILS, HASH, TOKEN, KEY_BODY[:40]]
    for secret in secrets:
        assert secret not in report
        assert secret[-8:] not in report
    assert "王伟" not in report
