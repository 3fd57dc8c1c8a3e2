"""The repository's workflows as a whole, worked out once per run: what each runs, what gates merges, which
Python versions are tested, the conventions the files follow, and which workflow is *the* CI.

Every workflow file's fix reads the same survey (through `Context.shared`); other families read it too (pyright's
configuration is created safely only where nothing runs pyright yet).
"""

from __future__ import annotations

import re
from typing import Any

from msgspec import Struct, field

from .. import anchored
from ..commands.routines import Routine, commands, routine
from ..commands.scan import CHECKS, PYRIGHT, RUFF_CHECK, RUFF_FORMAT, RUFF_FORMAT_WRITE, Hit, Scanner, yaml_data
from ..commands.words import folder
from ..formatters import CODE_TOOLS
from ..hooks import precommit_config, precommit_repos
from ..project import Project
from ..repository import Repository
from .conventions import Conventions, conventions
from .data import README_PATTERNS, RENOVATE_WORKFLOWS, WORKFLOW_PATTERNS, job_folder, jobs_of, steps_of, triggers
from .roles import role
from .versions import input_versions, job_versions, session_versions, unread_versions

_CI_NAMES = ("ci", "main", "test", "tests", "checks", "check", "lint", "build", "python", "python-package")
_AGGREGATOR_ACTIONS = ("re-actors/alls-green", "Mergifyio/gha-mergify-ci")
_PRECOMMIT_ACTIONS = ("pre-commit/action", "j178/prek-action", "pre-commit-ci/lite-action")


class Job(Struct, frozen=True):
    workflow: str
    id: str
    hits: frozenset[Hit]
    versions: frozenset[tuple[int, int]]  # Python versions the job runs on
    needs: tuple[str, ...]
    aggregator: bool  # a required-status job that passes only when the jobs it needs pass


class Workflow(Struct, frozen=True):
    path: str
    data: dict[str, Any] | None
    role: str | None  # None: a merge gate (see roles.py)
    jobs: dict[str, Job] = field(default_factory=dict)

    @property
    def gating(self) -> bool:
        return self.data is not None and self.role is None

    @property
    def pull_request(self) -> bool:
        return "pull_request" in triggers(self.data)

    def checks(self) -> set[str]:
        return {h.check for job in self.jobs.values() for h in job.hits}


class Survey(Struct, frozen=True):
    workflows: dict[str, Workflow]
    primary: str | None  # where missing jobs go
    hits: frozenset[Hit]  # every check a merge-gating job runs
    versions: frozenset[tuple[int, int]]  # every Python version a gating job or tox/nox session tests
    conventions: Conventions
    default_branch: str | None
    hooks: frozenset[Hit] = frozenset()  # what the pre-commit hooks run
    runs_precommit: bool = False  # CI (a gating job, or pre-commit.ci) runs the pre-commit hooks
    uses_prek: bool = False  # some workflow runs the hooks with prek, pre-commit's drop-in replacement
    unfollowed: tuple[str, ...] = ()  # what gating jobs hand over to that infra-fix cannot read
    routine: frozenset[Hit] = frozenset()  # what runs outside the gating jobs (routines.py)
    commands: tuple[Routine, ...] = ()  # Makefile targets and scripts a new job can run as they are
    versions_unread: bool = False  # some gating job's Python is an expression infra-fix cannot evaluate

    def chosen(self, stands_for: str, project: Project | None = None) -> str | None:
        """The formatter (`stands_for` "ruff-format") or import sorter ("I") other than ruff's that the project runs
        anywhere (a gating job, a hook, a task), or None: black or isort is the project's choice, and ruff's is
        not asked for beside it."""
        names = {tool.name for tool in CODE_TOOLS if tool.stands_for == stands_for}
        ran = sorted(
            h.check
            for h in self.hits | self.hooks | self.routine
            if h.check in names and (project is None or h.covers(project.dir))
        )
        return ran[0] if ran else None

    def lints_otherwise(self, project: Project) -> str | None:
        """The linter the project runs instead of ruff (flake8), where it runs `ruff check` nowhere: ruff's
        configuration, hook, job and dependency would be an adoption beside the linter it has chosen."""
        linter = self.chosen(RUFF_CHECK, project)
        if linter is None or self.covered(RUFF_CHECK, project) or self.routinely(RUFF_CHECK, project):
            return None
        return linter

    def runs_anywhere(self) -> set[str]:
        """The checks something already runs: a merge-gating workflow, a pre-commit hook, a task, another workflow."""
        return self.checks() | {h.check for h in self.hooks | self.routine}

    def covered(self, check: str, project: Project, *, whole: bool = False) -> bool:
        """Whether a gating job runs the check on the project (`whole`: on all of it, not on some paths)."""
        return any(h.check == check and (h.covers_all if whole else h.covers)(project.dir) for h in self.hits)

    def checks(self) -> set[str]:
        return {h.check for h in self.hits}

    def routinely(self, check: str, project: Project) -> bool:
        """Whether the project runs the check outside the gating jobs: a hook, another workflow, a task (a
        `ruff format` that rewrites keeps the tree formatted as well as a check would)."""
        wanted = {check, RUFF_FORMAT_WRITE} if check == RUFF_FORMAT else {check}
        return any(h.check in wanted and h.covers(project.dir) for h in self.routine)


