"""The command line: `infra-fix [--diff | --apply | --check] [PATH...]`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from .bot.options import bot_options
from .budget import DEFAULT_TIMEOUT

EPILOG = """\b
Exit codes: 0 nothing left to do; 1 findings remain (with --diff/--check: changes pending);
2 usage error, or a file that could not be read or parsed.
"""


def _codes(option: str, values: tuple[str, ...], known: tuple[str, ...]) -> tuple[str, ...] | None:
    """The codes a flag names, checked here so that a typo is blamed on the flag. An empty code (`--select ""`,
    `--select RF001,`) is a usage error, as in ruff: selecting nothing would make `--check` pass vacuously."""
    if not values:
        return None
    from .config import SettingsError, validate_codes

    codes = tuple(c.strip() for v in values for c in v.split(","))
    if not all(codes):
        raise click.BadParameter("empty rule code (to skip rules, name them in --ignore)", param_hint=option)
    try:
        return validate_codes(option, codes, known)
    except SettingsError as err:
        raise click.BadParameter(str(err).removeprefix(f"{option}: "), param_hint=option) from None


FORMATS = ("text", "json", "github", "sarif", "markdown")


def _report_file(value: str) -> tuple[str, Path]:
    fmt, sep, path = value.partition("=")
    if not sep or fmt not in FORMATS or not path:
        raise click.BadParameter(f"{value!r} is not FORMAT=PATH with FORMAT one of {', '.join(FORMATS)}")
    return fmt, Path(path)


def _version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from .plugins import versions

    click.echo("\n".join(versions()))
    ctx.exit()


def _mode(modes: tuple[str, ...]) -> str:
    """The one mode asked for (`--diff` when none): two different ones are a usage error, before anything is read or
    written (`--check --apply` must not write)."""
    chosen = list(dict.fromkeys(modes))
    if len(chosen) > 1:
        raise click.UsageError(f"{' and '.join('--' + m for m in chosen)} are mutually exclusive: choose one mode")
    return chosen[0] if chosen else "diff"


@click.command(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--diff", "modes", flag_value="diff", multiple=True, help="Print a patch to stdout (default).")
@click.option("--apply", "modes", flag_value="apply", multiple=True, help="Fix the files in place.")
@click.option("--check", "modes", flag_value="check", multiple=True, help="Report only; exit 1 while anything remains.")
@click.option(
    "--pr",
    "modes",
    flag_value="pr",
    multiple=True,
    help="Open or update a pull request for the repairs and one per adoption (docs/bot.md).",
)
@click.option("--unsafe-fixes/--no-unsafe-fixes", default=None, help="Also make fixes that may turn CI red.")
@click.option("--select", multiple=True, metavar="CODES", help="Only these rule codes or prefixes (comma-separated).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rule codes or prefixes.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="github: annotations for a GitHub Actions job; sarif: code scanning; markdown: a step summary.",
)
@click.option(
    "--report-file",
    "report_files",
    multiple=True,
    metavar="FORMAT=PATH",
    callback=lambda _ctx, _param, values: tuple(_report_file(v) for v in values),
    help="Also write this run's report in FORMAT to PATH (repeatable), e.g. sarif=out.sarif markdown=summary.md.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(0),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    envvar="INFRA_FIX_TIMEOUT",
    metavar="SECONDS",
    help="Time budget for one repository (0: none); a repository over it is an error, the others still run.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1),
    help="Repositories run at once, each in a process of its own (default, and at most: the CPUs this may use).",
)
@click.option(
    "--exit-zero/--no-exit-zero",
    default=False,
    help="Exit 0 even while findings remain (a file that cannot be read still exits 2).",
)
@click.option("--exit-non-zero-on-fix", is_flag=True, help="With --apply: exit 1 when a file was written.")
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the report and the patch: auto on a terminal (NO_COLOR and FORCE_COLOR honoured).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print the findings alone: no notes, summary or progress.")
@click.option("-v", "--verbose", is_flag=True, help="Also print each repository's time and findings on stderr.")
@click.option("--statistics", is_flag=True, help="Print how many findings each rule has instead of the findings.")
@click.option(
    "--show-settings",
    "show_settings",
    type=click.Path(path_type=Path, exists=True),
    metavar="PATH",
    help="Print the settings in effect for PATH (a file or folder) and where each came from, and exit.",
)
@click.option("--explain", metavar="CODE", help="Explain a rule and exit.")
@click.option("--list-rules", is_flag=True, help="List every rule and exit.")
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_version,
    help="Show infra-fix's version and each fixer pack's, and exit.",
)
@bot_options
def main(  # noqa: PLR0913 - one parameter per flag is click's way
    paths: tuple[Path, ...],
    modes: tuple[str, ...],
    unsafe_fixes: bool | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fmt: str,
    report_files: tuple[tuple[str, Path], ...],
    timeout: float,
    jobs: int | None,
    exit_zero: bool,
    exit_non_zero_on_fix: bool,
    color: str,
    quiet: bool,
    verbose: bool,
    statistics: bool,
    show_settings: Path | None,
    explain: str | None,
    list_rules: bool,
    **pr: Any,  # noqa: ANN401 - the --pr flags (bot/options.py), passed on to run_pr by name
) -> None:
    """Audit a Python repository's infrastructure files against the blueprint and fix them, keeping every byte
    the fixes do not mean to touch."""
    mode = _mode(modes)
    from . import plugins
    from .config import Flags
    from .disk import signals
    from .run import Exits, Mode, Output, run, usable_cpus

    try:
        packs = plugins.load_packs()
    except plugins.PluginError as err:
        raise click.UsageError(str(err)) from err
    fixers = [fixer for pack in packs for fixer in pack.fixers]
    if list_rules:
        from .docs import ruledocs

        click.echo(ruledocs.table(fixers) + "\n" + ruledocs.FALLBACKS)
        return
    if explain:
        found = next(((r, f) for f in fixers for r in f.rules if r.code == explain.upper()), None)
        if found is None:
            raise click.BadParameter(f"unknown rule code {explain!r}", param_hint="--explain")
        from .docs import ruledocs
        from .output.links import DOCS

        click.echo(ruledocs.explain(found[0], found[1].default_path, link_prefix=DOCS), nl=False)
        return
    known = tuple(rule.code for f in fixers for rule in f.rules)
    if quiet and verbose:
        raise click.UsageError("-q and -v are mutually exclusive")
    flags = Flags(
        select=_codes("--select", select, known),
        ignore=_codes("--ignore", ignore, known),
        unsafe_fixes=unsafe_fixes,
        timeout=timeout or None,
    )
    if show_settings is not None:
        from .show_settings import show

        click.echo(show(show_settings, flags, packs), nl=False)
        return
    if mode == "pr":  # the bot: its own driver, which imports the GitHub client
        from .bot.main import run_pr

        if len(paths) > 1:
            raise click.UsageError("--pr takes one repository")
        sys.exit(run_pr(paths[0] if paths else Path("."), flags, fixers, **pr))
    roots = list(paths) or [Path(".")]
    exits = Exits(zero=exit_zero, on_fix=exit_non_zero_on_fix)
    tables = tuple(table for pack in packs if (table := pack.table()))
    with signals.handled():
        code = run(
            roots,
            Mode(mode),
            flags,
            fixers,
            Output(fmt, sys.stdout, sys.stderr, report_files, color, quiet, verbose, statistics),
            jobs or usable_cpus(),
            tables,
            exits,
        )
    sys.exit(code)
