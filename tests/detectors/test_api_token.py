"""api-token (CAC404): tokens with well-known prefixes, generated at test time (random, never
real credentials); documented placeholders and stand-ins are near misses. In process."""

from __future__ import annotations

import base64
import json
import string
import time

import pytest

from mkdocs_threatpub.scanners.base import Hit
from mkdocs_threatpub.scanners.detectors.api_token import DETECTOR, stand_in
from mkdocs_threatpub.scanners.document import Document, Segment, document_from_text
from tests.detectors import _leakdata as gen
from tests.detectors._network import translated

R = gen.rng(9)
UPPER32 = string.ascii_uppercase + "234567"
ALNUM = gen.ALNUM
URLSAFE = ALNUM + "_-"


def scan(text: str) -> list[Hit]:
    return translated(list(DETECTOR.scan(document_from_text(text))))


def b64url(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


TOKENS = [
    ("AKIA" + gen.chars(R, UPPER32, 16), "AWS access key ID"),
    ("ASIA" + gen.chars(R, UPPER32, 16), "AWS access key ID"),
    (f"aws_secret_access_key = {gen.chars(R, ALNUM + '/+', 40)}", "AWS secret access key"),
    ("ghp_" + gen.chars(R, ALNUM, 36), "GitHub token"),
    ("gho_" + gen.chars(R, ALNUM, 36), "GitHub token"),
    (
        "github_pat_" + gen.chars(R, ALNUM, 22) + "_" + gen.chars(R, ALNUM, 59),
        "GitHub fine-grained personal access token",
    ),
    ("glpat-" + gen.chars(R, URLSAFE, 20), "GitLab personal access token"),
    (
        f"xoxb-{gen.chars(R, string.digits, 12)}-{gen.chars(R, string.digits, 13)}-{gen.chars(R, ALNUM, 24)}",
        "Slack token",
    ),
    (
        f"https://hooks.slack.com/services/T{gen.chars(R, UPPER32, 10)}/B{gen.chars(R, UPPER32, 10)}/{gen.chars(R, ALNUM, 24)}",
        "Slack webhook URL",
    ),
    ("AIza" + gen.chars(R, URLSAFE, 35), "Google API key"),
    ("sk_live_" + gen.chars(R, ALNUM, 24), "Stripe live secret key"),
    (
        "sk-proj-" + gen.chars(R, URLSAFE, 40) + "T3BlbkFJ" + gen.chars(R, URLSAFE, 40),
        "OpenAI API key",
    ),
    ("npm_" + gen.chars(R, ALNUM, 36), "npm access token"),
    ("pypi-AgEIcHlwaS5vcmc" + gen.chars(R, URLSAFE, 60), "PyPI API token"),
    (f"SG.{gen.chars(R, URLSAFE, 22)}.{gen.chars(R, URLSAFE, 43)}", "SendGrid API key"),
    (f"{gen.chars(R, string.digits, 9)}:AA{gen.chars(R, URLSAFE, 33)}", "Telegram bot token"),
    ("LTAI" + gen.chars(R, ALNUM, 20), "Alibaba Cloud AccessKey ID"),
    ("AKID" + gen.chars(R, ALNUM, 32), "Tencent Cloud SecretId"),
]


@pytest.mark.parametrize(
    ("token", "label"), TOKENS, ids=[f"{i}-{t[1]}" for i, t in enumerate(TOKENS)]
)
def test_tokens_are_strong(token: str, label: str) -> None:
    hits = scan(f"Config found in the bucket:\n\n```\nTOKEN={token}\n```\n")
    assert len(hits) == 1, hits
    assert hits[0].strong
    assert hits[0].rule == "CAC404"
    assert hits[0].line == 4
    assert hits[0].what == f"{label} in a code block"
    assert token[-12:] not in hits[0].what


def test_token_in_prose_and_inline_code_is_one_finding_per_token() -> None:
    token = TOKENS[3][0]
    hits = scan(f"The token `{token}` was pushed, and again: {token}\n")
    assert len({h.fingerprint for h in hits}) == 1


def test_jwt_only_warns() -> None:
    header = b64url({"alg": "HS256", "typ": "JWT"})
    payload = b64url({"sub": "u-" + gen.chars(R, ALNUM, 10), "role": "admin", "exp": 1999999999})
    token = f"{header}.{payload}.{gen.chars(R, URLSAFE, 43)}"
    hits = scan(f"Authorization: Bearer {token}\n")
    assert [(h.what, h.strong) for h in hits] == [("JSON Web Token in prose", False)]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n", id="aws-doc-key"),
        pytest.param(
            "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
            id="aws-doc-secret",
        ),
        pytest.param("GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", id="ghp-x"),
        pytest.param("token: ghp_<your-token>\n", id="ghp-template"),
        pytest.param("ghp_" + "A" * 36 + "\n", id="ghp-one-char"),
        pytest.param("ghp_" + "abcdefghijklmnopqrstuvwxyz0123456789" + "\n", id="ghp-alphabet"),
        pytest.param("sk_test_" + gen.chars(R, ALNUM, 24) + "\n", id="stripe-test-key"),
        pytest.param("xoxb-your-token-here\n", id="slack-template"),
        pytest.param("x" + "ghp_" + gen.chars(R, ALNUM, 36) + "\n", id="glued-prefix"),
        pytest.param("ghp_" + gen.chars(R, ALNUM, 40) + "\n", id="too-long"),
        pytest.param(
            "The AKIA prefix marks long-term keys; ASIA marks temporary ones.\n", id="prefix-words"
        ),
        pytest.param(
            "curl -H 'Authorization: token ghp_16C7e42F292c6912E7710c838347Ae178B4a'\n",
            id="github-docs-example",
        ),
        pytest.param(
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
            ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c\n",
            id="jwt-io-sample",
        ),
        pytest.param(
            f"{b64url({'alg': 'none'})}.{b64url({'sub': 'admin'})}.\n",
            id="unsigned-jwt",
        ),
    ],
)
def test_near_misses(text: str) -> None:
    assert scan(text) == []


def test_stand_in() -> None:
    assert stand_in("AKIAIOSFODNN7EXAMPLE")
    assert stand_in("ghp_" + "0123456789" * 3 + "abcdef")
    assert not stand_in(TOKENS[3][0])


@pytest.mark.parametrize(
    "text",
    [
        "a" * 100_000,
        "1" * 100_000,
        " " * 5000,
        "A" * 100_000,
        "ghp_" * 25_000,
        "eyJ" * 33_000,
        "eyJa." * 20_000,
        "xoxb-1" * 16_000,
        "sk-" + "a" * 99_000,
        "aws_secret_access_key=" * 4000,
    ],
    ids=[
        "letters",
        "digits",
        "spaces",
        "upper",
        "ghp",
        "eyj",
        "eyj-dots",
        "xoxb",
        "sk-long",
        "aws-key-words",
    ],
)
def test_linear_time(text: str) -> None:
    for doc in (document_from_text(text), Document([Segment("code", text, 1)])):
        started = time.perf_counter()
        list(DETECTOR.scan(doc))
        assert time.perf_counter() - started < 0.5
