"""The DF, DI and DC rules' documentation (data: --explain and docs/rules.md come from it); the examples are in
examples.py. Blueprint section 7 (Docker), with section 6's "locks are not regenerated at build time" and the
hardening appendix's PYTHONFAULTHANDLER."""

from __future__ import annotations

from ...model import Applicability, Rule, Severity
from . import examples as ex

_S7 = "Blueprint section 7 (Docker)"

# -- Dockerfile -------------------------------------------------------------------------------------------------------

BASE_DIGEST = Rule(
    code="DF001",
    name="image-digest",
    summary="A base image is not pinned by digest.",
    rationale=f"{_S7}: a tag moves (python:3.12-slim is rebuilt every few weeks), so the same Dockerfile builds "
    "different images; a digest pins the bytes. Renovate's pinDigests keeps such pins current.",
    applicability=Applicability.MANUAL,
    tiers=(Applicability.SAFE,),
    fix="Manual: the finding names the line to write (`FROM name:tag@sha256:<digest>`, Renovate's form, which keeps "
    "the tag) and how to get the digest. Safe where `image-digests` in `[tool.infra-fix]` gives the digest for "
    "that `name:tag`: the digest is appended. Images built from a build argument (`FROM python:${PY}-slim`) and "
    "stages are left alone; development and test images are not judged.",
    options=("image-digests",),
    examples=ex.BASE_DIGEST,
)
UV_TAG = Rule(
    code="DF002",
    name="uv-image-version",
    summary="The image uv is copied from has a tag that names no uv version.",
    rationale=f"{_S7}: `ghcr.io/astral-sh/uv:latest` (or `:python3.12-bookworm`) gives whatever uv was released "
    "last, so the same Dockerfile installs with different uv versions; uv's Docker guide pins `uv:0.x.y`.",
    applicability=Applicability.MANUAL,
    fix="Manual: pin the uv version in the tag (`ghcr.io/astral-sh/uv:0.x.y`); infra-fix never invents one.",
    examples=ex.UV_TAG,
)
UV_PIP = Rule(
    code="DF003",
    name="uv-installed-with-pip",
    summary="The Dockerfile installs uv with pip.",
    rationale=f"{_S7}: uv's Docker guide copies the static binaries from its image (`COPY --from=ghcr.io/astral-"
    "sh/uv`): no pip, no Python packages in the layer, and the version is the image's tag.",
    applicability=Applicability.SAFE,
    tiers=(Applicability.MANUAL,),
    fix="Safe where `pip install uv` is a command of its own (alone, or first in a `&&` chain): it becomes `COPY "
    "--from=ghcr.io/astral-sh/uv:<version> /uv /uvx <folder>`, the version from `uv==X` (else `latest`, which "
    "DF002 then asks to pin), the folder where pip put it (`/usr/local/bin/`, or the active virtual "
    "environment's `bin/`). Manual where uv is also used as a Python module (`python -m uv`), installed with "
    "`--user`, with other packages, from a build argument, or in a heredoc.",
    examples=ex.UV_PIP,
)
FROZEN = Rule(
    code="DF004",
    name="uv-sync-frozen",
    summary="The image's `uv sync` neither uses the lock as it is (`--frozen`) nor checks it (`--locked`).",
    rationale=f"{_S7} and section 6: without `--frozen` or `--locked`, `uv sync` re-resolves when uv.lock is "
    "behind pyproject.toml, so the image gets versions nobody reviewed; locks are not regenerated at build time.",
    applicability=Applicability.SAFE,
    tiers=(Applicability.UNSAFE, Applicability.MANUAL),
    fix="`--frozen` is added after `uv sync` where uv.lock is in the image at that point (the build context has it, "
    "the `.dockerignore` lets it through, and a COPY or a bind mount puts it in the project's folder): safe where "
    "the repository checks that its lock is current (`uv lock --check`, `uv sync --locked`, the uv-lock hook), "
    "unsafe elsewhere (a stale lock then installs its own versions). Manual where the lock is not there (`--frozen` "
    "would fail: 'Unable to find lockfile'), where that cannot be told, and in heredocs. `--locked`, `UV_FROZEN` "
    "and `UV_LOCKED` comply; `--locked` is never turned into `--frozen`. Development and test images are not "
    "judged.",
    examples=ex.FROZEN,
)
NO_DEV = Rule(
    code="DF005",
    name="uv-sync-no-dev",
    summary="A production stage's `uv sync` installs the dev dependency group.",
    rationale=f"{_S7}: production images do not carry test and lint tools: a smaller image, fewer packages to patch.",
    applicability=Applicability.UNSAFE,
    tiers=(Applicability.MANUAL,),
    fix="Unsafe: `--no-dev` is added after `uv sync` (the image loses the dev group's packages). `--no-dev`, "
    "`UV_NO_DEV`, `--no-group dev`, `--only-group`, `--no-default-groups` comply; a sync that asks for dev "
    "packages (`--group dev`, `--dev`, `--all-groups`), a dev or test stage, and a project without a dev group "
    "are left alone. Manual where the image's command runs a dev package.",
    examples=ex.NO_DEV,
)
LOCK_AT_BUILD = Rule(
    code="DF006",
    name="uv-lock-at-build",
    summary="The Dockerfile runs `uv lock`: the lock is made at build time.",
    rationale="Blueprint section 6: locks are not regenerated at build time (non-deterministic builds); the image "
    "installs the lock that was committed and reviewed.",
    applicability=Applicability.MANUAL,
    fix="Manual: commit uv.lock, copy it into the image and install with `uv sync --frozen`.",
    severity=Severity.WARNING,
    examples=ex.LOCK_AT_BUILD,
)
LOCK_IGNORED = Rule(
    code="DF007",
    name="uv-lock-ignored",
    summary="The project commits uv.lock, but its image installs with pip instead.",
    rationale=f"{_S7}: the image is built from the committed lock; `pip install -r requirements.txt` or `pip "
    "install .` resolve again, so the image and the tested environment drift apart.",
    applicability=Applicability.MANUAL,
    fix="Manual: install with `uv sync --frozen --no-dev` (or `uv export --frozen` piped to `uv pip install`). A "
    "requirements file exported from uv.lock, or installed with `--require-hashes`, complies.",
    examples=ex.LOCK_IGNORED,
)
VENV_ENV = Rule(
    code="DF008",
    name="venv-environment",
    summary="The image runs from a virtual environment that `VIRTUAL_ENV` and `PATH` do not name.",
    rationale=f"{_S7}: with `VIRTUAL_ENV` and the venv's `bin/` first on `PATH`, `python` and the installed "
    "commands are the venv's, whatever the CMD or a `docker run` says.",
    applicability=Applicability.SAFE,
    fix='Safe: `ENV VIRTUAL_ENV=<venv>` and `ENV PATH="<venv>/bin:$PATH"` are added after the instruction that '
    "puts the venv in the image's stage (a `uv sync`, a `COPY --from` of it). Manual where the stage names "
    "another venv, or has several.",
    examples=ex.VENV_ENV,
)
LAYER_ORDER = Rule(
    code="DF009",
    name="dependencies-before-source",
    summary="The dependencies are installed after the whole source is copied in.",
    rationale=f"{_S7}: with pyproject.toml and uv.lock copied and synced first (`--no-install-project`), a change "
    "to the source rebuilds only the last layers; uv's guide calls it intermediate layers. The bind-mount form "
    "(`--mount=type=bind,source=uv.lock`) complies.",
    applicability=Applicability.UNSAFE,
    tiers=(Applicability.MANUAL,),
    fix="Unsafe (the layers change): `COPY pyproject.toml uv.lock <folder>` and the same `uv sync` with "
    "`--no-install-project` are added before the COPY of the source. Manual for a uv workspace (every member's "
    "pyproject.toml is needed) and where the sync is not a command of its own.",
    examples=ex.LAYER_ORDER,
)
FAULTHANDLER = Rule(
    code="DF010",
    name="python-faulthandler",
    summary="The Python image does not set `PYTHONFAULTHANDLER=1`.",
    rationale="Hardening appendix A.6: a crash in a C extension (a segfault) then prints the Python traceback "
    "instead of nothing.",
    applicability=Applicability.SAFE,
    fix="Safe: `ENV PYTHONFAULTHANDLER=1` in the stage the production images start from (beside its other PYTHON* "
    "settings). A value set by the file is left as it is.",
    examples=ex.FAULTHANDLER,
)
NON_ROOT = Rule(
    code="DF011",
    name="non-root-user",
    summary="The production image runs as root.",
    rationale=f"{_S7} (and hadolint DL3002, checkov CKV_DOCKER_3): a process that escapes the application runs as "
    "root in the container.",
    applicability=Applicability.UNSAFE,
    fix="Unsafe (files the app writes must belong to that user; ports below 1024 need root): `USER` with a "
    "system user is added before the image's command, the user created first (Debian or Alpine tools, from the "
    "base image), or the one the file already creates. Manual on other bases.",
    examples=ex.NON_ROOT,
)
BUILD_SECRETS = Rule(
    code="DF012",
    name="secret-in-image",
    summary="A secret is passed through `ARG` or `ENV`, or written into the Dockerfile.",
    rationale=f"{_S7}: build arguments and ENV values stay in the image's metadata and history (`docker history`); "
    "BuildKit's SecretsUsedInArgOrEnv and hadolint's DL3064 flag such names, gitleaks such values.",
    applicability=Applicability.MANUAL,
    severity=Severity.ERROR,
    fix="Manual: pass the secret at build time with `RUN --mount=type=secret,id=<name>` (or at run time), and "
    "rotate a value that was committed. The value is never printed.",
    examples=ex.BUILD_SECRETS,
)

