"""The patch renderer against an independent parser (unidiff): replaying the parsed hunks onto the old text gives
exactly the new text, final newline or not, CRLF or not."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from unidiff import PatchSet
from unidiff.constants import LINE_TYPE_NO_NEWLINE

from infra_fix.output.diff import unified

LINE = st.sampled_from(["a", "b", "c", "]", "", "  x = 1", "# note", "select = [", '    "E",', "\tt", "é ü"])


@st.composite
def texts(draw: st.DrawFn) -> str:
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    lines = draw(st.lists(LINE, max_size=40))
    text = newline.join(lines)
    return text + newline if lines and draw(st.booleans()) else text


def replay(old: str, patch: str) -> str:
    """Apply a parsed patch to `old` the way patch(1) does, from the hunks' own line numbers."""
    source = old.splitlines(keepends=True) if old else []
    out: list[str] = []
    pos = 0
    for hunk in PatchSet(patch)[0] if patch else []:
        start = hunk.source_start - 1 if hunk.source_length else hunk.source_start
        out += source[pos:start]
        pos = start
        last = None
        for line in hunk:
            if line.line_type == LINE_TYPE_NO_NEWLINE:
                if last is not None and (last.is_context or last.is_added):
                    out[-1] = out[-1].removesuffix("\n")  # the line just written has no newline in the new file
                continue
            last = line
            if line.is_context or line.is_removed:
                assert source[pos].rstrip("\r\n") == line.value.rstrip("\r\n"), (source[pos], line.value)
                pos += 1
            if line.is_context or line.is_added:
                out.append(line.value)
    out += source[pos:]
    return "".join(out)


@settings(max_examples=300, deadline=None)
@given(texts(), texts())
def test_replaying_the_parsed_patch_gives_the_new_text(old: str, new: str) -> None:
    patch = unified("f.txt", old, new)
    if old == new:
        assert patch == ""
        return
    assert replay(old, patch) == new


@settings(max_examples=100, deadline=None)
@given(texts())
def test_a_new_file_is_one_hunk_of_additions(new: str) -> None:
    patch = unified("n.txt", None, new)
    if not new:
        assert patch == ""
        return
    parsed = PatchSet(patch)[0]
    assert parsed.is_added_file and parsed.removed == 0
    assert parsed.added == len(new.splitlines())


SECRET = "Qw7Er2Ty9Ui4Op1As"
SECRET_LINE = st.sampled_from([f"POSTGRES_PASSWORD: {SECRET}", f"  url: postgresql://app:{SECRET}@db/app"])


@st.composite
def texts_with_secrets(draw: st.DrawFn) -> str:
    lines = draw(st.lists(st.one_of(LINE, SECRET_LINE), max_size=30))
    return "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None)
@given(texts_with_secrets(), texts_with_secrets())
def test_no_secret_is_shown_as_context_and_the_patch_still_applies_where_none_is_masked(old: str, new: str) -> None:
    patch = unified("f.yaml", old, new)
    for hunk in patch.split("\n@@")[1:]:  # a value the hunk's removed lines show is printed anyway
        lines = hunk.splitlines()[1:]
        if not any(line.startswith("-") and SECRET in line for line in lines):
            assert not [line for line in lines if line.startswith(" ") and SECRET in line]
    if "********" not in patch:
        assert replay(old, patch) == new
