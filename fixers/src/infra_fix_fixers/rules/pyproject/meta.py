"""PP001-PP004: the build backend, requires-python and the dev dependencies of pyproject.toml."""

from __future__ import annotations

from ...edit.splice import Splice, apply, comments_above
from ...edit.toml import TomlDocument
from ...edit.toml_render import append_block, render, render_block
from ...facts import all_requirements, hook_rev, poetry_names, precommit_path, requirement_name
from ...facts.equivalents import hook_runner
from ...facts.pins import hatch_env_names, requirement_files
from ...facts.workflows.survey import survey
from ...fixer import Context, FileRun, check
from ...model import Applicability, Rule
from ..precommit.hooks import adoption as precommit_adoption
from . import examples as ex

SAFE, UNSAFE, MANUAL = Applicability.SAFE, Applicability.UNSAFE, Applicability.MANUAL
Path = tuple[str, ...]
Run = FileRun[TomlDocument]

HATCHLING = {"requires": ["hatchling"], "build-backend": "hatchling.build"}

# build-backend → the name users know it by
BACKENDS = {
    "setuptools.build_meta": "setuptools", "setuptools.build_meta:__legacy__": "setuptools",
    "poetry.core.masonry.api": "poetry-core", "poetry.masonry.api": "poetry", "flit_core.buildapi": "flit",
    "flit.buildapi": "flit", "pdm.backend": "pdm-backend", "pdm.pep517.api": "pdm", "uv_build": "uv_build",
    "maturin": "maturin", "scikit_build_core.build": "scikit-build-core", "mesonpy": "meson-python",
    "sipbuild.api": "sip", "enscons.api": "enscons",
}  # fmt: skip
# Backends or build requirements that compile extension modules: hatchling cannot replace them.
COMPILED = {
    "maturin", "scikit-build-core", "scikit-build", "meson-python", "setuptools-rust", "cython", "pybind11", "cffi",
    "nanobind", "sip", "enscons", "mypyc",
}  # fmt: skip

BUILD_SYSTEM = Rule(
    code="PP001",
    name="missing-build-system",
    summary="The pyproject.toml has no `[build-system]` table (hatchling).",
    rationale="hatchling is the blueprint's build backend: modern, fast, well-supported. Without `[build-system]` "
    "tools fall back to legacy setuptools, or (uv) treat the project as not installable.",
    applicability=UNSAFE,
    tiers=(MANUAL,),
    fix='Adds `[build-system]` with `requires = ["hatchling"]` and `build-backend = "hatchling.build"` at the top '
    "(unsafe: the project becomes an installable package, and hatchling must find its files).",
    examples=ex.BUILD_SYSTEM,
)
BUILD_BACKEND = Rule(
    code="PP002",
    name="build-backend-not-hatchling",
    summary="The build backend is not hatchling.",
    rationale="One backend across projects keeps packaging predictable; switching an existing backend changes "
    "what goes into the wheel, so it is a human's decision. Compiled backends (maturin, scikit-build-core, "
    "meson-python) stay: hatchling does not build extension modules.",
    applicability=MANUAL,
    examples=ex.BUILD_BACKEND,
)
REQUIRES_PYTHON = Rule(
    code="PP003",
    name="missing-requires-python",
    summary="The `[project]` table does not declare requires-python.",
    rationale="requires-python is the Python floor every other tool follows: ruff's target-version, pyright's "
    "pythonVersion, CI's python-version.",
    applicability=UNSAFE,
    tiers=(MANUAL,),
    fix="Adds requires-python with the floor the project already enforces elsewhere (`python_requires` of "
    "setup.py or setup.cfg, Poetry's python dependency; unsafe: installers read it from then on). Otherwise it "
    "is reported for a human: `.python-version` names the interpreter developers use, not the oldest supported.",
    examples=ex.REQUIRES_PYTHON,
)
DEV_DEPENDENCIES = Rule(
    code="PP004",
    name="missing-dev-dependencies",
    summary="The dev dependencies lack some of the blueprint's tools ({dev_dependencies}).",
    rationale="The tools CI and pre-commit run must be installable with the project, at versions the project controls.",
    applicability=SAFE,
    tiers=(
        UNSAFE,
        MANUAL,
    ),
    fix="Adds the missing ones to `[dependency-groups] dev` where the project uses dependency groups (or is a "
    "virtual workspace root), else to `[project.optional-dependencies] dev`, in the array's own layout; ruff at the "
    "version the project pins (no floor made up where it pins none). In a uv workspace the root holds them for every "
    "member. prek (a dependency, or what the workflows or task runners run the hooks with) stands for pre-commit. "
    "Unsafe where a lock file then no longer matches (`uv sync --locked` fails until `uv lock`), or where the "
    "dependencies go to the `dev` extra, which is published with the package. Manual where the project keeps its "
    "development tools in a requirements file and uses no dependency groups: the finding names that file.",
    examples=ex.DEV_DEPENDENCIES,
)

