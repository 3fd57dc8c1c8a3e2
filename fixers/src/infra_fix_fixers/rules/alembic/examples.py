"""The AL rules' documented examples (run by tests/unit/test_examples.py), kept apart from the rules' logic.

The example repository: a project at the root, `alembic.ini` naming `migrations/`, an env.py shaped as alembic's
generic template (trimmed of its comments; tests/unit/test_alembic_templates.py runs the rules on the templates as
alembic ships them). Passwords here are fakes.
"""

from __future__ import annotations

from ...model import fixes, noop, reports

PYPROJECT = '[project]\nname = "shop"\nversion = "0.1.0"\ndependencies = ["sqlalchemy", "alembic"]\n'
FILE_TEMPLATE = "%%(year)d%%(month).2d%%(day).2d_%%(hour).2d%%(minute).2d_%%(rev)s_%%(slug)s"

INI = (
    "[alembic]\n"
    "script_location = migrations\n"
    "prepend_sys_path = .\n"
    f"file_template = {FILE_TEMPLATE}\n"
    "sqlalchemy.url = {url}\n"
    "\n"
    "[loggers]\n"
    "keys = root\n"
)
SECRET_URL = "postgresql+psycopg://shop:Tr0ub4dor-3@db:5432/shop"  # noqa: S105 - a fake, for the examples
BLANK_INI = INI.replace(" {url}", "")

ENV = (
    "from logging.config import fileConfig\n"
    "\n"
    "from sqlalchemy import engine_from_config, pool\n"
    "\n"
    "from alembic import context\n"
    "\n"
    "config = context.config\n"
    "if config.config_file_name is not None:\n"
    "    fileConfig(config.config_file_name)\n"
    "\n"
    "target_metadata = None\n"
    "\n"
    "\n"
    "def run_migrations_offline() -> None:\n"
    '    url = config.get_main_option("sqlalchemy.url")\n'
    "    context.configure(url=url, target_metadata=target_metadata, literal_binds=True)\n"
    "    with context.begin_transaction():\n"
    "        context.run_migrations()\n"
    "\n"
    "\n"
    "def run_migrations_online() -> None:\n"
    "    section = config.get_section(config.config_ini_section, {})\n"
    '    connectable = engine_from_config(section, prefix="sqlalchemy.", poolclass=pool.NullPool)\n'
    "    with connectable.connect() as connection:\n"
    "        context.configure(connection=connection, target_metadata=target_metadata)\n"
    "        with context.begin_transaction():\n"
    "            context.run_migrations()\n"
    "\n"
    "\n"
    "if context.is_offline_mode():\n"
    "    run_migrations_offline()\n"
    "else:\n"
    "    run_migrations_online()\n"
)
# env.py that takes the URL from the application's settings, as mem0's and dispatch's do
SETTINGS_ENV = ENV.replace(
    "config = context.config\n",
    'config = context.config\nconfig.set_main_option("sqlalchemy.url", settings.database_url)\n',
).replace("from alembic import context\n", "from alembic import context\nfrom app.config import settings\n")
GET_URL = (
    "def get_url() -> str:\n"
    '    """The database URL, built from the POSTGRES_* environment variables."""\n'
    "    return URL.create(\n"
    '        "postgresql+psycopg",\n'
    '        username=os.getenv("POSTGRES_USER", "shop"),\n'
    '        password=os.environ["POSTGRES_PASSWORD"],\n'
    '        host=os.getenv("POSTGRES_HOST", "db"),\n'
    '        port=int(os.getenv("POSTGRES_PORT", "5432")),\n'
    '        database=os.getenv("POSTGRES_DB", "shop"),\n'
    "    ).render_as_string(hide_password=False)\n"
    "\n"
    "\n"
    "# a URL the caller set (a test, the application) wins over the environment\n"
    'if not config.get_main_option("sqlalchemy.url"):\n'
    '    config.set_main_option("sqlalchemy.url", get_url().replace("%", "%%"))\n'
    "\n"
    "\n"
)
# env.py as the AL001 fix leaves it: get_url() before the first function, its imports in place
FIXED_ENV = (
    ENV.replace("from logging.config import fileConfig\n", "import os\nfrom logging.config import fileConfig\n")
    .replace("from sqlalchemy import engine_from_config, pool\n",
             "from sqlalchemy import engine_from_config, pool\nfrom sqlalchemy.engine import URL\n")
    .replace("def run_migrations_offline", GET_URL + "def run_migrations_offline", 1)
)  # fmt: skip
REPO = {"pyproject.toml": PYPROJECT, "alembic.ini": BLANK_INI, "migrations/env.py": ENV}

