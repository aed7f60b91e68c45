"""The package's layout stays as docs/architecture.md draws it.

* The modules' imports of each other form no cycle (``TYPE_CHECKING`` imports,
  which never run, left out), and no module hides one by importing the
  package's own modules inside a function.
* Records and node classes sit at the bottom: they import nothing of the
  package but the pure schema.
* The importer and the pure modules run without Sphinx.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "sphinx_podcast_ext"
#: Function-level imports of the package's own modules that are wanted, with why.
LAZY_IMPORTS = {
    # Importing the package must not import Sphinx: the importer runs without it.
    ("__init__", "extension"),
}
#: Modules that must import nothing of the package but these.
BOTTOM = {
    "nodes": set(),
    "records": {"metadata"},
    "media": set(),
    "metadata": {"media"},
    "slugs": set(),
    "warnings_": {"metadata"},
}
#: Pure modules: no Sphinx or docutils import, so the importer can use them anywhere.
PURE = ("media", "metadata", "slugs", "frontmatter", "pagination", "htmlclean", "ranking")
#: A module longer than this does more than one job: split it by concern.
MAX_LINES = 360


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE).with_suffix("")
    parts = relative.parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 1 else parts)


def _resolve(current: str, level: int, name: str | None, is_package: bool) -> str:
    base = [] if current == "__init__" else current.split(".")
    if not is_package:
        base = base[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join([*base, name] if name else base)


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(path: Path) -> tuple[set[str], set[str]]:
    """The package modules *path* imports at module level, and those it imports in functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    current = module_name(path)
    is_package = path.name == "__init__.py"
    top: set[str] = set()
    lazy: set[str] = set()
    known = {module_name(p) for p in PACKAGE.rglob("*.py")}

    def targets(node: ast.ImportFrom) -> set[str]:
        found = set()
        base = _resolve(current, node.level, node.module, is_package)
        for alias in node.names:
            candidate = f"{base}.{alias.name}" if base else alias.name
            found.add(candidate if candidate in known else base)
        return {name for name in found if name in known}

    def visit(body: list[ast.stmt], into: set[str]) -> None:
        for node in body:
            if isinstance(node, ast.If) and _type_checking(node):
                continue
            if isinstance(node, ast.ImportFrom) and node.level:
                into.update(targets(node))
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(node.body, lazy)
            elif isinstance(node, ast.ClassDef):
                visit(node.body, into)
            else:
                for child in ast.iter_child_nodes(node):
                    if isinstance(child, ast.stmt):
                        visit([child], into)

    visit(tree.body, top)
    return top - {current}, lazy - {current}


def graph() -> dict[str, set[str]]:
    return {module_name(path): imports(path)[0] for path in PACKAGE.rglob("*.py")}


def test_no_import_cycles() -> None:
    edges = graph()
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(name: str) -> None:
        state[name] = 1
        stack.append(name)
        for other in sorted(edges.get(name, ())):
            if state.get(other) == 1:
                cycle = [*stack[stack.index(other) :], other]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if other not in state:
                walk(other)
        stack.pop()
        state[name] = 2

    for name in sorted(edges):
        if name not in state:
            walk(name)


def test_no_function_level_imports_of_the_package() -> None:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        current = module_name(path)
        for target in imports(path)[1]:
            found.add((current, target))
    assert found == LAZY_IMPORTS


@pytest.mark.parametrize("module", sorted(BOTTOM))
def test_records_and_nodes_sit_at_the_bottom(module: str) -> None:
    assert graph()[module] <= BOTTOM[module]


def test_pure_modules_and_the_importer_run_without_sphinx() -> None:
    modules = [f"sphinx_podcast_ext.{name}" for name in PURE]
    modules += ["sphinx_podcast_ext.importer", "sphinx_podcast_ext.importer.cli"]
    code = (
        "import sys\n"
        f"for name in {modules!r}:\n"
        "    __import__(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('sphinx', 'docutils'))\n"
        "print(bad)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]", result.stdout


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: module_name(p))
def test_modules_stay_small(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines"