def workflow_paths(repo: Repository) -> list[str]:
    paths = {p for pattern in WORKFLOW_PATTERNS for p in repo.snapshot.glob(pattern)}
    return sorted(paths - set(RENOVATE_WORKFLOWS))


def survey(repo: Repository) -> Survey:
    scanner = Scanner(repo.snapshot)
    datas = {path: yaml_data(repo.snapshot.text(path)) for path in workflow_paths(repo)}
    roles = {path: role(path, data) if data else "unreadable" for path, data in datas.items()}
    workflows: dict[str, Workflow] = {}
    unfollowed: set[str] = set()
    # the gating workflows first: what they hand over to and cannot be followed is reported; the others' is not
    for path in sorted(datas, key=lambda p: roles[p] is not None):
        data = datas[path]
        jobs = {job_id: _job(path, job_id, job, data, scanner, repo) for job_id, job in jobs_of(data).items()}
        workflows[path] = Workflow(path, data, roles[path], jobs)
        if roles[path] is None:
            unfollowed = set(scanner.unfollowed)
    workflows = {path: workflows[path] for path in datas}  # in the repository's order
    gating = [w for w in workflows.values() if w.gating]
    hits = {h for w in gating for job in w.jobs.values() for h in job.hits} | _precommit_ci(repo, scanner)
    known = commands(repo, scanner)
    # the Pythons tested on every change: the gating workflows', and those of the other workflows pull requests or
    # pushes run (a generated wheels-and-tests workflow is not ours to edit, but its matrix tests the floor)
    tested = [w for w in workflows.values() if w.gating or {"pull_request", "push"} & set(triggers(w.data))]
    versions = {v for w in tested for job in w.jobs.values() for v in job.versions}
    versions |= session_versions(repo, scanner)
    return Survey(
        workflows=workflows,
        primary=_primary(gating),
        hits=frozenset(hits),
        versions=frozenset(versions),
        conventions=conventions(workflows, repo),
        default_branch=_default_branch(repo, gating),
        hooks=frozenset(scanner.hooks(())),
        runs_precommit=_runs_precommit(repo, gating),
        uses_prek=_uses_prek(repo, workflows),
        unfollowed=tuple(sorted(unfollowed | _remote_calls(gating))),
        routine=routine(repo, scanner, workflows, known),
        commands=known,
        versions_unread=any(unread_versions(job) for w in gating for job in jobs_of(w.data).values()),
    )


