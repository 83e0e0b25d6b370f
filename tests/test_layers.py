"""The block scanner and the page analysis stand on their own.

The layers of the whole package (core ← scanners ← rules ← pipeline ← doors) are checked by
lint-imports ([tool.importlinter] in pyproject.toml), which scripts/test.sh runs; here, read
from the source (function-local imports too), the two core modules every Markdown reader
shares need nothing but the standard library and the core.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import mkdocs_threatpub

PACKAGE = Path(mkdocs_threatpub.__file__).parent


def imports(path: Path) -> set[str]:
    """Every module that the file at ``path`` imports, anywhere in it."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def modules(package: str) -> list[Path]:
    paths = sorted((PACKAGE / package).rglob("*.py"))
    assert paths, package
    return paths


def test_the_block_scanner_and_the_page_analysis_stand_on_their_own() -> None:
    """core/blocks.py needs the standard library only; core/analysis.py the core only."""
    blocks = imports(PACKAGE / "core" / "blocks.py")
    assert {m.split(".")[0] for m in blocks} <= set(sys.stdlib_module_names) | {"__future__"}
    analysis = imports(PACKAGE / "core" / "analysis.py")
    ours = {m for m in analysis if m.startswith("mkdocs_threatpub")}
    assert all(m.startswith("mkdocs_threatpub.core.") for m in ours), sorted(ours)
