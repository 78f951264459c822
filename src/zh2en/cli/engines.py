"""CLI commands: ``zh2en engines list`` and ``zh2en engines convert``.

A thin shell: each command parses its options and calls one library function
(:func:`zh2en.engines.catalog.list_engines`, :func:`zh2en.engines.ct2.convert`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from zh2en.cli.common import info, print_json

engines_app = typer.Typer(
    help="Translation engines: what is installed and usable here; model conversion.",
    no_args_is_help=True,
)


@engines_app.command("list")
def list_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """List engines: name, glossary strategy, whether it can run here, and its title."""
    from zh2en.engines.catalog import list_engines

    rows = list_engines()
    if as_json:
        print_json([r.to_dict() for r in rows])
        return
    width = max((len(r.name) for r in rows), default=4)
    for r in rows:
        status = "yes" if r.available else "no"
        line = f"{r.name:<{width}}  {r.glossary_strategy:<11}  {status:<3}  {r.title}"
        typer.echo(line.rstrip())
        if r.detail:
            typer.echo(f"{'':<{width}}  {'':<11}  {'':<3}  ({r.detail})")


@engines_app.command("convert")
def convert_cmd(
    model: Annotated[str, typer.Argument(help="Hub id or local transformers model folder.")],
    out: Annotated[Path, typer.Argument(help="Folder to write the CTranslate2 model to.")],
    quantization: Annotated[
        str, typer.Option(help="int8 (CPU default), float16 (GPU), int8_float16, float32 …")
    ] = "int8",
    force: Annotated[bool, typer.Option("--force", help="Replace an existing conversion.")] = False,
) -> None:
    """Convert a transformers seq2seq model to CTranslate2 (atomically) for the ctranslate2 engine."""
    from zh2en.engines.ct2 import convert

    path = convert(model, out, quantization=quantization, force=force)
    info(f"converted {model} → {path} ({quantization})")
    typer.echo(str(path))


def register(app: typer.Typer) -> None:
    """Add these commands to the given app."""
    app.add_typer(engines_app, name="engines")
