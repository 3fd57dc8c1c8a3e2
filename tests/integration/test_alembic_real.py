"""The AL fixers' output run by the real alembic against a real PostgreSQL (issue 16's end-to-end test).

Two projects made with `alembic init` (alembic's own templates): a SQLAlchemy one (generic template, models in a
package) and a SQLModel one (async template), each with its database password in alembic.ini and
`target_metadata = None`. After `infra-fix --apply --unsafe-fixes`, run as a user runs it:
- alembic.ini holds no password, and no report printed it;
- `alembic upgrade head --sql` works offline with POSTGRES_* set (and fails, naming the variable, without them);
- on PostgreSQL, reached only through POSTGRES_* (the ini's old host does not exist, the password was rotated),
  `alembic revision --autogenerate` sees every model, `alembic upgrade head` and `alembic check` pass, and a model
  change (a longer column, a new one) makes `alembic check` fail and autogenerate write it.

The server is Debian's PostgreSQL (`.ci/run` installs it), started by `postgres.py`; the test skips only where it
cannot be installed.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from . import postgres

BIN = Path(sys.executable).parent
OLD_PASSWORD = "Old-Pw_1n-the-ini"  # noqa: S105 - what the ini held (and leaked)
NEW_PASSWORD = "n3w p@ss/w%rd:x"  # noqa: S105 - what the deployment sets; @ / % : and a space must survive the URL

SQLALCHEMY_MODELS = {
    "app/__init__.py": "",
    "app/db.py": "from sqlalchemy.orm import DeclarativeBase\n\n\nclass Base(DeclarativeBase):\n    pass\n",
    "app/models/__init__.py": "",
    "app/models/user.py": (
        "from sqlalchemy import String\nfrom sqlalchemy.orm import Mapped, mapped_column\n\nfrom app.db import Base\n"
        "\n\nclass User(Base):\n    __tablename__ = 'user_account'\n\n"
        "    id: Mapped[int] = mapped_column(primary_key=True)\n    name: Mapped[str] = mapped_column(String(50))\n"
    ),
    "app/models/item.py": (
        "from sqlalchemy import ForeignKey, String\nfrom sqlalchemy.orm import Mapped, mapped_column\n\n"
        "from app.db import Base\n\n\nclass Item(Base):\n    __tablename__ = 'item'\n\n"
        "    id: Mapped[int] = mapped_column(primary_key=True)\n    title: Mapped[str] = mapped_column(String(80))\n"
        "    owner_id: Mapped[int] = mapped_column(ForeignKey('user_account.id'))\n"
    ),
}
SQLMODEL_MODELS = {
    "app/__init__.py": "",
    "app/models.py": (
        "from sqlmodel import Field, SQLModel\n\n\nclass Note(SQLModel, table=True):\n"
        "    id: int | None = Field(default=None, primary_key=True)\n    title: str = Field(max_length=50)\n"
    ),
}


@pytest.fixture(scope="module")
def server() -> Iterator[postgres.Server]:
    try:
        running = postgres.start()
    except postgres.Unavailable as why:
        pytest.skip(f"no PostgreSQL server for the alembic end-to-end test: {why}")
    try:
        yield running
    finally:
        running.stop()


def make_project(root: Path, name: str, template: str, models: dict[str, str]) -> None:
    """`alembic init` with the given template, the project's models, its password in alembic.ini, a git repository."""
    root.mkdir()
    # the SQLAlchemy project lacks python-dotenv (AL004 adds it, unsafe), the SQLModel one has it (AL004 is safe)
    names = ["sqlalchemy>=2", "alembic>=1.13", "psycopg[binary]>=3"]
    names += ["sqlmodel", "python-dotenv>=1"] if "sqlmodel" in str(models) else []
    dependencies = "[" + ", ".join(f'"{n}"' for n in names) + "]"
    (root / "pyproject.toml").write_text(
        f'[project]\nname = "{name}"\nversion = "0.1.0"\nrequires-python = ">=3.11"\ndependencies = {dependencies}\n'
    )
    for path, text in models.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    (root / ".gitignore").write_text(".env\n.venv/\n__pycache__/\n")
    alembic(root, "init", "-t", template, "migrations", env={})
    ini = root / "alembic.ini"
    url = f"postgresql+psycopg://{name}:{OLD_PASSWORD}@db.internal:5432/{name}"
    ini.write_text(ini.read_text().replace("driver://user:pass@localhost/dbname", url))
    if "sqlmodel" in str(models):  # SQLModel's column types need it in every revision (the SQLModel docs' advice)
        mako = root / "migrations" / "script.py.mako"
        mako.write_text(
            mako.read_text().replace("import sqlalchemy as sa\n", "import sqlalchemy as sa\nimport sqlmodel\n")
        )
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "init"]):
        subprocess.run([*git, *command], cwd=root, check=True, capture_output=True, timeout=60)  # noqa: S603


