"""Keyloggers: a low-level keyboard hook or key-state polling loop, or a key listener,
together with code that records or ships the keys, in one code block.

Hooking the keyboard is also what accessibility tools do; recording every key to a file or
sending it away is what makes it a keylogger.
"""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.lazy import lazy_re2
from mkdocs_threatpub.scanners.base import Hit, hit
from mkdocs_threatpub.scanners.detectors._common import judge_code_blocks
from mkdocs_threatpub.scanners.document import Document, View

_HOOK = lazy_re2(
    r"\bSetWindowsHookEx[AW]?\s{0,4}\(\s{0,4}(?:WH_KEYBOARD(?:_LL)?|13|2)\b|\bGetAsyncKeyState\s{0,4}\(|\bGetKeyState\s{0,4}\(|"
    r"\bkeyboard\.(?:Listener|on_press|hook)\s{0,4}\(|\bpynput\b|\bRegisterRawInputDevices\b|/dev/input/event\d|\bEVIOCGRAB\b|"
    r"\bCGEventTapCreate\b|\bIOHIDManager\b|\bxinput\s{1,4}test\b|\bXRecordCreateContext\b"
)
_SINK = lazy_re2(
    r"(?i)\bopen\s{0,4}\([^)\n]{0,200}[\"'](?:a|a\+|ab|w|wb)[\"']|\bfopen\s{0,4}\([^)\n]{0,200}[\"']a|\bWriteFile\b|\bfwrite\s{0,4}\(|"
    r"\bfprintf\s{0,4}\(|\bAdd-Content\b|\bOut-File\b|\bsmtplib\b|\brequests\.post\s{0,4}\(|\burlopen\s{0,4}\(|\bsend(?:all|to)?\s{0,4}\(|"
    r"\bsendmail\b|\bInternetOpenUrl\b|\bHttpSendRequest\b|\bWinHttpSendRequest\b|\blogging\.basicConfig\s{0,4}\([^)\n]{0,200}filename"
)
_LOOP = lazy_re2(
    r"\bwhile\s{0,4}\(?\s{0,4}(?:true|True|1)\b|\bfor\s{0,4}\(\s{0,4};\s{0,4};\s{0,4}\)|\bfor\b[^\n]{0,60}\b(?:range\s{0,4}\(\s{0,4}(?:8|256|255)|0x?[fF]{2}|256|255)\b"
)

_KEYLOGGER = t(
    "keylogger (keyboard capture recorded or sent)", "键盘记录器（捕获的按键被记录或外传）"
)


class Keylogger:
    name = "keylogger"
    rule = "CAC401"
    keywords: tuple[str, ...] = (
        "setwindowshookex",
        "getasynckeystate",
        "getkeystate",
        "keyboard.",
        "pynput",
        "registerrawinputdevices",
        "/dev/input/event",
        "eviocgrab",
        "cgeventtapcreate",
        "iohidmanager",
        "xinput",
        "xrecordcreatecontext",
    )

    def scan(self, doc: Document) -> Iterator[Hit]:
        return judge_code_blocks(doc, self._judge)

    def _judge(self, view: View) -> Hit | None:
        text = view.text
        hook = _HOOK.search(text)
        if not hook or not _SINK.search(text):
            return None
        polling = hook.group(0).startswith(("GetAsyncKeyState", "GetKeyState"))
        if polling and not _LOOP.search(text):
            return None
        return hit(self, view, hook.start(), _KEYLOGGER, hook.group(0))


DETECTOR = Keylogger()