def precommit_ci_installed(repo: Repository) -> bool:
    """Whether the pre-commit.ci app runs the hooks of this repository: its settings (a `ci:` section), its status
    badge in the README, or a workflow that names its bot (platformdirs exempts `pre-commit-ci[bot]`'s pull
    requests). Installed, it runs every hook on every pull request, whatever the config says."""
    snapshot = repo.snapshot
    config = precommit_config(snapshot)
    if not config or "ci" in config:
        return bool(config)
    readmes = (snapshot.text(p) or "" for p in README_PATTERNS)
    workflows = (snapshot.text(p) or "" for pattern in WORKFLOW_PATTERNS for p in snapshot.glob(pattern))
    return any("results.pre-commit.ci/" in t for t in readmes) or any("pre-commit-ci[bot]" in t for t in workflows)


def _precommit_ci(repo: Repository, scanner: Scanner) -> set[Hit]:
    """pre-commit.ci runs the hooks on every pull request, like a gating job: the checks of every hook it does not
    skip."""
    if not precommit_ci_installed(repo):
        return set()
    settings = precommit_config(repo.snapshot).get("ci")
    skip = settings.get("skip") if isinstance(settings, dict) else None
    skipped = {str(s) for s in skip} if isinstance(skip, list) else set()
    ids: list[str] = []
    for entry in precommit_repos(repo.snapshot):
        hooks = entry.get("hooks")
        ids += [str(h.get("id")) for h in hooks if isinstance(h, dict)] if isinstance(hooks, list) else []
    ids = [i for i in ids if i not in skipped]
    return scanner.hooks(ids) if ids else set()


def _remote_calls(gating: list[Workflow]) -> set[str]:
    """Reusable workflows of other repositories the gating jobs call: their checks cannot be read offline."""
    calls = {
        str(job.get("uses")) for w in gating for job in jobs_of(w.data).values() if isinstance(job.get("uses"), str)
    }
    return {c for c in calls if not c.startswith("./")}


def _runs_precommit(repo: Repository, gating: list[Workflow]) -> bool:
    for workflow in gating:
        for job in jobs_of(workflow.data).values():
            for step in steps_of(job):
                uses = str(step.get("uses", ""))
                if uses.startswith(_PRECOMMIT_ACTIONS):
                    return True
                if re.search(r"\b(?:pre-commit|prek)\s+run\b", str(step.get("run", ""))):
                    return True
    return precommit_ci_installed(repo)


def _aggregator(job: dict[str, Any], needs: tuple[str, ...]) -> bool:
    """A required-status job that passes only when the jobs it needs pass: alls-green, Mergify's wait-jobs, any
    step handed `toJSON(needs)`, or a job that runs whatever happened (`always()`, `!cancelled()`) and reads the
    results of two or more jobs it needs."""
    if not needs:
        return False
    steps = steps_of(job)
    if any(str(s.get("uses", "")).startswith(_AGGREGATOR_ACTIONS) for s in steps) or "toJSON(needs)" in str(steps):
        return True
    condition = str(job.get("if", ""))
    return ("always()" in condition or "!cancelled()" in condition) and (len(needs) >= 2 or "needs." in str(steps))


_PREK = re.compile(r"\bprek\b")


def _uses_prek(repo: Repository, workflows: dict[str, Workflow]) -> bool:
    """Whether the hooks are run with prek: by a workflow, or by a task runner (tox's `deps = prek`, a Makefile)."""
    if any(
        str(step.get("uses", "")).startswith("j178/prek-action") or _PREK.search(str(step.get("run", "")))
        for workflow in workflows.values()
        for job in jobs_of(workflow.data).values()
        for step in steps_of(job)
    ):
        return True
    runners = [
        *repo.snapshot.named("tox.ini"),
        *repo.snapshot.named("tox.toml"),
        *repo.snapshot.named("noxfile.py"),
        *repo.makefiles,
    ]
    # prek's word found by str.find first: `\bprek\b` alone tries every offset of an 18,000-line tox.ini
    return any(next(anchored.finditer(_PREK, repo.snapshot.text(path) or "", ("prek",)), None) for path in runners)


