"""email-list (CAC404): three or more distinct personal e-mail addresses close together;
documentation domains, role addresses, trailers and credits are near misses. In process."""

from __future__ import annotations

import time

import pytest

from mkdocs_threatpub.scanners.base import Hit
from mkdocs_threatpub.scanners.detectors.email_list import DETECTOR, counts
from mkdocs_threatpub.scanners.document import Document, Segment, document_from_text
from tests.detectors import _leakdata as gen
from tests.detectors._network import translated

R = gen.rng(5)
DOMAIN = f"mail-{gen.chars(R, 'abcdefghijklmnopqrstuvwxyz', 8)}.cn"
PEOPLE = [f"{gen.chars(R, 'abcdefghijklmnopqrstuvwxyz', 6)}.{i}@{DOMAIN}" for i in range(6)]


def scan(text: str) -> list[Hit]:
    return translated(list(DETECTOR.scan(document_from_text(text))))


def test_a_list_of_three_is_strong_and_counted() -> None:
    text = "Leaked accounts:\n\n" + "\n".join(f"- {a}" for a in PEOPLE[:3]) + "\n"
    hits = scan(text)
    assert len(hits) == 1
    assert hits[0].strong
    assert hits[0].rule == "CAC404"
    assert hits[0].line == 3
    assert hits[0].what == "3 e-mail addresses in prose"
    assert not any(a in hits[0].what or a.split("@")[0] in hits[0].what for a in PEOPLE)


@pytest.mark.parametrize(
    "text",
    [
        ", ".join(PEOPLE[:4]) + "\n",
        "```\n" + "\n".join(f"{a}:hunter{i}" for i, a in enumerate(PEOPLE)) + "\n```\n",
        "\n\n".join(PEOPLE[:3]) + "\n",
        "| user |\n|---|\n" + "".join(f"| {a} |\n" for a in PEOPLE[:3]),
        "Victims: " + " ".join(a.upper() for a in PEOPLE[:3]) + "\n",
    ],
    ids=["one-line", "combo-list-in-code", "blank-lines-between", "table", "upper-case"],
)
def test_list_shapes(text: str) -> None:
    hits = scan(text)
    assert len(hits) == 1
    assert hits[0].strong
    assert hits[0].what.split()[0].isdigit()


def test_two_separate_lists_are_two_hits() -> None:
    text = "\n".join(PEOPLE[:3]) + "\n" + "\n" * 10 + "\n".join(PEOPLE[3:]) + "\n"
    hits = scan(text)
    assert [h.what for h in hits] == ["3 e-mail addresses in prose", "3 e-mail addresses in prose"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(f"{PEOPLE[0]}, {PEOPLE[1]}\n", id="only-two"),
        pytest.param(f"{PEOPLE[0]}, {PEOPLE[0]}, {PEOPLE[0].upper()}\n", id="one-address-thrice"),
        pytest.param(
            "alice@example.com, bob@example.org, carol@example.net, dan@sub.example.com\n",
            id="example-domains",
        ),
        pytest.param(
            "a1@foo.test, a2@bar.invalid, a3@x.localhost, a4@mail.example\n", id="reserved-tlds"
        ),
        pytest.param(
            "security@vendor.cn, psirt@vendor.com, noreply@vendor.io, no-reply@x.org\n",
            id="role-addresses",
        ),
        pytest.param(
            "product-security@x.com, oss-security@lists.openwall.com, dev-announce@x.org\n",
            id="lists",
        ),
        pytest.param(
            "user@mail.cn, john.doe@corp.cn, alice@corp.cn, xxx@corp.cn\n", id="placeholders"
        ),
        pytest.param("icon@2x.png logo@3x.png banner@2x.jpg\n", id="file-names"),
        pytest.param(
            "Signed-off-by: A <" + PEOPLE[0] + ">\nReported-by: B <" + PEOPLE[1] + ">\n"
            "Reviewed-by: C <" + PEOPLE[2] + ">\nCc: D <" + PEOPLE[3] + ">\n",
            id="commit-trailers",
        ),
        pytest.param(
            "## Credits\n\nThanks to " + ", ".join(PEOPLE[:4]) + ".\n", id="credits-heading"
        ),
        pytest.param("## 致谢\n\n" + "、".join(PEOPLE[:4]) + "\n", id="chinese-credits-heading"),
        pytest.param(
            f"{PEOPLE[0]}\n\n\n\n\n\n{PEOPLE[1]}\n\n\n\n\n\n{PEOPLE[2]}\n", id="too-far-apart"
        ),
        pytest.param("npm i lodash@4.17.21 react@18.2.0 vue@3.4.1\n", id="package-versions"),
        pytest.param("git@github.com:a/b.git git@gitlab.com:c/d.git\n", id="git-remotes"),
        pytest.param("root@host1, admin@box, ubuntu@ip-10-0-0-1\n", id="no-tld"),
    ],
)
def test_near_misses(text: str) -> None:
    assert scan(text) == []


def test_counts() -> None:
    assert counts(PEOPLE[0])
    assert not counts("someone@example.com")
    assert not counts("a@-bad-.com")
    assert not counts("x@users.noreply.github.com")


@pytest.mark.parametrize(
    "text",
    [
        "a" * 100_000,
        "@" * 100_000,
        " " * 5000,
        "a@" * 50_000,
        "a@b." * 25_000,
        f"{PEOPLE[0]} " * 4000,
        ("x" * 64 + "@" + "y." * 120 + "zz ") * 300,
    ],
    ids=["letters", "ats", "spaces", "a-at", "dotted", "many", "long-domains"],
)
def test_linear_time(text: str) -> None:
    for doc in (document_from_text(text), Document([Segment("code", text, 1)])):
        started = time.perf_counter()
        list(DETECTOR.scan(doc))
        assert time.perf_counter() - started < 0.5


def test_credit_words_around_the_addresses() -> None:
    text = f"Reported by Li Wei ({PEOPLE[0]}), Zhao Min ({PEOPLE[1]}) and Sun Hao ({PEOPLE[2]}).\n"
    assert scan(text) == []
    leaked = f"## Leaked contacts\n\n{PEOPLE[0]}\n{PEOPLE[1]}\n{PEOPLE[2]}\n"
    assert len(scan(leaked)) == 1
