"""The Python editor (alembic's env.py, with libcst): every edit verified by re-parsing to the intended tree; imports
placed as isort places them; keyword arguments appended in the call's own layout (PITFALLS L1-L3)."""

from __future__ import annotations

import ast

import libcst as cst
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infra_fix_fixers.edit.python import PythonDocument, find, replaced
from infra_fix_fixers.edit.python_imports import add_import
from infra_fix_fixers.model import ParseError
from infra_fix_fixers.rules.alembic.envpy import append_keyword

ENV = """\
# a comment above everything
from logging.config import fileConfig  # the logging set-up

from sqlalchemy import engine_from_config, pool

from alembic import context

config = context.config  # the Alembic Config object


def run() -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,  # the models
    )
    context.configure(connection=connection, target_metadata=target_metadata)
    context.configure(
        connection      = connection,
        target_metadata = target_metadata
    )
"""


def configure_calls(module: cst.Module) -> list[cst.Call]:
    return [c for c in find(module, cst.Call) if isinstance(c.func, cst.Attribute) and c.func.attr.value == "configure"]


def test_an_untouched_module_is_byte_identical_and_lines_are_the_files() -> None:
    doc = PythonDocument(ENV)
    assert doc.text == ENV and doc.module.code == ENV
    assert doc.line_of(("config",)) == 8
    assert doc.line_of_node(configure_calls(doc.module)[1]) == 16


@pytest.mark.parametrize(
    ("text", "line"),
    [("x = = 1\n", 1), ("def f(:\n    pass\n", 1), ("token = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789\n", 1)],
)
def test_a_syntax_error_is_located_and_quotes_no_code(text: str, line: int) -> None:
    with pytest.raises(ParseError) as raised:
        PythonDocument(text)
    assert raised.value.location.line == line
    assert "ghp_" not in str(raised.value)


def test_a_tree_whose_code_means_something_else_is_refused() -> None:
    """LibCST #1118: a synthesised node without the parentheses it needs writes other code than the tree says."""
    doc = PythonDocument("x = a * b\n")
    [product] = find(doc.module, cst.BinaryOperation)
    wrong = product.with_changes(left=cst.BinaryOperation(cst.Name("c"), cst.Add(), cst.Name("d")))
    assert not doc.replace(replaced(doc.module, product, wrong))  # `c + d * b` would parse as c + (d * b)
    assert doc.text == "x = a * b\n"
    right = wrong.with_changes(left=wrong.left.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()]))
    assert doc.replace(replaced(doc.module, product, right)) and doc.text == "x = (c + d) * b\n"


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (0, "    context.configure(\n        connection=connection,\n        target_metadata=target_metadata,  # the "
            "models\n        compare_type=True,\n    )\n"),
        (1, "    context.configure(connection=connection, target_metadata=target_metadata, compare_type=True)\n"),
        (2, "    context.configure(\n        connection      = connection,\n        target_metadata = target_metadata,"
            "\n        compare_type = True\n    )\n"),
    ],
)  # fmt: skip
def test_a_keyword_is_appended_in_the_calls_own_layout(index: int, expected: str) -> None:
    """PITFALLS L2/L3: the comma and whitespace between arguments are copied, the trailing comma and the comment
    stay where they were, the closing parenthesis does not move."""
    doc = PythonDocument(ENV)
    call = configure_calls(doc.module)[index]
    assert doc.replace(replaced(doc.module, call, append_keyword(call, "compare_type", "True")))
    assert expected in doc.text
    assert doc.text.count("\n") == ENV.count("\n") + (1 if index != 1 else 0)
    assert "# a comment above everything" in doc.text and "# the logging set-up" in doc.text


def test_imports_go_where_isort_puts_them() -> None:
    module = cst.parse_module(ENV)
    for code in ("import os", "from pathlib import Path", "from sqlalchemy.engine import URL", "from dotenv import x"):
        module = add_import(module, code)
    module = add_import(module, "import app.models  # noqa: F401", first_party={"app"})
    assert module.code.startswith(
        "# a comment above everything\n"
        "import os\n"
        "from logging.config import fileConfig  # the logging set-up\n"
        "from pathlib import Path\n"
        "\n"
        "from dotenv import x\n"
        "from sqlalchemy import engine_from_config, pool\n"
        "from sqlalchemy.engine import URL\n"
        "\n"
        "from alembic import context\n"
        "\n"
        "import app.models  # noqa: F401\n"
        "\n"
        "config = context.config"
    )


def test_a_name_joins_an_import_from_its_module_in_ruffs_order() -> None:
    module = add_import(
        cst.parse_module("from sqlalchemy.engine import Connection\n"), "from sqlalchemy.engine import URL"
    )
    assert module.code == "from sqlalchemy.engine import URL, Connection\n"
    wrapped = "from sqlalchemy.engine import (\n    Connection,\n    create_engine,\n)\n"
    module = add_import(cst.parse_module(wrapped), "from sqlalchemy.engine import URL")
    assert module.code == "from sqlalchemy.engine import (\n    URL,\n    Connection,\n    create_engine,\n)\n"
    module = add_import(cst.parse_module(wrapped), "from sqlalchemy.engine import make_url")
    assert module.code == "from sqlalchemy.engine import (\n    Connection,\n    create_engine,\n    make_url,\n)\n"


def test_a_docstring_stays_first() -> None:
    module = add_import(cst.parse_module('"""Migrations."""\n\nfrom app import x\n'), "import os")
    assert module.code == '"""Migrations."""\n\nimport os\n\nfrom app import x\n'


_NAMES = st.sampled_from(["os", "sys", "json", "sqlalchemy", "alembic", "app", "dotenv", "pathlib"])
_IMPORT = st.one_of(
    _NAMES.map(lambda n: f"import {n}\n"),
    st.tuples(_NAMES, st.sampled_from(["A", "b", "C", "dd"])).map(lambda p: f"from {p[0]} import {p[1]}\n"),
    st.just("\n"),
    st.just("# a comment\n"),
)


def _imported(text: str) -> set[tuple[str, str]]:
    found = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            found |= {(a.name, "") for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            found |= {(node.module or "", a.name) for a in node.names}
    return found


@settings(max_examples=150, deadline=None)
@given(st.lists(_IMPORT, max_size=8), _IMPORT.filter(lambda s: s.startswith(("import", "from"))))
def test_adding_an_import_keeps_every_other_line_and_every_import(lines: list[str], new: str) -> None:
    text = "".join(lines) + "x = 1\n"
    doc = PythonDocument(text)
    assert doc.replace(add_import(doc.module, new.strip()))
    kept = [line for line in text.splitlines() if line.strip() and not line.startswith(("import", "from"))]
    assert [line for line in doc.text.splitlines() if line in kept] == kept
    assert _imported(doc.text) == _imported(text) | _imported(new)