# -- PP001 / PP002 --------------------------------------------------------------------------------------------------

_HATCHLING_TEXT = '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'


def _workspace_root_without_project(run: Run) -> bool:
    """A virtual uv workspace root: it has no package of its own to build or to give a Python floor."""
    project = run.project
    return project.members != () and not isinstance(run.doc.get(("project",)), dict)


def _not_a_package(run: Run) -> bool:
    """uv installs a project without `[build-system]` as a virtual one (its dependencies only), and so does
    `[tool.uv] package = false`: in a workspace root, or where the project says so, that is deliberate."""
    if run.doc.get(("tool", "uv", "package")) is False:
        return True
    return run.project.members != () and run.doc.get(("build-system",)) is None


@check(BUILD_SYSTEM, BUILD_BACKEND)
def build_system(run: Run) -> None:
    if _workspace_root_without_project(run) or _not_a_package(run):
        return
    system = run.doc.get(("build-system",))
    if system is None and not isinstance(run.doc.get(("project",)), dict):
        run.report(BUILD_SYSTEM, "no [build-system] and no [project] table: hatchling needs [project] metadata; "
                   "declare both by hand", applicability=MANUAL)  # fmt: skip
        return
    if system is None:
        run.report(BUILD_SYSTEM, f"no [build-system]: add hatchling:\n{_HATCHLING_TEXT}", at=("project",),
                   edit=lambda: _add_build_system(run))  # fmt: skip
        return
    if not isinstance(system, dict):
        run.report(BUILD_BACKEND, "build-system is not a table", at=("build-system",))
        return
    backend = system.get("build-backend")
    requires = system.get("requires")
    names = {requirement_name(r) for r in requires if isinstance(r, str)} if isinstance(requires, list) else set()
    if backend == "hatchling.build" and "hatchling" in names:
        return
    if backend == "hatchling.build":
        run.report(BUILD_BACKEND, 'build-backend is hatchling but requires lacks "hatchling"', at=("build-system",))
        return
    name = BACKENDS.get(backend, backend) if isinstance(backend, str) else "setuptools (legacy, no build-backend)"
    compiled = sorted(({name} | names) & COMPILED)
    if compiled:
        message = (
            f"build backend {name} builds compiled extensions ({', '.join(compiled)}): keep it; the blueprint's "
            "hatchling is for pure-Python projects"
        )
    else:
        message = (
            f"build backend is {name}, the blueprint uses hatchling: switching changes what the wheel contains, "
            f"so it is yours to decide; the blueprint's is:\n{_HATCHLING_TEXT}"
        )
    run.report(BUILD_BACKEND, message, at=("build-system", "build-backend") if backend else ("build-system",))


def _add_build_system(run: Run) -> bool:
    """At the top, before the first table (and the comments that label it), as the blueprint orders it; at the end
    when the file has top-level keys, which a table above them would swallow."""
    doc, text = run.doc, run.doc.text
    block = _HATCHLING_TEXT.replace('"', file_quote(doc))
    expected = {**doc.data, "build-system": HATCHLING}
    candidates = []
    headed = [s for s in doc.sections if s.header_start >= 0]
    if headed and not doc.sections[0].entries:
        at = comments_above(text, headed[0].header_start)
        candidates.append(apply(text, [Splice(at, at, block + "\n")]))
    candidates.append(append_block(text, block))
    return doc.accept(expected, candidates)


def file_quote(doc: TomlDocument) -> str:
    """The quote the project writes its strings in, judged by [project]'s name; double when unknown."""
    value = doc.value_text(("project", "name"))
    return "'" if value and value.startswith("'") and not value.startswith("'''") else '"'


# -- PP003 ----------------------------------------------------------------------------------------------------------