# -- AL001, AL002 ---------------------------------------------------------------------------------------------------

CREDENTIALS = (
    fixes(
        "blanked-where-env-py-sets-the-url-in-code",
        INI.format(url=SECRET_URL),
        BLANK_INI,
        files={**REPO, "migrations/env.py": SETTINGS_ENV},
    ),
    reports("template-env-py-needs-get-url-unsafe", INI.format(url=SECRET_URL), files=REPO),
    fixes(
        "blanked-with-get-url-in-env-py-with-unsafe-fixes",
        INI.format(url=SECRET_URL),
        BLANK_INI,
        files=REPO,
        unsafe_fixes=True,
    ),
    reports(
        "sqlalchemy-before-1-4-is-manual",  # get_url() needs URL.create
        INI.format(url=SECRET_URL),
        files={**REPO, "pyproject.toml": PYPROJECT.replace('"sqlalchemy"', '"sqlalchemy==1.3.24"')},
        unsafe_fixes=True,
    ),
    reports(
        "another-database-is-manual",
        INI.format(url="mysql+pymysql://shop:Tr0ub4dor-3@db/shop"),
        files=REPO,
        unsafe_fixes=True,
    ),
    reports(
        "a-commented-out-url-keeps-its-password",
        BLANK_INI.replace("[loggers]", "# sqlalchemy.url = postgresql://app:Tr0ub4dor-3@localhost/app\n[loggers]"),
        files=REPO,
    ),
    noop("alembic-template-placeholder", INI.format(url="driver://user:pass@localhost/dbname"), files=REPO),
    noop("blank-url", BLANK_INI, files=REPO),
    noop("a-url-some-code-fills-in", INI.format(url="{db_url}"), files=REPO),
    noop("no-url-key", BLANK_INI.replace("sqlalchemy.url =\n", ""), files=REPO),
)
URL_IN_INI = (
    fixes(
        "dead-url-blanked",
        INI.format(url="postgresql://localhost/shop"),
        BLANK_INI,
        files={**REPO, "migrations/env.py": SETTINGS_ENV},
    ),
    reports("url-read-by-env-py-needs-unsafe", INI.format(url="postgresql://localhost/shop"), files=REPO),
    noop("sqlite-file", INI.format(url="sqlite:///shop.db"), files=REPO),
)

# -- AL003 ----------------------------------------------------------------------------------------------------------

_NO_TEMPLATE = BLANK_INI.replace(f"file_template = {FILE_TEMPLATE}\n", "")
_SUGGESTED = _NO_TEMPLATE.replace(
    "prepend_sys_path = .\n",
    "# template used to generate migration file names; The default value is %%(rev)s_%%(slug)s\n"
    "# file_template = %%(year)d_%%(month).2d_%%(day).2d_%%(hour).2d%%(minute).2d-%%(rev)s_%%(slug)s\n"
    "\n"
    "prepend_sys_path = .\n",
)
_TOOL_ALEMBIC = PYPROJECT + '\n[tool.alembic]\nscript_location = "%(here)s/migrations"\n'
FILE_TEMPLATES = (
    fixes(
        "added-below-alembics-commented-suggestion",
        _SUGGESTED,
        _SUGGESTED.replace("-%%(rev)s_%%(slug)s\n\n", f"-%%(rev)s_%%(slug)s\nfile_template = {FILE_TEMPLATE}\n\n"),
        files=REPO,
    ),
    fixes(
        "added-below-script-location",
        _NO_TEMPLATE,
        _NO_TEMPLATE.replace("= migrations\n", f"= migrations\nfile_template = {FILE_TEMPLATE}\n"),
        files=REPO,
    ),
    reports(
        "existing-revisions-follow-another-scheme",
        _NO_TEMPLATE,
        files={**REPO, "migrations/versions/1975ea83b712_create_account.py": ""},
    ),
    fixes(
        "tool-alembic-in-pyproject",
        _TOOL_ALEMBIC,
        _TOOL_ALEMBIC + f'file_template = "{FILE_TEMPLATE}"\n',
        path="pyproject.toml",
        files={"migrations/env.py": ENV},
    ),
    noop(
        "a-dated-template-of-its-own",
        _NO_TEMPLATE.replace(
            "prepend_sys_path", "file_template = %%(year)d-%%(month).2d-%%(day).2d_%%(rev)s\nprepend_sys_path"
        ),
        files=REPO,
    ),  # fmt: skip
    noop(
        "revisions-already-dated",
        BLANK_INI,
        files={**REPO, "migrations/versions/20250101_0930_1975ea83b712_create_account.py": ""},
    ),
)

