"""The command line: `infra-fix [--diff | --apply | --check] [PATH...]`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from .bot.options import bot_options
from .config import Flags

EPILOG = """\b
Exit codes: 0 nothing left to do; 1 findings remain (with --diff/--check: changes pending);
2 usage error, or a file that could not be read or parsed.
"""


def _codes(values: tuple[str, ...]) -> tuple[str, ...] | None:
    if not values:
        return None
    return tuple(c.strip() for v in values for c in v.split(",") if c.strip())


@click.command(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--diff", "mode", flag_value="diff", default=True, help="Print a patch to stdout (default).")
@click.option("--apply", "mode", flag_value="apply", help="Fix the files in place.")
@click.option("--check", "mode", flag_value="check", help="Report only; exit 1 while anything remains.")
@click.option("--pr", "mode", flag_value="pr", help="Open or update one pull request with the fixes (docs/bot.md).")
@click.option("--unsafe-fixes/--no-unsafe-fixes", default=None, help="Also make fixes that may turn CI red.")
@click.option("--select", multiple=True, metavar="CODES", help="Only these rule codes or prefixes (comma-separated).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rule codes or prefixes.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github", "sarif", "markdown"]),
    default="text",
    show_default=True,
    help="github: annotations for a GitHub Actions job; sarif: code scanning; markdown: a step summary.",
)
@click.option("--jobs", "-j", type=click.IntRange(1), default=1, show_default=True, help="Repositories run at once.")
@click.option("--explain", metavar="CODE", help="Explain a rule and exit.")
@click.option("--list-rules", is_flag=True, help="List every rule and exit.")
@click.version_option(package_name="infra-fix")
@bot_options
def main(  # noqa: PLR0913 - one parameter per flag is click's way
    paths: tuple[Path, ...],
    mode: str,
    unsafe_fixes: bool | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fmt: str,
    jobs: int,
    explain: str | None,
    list_rules: bool,
    **pr: Any,  # noqa: ANN401 - the --pr flags (bot/options.py), passed on to run_pr by name
) -> None:
    """Audit a Python repository's infrastructure files against the blueprint and fix them, keeping every byte
    the fixes do not mean to touch."""
    from . import plugins, ruledocs
    from .run import Mode, Output, run

    try:
        fixers = plugins.load_fixers()
    except plugins.PluginError as err:
        raise click.UsageError(str(err)) from err
    if list_rules:
        click.echo(ruledocs.table(fixers), nl=False)
        return
    if explain:
        rule = next((r for f in fixers for r in f.rules if r.code == explain.upper()), None)
        if rule is None:
            raise click.BadParameter(f"unknown rule code {explain!r}", param_hint="--explain")
        click.echo(ruledocs.explain(rule), nl=False)
        return
    flags = Flags(select=_codes(select), ignore=_codes(ignore), unsafe_fixes=unsafe_fixes)
    if mode == "pr":  # the bot: its own driver, which imports the GitHub client
        from .bot.main import run_pr

        if len(paths) > 1:
            raise click.UsageError("--pr takes one repository")
        sys.exit(run_pr(paths[0] if paths else Path("."), flags, fixers, **pr))
    roots = list(paths) or [Path(".")]
    code = run(roots, Mode(mode), flags, fixers, Output(fmt, sys.stdout, sys.stderr), jobs)
    sys.exit(code)
