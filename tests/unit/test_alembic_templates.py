"""The AL rules on alembic's own templates, as `alembic init` writes them with the alembic this repository locks:
generic, async, multidb, pyproject and pyproject_async, each given a password in its URL and a model.

Every output is compared byte for byte with a reviewed copy in tests/unit/golden/alembic/ (`UPDATE_GOLDEN=1` writes
them anew after an alembic upgrade changed the templates: read the diff before committing it), is idempotent,
compiles, and keeps every comment line of the template. The multidb template is left to a human: its databases'
URLs are their own sections'.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from infra_fix_fixers import Settings, Snapshot, remediate
from infra_fix_fixers.builtin import pack
from infra_fix_fixers.facts.environment import python_reads
from infra_fix_fixers.model import Changed, Failed

GOLDEN = Path(__file__).parent / "golden" / "alembic"
TEMPLATES = ("generic", "async", "multidb", "pyproject", "pyproject_async")
PASSWORD = "Tr0ub4dor-3"  # noqa: S105 - a fake
MODELS = {
    "app/__init__.py": "",
    "app/db.py": "from sqlalchemy.orm import DeclarativeBase\n\n\nclass Base(DeclarativeBase):\n    pass\n",
    "app/models.py": (
        "from sqlalchemy.orm import Mapped, mapped_column\n\nfrom app.db import Base\n\n\n"
        "class User(Base):\n    __tablename__ = 'user_account'\n    id: Mapped[int] = mapped_column(primary_key=True)\n"
    ),
}
PYPROJECT = '[project]\nname = "shop"\nversion = "0.1.0"\ndependencies = ["sqlalchemy", "alembic", "python-dotenv"]\n'


def initialised(template: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The files `alembic init -t TEMPLATE migrations` writes, beside the project's, its URLs given a password."""
    from alembic.config import CommandLine

    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    monkeypatch.chdir(tmp_path)
    CommandLine().main(["-q", "init", "-t", template, "migrations"])
    files = {p.relative_to(tmp_path).as_posix(): p.read_text() for p in tmp_path.rglob("*") if p.is_file()}
    url = f"postgresql+psycopg://shop:{PASSWORD}@db:5432/shop"
    files["alembic.ini"] = files["alembic.ini"].replace("driver://user:pass@localhost/dbname", url)
    return {**files, **MODELS, ".env.example": "POSTGRES_PASSWORD=change-me\n"}


def run(files: dict[str, str]) -> dict[str, str]:
    result = remediate(Snapshot(files=files), Settings(select=("AL",), unsafe_fixes=True), pack())
    assert not [f for f in result.files if isinstance(f, Failed)]
    changed = {f.path: f.after for f in result.files if isinstance(f, Changed)}
    return {**files, **changed}


@pytest.mark.parametrize("template", TEMPLATES)
def test_template(template: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = initialised(template, tmp_path, monkeypatch)
    after = run(before)
    for name in ("alembic.ini", "migrations/env.py", "pyproject.toml"):
        golden = GOLDEN / template / (name.replace("/", "_") + ".txt")  # .txt: no linter takes it for code
        if os.environ.get("UPDATE_GOLDEN"):
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(after[name])
        assert after[name] == golden.read_text(), f"{template} {name} differs from {golden}"
        kept = [line for line in before[name].splitlines() if line.lstrip().startswith("#")]
        assert all(line in after[name].splitlines() for line in kept), f"{template} {name} lost a comment"
    compile(after["migrations/env.py"], "env.py", "exec")
    assert run(after) == after  # idempotent
    if template == "multidb":
        assert after["migrations/env.py"] == before["migrations/env.py"]
        assert PASSWORD in after["alembic.ini"]  # manual: each database's URL is its own section's
    else:
        assert PASSWORD not in after["alembic.ini"] and PASSWORD not in after["migrations/env.py"]
        # what the env & secrets family reads to list the variables in the example env file: the password required
        reads = {(r.name, r.default) for r in python_reads("migrations/env.py", after["migrations/env.py"])}
        assert reads >= {("POSTGRES_PASSWORD", False), ("POSTGRES_HOST", True), ("POSTGRES_PORT", True),
                         ("POSTGRES_USER", True), ("POSTGRES_DB", True)}  # fmt: skip


def test_pyproject_template_keeps_its_settings_in_tool_alembic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    after = run(initialised("pyproject", tmp_path, monkeypatch))
    assert "file_template" not in after["alembic.ini"].replace("# file_template", "")
    assert '\nfile_template = "%%(year)d%%(month).2d' in after["pyproject.toml"]