# -- .dockerignore ----------------------------------------------------------------------------------------------------

IGNORE_ENTRIES = Rule(
    code="DI001",
    name="dockerignore-entries",
    summary="The `.dockerignore` lets `.env` files, `.git` or `.venv` into the build context.",
    rationale=f"{_S7}: what the context holds can end in the image (`COPY . .`): secrets from `.env`, the history "
    "in `.git`, a host virtual environment that breaks the image's. Docker anchors patterns at the context's root: "
    "`.env` keeps out only the root's, `**/.env` every one.",
    applicability=Applicability.SAFE,
    fix="Safe: `**/.env`, `**/.env.*`, `.git` and `**/.venv` are appended as a group (only those still let in, "
    "judged with Docker's own matching). A CI checkout holds none of them, so the image CI builds is unchanged. A "
    "pattern is left out where a COPY names what it would exclude, where it would undo the file's own `!` "
    "exception, where the repository tracks such a file, and (`.git`) where the build reads the version from git.",
    examples=ex.IGNORE_ENTRIES,
)
IGNORE_ABSENT = Rule(
    code="DI002",
    name="dockerignore-absent",
    summary="A build context has no `.dockerignore`.",
    rationale=f"{_S7}: without one, the whole folder is sent to the builder, `.env` and `.git` included.",
    applicability=Applicability.SAFE,
    tiers=(Applicability.MANUAL,),
    fix="Safe (a repair of the build the repository already has): a `.dockerignore` with the DI001 entries is "
    "created at the root of a build context a compose file or a workflow names (or the folder holding every file "
    "the Dockerfile copies). Manual where the context is only a guess.",
    examples=ex.IGNORE_ABSENT,
)
IGNORE_WHITELIST = Rule(
    code="DI003",
    name="dockerignore-whitelist",
    summary="The `.dockerignore` lists what to keep out rather than what to let in.",
    rationale=f"{_S7}: a whitelist (`**`, then `!` for what the image needs) sends nothing by accident.",
    applicability=Applicability.MANUAL,
    fix="Manual: the finding gives the whitelist made from what the Dockerfiles built with this context copy and "
    "bind-mount. Not offered where one copies the whole context (`COPY . .`).",
    examples=ex.IGNORE_WHITELIST,
)

