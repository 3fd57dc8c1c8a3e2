"""The environment variables compose files, Makefiles and Dockerfiles read, and the env files they load.

- compose, as compose reads it: `${X}`, `${X:-default}`, `${X:?error}` and `$X` interpolated anywhere (`$$` is a
  literal dollar), `environment:` entries without a value (passed through from compose's own environment, which
  its `.env` fills), and `env_file:` (relative to the compose file's folder);
- a Makefile: `$(X)` and `${X}` of upper-case names it never assigns (make takes them from the environment), and
  `include .env` / `-include .env`;
- a Dockerfile: `ARG` names (`--build-arg`, or compose's `build.args`, set them; a default is kept when plain), and
  the `ENV` names the image sets (`dockerfile-env`: set, not read; never a value).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .env_model import EnvLoad, Read, shown_default

if TYPE_CHECKING:
    from ..edit.yaml import YamlDocument

_INTERPOLATION = re.compile(
    r"\$\$|\$\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<default>[^}]*))?\}|\$(?P<bare>[A-Za-z_][A-Za-z0-9_]*)"
)
_MAKE_ASSIGNMENT = re.compile(
    r"^\s*(?:(?:export|override|private)\s+)*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?::{1,3}=|\?=|\+=|!=|=)"
)
_MAKE_DEFINE = re.compile(r"^\s*(?:(?:export|override)\s+)?define\s+(?P<name>[A-Za-z_][A-Za-z0-9_]*)")
_MAKE_REFERENCE = re.compile(r"\$[({](?P<name>[A-Z][A-Z0-9_]*)[)}]")
_MAKE_INCLUDE = re.compile(r"^\s*-?s?include\s+(?P<files>.+)$")
_MAKE_LOOP_VARIABLE = re.compile(r"\$[({](?:foreach|let)\s+(?P<names>[A-Za-z_][A-Za-z0-9_ ]*),")
# make's own variables, and the ones every shell has: never the project's configuration
_MAKE_BUILTIN = {
    "MAKE", "MAKEFLAGS", "MAKEFILE_LIST", "MAKECMDGOALS", "MAKELEVEL", "MAKEOVERRIDES", "MFLAGS", "CURDIR", "SHELL",
    "MAKESHELL", "VPATH", "SUFFIXES", "GPATH", "CC", "CXX", "CFLAGS", "CXXFLAGS", "CPPFLAGS", "LDFLAGS", "LDLIBS",
    "AR", "ARFLAGS", "RM", "HOME", "PATH", "PWD", "USER", "OS", "TERM",
}  # fmt: skip
_DOCKER_ARG = re.compile(r"^\s*(?P<op>ARG|ENV)\s+(?P<rest>.+)$", re.IGNORECASE)
_HEREDOC = re.compile(r"<<-?\s*(?P<quote>[\"']?)(?P<word>[A-Za-z_][A-Za-z0-9_]*)(?P=quote)")
# BuildKit's predefined build arguments: set by the builder, never by the project
_PREDEFINED_ARGS = re.compile(
    r"(?:TARGET|BUILD)(?:PLATFORM|OS|ARCH|VARIANT)|(?:HTTPS?|FTP|NO|ALL)_PROXY|(?:https?|ftp|no|all)_proxy"
    r"|BUILDKIT_[A-Z_]+|SOURCE_DATE_EPOCH"
)


def compose_reads(path: str, text: str) -> list[Read]:
    """Interpolations anywhere (comment lines left out) and `environment:` entries passed through."""
    reads: list[Read] = []
    for number, line in enumerate(text.split("\n"), start=1):
        for match in _INTERPOLATION.finditer(_uncommented(line)):
            name = match.group("braced") or match.group("bare")
            if name:
                op = match.group("op") or ""
                value = match.group("default") if op in (":-", "-") else None
                reads.append(
                    Read(path, number, name, "compose", op in (":-", "-", ":+", "+"), shown_default(name, value))
                )
    return reads + _compose_passed(path, text)


def _uncommented(line: str) -> str:
    """A YAML line without its comment: a `#` at the start or after a blank, outside quotes, starts one."""
    quote = None
    for index, char in enumerate(line):
        if quote:
            quote = None if char == quote else quote
        elif char in "\"'" and (index == 0 or line[index - 1] in " \t:[{,-"):
            quote = char
        elif char == "#" and (index == 0 or line[index - 1] in " \t"):
            return line[:index]
    return line


def compose_loads(path: str, text: str) -> list[EnvLoad]:
    """Each service's `env_file:` entries (a path, a list of paths, or `{path: ...}` items)."""
    doc = _compose(text)
    if doc is None:
        return []
    loads: list[EnvLoad] = []
    for service, body in _services(doc):
        value = body.get("env_file")
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            target = item.get("path") if isinstance(item, dict) else item
            if isinstance(target, str) and target:
                at = (
                    ("services", service, "env_file", index)
                    if isinstance(value, list)
                    else ("services", service, "env_file")
                )
                loads.append(EnvLoad(path, doc.line_of(at) or 1, target, "compose"))
    return loads


