"""Shell words: how a command line reads, which wrapper runs what, and in which folder.

`uv run --directory backend pytest`, `cd api && poetry run ruff check`, `env X=1 .venv/bin/pyright`: the scanner
needs the command under the wrappers and the folder it ends up in, as a repository path ("" the root).
"""

from __future__ import annotations

import functools
import posixpath
import re

# The project's own scripts a step may run; the fixer's `reads` load the same folders.
SCRIPT_DIRS = ("scripts", "script", "bin", "ci", "tools", ".github/scripts")
_RUNNERS = {"run", "exec"}
_SHELL_WORDS_LIMIT = 10_000
_INSTALL = re.compile(r"\b(?:install|add|sync|lock|upgrade|download)\b")
_SPLIT = re.compile(r"&&|\|\||;|\|(?!\|)|\n")
_SHELLS = ("bash", "sh", "zsh", "dash")
_PYTHON = re.compile(r"(?:python|pypy)[\d.]*w?(?:\.exe)?|py|\{envpython\}")
_PYTHON_LONG_VALUED = {"--check-hash-based-pycs"}
_SCRIPT_SUFFIXES = (".sh", ".bash")
# Shell words before a command in a compound one: `for v in 15 16; do if ! make test_pg; then ...`
_KEYWORDS = ("do", "then", "else", "elif", "if", "while", "until", "!", "{", "(")


_BLANK = re.compile(r"[ \t\r\n]*")  # shlex's whitespace (other Unicode blanks are part of words)
_WORD = re.compile(r"""(?:[^ \t\r\n'"\\#]+|\\[\s\S]|'[^']*'|"(?:[^"\\]|\\[\s\S])*")+""")
_PIECE = re.compile(r'''[^'"\\]+|\\([\s\S])|'([^']*)'|"((?:[^"\\]|\\[\s\S])*)"''')
_QUOTED_ESCAPE = re.compile(r"\\([\\\"])")


def split_words(command: str) -> list[str]:
    return list(_split_words(command))


@functools.lru_cache(maxsize=4096)  # one line written in many jobs (sentry-python: `set -x # ...` in 1,310 steps)
def _split_words(command: str) -> tuple[str, ...]:
    if len(command) > _SHELL_WORDS_LIMIT:
        return tuple(command.split())  # (a 1 MB line read as shell words would take seconds)
    try:
        return tuple(shell_split(command))
    except ValueError:  # an unbalanced quote (a fragment of a longer command): plain words are enough
        return tuple(command.split())


def shell_split(command: str) -> list[str]:
    """`shlex.split(command, comments=True)`, word for word, by regular expressions: shlex reads a character at a
    time in Python, some 100 µs a line (sentry-python's workflows: 70 ms). ValueError where shlex raises one (an
    unbalanced quote, a final backslash). tests/property/test_shell_words.py holds the two to the same answers."""
    words: list[str] = []
    at, end = 0, len(command)
    while True:
        at = _BLANK.match(command, at).end()  # type: ignore[union-attr] - matches anywhere, possibly empty
        if at >= end:
            return words
        if command[at] == "#":  # a comment, to the end of its line
            newline = command.find("\n", at)
            at = end if newline < 0 else newline
            continue
        word = _WORD.match(command, at)
        if word is None or word.end() < end and command[word.end()] in "'\"\\":
            raise ValueError("No closing quotation")
        words.append("".join(_unquoted(piece) for piece in _PIECE.finditer(word.group())))
        at = word.end()


def _unquoted(piece: re.Match[str]) -> str:
    escaped, single, double = piece.groups()
    if escaped is not None:
        return escaped
    if single is not None:
        return single
    if double is not None:
        return _QUOTED_ESCAPE.sub(r"\1", double)  # within double quotes, a backslash escapes only `\` and `"`
    return piece.group()


def commands(line: str) -> list[list[str]]:
    """The commands of a shell line (split at `&&`, `||`, `;`, `|`), each as its words; empty ones dropped."""
    return [words for words in map(split_words, _SPLIT.split(line)) if words]


