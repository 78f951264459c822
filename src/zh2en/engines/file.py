"""The ``file`` engine: translations that already exist, brought by the user.

Pipeline position: the "translate" stage. Translations from any other system go through the
same glossary repair, ledger, checks and outputs as our own MT. ``--model`` (or the
``path`` option) names a file or a folder of files:

- aligned JSON Lines written by ``zh2en translate`` (``<id>.jsonl``; the targets are reused);
- other JSON Lines: one object per line, either a segment record
  ``{"id": "<article id>", "index": 3, "source": "…", "target": "…"}`` (``id``/``index`` or
  ``source`` may be left out) or a whole article ``{"id": "…", "targets": ["…", …]}``;
- TMX (``.tmx``) or XLIFF (``.xlf``/``.xliff``): looked up by source text;
- tab-separated ``source<TAB>target`` lines (``.tsv``);
- line-aligned text (``.txt``): line *n* is the translation of segment *n* of the article
  whose id is the file name without ``.txt``/``.en.txt`` (``003_56ee838238a0b77d.en.txt``).

Lookup: by article id + segment index first, then by source text (normalized the same way as
article text, so Traditional or full-width sources still match).

A segment with no translation is an **error** naming the article, the segment and its source
(exit code 1) — silently shipping Chinese is worse than stopping. With the engine option
``missing=empty`` (``--engine-option missing=empty``) it gets an empty translation instead,
which the QA checks report as an omission.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from zh2en.engines.base import EngineRequest
from zh2en.errors import InputError, UsageError
from zh2en.util import sha256_file

SUFFIXES = (".jsonl", ".tmx", ".xlf", ".xliff", ".tsv", ".txt")


class FileEngine:
    """Existing translations from a file (aligned JSONL, TMX, XLIFF, TSV or line-aligned text)."""

    name: ClassVar[str] = "file"
    glossary_strategy: ClassVar[str] = "none"
    looks_up_segments: ClassVar[bool] = True  # whole segments by id: never split or merged

    def __init__(self, model: str | None = None, path: str | None = None, missing: str = "error") -> None:
        location = path or model
        if not location:
            raise UsageError(
                "the file engine needs the translations file",
                hint="zh2en translate seeds/ -o out/ --engine file --model translations.jsonl",
            )
        if missing not in ("error", "empty"):
            raise UsageError(
                f"file engine option missing={missing!r} is not valid", hint="use error or empty"
            )
        self.path = Path(location)
        self.missing = missing
        if not self.path.exists():
            raise InputError(
                f"translations file {self.path} does not exist",
                hint="the file engine reads existing translations: " + ", ".join(SUFFIXES),
            )
        self.by_key: dict[str, str] = {}
        self.by_source: dict[str, str] = {}
        files = (
            sorted(p for p in self.path.iterdir() if p.suffix in SUFFIXES)
            if self.path.is_dir()
            else [self.path]
        )
        if not files:
            raise InputError(f"no translation files in {self.path}", hint="expected " + ", ".join(SUFFIXES))
        self.files = files
        for f in files:
            self._load(f)

    # -- loading ----------------------------------------------------------------------

    def _add_source(self, source: str, target: str) -> None:
        from zh2en.stages.normalize import normalize_for_match

        self.by_source.setdefault(normalize_for_match(source), target)

    def _load(self, f: Path) -> None:
        suffix = f.suffix.lower()
        if suffix == ".jsonl":
            self._load_jsonl(f)
        elif suffix == ".tmx":
            from zh2en.formats.tmx import read_tmx

            for s, t in read_tmx(f):
                self._add_source(s, t)
        elif suffix in (".xlf", ".xliff"):
            from zh2en.formats.xliff import read_xliff

            for s, t in read_xliff(f):
                self._add_source(s, t)
        elif suffix == ".tsv":
            from zh2en.formats.text import read_tsv_pairs

            for s, t in read_tsv_pairs(f):
                self._add_source(s, t)
        elif suffix == ".txt":
            from zh2en.formats.text import read_lines

            article_id = f.name[: -len(".en.txt")] if f.name.endswith(".en.txt") else f.stem
            for n, line in enumerate(read_lines(f)):
                self.by_key[f"{article_id}#{n}"] = line
        else:
            raise InputError(
                f"{f}: unknown translations format {suffix!r}", hint="use " + ", ".join(SUFFIXES)
            )

    def _load_jsonl(self, f: Path) -> None:
        from zh2en.formats.jsonl import is_article_jsonl, read_article_jsonl

        text = f.read_text("utf-8-sig")
        if is_article_jsonl(text):
            article = read_article_jsonl(f)
            for seg in article.segments:
                target = seg.target if seg.target is not None else seg.mt
                if target is not None:
                    self.by_key[f"{article.id}#{seg.index}"] = target
                    self._add_source(seg.text, target)
            return
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{f}:{n}: not valid JSON ({exc.msg})") from exc
            if not isinstance(obj, dict):
                raise InputError(f"{f}:{n}: expected a JSON object")
            art = obj.get("id", obj.get("article"))
            if isinstance(obj.get("targets"), list):
                for i, t in enumerate(obj["targets"]):
                    self.by_key[f"{art}#{i}"] = str(t)
                continue
            if "target" not in obj:
                raise InputError(
                    f"{f}:{n}: no 'target' in the record",
                    hint='records look like {"id": "003_…", "index": 3, "source": "…", "target": "…"}',
                )
            target = str(obj["target"])
            index = obj.get("index", obj.get("segment"))
            if art is not None and index is not None:
                self.by_key[f"{art}#{index}"] = target
            if obj.get("source"):
                self._add_source(str(obj["source"]), target)

    # -- engine protocol ----------------------------------------------------------------

    def lookup(self, req: EngineRequest) -> str | None:
        if req.key is not None and req.key in self.by_key:
            return self.by_key[req.key]
        from zh2en.stages.normalize import normalize_for_match

        return self.by_source.get(normalize_for_match(req.text))

    def translate_batch(self, batch: Sequence[EngineRequest]) -> list[str]:
        out: list[str] = []
        for req in batch:
            found = self.lookup(req)
            if found is None:
                if self.missing == "error":
                    hint = (
                        "add it to the translations file, or pass --engine-option missing=empty "
                        "to leave it empty and let QA report it"
                    )
                    article_id = (req.key or "").rsplit("#", 1)[0]
                    if (
                        self.path.suffix == ".txt"
                        and article_id
                        and not self.path.name.startswith(article_id)
                    ):
                        hint = (
                            "line-aligned text is matched to an article by its file name: name it "
                            f"{article_id}.en.txt (line n = segment n), or use JSONL/TMX/XLIFF/TSV"
                        )
                    raise InputError(
                        f"no translation for segment {req.key or '(no id)'} "
                        f"in {self.path}: {req.text[:60]!r}",
                        hint=hint,
                    )
                found = ""
            out.append(found)
        return out

    def signature(self) -> dict[str, Any]:
        digest = sha256_file(self.files[0]) if len(self.files) == 1 else _hash_files(self.files)
        return {
            "name": self.name,
            "model": os.fspath(self.path),
            "model_hash": digest,
            "missing": self.missing,
            "glossary_strategy": self.glossary_strategy,
        }


def _hash_files(files: Sequence[Path]) -> str:
    from zh2en.util import sha256_text

    return sha256_text("\n".join(f"{f.name}:{sha256_file(f)}" for f in files))
