"""keylogger (CAC401): keyboard capture plus recording or sending, in one block; near misses.

The fixtures are skeletons with the shape the detector looks for, not working programs.
"""

from __future__ import annotations

import pytest

from mkdocs_threatpub.scanners.detectors.keylogger import DETECTOR
from tests.detectors._attack import LONG, SPACES, fenced, scan, seconds


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        (
            'hook = SetWindowsHookEx(WH_KEYBOARD_LL, proc, hInst, 0);\n// in proc:\nfprintf(log, "%c", key);',
            "c",
        ),
        (
            "while (true) {\n  for (int k = 8; k <= 255; k++)\n    if (GetAsyncKeyState(k) == -32767) fwrite(&k, 1, 1, f);\n}",
            "c",
        ),
        (
            "def on_press(key):\n    logging.info(str(key))\nlogging.basicConfig(filename='keys.txt')\nwith keyboard.Listener(on_press=on_press) as l:\n    l.join()",
            "python",
        ),
        (
            "from pynput import keyboard\ndef on_press(k):\n    requests.post(URL, data=str(k))",
            "python",
        ),
        (
            "fd = open('/dev/input/event3', 'rb')\nout = open('/tmp/.k', 'a')\nout.write(decode(fd.read(24)))",
            "python",
        ),
    ],
)
def test_capture_and_sink_in_one_block_is_strong(body: str, lang: str) -> None:
    hits = scan(DETECTOR, fenced(body, lang))
    assert len(hits) == 1, [h.what for h in hits]
    assert hits[0].strong
    assert hits[0].rule == "CAC401"
    assert hits[0].line >= 4
    assert hits[0].what == f"keylogger (keyboard capture recorded or sent) in a {lang} code block"


@pytest.mark.parametrize(
    "text",
    [
        # A hotkey handler: hook, no sink.
        fenced(
            "hook = SetWindowsHookEx(WH_KEYBOARD_LL, proc, hInst, 0);\nif (vk == VK_F12) toggle();",
            "c",
        ),
        # One key-state check (no polling loop), even with a file write nearby.
        fenced("if (GetAsyncKeyState(VK_SHIFT) & 0x8000) shift = 1;\nfwrite(buf, 1, n, out);", "c"),
        # Capture and sink in different blocks.
        fenced("with keyboard.Listener(on_press=cb) as l: l.join()", "python")
        + fenced("open('k.txt', 'a').write(s)", "python"),
        # Prose.
        "The implant calls SetWindowsHookEx with WH_KEYBOARD_LL and writes keys to a file with fwrite.\n",
        # A mouse hook.
        fenced('SetWindowsHookEx(WH_MOUSE_LL, proc, h, 0);\nfprintf(f, "%d", x);', "c"),
    ],
)
def test_near_misses(text: str) -> None:
    assert scan(DETECTOR, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "GetAsyncKeyState(" * (LONG // 17),
        "SetWindowsHookEx(" + SPACES + "WH_KEYBOARD_LL" + " fopen(" + "a" * LONG,
        "pynput " + "open(" * (LONG // 5),
        "x" * LONG,
    ],
    ids=["polls", "hook-spaces", "opens", "letters"],
)
def test_pathological_input_is_linear(text: str) -> None:
    assert seconds(DETECTOR, text) < 1.0
