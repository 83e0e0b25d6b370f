"""CAC401 malicious-code (Art. 4(1)) through the real CLI: shellcode and a ransomware
build held with the line named, accepted with a reasoned allow, quiet on a page that
describes the malware in words."""

from __future__ import annotations

import json
from pathlib import Path

from tests.rules.helpers import check, line_of

BYTES = "\\xfc\\x48\\x83\\xe4\\xf0\\xe8\\xc0\\x00\\x00\\x00\\x41\\x51\\x41\\x50\\x52\\x51\\x56\\x48"

SHELLCODE = f"""
    # Loader analysis

    The dropper carries its stage in a C array:

    ```c
    unsigned char stage[] = "{BYTES}";
    ```
    """

ACCEPTED = f"""
    # Loader analysis (training copy)

    <!-- threatpub: allow CAC401 reason="defanged training sample, reviewed by the malware team" -->
    ```c
    unsigned char stage[] = "{BYTES}";
    ```
    """

# A skeleton with the shape of a ransomware build, not a working program.
RANSOMWARE = """
    # Tutorial

    ```python
    for root, _, names in os.walk(TARGET):
        for name in names:
            with open(name, "wb") as out:
                out.write(Fernet(KEY).encrypt(read(name)))
    print("Your files have been encrypted. Send 1 bitcoin.")
    ```
    """

WORDS = """
    # Ransomware campaign against hospitals

    The malware walks local and network drives, encrypts documents with AES and deletes the
    originals, then drops a ransom note asking for bitcoin. Its loader allocates executable
    memory with VirtualAlloc and starts a thread at the decrypted payload. Block the domains
    below and restore from offline backups.
    """


def test_cac401_holds_accepts_with_reason_and_stays_quiet(tmp_path: Path) -> None:
    run = check(
        tmp_path,
        {
            "shellcode.md": SHELLCODE,
            "accepted.md": ACCEPTED,
            "ransomware.md": RANSOMWARE,
            "words.md": WORDS,
        },
    )

    shellcode = run.page("shellcode.md")
    assert shellcode.verdict == "hold"
    finding = shellcode.one("CAC401")
    assert (finding["action"], finding["line"]) == ("hold", line_of(SHELLCODE, "unsigned char"))
    assert finding["found"] == "shellcode byte string (16 or more escaped bytes) in a c code block"
    assert finding["source"] == "CAC Measures Art. 4(1)"

    accepted = run.page("accepted.md")
    assert accepted.verdict == "publish", accepted.findings
    [suppressed] = [f for f in accepted.data["suppressed"] if f["code"] == "CAC401"]
    assert suppressed["suppressed_by"] == "defanged training sample, reviewed by the malware team"

    ransomware = run.page("ransomware.md")
    assert ransomware.verdict == "hold"
    assert ransomware.one("CAC401")["line"] == line_of(RANSOMWARE, "os.walk")

    words = run.page("words.md")
    assert words.verdict == "publish", words.findings
    assert not [code for code in words.codes if code.startswith("CAC40")]

    # The report describes; it never quotes the code.
    report = json.dumps(run.report)
    for quoted in ("\\\\xfc", "xfc", "Fernet", "bitcoin", "os.walk", "stage[]"):
        assert quoted not in report, quoted
