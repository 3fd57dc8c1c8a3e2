"""The bot's command-line flags, declared here so cli.py gains one decorator and the bot owns its own options."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

DEFAULT_BRANCH = "infra-fix/blueprint"
DEFAULT_AUTHOR = "infra-fix[bot] <infra-fix-bot@users.noreply.github.com>"
# When to rebuild the branch on the current base while its change set is unchanged (Renovate's rebaseWhen):
# conflicted: only when it no longer merges cleanly; behind-base-branch: whenever the base moved; never: never.
REBASE_WHEN = ("conflicted", "behind-base-branch", "never")

F = TypeVar("F", bound=Callable[..., Any])


def bot_options(command: F) -> F:
    """The `--pr` options; they reach `run_pr` as keyword arguments of the same names."""
    options = [
        click.option("--dry-run", is_flag=True, help="With --pr: print what would be done, and the body."),
        click.option("--force", is_flag=True, help="With --pr: reset the branch even over commits by others."),
        click.option("--branch", default=DEFAULT_BRANCH, show_default=True, help="With --pr: the bot's branch."),
        click.option("--label", "labels", multiple=True, metavar="NAME", help="With --pr: label a new pull request."),
        click.option("--reviewer", "reviewers", multiple=True, metavar="LOGIN", help="With --pr: request a review."),
        click.option("--draft", is_flag=True, help="With --pr: open the pull request as a draft."),
        click.option(
            "--rebase-when",
            type=click.Choice(REBASE_WHEN),
            default="conflicted",
            show_default=True,
            help="With --pr: when to rebuild an unchanged change set on the moved base.",
        ),
        click.option(
            "--git-author",
            default=DEFAULT_AUTHOR,
            show_default=True,
            metavar="'NAME <EMAIL>'",
            help="With --pr: the bot's commit identity; a commit by anyone else stops it.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command
