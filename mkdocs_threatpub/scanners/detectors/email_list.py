"""Lists of e-mail addresses: three or more distinct addresses within a few lines.

Addresses that carry nothing about a person do not count: documentation and test domains
(example.com, *.test, *.invalid, …), placeholder names (user@, john.doe@, alice@), role and
vendor contact addresses (security@, noreply@, psirt@, mailing lists), file names that look
like addresses (icon@2x.png), addresses on commit trailer and mail header lines
(Signed-off-by:, Reported-by:, From:, Cc:) and addresses under a credits, authors or contact
heading. Three distinct remaining addresses with at most three lines between neighbours make
a list: strong.
"""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.lazy import lazy_re2
from mkdocs_threatpub.scanners.base import Hit, hit
from mkdocs_threatpub.scanners.detectors._personal import (
    MAX_CANDIDATES,
    LineCounter,
    in_credits_section,
    line_start,
)
from mkdocs_threatpub.scanners.document import Document, View

_EMAIL = lazy_re2(
    r"[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9][A-Za-z0-9.-]{0,252}\.[A-Za-z]{2,24}"
)
_TRAILER = lazy_re2(
    r"(?i)^\s{0,8}(?:[>*+-]\s{0,4}){0,3}(?:signed-off-by|reported-by|reported-and-tested-by|"
    r"co-authored-by|co-developed-by|acked-by|reviewed-by|tested-by|suggested-by|helped-by|"
    r"cc|bcc|from|to|reply-to|sender|author|authors|maintainer|maintainers|committer|"
    r"contact|credit|credits)\s{0,4}[:：]"
)
_TRAILER_REACH = 200  # a trailer or header name and display name before the address
# Words that make the addresses around them credits or contacts, not a leak.
_CREDIT_WORDS = lazy_re2(
    r"(?i)(?:reported by|discovered by|found by|identified by|thanks|thank you|credit|"
    r"acknowledg|contributed by|maintained by|written by|contact|reach us|write to|"
    r"发现者|报告者|感谢|致谢|鸣谢|联系)"
)
_CREDIT_REACH = 300
_GAP = 3  # lines allowed between neighbours in one list

_DOCUMENTATION_DOMAINS = frozenset(
    (
        "example.com",
        "example.org",
        "example.net",
        "example.edu",
        "test.com",
        "domain.com",
        "yourdomain.com",
        "mydomain.com",
        "yourcompany.com",
        "company.com",
        "email.com",
        "foo.com",
        "bar.com",
        "foobar.com",
        "acme.com",
        "xxx.com",
        "abc.com",
        "host.com",
        "server.com",
        "mail.example",
        "users.noreply.github.com",
        "noreply.github.com",
        "localhost",
    )
)
_DOCUMENTATION_SUFFIXES = (
    ".example",
    ".test",
    ".invalid",
    ".localhost",
    ".example.com",
    ".example.org",
    ".example.net",
)
_FILE_EXTENSIONS = frozenset(
    (
        "png",
        "jpg",
        "jpeg",
        "gif",
        "svg",
        "webp",
        "bmp",
        "ico",
        "js",
        "mjs",
        "ts",
        "css",
        "scss",
        "html",
        "htm",
        "json",
        "yml",
        "yaml",
        "txt",
        "md",
        "lock",
        "zip",
        "gz",
        "tgz",
        "xz",
        "bz2",
        "tar",
        "py",
        "rb",
        "go",
        "rs",
        "java",
        "class",
        "jar",
        "so",
        "dll",
        "exe",
        "pdf",
    )
)
_PLACEHOLDER_LOCALS = frozenset(
    (
        "user",
        "username",
        "name",
        "someone",
        "somebody",
        "anyone",
        "foo",
        "bar",
        "baz",
        "test",
        "tester",
        "me",
        "you",
        "your",
        "youremail",
        "yourname",
        "email",
        "mail",
        "address",
        "john.doe",
        "jane.doe",
        "johndoe",
        "janedoe",
        "john",
        "jane",
        "firstname.lastname",
        "first.last",
        "firstname",
        "lastname",
        "alice",
        "bob",
        "carol",
        "charlie",
        "dave",
        "eve",
        "mallory",
        "trent",
        "xxx",
        "xxxx",
        "abc",
    )
)
_ROLE_LOCALS = frozenset(
    (
        "noreply",
        "no-reply",
        "donotreply",
        "do-not-reply",
        "security",
        "secure",
        "psirt",
        "cert",
        "csirt",
        "abuse",
        "postmaster",
        "webmaster",
        "hostmaster",
        "info",
        "support",
        "contact",
        "help",
        "privacy",
        "press",
        "media",
        "sales",
        "git",
        "bugs",
        "bug",
        "announce",
        "disclosure",
        "vuln",
        "vulns",
        "vulnerability",
        "vulnerabilities",
        "report",
        "reports",
        "incident",
        "incidents",
        "soc",
        "admin",
        "administrator",
        "root",
        "hello",
        "team",
        "office",
        "legal",
        "dpo",
        "jobs",
        "marketing",
        "service",
        "kefu",
        "mailer-daemon",
        "notifications",
        "notification",
        "github",
        "oss-security",
        "distros",
        "linux-distros",
        "secalert",
        "bounty",
        "bugbounty",
        "hackerone",
    )
)
_LIST_SUFFIXES = (
    "-announce",
    "-request",
    "-owner",
    "-devel",
    "-dev",
    "-users",
    "-discuss",
    "-security",
    "-bugs",
    "-commits",
)


