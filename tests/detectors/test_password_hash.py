"""password-hash (CAC404): crypt, bcrypt, argon2 and Windows hash dumps, generated at test
time; placeholders, short stand-ins and bare 32-hex strings are near misses. In process."""

from __future__ import annotations

import time

import pytest

from mkdocs_threatpub.scanners.base import Hit
from mkdocs_threatpub.scanners.detectors.password_hash import DETECTOR
from mkdocs_threatpub.scanners.document import Document, Segment, document_from_text
from tests.detectors import _leakdata as gen
from tests.detectors._network import translated

R = gen.rng(6)
EMPTY_LM = "aad3b435b51404eeaad3b435b51404ee"
EMPTY_NT = "31d6cfe0d16ae931b73c59d7e0c089c0"


def scan(text: str) -> list[Hit]:
    return translated(list(DETECTOR.scan(document_from_text(text))))


def fenced(body: str) -> str:
    return f"Dump:\n\n```\n{body}\n```\n"


@pytest.mark.parametrize(
    ("scheme", "label"),
    [
        ("md5-crypt", "md5-crypt"),
        ("sha256-crypt", "sha256-crypt"),
        ("sha512-crypt", "sha512-crypt"),
        ("sha512-crypt-rounds", "sha512-crypt"),
        ("yescrypt", "yescrypt"),
        ("bcrypt", "bcrypt"),
        ("argon2", "argon2"),
    ],
)
def test_one_hash_is_strong(scheme: str, label: str) -> None:
    value = gen.crypt_hash(R, scheme)
    hits = scan(fenced(f"admin {value}"))
    assert len(hits) == 1
    assert hits[0].strong
    assert hits[0].rule == "CAC404"
    assert hits[0].line == 4
    assert hits[0].what == f"password hash ({label}) in a code block"
    assert value not in hits[0].what
    assert value[-10:] not in hits[0].what


def test_hashes_in_sql_rows_and_prose() -> None:
    a, b = gen.crypt_hash(R, "bcrypt"), gen.crypt_hash(R, "bcrypt")
    hits = scan(f"INSERT INTO users VALUES (1,'li','{a}'),(2,'wang','{b}');\n")
    assert len(hits) == 2
    assert all(h.strong for h in hits)


def test_secretsdump_lines_are_one_hit_per_block_with_a_count() -> None:
    lines = [
        f"Administrator:500:{EMPTY_LM}:{gen.hex_string(R, 32)}:::",
        f"Guest:501:{EMPTY_LM}:{EMPTY_NT}:::",
        f"CORP\\zhang.san:1104:{EMPTY_LM}:{gen.hex_string(R, 32)}:::",
        f"WS01$:1105:{EMPTY_LM}:{gen.hex_string(R, 32).upper()}:::",
    ]
    hits = scan(fenced("\n".join(lines)))
    assert len(hits) == 1
    assert hits[0].strong
    assert hits[0].line == 4
    assert hits[0].what == "3 NTLM password hashes (secretsdump format) in a code block"


def test_only_empty_password_ntlm_lines_warn() -> None:
    hits = scan(
        fenced(f"Guest:501:{EMPTY_LM}:{EMPTY_NT}:::\nDefaultAccount:503:{EMPTY_LM}:{EMPTY_NT}:::")
    )
    assert len(hits) == 1
    assert not hits[0].strong
    assert "empty-password" in hits[0].what


@pytest.mark.parametrize(
    ("body", "label"),
    [
        (
            f"CORP.LOCAL\\krbtgt:aes256-cts-hmac-sha1-96:{gen.hex_string(R, 64)}",
            "Kerberos key (secretsdump)",
        ),
        (f"$DCC2$10240#zhang.san#{gen.hex_string(R, 32)}", "domain cached credentials"),
        (
            f"zhang.san::CORP:{gen.hex_string(R, 16)}:{gen.hex_string(R, 32)}:{gen.hex_string(R, 300)}",
            "NetNTLMv2 response",
        ),
        (
            f"$krb5tgs$23$*svc_sql$CORP.LOCAL$MSSQLSvc/db01*${gen.hex_string(R, 32)}${gen.hex_string(R, 600)}",
            "Kerberos service ticket (Kerberoast)",
        ),
    ],
    ids=["kerberos-key", "dcc2", "netntlmv2", "kerberoast"],
)
def test_windows_credential_material(body: str, label: str) -> None:
    hits = scan(fenced(body))
    assert [h.what for h in hits] == [f"password hash ({label}) in a code block"]
    assert hits[0].strong


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The hash looks like `$6$salt$hash` or $2b$12$...\n", id="format-description"),
        pytest.param("$6$" + "x" * 16 + "$" + "x" * 86 + "\n", id="placeholder-x"),
        pytest.param("$2b$12$" + "A" * 53 + "\n", id="placeholder-a"),
        pytest.param("$1$abc$" + "./0123456789ABCDEFGHIJ"[:21] + "\n", id="too-short"),
        pytest.param(f"md5sum: {gen.hex_string(R, 32)}  file.tar.gz\n", id="bare-md5"),
        pytest.param(
            f"commit {gen.hex_string(R, 40)} and {gen.hex_string(R, 32)}:{gen.hex_string(R, 32)}\n",
            id="hex-pair-without-rid",
        ),
        pytest.param("Costs $5 per month, $6 per year; cron $1$2.\n", id="dollar-amounts"),
        pytest.param("std::vector<int>::iterator it; a::b::c\n", id="cpp-scopes"),
        pytest.param("fe80::1:2:3:4 and ::1 and 2001:db8::ff00:42:8329\n", id="ipv6"),
    ],
)
def test_near_misses(text: str) -> None:
    assert scan(text) == []


def test_a_shadow_line_is_left_to_the_passwd_shadow_detector() -> None:
    value = gen.crypt_hash(R, "sha512-crypt")
    assert scan(fenced(f"root:{value}:19000:0:99999:7:::")) == []
    assert len(scan(fenced(f"root:{value}"))) == 1  # not a shadow line: still a hash


@pytest.mark.parametrize(
    "text",
    [
        "a" * 100_000,
        "1" * 100_000,
        " " * 5000,
        "$6$" * 33_000,
        "$2b$12$" * 14_000,
        ":" * 100_000,
        "a:1:" * 25_000,
        "x::" * 33_000,
        ("a:500:" + "a" * 32 + ":") * 2000,
        "$krb5tgs$23$" * 8000,
    ],
    ids=[
        "letters",
        "digits",
        "spaces",
        "sha512-prefix",
        "bcrypt-prefix",
        "colons",
        "rid-like",
        "double-colons",
        "half-ntlm",
        "krb-prefix",
    ],
)
def test_linear_time(text: str) -> None:
    for doc in (document_from_text(text), Document([Segment("code", text, 1)])):
        started = time.perf_counter()
        list(DETECTOR.scan(doc))
        assert time.perf_counter() - started < 0.5