@check(REQUIRES_PYTHON)
def requires_python(run: Run) -> None:
    if _workspace_root_without_project(run):
        return
    project = run.doc.get(("project",))
    if not isinstance(project, dict):
        where = " (Poetry metadata lives in [tool.poetry])" if run.doc.get(("tool", "poetry")) else ""
        run.report(REQUIRES_PYTHON, f"no [project] table{where}: declare requires-python in [project]",
                   applicability=MANUAL)  # fmt: skip
        return
    if "requires-python" in project:
        return
    if "requires-python" in (project.get("dynamic") or []):
        run.report(REQUIRES_PYTHON, "requires-python is dynamic: declare it statically", at=("project",),
                   applicability=MANUAL)  # fmt: skip
        return
    facts = run.project
    if facts.python_floor is None or facts.python_floor_source == "requires-python":
        run.report(REQUIRES_PYTHON, 'no requires-python in [project]: add requires-python = ">=3.X" with the oldest '
                   "Python you support (.python-version names the interpreter you develop with, not the floor)",
                   at=("project",), applicability=MANUAL)  # fmt: skip
        return
    spec = f">={facts.floor_text}"
    message = f'no requires-python: add requires-python = "{spec}" ({facts.python_floor_source} already enforces ' \
              "that floor)"  # fmt: skip
    run.report(REQUIRES_PYTHON, message, at=("project",), edit=lambda: _add_requires_python(run, spec))


def _add_requires_python(run: Run, spec: str) -> bool:
    """After `version` (or `name`), as the blueprint orders [project]; else wherever TomlDocument puts a new key."""
    doc = run.doc
    line = f"requires-python = {render(spec, file_quote(doc))}"
    expected = {**doc.data, "project": {**doc.data["project"], "requires-python": spec}}
    candidates = []
    for anchor in (("project", "version"), ("project", "name")):
        entry = doc.entry(anchor)
        if entry is None or entry.line_start < 0:
            continue
        indent = doc.text[entry.line_start : entry.key_start]
        if doc.text[entry.line_end - 1 : entry.line_end] == "\n":
            candidates.append(apply(doc.text, [Splice(entry.line_end, entry.line_end, f"{indent}{line}\n")]))
        else:
            candidates.append(apply(doc.text, [Splice(entry.line_end, entry.line_end, f"\n{indent}{line}")]))
    return doc.accept(expected, candidates) or doc.set_raw(
        ("project", "requires-python"), line.split(" = ", 1)[1], spec
    )


# -- PP004 ----------------------------------------------------------------------------------------------------------

_LOCKS = {"uv.lock": "uv lock", "poetry.lock": "poetry lock", "pdm.lock": "pdm lock"}


