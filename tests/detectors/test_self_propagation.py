"""self-propagation (CAC401): self-copy plus a spreading target in one block; near misses.

The fixtures are skeletons with the shape the detector looks for, not working programs.
"""

from __future__ import annotations

import pytest

from mkdocs_threatpub.scanners.detectors.self_propagation import DETECTOR
from tests.detectors._attack import LONG, SPACES, fenced, scan, seconds


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        (
            "for d in removable_drives():  # GetDriveType == DRIVE_REMOVABLE\n    shutil.copy(sys.argv[0], d)",
            "python",
        ),
        (
            "GetModuleFileNameA(NULL, path, MAX_PATH);\nif (GetDriveTypeA(root) == DRIVE_REMOVABLE)\n    CopyFileA(path, dest, FALSE);",
            "c",
        ),
        ("copy /y %0 \\\\%host%\\C$\\Windows\\Temp\\u.bat", "bat"),
        (
            "client = paramiko.SSHClient()\nsftp.put(__file__, '/tmp/.w.py')\nshutil.copy2(__file__, '/tmp/.w.py')",
            "python",
        ),
        ("Copy-Item $PSCommandPath \\\\$target\\ADMIN$\\u.ps1", "powershell"),
    ],
)
def test_self_copy_and_spread_is_strong(body: str, lang: str) -> None:
    hits = scan(DETECTOR, fenced(body, lang))
    assert len(hits) == 1, [h.what for h in hits]
    assert hits[0].strong
    assert hits[0].rule == "CAC401"
    assert hits[0].line >= 4
    assert hits[0].what.startswith("self-propagating code")
    assert hits[0].what.endswith(f"in a {lang} code block")


@pytest.mark.parametrize(
    "text",
    [
        # An installer copying itself into place: no spreading target.
        fenced("shutil.copy(__file__, os.path.expanduser('~/.local/bin/tool'))", "python"),
        # Copying to a share, but not itself.
        fenced("copy report.pdf \\\\fileserver\\C$\\reports\\", "bat"),
        # Self-copy and SSH in different blocks.
        fenced("shutil.copy(__file__, backup)", "python") + fenced("ssh admin@host uptime", "bash"),
        "The worm copies itself (shutil.copy(__file__, …)) to every drive where GetDriveType says removable.\n",
    ],
)
def test_near_misses(text: str) -> None:
    assert scan(DETECTOR, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "shutil.copy(__file__" * (LONG // 20),
        "GetModuleFileName" + SPACES + "x" * LONG + " CopyFile",
        "copy %0 " + "\\\\" * (LONG // 2),
        "x" * LONG,
    ],
    ids=["copies", "module-spaces", "backslashes", "letters"],
)
def test_pathological_input_is_linear(text: str) -> None:
    assert seconds(DETECTOR, text) < 1.0
