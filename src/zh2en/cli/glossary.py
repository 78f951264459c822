"""The ``zh2en glossary …`` command group: maintenance (glossary_edit) and matching (glossary_match)."""

from __future__ import annotations

import typer

glossary_app = typer.Typer(
    name="glossary",
    help="Maintain and apply the editor-owned glossary (files in glossary/).",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add the glossary group to the main app."""
    from zh2en.cli import glossary_edit, glossary_match

    glossary_edit.register(glossary_app)
    glossary_match.register(glossary_app)
    app.add_typer(glossary_app, name="glossary")
