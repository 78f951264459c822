"""The ``zh2en`` command: top-level app, error → exit-code mapping, command groups.

Start-up must stay fast (``zh2en --help`` well under 0.5 s): command modules import only
typer and light helpers at module level; the work happens in library functions imported
inside each command.
"""

from __future__ import annotations

import os
import sys

import typer

try:  # typer >= 0.26 vendors click as typer._click; its exceptions are those
    from typer._click import exceptions as click_exc
except ImportError:  # pragma: no cover - older typer uses the click package
    from click import exceptions as click_exc  # type: ignore[no-redef]

from zh2en import __version__
from zh2en.errors import EXIT_USAGE, Zh2enError

EXIT_CODES_HELP = (
    "Exit codes: 0 ok · 1 input/config error · 2 usage error · 3 QA gate failed (--fail-on) · "
    "4 engine or optional dependency unavailable · 5 batch partly failed."
)

app = typer.Typer(
    name="zh2en",
    help=(
        "Chinese news articles into publishable English with names you can trust.\n\n"
        "Typical use: `zh2en translate seeds/ -o outputs/` translates a folder of scraped "
        "articles, applies and verifies the glossary in glossary/, and writes aligned "
        "bilingual outputs and a QA report.\n\n" + EXIT_CODES_HELP
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"zh2en {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Chinese news articles into publishable English with names you can trust."""


def _register_groups() -> None:
    from zh2en.cli import checks, engines, glossary, ingest, qa, translate

    for module in (ingest, translate, glossary, qa, checks, engines):
        module.register(app)


_register_groups()


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; library errors become one-line messages and documented exit codes."""
    try:
        result = app(args=argv, prog_name="zh2en", standalone_mode=False)
        sys.stdout.flush()  # a closed pipe shows up here, not at interpreter exit
    except Zh2enError as exc:
        typer.echo(f"error: {exc}", err=True)
        return exc.exit_code
    except click_exc.UsageError as exc:
        exc.show()
        return EXIT_USAGE
    except typer.Abort:
        typer.echo("aborted", err=True)
        return 130
    except typer.Exit as exc:
        return int(exc.exit_code)
    except click_exc.ClickException as exc:
        exc.show()
        return int(exc.exit_code)
    except BrokenPipeError:
        # The reader went away (`zh2en … | head`): not an error. Point stdout at /dev/null so
        # the interpreter's final flush cannot fail and turn the exit code into 1.
        _silence_stdout()
        return 0
    except SystemExit:
        # typer turns a closed stdout pipe (EPIPE) into exit 1 after wrapping sys.stdout in
        # click's PacifyFlushWrapper; for us a reader that stopped early is not an error.
        if type(sys.stdout).__name__ == "PacifyFlushWrapper":
            _silence_stdout()
            return 0
        raise
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        return 130
    return int(result) if isinstance(result, int) else 0


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # stdout without a file descriptor (tests): nothing to do
        pass


def run() -> None:
    """Console-script entry point."""
    raise SystemExit(main())