def counts(address: str) -> bool:
    """Whether an address could be a person's (not documentation, placeholder or role)."""
    local, _, domain = address.lower().rpartition("@")
    labels = domain.split(".")
    if any(not label or label.startswith("-") or label.endswith("-") for label in labels):
        return False
    if labels[-1] in _FILE_EXTENSIONS:
        return False
    if domain in _DOCUMENTATION_DOMAINS or domain.endswith(_DOCUMENTATION_SUFFIXES):
        return False
    if labels[0] in ("example", "test", "your", "yourdomain", "domain"):
        return False
    if local in _PLACEHOLDER_LOCALS or local in _ROLE_LOCALS:
        return False
    if "security" in local or local.startswith(("noreply", "no-reply", "no_reply")):
        return False
    return not local.endswith(_LIST_SUFFIXES)


class EmailList:
    name = "email-list"
    rule = "CAC404"
    keywords: tuple[str, ...] = ("@",)

    def scan(self, doc: Document) -> Iterator[Hit]:
        first: dict[str, tuple[int, View, int]] = {}  # address → (line, view, offset)
        rejected: set[str] = set()
        budget = MAX_CANDIDATES
        for view in doc.block_views():
            if budget < 0:
                break  # enough candidates examined on this page
            text = view.text
            lines = LineCounter(view)
            for match in _EMAIL.finditer(text):
                budget -= 1
                if budget < 0:
                    break
                address = match.group(0).lower().rstrip(".")
                if address in first or address in rejected:
                    continue
                if not counts(address):
                    rejected.add(address)
                    continue
                start = match.start()
                line_begin = line_start(text, start)
                if start - line_begin <= _TRAILER_REACH and _TRAILER.match(text[line_begin:start]):
                    continue
                line_end = text.find("\n", start)
                line_end = len(text) if line_end < 0 else line_end
                around = text[
                    max(line_begin, start - _CREDIT_REACH) : min(line_end, start + _CREDIT_REACH)
                ]
                if _CREDIT_WORDS.search(around):
                    continue
                line = lines.at(start)
                if in_credits_section(doc, line):
                    continue
                first[address] = (line, view, start)
        ordered = sorted(first.items(), key=lambda item: item[1][0])
        cluster: list[tuple[str, tuple[int, View, int]]] = []
        for item in [*ordered, None]:
            if item is not None and (not cluster or item[1][0] - cluster[-1][1][0] <= _GAP + 1):
                cluster.append(item)
                continue
            if len(cluster) >= 3:
                _, view, start = cluster[0][1]
                matched = "\n".join(sorted(address for address, _ in cluster))
                count = len(cluster)
                what = t(f"{count} e-mail addresses", f"电子邮件地址列表（{count} 个）")
                yield hit(self, view, start, what, matched)
            cluster = [item] if item is not None else []


DETECTOR = EmailList()
