"""PP009: keys whose values have a shape no tool accepts (valid TOML, wrong type)."""

from __future__ import annotations

from ...fixer import check
from ...model import Applicability, Rule, Severity, noop, reports
from .meta import Run

_PROJECT = '[project]\nname = "demo"\nrequires-python = ">=3.12"\n'

WRONG_SHAPE = Rule(
    code="PP009",
    name="pyproject-wrong-shape",
    summary="A pyproject.toml key holds a value of the wrong type.",
    rationale='TOML accepts `optional-dependencies = ["dev"]` or `tool = "x"`, but pip, uv, build backends and '
    "every tool reading the key reject it; infra-fix reads around it and says where it is.",
    applicability=Applicability.MANUAL,
    severity=Severity.ERROR,
    examples=(
        reports("extras-as-a-list", _PROJECT + 'optional-dependencies = ["dev"]\n'),
        reports("dependency-groups-as-a-list", 'dependency-groups = ["x"]\n\n' + _PROJECT),
        noop("well-formed", _PROJECT + '\n[project.optional-dependencies]\ndev = ["pytest"]\n'),
    ),
)


@check(WRONG_SHAPE)
def wrong_shape(run: Run) -> None:
    for key, expected in run.project.shape_problems:
        run.report(WRONG_SHAPE, f"`{key}` must be {expected}", at=tuple(key.split(".")))