def _job(path: str, job_id: str, job: dict[str, Any], data: Any, scanner: Scanner, repo: Repository) -> Job:  # noqa: ANN401
    hits: set[Hit] = set()
    versions = job_versions(job)
    called = job.get("uses")
    if isinstance(called, str) and called.startswith("./.github/workflows/"):
        sub = yaml_data(repo.snapshot.text(called[2:]))
        for inputs in _inputs(job, sub):  # one call per matrix value of the caller (`working-directory: libs/x`)
            for sub_job in jobs_of(sub).values():
                hits |= _job_hits(_substituted(sub_job, "inputs", inputs), sub, scanner, repo)
        for sub_job in jobs_of(sub).values():
            versions |= job_versions(sub_job)
        versions |= input_versions(job.get("with"))
    elif job.get("continue-on-error") is not True:
        for variant in _matrix_jobs(job):
            hits |= _job_hits(variant, data, scanner, repo)
    needs = job.get("needs")
    needs_list = tuple(n for n in ([needs] if isinstance(needs, str) else needs or []) if isinstance(n, str))
    aggregator = _aggregator(job, needs_list)
    return Job(path, job_id, frozenset(hits), frozenset(versions), needs_list, aggregator)


_LIMIT = 16  # variants of one job read at most (a matrix, a reusable workflow called from one)


def _matrix_jobs(job: dict[str, Any]) -> list[dict[str, Any]]:
    """The job once per value of the matrix entries its folders name (`working-directory: ${{ matrix.dir }}`), so
    that each folder's checks are found where they run; the job as it is otherwise."""
    strategy = job.get("strategy")
    matrix = strategy.get("matrix") if isinstance(strategy, dict) else None
    folders = str([job.get("defaults"), [s.get("working-directory") for s in steps_of(job)]])
    return [_substituted(job, "matrix", v) for v in _matrix_values(matrix, folders)]


def _matrix_values(matrix: Any, text: str) -> list[dict[str, str]]:  # noqa: ANN401
    """Each combination of the values of the matrix entries `text` refers to (`${{ matrix.dir }}`), up to a limit;
    one empty combination when it refers to none infra-fix can read."""
    variants: list[dict[str, str]] = [{}]
    for name in dict.fromkeys(re.findall(r"\$\{\{\s*matrix\.([\w-]+)\s*\}\}", text)):
        values = _matrix_scalars(matrix, name)
        if values:
            variants = [{**v, name: value} for v in variants for value in values][:_LIMIT]
    return variants


def _inputs(caller: dict[str, Any], callee: Any) -> list[dict[str, str]]:  # noqa: ANN401
    """The inputs a reusable workflow is called with, once per matrix value of the caller: its `with:` values,
    matrix references expanded, and the callee's defaults for the rest."""
    on = callee.get("on") if isinstance(callee, dict) else None
    call = on.get("workflow_call") if isinstance(on, dict) else None
    declared = call.get("inputs") if isinstance(call, dict) else None
    defaults = {
        str(k): str(v["default"])
        for k, v in (declared.items() if isinstance(declared, dict) else ())
        if isinstance(v, dict) and isinstance(v.get("default"), str | int | float | bool)
    }
    given = caller.get("with")
    given = {str(k): v for k, v in given.items()} if isinstance(given, dict) else {}
    found = []
    strategy = caller.get("strategy")
    matrix = strategy.get("matrix") if isinstance(strategy, dict) else None
    for variant in _matrix_values(matrix, str(list(given.values()))):
        inputs = dict(defaults)
        for key, value in _substituted(given, "matrix", variant).items():
            if isinstance(value, str | int | float | bool) and "${{" not in str(value):
                inputs[key] = str(value)
        found.append(inputs)
    return found


def _substituted(node: Any, context: str, values: dict[str, str]) -> Any:  # noqa: ANN401 - workflow data
    """`node` with every `${{ context.name }}` whose value is known replaced by it, in every string."""
    if not values:
        return node
    pattern = re.compile(r"\$\{\{\s*" + context + r"\.([\w-]+)\s*\}\}")

    def walk(item: Any) -> Any:  # noqa: ANN401
        if isinstance(item, str):
            return pattern.sub(lambda m: values.get(m.group(1), m.group(0)), item)
        if isinstance(item, dict):
            return {k: walk(v) for k, v in item.items()}
        if isinstance(item, list):
            return [walk(v) for v in item]
        return item

    return walk(node)


