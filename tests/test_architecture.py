"""The house rules, checked on the sources: SQL lives in core/catalog only, no module imports
itself in a circle, and core never reaches for a front end (by import or by a module name in a
string, as importlib would). import-linter (in .ci/run) checks the layers on the installed package.

Tests and benchmarks may build and inspect catalogs with SQL: they are fixtures, not the app.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Source folder -> the package it installs as (pyproject's package-dir).
PACKAGES = {"core": "facealbum.core", "gui": "facealbum.gui", "cli": "facealbum.cli"}
SQL = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|REPLACE|WITH|BEGIN|COMMIT)\b")
SQL_CALLS = {"execute", "executemany", "executescript", "backup"}


def _modules() -> dict[str, Path]:
    """Dotted module name -> file, for every module FaceAlbum installs."""
    out = {}
    for folder, package in PACKAGES.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = list(path.relative_to(ROOT / folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join([package, *parts])] = path
    return out


def _strings(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node, node.value
        elif isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            yield node, text


def test_sql_is_spoken_only_in_the_catalog():
    found = []
    for name, path in _modules().items():
        if name.startswith("facealbum.core.catalog"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_CALLS:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: .{node.func.attr}()")
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                if "sqlite3" in names:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: import sqlite3")
        for node, text in _strings(tree):
            if SQL.match(text):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text[:60]!r}")
    assert not found, "SQL outside core/catalog (add a named Catalog method instead):\n" + "\n".join(found)


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Every FaceAlbum module ``name`` imports, at the top or inside a function."""
    is_package = path.name == "__init__.py"
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[:len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return groups


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    # A package's __init__ that only gathers its own modules is not a circle with them.
    for name in graph:
        graph[name] = {t for t in graph[name] if not (name.startswith(t + ".") and modules[t].name == "__init__.py")}
    return graph


def test_no_module_imports_itself_in_a_circle():
    cycles = _cycles(_graph())
    assert not cycles, "import circles:\n" + "\n".join(" <-> ".join(c) for c in cycles)


def test_core_never_reaches_for_a_front_end():
    graph = _graph()
    wrong = [f"{m} imports {t}" for m, targets in graph.items() if m.startswith("facealbum.core")
             for t in targets if not t.startswith("facealbum.core")]
    for name, path in _modules().items():
        if name.startswith("facealbum.core"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            wrong += [f"{path.relative_to(ROOT)}:{node.lineno} names {text!r}" for node, text in _strings(tree)
                      if re.match(r"facealbum\.(gui|cli)\b", text)]
    assert not wrong, "\n".join(wrong)


def test_the_window_never_imports_the_command_line():
    graph = _graph()
    wrong = [f"{m} imports {t}" for m, targets in graph.items() if m.startswith("facealbum.gui")
             for t in targets if t.startswith("facealbum.cli")]
    assert not wrong, "\n".join(wrong)
