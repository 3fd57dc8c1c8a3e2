"""Python modules (alembic's env.py) edited with libcst: an edit is a new concrete syntax tree, built from the old one
so that every comment, blank line and byte of the user's own code outside the edit is the old tree's, and it is
accepted only if the code libcst writes for it parses back to exactly that tree (`deep_equals`) and Python itself
compiles it. That catches what a tree edit can get wrong (LibCST #1118: a synthesised node without the parentheses
or whitespace it needs writes code that means something else, or nothing).

libcst costs half a second to import: it is imported here only, when a fixer opens a Python file.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any, TypeVar

from ..model import ParseError
from .document import Editor
from .messages import scrub

if TYPE_CHECKING:
    import libcst as cst

N = TypeVar("N")


class PythonDocument(Editor):
    """A Python module being edited; `data` is its libcst tree, and `text` is always that tree's code."""

    data: cst.Module

    def _parse(self, text: str) -> cst.Module:
        import libcst

        try:
            ast.parse(text, type_comments=False)
        except SyntaxError as err:
            raise ParseError(f"invalid Python: {scrub(err.msg)}", err.lineno, err.offset) from None
        except ValueError:
            raise ParseError("not Python this interpreter can read (a null byte)") from None
        except (RecursionError, MemoryError):
            raise ParseError("nested too deeply to be read safely") from None
        try:
            return libcst.parse_module(text)
        except libcst.ParserSyntaxError as err:
            raise ParseError("invalid Python (libcst)", err.raw_line, err.raw_column + 1) from None
        except RecursionError:
            raise ParseError("nested too deeply to be read safely") from None

    def _same(self, data: object, expected: object) -> bool:
        import libcst

        return isinstance(data, libcst.Module) and isinstance(expected, libcst.Module) and data.deep_equals(expected)

    def _index(self) -> None:
        self._positions: dict[Any, Any] | None = None

    @property
    def module(self) -> cst.Module:
        return self.data

    # -- reading --------------------------------------------------------------------------------------------------

    def get(self, path: tuple[str | int, ...], default: object = None) -> object:
        """A module-level name's assigned expression (`("target_metadata",)`), or `default`."""
        found = self.assigned(str(path[0])) if path else None
        return found if found is not None else default

    def assigned(self, name: str) -> cst.BaseExpression | None:
        """The expression last assigned to `name` by a module-level `name = ...` statement."""
        import libcst

        value = None
        for statement in self.data.body:
            if not isinstance(statement, libcst.SimpleStatementLine):
                continue
            for small in statement.body:
                if isinstance(small, libcst.Assign) and any(
                    isinstance(t.target, libcst.Name) and t.target.value == name for t in small.targets
                ):
                    value = small.value
        return value

    def line_of(self, path: tuple[str | int, ...]) -> int | None:
        import libcst

        node = self.get(path) if path else None
        if isinstance(node, libcst.CSTNode):
            return self.line_of_node(node)
        return 1 if not path else None

    def line_of_node(self, node: cst.CSTNode) -> int | None:
        """The line, in the text as given, where `node` of the current tree starts."""
        if self._positions is None:
            from libcst.metadata import MetadataWrapper, PositionProvider

            wrapper = MetadataWrapper(self.data, unsafe_skip_copy=True)
            self._positions = dict(wrapper.resolve(PositionProvider))
        position = self._positions.get(node)
        return self.origins.original(position.start.line) if position is not None else None

    # -- editing --------------------------------------------------------------------------------------------------

    def replace(self, module: cst.Module) -> bool:
        """Take `module` (the old tree with the intended changes) if its code means exactly it."""
        code = module.code
        try:
            ast.parse(code)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return False
        return self.accept(module, [code])


def replaced(module: cst.Module, old: cst.CSTNode, new: cst.CSTNode) -> cst.Module:
    """`module` with the node `old` (by identity) replaced by `new`."""
    import libcst

    result = module.deep_replace(old, new)
    if not isinstance(result, libcst.Module):
        raise TypeError("a module stays a module")
    return result


def find(node: cst.CSTNode, kind: type[N] | tuple[type[N], ...]) -> list[N]:
    """Every node of type `kind` (or of any of the types) in `node` (itself included), in source order, in one walk:
    libcst's matchers, typed."""
    import libcst

    found: list[N] = []

    class _Collect(libcst.CSTVisitor):
        def on_visit(self, node: libcst.CSTNode) -> bool:
            if isinstance(node, kind):
                found.append(node)
            return True

    node.visit(_Collect())
    return found


__all__ = ["PythonDocument", "find", "replaced"]
