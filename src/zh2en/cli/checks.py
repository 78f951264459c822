"""CLI commands: 'checks' (filled in by its issue)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add these commands to the given app."""
