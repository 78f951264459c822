"""Aligned JSON Lines: the Article itself, one line per segment.

Pipeline position: the primary output; ``zh2en recheck`` and resume reload it.

Line 1 is the article header (``"type": "article"``: id, source path, raw text, metadata,
article findings, run signature); each following line is one segment (``"type":
"segment"``: source, target, raw MT, offsets, terms, ledger, findings, meta).
:func:`read_article_jsonl` rebuilds an Article equal to the one written.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, ClassVar

from zh2en.document import Article
from zh2en.errors import InputError
from zh2en.util import atomic_write_text

_DAMAGED = (
    "the file is damaged (cut short or edited by hand): write it again with `zh2en translate` "
    "(its translation memory makes that quick)"
)


def article_to_jsonl(article: Article) -> str:
    data = article.to_dict()
    segments = data.pop("segments")
    lines = [json.dumps({"type": "article", **data}, ensure_ascii=False)]
    lines += [json.dumps({"type": "segment", **s}, ensure_ascii=False) for s in segments]
    return "\n".join(lines) + "\n"


def article_from_jsonl(text: str, *, name: str = "<jsonl>") -> Article:
    header: dict[str, Any] | None = None
    segments: list[dict[str, Any]] = []
    for n, line in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name}:{n}: not valid JSON ({exc.msg})", hint=_DAMAGED) from exc
        if not isinstance(obj, dict):
            raise InputError(f"{name}:{n}: expected a JSON object", hint=_DAMAGED)
        kind = obj.pop("type", None)
        if kind == "article" and header is None:
            header = obj
        elif kind == "segment":
            segments.append(obj)
        else:
            raise InputError(
                f"{name}:{n}: unexpected line type {kind!r}",
                hint="an aligned article file has one 'article' line, then 'segment' lines",
            )
    if header is None:
        raise InputError(f"{name}: no article header line", hint="was this file written by zh2en translate?")
    try:
        return Article.from_dict({**header, "segments": segments})
    except (KeyError, ValueError, TypeError) as exc:
        raise InputError(
            f"{name}: not a zh2en aligned article ({type(exc).__name__}: {exc})", hint=_DAMAGED
        ) from exc


def write_article_jsonl(article: Article, path: str | os.PathLike[str]) -> None:
    """Write ``article`` as aligned JSON Lines (atomically)."""
    atomic_write_text(path, article_to_jsonl(article))


def read_article_jsonl(path: str | os.PathLike[str]) -> Article:
    """Load an aligned JSON Lines article written by :func:`write_article_jsonl`."""
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    return article_from_jsonl(text, name=str(path))


def is_article_jsonl(text: str) -> bool:
    """Whether ``text`` starts like an aligned article file."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    try:
        obj = json.loads(first)
    except json.JSONDecodeError:
        return False
    return isinstance(obj, dict) and obj.get("type") == "article"


class JsonlWriter:
    """Aligned JSON Lines: the article header, then one line per segment."""

    name: ClassVar[str] = "jsonl"
    suffix: ClassVar[str] = ".jsonl"

    def render(self, article: Article) -> bytes:
        return article_to_jsonl(article).encode("utf-8")

    def write(self, article: Article, path: Any) -> None:
        write_article_jsonl(article, path)
