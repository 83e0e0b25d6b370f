"""Dependencies point one way: core ← scanners ← rules.

Read from the source (every import statement, function-local ones too), so an import
moved into a function to dodge a cycle is still seen.
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


def test_scanners_never_import_rules() -> None:
    for path in modules("scanners"):
        wrong = {m for m in imports(path) if m.startswith("mkdocs_threatpub.rules")}
        assert not wrong, f"{path.relative_to(PACKAGE)} imports {sorted(wrong)}"


def test_the_core_never_imports_scanners() -> None:
    for path in modules("core"):
        wrong = {m for m in imports(path) if m.startswith("mkdocs_threatpub.scanners")}
        assert not wrong, f"{path.relative_to(PACKAGE)} imports {sorted(wrong)}"


def test_the_block_scanner_and_the_page_analysis_stand_on_their_own() -> None:
    """core/blocks.py needs the standard library only; core/analysis.py the core only."""
    blocks = imports(PACKAGE / "core" / "blocks.py")
    assert {m.split(".")[0] for m in blocks} <= set(sys.stdlib_module_names) | {"__future__"}
    analysis = imports(PACKAGE / "core" / "analysis.py")
    ours = {m for m in analysis if m.startswith("mkdocs_threatpub")}
    assert all(m.startswith("mkdocs_threatpub.core.") for m in ours), sorted(ours)
