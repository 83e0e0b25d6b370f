"""CAC401 malicious-code: Article 4(1)."""

from __future__ import annotations

from mkdocs_threatpub.core.rule import RuleDoc
from mkdocs_threatpub.rules._content import ARTICLE_4, content_rule

RULE = content_rule(
    code="CAC401",
    name="malicious-code",
    article="Article 4(1)",
    paragraph="1",
    summary='Source code or production method of malware.',
    doc=RuleDoc(
        what='Source code and production methods of malicious programs: shellcode byte arrays (16 or more \\\\xNN), shellcode runners (VirtualAlloc with WriteProcessMemory/CreateRemoteThread/CreateThread in one block), process-injection combinations, msfvenom or encoder payload generation, ransomware construction (walk files + encrypt + overwrite or delete + ransom note), keyloggers, self-propagation.',
        why='A malware analysis can say what the sample does, its indicators and how to detect it, without the code that builds it.' + " " + ARTICLE_4,
        source="CAC Cybersecurity Threat Information Publication Management Measures (Draft, "
        "2019-11-20), Art. 4(1).",
        how='Show behaviour, indicators and detections instead of code; quote at most a line with the dangerous part removed.' + " A reviewer may accept a finding with a reasoned allow (SPEC §5).",
        example="```text\n# describe, don't ship:\nThe loader allocates executable memory and starts a thread at the decoded payload.\n```",
    ),
)
