"""The EV rules' documentation and examples (data: --explain and docs/rules.md come from it)."""

from __future__ import annotations

from ...model import Applicability, Rule, Severity
from .examples import EXAMPLE_EXAMPLES, GITIGNORE_EXAMPLES, HARDCODED_EXAMPLES, TRACKED_ENV_EXAMPLES

GITIGNORE = Rule(
    code="EV001",
    name="gitignore-env",
    summary="The repository's .gitignore lets `.env`, a virtual environment or bytecode into git.",
    rationale="A `.env` holds the real credentials a developer runs with; once committed they stay in the history "
    "(blueprint section 10: `.env`, `.env-*`, `__pycache__/`, `.venv/`, `*.pyc` in .gitignore). Git itself judges "
    "what is ignored (`git check-ignore` in every folder holding a project's or a container's files), so `.env*` "
    "covers `.env`, a later `!.env` undoes it, and a developer's global excludes file does not count.",
    applicability=Applicability.SAFE,
    tiers=(Applicability.MANUAL,),
    severity=Severity.ERROR,
    fix="Safe: append the missing patterns to the root .gitignore, unanchored so they cover every folder, as a "
    "group under a comment where the file groups its lines (`.env.*` with `!` lines for the example env files it "
    "would hide, unless the repository commits `.env.*` files on purpose; no `.env` where a tracked `.env` configures "
    "compose, EV003), or create the file: a repair of the git the repository runs. Manual where a `!` "
    "line of the repository's un-ignores the file (the human's word), or where the pattern is listed and git still "
    "does not ignore the file.",
    examples=GITIGNORE_EXAMPLES,
)
EXAMPLE = Rule(
    code="EV002",
    name="example-env",
    summary="An env file is read here, and no example env file lists every variable it must hold.",
    rationale="The example env file (`example.env`, `.env.example`, `env.example`) is how a new developer or a "
    "deployment learns which variables to set; one beside each `.env` that is read (a compose file's folder, a "
    "project's), listing every variable read there: compose interpolation and pass-through, `os.environ`/"
    "`os.getenv`, pydantic settings fields, python-decouple, alembic env.py, a Makefile that includes the env file "
    "(blueprint section 10, 'example.env structure' and 'Separate example.env per context'). It holds "
    "placeholders for credentials, never their values.",
    applicability=Applicability.SAFE,
    tiers=(Applicability.UNSAFE,),
    fix="Safe: append the missing variables to the existing example file (any of the usual names, `.env.sample` "
    "and `.env.template` included), in groups under comments, keeping every line and its order; or create "
    "`example.env` (the name the repository already uses elsewhere, one git does not ignore) where the project is "
    "configured through an env file (a repair: the project already reads the env file; the example documents it). "
    "Values are placeholders only: `change-me` or `your_key_here` for a credential, the default every reader "
    "agrees on where it is plainly no secret (commented out where no reader requires the variable), empty where "
    "it is required, a commented-out line where it is optional. Unsafe where something loads the example file "
    "itself (`env_file:`, `load_dotenv`), since a new line then sets the variable. Nothing is created beside a tracked "
    "`.env` that already serves as the template (EV003 reports it), nor for a library that reads only ambient "
    "variables (`CI`, `NO_COLOR`).",
    examples=EXAMPLE_EXAMPLES,
)
TRACKED_ENV = Rule(
    code="EV003",
    name="tracked-env",
    summary="A `.env` file is tracked by git.",
    rationale="`.env` is where the real values go; tracked, every credential in it is published with the "
    "repository and stays in its history (blueprint section 10: `git ls-files .env` returns empty). Judged by its "
    "content: credentials are a leak; a file of placeholders is a template under the wrong name; compose's own "
    "defaults file beside a compose file is tracked on purpose.",
    applicability=Applicability.MANUAL,
    severity=Severity.ERROR,
    fix="Manual: for credentials (an error), the exact `git rm --cached` and commit commands, and the names to "
    "rotate; for a template of placeholders (a warning), the `git mv` to an example name; for compose's defaults "
    "file (a warning), keep it and keep credentials out of it. A `.env.production` of public settings is left "
    "alone, and test and example env files are judged by EV004.",
    examples=TRACKED_ENV_EXAMPLES,
)
HARDCODED = Rule(
    code="EV004",
    name="hardcoded-secret",
    summary="A credential is written in a tracked file.",
    rationale="Database URLs, API keys and passwords come from the environment, never from a file in git "
    "(blueprint section 10, 'No hardcoded secrets anywhere'). Found by name (a credential-named key with a literal "
    "value, as BuildKit and hadolint name them) and by value (known token formats and passwords in URLs, as "
    "gitleaks' provider rules); placeholders (`change-me`, `your_key_here`, `<token>`) and interpolations "
    "(`${VAR}`, `${{ secrets.X }}`) never count, and a `${VAR:-default}` default does. Reported by the family that "
    "owns the file (compose and Dockerfiles, alembic, Makefiles); this rule covers Python settings defaults, "
    "workflows, env files and tool configuration.",
    applicability=Applicability.MANUAL,
    severity=Severity.ERROR,
    fix="Manual: the file, the line and the variable's name (never the value), with what to do there: remove a "
    "settings default, use `${{ secrets.NAME }}` in a workflow, move an env file's value to an ignored file; and "
    "rotate the credential, which stays in the history.",
    examples=HARDCODED_EXAMPLES,
)

RULES = (GITIGNORE, EXAMPLE, TRACKED_ENV, HARDCODED)
