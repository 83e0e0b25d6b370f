"""Password hashes: crypt(3) strings with a salt, bcrypt, argon2, and Windows hash dumps.

Full-length strings only: ``$1$`` md5-crypt, ``$5$`` sha256-crypt, ``$6$`` sha512-crypt
(optionally with ``rounds=``), ``$y$`` yescrypt, ``$2a$/$2b$/$2y$`` bcrypt, ``$argon2id$``;
NTLM lines in secretsdump/pwdump format (``user:RID:LMHASH:NTHASH:::``), Kerberos keys from
secretsdump, ``$DCC2$`` cached credentials, Kerberoast/AS-REP roast tickets and NetNTLMv2
responses. A bare 32-hex string is never taken for an NT hash (it is far more often an MD5
checksum). Hashes with no variety (``$6$salt$xxxx…``) are placeholders. A crypt hash inside
an ``/etc/shadow`` line is left to the passwd-shadow detector. NTLM lines are reported per
block with their count; one whose NT hash is the empty password's only warns.
"""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.i18n import t, zh
from mkdocs_threatpub.core.lazy import lazy_re2
from mkdocs_threatpub.scanners.base import Hit, hit
from mkdocs_threatpub.scanners.detectors._personal import MAX_CANDIDATES, MAX_HITS, line_start
from mkdocs_threatpub.scanners.document import Document

_B64 = r"[./0-9A-Za-z]"
# (literal one of which every match contains, pattern, scheme); technical scheme names
# (md5-crypt, bcrypt) read the same in both languages.
_CRYPT = [
    (("$1$",), lazy_re2(rf"\$1\${_B64}{{1,8}}\${_B64}{{22}}"), "md5-crypt"),
    (
        ("$5$",),
        lazy_re2(rf"\$5\$(?:rounds=[0-9]{{1,9}}\$)?{_B64}{{1,16}}\${_B64}{{43}}"),
        "sha256-crypt",
    ),
    (
        ("$6$",),
        lazy_re2(rf"\$6\$(?:rounds=[0-9]{{1,9}}\$)?{_B64}{{1,16}}\${_B64}{{86}}"),
        "sha512-crypt",
    ),
    (("$y$",), lazy_re2(rf"\$y\${_B64}{{1,30}}\${_B64}{{1,86}}\${_B64}{{43}}"), "yescrypt"),
    (("$2",), lazy_re2(rf"\$2[abxy]\$[0-9]{{2}}\${_B64}{{53}}"), "bcrypt"),
    (
        ("$argon2",),
        lazy_re2(
            r"\$argon2(?:id|i|d)\$v=[0-9]{1,3}\$m=[0-9]{1,10},t=[0-9]{1,10},p=[0-9]{1,3}\$[A-Za-z0-9+/]{8,100}\$[A-Za-z0-9+/]{16,200}"
        ),
        "argon2",
    ),
    (
        ("$DCC2$",),
        lazy_re2(r"\$DCC2\$[0-9]{1,6}#[^#\s]{1,64}#[0-9a-fA-F]{32}"),
        t("domain cached credentials", "域缓存凭据"),
    ),
    (
        ("$krb5tgs$",),
        lazy_re2(r"\$krb5tgs\$[0-9]{1,2}\$[^\s]{0,300}\$[0-9a-fA-F]{32,64}\$[0-9a-fA-F]{200}"),
        t("Kerberos service ticket (Kerberoast)", "Kerberos 服务票据（Kerberoast）"),
    ),
    (
        ("$krb5asrep$",),
        lazy_re2(r"\$krb5asrep\$[0-9]{1,2}\$[^\s]{0,300}[:$][0-9a-fA-F]{32,64}\$[0-9a-fA-F]{100}"),
        t("Kerberos AS-REP (AS-REP roast)", "Kerberos AS-REP 响应（AS-REP roast）"),
    ),
    # NetNTLMv2 as captured by Responder: user::DOMAIN:challenge:NTProofStr:blob
    (
        ("::",),
        lazy_re2(r"[^:\s]{1,64}::[^:\s]{1,64}:[0-9a-fA-F]{16}:[0-9a-fA-F]{32}:[0-9a-fA-F]{60}"),
        t("NetNTLMv2 response", "NetNTLMv2 响应"),
    ),
    # secretsdump Kerberos keys: DOMAIN\user:aes256-cts-hmac-sha1-96:<64 hex>
    (
        ("-cts-hmac-sha1-96:", "des-cbc-md5:"),
        lazy_re2(
            r"[^:\s]{1,256}:(?:aes256-cts-hmac-sha1-96:[0-9a-fA-F]{64}|aes128-cts-hmac-sha1-96:[0-9a-fA-F]{32}|des-cbc-md5:[0-9a-fA-F]{16})"
        ),
        t("Kerberos key (secretsdump)", "Kerberos 密钥（secretsdump）"),
    ),
]
# secretsdump / pwdump: user:RID:LM:NT:::
_NTLM = lazy_re2(r"(?m)^[ \t]{0,8}[^:\s]{1,256}:[0-9]{1,10}:([0-9a-fA-F]{32}):([0-9a-fA-F]{32}):::")
_QUICK = lazy_re2(r"\$(?:1|5|6|y|2[abxy])\$|\$(?:argon2|dcc2\$|krb5)|::|-cts-hmac-|des-cbc-md5")
_EMPTY_NT = "31d6cfe0d16ae931b73c59d7e0c089c0"
_EMPTY_NTLM_LIST = t(
    "account list with empty-password NTLM hashes (secretsdump format)",
    "空密码 NTLM 哈希的账户列表（secretsdump 格式）",
)
# The start of an /etc/shadow line (user name and colon) right before a hash.
_SHADOW_HEAD = lazy_re2(r"^\s{0,8}[A-Za-z_][A-Za-z0-9_.-]{0,31}\$?:$")
_SHADOW_TAIL = lazy_re2(r"^:[0-9]{0,6}:")