def makefile_reads(path: str, text: str) -> list[Read]:
    """Upper-case variables the Makefile uses and never assigns: make takes them from the environment."""
    assigned: set[str] = set()
    used: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        code = line if line.startswith("\t") else line.split("#", 1)[0]
        if not line.startswith("\t"):
            match = _MAKE_ASSIGNMENT.match(code) or _MAKE_DEFINE.match(code)
            if match:
                assigned.add(match.group("name"))
        for loop in _MAKE_LOOP_VARIABLE.finditer(code):
            assigned.update(loop.group("names").split())
        for match in _MAKE_REFERENCE.finditer(code):
            used.setdefault(match.group("name"), number)
    return [
        Read(path, line, name, "makefile", False)
        for name, line in used.items()
        if name not in assigned and name not in _MAKE_BUILTIN
    ]


def makefile_loads(path: str, text: str) -> list[EnvLoad]:
    """`include .env` and `-include .env`: make reads the file as a makefile (its own quoting rules)."""
    loads = []
    for number, line in enumerate(text.split("\n"), start=1):
        match = _MAKE_INCLUDE.match(line.split("#", 1)[0])
        if match:
            loads += [
                EnvLoad(path, number, name, "makefile")
                for name in match.group("files").split()
                if re.search(r"(?:^|/)\.env(?:[.-][\w.-]*)?$|\.env$", name)
            ]
    return loads


def dockerfile_reads(path: str, text: str) -> list[Read]:
    """`ARG` names (BuildKit's predefined ones left out) and `ENV` names; heredoc bodies are not instructions."""
    reads: list[Read] = []
    lines = text.split("\n")
    number, closing = 0, None
    while number < len(lines):
        line = lines[number]
        number += 1
        if closing is not None:
            closing = None if line.strip() == closing else closing
            continue
        heredoc = _HEREDOC.search(line)
        if heredoc and not line.lstrip().upper().startswith(("ARG", "#")):
            closing = heredoc.group("word")
            continue
        match = _DOCKER_ARG.match(line)
        if match and match.group("op").upper() == "ARG":
            for word in match.group("rest").split():
                name, has_default, value = word.partition("=")
                if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) and not _PREDEFINED_ARGS.fullmatch(name):
                    shown = shown_default(name, value.strip("\"'")) if has_default else None
                    reads.append(Read(path, number, name, "dockerfile-arg", bool(has_default), shown))
        elif match:  # ENV A=1 B=2, or the legacy ENV A 1: the image sets these, for every container of it
            rest = match.group("rest").strip()
            legacy = (
                re.fullmatch(r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+\S.*", rest) if "=" not in rest.split()[0] else None
            )
            names = [legacy.group("name")] if legacy else re.findall(r"(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=", rest)
            reads += [Read(path, number, name, "dockerfile-env", True) for name in names]
    return reads


def _compose_passed(path: str, text: str) -> list[Read]:
    """`environment: [NAME]` or `environment: {NAME: }`: the service gets NAME from compose's environment."""
    doc = _compose(text)
    if doc is None:
        return []
    reads = []
    for service, body in _services(doc):
        environment = body.get("environment")
        if isinstance(environment, list):
            for index, item in enumerate(environment):
                if isinstance(item, str) and "=" not in item and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", item.strip()):
                    line = doc.line_of(("services", service, "environment", index)) or 1
                    reads.append(Read(path, line, item.strip(), "compose-pass", False))
        elif isinstance(environment, dict):
            for name, value in environment.items():
                if value is None and isinstance(name, str):
                    line = doc.line_of(("services", service, "environment", name)) or 1
                    reads.append(Read(path, line, name, "compose-pass", False))
    return reads


def _compose(text: str) -> YamlDocument | None:
    """The compose file as a YAML document, or None when it is not YAML (a template, a broken file: the compose
    family reports it)."""
    if "services" not in text:
        return None
    from ..edit.yaml import YamlDocument
    from ..model import ParseError

    try:
        doc = YamlDocument(text)
    except (ParseError, RecursionError):
        return None
    return doc if isinstance(doc.get(()), dict) else None


def _services(doc: YamlDocument) -> list[tuple[str, dict[str, Any]]]:
    services = doc.get(("services",))
    if not isinstance(services, dict):
        return []
    return [(name, body) for name, body in services.items() if isinstance(name, str) and isinstance(body, dict)]


__all__ = ["compose_loads", "compose_reads", "dockerfile_reads", "makefile_loads", "makefile_reads"]