# -- AL004 ----------------------------------------------------------------------------------------------------------

_DOTENV_REPO = {**REPO, ".env.example": "POSTGRES_PASSWORD=change-me\n"}
_DOTENV_PYPROJECT = PYPROJECT.replace('"alembic"]', '"alembic", "python-dotenv"]')
_WITH_DOTENV = (
    FIXED_ENV.replace(
        "from logging.config import fileConfig\n",
        "from logging.config import fileConfig\nfrom pathlib import Path\n",
    )
    .replace(
        "from sqlalchemy import engine_from_config, pool\n",
        "from dotenv import load_dotenv\nfrom sqlalchemy import engine_from_config, pool\n",
    )
    .replace(
        "from alembic import context\n",
        'from alembic import context\n\nload_dotenv(Path(__file__).resolve().parents[1] / ".env")\n',
    )
)
DOTENV = (
    fixes(
        "load-dotenv-where-python-dotenv-is-a-dependency",
        FIXED_ENV,
        _WITH_DOTENV,
        files={**_DOTENV_REPO, "pyproject.toml": _DOTENV_PYPROJECT},
    ),
    reports("without-the-dependency-it-is-unsafe", FIXED_ENV, files=_DOTENV_REPO),
    fixes("adds-python-dotenv-with-unsafe-fixes", FIXED_ENV, _WITH_DOTENV, files=_DOTENV_REPO, unsafe_fixes=True),
    reports("the-env-file-the-ev-family-documents-is-loaded", FIXED_ENV, files=REPO),  # EV creates its example
    noop("url-from-settings", SETTINGS_ENV, files={**_DOTENV_REPO, "pyproject.toml": _DOTENV_PYPROJECT}),
)

# -- AL005 ----------------------------------------------------------------------------------------------------------

_MODELS = {
    "app/__init__.py": "",
    "app/db.py": "from sqlalchemy.orm import DeclarativeBase\n\n\nclass Base(DeclarativeBase):\n    pass\n",
    "app/models.py": (
        "from sqlalchemy.orm import Mapped, mapped_column\n\nfrom app.db import Base\n\n\n"
        "class User(Base):\n    __tablename__ = 'user_account'\n    id: Mapped[int] = mapped_column(primary_key=True)\n"
    ),
}
_SQLMODEL = {
    "app/__init__.py": "",
    "app/models.py": (
        "from sqlmodel import Field, SQLModel\n\n\nclass Note(SQLModel, table=True):\n"
        "    id: int | None = Field(default=None, primary_key=True)\n"
    ),
}
_METADATA_FIXED = ENV.replace(
    "from alembic import context\n",
    "from alembic import context\n\nimport app.models  # noqa: F401\nfrom app.db import Base\n",
).replace("target_metadata = None\n", "target_metadata = Base.metadata\n")
_SQLMODEL_ENV = ENV.replace(
    "from alembic import context\n",
    "from alembic import context\nfrom app.models import SQLModel\n",
).replace("target_metadata = None\n", "target_metadata = SQLModel.metadata\n")
_MISSING_MODEL = {
    **_MODELS,
    "app/orders.py": (
        "from sqlalchemy.orm import Mapped, mapped_column\n\nfrom app.db import Base\n\n\n"
        "class Order(Base):\n    __tablename__ = 'order'\n    id: Mapped[int] = mapped_column(primary_key=True)\n"
    ),
}
_AUDIT = _MODELS["app/db.py"] + "\n\nclass Entry(Base):\n    __tablename__ = 'entry'\n"  # a second base
METADATA = (
    reports("target-metadata-none-needs-unsafe", ENV, files={**REPO, **_MODELS}),
    fixes("imports-the-models-metadata", ENV, _METADATA_FIXED, files={**REPO, **_MODELS}, unsafe_fixes=True),
    fixes(
        "imports-a-models-module-env-py-never-reaches",
        _METADATA_FIXED,
        _METADATA_FIXED.replace(
            "import app.models  # noqa: F401\n", "import app.models  # noqa: F401\nimport app.orders  # noqa: F401\n"
        ),
        files={**REPO, **_MISSING_MODEL},
        unsafe_fixes=True,
    ),
    reports(
        "two-metadatas-is-manual",
        ENV,
        files={**REPO, **_MODELS, "app/audit.py": _AUDIT},
        unsafe_fixes=True,
    ),
    noop("no-models-at-all-hand-written-migrations", ENV, files=REPO),
    noop("sqlmodel-metadata-with-every-model-imported", _SQLMODEL_ENV, files={**REPO, **_SQLMODEL}),
)

