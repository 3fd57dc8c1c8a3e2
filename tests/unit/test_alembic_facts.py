"""Alembic facts: trees resolved as alembic resolves them, the models' metadata, and where env.py's URL comes from."""

from __future__ import annotations

import libcst as cst
import pytest

from infra_fix_fixers.facts import discover
from infra_fix_fixers.facts.alembic import Alembic, revisions
from infra_fix_fixers.facts.models import Base, Models
from infra_fix_fixers.rules.alembic.script import read
from infra_fix_fixers.snapshot import Snapshot

PROJECT = '[project]\nname = "x"\n'


def trees(files: dict[str, str], folder: str = "") -> tuple[Alembic, ...]:
    project = discover(Snapshot(files=files)).project(folder)
    assert project is not None
    return project.alembic


def test_here_relative_and_parent_locations() -> None:
    found = trees({
        "backend/pyproject.toml": PROJECT,
        "backend/alembic.ini": "[alembic]\nscript_location = %(here)s/app/alembic\n",
        "backend/tools/alembic.ini": "[alembic]\nscript_location = ../db/migrations\n",
    }, "backend")  # fmt: skip
    assert [(t.ini, t.script_location) for t in found] == [
        ("backend/alembic.ini", "backend/app/alembic"),
        ("backend/tools/alembic.ini", "backend/db/migrations"),
    ]
    assert found[0].env_py == "backend/app/alembic/env.py" and found[0].versions == ("backend/app/alembic/versions",)


def test_sections_default_and_version_locations() -> None:
    """onyx: [DEFAULT], [alembic] and [schema_private]; `%(script_location)s` interpolated in version_locations."""
    ini = (
        "[DEFAULT]\nscript_location = alembic\n\n[alembic]\nscript_location = alembic\n"
        "version_locations = %(script_location)s/versions %(here)s/extra\n\n"
        "[schema_private]\nscript_location = alembic_tenants\n\n[loggers]\nkeys = root\n"
    )
    found = trees({"pyproject.toml": PROJECT, "alembic.ini": ini})
    assert [(t.section, t.script_location, t.versions) for t in found] == [
        ("alembic", "alembic", ("alembic/versions", "extra")),
        ("schema_private", "alembic_tenants", ("alembic_tenants/versions",)),
    ]


def test_package_resources_and_named_sections() -> None:
    """dispatch: `dispatch:database/revisions/core` in [core] and [tenant], the ini shipped inside the package."""
    files = {
        "pyproject.toml": PROJECT,
        "src/dispatch/__init__.py": "",
        "src/dispatch/alembic.ini": (
            "[alembic]\nfile_template = %%(year)d_%%(rev)s\n\n"
            "[core]\nscript_location = dispatch:database/revisions/core\n\n"
            "[tenant]\nscript_location = dispatch:database/revisions/tenant\n"
        ),
        "src/dispatch/database/revisions/core/env.py": "",
        "src/dispatch/database/revisions/tenant/env.py": "",
        "other/dispatch/__init__.py": "",  # a second folder named dispatch, without the script folder
    }
    found = trees(files)
    assert [(t.section, t.script_location) for t in found] == [
        ("core", "src/dispatch/database/revisions/core"),
        ("tenant", "src/dispatch/database/revisions/tenant"),
    ]


def test_tool_alembic_with_and_without_an_ini() -> None:
    toml = PROJECT + '\n[tool.alembic]\nscript_location = "%(here)s/migrations"\nfile_template = "%%(rev)s"\n'
    slim = "[alembic]\nsqlalchemy.url = driver://user:pass@localhost/dbname\n"
    with_ini = trees({"pyproject.toml": toml, "alembic.ini": slim})
    assert [(t.ini, t.toml, t.script_location) for t in with_ini] == [("alembic.ini", "pyproject.toml", "migrations")]
    alone = trees({"pyproject.toml": toml})
    assert [(t.ini, t.toml, t.script_location) for t in alone] == [(None, "pyproject.toml", "migrations")]