@check(DEV_DEPENDENCIES)
def dev_dependencies(run: Run) -> None:
    doc, ctx = run.doc, run.ctx
    if run.project.kind == "member":
        return  # `uv sync` in a workspace installs the root's dev group for every member
    present = {requirement_name(r) for r in all_requirements(doc.data)} | poetry_names(doc.data)
    files = requirement_files(ctx.snapshot, run.project.dir)  # pytest~=9.0 in requirements/test.txt
    present |= {requirement_name(r) for lines in files.values() for r in lines}
    present |= hatch_env_names(doc.data)  # hatch installs [tool.hatch.envs.default] dependencies for development
    if run.project.virtual and run.project.members:  # a virtual workspace root: its members' tools are the tools
        present |= {n for m in run.project.members if (p := ctx.repo.project(m)) for n in p.requirements}
    if "prek" in present or ctx.shared(survey).uses_prek:
        present.add("pre-commit")  # prek runs the same hooks from the same config: the project has chosen it
    if not ctx.snapshot.exists(precommit_path(ctx.snapshot)) and hook_runner(ctx.snapshot):
        present.add("pre-commit")  # another git-hook runner (lefthook, husky) runs the hooks: pre-commit is not theirs
    missing = [spec for spec in _wanted(ctx) if requirement_name(spec) not in present]
    if not missing:
        return
    names = ", ".join(requirement_name(m) for m in missing)
    project = doc.get(("project",))
    uses_groups = isinstance(doc.get(("dependency-groups",)), dict) or _workspace_root_without_project(run)
    if not isinstance(project, dict) and not uses_groups:
        table = "[tool.poetry.group.dev.dependencies]" if doc.get(("tool", "poetry")) else "the dev dependencies"
        run.report(DEV_DEPENDENCIES, f"dev dependencies lack {names}: add {', '.join(missing)} to {table}",
                   applicability=MANUAL)  # fmt: skip
        return
    wanted = {requirement_name(spec) for spec in _wanted(ctx)}
    keeper = next((path for path, lines in files.items() if wanted & {requirement_name(r) for r in lines}), None)
    if not uses_groups and keeper:  # starlette's requirements.txt: a published `dev` extra would be a second home
        run.report(DEV_DEPENDENCIES, f"dev dependencies lack {names}: add {', '.join(missing)} to {keeper}, where "
                   "the project keeps its development tools", file=keeper, applicability=MANUAL)  # fmt: skip
        return
    target: Path = ("dependency-groups", "dev") if uses_groups else ("project", "optional-dependencies", "dev")
    table = "[dependency-groups] dev" if uses_groups else "[project.optional-dependencies] dev"
    if not uses_groups and "optional-dependencies" in (project.get("dynamic") or []):
        run.report(DEV_DEPENDENCIES, f"dev dependencies lack {names} (optional-dependencies is dynamic): add "
                   f"{', '.join(missing)} where your backend reads them", at=("project",),
                   applicability=MANUAL)  # fmt: skip
        return
    if uses_groups and _pins_exactly(doc.get(("dependency-groups",))):
        run.report(DEV_DEPENDENCIES, f"dev dependencies lack {names}: add them to {table} pinned exactly, as every "
                   "dependency group here pins its tools (`==`): infra-fix knows no version to pin",
                   at=target if doc.get(target) is not None else ("dependency-groups",),
                   applicability=MANUAL)  # fmt: skip
        return
    why = _dev_risk(run, uses_groups)
    # pre-commit for a config that does not exist yet is a part of adopting pre-commit: made with that config only
    adopting = precommit_adoption(ctx, "dependency") if not ctx.snapshot.exists(precommit_path(ctx.snapshot)) else None
    for group, adopts in (
        ([m for m in missing if not adopting or requirement_name(m) != "pre-commit"], None),
        ([m for m in missing if adopting and requirement_name(m) == "pre-commit"], adopting),
    ):
        if not group:
            continue
        names = ", ".join(requirement_name(m) for m in group)
        run.report(DEV_DEPENDENCIES, f"dev dependencies lack {names}: add {', '.join(group)} to {table}{why}",
                   at=target, edit=lambda g=group: _extend(doc, target, g), respect=target,
                   values=[requirement_name(m) for m in group], applicability=UNSAFE if why else None,
                   adopts=adopts)  # fmt: skip


def _pins_exactly(groups: object) -> bool:
    """Whether the dependency groups pin every tool with `==` (two at least): a `>=` floor would break that."""
    specs = [str(r) for g in groups.values() if isinstance(g, list) for r in g if isinstance(r, str)] if isinstance(
        groups, dict) else []  # fmt: skip
    return len(specs) >= 2 and all("==" in spec for spec in specs)


def _dev_risk(run: Run, uses_groups: bool) -> str:
    """Why adding dev dependencies here could turn a check red or change what is published ("" when it cannot): a
    lock file that no longer matches (`uv sync --locked` fails until it is relocked), or an extra that every
    install of the package sees."""
    lock = next((n for n in _LOCKS if run.ctx.snapshot.exists(run.project.path(n))), None)
    lock = lock or (run.project.lock and run.project.lock.rpartition("/")[2])
    if lock:
        return f" (unsafe: {lock} then no longer matches; run `{_LOCKS[lock]}` in the same commit)"
    if not uses_groups:
        return " (unsafe: the `dev` extra is published with the package; a dependency group is not)"
    return ""


def _extend(doc: TomlDocument, path: Path, items: list[str]) -> bool:
    """An existing array keeps its own layout and quotes; a new one takes the file's quotes."""
    if doc.get(path) is None:
        return doc.set_raw(path, render_block(list(items), file_quote(doc)), list(items))
    return doc.extend(path, items)


def _wanted(ctx: Context) -> list[str]:
    """The blueprint's dev dependencies; ruff at least at the version the project already runs (its pin, else the
    rev its pre-commit config uses), so that the pre-commit rev, the dev dependency and CI name one ruff; with
    neither, no floor is made up."""
    project = ctx.project
    version = (project.ruff_version if project else None) or hook_rev(ctx.snapshot, "astral-sh/ruff-pre-commit")
    specs = list(ctx.settings.blueprint.dev_dependencies)
    if project and ctx.shared(survey).lints_otherwise(project):  # flake8 lints it: ruff would be a second linter
        specs = [s for s in specs if requirement_name(s) != "ruff"]
    return [f"ruff>={version}" if version and requirement_name(s) == "ruff" else s for s in specs]