# -- compose ----------------------------------------------------------------------------------------------------------

HEALTHCHECK = Rule(
    code="DC001",
    name="compose-healthcheck",
    summary="A database or cache service has no healthcheck.",
    rationale=f"{_S7}: with a healthcheck, `depends_on: condition: service_healthy` and `docker compose up --wait` "
    "wait until the database accepts connections, not just until its container started.",
    applicability=Applicability.SAFE,
    tiers=(Applicability.MANUAL,),
    fix="Safe: the image's own readiness command (postgres `pg_isready`, mysql `mysqladmin ping`, mariadb "
    "`healthcheck.sh`, redis/valkey `ping`, mongo `mongosh`), reading the container's variables with `$$`. "
    "Manual where the service uses `extends:` or a merge key (it may inherit one), where redis needs a password, "
    "or where the image's version lacks the command.",
    examples=ex.HEALTHCHECK,
)
RESTART = Rule(
    code="DC002",
    name="compose-restart",
    summary="A long-running service has no restart policy.",
    rationale=f"{_S7}: `restart: unless-stopped` brings a crashed service back, and it comes back after a reboot "
    "unless it was stopped by hand.",
    applicability=Applicability.SAFE,
    tiers=(Applicability.MANUAL,),
    fix="Safe in deployment compose files, for services that serve (a known server image, published ports, a "
    "healthcheck) and are not one-shot jobs (migrations, init, seed; a service others wait to complete): "
    "`restart: unless-stopped` is added. An existing `restart` is never changed; development and test files are "
    "left alone; other services get a manual finding.",
    examples=ex.RESTART,
)
COMPOSE_SECRET = Rule(
    code="DC003",
    name="compose-literal-secret",
    summary="A secret is written into the compose file.",
    rationale=f"{_S7}: environment variables come from `${{VAR}}`, never hard-coded secrets; a committed password is "
    "in every clone and every fork.",
    applicability=Applicability.UNSAFE,
    severity=Severity.ERROR,
    fix="Unsafe (the service then needs the variable set): the value becomes `${VAR:?set VAR in .env}` (one "
    "variable per distinct value, named after its key), which compose refuses to start without; the EV rules add "
    "the variable to the example env file with a placeholder. Test, e2e and CI compose files are fixtures: only "
    "real tokens are reported there, nothing is rewritten. The value is never printed.",
    examples=ex.COMPOSE_SECRET,
)
SECRET_DEFAULT = Rule(
    code="DC004",
    name="compose-secret-default",
    summary="An interpolation's default value is a secret (`${DB_PASSWORD:-s3cret}`).",
    rationale=f"{_S7}: the default is used whenever the variable is unset, so the password is still in the file "
    "while it looks like an interpolation.",
    applicability=Applicability.MANUAL,
    severity=Severity.ERROR,
    fix="Manual: drop the default (`${DB_PASSWORD:?set DB_PASSWORD in .env}`) once every deployment sets the "
    "variable, and rotate the value.",
    examples=ex.SECRET_DEFAULT,
)
COMPOSE_DIGEST = Rule(
    code="DC005",
    name="compose-image-digest",
    summary="A service's image is not pinned by digest.",
    rationale=f"{_S7}: a tag moves; a digest pins what runs.",
    applicability=Applicability.MANUAL,
    fix="Manual: `image: name:tag@sha256:<digest>` (Renovate's form); the digest from `image-digests` where given. "
    "Images built by the file, or named by a variable, and development and test files are left alone.",
    options=("image-digests",),
    examples=ex.COMPOSE_DIGEST,
)
NETWORKS = Rule(
    code="DC006",
    name="compose-named-networks",
    summary="The services share compose's default network.",
    rationale=f"{_S7}: named networks keep services that need not talk apart (the database away from the proxy).",
    applicability=Applicability.MANUAL,
    fix="Manual: declare networks under `networks:` and attach each service to those it needs.",
    examples=ex.NETWORKS,
)

DOCKERFILE_RULES = (
    BASE_DIGEST, UV_TAG, UV_PIP, FROZEN, NO_DEV, LOCK_AT_BUILD, LOCK_IGNORED, VENV_ENV, LAYER_ORDER, FAULTHANDLER,
    NON_ROOT, BUILD_SECRETS,
)  # fmt: skip
IGNORE_RULES = (IGNORE_ENTRIES, IGNORE_ABSENT, IGNORE_WHITELIST)
COMPOSE_RULES = (HEALTHCHECK, RESTART, COMPOSE_SECRET, SECRET_DEFAULT, COMPOSE_DIGEST, NETWORKS)
