"""The editor-owned glossary: entry model, TSV storage, matching, lint and suggestions.

Pipeline position: before and after MT. ``load_glossary()`` reads ``glossary/*.tsv``
(see :mod:`zh2en.glossary.store` for the format and precedence); the matcher annotates
articles with the entries; lint and suggest help editors maintain the files.
"""

from __future__ import annotations

from zh2en.glossary.model import COLUMNS, Entry, EntryStatus, EntryType
from zh2en.glossary.store import Glossary, load_glossary

__all__ = ["COLUMNS", "Entry", "EntryStatus", "EntryType", "Glossary", "load_glossary"]
