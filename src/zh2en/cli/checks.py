"""CLI commands: ``zh2en checks list`` — the registered QA checks and what they look for.

A thin shell over :func:`zh2en.checks.list_checks`; the checks themselves are imported only
when the command runs, so ``zh2en --help`` stays fast.
"""

from __future__ import annotations

from typing import Annotated

import typer

checks_app = typer.Typer(
    name="checks",
    help="The QA checks run by `translate`, `check` and `recheck`.",
    no_args_is_help=True,
)


@checks_app.command("list")
def list_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """List every registered check: name, severity, scope and title."""
    from zh2en.checks import list_checks
    from zh2en.cli.common import print_json

    infos = list_checks()
    if as_json:
        print_json([c.to_dict() for c in infos])
        return
    width = max((len(c.name) for c in infos), default=4)
    typer.echo(f"{'NAME':<{width}}  {'SEVERITY':<8}  {'SCOPE':<7}  TITLE")
    for c in infos:
        typer.echo(f"{c.name:<{width}}  {c.severity!s:<8}  {c.scope!s:<7}  {c.title}")


def register(app: typer.Typer) -> None:
    """Add the ``checks`` group to the main app."""
    app.add_typer(checks_app, name="checks")
