"""Translation memory: an SQLite store of finished segment translations.

Pipeline position: around the translate stage. Before MT the pipeline looks every segment
up; only misses go to the engine; each finished batch is committed at once, so a run killed
at any point (even ``kill -9``) resumes without redoing finished work.

Key = sha256 of (normalized source text, the glossary English chosen for each term in it,
engine signature hash, glossary hash). The term English is part of the key because the same
Chinese can take another English in an article of another date (努尔苏丹 → Nur-Sultan or
Astana). The value is the raw MT (``Segment.mt``, placeholders restored, loop-guarded) and
the translation meta; glossary repair runs again on every use, so it is never cached.

The database runs in WAL mode (readers never block the writer; a crash never leaves a half
transaction). Rows carry no timestamps, so outputs never depend on when a row was made.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from zh2en.document import Segment
from zh2en.errors import InputError
from zh2en.stages.protect import rendering
from zh2en.util import sha256_text

SCHEMA = """
CREATE TABLE IF NOT EXISTS tm (
    key TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    mt TEXT NOT NULL,
    meta TEXT NOT NULL,
    engine TEXT NOT NULL
);
"""


def signature_hash(data: Any) -> str:
    """Stable hash of a JSON-able value (an engine signature, settings)."""
    return sha256_text(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str))


def segment_key(seg: Segment, engine_hash: str, glossary_hash: str) -> str:
    """The TM key of ``seg`` for this engine and glossary (see module docstring)."""
    terms = [[t.start, t.end, rendering(t)] for t in seg.terms]
    payload = json.dumps([seg.text, terms, engine_hash, glossary_hash], ensure_ascii=False)
    return sha256_text(payload)


#: Translation meta keys worth caching (everything the translate stage records).
CACHED_META = ("split", "repetition", "glossary_fallback")


class TranslationMemory:
    """A translation memory in one SQLite file (created on first use)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise InputError(
                f"cannot open the translation memory {self.path}: {exc}",
                hint="delete the file to start a fresh memory, or run with --no-tm",
            ) from exc

    def get_many(self, keys: Sequence[str]) -> dict[str, tuple[str, dict[str, Any]]]:
        """``{key: (mt, meta)}`` for the keys found."""
        found: dict[str, tuple[str, dict[str, Any]]] = {}
        unique = list(dict.fromkeys(keys))
        for i in range(0, len(unique), 500):
            chunk = unique[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for key, mt, meta in self._db.execute(
                f"SELECT key, mt, meta FROM tm WHERE key IN ({marks})", chunk
            ):
                found[key] = (mt, json.loads(meta))
        return found

    def put_many(self, rows: Iterable[tuple[str, str, str, dict[str, Any], str]]) -> int:
        """Store ``(key, source, mt, meta, engine)`` rows in one transaction; returns the count."""
        data = [
            (k, s, m, json.dumps(meta, sort_keys=True, ensure_ascii=False), e) for k, s, m, meta, e in rows
        ]
        if not data:
            return 0
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany("INSERT OR REPLACE INTO tm VALUES (?, ?, ?, ?, ?)", data)
        return len(data)

    def __len__(self) -> int:
        row = self._db.execute("SELECT COUNT(*) FROM tm").fetchone()
        return int(row[0])

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
