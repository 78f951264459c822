"""zh2en: Chinese news articles into publishable English with names you can trust.

The package imports nothing heavy at start-up; see :mod:`zh2en.builtins` for the
registered readers, engines, writers and checks.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