def alembic(root: Path, *args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    base = {"PATH": f"{BIN}:/usr/bin:/bin", "HOME": str(root), "PYTHONDONTWRITEBYTECODE": "1"}
    run = subprocess.run(  # noqa: S603 - the venv's alembic, fixed arguments
        [str(BIN / "alembic"), *args], cwd=root, env=base | env, capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip
    if check:
        assert run.returncode == 0, f"alembic {' '.join(args)}:\n{run.stdout}\n{run.stderr}"
    return run


def infra_fix(root: Path) -> str:
    run = subprocess.run(  # noqa: S603 - the venv's infra-fix
        [str(BIN / "infra-fix"), "--apply", "--unsafe-fixes", "."], cwd=root, capture_output=True, text=True,
        timeout=300, check=False, env={"PATH": f"{BIN}:/usr/bin:/bin", "HOME": str(root)},
    )  # fmt: skip
    assert run.returncode in (0, 1), run.stdout + run.stderr
    return run.stdout + run.stderr


def environment(server: postgres.Server, name: str) -> dict[str, str]:
    return {
        "POSTGRES_HOST": server.host,
        "POSTGRES_PORT": str(server.port),
        "POSTGRES_USER": name,
        "POSTGRES_PASSWORD": NEW_PASSWORD,
        "POSTGRES_DB": name,
    }


@pytest.mark.parametrize(
    ("name", "template", "models", "model_file", "change"),
    [
        ("shop", "generic", SQLALCHEMY_MODELS, "app/models/user.py",
         ("mapped_column(String(50))\n", "mapped_column(String(120))\n    email: Mapped[str | None]\n")),
        ("notes", "async", SQLMODEL_MODELS, "app/models.py",
         ("Field(max_length=50)\n", "Field(max_length=120)\n    body: str | None = None\n")),
    ],
    ids=["sqlalchemy-generic", "sqlmodel-async"],
)  # fmt: skip
def test_fixed_project_migrates_a_real_postgres(  # noqa: PLR0913 - one parametrized case per project
    server: postgres.Server, tmp_path: Path, name: str, template: str, models: dict[str, str], model_file: str,
    change: tuple[str, str],
) -> None:  # fmt: skip
    root = tmp_path / name
    make_project(root, name, template, models)
    report = infra_fix(root)

    assert OLD_PASSWORD not in report  # the password is reported, never printed
    ini = (root / "alembic.ini").read_text()
    assert OLD_PASSWORD not in ini and "\nsqlalchemy.url =\n" in ini
    env_py = (root / "migrations" / "env.py").read_text()
    compile(env_py, "env.py", "exec")
    assert 'os.environ["POSTGRES_PASSWORD"]' in env_py and "target_metadata = None" not in env_py

    server.database(name, NEW_PASSWORD)
    env = environment(server, name)
    alembic(root, "revision", "--autogenerate", "-m", "init", env=env)
    [revision] = (root / "migrations" / "versions").glob("*.py")
    assert revision.name[:8].isdigit(), revision.name  # AL003's dated file_template named it
    created = revision.read_text()
    tables = ["user_account", "item"] if name == "shop" else ["note"]
    assert all(f"op.create_table('{t}'" in created or f'op.create_table("{t}"' in created for t in tables), created

    offline = alembic(root, "upgrade", "head", "--sql", env=env)
    assert all(f"CREATE TABLE {t}" in offline.stdout for t in tables), offline.stdout
    missing = alembic(root, "upgrade", "head", "--sql", env={}, check=False)
    assert missing.returncode != 0 and "POSTGRES_PASSWORD" in missing.stderr

    alembic(root, "upgrade", "head", env=env)
    alembic(root, "check", env=env)

    path = root / model_file
    path.write_text(path.read_text().replace(*change))
    drift = alembic(root, "check", env=env, check=False)
    assert drift.returncode != 0 and "modify_type" in drift.stderr + drift.stdout, drift.stderr
    alembic(root, "revision", "--autogenerate", "-m", "longer", env=env)
    [newest] = (root / "migrations" / "versions").glob("*_longer.py")  # (both may be named in the same minute)
    assert "op.add_column" in newest.read_text() and "alter_column" in newest.read_text()


def test_the_server_is_reached_only_with_the_new_password(server: postgres.Server) -> None:
    """The test's premise: the password in the ini would not have worked, the one in POSTGRES_PASSWORD does."""
    import psycopg

    server.database("premise", NEW_PASSWORD)
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(host=server.host, port=server.port, user="premise", password=OLD_PASSWORD, dbname="premise")
    psycopg.connect(host=server.host, port=server.port, user="premise", password=NEW_PASSWORD, dbname="premise").close()