def test_no_configuration_at_all_and_what_cannot_be_resolved() -> None:
    found = trees({
        "pyproject.toml": PROJECT,
        "warehouse/migrations/env.py": "",  # configured by the application's code
        "warehouse/migrations/script.py.mako": "",
        "tests/migrations/env.py": "",
        "tests/migrations/script.py.mako": "",
        "alembic.ini": "[alembic]\nscript_location = {alembic_dir}\n",  # conda-store renders it first
        "abs/alembic.ini": "[alembic]\nscript_location = /srv/app/migrations\n",
        "pkg/alembic.ini": "[alembic]\nscript_location = notinstalled:migrations\n",
    })  # fmt: skip
    assert sorted((t.ini or "", t.script_location or "") for t in found) == [
        ("", "warehouse/migrations"),
        ("abs/alembic.ini", ""),
        ("alembic.ini", ""),
        ("pkg/alembic.ini", ""),
    ]


def test_flask_migrate_keeps_its_ini_in_the_script_folder() -> None:
    found = trees({"pyproject.toml": PROJECT, "migrations/alembic.ini": "[alembic]\n", "migrations/env.py": ""})
    assert [t.script_location for t in found] == ["migrations"]


def test_revisions_of_a_tree() -> None:
    files = {"migrations/versions/a_1.py": "", "migrations/versions/__init__.py": "", "migrations/versions/x.txt": ""}
    snapshot = Snapshot(files=files)
    assert revisions(snapshot, Alembic("alembic.ini", "migrations", versions=("migrations/versions",))) == ("a_1.py",)
    assert revisions(snapshot, Alembic("alembic.ini", None)) is None


# -- models -----------------------------------------------------------------------------------------------------------

MODELS = {
    "app/__init__.py": "",
    "app/db/__init__.py": "from .base import Base as Base\n",
    "app/db/base.py": "from sqlalchemy.orm import DeclarativeBase\n\n\nclass Base(DeclarativeBase):\n    pass\n",
    "app/kit.py": "from app.db import Base\n\n\nclass Timestamped(Base):\n    __abstract__ = True\n",
    "app/models/__init__.py": "from .user import User\n",
    "app/models/user.py": "from app.kit import Timestamped\n\n\nclass User(Timestamped):\n    __tablename__ = 'u'\n",
    "app/orders.py": "from app.db import Base\n\n\nclass Order(Base):\n    __tablename__ = 'o'\n",
    "app/legacy.py": "import sqlalchemy as sa\n\nmeta = sa.MetaData()\nt = sa.Table('t', meta)\n",
    "app/notes.py": "from sqlmodel import SQLModel\n\n\nclass Note(SQLModel, table=True):\n    pass\n",
    "app/flask.py": (
        "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n\n\nclass Page(db.Model):\n    pass\n"
    ),
    "app/dynamic.py": "import importlib\n\nimportlib.import_module('app.orders')\n",
}


def test_bases_and_the_modules_defining_tables_on_them() -> None:
    tables = Models(Snapshot(files=MODELS)).tables("")
    assert tables[Base("app/db/base.py", "Base", "declarative")] == ("app/models/user.py", "app/orders.py")
    assert tables[Base("", "SQLModel", "sqlmodel")] == ("app/notes.py",)
    assert tables[Base("app/flask.py", "db", "flask")] == ("app/flask.py",)
    assert tables[Base("app/legacy.py", "meta", "metadata")] == ("app/legacy.py",)


def test_what_env_py_reaches_and_when_that_is_unknown() -> None:
    facts = Models(Snapshot(files=MODELS))
    env = "from app.db import Base\nimport app.models\n\ntarget_metadata = Base.metadata\n"
    reached, complete = facts.closure("migrations/env.py", ("",), env)
    assert complete and {"app/models/user.py", "app/db/base.py", "app/kit.py"} <= reached
    assert "app/orders.py" not in reached
    base = facts.resolve_import("migrations/env.py", ("app.db", "Base"), ("",))
    assert base == Base("app/db/base.py", "Base", "declarative")
    assert facts.dotted_name("app/orders.py", ("",)) == "app.orders"
    _, complete = facts.closure("migrations/env2.py", ("",), "import app.dynamic\n")
    assert not complete