def varied(body: str) -> bool:
    """Real hashes use many symbols; ``xxxx…``, ``AAAA…`` and ``0123…`` are placeholders."""
    return len(set(body)) >= 12


class PasswordHash:
    name = "password-hash"
    rule = "CAC404"
    # One RE2 pass over the page (_QUICK) is cheaper than a keyword test for each marker.
    keywords: tuple[str, ...] = ()

    def scan(self, doc: Document) -> Iterator[Hit]:
        if not _QUICK.search(doc.lowered):
            return
        count = 0
        seen: set[str] = set()
        budget = MAX_CANDIDATES
        for view in doc.views:
            if budget < 0:
                break  # enough candidates examined on this page
            text = view.text
            for literals, pattern, kind in _CRYPT:
                if budget < 0:
                    break
                if not any(literal in text for literal in literals):
                    continue  # a plain substring test is far cheaper than a regex pass
                for match in pattern.finditer(text):
                    budget -= 1
                    if budget < 0:
                        break
                    value = match.group(0)
                    if value in seen or not varied(value.rsplit("$", 1)[-1].rsplit(":", 1)[-1]):
                        continue
                    start, end = match.start(), match.end()
                    if kind.endswith("crypt") and self._in_shadow_line(text, start, end):
                        continue
                    seen.add(value)
                    what = t(f"password hash ({kind})", f"密码哈希（{zh(kind)}）")
                    yield hit(self, view, start, what, value)
                    count += 1
                    if count >= MAX_HITS:
                        return
        yield from self._ntlm(doc)

    @staticmethod
    def _in_shadow_line(text: str, start: int, end: int) -> bool:
        head = text[line_start(text, start) : start]
        return bool(_SHADOW_HEAD.match(head) and _SHADOW_TAIL.match(text[end : end + 10]))

    def _ntlm(self, doc: Document) -> Iterator[Hit]:
        """One hit per block of secretsdump lines: "5 NTLM password hashes"."""
        seen: set[str] = set()
        budget = MAX_CANDIDATES
        for view in doc.block_views():
            if budget < 0:
                break  # enough candidates examined on this page
            lines: list[str] = []
            first = -1
            secret = 0
            if ":::" not in view.text:
                continue
            for match in _NTLM.finditer(view.text):
                budget -= 1
                if budget < 0:
                    break
                line = match.group(0).strip()
                if line in seen:
                    continue
                seen.add(line)
                if first < 0:
                    first = match.start()
                lines.append(line.lower())
                if match.group(2).lower() != _EMPTY_NT:
                    secret += 1
            if not lines:
                continue
            if secret:
                what = t(
                    f"{secret} NTLM password hash{'es' if secret > 1 else ''} (secretsdump format)",
                    f"NTLM 密码哈希（{secret} 个，secretsdump 格式）",
                )
            else:
                what = _EMPTY_NTLM_LIST
            yield hit(self, view, first, what, "\n".join(sorted(lines)), strong=secret > 0)


DETECTOR = PasswordHash()
