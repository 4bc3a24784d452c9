"""Find user-visible strings that do not go through tr() (the window) or _() (core and the CLI).

A string counts as user-visible when it reads like prose (a word of two letters or more, and a
space or a capital first letter) and is not in a place that never reaches a user: docstrings,
log calls, annotations, dictionary keys, comparisons, subscripts, SQL, XML names, identifiers in
capitals, programming errors (TypeError and the like) and asserts. A line that holds such a
string on purpose says why with a ``# not translated: …`` comment.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

TRANSLATORS = {"tr", "_", "ngettext", "N_", "Nn_"}
LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical"}
LOGGERS = {"log", "logger", "LOG", "_log", "logging"}
# Methods whose string arguments are names, keys or code, never sentences.
CODE_METHODS = {"setObjectName", "setStyleSheet", "value", "setValue", "getLogger", "startswith", "endswith",
                "join", "split", "replace", "strftime", "strptime", "execute", "setProperty", "property",
                "lower", "upper", "encode", "decode", "compile", "match", "search", "sub", "findall",
                "fullmatch", "format", "setting", "set_setting", "use", "SubElement", "find", "findall",
                "get", "pop", "setdefault", "NewType", "TypeVar"}
CODE_FUNCTIONS = {"open", "getattr", "setattr", "hasattr", "isinstance", "NewType", "TypeVar", "Signal", "q"}
DEV_ERRORS = {"TypeError", "AssertionError", "NotImplementedError", "KeyError", "AttributeError", "IndexError"}
CODE_KEYWORDS = {"metavar", "dest", "prog", "objectName", "sep", "end", "encoding", "newline", "mode", "errors",
                 "kind", "role"}
SQL = re.compile(r"\b(ORDER BY|WHERE|JOIN|IS NULL|IS NOT NULL|SELECT|INSERT INTO|INSERT OR|UPDATE|DELETE FROM|"
                 r"GROUP BY|COLLATE|CREATE|PRAGMA|ALTER TABLE)\b|[=<>] \?|\bIN \(|\b\w+\.\w+ [=<>!]+ \w")
KEYS = re.compile(r"((Ctrl|Shift|Alt|Meta)\+)*(Ctrl|Shift|Alt|Meta|Left|Right|Up|Down|Escape|Esc|Delete|Del|"
                  r"Return|Enter|Space|Tab|Home|End|F\d+|[A-Z0-9,.=+\-/])")  # key sequences
CAMEL = re.compile(r"[A-Z][a-z0-9]+([A-Z][a-z0-9]*)+")  # identifiers: FaceAlbum, CPUExecutionProvider
WORD = re.compile(r"[A-Za-z]{2,}")
COLUMNS = re.compile(r"[a-z_0-9]+(, *[a-z_0-9]+)+,?")
QNAME = re.compile(r"[A-Za-z][\w.-]*:[\w.-]+")
MARK = "# not translated:"


def _text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def reads_like_prose(text: str) -> bool:
    t = text.strip().replace("&", "")  # "&File": the mnemonic marker
    if not WORD.search(t) or SQL.search(t) or COLUMNS.fullmatch(t) or QNAME.fullmatch(t):
        return False
    if re.fullmatch(r"[A-Z0-9_{}]+", t) or KEYS.fullmatch(t) or CAMEL.fullmatch(t) or re.fullmatch(r"[A-Z]+[a-z0-9]*[A-Z]\w*", t):
        return False
    if re.fullmatch(r"[\w.+-]+\.(onnx|zip|ini|xmp|jpg|png|csv|json|sqlite|svg|qm|ts|po|mo)", t, re.I):
        return False
    if re.fullmatch(r"(\*\.\w+ ?)+", t):  # file name patterns
        return False
    if "://" in t and " " not in t:
        return False
    return " " in text.replace("&", "").strip("\n") or t[:1].isupper()


def _link_parents(tree: ast.AST) -> None:
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            child._parent = node  # type: ignore[attr-defined]


def _parent(node):
    return getattr(node, "_parent", None)


def _translated_or_exempt(node: ast.AST) -> bool:
    parent = _parent(node)
    if isinstance(parent, (ast.JoinedStr, ast.Expr, ast.FormattedValue, ast.Compare, ast.Subscript, ast.Assert)):
        return True
    if isinstance(parent, ast.Dict) and node in parent.keys:
        return True
    if isinstance(parent, ast.keyword) and parent.arg in CODE_KEYWORDS:
        return True
    if isinstance(parent, ast.arg) or isinstance(parent, ast.AnnAssign) and parent.annotation is node:
        return True
    if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)) and parent.returns is node:
        return True
    if isinstance(parent, ast.Call):
        f = parent.func
        if isinstance(f, ast.Name) and (f.id in TRANSLATORS or f.id in DEV_ERRORS or f.id in CODE_FUNCTIONS):
            return True
        if isinstance(f, ast.Attribute):
            if f.attr in LOG_METHODS and isinstance(f.value, ast.Name) and f.value.id in LOGGERS:
                return True
            if f.attr in CODE_METHODS:
                return True
    # the right-hand side of an assignment to __all__
    up = parent
    while up is not None and not isinstance(up, ast.stmt):
        up = _parent(up)
    if isinstance(up, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in up.targets):
        return True
    return False


# Calls whose string arguments are always shown: a single lowercase word there is a word to translate.
SHOWN = {"QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "QAction", "QListWidgetItem", "setText",
         "setToolTip", "setStatusTip", "setWindowTitle", "setPlaceholderText", "addItem", "addMenu", "addAction",
         "showMessage", "print", "setLabelText"}


def _shown(node: ast.AST) -> bool:
    """A string passed to a call in SHOWN, or a branch of a conditional inside an f-string."""
    parent = _parent(node)
    while isinstance(parent, ast.IfExp) and node is not parent.test:
        node, parent = parent, _parent(parent)
        if isinstance(parent, ast.FormattedValue):
            return True
    if isinstance(parent, ast.Call) and parent.args and node is parent.args[-1 if _name(parent) == "print" else 0]:
        return _name(parent) in SHOWN
    return False


def _name(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def untranslated(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every prose string in ``path`` that is neither translated nor exempt."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    _link_parents(tree)
    found = []
    for node in ast.walk(tree):
        text = _text(node)
        if text is None or _translated_or_exempt(node):
            continue
        word = text.strip()
        if not reads_like_prose(text) and not (WORD.search(word) and _shown(node) and not KEYS.fullmatch(word)
                                               and not CAMEL.fullmatch(word)):
            continue
        span = lines[node.lineno - 1:node.end_lineno]
        if any(MARK in line for line in span):
            continue
        found.append((node.lineno, text))
    return found


def translated_at_import(path: Path) -> list[tuple[int, str]]:
    """tr()/_() calls that run when the module is imported (before the language is chosen)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            for d in [*node.args.defaults, *node.args.kw_defaults]:
                if d is not None:
                    visit(d, in_function)
            if not isinstance(node, ast.Lambda):
                for dec in node.decorator_list:
                    visit(dec, in_function)
            for child in (node.body if isinstance(node.body, list) else [node.body]):
                visit(child, True)
            return
        if (not in_function and isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in {"tr", "_", "ngettext"}):
            found.append((node.lineno, ast.unparse(node)[:80]))
        for child in ast.iter_child_nodes(node):
            visit(child, in_function)

    visit(tree, False)
    return found


def gettext_shadowed(path: Path) -> list[int]:
    """Lines where a function assigns ``_`` in a module that uses ``_`` for gettext."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imports_gettext = any(isinstance(n, ast.ImportFrom) and any(a.name == "_" for a in n.names)
                          for n in ast.walk(tree))
    if not imports_gettext:
        return []
    _link_parents(tree)
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store):
            up = _parent(node)
            while up is not None and not isinstance(up, (ast.comprehension, ast.stmt)):
                up = _parent(up)
            if not isinstance(up, ast.comprehension):  # a comprehension has a scope of its own
                lines.append(node.lineno)
        if isinstance(node, ast.arg) and node.arg == "_":
            lines.append(node.lineno)
    return lines
