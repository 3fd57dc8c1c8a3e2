"""Alembic set-ups ("trees"), found as alembic itself finds them, so that every rule judges the files alembic reads.

`alembic` reads `alembic.ini` and `pyproject.toml` from the folder it runs in (by convention the ini's own folder), the
section `-n NAME` names (`[alembic]` by default), and `script_location` from that section, else from `[tool.alembic]`
(whose values are `%`-interpolated too). A location is resolved as `alembic.util.coerce_resource_to_filename` does:
`%(here)s` is the ini's (or the toml's) folder, `package:path` is a folder inside an importable package, anything
else is relative to where alembic runs. So one repository may hold several trees: one per ini section that sets
`script_location` (Netflix's dispatch picks `[core]` or `[tenant]`; onyx's `[schema_private]`), a slim ini beside a
`[tool.alembic]` table (alembic's pyproject template), a `[tool.alembic]` alone, Flask-Migrate's ini inside its
script folder, and script folders with no configuration file at all, configured by the application's code (warehouse).

A location infra-fix cannot resolve to a folder of the repository (a template placeholder such as conda-store's
`{alembic_dir}`, an absolute path, a package it cannot find) is None: never guessed.
"""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from ..model import ParseError
from ..snapshot import Snapshot

if TYPE_CHECKING:
    import configparser

READS = ("**/alembic.ini",)  # the texts read (pyproject.toml is the discovery's own; env.py is only listed)
_HERE = "\x00here\x00"  # stands for the ini's folder while configparser interpolates
_TEMPLATED = re.compile(r"[{}$]|\$\{")  # `{alembic_dir}`, `${script_location}`: a file some code renders first
_MAIN = "alembic"


class Alembic(Struct, frozen=True):
    """One alembic tree: the configuration alembic reads for it and the script folder it names (repository paths)."""

    ini: str | None  # the alembic.ini; None where there is none (a `[tool.alembic]` alone, or configured in code)
    script_location: str | None  # the script folder; None: not set, or not a folder infra-fix can resolve
    section: str = _MAIN  # the ini section it reads (`alembic -n NAME`)
    toml: str | None = None  # the pyproject.toml whose `[tool.alembic]` it reads, where it has one
    versions: tuple[str, ...] = ()  # the folders its revisions live in; () where they cannot be resolved

    @property
    def env_py(self) -> str | None:
        if self.script_location is None:
            return None
        return f"{self.script_location}/env.py" if self.script_location else "env.py"

    @property
    def folder(self) -> str:
        """Where alembic runs for it (the ini's or the toml's folder; the script folder when configured in code)."""
        where = self.ini or self.toml
        return where.rpartition("/")[0] if where else (self.script_location or "")


def trees(snapshot: Snapshot, inis: tuple[str, ...], tomls: tuple[str, ...], scripts: tuple[str, ...]) -> list[Alembic]:
    """Every tree of a project: one per ini section that names a script folder, `[tool.alembic]` tables without an
    ini beside them, and script folders (`env.py` beside `script.py.mako` or `versions/`) no configuration names."""
    found: list[Alembic] = []
    for ini in inis:
        found += _ini_trees(snapshot, ini)
    ini_folders = {ini.rpartition("/")[0] for ini in inis}
    for toml in tomls:
        folder = toml.rpartition("/")[0]
        table = _toml_table(snapshot, toml)
        if table is not None and folder not in ini_folders:
            location = _toml_value(table, "script_location", folder)
            found.append(_tree(snapshot, None, _MAIN, location, folder, toml, table, None))
    named = {t.script_location for t in found}
    for script in scripts:
        if script not in named:
            found.append(Alembic(None, script, versions=(_join(script, "versions"),)))
    return found


def script_folders(snapshot: Snapshot) -> tuple[str, ...]:
    """Folders holding an alembic `env.py`: beside `script.py.mako` or a `versions/` folder, tests left out."""
    found = []
    for path in snapshot.named("env.py"):
        folder = path.rpartition("/")[0]
        if any(part in {"tests", "test", "testing"} for part in folder.split("/")):
            continue
        if snapshot.exists(_join(folder, "script.py.mako")) or snapshot.has_dir(_join(folder, "versions")):
            found.append(folder)
    return tuple(found)


def _ini_trees(snapshot: Snapshot, ini: str) -> list[Alembic]:
    folder = ini.rpartition("/")[0]
    text = snapshot.text(ini) or ""
    import configparser  # only for a repository with an alembic.ini

    parser = configparser.ConfigParser({"here": _HERE}, strict=False)
    raw = configparser.ConfigParser(interpolation=None, strict=False, default_section="\x00")  # [DEFAULT] as is
    try:
        parser.read_string(text, source=ini)
        raw.read_string(text, source=ini)
    except configparser.Error:
        return [Alembic(ini, None)]  # the ini's own fixer reports where it does not parse
    toml = _join(folder, "pyproject.toml")
    table = _toml_table(snapshot, toml) if snapshot.exists(toml) else None
    toml_used = toml if table is not None else None
    named = [n for n in raw.sections() if n != "DEFAULT" and raw.has_option(n, "script_location")]
    found = []
    for section in dict.fromkeys([_MAIN, *named]):
        location = _ini_value(parser, section, "script_location")
        if location is None and section == _MAIN and table is not None:
            location = _toml_value(table, "script_location", folder)
        if location is None and section == _MAIN and not named and snapshot.exists(_join(folder, "env.py")):
            location = _HERE  # Flask-Migrate keeps its ini in the script folder, beside env.py
        if location is not None:
            found.append(_tree(snapshot, ini, section, location, folder, toml_used, table, parser))
    return found or [Alembic(ini, None, toml=toml_used)]


