"""The AL rules' documentation (data: --explain and docs/rules.md come from it); their examples are in examples.py."""

from __future__ import annotations

from ...model import Applicability, Rule, Severity
from . import examples as ex

CREDENTIALS = Rule(
    code="AL001",
    name="alembic-ini-credentials",
    summary="A database password is written in alembic.ini.",
    rationale="Blueprint section 9: `sqlalchemy.url` must be blank and built from environment variables; a password "
    "committed in alembic.ini is in every clone and in the history. A missing key or a blank one complies, and "
    "alembic's template URL (`driver://user:pass@localhost/dbname`) is a placeholder, not a secret.",
    applicability=Applicability.UNSAFE,
    tiers=(
        Applicability.MANUAL,
        Applicability.SAFE,
    ),
    severity=Severity.ERROR,
    fix="Leave `sqlalchemy.url =` blank together with an env.py that builds the URL from the environment. Safe where "
    "env.py already sets the URL in code for every path (the ini's value is never read). Unsafe where env.py reads "
    "the ini: it gains a get_url() from POSTGRES_HOST, POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_PORT and "
    "POSTGRES_DB (the ini URL's driver, user, host, port and database as their defaults, the password required), "
    "used through `config.set_main_option` where no caller set a URL, so the deployment must then set them. Manual "
    "where env.py is multidb, Flask-Migrate, not found, the database is not PostgreSQL or the project pins a "
    "SQLAlchemy older than 1.4 (get_url() uses `URL.create`), and for a password in a comment. The password is "
    "never printed.",
    examples=ex.CREDENTIALS,
)
URL_IN_INI = Rule(
    code="AL002",
    name="alembic-ini-url",
    summary="The database URL is written in alembic.ini.",
    rationale="Blueprint section 9: the URL is built from environment variables, so that each deployment names its "
    "own database; a URL in alembic.ini is one database for every deployment. SQLite files are left alone.",
    applicability=Applicability.UNSAFE,
    tiers=(Applicability.SAFE,),
    fix="As AL001: leave `sqlalchemy.url =` blank, safely where env.py never reads it, and otherwise (unsafe) with a "
    "get_url() from POSTGRES_* in env.py, POSTGRES_PASSWORD optional as it was; manual where env.py's shape is not "
    "one infra-fix can serve.",
    examples=ex.URL_IN_INI,
)
FILE_TEMPLATE = Rule(
    code="AL003",
    name="alembic-file-template",
    summary="Revision files are not named by date.",
    rationale="Blueprint section 9: `file_template` dated (`%%(year)d%%(month).2d%%(day).2d_%%(hour).2d%%(minute).2d_"
    "%%(rev)s_%%(slug)s`, `%` doubled for configparser, in `[tool.alembic]` too), so that the versions folder lists "
    "revisions in the order they were written. Any dated template the project chose complies.",
    applicability=Applicability.SAFE,
    tiers=(Applicability.MANUAL,),
    fix="Set `file_template` in the tree's ini section (or `[tool.alembic]` where the tree keeps its settings there), "
    "below alembic's commented-out suggestion: safe where the versions folder is empty or already uses that form "
    "(it names only new revisions); manual where existing revisions follow another scheme or the versions folder "
    "cannot be found.",
    examples=ex.FILE_TEMPLATES,
)
DOTENV = Rule(
    code="AL004",
    name="alembic-dotenv",
    summary="Alembic's env.py reads database variables from the environment without loading the project's .env.",
    rationale="Blueprint section 9: env.py loads `.env` from the project root with python-dotenv, so that `alembic "
    "upgrade` run by a developer sees the variables the application sees. Only where the project keeps a .env "
    "(an example env file, a tracked .env, or git ignoring .env); variables already set win (no override).",
    applicability=Applicability.SAFE,
    tiers=(Applicability.UNSAFE,),
    fix='Add `load_dotenv(Path(__file__).resolve().parents[N] / ".env")` after the imports, N reaching the folder '
    "of the project's .env: safe where python-dotenv is a runtime dependency; unsafe where it is not, adding "
    "`python-dotenv` to `[project] dependencies` in the same change (a uv.lock must then be re-locked); manual "
    "where the project declares its dependencies elsewhere.",
    examples=ex.DOTENV,
)
METADATA = Rule(
    code="AL005",
    name="alembic-target-metadata",
    summary="Autogenerate does not see the project's models.",
    rationale="Blueprint section 9: env.py imports every model, so that `target_metadata` is the real metadata; "
    "otherwise `alembic revision --autogenerate` plans to drop the tables it does not see, and `alembic check` "
    "passes over changes to them. [ADAPT] the metadata is found by looking for the SQLModel, DeclarativeBase or "
    "declarative_base() metadata and the modules that define tables on it.",
    applicability=Applicability.UNSAFE,
    tiers=(Applicability.MANUAL,),
    fix="Unsafe where `target_metadata = None` and the project's metadata is found (one base): import it and set "
    "`target_metadata = Base.metadata`; unsafe where modules defining tables are never imported by env.py: import "
    "them. Manual, saying what to add, where the metadata cannot be found or is ambiguous.",
    examples=ex.METADATA,
)
COMPARE_TYPE = Rule(
    code="AL006",
    name="alembic-compare-type",
    summary="Autogenerate ignores column type changes.",
    rationale="Blueprint section 9: `compare_type=True`. It is alembic's default since 1.12, so it is reported only "
    "where it is set False or where the pinned alembic is older; it is never added to a call that already passes "
    "it through `**kwargs` (Flask-Migrate's `configure_args`: a second one raises TypeError).",
    applicability=Applicability.UNSAFE,
    fix="Set `compare_type=True` in `context.configure(...)` (unsafe: `alembic check` may then find type changes "
    "the project has not migrated yet); manual where a comment beside it gives a reason.",
    examples=ex.COMPARE_TYPE,
)
INCLUDE_SCHEMAS = Rule(
    code="AL007",
    name="alembic-include-schemas",
    summary="Autogenerate compares every schema (`include_schemas=True` without an `include_name` filter).",
    rationale="Blueprint section 9 asks for `include_schemas=True` only with a filter: without one, autogenerate "
    "compares every schema of the database, and `alembic check` plans `remove_table` for the tables of schemas the "
    "models do not cover (alembic 1.20, measured on PostgreSQL).",
    applicability=Applicability.MANUAL,
    fix="Manual: the schemas to compare are the project's decision; the finding gives the `include_name` function "
    "to add. An `include_object` that filters counts as a filter.",
    examples=ex.INCLUDE_SCHEMAS,
)
ENV_CREDENTIALS = Rule(
    code="AL008",
    name="alembic-env-credentials",
    summary="A credential is written in alembic's env.py.",
    rationale="Blueprint section 9: no credential in the migration configuration; env.py is committed like "
    "alembic.ini. A URL written into env.py with its password, a credential-named variable holding a literal, or a "
    "commented-out URL all count; the password is never printed.",
    applicability=Applicability.MANUAL,
    severity=Severity.ERROR,
    fix="Manual: read it from the environment (AL001's get_url() is the shape), and rotate it.",
    examples=ex.ENV_CREDENTIALS,
)

ALL = (CREDENTIALS, URL_IN_INI, FILE_TEMPLATE, DOTENV, METADATA, COMPARE_TYPE, INCLUDE_SCHEMAS, ENV_CREDENTIALS)
