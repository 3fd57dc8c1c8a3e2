"""The Dockerfile editor: what it locates (as BuildKit reads the file) and how it edits (spliced, verified).

The traps are named: heredocs (dockerfile-parse's upstream #145), parser directives, continuations with comments and
blank lines, `--mount` flags, lowercase `as`, multi-stage files and named contexts. Where the `dockerfile` wheel
(BuildKit's own Go parser) installs, it reads the same texts and must find the same instructions on the same lines.
"""

from __future__ import annotations

import pytest

from infra_fix_fixers.edit.dockerfile import DockerfileDocument, parse
from infra_fix_fixers.model import ParseError

buildkit = pytest.importorskip("dockerfile", reason="the dockerfile wheel (BuildKit's parser) has x86-64 wheels only")

HEREDOCS = """\
# syntax=docker/dockerfile:1
FROM python:3.12-slim AS base
RUN <<EOF
set -e
FROM not-an-instruction
mkdir /x
EOF
COPY <<-"END" /etc/app.conf
\tkey = value
\tRUN not this either
END
RUN <<ONE cat > /a && <<TWO cat > /b
one
ONE
two
TWO
ENV A=1
"""
CONTINUATIONS = """\
FROM python:3.12-slim
RUN apt-get update \\
    # a comment inside the instruction
    && apt-get install -y git \\

    && rm -rf /var/lib/apt/lists/*
RUN --mount=type=cache,target=/root/.cache/uv \\
    --mount=type=bind,source=uv.lock,target=uv.lock \\
    uv sync --frozen
"""
DIRECTIVES = """\
# escape=`
# check=skip=JSONArgsRecommended
FROM python:3.12-slim
RUN echo a `
    && echo b
# escape=\\
RUN echo c \\
"""
STAGES = """\
from python:3.12-slim as build
workdir /app
copy --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/
from build AS final
COPY --from=assets /dist /app/dist
"""


def lines(text: str) -> list[tuple[str, int]]:
    return [(i.keyword, i.line) for i in parse(text)[0]]


def buildkit_lines(text: str) -> list[tuple[str, int]]:
    return [(c.cmd.upper(), c.start_line) for c in buildkit.parse_string(text)]


@pytest.mark.parametrize(
    "text", [HEREDOCS, CONTINUATIONS, DIRECTIVES, STAGES], ids=["heredocs", "continuations", "directives", "stages"]
)
def test_instructions_are_found_where_buildkit_finds_them(text: str) -> None:
    assert lines(text) == buildkit_lines(text)


def test_heredoc_bodies_are_opaque_and_kept() -> None:
    found = parse(HEREDOCS)[0]
    assert [i.keyword for i in found] == ["FROM", "RUN", "COPY", "RUN", "ENV"]
    assert found[1].heredocs == ("set -e\nFROM not-an-instruction\nmkdir /x\n",)
    assert found[2].heredocs == ("\tkey = value\n\tRUN not this either\n",)  # `<<-` strips tabs only at the end
    assert found[3].heredocs == ("one\n", "two\n")
    assert HEREDOCS[found[1].start : found[1].end].endswith("EOF\n")


def test_continuation_comments_and_blank_lines_stay_inside_the_instruction() -> None:
    run = parse(CONTINUATIONS)[0][1]
    assert run.words == ("apt-get", "update", "&&", "apt-get", "install", "-y", "git", "&&", "rm", "-rf",
                         "/var/lib/apt/lists/*")  # fmt: skip
    assert run.line == 2
    assert CONTINUATIONS[run.start : run.end].count("\n") == 5


def test_the_escape_directive() -> None:
    instructions, directives, escape = parse(DIRECTIVES)
    assert escape == "`"
    assert set(directives) == {"check", "escape"}
    assert instructions[1].words == ("echo", "a", "&&", "echo", "b")
    assert instructions[2].words == (
        "echo",
        "c",
        "\\",
    )  # a backslash no longer continues; a late `# escape` is a comment


def test_the_escape_directive_counts_after_a_check_directive() -> None:
    """BuildKit knows `check` (frontend/dockerfile/parser/directives.go: syntax, escape, check), so an escape after it
    still counts; the `dockerfile` wheel vendors a BuildKit from before `check` and stops there, and dockerfile-parse
    stops at any directive but syntax and escape: the pre-scan is what gets this right."""
    text = DIRECTIVES.replace("# escape=`\n# check=skip=JSONArgsRecommended\n", "# check=skip=all\n# escape=`\n")
    instructions, _, escape = parse(text)
    assert escape == "`"
    assert instructions[1].words == ("echo", "a", "&&", "echo", "b")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("FROM python\nRUN <<EOF\necho\n", 2),  # a heredoc never closed
        ("FROM python\nBOGUS x\n", 2),
        ("# only a comment\n", 1),
        ("# escape=x\nFROM python\n", 1),
        ("# syntax=a\n# syntax=b\nFROM python\n", 2),
    ],
    ids=["unterminated-heredoc", "unknown-instruction", "no-instruction", "bad-escape", "repeated-directive"],
)
def test_what_is_no_dockerfile_is_a_located_error(text: str, line: int) -> None:
    with pytest.raises(ParseError) as err:
        parse(text)
    assert err.value.location.line == line


def test_an_error_quotes_nothing_of_the_file() -> None:
    with pytest.raises(ParseError) as err:
        parse("FROM python\nghp_abcdefghijklmnopqrstuvwxyz0123456789 x\n")
    assert "ghp_" not in str(err.value)


# -- edits ------------------------------------------------------------------------------------------------------------


def test_insert_keeps_directives_and_labels_on_top() -> None:
    doc = DockerfileDocument("# syntax=docker/dockerfile:1\n# the base\nFROM python:3.12\n")
    assert doc.insert(0, ["ARG X=1"])
    assert doc.text == "# syntax=docker/dockerfile:1\nARG X=1\n# the base\nFROM python:3.12\n"


def test_insert_after_an_instruction_goes_past_its_heredoc() -> None:
    doc = DockerfileDocument(HEREDOCS)
    assert doc.insert(1, ["ENV B=2"], after=True)
    assert "mkdir /x\nEOF\nENV B=2\nCOPY <<-" in doc.text
    assert buildkit_lines(doc.text) == lines(doc.text)


def test_a_new_line_that_would_continue_into_the_next_is_refused() -> None:
    doc = DockerfileDocument("FROM python:3.12\nRUN true\n")
    assert not doc.insert(0, ["RUN echo \\"], after=True)
    assert doc.text == "FROM python:3.12\nRUN true\n"


def test_splice_words_inside_a_continued_instruction() -> None:
    doc = DockerfileDocument(CONTINUATIONS)
    at = doc.text.index("uv sync") + len("uv sync")
    assert doc.splice_words(2, at, at, " --no-dev", added="--no-dev")
    assert "    uv sync --no-dev --frozen\n" in doc.text
    assert not doc.splice_words(2, at, at, " --x", added="--y")  # the words must change exactly as said
    assert buildkit_lines(doc.text) == lines(doc.text)


def test_no_final_newline_is_kept() -> None:
    doc = DockerfileDocument('FROM python:3.12\nCMD ["app"]')
    assert doc.insert(1, ["USER app"], after=True)
    assert doc.text == 'FROM python:3.12\nCMD ["app"]\nUSER app'


def test_lowercase_files_get_lowercase_instructions() -> None:
    assert DockerfileDocument(STAGES).keyword("ENV") == "env"
    assert DockerfileDocument(HEREDOCS).keyword("ENV") == "ENV"
