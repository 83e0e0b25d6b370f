"""Self-propagation: code that copies itself and spreads — to removable drives, network
shares, hosts reached over SSH/SMB, or e-mail attachments — in one code block.

Copying a file is ordinary; copying *its own executable* to new places is the worm part.
"""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.lazy import lazy_re2
from mkdocs_threatpub.scanners.base import Hit, hit
from mkdocs_threatpub.scanners.detectors._common import judge_code_blocks
from mkdocs_threatpub.scanners.document import Document, View

_SELF_COPY = lazy_re2(
    r"(?i)\b(?:shutil\.copy(?:file|2)?|copyfile|copy2)\s{0,4}\(\s{0,4}(?:__file__|sys\.argv\[0\]|sys\.executable|os\.path\.abspath\(\s{0,4}__file__)|"
    r"\bCopyFile(?:Ex)?[AW]?\s{0,4}\([^)\n]{0,120}(?:szPath|selfPath|ownPath|argv\[0\]|myPath|modulePath|exePath)|"
    r"\bGetModuleFileName[AW]?\b[\s\S]{0,400}?\bCopyFile(?:Ex)?[AW]?\b|"
    r"\bcopy\s{1,4}(?:/y\s{1,4})?\"?%~?[f0]?0\"?\s|\bCopy-Item\s{1,4}(?:-Path\s{1,4})?\$(?:PSCommandPath|MyInvocation\.MyCommand\.(?:Path|Definition))|"
    r"\bcp\s{1,4}\"?\$0\"?\s|\bfs\.copyFileSync\s{0,4}\(\s{0,4}(?:__filename|process\.argv\[1\])|\bFile\.Copy\s{0,4}\(\s{0,4}(?:Assembly\.GetExecutingAssembly\(\)\.Location|Application\.ExecutablePath)"
)
_SPREAD = lazy_re2(
    r"(?i)\bGetDriveType[AW]?\b|\bDRIVE_REMOVABLE\b|\bautorun\.inf\b|\bGetLogicalDrive(?:s|Strings)[AW]?\b|\\{2,4}[^\s\\]{1,64}\\{1,2}(?:ADMIN|C|IPC)\$|"
    r"\bnet\s{1,4}use\b|\bsmbclient\b|\bpsexec\b|\bwmic\s{1,4}/node\b|\bparamiko\b|\bscp\s{1,4}|\bssh\s{1,4}\S{1,60}@|"
    r"\bsmtplib\b|\bOutlook\.Application\b|\bMAPI\w{0,20}\b|\bfor\b[^\n]{0,80}\brange\s{0,4}\(\s{0,4}1\s{0,4},\s{0,4}25[45]\s{0,4}\)|"
    r"\bipaddress\.ip_network\b|\bnmap\.PortScanner\b|\bsocket\.connect_ex\s{0,4}\(|\bmedia/\w{0,20}|/Volumes/"
)

_WORM = t(
    "self-propagating code (copies itself to other drives, shares or hosts)",
    "自我传播代码（将自身复制到其他驱动器、共享目录或主机）",
)


class SelfPropagation:
    name = "self-propagation"
    rule = "CAC401"
    keywords: tuple[str, ...] = (
        "__file__",
        "argv[0]",
        "sys.executable",
        "getmodulefilename",
        "%0",
        "%~f0",
        "pscommandpath",
        "mycommand",
        "$0",
        "__filename",
        "executingassembly",
        "executablepath",
    )

    def scan(self, doc: Document) -> Iterator[Hit]:
        return judge_code_blocks(doc, self._judge)

    def _judge(self, view: View) -> Hit | None:
        text = view.text
        copy = _SELF_COPY.search(text)
        if not copy or not _SPREAD.search(text):
            return None
        return hit(self, view, copy.start(), _WORM, copy.group(0))


DETECTOR = SelfPropagation()
