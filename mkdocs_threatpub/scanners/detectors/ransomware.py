"""Ransomware construction: one code block that walks the file system, encrypts what it
finds and writes the result back (or deletes the originals), with a ransom note.

Encryption code alone is a crypto tutorial; the walk + encrypt + overwrite combination with
a ransom demand is the Article 4(1) "production method". Without a note in the block the
combination only warns, and only on a page that talks about ransom at all.
"""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.lazy import lazy_re2
from mkdocs_threatpub.scanners.base import Hit, hit
from mkdocs_threatpub.scanners.detectors._common import judge_code_blocks
from mkdocs_threatpub.scanners.document import Document, View

_WALK = lazy_re2(
    r"(?i)\bos\.(?:walk|listdir|scandir)\s{0,4}\(|\bglob\.i?glob\s{0,4}\(|\.r?glob\s{0,4}\(|\.iterdir\s{0,4}\(|"
    r"\bFind(?:First|Next)File(?:Ex)?[AW]?\b|\breaddir\s{0,4}\(|\bfilepath\.(?:Walk|WalkDir)\b|\bos\.ReadDir\b|"
    r"\bfs\.(?:readdir|readdirSync|promises\.readdir)\b|\bGet-ChildItem\b|\bDirectory\.(?:GetFiles|EnumerateFiles)\b|"
    r"\bWalkDir::new\b|\bFiles\.(?:walk|list|newDirectoryStream)\b|\bfind\s{1,4}\S{1,200}\s-type\s{1,4}f\b"
)
_ENCRYPT = lazy_re2(
    r"(?i)\.encrypt\s{0,4}\(|\bFernet\b|\bAES\.new\s{0,4}\(|\bCipher\s{0,4}\(|\bCrypt(?:Encrypt|GenKey)\b|\bBCryptEncrypt\b|"
    r"\bEVP_Encrypt(?:Init|Update)(?:_ex)?\b|\bcreateCipheriv\b|\bopenssl\s{1,4}enc\b|\bChaCha20(?:Poly1305)?\b|"
    r"\bSalsa20\b|\bCreateEncryptor\s{0,4}\(|\bcipher\.NewGCM\b|\baes\.NewCipher\b|\bgpg\s{1,4}(?:-c|--symmetric)\b"
)
_WRITE_BACK = lazy_re2(
    r"(?i)\bopen\s{0,4}\([^)\n]{0,200}[\"'](?:wb|w|r\+b|rb\+|w\+b|wb\+)[\"']|\bos\.(?:remove|unlink|rename|replace)\s{0,4}\(|"
    r"\bshutil\.move\s{0,4}\(|\bDeleteFile[AW]?\b|\bMoveFile(?:Ex)?[AW]?\b|\bWriteFile\b|\bRemove-Item\b|\bSet-Content\b|"
    r"\bFile\.(?:Delete|WriteAllBytes|Move)\b|\bshred\b|\brm\s{1,4}-|\bwriteFileSync\b|\bfs\.(?:unlink|rename|writeFile)\b|"
    r"\bos\.(?:WriteFile|Remove|Rename)\b|\bunlink\s{0,4}\(|\.write_bytes\s{0,4}\(|\.unlink\s{0,4}\(|\bfwrite\s{0,4}\("
)
_NOTE = lazy_re2(
    r"(?i)\bransom\w{0,4}\b|\bbitcoins?\b|\bbtc\b|\bmonero\b|\bxmr\b|\bwallet\b|files\s{1,3}(?:have\s{1,3}been|are|were)\s{1,3}encrypted|"
    r"\bpay\w{0,3}\b[^\n]{0,60}\b(?:decrypt\w{0,3}|key|files)\b|decrypt\w{0,4}\s{1,3}(?:your|all)\s{1,3}(?:\w{1,10}\s{1,3})?files|"
    r"赎金|比特币|文件已被加密|文件已经被加密|支付|勒索"
)

_RANSOMWARE = t(
    "ransomware construction (file walk, encryption, overwrite and ransom note)",
    "勒索软件构造代码（遍历文件、加密、覆写并留下勒索信）",
)
_BULK_ENCRYPTION = t(
    "bulk file-encryption code on a page about ransom (file walk, encryption, overwrite)",
    "涉及勒索的页面中的批量文件加密代码（遍历文件、加密、覆写）",
)


class Ransomware:
    name = "ransomware"
    rule = "CAC401"
    keywords: tuple[str, ...] = (
        "encrypt",
        "fernet",
        "aes",
        "cipher",
        "crypt",
        "chacha",
        "salsa20",
        "openssl enc",
        "gpg",
    )

    def scan(self, doc: Document) -> Iterator[Hit]:
        page_talks_ransom = doc.mentions("ransom", "勒索", "赎金", "bitcoin", "比特币")
        yield from judge_code_blocks(doc, lambda view: self._judge(view, page_talks_ransom))

    def _judge(self, view: View, page_talks_ransom: bool) -> Hit | None:
        text = view.text
        walk = _WALK.search(text)
        if not walk:
            return None
        encrypt = _ENCRYPT.search(text)
        if not encrypt or not _WRITE_BACK.search(text):
            return None
        matched = f"{walk.group(0)} {encrypt.group(0)}"
        if _NOTE.search(text):
            return hit(self, view, walk.start(), _RANSOMWARE, matched)
        if page_talks_ransom:
            return hit(self, view, walk.start(), _BULK_ENCRYPTION, matched, strong=False)
        return None


DETECTOR = Ransomware()
