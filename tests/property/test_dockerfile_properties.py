"""Any text is a Dockerfile's instructions or a located parse error; generated Dockerfiles (heredocs, continuations
with comments and blank lines, directives, flags) are read as BuildKit reads them; an insertion keeps every other
byte; any `.dockerignore` text is read and matched without an error."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from infra_fix_fixers.edit.dockerfile import DockerfileDocument, parse
from infra_fix_fixers.facts.dockerignore import excluded, patterns
from infra_fix_fixers.model import ParseError
from tests.property.budget import examples

WORDS = st.sampled_from(["echo", "a", "uv", "sync", "--frozen", "&&", "x=1", '"q w"', "$HOME", "\\\\"])
KEYWORDS = st.sampled_from(["RUN", "run", "ENV", "COPY", "WORKDIR", "ARG", "LABEL", "USER", "CMD", "EXPOSE"])


@st.composite
def instruction(draw: st.DrawFn) -> str:
    keyword = draw(KEYWORDS)
    words = draw(st.lists(WORDS, min_size=1, max_size=4))
    kind = draw(st.sampled_from(["plain", "continued", "heredoc"]))
    if kind == "continued":
        filler = draw(st.sampled_from(["", "    # a comment\n", "\n"]))
        return f"{keyword} {' '.join(words)} \\\n{filler}    {' '.join(words)}\n"
    if kind == "heredoc" and keyword.upper() in ("RUN", "COPY"):
        dash = draw(st.sampled_from(["", "-"]))
        target = " /x" if keyword.upper() == "COPY" else ""
        return f"{keyword} <<{dash}EOF{target}\n{' '.join(words)}\nFROM inside\nEOF\n"
    return f"{keyword} {' '.join(words)}\n"


@st.composite
def dockerfile(draw: st.DrawFn) -> str:
    head = draw(st.sampled_from(["", "# syntax=docker/dockerfile:1\n", "# check=skip=all\n"]))
    body = draw(st.lists(st.one_of(instruction(), st.sampled_from(["# note\n", "\n"])), max_size=8))
    return head + "FROM python:3.12 AS base\n" + "".join(body)


@settings(max_examples=examples(200), deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_instructions_or_a_located_error(text: str) -> None:
    try:
        found = parse(text)[0]
    except ParseError as err:
        assert err.location.line is None or err.location.line >= 1
    else:
        assert all(0 <= i.start < i.end <= len(text) for i in found)


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dockerfile())
def test_generated_dockerfiles_read_as_buildkit_reads_them(text: str) -> None:
    buildkit = pytest.importorskip("dockerfile")
    try:
        commands = buildkit.parse_string(text)
    except buildkit.GoParseError:
        assume(False)  # BuildKit also checks each instruction's arguments (`ENV` needs two); infra-fix only locates
        return
    ours = [(i.keyword, i.line, len(i.heredocs)) for i in parse(text)[0]]
    theirs = [(c.cmd.upper(), c.start_line, len(c.heredocs)) for c in commands]
    assert ours == theirs


@settings(max_examples=examples(150), deadline=None)
@given(dockerfile(), st.integers(min_value=0, max_value=20), st.booleans())
def test_an_insertion_keeps_every_other_byte(text: str, at: int, after: bool) -> None:
    doc = DockerfileDocument(text)
    index = at % len(doc.instructions)
    if doc.insert(index, ["ENV PYTHONFAULTHANDLER=1"], after=after):
        new = doc.text
        assert new.replace("ENV PYTHONFAULTHANDLER=1\n", "", 1) == text
        assert [i.keyword for i in parse(new)[0]].count("ENV") == [i.keyword for i in parse(text)[0]].count("ENV") + 1


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(st.text(max_size=20), max_size=8), st.text(alphabet="ab./*!_-", max_size=15))
def test_any_dockerignore_is_read_and_matched(lines: list[str], path: str) -> None:
    assert isinstance(excluded(patterns(lines), path), bool)
