"""Docker's `.dockerignore` matching (moby/patternmatcher and BuildKit's reader), not gitignore's.

The cases are moby/patternmatcher's own test table (`TestMatches`, `MatchesOrParentMatches`), the exceptions of its
multi-pattern table, and what BuildKit's `ReadAll` does to a line (trimming, `!`, `filepath.Clean`, a leading `/`).
"""

from __future__ import annotations

import pytest

from infra_fix_fixers.facts.dockerignore import clean, deciding, excluded, patterns

# (pattern, path, matches): moby/patternmatcher patternmatcher_test.go, TestMatches (exact and inexact pass)
MOBY = [
    ("**", "file", True), ("**", "file/", True), ("**/", "file", True), ("**/", "file/", True), ("**", "/", True),
    ("**", "dir/file", True), ("**/**", "dir/file", True), ("dir/**", "dir/file", True),
    ("dir/**", "dir/dir2/file", True), ("**/dir", "dir", True), ("**/dir", "dir/file", True),
    ("**/dir2/*", "dir/dir2/file", True), ("**/dir2/*", "dir/dir2/file/", True),
    ("**/dir2/**", "dir/dir2/dir3/file", True), ("**file", "file", True), ("**file", "dir/file", True),
    ("**/file", "dir/file", True), ("**file", "dir/dir/file", True), ("**/file*", "dir/dir/file.txt", True),
    ("**/file*txt", "dir/dir/file.txt", True), ("**/**/*.txt", "dir/dir/file.txt", True),
    ("**/**/*.txt2", "dir/dir/file.txt", False), ("**/*.txt", "file.txt", True), ("a**/*.txt", "a/file.txt", True),
    ("a**/*.txt", "a/dir/dir/file.txt", True), ("a/*.txt", "a/dir/file.txt", False), ("a/*.txt", "a/file.txt", True),
    ("a/*.txt**", "a/file.txt", True), ("a[b-d]e", "ae", False), ("a[b-d]e", "ace", True), ("a[^b-d]e", "aze", True),
    (".*", ".foo", True), (".*", "foo", False), ("abc.def", "abcdef", False), ("abc.def", "abc.def", True),
    ("abc?def", "abcZdef", True), ("abc?def", "abcdef", False), ("**/foo/bar", "foo/bar", True),
    ("**/foo/bar", "dir/dir2/foo/bar", True), ("abc/**", "abc", False), ("abc/**", "abc/def/ghi", True),
    ("**/.foo", ".foo", True), ("**/.foo", "bar.foo", False), ("a(b)c/def", "a(b)c/def", True),
    ("a(b)c/def", "a(b)c/xyz", False), ("a.|)$(}+{bc", "a.|)$(}+{bc", True),
    ("dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", True), ("a\\*b", "a*b", True),
]  # fmt: skip


@pytest.mark.parametrize(("pattern", "path", "matches"), MOBY, ids=[f"{p}|{t}" for p, t, _ in MOBY])
def test_patternmatcher_table(pattern: str, path: str, matches: bool) -> None:
    assert excluded(patterns([pattern]), path.rstrip("/")) is matches


@pytest.mark.parametrize(
    ("lines", "path", "out"),
    [
        (["**", "!util/docker/web"], "util/docker/web/foo", False),
        (["**", "!util/docker/web", "util/docker/web/foo"], "util/docker/web/foo", True),
        (["docs", "!docs/README.md"], "docs/README.md", False),  # an exception inside an excluded folder
        (["*.go", "!fileutils.go"], "fileutils.go", False),
        (["!fileutils.go", "*.go"], "fileutils.go", True),  # the last match wins
    ],
)
def test_exceptions_and_the_last_match(lines: list[str], path: str, out: bool) -> None:
    assert excluded(patterns(lines), path) is out


def test_root_anchored_unlike_gitignore() -> None:
    """git's `.env` ignores every `.env`; Docker's only the root's, hence `**/.env`."""
    assert excluded(patterns([".env"]), ".env")
    assert not excluded(patterns([".env"]), "backend/.env")
    assert excluded(patterns(["**/.env"]), "backend/.env")
    assert excluded(patterns(["/.venv/"]), ".venv/bin/python")  # a leading slash and a trailing one are cleaned


def test_buildkit_reads_lines_as_it_does() -> None:
    rules = patterns(["# a comment", "  ", "  ./build//out/  ", "! keep ", " # not a comment: a pattern"])
    assert [(r.text, r.exception) for r in rules] == [
        ("build/out", False),
        ("keep", True),
        ("# not a comment: a pattern", False),
    ]
    assert clean("/") == "/"
    assert clean("a/../b") == "b"


def test_the_deciding_pattern() -> None:
    rules = patterns(["**/.env*", "!.env.example"])
    decided = deciding(rules, ".env.example")
    assert decided is not None and decided.exception
    assert deciding(rules, "src/app.py") is None
