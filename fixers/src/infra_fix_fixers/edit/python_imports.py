"""Imports added where isort (and ruff's `I` rules, with their defaults) would put them, so that an added import does
not make an import block that was sorted unsorted: in the leading import block, in its section (`__future__`, the
standard library, third-party, the project's own packages, relative imports), straight `import x` before `from x
import y`, by module name; beside the other imports of its package where the file groups them its own way
(alembic's template keeps `from alembic import context` apart); a name imported from a module the file already
imports from joins that statement (`from sqlalchemy.engine import URL, Connection`: ruff's order-by-type puts
CONSTANTS, then Classes, then functions).

A new statement that opens a section takes over the blank lines and comments of the statement it goes before, and
leaves that one a blank line of its own, so sections stay apart as they were. The trees returned are checked by the
caller's editor (PythonDocument.replace) like any other edit.
"""

from __future__ import annotations

import sys
from collections.abc import Collection
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import libcst as cst

_SECTIONS = {"future": 0, "stdlib": 1, "other": 2, "first-party": 3, "local": 4}


def leading_imports(module: cst.Module) -> tuple[int, int]:
    """(first, end) indexes of the module's leading import block in `module.body` (a docstring may come first)."""

    start = 0
    body = module.body
    if body and _is_docstring(body[0]):
        start = 1
    end = start
    while end < len(body) and _import_of(body[end]) is not None:
        end += 1
    return start, end


def add_import(module: cst.Module, code: str, first_party: Collection[str] = ()) -> cst.Module:
    """`module` with the import statement `code` (`import os`, `from dotenv import load_dotenv`) in its place;
    `first_party` are the top-level names of the project's own packages (isort's known-first-party)."""
    import libcst as cst

    new = cst.parse_statement(code)

    def _key(statement: cst.CSTNode) -> tuple[int, bool, str] | None:
        return _sort_key(statement, first_party)

    key = _key(new)
    if key is None:
        raise ValueError("not an import statement")
    merged = _merge_into_existing(module, new)
    if merged is not None:
        return merged
    start, end = leading_imports(module)
    body = list(module.body)
    at = next((i for i in range(start, end) if (_key(body[i]) or key) > key), end)
    family = [i for i in range(start, end) if _top(_key(body[i])) == _top(key)]
    if family and key[0] == _SECTIONS["other"]:  # beside the imports of its own package, wherever the file has them
        at = next((i for i in family if (_key(body[i]) or key) > key), family[-1] + 1)
    previous = _key(body[at - 1]) if at > start else None
    following = _key(body[at]) if at < end else None
    section = key[0]
    if (
        at < len(body)
        and following is not None
        and following[0] == section
        and (previous is None or previous[0] != section)
    ):
        new = new.with_changes(leading_lines=body[at].leading_lines)  # opens the section the next one opened
        body[at] = body[at].with_changes(leading_lines=())
    elif previous is not None and previous[0] != section:
        new = new.with_changes(leading_lines=(cst.EmptyLine(),))  # a section of its own after another
    elif previous is None and at < len(body) and (following is None or following[0] != section):
        new = new.with_changes(leading_lines=body[at].leading_lines)
        body[at] = body[at].with_changes(leading_lines=(cst.EmptyLine(),))
    body.insert(at, new)
    return module.with_changes(body=body)


def _merge_into_existing(module: cst.Module, new: cst.BaseStatement) -> cst.Module | None:
    """`from m import X` joined to an existing `from m import A, B` of the leading block."""
    import libcst as cst

    statement = _import_of(new)
    if not isinstance(statement, cst.ImportFrom) or isinstance(statement.names, cst.ImportStar):
        return None
    name = statement.names[0]
    start, end = leading_imports(module)
    for index in range(start, end):
        line = module.body[index]
        existing = line.body[0] if isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1 else None
        if (
            not isinstance(existing, cst.ImportFrom)
            or isinstance(existing.names, cst.ImportStar)
            or existing.relative
            or _module_name(existing) != _module_name(statement)
        ):
            continue
        names = list(existing.names)
        if any(_alias(a) == _alias(name) and a.asname is None for a in names):
            return module  # imported already
        at = next((i for i, a in enumerate(names) if _name_key(_alias(a)) > _name_key(_alias(name))), len(names))
        names = _insert_alias(names, at, name)
        body = list(module.body)
        body[index] = line.with_changes(body=[existing.with_changes(names=names)])
        return module.with_changes(body=body)
    return None


def _insert_alias(names: list[cst.ImportAlias], at: int, name: cst.ImportAlias) -> list[cst.ImportAlias]:
    """Insert an alias, copying a neighbour's comma and whitespace (LibCST: a naive append leaves `, )`)."""
    import libcst as cst

    comma_of = next((a.comma for a in names if isinstance(a.comma, cst.Comma)), None)
    comma = comma_of or cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    if at < len(names):
        return [*names[:at], name.with_changes(comma=comma), *names[at:]]
    last = names[-1]
    trailing = last.comma  # a trailing comma (`(\n    A,\n)`) moves to the new last name
    if isinstance(trailing, cst.Comma):
        return [*names[:-1], last.with_changes(comma=comma), name.with_changes(comma=trailing)]
    return [*names[:-1], last.with_changes(comma=comma), name]


def _sort_key(statement: cst.CSTNode, first_party: Collection[str]) -> tuple[int, bool, str] | None:
    """(section, is a from-import, module) to sort by; None for a statement that is not one import."""
    found = _import_of(statement)
    if found is None:
        return None
    import libcst as cst

    if isinstance(found, cst.ImportFrom):
        if found.relative:
            return (_SECTIONS["local"], True, "." * len(found.relative) + (_module_name(found) or ""))
        module = _module_name(found) or ""
        return (_section(module, first_party), True, module.lower())
    module = dotted(found.names[0].name) or ""
    return (_section(module, first_party), False, module.lower())


def _top(key: tuple[int, bool, str] | None) -> str | None:
    return key[2].split(".")[0] if key else None


def _import_of(statement: cst.CSTNode) -> cst.Import | cst.ImportFrom | None:
    import libcst as cst

    if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
        small = statement.body[0]
        if isinstance(small, cst.Import | cst.ImportFrom):
            return small
    return None


def _section(module: str, first_party: Collection[str]) -> int:
    top = module.split(".")[0]
    if top == "__future__":
        return _SECTIONS["future"]
    if top in sys.stdlib_module_names:
        return _SECTIONS["stdlib"]
    return _SECTIONS["first-party"] if top in first_party else _SECTIONS["other"]


def _name_key(name: str) -> tuple[int, str]:
    """ruff's order-by-type: CONSTANTS, then Classes, then the rest; then by name."""
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    return kind, name


def _alias(alias: cst.ImportAlias) -> str:
    return dotted(alias.name) or ""


def _module_name(node: cst.ImportFrom) -> str | None:
    return dotted(node.module) if node.module is not None else None


def dotted(node: cst.CSTNode | None) -> str | None:
    """`a.b.c` for a Name or an Attribute chain, else None."""
    import libcst as cst

    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr.value}" if base else None
    return None


def _is_docstring(statement: cst.CSTNode) -> bool:
    import libcst as cst

    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, cst.SimpleString | cst.ConcatenatedString)
    )


__all__ = ["add_import", "dotted", "leading_imports"]
