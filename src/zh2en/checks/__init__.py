"""QA checks: small named functions with a severity, run over any translation.

Pipeline position: the check stage, after translation and glossary enforcement; also run on
their own by ``zh2en check`` and ``zh2en recheck``. See :mod:`zh2en.checks.base` for the
model; one module per family (listed in ``zh2en.builtins.CHECK_MODULES``) registers the
built-in checks when imported.
"""

from __future__ import annotations

from zh2en.checks.base import CheckInfo, Problem, Scope, check, list_checks, run_checks, select_checks
from zh2en.checks.terms import TermConsistency, term_consistency_table

__all__ = [
    "CheckInfo",
    "Problem",
    "Scope",
    "TermConsistency",
    "check",
    "list_checks",
    "run_checks",
    "select_checks",
    "term_consistency_table",
]
