"""One exception hierarchy for the whole library.

Library code raises these and never exits the process; the CLI (``zh2en.cli.app``) maps
each class to a documented exit code. Messages name the bad value, list the valid options
and say what to do next.

Exit codes (also in README and ``zh2en --help``):

====  ==========================================================
0     success
1     input or configuration error (bad file, bad glossary row…)
2     usage error (bad option or argument)
3     QA gate failed (``--fail-on``)
4     engine or optional dependency unavailable
5     batch partly failed: some inputs were processed, some not
====  ==========================================================
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_QA_GATE = 3
EXIT_ENGINE = 4
EXIT_PARTIAL = 5


class Zh2enError(Exception):
    """Base class; ``exit_code`` is what the CLI returns for it."""

    exit_code = EXIT_INPUT

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n  hint: {self.hint}" if self.hint else self.message


class InputError(Zh2enError):
    """An input file cannot be read, decoded or parsed."""


class DecodeError(InputError):
    """A file is binary or in no encoding we can detect."""


class ConfigError(Zh2enError):
    """Settings or options are invalid."""


class UsageError(Zh2enError):
    """The command was called wrongly (bad option combination, unknown name)."""

    exit_code = EXIT_USAGE


class UnknownComponentError(UsageError):
    """A registry lookup failed; the message lists what is available."""


class GlossaryError(Zh2enError):
    """A glossary file is invalid; messages carry ``file:line``."""


class GlossaryConflictError(GlossaryError):
    """A concurrent edit changed the entry being edited; nothing was overwritten."""


class EngineUnavailableError(Zh2enError):
    """An engine cannot run here (model not available, server unreachable)."""

    exit_code = EXIT_ENGINE


class MissingDependencyError(EngineUnavailableError):
    """An optional extra is not installed; the message gives the install command."""

    def __init__(self, package: str, extra: str, purpose: str) -> None:
        super().__init__(
            f"{purpose} needs the Python package '{package}', which is not installed.",
            hint=f"pip install 'zh2en[{extra}]'",
        )
        self.package = package
        self.extra = extra


class QAGateError(Zh2enError):
    """Findings at or above the ``--fail-on`` severity exist."""

    exit_code = EXIT_QA_GATE


class UnsafePathError(Zh2enError):
    """A write would land outside the output folder."""
