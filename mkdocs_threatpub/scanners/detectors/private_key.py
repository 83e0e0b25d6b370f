"""Private keys: PEM/OpenSSH/PGP armour with a key body, and PuTTY key files.

``-----BEGIN (RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY( BLOCK)?-----`` followed by
at least 100 base64 characters of varied text (before the END line, or in the lines below
when there is none) is a key: strong. The header alone, or with a stand-in body
(``MIIE…``, ``<snip>``, ``xxxx``), is what an article writes to name the format: it only
warns. Keys inside a decoded base64 run (a Kubernetes secret, ``LS0tLS1CRUdJTi…``) are found
through the base64 view.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from mkdocs_threatpub.core.i18n import Text, t, zh
from mkdocs_threatpub.core.lazy import lazy_re2
from mkdocs_threatpub.scanners.base import Hit, hit
from mkdocs_threatpub.scanners.detectors._personal import MAX_HITS
from mkdocs_threatpub.scanners.document import Document, View

_BEGIN = lazy_re2(
    r"-----BEGIN[ ]((?:RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP|SSH2|ED25519)[ ])?PRIVATE[ ]KEY(?:[ ]BLOCK)?-----"
)
_END = lazy_re2(r"-----END[ ][A-Z0-9 ]{0,30}PRIVATE[ ]KEY(?:[ ]BLOCK)?-----")
_PUTTY = lazy_re2(r"PuTTY-User-Key-File-[0-9]{1,2}:")
_PRIVATE_LINES = lazy_re2(r"Private-Lines:[ ]{0,3}[0-9]{1,4}\n")
_HEADER_LINE = lazy_re2(r"^[A-Za-z-]{1,40}:")  # Proc-Type:, DEK-Info:, Comment:, Version:
_BASE64_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
_REACH = 20_000  # characters searched for the body and END line
_BODY = 100  # base64 characters that make a body
_PUTTY_KEY = t("PuTTY private key", "PuTTY 私钥")
_PUTTY_HEADER = t("PuTTY private key header without a key body", "PuTTY 私钥头部，无密钥内容")


def _body(text: str, *, to_blank_line: bool = False) -> str:
    """The base64 lines of a key body; armour header lines (``Proc-Type:``) are skipped.

    Without an END line (``to_blank_line``) only the lines right below count: the body
    ends at the first blank line or line of other text after it.
    """
    parts: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if line and set(line) <= _BASE64_CHARS:
            parts.append(line)
        elif not to_blank_line:
            continue
        elif parts or (line and not _HEADER_LINE.match(line)):
            break  # a blank line or other text after the body, or text before any body
    return "".join(parts)


def _following(doc: Document, view: View) -> str:
    """The text of the blocks after ``view``'s (a key body may be its own paragraph)."""
    try:
        index = next(i for i, seg in enumerate(doc.segments) if seg is view.segment)
    except StopIteration:
        return ""
    parts: list[str] = []
    size = 0
    for segment in doc.segments[index + 1 :]:
        if segment.kind == "inline_code":
            continue
        if segment.kind == "heading" or size > _REACH:
            break
        parts.append(segment.text)
        size += len(segment.text)
    return "\n\n" + "\n\n".join(parts)[:_REACH]


class PrivateKey:
    name = "private-key"
    rule = "CAC404"
    keywords: tuple[str, ...] = ("private key", "putty-user-key-file")

    def scan(self, doc: Document) -> Iterator[Hit]:
        count = 0
        for view in doc.block_views():
            text = view.text
            begins = list(itertools.islice(_BEGIN.finditer(text), MAX_HITS + 1))
            for number, match in enumerate(begins):
                last = number + 1 == len(begins)
                limit = min(len(text) if last else begins[number + 1].start(), match.end() + _REACH)
                after = text[match.end() : limit]
                if last and limit == len(text) and view.how == "raw" and "-----END" not in after:
                    after += _following(doc, view).split("-----BEGIN", 1)[0]
                end = _END.search(after)
                body = _body(after[: end.start()]) if end else _body(after, to_blank_line=True)
                strong = len(body) >= _BODY and len(set(body)) >= 30 and "xxxx" not in body.lower()
                what = _label(match.group(1))
                if not strong:
                    what = t(f"{what} header without a key body", f"{zh(what)}头部，无密钥内容")
                yield hit(
                    self,
                    view,
                    match.start(),
                    what,
                    body if strong else match.group(0),
                    strong=strong,
                )
                count += 1
                if count >= MAX_HITS:
                    return
            putty = list(itertools.islice(_PUTTY.finditer(text), MAX_HITS + 1))
            for number, match in enumerate(putty):
                limit = len(text) if number + 1 == len(putty) else putty[number + 1].start()
                region = text[match.end() : min(limit, match.end() + 3000)]
                lines = _PRIVATE_LINES.search(region)
                if lines is None:
                    continue
                body = _body(region[lines.end() :].split("Private-MAC", 1)[0], to_blank_line=True)
                strong = len(body) >= _BODY and len(set(body)) >= 30
                what = _PUTTY_KEY if strong else _PUTTY_HEADER
                yield hit(
                    self,
                    view,
                    match.start(),
                    what,
                    body if strong else match.group(0),
                    strong=strong,
                )
                count += 1
                if count >= MAX_HITS:
                    return


def _label(kind: str | None) -> Text:
    kind = (kind or "").strip()
    if kind == "ENCRYPTED":
        return t("encrypted private key", "加密私钥")
    return t(f"{kind} private key", f"{kind} 私钥") if kind else t("private key", "私钥")


DETECTOR = PrivateKey()
