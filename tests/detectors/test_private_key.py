"""private-key (CAC404): PEM/OpenSSH/PGP armour with a body (random base64 generated at test
time, not a key) holds; a header alone or with a stand-in body warns. In process."""

from __future__ import annotations

import base64
import time

import pytest

from mkdocs_threatpub.scanners.base import Hit
from mkdocs_threatpub.scanners.detectors.private_key import DETECTOR
from mkdocs_threatpub.scanners.document import Document, Segment, document_from_text
from tests.detectors import _leakdata as gen
from tests.detectors._network import translated

R = gen.rng(8)
BODY = gen.pem_body(R)


def scan(text: str) -> list[Hit]:
    return translated(list(DETECTOR.scan(document_from_text(text))))


def pem(kind: str, body: str = BODY, *, end: bool = True) -> str:
    label = f"{kind} PRIVATE KEY".strip()
    footer = f"\n-----END {label}-----" if end else ""
    return f"-----BEGIN {label}-----\n{body}{footer}"


@pytest.mark.parametrize(
    ("kind", "label"),
    [
        ("", "private key"),
        ("RSA", "RSA private key"),
        ("EC", "EC private key"),
        ("DSA", "DSA private key"),
        ("OPENSSH", "OPENSSH private key"),
        ("ENCRYPTED", "encrypted private key"),
    ],
)
def test_key_with_a_body_is_strong(kind: str, label: str) -> None:
    hits = scan(f"Found on the server:\n\n```\n{pem(kind)}\n```\n")
    assert len(hits) == 1
    assert hits[0].strong
    assert hits[0].rule == "CAC404"
    assert hits[0].line == 4
    assert hits[0].what == f"{label} in a code block"
    assert BODY[:20] not in hits[0].what


def test_pgp_block_and_legacy_encryption_headers() -> None:
    text = (
        "-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\n"
        + BODY
        + "\n-----END PGP PRIVATE KEY BLOCK-----\n"
    )
    assert [h.what for h in scan(text)] == ["PGP private key in prose"]
    legacy = pem("RSA", "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0A1B2C3D\n\n" + BODY)
    assert [h.strong for h in scan(legacy)] == [True]


def test_key_without_end_line_still_counts() -> None:
    hits = scan(f"```\n{pem('RSA', end=False)}\n```\n")
    assert len(hits) == 1
    assert hits[0].strong


def test_key_in_a_base64_encoded_kubernetes_secret() -> None:
    encoded = base64.b64encode(pem("RSA").encode()).decode()
    hits = scan(f"```yaml\ndata:\n  tls.key: {encoded}\n```\n")
    assert len(hits) == 1
    assert hits[0].strong
    assert hits[0].what == "RSA private key in a yaml code block (base64-encoded)"


def test_putty_key_file() -> None:
    text = (
        "PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: imported\nPublic-Lines: 2\n"
        f"{gen.chars(R, gen.BASE64_CHARS, 64)}\n{gen.chars(R, gen.BASE64_CHARS, 40)}\n"
        f"Private-Lines: 4\n{gen.pem_body(R, 4)}\nPrivate-MAC: {gen.hex_string(R, 40)}\n"
    )
    hits = scan(f"```\n{text}```\n")
    assert [(h.what, h.strong) for h in hits] == [("PuTTY private key in a code block", True)]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "A PEM key starts with `-----BEGIN RSA PRIVATE KEY-----`.\n", id="header-in-prose"
        ),
        pytest.param(pem("RSA", "MIIEpAIBAAKCAQEA...\n...snip...\n"), id="stand-in-body"),
        pytest.param(pem("", "<your key here>"), id="template"),
        pytest.param(pem("OPENSSH", "\n".join(["x" * 64] * 6)), id="xxxx-body"),
        pytest.param(pem("RSA", "\n".join(["A" * 64] * 6)), id="no-variety"),
        pytest.param(
            "Keys begin with -----BEGIN OPENSSH PRIVATE KEY-----\n\nThe rest of this paragraph "
            "explains, in plain words and at some length, how ExtraordinarilyLongIdentifiers and "
            "PascalCaseWordsWithoutSpacesInThemAtAllWhatsoever are handled by the parser.\n",
            id="prose-after-header",
        ),
    ],
)
def test_header_without_a_real_body_only_warns(text: str) -> None:
    hits = scan(text)
    assert len(hits) == 1
    assert not hits[0].strong
    assert hits[0].what.endswith(
        ("header without a key body in prose", "header without a key body in inline code")
    )


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            f"-----BEGIN PUBLIC KEY-----\n{BODY}\n-----END PUBLIC KEY-----\n", id="public-key"
        ),
        pytest.param(
            f"-----BEGIN CERTIFICATE-----\n{BODY}\n-----END CERTIFICATE-----\n", id="certificate"
        ),
        pytest.param("Rotate the private key and revoke the certificate.\n", id="words"),
        pytest.param(
            f"ssh-rsa {gen.chars(R, gen.BASE64_CHARS, 300)} user@host\n", id="ssh-public-key"
        ),
    ],
)
def test_near_misses(text: str) -> None:
    assert scan(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "a" * 100_000,
        "1" * 100_000,
        " " * 5000,
        "-----BEGIN RSA PRIVATE KEY-----" * 3000,
        "-----BEGIN PRIVATE KEY-----\n" + "A" * 99_000,
        "PuTTY-User-Key-File-2:" * 4000,
        "private key " * 8000,
    ],
    ids=["letters", "digits", "spaces", "many-headers", "huge-body", "putty-headers", "words"],
)
def test_linear_time(text: str) -> None:
    for doc in (document_from_text(text), Document([Segment("code", text, 1)])):
        started = time.perf_counter()
        list(DETECTOR.scan(doc))
        assert time.perf_counter() - started < 0.5