def uv_invocation(words: list[str]) -> tuple[str, list[str]] | None:
    """`uv [options] SUBCOMMAND [options]` (after `env`/`VAR=x` prefixes): the subcommand and the options uv itself
    reads, with their values (for `uv run` and `uvx`, only those before the command it runs: `uv run pytest -p x`
    gives pytest its `-p`); None where `words` is no uv command."""
    while words and (re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", words[0]) or words[0] in ("env", "time", "sudo")):
        words = words[1:]
    if not words or posixpath.basename(words[0]) not in ("uv", "uvx"):
        return None
    head = posixpath.basename(words[0])
    rest, _ = _options(words[1:], "")
    own = words[1 : len(words) - len(rest)]
    if head == "uvx":
        return "tool run", own
    if not rest:
        return None
    subcommand, after = rest[0], rest[1:]
    if subcommand == "tool" and after[:1] == ["run"]:
        subcommand, after = "tool run", after[1:]
    if subcommand in ("run", "tool run"):
        tail, _ = _options(after, "")
        after = after[: len(after) - len(tail)]
    return subcommand, own + after


def unwrap(words: list[str], cwd: str) -> tuple[list[str], str]:
    """The command a wrapper runs (`uv run`, `poetry run`, `pdm run`, `pipx run`, `uvx`, `env X=1`,
    `.venv/bin/`), with the folder a `--directory`/`--project`/`-C` option moves it to."""
    while words:
        head = posixpath.basename(words[0])
        wrapper = head in ("env", "time", "sudo", "exec", "xvfb-run") or words[0] in _KEYWORDS
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", words[0]) or wrapper:
            words = words[1:]
        elif head in ("uv", "poetry", "pdm", "pipx", "rye", "pipenv") and len(words) > 1:
            rest, cwd = _options(words[1:], cwd)
            if not rest or rest[0] not in _RUNNERS:
                return [], cwd  # `uv sync`, `poetry install`: installs, runs nothing
            words, cwd = _options(rest[1:], cwd)
        elif head in ("uvx", "npx"):
            words, cwd = _options(words[1:], cwd)
        elif _INSTALL.search(" ".join(words[:3])) and head in ("pip", "pip3", "conda", "mamba", "apt-get", "npm"):
            return [], cwd
        else:
            return words, cwd
    return words, cwd


_VALUED = {"--with", "--from", "--extra", "--group", "--python", "-p", "--package", "--env-file", "--index",
           "--only-group", "--env", "-e"}  # fmt: skip
_MOVES = {"--directory", "--project", "-C", "--cwd"}


def _options(words: list[str], cwd: str) -> tuple[list[str], str]:
    """Skip a wrapper's options (and their values), following those that move the folder it runs in."""
    i = 0
    while i < len(words) and words[i].startswith("-"):
        option, _, inline = words[i].partition("=")
        if option in _MOVES and (inline or i + 1 < len(words)):
            cwd = join(cwd, inline or words[i + 1])
            i += 1 if inline else 2
        elif option in _VALUED and not inline:
            i += 2
        else:
            i += 1
    return words[i:], cwd


def script_path(words: list[str], cwd: str) -> str | None:
    """The repository script a command runs (`scripts/check`, `bash -e ci/lint.sh`, `./backend/scripts/lint.sh`,
    `python tools/gen.py`): a relative path through one of the scripts folders, at any depth, or a `.sh` file."""
    head = posixpath.basename(words[0])
    if head in _SHELLS or _PYTHON.fullmatch(head):
        rest = [w for w in words[1:] if not w.startswith("-")]  # `bash -eux scripts/x`, `python -u tools/y.py`
        candidates = rest[:1]
    else:
        candidates = words[:1]
    for word in candidates:
        word = word.removeprefix("./")
        if "/" not in word or word.startswith(("/", "~", "$")) or "://" in word:
            continue
        parts = word.split("/")
        if any(part in SCRIPT_DIRS for part in parts[:-1]) or word.startswith(".github/scripts/"):
            return join(cwd, word)  # `cd backend && bash scripts/lint.sh`: the project's own scripts
        if word.endswith(_SCRIPT_SUFFIXES):
            return join(cwd, word)
    return None


def interpreter_module(words: list[str]) -> list[str] | None:
    """The command a Python interpreter runs as a module, read past the interpreter's own options
    (`python -Im pytest -x` is `pytest -x`; `-b`, `-bb`, `-u`, `-X dev`, `-W error` and clusters such as `-Im`);
    None when it runs code (`-c`) or a script, or nothing."""
    i = 1
    while i < len(words):
        word = words[i]
        if word == "--" or not word.startswith("-") or word == "-":
            return None  # a script (`python tools/x.py`), or stdin
        if word.startswith("--"):
            i += 2 if word in _PYTHON_LONG_VALUED else 1
            continue
        if re.fullmatch(r"-\d[\d.]*", word):  # the py launcher's `-3.12`
            i += 1
            continue
        cluster = word[1:]
        for at, flag in enumerate(cluster):
            rest = cluster[at + 1 :]
            if flag == "m":
                if rest:
                    return [rest, *words[i + 1 :]]
                return words[i + 1 :] or None
            if flag == "c":
                return None
            if flag in "WX":  # `-X dev`, `-Werror`: the option's value, then the next word
                i += 0 if rest else 1
                break
        i += 1
    return None


def is_python(name: str) -> bool:
    """Whether a command's name is a Python interpreter: python, python3.12, pypy3, py, tox's `{envpython}`."""
    return _PYTHON.fullmatch(name) is not None


def is_script(path: str) -> bool:
    """A shell script in one of the scripts folders of the repository or of a project in it."""
    parent, _, name = path.rpartition("/")
    shell = "." not in name or name.endswith((".sh", ".bash"))
    return shell and (parent.rpartition("/")[2] in SCRIPT_DIRS or parent.endswith(".github/scripts"))


def folder(path: str) -> str:
    """A `working-directory` as a repository folder ("" for the root: `.`, `./`, `./x/../`)."""
    return join("", path)


def join(cwd: str, path: str) -> str:
    joined = posixpath.normpath(posixpath.join(cwd or ".", path.removeprefix("./") or "."))
    return "" if joined in (".", "") or joined.startswith("..") else joined


def under(path: str, folder: str) -> bool:
    return not folder or path == folder or path.startswith(folder + "/")
