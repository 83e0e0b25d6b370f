"""passwd-shadow (CAC404): /etc/passwd and /etc/shadow lines; one quoted line warns, several
or any hash hold. In process."""

from __future__ import annotations

import time

import pytest

from mkdocs_threatpub.scanners.base import Hit
from mkdocs_threatpub.scanners.detectors.passwd_shadow import DETECTOR, has_hash
from mkdocs_threatpub.scanners.document import Document, Segment, document_from_text
from tests.detectors import _leakdata as gen
from tests.detectors._network import translated

R = gen.rng(7)
ROOT = "root:x:0:0:root:/root:/bin/bash"
PASSWD = [
    ROOT,
    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin",
    "www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin",
    "zhangsan:x:1000:1000:Zhang San,,,:/home/zhangsan:/bin/bash",
]
SHA512 = gen.crypt_hash(R, "sha512-crypt")


def scan(text: str) -> list[Hit]:
    return translated(list(DETECTOR.scan(document_from_text(text))))


def fenced(body: str) -> str:
    return f"Output:\n\n```\n{body}\n```\n"


def test_a_single_user_line_only_warns() -> None:
    user = PASSWD[3]
    hits = scan(f"Each line looks like `{user}`: name, password placeholder, UID, GID.\n")
    assert len(hits) == 1
    assert not hits[0].strong
    assert hits[0].rule == "CAC404"
    assert hits[0].what == "a single /etc/passwd line in prose"


@pytest.mark.parametrize(
    "line",
    [
        ROOT,  # Linux
        "root:*:0:0:System Administrator:/var/root:/bin/sh",  # macOS, in an XXE example's output
        "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin",
        "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin",
    ],
)
def test_a_single_stock_account_line_is_not_reported(line: str) -> None:
    """The account every installation ships, with no password: the format, not data."""
    assert scan(f"Each line looks like `{line}`.\n") == []
    assert scan(fenced(f"$ java parseDocument\n{line}")) == []


@pytest.mark.parametrize(
    "line",
    [
        f"root:{SHA512}:0:0:root:/root:/bin/bash",  # a hash: the system's own secret
        "root:x:0:0:root:/srv/ops-root:/bin/bash",  # a home nobody ships
        "admin:x:0:0:admin:/root:/bin/bash",  # not a stock account name
    ],
)
def test_a_single_line_that_is_not_stock_is_still_reported(line: str) -> None:
    assert len(scan(fenced(line))) == 1


def test_two_stock_lines_are_a_copy_of_the_file() -> None:
    assert [h.strong for h in scan(fenced("\n".join(PASSWD[:2])))] == [True]


def test_several_passwd_lines_are_strong_and_counted() -> None:
    hits = scan(fenced("\n".join(PASSWD)))
    assert len(hits) == 1
    assert hits[0].strong
    assert hits[0].line == 4
    assert hits[0].what == "4 /etc/passwd lines in a code block"
    assert "zhangsan" not in hits[0].what
    assert "Zhang" not in hits[0].what


def test_passwd_inside_a_json_response() -> None:
    body = '{"content":"' + "\\n".join(PASSWD[:3]) + '\\n"}'
    hits = scan(fenced(body))
    assert len(hits) == 1
    assert hits[0].strong
    assert hits[0].what == "3 /etc/passwd lines in a code block"


def test_shadow_line_with_a_hash_is_strong_even_alone() -> None:
    hits = scan(fenced(f"root:{SHA512}:19000:0:99999:7:::"))
    assert len(hits) == 1
    assert hits[0].strong
    assert hits[0].what == "an /etc/shadow line with a password hash in a code block"
    assert SHA512 not in hits[0].what


def test_locked_hash_still_counts() -> None:
    assert has_hash("!" + SHA512)
    assert not has_hash("!")
    assert not has_hash("*")
    assert has_hash("aB3dE6gH9jK2m")  # traditional DES crypt
    assert not has_hash("$6$" + "x" * 90)


def test_shadow_without_hashes() -> None:
    one = scan(fenced("root:*:19000:0:99999:7:::"))
    assert len(one) == 1
    assert not one[0].strong
    assert one[0].what == "a single /etc/shadow line in a code block"
    two = scan(fenced("root:*:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::"))
    assert len(two) == 1
    assert two[0].strong


def test_lines_in_separate_blocks_add_up() -> None:
    hits = scan(fenced(PASSWD[0]) + "\nand later\n\n" + fenced(PASSWD[3]))
    assert len(hits) == 2
    assert all(h.strong for h in hits)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Fields are name:password:UID:GID:GECOS:home:shell.\n", id="format-in-words"),
        pytest.param("Connect to db:5432:1:2:x:/tmp:y:z with extra fields\n", id="too-many-fields"),
        pytest.param("at 10:30:00:00 the job runs\n", id="times"),
        pytest.param("a:b:1:2:c:d:e\n", id="home-not-a-path"),
        pytest.param("url http://host:8080:1:2 and C:\\x:1:1\n", id="urls"),
        pytest.param("root:x:0:0:root:/root:/bin/bash:extra\n", id="eight-fields"),
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
        ":" * 100_000,
        "a:x:0:0:" * 12_000,
        "a:x:0:0:g:/h:" * 7000,
        "r:*:1:" * 16_000,
        "\n".join([ROOT] * 3000),
    ],
    ids=[
        "letters",
        "digits",
        "spaces",
        "colons",
        "partial-passwd",
        "partial-passwd-2",
        "partial-shadow",
        "many-lines",
    ],
)
def test_linear_time(text: str) -> None:
    for doc in (document_from_text(text), Document([Segment("code", text, 1)])):
        started = time.perf_counter()
        list(DETECTOR.scan(doc))
        assert time.perf_counter() - started < 0.5