def _tree(  # noqa: PLR0913 - a tree is all of these
    snapshot: Snapshot,
    ini: str | None,
    section: str,
    location: str | None,
    folder: str,
    toml: str | None,
    table: dict[str, Any] | None,
    parser: configparser.ConfigParser | None,
) -> Alembic:
    script = resolve(snapshot, location, folder) if location is not None else None
    versions: tuple[str, ...] = ()
    if script is not None:
        spec = _ini_value(parser, section, "version_locations") if parser is not None else None
        separator = _ini_value(parser, section, "path_separator") if parser is not None else None
        separator = separator or (_ini_value(parser, section, "version_path_separator") if parser else None)
        if spec is None and table is not None:
            spec = _toml_value(table, "version_locations", folder)
            separator = "newline"  # a TOML list: one location per item (joined below)
        versions = _versions(snapshot, script, spec, separator, folder)
    return Alembic(ini, script, section, toml, versions)


def resolve(snapshot: Snapshot, location: str, folder: str) -> str | None:
    """A `script_location` (already interpolated, `%(here)s` as the marker) as a repository path, or None."""
    location = location.strip()
    if not location or _TEMPLATED.search(location):
        return None
    if location.startswith(_HERE):
        return _normal(folder, location[len(_HERE) :].lstrip("/"))
    if _HERE in location or location.startswith("/"):
        return None  # an absolute path, or `%(here)s` in the middle: outside what the repository says
    if ":" in location:
        return _package_resource(snapshot, location, folder)
    return _normal(folder, location)


def _package_resource(snapshot: Snapshot, location: str, folder: str) -> str | None:
    """`package:path` as importlib.resources finds it: a folder of that package holding an env.py. Candidates are the
    folders named like the package with an `__init__.py`, and the ini's own folder or its parents where their names
    are the package's (an ini shipped inside its package); exactly one must hold the script folder."""
    package, *parts = location.split(":")
    if not re.fullmatch(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*", package):
        return None
    inside = "/".join(p.strip("/") for p in parts if p.strip("/"))
    tail = package.replace(".", "/")
    candidates = {p.rpartition("/")[0] for p in snapshot.named("__init__.py")}
    candidates = {c for c in candidates if c == tail or c.endswith("/" + tail)}
    parents = folder.split("/") if folder else []
    candidates |= {"/".join(parents[:n]) for n in range(1, len(parents) + 1) if "/".join(parents[:n]).endswith(tail)}
    found = {
        path
        for c in candidates
        if (c == tail or c.endswith("/" + tail)) and (path := _normal(c, inside)) is not None
        if snapshot.exists(_join(path, "env.py"))
    }
    return found.pop() if len(found) == 1 else None


def _versions(snapshot: Snapshot, script: str, spec: str | None, separator: str | None, folder: str) -> tuple[str, ...]:
    if spec is None:
        return (_join(script, "versions"),)
    split = {"os": ":", ":": ":", ";": ";", "space": " ", "newline": "\n", ",": ","}.get((separator or "").strip())
    pieces = spec.split(split) if split else re.split(r"[ ,]+", spec)  # alembic's legacy split: spaces or commas
    resolved = [resolve(snapshot, p, folder) for p in pieces if p.strip()]
    return tuple(p for p in resolved if p is not None) if all(p is not None for p in resolved) else ()


def revisions(snapshot: Snapshot, tree: Alembic) -> tuple[str, ...] | None:
    """The revision files of a tree (names only), or None where its version folders are unknown."""
    if not tree.versions:
        return None
    names = []
    for folder in tree.versions:
        names += [n for n in snapshot.children_files(folder) if n.endswith(".py") and n != "__init__.py"]
    return tuple(sorted(names))


def _ini_value(parser: configparser.ConfigParser | None, section: str, key: str) -> str | None:
    """A value as alembic reads it (interpolated, `%(here)s` left as the marker), or None where absent or broken."""
    if parser is None:
        return None
    import configparser

    try:
        if parser.has_section(section):
            value = parser.get(section, key, fallback=None)
        else:  # alembic reads a missing section as empty, and [DEFAULT]'s values still apply to it
            value = parser.get("DEFAULT", key, fallback=None) if key != "here" else None
    except (configparser.Error, ValueError):
        return None
    return value.strip() if isinstance(value, str) and value.strip() else None


def _toml_table(snapshot: Snapshot, path: str) -> dict[str, Any] | None:
    text = snapshot.text(path)
    if not text or "alembic" not in text:
        return None
    from ..edit.toml_scan import load

    try:
        data = load(text)
    except ParseError:
        return None
    tool = data.get("tool")
    table = tool.get("alembic") if isinstance(tool, dict) else None
    return table if isinstance(table, dict) else None


def _toml_value(table: dict[str, Any], key: str, folder: str) -> str | None:
    """A `[tool.alembic]` value as alembic reads it: `%`-interpolated with `here` (a list joined one per line)."""
    value = table.get(key)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = "\n".join(value)
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return value % {"here": _HERE}
    except (KeyError, ValueError, TypeError):
        return None


def _normal(folder: str, relative: str) -> str | None:
    path = posixpath.normpath(_join(folder, relative)) if relative else folder
    if path in (".", ""):
        return ""
    return None if path.startswith(("../", "/")) or path == ".." else path


def _join(folder: str, name: str) -> str:
    return f"{folder}/{name}" if folder else name


__all__ = ["READS", "Alembic", "resolve", "revisions", "script_folders", "trees"]