def _job_hits(job: dict[str, Any], data: Any, scanner: Scanner, repo: Repository) -> set[Hit]:  # noqa: ANN401
    """The checks of a job's blocking steps, in the folders they run in; a composite action of the repository's
    own is followed one level."""
    base = job_folder(job, data)
    hits: set[Hit] = set()
    for step in steps_of(job):
        if step.get("continue-on-error") is True:
            continue
        given = step.get("working-directory")
        cwd = folder(given) if isinstance(given, str) and "${{" not in given else base
        if isinstance(step.get("run"), str):
            for script in matrix_variants(step["run"], job):
                hits |= scanner.script(script, cwd)
        uses = step.get("uses")
        if isinstance(uses, str):
            hits |= _action_hits(uses, step, cwd, scanner, repo)
    return hits


def matrix_variants(text: str, job: dict[str, Any], limit: int = 16) -> list[str]:
    """The commands a matrix job runs: `poe ${{ matrix.task }}` with task: [lint, check] is `poe lint` and `poe
    check` (up to `limit` variants; a value infra-fix cannot read leaves the reference as it is)."""
    strategy = job.get("strategy")
    matrix = strategy.get("matrix") if isinstance(strategy, dict) else None
    # a conditional expression in the middle of a command (`-m ${{ cond && 'coverage run -m' || '' }} pytest`)
    # stands for optional words: read the command without them
    text = re.sub(r"\$\{\{(?:(?!\}\}).)*(?:&&|\|\||==|!=)(?:(?!\}\}).)*\}\}", "", text)
    variants = [text]
    for name in dict.fromkeys(re.findall(r"\$\{\{\s*matrix\.([\w-]+)\s*\}\}", text)):
        values = _matrix_scalars(matrix, name)
        if not values:
            continue
        pattern = re.compile(r"\$\{\{\s*matrix\." + re.escape(name) + r"\s*\}\}")
        variants = [pattern.sub(lambda _, v=v: v, t) for t in variants for v in values][:limit]
    return variants


def _matrix_scalars(matrix: Any, name: str) -> list[str]:  # noqa: ANN401 - a matrix as the workflow gives it
    if not isinstance(matrix, dict):
        return []
    values = matrix.get(name)
    found = [str(v) for v in values if isinstance(v, str | int | float)] if isinstance(values, list) else []
    include = matrix.get("include")
    for entry in include if isinstance(include, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get(name), str | int | float):
            found.append(str(entry[name]))
    return list(dict.fromkeys(found))


def action_steps(repo: Repository, uses: str) -> list[dict[str, Any]]:
    """The steps of one of the repository's own composite actions (`uses: ./.github/actions/setup`)."""
    folder = uses.removeprefix("./").rstrip("/")
    action = yaml_data(repo.snapshot.text(f"{folder}/action.yml") or repo.snapshot.text(f"{folder}/action.yaml"))
    runs = action.get("runs") if isinstance(action, dict) else None
    return steps_of(runs) if isinstance(runs, dict) else []


def _action_hits(uses: str, step: dict[str, Any], cwd: str, scanner: Scanner, repo: Repository) -> set[Hit]:
    name = uses.split("@", 1)[0].lower()
    given = step.get("with")
    with_: dict[str, Any] = given if isinstance(given, dict) else {}
    if uses.startswith("./"):
        return _job_hits({"steps": action_steps(repo, uses)}, None, scanner, repo)
    if name.endswith("/ruff-action"):
        args = str(with_.get("args", "check"))
        if args.split()[:1] == ["format"]:
            return {Hit(RUFF_FORMAT, cwd)} if re.search(r"--(?:check|diff)\b", args) else set()
        return {Hit(RUFF_CHECK, cwd)}
    if name.endswith("/pyright-action"):
        return {Hit(PYRIGHT, cwd)}
    if name in _PRECOMMIT_ACTIONS:
        extra = str(with_.get("extra_args", ""))
        return scanner.hooks([w for w in extra.split() if not w.startswith("-")], cwd)
    return set()