# -- AL006, AL007 ---------------------------------------------------------------------------------------------------

_COMPARE_FALSE = ENV.replace(
    "context.configure(connection=connection, target_metadata=target_metadata)",
    "context.configure(connection=connection, target_metadata=target_metadata, compare_type=False)",
)
_OLD_ALEMBIC = {**REPO, "pyproject.toml": PYPROJECT.replace('"alembic"]', '"alembic==1.11.3"]')}
_FLASK_MIGRATE = ENV.replace(
    "context.configure(connection=connection, target_metadata=target_metadata)",
    "context.configure(\n"
    "            connection=connection,\n"
    "            target_metadata=target_metadata,\n"
    '            **current_app.extensions["migrate"].configure_args,\n'
    "        )",
).replace("from alembic import context\n", "from alembic import context\nfrom flask import current_app\n")
COMPARE_TYPE = (
    reports("compare-type-false", _COMPARE_FALSE, files=REPO),
    fixes(
        "compare-type-false-set-true",
        _COMPARE_FALSE,
        _COMPARE_FALSE.replace("=False", "=True"),
        files=REPO,
        unsafe_fixes=True,
    ),  # fmt: skip
    fixes(
        "added-where-alembic-before-1-12-is-pinned",
        ENV,
        ENV.replace(
            "context.configure(connection=connection, target_metadata=target_metadata)",
            "context.configure(\n"
            "            connection=connection,\n"
            "            target_metadata=target_metadata,\n"
            "            compare_type=True,\n"
            "        )",
        ),  # one argument per line: on one line it would be longer than the formatter's 88 columns
        files=_OLD_ALEMBIC,
        unsafe_fixes=True,
    ),
    noop("default-true-since-1-12", ENV, files=REPO),
    noop("never-added-beside-flask-migrate-configure-args", _FLASK_MIGRATE, files=_OLD_ALEMBIC),
)
_SCHEMAS = ENV.replace(
    "context.configure(connection=connection, target_metadata=target_metadata)",
    "context.configure(connection=connection, target_metadata=target_metadata, include_schemas=True)",
)
INCLUDE_SCHEMAS = (
    reports("include-schemas-without-a-filter", _SCHEMAS, files=REPO),
    noop(
        "include-name-filters",
        _SCHEMAS.replace("include_schemas=True", "include_schemas=True, include_name=keep"),
        files=REPO,
    ),  # fmt: skip
)

# -- AL008 ----------------------------------------------------------------------------------------------------------

ENV_CREDENTIALS = (
    reports(
        "a-url-with-its-password-in-env-py",
        ENV.replace(
            "config = context.config\n",
            'config = context.config\nconfig.set_main_option("sqlalchemy.url", "postgresql://shop:Tr0ub4dor-3@db/shop")\n',
        ),
        files=REPO,
    ),
    noop("get-url-from-the-environment", FIXED_ENV, files=REPO),
)
