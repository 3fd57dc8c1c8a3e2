"""The Makefile reader and line editor on the traps of real Makefiles, with GNU make as the oracle of what a file
means (the tests' own files only: make would run a repository's `$(shell ...)`).

Each trap is a named test: tabs, line continuations, `define` blocks, conditionals, pattern rules, `.PHONY` idioms,
include lines, CRLF. Every edit leaves each recipe byte for byte, and make reads the edited file as the old one
plus the targets and phony names that were meant.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from infra_fix_fixers.edit.make_expand import expand, variables
from infra_fix_fixers.edit.makefile import read, targets
from infra_fix_fixers.edit.makefile_doc import MakefileDocument, NewRule, phony_list
from infra_fix_fixers.model import ParseError
from tests.make_db import database, needs_make

HELP = NewRule("help", (), ("@echo usage",), "Show this help")


def recipes(text: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return [(r.targets, tuple(x.text for x in r.recipe)) for r in read(text).rules]


def edited(text: str, names: list[str], rules: list[NewRule]) -> str:
    doc = MakefileDocument(text)
    assert doc.declare_phony(names)
    if rules:
        assert doc.append_rules(rules)
    return doc.text


# -- reading ------------------------------------------------------------------------------------------------------


def test_a_tab_line_after_a_header_is_a_recipe_whatever_it_looks_like() -> None:
    parsed = read("a:\n\tX = 1\n\tifeq (a,b)\n\techo $(X)\n")
    assert [x.text for x in parsed.rules[0].recipe] == ["\tX = 1", "\tifeq (a,b)", "\techo $(X)"]
    assert not parsed.assignments


def test_a_tab_line_before_any_rule_is_a_statement() -> None:
    """warehouse indents assignments inside a conditional with tabs, before its first rule."""
    parsed = read("ifneq ($(T),)\n\t\tCOVERAGE = no\nendif\n\nall:\n\ttrue\n")
    assert [a.name for a in parsed.assignments] == ["COVERAGE"]
    assert [r.targets for r in parsed.rules] == [("all",)]


def test_blank_lines_comments_and_conditionals_keep_a_recipe_going() -> None:
    text = "a:\n\techo one\n# note\n\n\techo two\nifeq (1,1)\n\techo three\nendif\nB = 2\n"
    assert recipes(text) == [(("a",), ("\techo one", "\techo two", "\techo three"))]


def test_line_continuations_join_odd_backslashes_only() -> None:
    parsed = read("A = one \\\n  two\nB = x\\\\\nc:\n\techo a \\\n\t\tb\n")
    assert [(a.name, a.value) for a in parsed.assignments] == [("A", "one two"), ("B", "x\\\\")]
    assert [x.text for x in parsed.rules[0].recipe] == ["\techo a \\\n\t\tb"]


def test_a_comment_continued_by_a_backslash_swallows_the_next_line() -> None:
    parsed = read("# note \\\nb:\n\techo b\nc:\n\techo c\n")
    assert [r.targets for r in parsed.rules] == [("c",)]


def test_define_blocks_are_one_statement_nested_ones_counted() -> None:
    text = "define OUTER\na:\n\techo $(1)\ndefine INNER\nx\nendef\nendef\n\nb:\n\ttrue\n"
    parsed = read(text)
    assert [r.targets for r in parsed.rules] == [("b",)]
    assert [a.name for a in parsed.assignments] == ["OUTER"]


def test_an_unterminated_define_or_conditional_is_a_located_error() -> None:
    for text, line in (("a:\n\ttrue\ndefine X\nfoo\n", 3), ("ifeq (a,b)\nX = 1\n", 1), ("X = 1\nendif\n", 2)):
        with pytest.raises(ParseError) as err:
            read(text)
        assert err.value.location.line == line
        assert "foo" not in str(err.value)


def test_rules_inside_conditionals_keep_their_depth() -> None:
    parsed = read("ifdef CI\nci:\n\ttrue\nelse\nlocal:\n\ttrue\nendif\n")
    assert [(r.targets, r.depth) for r in parsed.rules] == [(("ci",), 1), (("local",), 1)]


def test_pattern_and_static_pattern_rules() -> None:
    parsed = read("%.o: %.c\n\t$(CC) -c $<\n$(OBJS): %.o: %.c\n\ttrue\n")
    assert [(r.targets, r.prerequisites) for r in parsed.rules] == [(("%.o",), ("%.c",)), (("$(OBJS)",), ("%.c",))]
    assert targets("%.o: %.c\n\ttrue\n").rules == {}


def test_colons_and_equals_inside_references_make_no_rule() -> None:
    parsed = read("OBJS := $(SRC:.c=.o)\nvpath %.c src:lib\nexport PATH := $(HOME)/bin:$(PATH)\n")
    assert [a.name for a in parsed.assignments] == ["OBJS", "PATH"]
    assert not parsed.rules


def test_target_specific_assignments_start_no_recipe() -> None:
    parsed = read("build: OUT := x\nbuild: ## Build\n\techo $(OUT)\n")
    assert [(r.targets, r.comment) for r in parsed.rules] == [(("build",), "## Build")]
    assert [n for n, _ in parsed.target_lines] == [("build",)]


def test_include_lines() -> None:
    parsed = read("include common.mk other.mk\n-include .env\nsinclude $(LOCAL)\n")
    assert [(i.optional, i.paths) for i in parsed.includes] == [
        (False, ("common.mk", "other.mk")), (True, (".env",)), (True, ("$(LOCAL)",)),
    ]  # fmt: skip


def test_the_default_goal() -> None:
    assert read(".PHONY: a\n.SUFFIXES:\n%.o: %.c\na:\n").goal == "a"
    assert read("a:\n.DEFAULT_GOAL := help\nhelp:\n").goal == "help"


def test_variables_expand_for_the_ci_scan_but_functions_stay() -> None:
    values = variables(read("RUN := uv run\nPY = $(RUN) python\nUV := $(shell which uv)\nA ?= 1\nA ?= 2\n"))
    assert expand("$(PY) -m pytest $$HOME ${A} $(UV) $(MAKE)", values) == "uv run python -m pytest $HOME 1 $(UV) make"
    made = targets("RUN := uv run\ntest:\n\t$(RUN) pytest\n")
    assert made.rules["test"].recipe == ("uv run pytest",)


@needs_make
def test_the_reader_agrees_with_make_on_targets_and_phony_names(tmp_path: Path) -> None:
    text = (
        ".PHONY: a\nVAR := x\n\nifeq ($(VAR),x)\nb: a ## in a conditional\n\techo b\nendif\n\n"
        "define BODY\nnot: a rule\nendef\n\na: c\n\techo a \\\n\t  continued\n\nc:\n\techo c\n"
        "build: OUT := o\nbuild:\n\techo $(OUT)\n"
    )
    (tmp_path / "Makefile").write_text(text)
    made = database(tmp_path / "Makefile")
    parsed = read(text)
    assert {t for r in parsed.rules for t in r.targets} == set(made)
    assert {n for n, t in made.items() if t.phony} == parsed.phony_names


# -- editing ------------------------------------------------------------------------------------------------------


def test_keeps_every_recipe_byte_and_tab() -> None:
    text = "a:\n\t@echo 'a\tb'  \n\t-rm -f x \\\n\t    y\n\nb:\n  \n\ttrue\n"
    after = edited(text, ["a", "b"], [HELP])
    assert recipes(after)[:2] == recipes(text)
    assert after.startswith(".PHONY: a b help\n\na:\n\t@echo 'a\tb'  \n")


def test_phony_idiom_one_list() -> None:
    text = ".PHONY: a\n\na:\n\ttrue\n\nb:\n\ttrue\n"
    assert edited(text, ["b"], [HELP]).split("\n")[0] == ".PHONY: a b help"


def test_phony_idiom_one_line_before_each_rule_under_its_comments() -> None:
    text = "# a\n.PHONY: a\na:\n\ttrue\n\n# b does b\nb:\n\ttrue\n"
    after = edited(text, ["b"], [HELP])
    expected = text.replace("# b does b\nb:", "# b does b\n.PHONY: b\nb:") + "\n.PHONY: help\nhelp:\n\t@echo usage\n"
    assert after == expected


def test_phony_idiom_one_line_after_each_recipe() -> None:
    text = "a:\n\ttrue\n.PHONY: a\n\nb:\n\ttrue\n\tfalse\n"
    after = edited(text, ["b"], [HELP])
    assert after == text + ".PHONY: b\n\nhelp:\n\t@echo usage\n.PHONY: help\n"


def test_phony_comment_idiom_describes_new_rules() -> None:
    text = ".PHONY: a  # Do a\na:\n\ttrue\n\n.PHONY: b  # Do b\nb:\n\ttrue\n"
    after = edited(text, [], [HELP])
    assert after.endswith("\n.PHONY: help  # Show this help\nhelp:\n\t@echo usage\n")


def test_hash_descriptions_keep_the_files_gap() -> None:
    text = "a:\t## Do a\n\ttrue\n"
    assert edited(text, [], [HELP]).endswith("help:\t## Show this help\n\t@echo usage\n")


def test_a_new_long_list_is_continued_and_make_reads_every_name() -> None:
    names = [f"target-number-{i}" for i in range(12)]
    listed = phony_list(names)
    assert all(len(line) <= 100 for line in listed.split("\n"))
    assert read(listed).phony_names == set(names)


def test_crlf_lines_of_a_mixed_file_get_crlf() -> None:
    """The driver turns an all-CRLF file into LF and back; a file with mixed newlines reaches the editor as it is."""
    text = "a:\r\n\ttrue\r\n\r\nb:\r\n\ttrue\n"
    after = edited(text, ["a", "b"], [HELP])
    assert after == ".PHONY: a b help\r\n\r\n" + text + "\r\nhelp:\r\n\t@echo usage\r\n"


def test_no_final_newline_stays_absent() -> None:
    assert edited("a:\n\ttrue", ["a"], [HELP]) == ".PHONY: a help\n\na:\n\ttrue\n\nhelp:\n\t@echo usage"


def test_a_last_line_continued_into_nothing_refuses_new_rules() -> None:
    doc = MakefileDocument("a:\n\techo a \\")
    assert not doc.append_rules([HELP])
    assert doc.text == "a:\n\techo a \\"


def test_recipe_prefix_refuses_every_edit() -> None:
    """With `.RECIPEPREFIX = >` the recipes start with `>`: where one ends is not known, so nothing goes near it."""
    doc = MakefileDocument(".RECIPEPREFIX = >\na:\n> echo a\n.PHONY: a\n\nb:\n> echo b\n.PHONY: b\n\nc:\n> echo c\n")
    assert not doc.editable and not doc.append_rules([HELP]) and not doc.declare_phony(["c"])


def test_a_rule_in_a_conditional_gets_its_phony_line_inside_it() -> None:
    text = ".PHONY: x\nx:\n\ttrue\n\n.PHONY: y\ny:\n\ttrue\n\nifdef CI\nci:\n\ttrue\nendif\n"
    after = edited(text, ["ci"], [])
    assert "ifdef CI\n.PHONY: ci\nci:\n\ttrue\nendif\n" in after


def test_after_idiom_refuses_a_recipe_that_ends_inside_its_own_conditional() -> None:
    text = "x:\n\ttrue\n.PHONY: x\n\ny:\n\ttrue\n.PHONY: y\n\nz:\nifdef CI\n\ttrue\nendif\n"
    doc = MakefileDocument(text)
    assert not doc.declare_phony(["z"])  # `.PHONY: z` after `\ttrue` would fall inside the conditional
    assert doc.text == text


def test_new_rules_never_take_the_default_goal() -> None:
    doc = MakefileDocument("build:\n\ttrue\n")
    assert doc.append_rules([HELP, NewRule("check", ("build",))])
    assert read(doc.text).goal == "build"


def test_a_name_already_defined_is_never_redefined() -> None:
    doc = MakefileDocument("help:\n\ttrue\n")
    assert not doc.append_rules([HELP])


@needs_make
@pytest.mark.parametrize(
    "text",
    [
        "PRETTIER := x\n\nlint:\n\truff check .\n\ntest:\n\tpytest\n",
        ".PHONY: a\na: ## A\n\ttrue\n\n.PHONY: b\nb: ## B\n\ttrue\n\nc:\n\ttrue\n",
        "a:\n\ttrue\n.PHONY: a\n\nb:\n\ttrue\n",
        "define F\n$(1):\n\ttrue\nendef\n\nifeq (1,1)\nz:\n\ttrue\nendif\n\nw: z\n\techo w \\\n\t  x\n",
        "a:\r\n\ttrue\r\n\r\nb: a\r\n\ttrue\r\n",
    ],
    ids=["no-phony", "before", "after", "define-and-conditional", "crlf"],
)
def test_make_reads_the_edited_file_as_meant(tmp_path: Path, text: str) -> None:
    path = tmp_path / "Makefile"
    path.write_bytes(text.encode())
    before = database(path)
    names = list(before)
    path.write_bytes(edited(text, names, [HELP]).encode())
    after = database(path)
    assert {n: (t.prerequisites, t.recipe) for n, t in after.items() if n != "help"} == {
        n: (t.prerequisites, t.recipe) for n, t in before.items()
    }
    assert all(after[n].phony for n in [*names, "help"])