# -- env.py: where the URL comes from ---------------------------------------------------------------------------------

TEMPLATE_READS = (
    "from alembic import context\nfrom sqlalchemy import engine_from_config\nconfig = context.config\n"
    "def offline():\n    url = config.get_main_option('sqlalchemy.url')\n"
    "def online():\n    engine = engine_from_config(config.get_section(config.config_ini_section, {}), prefix='x')\n"
)

EARLY = "config = context.config\nearly = config.get_main_option('sqlalchemy.url')\n"  # read before the override


@pytest.mark.parametrize(
    ("text", "reads", "override"),
    [
        (TEMPLATE_READS, 2, None),
        (TEMPLATE_READS + "config.set_main_option('sqlalchemy.url', settings.url)\n", 0, "always"),
        (TEMPLATE_READS + "config.set_main_option('sqlalchemy.url', 'postgresql://u:p@h/d')\n", 2, None),
        (TEMPLATE_READS.replace("config.get_main_option('sqlalchemy.url')", "get_url()").replace(
            "    engine =", "    section = config.get_section(config.config_ini_section)\n"
            "    section['sqlalchemy.url'] = get_url()\n    engine = ").replace(
            "config.get_section(config.config_ini_section, {}), prefix", "section, prefix"), 0, None),
        (TEMPLATE_READS + "if not config.get_main_option('sqlalchemy.url'):\n"
         "    config.set_main_option('sqlalchemy.url', get_url())\n", 2, "fallback"),
        (TEMPLATE_READS.replace(", prefix='x')", ", prefix='x', url=get_url())"), 1, None),
        (TEMPLATE_READS.replace("config = context.config\n", EARLY) + "config.set_main_option('sqlalchemy.url', x)\n",
         1, "always"),
        (TEMPLATE_READS + "if flag:\n    config.set_main_option('sqlalchemy.url', settings.url)\n", 2, None),
    ],
    ids=["template", "module-override", "literal-override", "per-function", "fallback", "url-argument",
         "read-before-the-override", "conditional-override"],
)  # fmt: skip
def test_where_the_url_comes_from(text: str, reads: int, override: str | None) -> None:
    script = read(cst.parse_module(text))
    assert (len(script.reads), script.override) == (reads, override)


def test_multidb_and_flask_migrate_shapes() -> None:
    multidb = "from alembic import context\nconfig = context.config\nfor name in names:\n" \
        "    url = context.config.get_section_option(name, 'sqlalchemy.url')\n"  # fmt: skip
    assert read(cst.parse_module(multidb)).shape == "multidb"
    flask = (
        "from flask import current_app\nfrom alembic import context\nconfig = context.config\n"
        "config.set_main_option('sqlalchemy.url', str(current_app.extensions['migrate'].db.engine.url))\n"
    )
    script = read(cst.parse_module(flask))
    assert script.shape == "Flask-Migrate" and not script.url_from_ini


def test_a_hash_pinned_requirement_is_the_pin() -> None:
    """`pip-compile --generate-hashes` ends a requirement's line with `\\` before its hashes: the pin still counts
    (alembic's SQLAlchemy floor decides how get_url() builds the URL)."""
    from infra_fix_fixers.fixer import Context
    from infra_fix_fixers.rules.alembic.pins import pinned
    from infra_fix_fixers.settings import Settings

    requirements = "sqlalchemy==1.3.24 \\\n    --hash=sha256:0123abcd\nalembic==1.7.7  # migrations\n"
    repo = discover(Snapshot({"pyproject.toml": '[project]\nname = "app"\n', "requirements.txt": requirements}))
    ctx = Context(repo, repo.projects[0], Settings())
    assert pinned(ctx, "SQLAlchemy") == "1.3.24"
    assert pinned(ctx, "alembic") == "1.7.7"
