"""The Python floor: the oldest Python a project supports, read from what installers enforce.

The floor comes from `requires-python` (PEP 621), else Poetry's `python` dependency, else `python_requires` in
setup.py or setup.cfg. `.python-version` is never a floor: it names the interpreter a developer works with (often
the newest), and taking it for the floor once turned `python_requires=">=3.6"` into a py314 target.
"""

from __future__ import annotations

import re

# A clause that bounds the version from below: without one, a specifier has no floor (`<3.12` admits 3.0).
_LOWER = re.compile(r"(>=|>|==|~=|===|\^|~(?!=))\s*v?\d")
_LEGACY = re.compile(r"^\s*(>=|>|~=|==|\^|~)?\s*v?(\d+)(?:\.(\d+|\*))?")
_SETUP_PY = re.compile(r"""\bpython_requires\s*=\s*(?P<q>['"])(?P<spec>[^'"\n]+)(?P=q)""")
_SETUP_CFG = re.compile(r"^python_requires\s*[=:]\s*(?P<spec>.+?)\s*$", re.M)


def python_floor(spec: str) -> tuple[int, int] | None:
    """The lowest minor version a PEP 440 or Poetry-style specifier admits: `>=3.9,<4` gives 3.9, `^3.10` 3.10,
    `==3.14.*` 3.14. None when the specifier sets no lower bound or names no Python 3."""
    pep440 = _from_poetry(spec)
    if not _LOWER.search(pep440):
        return None
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    try:
        specifiers = SpecifierSet(pep440)
    except InvalidSpecifier:
        return _legacy_floor(pep440)
    for minor in range(0, 40):
        if any(specifiers.contains(f"3.{minor}.{patch}", prereleases=True) for patch in (0, 1, 99)):
            return (3, minor)
    return None


def _from_poetry(spec: str) -> str:
    """Poetry's caret and tilde constraints in PEP 440 terms (`^3.10` is `>=3.10,<4`, `~3.10` is `>=3.10,<3.11`);
    `||` alternatives are kept whole: the lowest alternative is the floor."""
    parts = []
    for alternative in spec.split("||"):
        clauses = []
        for clause in alternative.split(","):
            clause = clause.strip()
            match = re.fullmatch(r"([\^~])\s*(\d+)(?:\.(\d+))?(?:\.\d+)?", clause)
            if match:
                major, minor = int(match.group(2)), int(match.group(3) or 0)
                upper = f"{major + 1}" if match.group(1) == "^" else f"{major}.{minor + 1}"
                clauses += [f">={major}.{minor}", f"<{upper}"]
            elif clause:
                clauses.append(clause)
        parts.append(",".join(clauses))
    if len(parts) > 1:  # `>=3.8,<3.9 || >=3.10`: the floor of the alternative with the lowest floor
        floors = [f for f in (python_floor(p) for p in parts) if f]
        return f">={min(floors)[0]}.{min(floors)[1]}" if floors else parts[0]
    return parts[0]


def _legacy_floor(spec: str) -> tuple[int, int] | None:
    """What pip would make of a specifier packaging rejects (`>= 3.8.*`): the lowest `3.X` a lower clause names."""
    floors = []
    for clause in re.split(r"[,|]", spec):
        match = _LEGACY.match(clause)
        if not match or clause.strip().startswith(("<", "!=")) or int(match.group(2)) != 3:
            continue
        floors.append((3, 0 if match.group(3) in (None, "*") else int(match.group(3))))
    return min(floors) if floors else None


def setup_py_requires(text: str | None) -> str | None:
    """`python_requires=">=3.8"` in a setup.py, when written as a literal."""
    match = _SETUP_PY.search(text or "")
    return match.group("spec").strip() if match else None


def setup_cfg_requires(text: str | None) -> str | None:
    """`python_requires = >=3.8` in setup.cfg's `[options]` section."""
    in_options = False
    for line in (text or "").splitlines():
        header = re.match(r"\s*\[([^\]]+)\]", line)
        if header:
            in_options = header.group(1).strip() == "options"
            continue
        match = _SETUP_CFG.match(line) if in_options else None
        if match:
            return match.group("spec")
    return None


def version_file_minor(text: str | None) -> tuple[int, int] | None:
    """The interpreter a `.python-version` names (a development choice, never a floor)."""
    for line in (text or "").splitlines():
        match = re.match(r"\s*(?:cpython-|python)?(3)\.(\d+)", line)
        if match:
            return (3, int(match.group(2)))
    return None
