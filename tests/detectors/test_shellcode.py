"""shellcode (CAC401): escaped byte strings, %u heap-spray strings, 0xNN buffers; near misses."""

from __future__ import annotations

import html
import re

import pytest

from mkdocs_threatpub.scanners.detectors.shellcode import DETECTOR
from tests.detectors._attack import LONG, SPACES, fenced, scan, seconds

# Twenty varied bytes, as msfvenom prints them (a synthetic stub, not working code).
BYTES = [
    "fc",
    "48",
    "83",
    "e4",
    "f0",
    "e8",
    "c0",
    "00",
    "00",
    "00",
    "41",
    "51",
    "41",
    "50",
    "52",
    "51",
    "56",
    "48",
    "31",
    "d2",
]
ESCAPED = "".join(f"\\x{b}" for b in BYTES)
NUMERIC = ",".join(f"0x{b}" for b in BYTES)


@pytest.mark.parametrize(
    ("body", "lang", "kind"),
    [
        (f'unsigned char buf[] = "{ESCAPED}";', "c", "shellcode byte string"),
        # msfvenom -f python: 8 bytes a line, continued with "buf += b".
        (
            f'buf =  b""\nbuf += b"{ESCAPED[:32]}"\nbuf += b"{ESCAPED[32:64]}"\nbuf += b"{ESCAPED[64:]}"',
            "python",
            "shellcode byte string",
        ),
        # C string literals split over lines.
        (f'char sc[] =\n  "{ESCAPED[:40]}"\n  "{ESCAPED[40:]}";', "c", "shellcode byte string"),
        (f"[Byte[]] $buf = {NUMERIC}", "powershell", "shellcode byte array"),
        (
            f"byte[] buf = new byte[20] {{\n{NUMERIC[:59]},\n{NUMERIC[60:]} }};",
            "csharp",
            "shellcode byte array",
        ),
        # No buffer name, but the Metasploit x64 prologue.
        (f"data = [{NUMERIC}]", "python", "shellcode byte array"),
        (
            'var spray = unescape("%u9090%u9090%ue8fc%u0082%u0000%u8960%u31e5%u64c0%u508b");',
            "js",
            "heap-spray shellcode string",
        ),
    ],
)
def test_shellcode_in_code_is_strong(body: str, lang: str, kind: str) -> None:
    hits = scan(DETECTOR, fenced(body, lang))
    assert len(hits) == 1, [h.what for h in hits]
    found = hits[0]
    assert found.strong
    assert found.rule == "CAC401"
    assert found.detector == "shellcode"
    assert found.what.startswith(kind)
    assert found.what.endswith(f"a {lang} code block")
    assert found.line >= 4
    # The description never carries the bytes.
    for token in re.findall(r"\\x[0-9a-f]{2}|0x[0-9a-f]{2}|%u[0-9a-f]{4}", body):
        assert token not in found.what


def test_idioms_decide_without_a_name_and_plain_data_only_warns() -> None:
    # execve("/bin//sh") shape: xor eax,eax; push; "//sh" "/bin"; int 0x80.
    code = "\\x31\\xc0\\x50\\x68\\x2f\\x2f\\x73\\x68\\x68\\x2f\\x62\\x69\\x6e\\x89\\xe3\\x50\\x53\\x89\\xe1\\xb0\\x0b\\xcd\\x80"
    hits = scan(DETECTOR, fenced(f'data = b"{code}"', "python"))
    assert [(h.strong, h.what) for h in hits] == [
        (True, "shellcode byte string (16 or more escaped bytes) in a python code block")
    ]
    # A hash test vector: binary data without a payload name or idioms.
    vector = (
        "\\x6a\\x09\\xe6\\x67\\xbb\\x67\\xae\\x85\\x3c\\x6e\\xf3\\x72\\xa5\\x4f\\xf5\\x3a\\x51\\x0e"
    )
    hits = scan(DETECTOR, fenced(f'expected = b"{vector}"', "python"))
    assert [(h.strong, h.what) for h in hits] == [
        (
            False,
            "escaped byte string of 16 or more bytes (possibly shellcode) in a python code block",
        )
    ]


def test_run_reported_at_its_first_line() -> None:
    page = '# Loader\n\nText.\n\n```c\nint x;\nchar buf[] =\n"' + ESCAPED + '";\n```\n'
    assert [h.line for h in scan(DETECTOR, page)] == [8]


def test_entity_encoded_bytes_are_decoded() -> None:
    hidden = html.escape(ESCAPED).replace("\\", "&#92;")
    assert "\\x" not in hidden
    hits = scan(DETECTOR, f"<pre>{hidden}</pre>\n")
    assert [h.what for h in hits] == [
        "shellcode byte string (16 or more escaped bytes) in prose (HTML-entity-encoded)"
    ]


@pytest.mark.parametrize(
    "body",
    [
        'payload = "\\x41" * 200 + "\\x42\\x43"',  # padding, not code
        'pad = "' + "\\x00" * 24 + '"',  # one byte value repeated
        'pad = "' + "\\x41\\x42" * 12 + '"',  # two values: a pattern, not code
        'short = "' + ESCAPED[: 15 * 4] + '"',  # 15 bytes
        'a = "\\x41\\x42\\x43\\x44\\x45\\x46\\x47\\x48"  # eight\nprint("unrelated")\nb = "\\x49\\x4a\\x4b\\x4c\\x4d\\x4e\\x4f\\x50"',
        "static const uint8_t sbox[20] = {" + NUMERIC.replace("0xfc", "0x63") + "};",  # table
        "colors = [0x00ff00, 0xff0000, 0x0000ff] * 10",
        "mask = 0x41, 0x42, 0x43",
        "re.compile(r'[\\x00-\\x1f\\x7f-\\x9f]')",
    ],
)
def test_near_misses(body: str) -> None:
    assert scan(DETECTOR, fenced(body, "python")) == []


def test_prose_mentions_are_not_shellcode() -> None:
    page = (
        "# Turning \\x00\\x00 into 10000$\n\nThe bug writes two \\x00 bytes; see 0x10 and 0x20.\n"
    )
    assert scan(DETECTOR, page) == []


@pytest.mark.parametrize(
    "text",
    [
        "\\x41" * (LONG // 4),
        "\\x" * (LONG // 2),
        "0x41," * (LONG // 5),
        "%u4141" * (LONG // 6),
        ("\\x41" + SPACES) * 20,
        f"buf = {SPACES}" + "0x41, " * 20_000,
        "x" * LONG,
    ],
    ids=[
        "escaped-run",
        "bare-escapes",
        "numeric-run",
        "percent-u",
        "spaced",
        "spaces-then-array",
        "letters",
    ],
)
def test_pathological_input_is_linear(text: str) -> None:
    assert seconds(DETECTOR, text) < 1.0