def _primary(gating: list[Workflow]) -> str | None:
    """The CI workflow: the merge gate that runs the most checks, one triggered by pull requests first (ci.yml on
    a tie). A gate without a pull_request trigger still counts: CI004 adds the trigger, and the run must converge.
    A workflow that runs no check, or only the pre-commit hooks (pre-commit.yml), is the CI only by its name (ci.yml,
    tests.yml), and one limited to some paths (`paths: [frontend/**]`) never is: a job added there would not run for
    the projects it misses."""
    best: tuple[Any, ...] | None = None
    primary = None
    for workflow in gating:
        stem = workflow.path.rsplit("/", 1)[1].rsplit(".", 1)[0].lower()
        checks = workflow.checks() & set(CHECKS)
        if ((not checks or _hooks_only(workflow)) and stem not in _CI_NAMES) or _path_limited(workflow):
            continue
        score = (workflow.pull_request, len(checks), stem == "ci", stem in _CI_NAMES)
        if best is None or score > best:
            best, primary = score, workflow.path
    return primary


_SETUP_ACTIONS = ("actions/checkout", "actions/setup-python", "astral-sh/setup-uv", "actions/cache")
_HOOKS_LINE = re.compile(
    r"(?:(?:pipx|uv|poetry|pdm)\s+run\s+|uvx\s+)?(?:pre-commit|prek)\s+run\b.*"
    r"|(?:python3?\s+-m\s+)?(?:pip|pipx|uv\s+pip|uv\s+tool)\s+install\s+(?:-\S+\s+)*(?:pre-commit|prek)\S*"
)


def _hooks_only(workflow: Workflow) -> bool:
    """A workflow that runs the pre-commit hooks and nothing else (pre-commit.yml, which adopting pre-commit brings):
    its checks are the hooks', and unless its name says it is the CI, it is no place for the other jobs."""
    steps = [step for job in jobs_of(workflow.data).values() for step in steps_of(job)]
    uses = [str(step["uses"]) for step in steps if "uses" in step]
    lines = [line.strip() for step in steps if "run" in step for line in str(step["run"]).splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    runs_hooks = any(u.startswith(_PRECOMMIT_ACTIONS) for u in uses) or any("run" in line for line in lines)
    return (
        runs_hooks
        and all(u.startswith(_PRECOMMIT_ACTIONS + _SETUP_ACTIONS) for u in uses)
        and all(_HOOKS_LINE.fullmatch(line) for line in lines)
    )


def _path_limited(workflow: Workflow) -> bool:
    on = triggers(workflow.data)
    return any(isinstance(on.get(event), dict) and "paths" in on[event] for event in ("pull_request", "push"))


def _default_branch(repo: Repository, gating: list[Workflow]) -> str | None:
    """origin/HEAD, else the one branch every gating workflow's filters name, else the remote's main or master;
    None when these disagree or say nothing: a default branch is never guessed."""
    if repo.snapshot.default_branch:
        return repo.snapshot.default_branch
    named: list[set[str]] = []
    for workflow in gating:
        on = triggers(workflow.data)
        for event in ("push", "pull_request"):
            spec = on.get(event)
            branches = spec.get("branches") if isinstance(spec, dict) else None
            if isinstance(branches, list | str):
                literal = {b for b in ([branches] if isinstance(branches, str) else branches) if isinstance(b, str)}
                literal = {b for b in literal if not re.search(r"[*?\[!]", b)}
                if literal:
                    named.append(literal)
    common = set.intersection(*named) if named else set()
    if len(common) == 1:
        return common.pop()
    remote = [b for b in ("main", "master") if b in repo.snapshot.branches]
    return remote[0] if len(remote) == 1 and not named else None
