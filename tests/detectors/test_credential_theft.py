"""credential-theft (CAC402): Mimikatz, LSASS dumps, hive and NTDS extraction, secretsdump,
Rubeus, Kerberoasting, LaZagne; strong in code blocks, weak elsewhere; near misses."""

from __future__ import annotations

import pytest

from mkdocs_threatpub.scanners.detectors.credential_theft import DETECTOR
from tests.detectors._attack import LONG, SPACES, fenced, scan, seconds


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ('.\\mimikatz "privilege::debug" "sekurlsa::logonpasswords" exit', "Mimikatz"),
        ("mimikatz # lsadump::dcsync /domain:corp.example /user:krbtgt", "Mimikatz"),
        ("kerberos::golden /user:admin /domain:corp /sid:S-1-5-21-1 /krbtgt:HASH /ptt", "Mimikatz"),
        (
            "IEX (New-Object Net.WebClient).DownloadString($u); Invoke-Mimikatz -DumpCreds",
            "PowerShell Mimikatz",
        ),
        ("procdump64.exe -accepteula -ma lsass.exe lsass.dmp", "LSASS memory dump (procdump)"),
        (
            "rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 C:\\temp\\l.dmp full",
            "LSASS memory dump",
        ),
        (
            "reg save HKLM\\SAM sam.save\nreg save HKLM\\SYSTEM system.save",
            "registry hive extraction",
        ),
        ('ntdsutil "ac i ntds" "ifm" "create full c:\\temp" q q', "NTDS.dit"),
        ("secretsdump.py -just-dc corp/admin@10.0.0.5", "secretsdump"),
        ("impacket-secretsdump -sam sam.save -system system.save LOCAL", "secretsdump"),
        ("Rubeus.exe asktgt /user:svc /rc4:HASH /ptt", "Rubeus"),
        ("GetUserSPNs.py corp.example/user:pass -dc-ip 10.0.0.1 -request", "Kerberoasting"),
        ("lazagne.exe all -oN", "LaZagne"),
        ("pypykatz lsa minidump lsass.dmp", "pypykatz"),
    ],
)
def test_tool_usage_in_a_code_block_is_strong(body: str, kind: str) -> None:
    hits = scan(DETECTOR, fenced(body, "powershell"))
    assert hits, body
    assert any(kind in h.what for h in hits), [h.what for h in hits]
    assert all(h.strong and h.rule == "CAC402" and h.line == 4 for h in hits)
    assert all(h.what.endswith("in a powershell code block") for h in hits)


def test_a_block_of_mimikatz_commands_is_one_finding() -> None:
    body = "mimikatz # privilege::debug\nmimikatz # sekurlsa::logonpasswords\nmimikatz # sekurlsa::wdigest"
    hits = scan(DETECTOR, fenced(body, "text"))
    assert [(h.line, h.what) for h in hits] == [
        (4, "credential theft (Mimikatz) in a text code block")
    ]


def test_threat_report_prose_only_warns() -> None:
    page = "The intruder ran `sekurlsa::logonpasswords` and dumped LSASS with procdump -ma lsass.exe.\n"
    hits = scan(DETECTOR, page)
    assert hits
    assert not any(h.strong for h in hits)
    assert sorted(h.what for h in hits) == [
        "mention of LSASS memory dump (procdump) in prose",
        "mention of credential theft (Mimikatz) in inline code",
    ]


def test_hunting_query_only_warns() -> None:
    query = "DeviceProcessEvents\n| where ProcessCommandLine has_any ('sekurlsa::', 'lsadump::sam')"
    hits = scan(DETECTOR, fenced(query, "kql"))
    assert [(h.strong, h.what) for h in hits] == [
        (False, "detection rule quoting credential theft (Mimikatz) in a kql code block")
    ]


@pytest.mark.parametrize(
    "text",
    [
        fenced("std::vector<int> v; crypto::hash h; token::Kind k; misc::util();", "cpp"),
        fenced("use std::collections::HashMap;\nlet t = token::Token::new();", "rust"),
        fenced("[System.Text.Encoding]::UTF8.GetBytes($s)", "powershell"),
        fenced("procdump -ma notepad.exe crash.dmp", "bat"),  # a normal crash dump
        fenced("reg query HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa", "bat"),
        fenced("pip install lazagne-docs\nRubeus is described in the references.", "text"),
        "Microsoft's guidance on protecting LSASS (RunAsPPL) and Credential Guard.\n",
    ],
)
def test_near_misses(text: str) -> None:
    assert scan(DETECTOR, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "sekurlsa::" * (LONG // 10),
        "procdump" + SPACES + "-ma" + SPACES + "x" * LONG,
        "::" * (LONG // 2),
        "vssadmin create shadow " + "x" * LONG,
        "x" * LONG,
    ],
    ids=["modules", "procdump-spaces", "colons", "vss-long", "letters"],
)
def test_pathological_input_is_linear(text: str) -> None:
    assert seconds(DETECTOR, text) < 1.0
