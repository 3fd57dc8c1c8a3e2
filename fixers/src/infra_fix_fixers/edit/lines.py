"""Pattern-per-line files (`.gitignore`, `.dockerignore`): their data is the list of patterns in order, since the
last matching pattern decides in both. An edit appends or removes whole lines and keeps every other byte: comments,
blank-line groups, the file's own newline at the end or its absence.

What a pattern *means* is not decided here (git's rules and Docker's differ: `.env` is any depth for git, the root
only for Docker); git itself judges `.gitignore` (`Snapshot.git_ignores`), and the `.dockerignore` rules bring their
own matcher.
"""

from __future__ import annotations

from collections.abc import Iterable

from .document import Editor, KeyComments


class PatternList(Editor):
    """A `.gitignore`-like file; `data` is its patterns as the tool reads them (comments and blank lines dropped,
    trailing spaces kept only where escaped)."""

    data: tuple[str, ...]

    def _parse(self, text: str) -> tuple[str, ...]:
        return tuple(p for p in (_pattern(line) for line in text.split("\n")) if p)

    def line_of(self, path: tuple[str | int, ...]) -> int | None:
        """The line (in the text as given) of the pattern `path[0]`, or of the first line for `()`."""
        if not path:
            return 1
        for number, line in enumerate(self.text.split("\n"), start=1):
            if _pattern(line) == path[0]:
                return self.origins.original(number)
        return None

    def comments(self, path: tuple[str | int, ...]) -> KeyComments:
        """The comment lines directly above the first line of pattern `path[0]` (no blank line between): what a
        human wrote about it (`# we never commit the lock: a library`), read by the human's-word rule."""
        lines = self.text.split("\n")
        for i, line in enumerate(lines):
            if path and _pattern(line) == path[0]:
                above: list[str] = []
                while i > 0 and lines[i - 1].startswith("#"):
                    i -= 1
                    above.insert(0, lines[i])
                return KeyComments(around=tuple(above))
        return KeyComments()

    def get(self, path: tuple[str | int, ...], default: object = None) -> object:
        return path[0] if path and path[0] in self.data else default

    def append(self, patterns: Iterable[str], heading: str | None = None, repeat: Iterable[str] = ()) -> bool:
        """Appends the patterns the file lacks, at its end, as a group (after a blank line, under `# heading`,
        where the file groups its lines that way; directly where it does not). `repeat` are appended after them even
        where the file has them already: the last matching pattern decides, so a negation (`!.env.example`) must
        come after the pattern it undoes (`.env.*`)."""
        new = [p for p in dict.fromkeys(patterns) if p and p not in self.data]
        if new:
            new += [p for p in dict.fromkeys(repeat) if p and p not in new]
        if not new:
            return True
        text = self.text
        body = text if not text or text.endswith("\n") else text + "\n"
        grouped = "\n\n" in body.strip("\n") or any(line.startswith("#") for line in body.split("\n"))
        block = "".join(f"{p}\n" for p in new)
        if heading and grouped:
            block = f"# {heading}\n{block}"
        if body.strip() and grouped and not body.endswith("\n\n"):
            block = "\n" + block
        candidate = body + block
        if text and not text.endswith("\n"):  # a file without a final newline keeps none
            candidate = candidate.removesuffix("\n")
        return self.accept((*self.data, *new), [candidate])

    def remove(self, pattern: str) -> bool:
        """Removes every line holding exactly `pattern` (never a comment that mentions it)."""
        lines = self.text.split("\n")
        kept = [line for line in lines if _pattern(line) != pattern]
        return self.accept(tuple(p for p in self.data if p != pattern), ["\n".join(kept)])

    def comment_out(self, pattern: str) -> bool:
        """Turns every line holding exactly `pattern` into a comment (`#uv.lock`): the comment above it still
        labels it, and the file says the pattern was considered (GitHub's Python template writes `#uv.lock`)."""
        lines = self.text.split("\n")
        changed = ["#" + line if _pattern(line) == pattern else line for line in lines]
        return self.accept(tuple(p for p in self.data if p != pattern), ["\n".join(changed)])


def _pattern(line: str) -> str:
    """A line's pattern: blank lines and `#` comments mean nothing; unescaped trailing spaces are dropped (git and
    Docker both trim them)."""
    if not line.strip() or line.startswith("#"):
        return ""
    stripped = line.rstrip(" \t\r")
    if stripped.endswith("\\") and len(stripped) < len(line.rstrip("\r")):
        stripped += " "  # `foo\ ` keeps its escaped space
    return stripped
