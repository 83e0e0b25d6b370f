"""ransomware (CAC401): walk + encrypt + overwrite + ransom note in one block; near misses.

The fixtures are skeletons with the shape the detector looks for, not working programs.
"""

from __future__ import annotations

import pytest

from mkdocs_threatpub.scanners.detectors.ransomware import DETECTOR
from tests.detectors._attack import LONG, SPACES, fenced, scan, seconds

PYTHON = """\
for root, _, names in os.walk(TARGET):
    for name in names:
        data = read(name)
        with open(name, "wb") as out:
            out.write(Fernet(KEY).encrypt(data))
print("All your files have been encrypted! Send 1 bitcoin to get them back.")"""

GO = """\
filepath.Walk(dir, func(p string, i os.FileInfo, e error) error {
    block, _ := aes.NewCipher(key)
    os.WriteFile(p+".locked", seal(block, p), 0644)
    os.Remove(p)
    return nil
})
note := "Your files are encrypted. Pay 0.5 BTC to the wallet below."""

POWERSHELL = """\
Get-ChildItem C:\\Users -Recurse -File | ForEach-Object {
  $enc = $aes.CreateEncryptor($key, $iv)
  Set-Content $_.FullName ($enc.TransformFinalBlock($b, 0, $b.Length))
}
Set-Content README.txt '文件已被加密，请支付比特币赎金'"""

# The same shape without a note, on a page that talks about ransom.
NO_NOTE = """\
for name in os.listdir("."):
    token = Fernet(key).encrypt(open(name, "rb").read())
    open(name, "wb").write(token)"""


@pytest.mark.parametrize(
    ("body", "lang"), [(PYTHON, "python"), (GO, "go"), (POWERSHELL, "powershell")]
)
def test_complete_construction_is_strong(body: str, lang: str) -> None:
    hits = scan(DETECTOR, fenced(body, lang))
    assert len(hits) == 1, [h.what for h in hits]
    assert hits[0].strong
    assert hits[0].rule == "CAC401"
    assert hits[0].line == 4
    assert (
        hits[0].what
        == f"ransomware construction (file walk, encryption, overwrite and ransom note) in a {lang} code block"
    )


def test_without_a_note_only_warns_on_a_page_about_ransom() -> None:
    page = "# How ransomware locks files\n\n" + fenced(NO_NOTE, "python")
    hits = scan(DETECTOR, page)
    assert [(h.strong, h.line) for h in hits] == [(False, 6)]
    assert hits[0].what.startswith("bulk file-encryption code on a page about ransom")


@pytest.mark.parametrize(
    "text",
    [
        # The same code on a page that never mentions ransom: a backup tutorial.
        "# Encrypting backups\n\n" + fenced(NO_NOTE, "python"),
        # Encryption of one file, no walk.
        fenced(
            'data = open("report.pdf", "rb").read()\nopen("report.enc", "wb").write(Fernet(k).encrypt(data))\n# ransom',
            "python",
        ),
        # A walk that only reads and hashes.
        fenced(
            "for root, _, names in os.walk(top):\n    digest(names)  # bitcoin wallet backup check",
            "python",
        ),
        # Walk + encrypt, nothing written back.
        fenced(
            "for n in os.listdir('.'):\n    print(Fernet(k).encrypt(n.encode()))  # ransom demo",
            "python",
        ),
        # The parts spread over separate blocks.
        fenced("for n in os.listdir('.'):\n    pass", "python")
        + fenced("Fernet(k).encrypt(b)", "python")
        + fenced('open(n, "wb").write(b)  # your files have been encrypted', "python"),
        # Prose describing the behaviour.
        "The sample walks the disk with os.walk, calls Fernet.encrypt, overwrites each file and "
        "leaves a ransom note asking for bitcoin.\n",
    ],
)
def test_near_misses(text: str) -> None:
    assert scan(DETECTOR, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "os.walk(" * (LONG // 8),
        "os.walk(x)\n" + "Fernet " * (LONG // 7) + 'open(a, "wb")',
        "os.walk(x) Fernet " + "open(" + SPACES + "a" * LONG,
        "pay " + "a" * LONG + " files",
        "x" * LONG,
    ],
    ids=["walks", "fernets", "open-spaces", "pay-long", "letters"],
)
def test_pathological_input_is_linear(text: str) -> None:
    assert seconds(DETECTOR, text) < 1.0
