"""Shared CLI helpers: output streams, JSON printing, colour and progress policy.

Data goes to stdout, messages to stderr. ``NO_COLOR`` is respected; progress bars show
only when stderr is a terminal.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import typer


def use_color() -> bool:
    return "NO_COLOR" not in os.environ and sys.stderr.isatty()


def show_progress() -> bool:
    return sys.stderr.isatty() and os.environ.get("CI", "") == ""


def info(message: str) -> None:
    """A message for the user (stderr)."""
    typer.echo(message, err=True)


def warn(message: str) -> None:
    prefix = typer.style("warning:", fg="yellow", bold=True) if use_color() else "warning:"
    typer.echo(f"{prefix} {message}", err=True)


def print_json(data: Any) -> None:
    """Data for scripts (stdout), UTF-8, stable key order."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
