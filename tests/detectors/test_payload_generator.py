"""payload-generator (CAC401): msfvenom/msfpayload, Metasploit generate, donut, sRDI; near misses."""

from __future__ import annotations

import pytest

from mkdocs_threatpub.scanners.detectors.payload_generator import DETECTOR
from tests.detectors._attack import LONG, SPACES, fenced, scan, seconds


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (
            "msfvenom -p windows/x64/shell_reverse_tcp LHOST=10.0.0.1 LPORT=4242 -f exe > shell.exe",
            "msfvenom",
        ),
        (
            "msfvenom --payload linux/x86/meterpreter/reverse_tcp LHOST=10.0.0.1 -f elf -o shell.elf",
            "msfvenom",
        ),
        ("msfvenom -a x86 --platform windows -e x86/shikata_ga_nai -i 5 -f c", "msfvenom"),
        ("msfpayload windows/shell_bind_tcp LPORT=4444 X > bind.exe", "msfpayload"),
        (
            "msf6 > use payload/windows/x64/meterpreter_reverse_https\nmsf6 payload(windows/x64/meterpreter_reverse_https) > generate -f exe -o beacon.exe",
            "Metasploit generate",
        ),
        ("donut -i Rubeus.exe -a 2 -f 1 -o loader.bin", "donut"),
        ("./donut.exe -f 7 -o shellcode.cs implant.dll", "donut"),
        ("python3 ConvertToShellcode.py -f ReflectiveLoader implant.dll", "sRDI"),
    ],
)
def test_generation_commands_are_strong(body: str, kind: str) -> None:
    hits = scan(DETECTOR, fenced(body, "bash"))
    assert len(hits) == 1, [h.what for h in hits]
    assert hits[0].strong
    assert hits[0].rule == "CAC401"
    assert hits[0].line == 4
    assert kind in hits[0].what
    assert hits[0].what.endswith("in a bash code block")
    assert "LHOST" not in hits[0].what
    assert "10.0.0.1" not in hits[0].what


def test_one_finding_per_block_however_many_commands() -> None:
    body = "\n".join(
        f"msfvenom -p linux/x64/shell_reverse_tcp LPORT={port} -f elf" for port in range(4000, 4010)
    )
    hits = scan(DETECTOR, fenced(body, "bash"))
    assert [h.line for h in hits] == [4]


def test_inline_command_counts() -> None:
    hits = scan(DETECTOR, "Build it with `msfvenom -p windows/shell_reverse_tcp -f exe`.\n")
    assert [h.what for h in hits] == ["malware payload generation (msfvenom) in inline code"]


@pytest.mark.parametrize(
    "text",
    [
        "The payloads were generated with msfvenom and encoded with shikata_ga_nai.\n",
        fenced("msfvenom -l payloads\nmsfvenom --list encoders", "bash"),
        fenced("msfvenom -h", "bash"),
        "Donut is a position-independent code generator; see its -i flag.\n",
        fenced("pip install donut-shellcode\ndonut --help", "bash"),
        "We love donuts -- and -p flags.\n",
    ],
)
def test_near_misses(text: str) -> None:
    assert scan(DETECTOR, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "msfvenom " * (LONG // 9),
        "msfvenom" + SPACES + "-p" + SPACES + "x",
        "donut -" + "a" * LONG,
        "use payload/" + "a" * LONG,
        "x" * LONG,
    ],
    ids=["repeated-tool", "spaces", "donut-long", "use-payload-long", "letters"],
)
def test_pathological_input_is_linear(text: str) -> None:
    assert seconds(DETECTOR, text) < 1.0
