"""Ingestion: files → decoded text → :class:`~zh2en.document.Article` objects.

Pipeline position: the first stage (**ingest** → normalize → split → match terms → …).
For each file: :func:`~zh2en.ingest.decode.decode_file` detects the encoding; a reader
(registered by name in :mod:`zh2en.builtins`, chosen by content sniffing in
``READER_ORDER`` unless named) finds the blocks and metadata; boilerplate is removed; blocks
are normalized (:func:`zh2en.stages.normalize.normalize`) and split into sentence segments
(:func:`zh2en.stages.split.split_sentences`) whose offsets point into ``raw_text``.

Public API::

    ingest_paths(paths, *, opencc="t2s", reader=None) -> IngestResult
    read_file(path, *, opencc="t2s", reader=None) -> Article
    ingest_text(raw_text, *, source_path=None, article_id=None, reader=None, opencc="t2s") -> Article
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zh2en.document import Article
from zh2en.errors import InputError, UsageError, Zh2enError

#: File name endings a folder expands to (other files in a folder are ignored).
INPUT_SUFFIXES = (
    ".txt",
    ".text",
    ".md",
    ".markdown",
    ".html",
    ".htm",
    ".xhtml",
    ".jsonl",
    ".ndjson",
    ".json",
)


@dataclass(slots=True)
class IngestResult:
    """Articles read from a batch, and ``(path, error)`` for every file that failed."""

    articles: list[Article] = field(default_factory=list)
    errors: list[tuple[str, Zh2enError]] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)  # output files, when written


def _check_opencc(opencc: str) -> None:
    from zh2en.stages.normalize import to_simplified

    to_simplified("中", opencc)  # raises ConfigError for an unknown config


def get_reader(name: str, *, opencc: str = "t2s") -> Any:
    """An instance of the reader registered as ``name`` (unknown names list the available ones)."""
    from zh2en.builtins import readers

    cls = readers.get(name)
    return cls(opencc=opencc)


def choose_reader(text: str, path: str | None, *, opencc: str = "t2s") -> Any:
    """The first reader in ``READER_ORDER`` (then third-party ones) whose ``sniff`` accepts ``text``."""
    from zh2en.builtins import READER_ORDER, readers

    names = [*READER_ORDER, *(n for n in readers.names() if n not in READER_ORDER)]
    for name in names:
        reader = get_reader(name, opencc=opencc)
        if reader.sniff(text, path):
            return reader
    return get_reader("text", opencc=opencc)


def _read_articles(
    raw_text: str, *, source_path: str | None, reader: str | None, opencc: str
) -> list[Article]:
    if not raw_text.strip():
        raise InputError(f"{source_path or 'input'}: holds only whitespace", hint="nothing to ingest")
    impl = (
        get_reader(reader, opencc=opencc) if reader else choose_reader(raw_text, source_path, opencc=opencc)
    )
    articles: list[Article] = impl.read_all(raw_text, source_path)
    return articles


def ingest_text(
    raw_text: str,
    *,
    source_path: str | None = None,
    article_id: str | None = None,
    reader: str | None = None,
    opencc: str = "t2s",
) -> Article:
    """The article in an already decoded text (``reader`` names the format; default: sniffed)."""
    _check_opencc(opencc)
    articles = _read_articles(raw_text, source_path=source_path, reader=reader, opencc=opencc)
    if len(articles) != 1:
        raise InputError(
            f"{source_path or 'input'}: holds {len(articles)} articles, expected one",
            hint="use ingest_paths for JSON Lines files with several articles",
        )
    article = articles[0]
    _sign(article, opencc)
    if article_id is not None:
        article.id = article_id
    return article


def read_file_articles(
    path: str | os.PathLike[str], *, opencc: str = "t2s", reader: str | None = None
) -> list[Article]:
    """Every article in one file (JSON Lines may hold several)."""
    from zh2en.ingest.decode import decode_file

    name = os.fspath(path)
    text, encoding = decode_file(name)
    try:
        articles = _read_articles(text, source_path=name, reader=reader, opencc=opencc)
    except InputError as exc:
        if not exc.message.startswith(name):
            exc.message = f"{name}: {exc.message}"
        raise
    for article in articles:
        if not article.segments:
            # A scrape that caught only page furniture: translating it would ship an empty
            # "article" with exit 0; say so instead (the batch goes on without it).
            dropped = article.metadata.extra.get("dropped_blocks") or {}
            what = ", ".join(f"{k} {v}" for k, v in sorted(dropped.items())) if dropped else ""
            raise InputError(
                f"{name}: no article text"
                + (f" in {article.id!r}" if len(articles) > 1 else "")
                + (f" (only page furniture: {what})" if what else ""),
                hint="check that the file is the article page (not an index or an error page)",
            )
        article.metadata.encoding = encoding
        _sign(article, opencc)
    return articles


def _sign(article: Article, opencc: str) -> None:
    from zh2en.signature import make_signature

    article.signature = make_signature(opencc=opencc, settings={"reader": article.metadata.reader})


def read_file(path: str | os.PathLike[str], *, opencc: str = "t2s", reader: str | None = None) -> Article:
    """The article in one file, decoded and cleaned."""
    _check_opencc(opencc)
    articles = read_file_articles(path, opencc=opencc, reader=reader)
    if len(articles) != 1:
        raise InputError(
            f"{os.fspath(path)}: holds {len(articles)} articles, expected one",
            hint="use ingest_paths (or `zh2en ingest`) for JSON Lines files with several articles",
        )
    return articles[0]


def is_output_folder(folder: Path) -> bool:
    """A folder ``zh2en translate`` wrote (its TM or run index inside): outputs, not articles."""
    if (folder / ".zh2en-tm.sqlite").is_file():
        return True
    try:
        with open(folder / "run.json", encoding="utf-8") as f:
            head = f.read(200)
    except (OSError, UnicodeDecodeError):
        return False
    return re.match(r'\s*\{\s*"tool"\s*:\s*"zh2en"', head) is not None


def expand_paths(
    paths: Sequence[str | os.PathLike[str]], *, exclude: Sequence[str | os.PathLike[str]] = ()
) -> list[Path]:
    """Files named, and the input files inside folders named (recursively, sorted, no hidden ones).

    Inside a folder, sub-folders in ``exclude`` (the run's output folder) and folders that
    ``zh2en translate`` wrote are skipped: `translate in/ -o in/out` run twice must not read
    its own English outputs as articles.
    """
    skip = {Path(e).resolve() for e in exclude}
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found: list[Path] = []
            for root, dirs, files in os.walk(path):
                here = Path(root)
                dirs[:] = [
                    d
                    for d in dirs
                    if not d.startswith(".")
                    and (here / d).resolve() not in skip
                    and not is_output_folder(here / d)
                ]
                found.extend(
                    here / f
                    for f in files
                    if not f.startswith(".")
                    and Path(f).suffix.lower() in INPUT_SUFFIXES
                    and (here / f).is_file()
                )
            out.extend(sorted(found))
        else:
            out.append(path)
    return out


def ingest_paths(
    paths: Sequence[str | os.PathLike[str]],
    *,
    opencc: str = "t2s",
    reader: str | None = None,
    exclude: Sequence[str | os.PathLike[str]] = (),
) -> IngestResult:
    """Read every file (folders expanded; ``exclude``: folders to skip); one bad file never stops
    the batch."""
    _check_opencc(opencc)
    if reader is not None:
        get_reader(reader, opencc=opencc)  # an unknown reader is a usage error for the whole batch
    result = IngestResult()
    for path in expand_paths(paths, exclude=exclude):
        try:
            result.articles.extend(read_file_articles(path, opencc=opencc, reader=reader))
        except UsageError:
            raise
        except Zh2enError as exc:
            result.errors.append((str(path), exc))
    return result


def _check_out_dir(out_dir: str | os.PathLike[str]) -> Path:
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise UsageError(f"the output folder {out} is a file", hint="pass a folder to -o/--out")
    return out


def write_outputs(articles: Sequence[Article], out_dir: str | os.PathLike[str]) -> list[Path]:
    """Write ``<id>.json`` (``Article.to_dict``) and ``<id>.zh.txt`` (cleaned text) per article.

    Names come from article ids made safe (:func:`zh2en.util.safe_filename`); two articles
    with the same id get ``-2``, ``-3``… Writes are atomic and never leave ``out_dir``.
    """
    import json

    from zh2en.util import atomic_write_text, safe_filename, safe_output_path

    written: list[Path] = []
    used: set[str] = set()
    out = _check_out_dir(out_dir)
    for article in articles:
        base = safe_filename(article.id)
        name, k = base, 1
        while name.lower() in used:
            k += 1
            name = f"{base}-{k}"
        used.add(name.lower())
        json_path = safe_output_path(out_dir, f"{name}.json")
        text_path = safe_output_path(out_dir, f"{name}.zh.txt")
        try:
            atomic_write_text(json_path, json.dumps(article.to_dict(), ensure_ascii=False, indent=1) + "\n")
            atomic_write_text(text_path, article.text + "\n")
        except OSError as exc:
            raise InputError(
                f"cannot write to {out}: {exc.strerror or exc}",
                hint="check the folder's permissions and free space",
            ) from exc
        written.extend([json_path, text_path])
    return written


def ingest(
    paths: Sequence[str | os.PathLike[str]],
    *,
    out_dir: str | os.PathLike[str] | None = None,
    opencc: str = "t2s",
    reader: str | None = None,
) -> IngestResult:
    """What ``zh2en ingest`` does: :func:`ingest_paths`, then :func:`write_outputs` when ``out_dir``."""
    if out_dir is not None:
        _check_out_dir(out_dir)  # before the work, not after it
    result = ingest_paths(paths, opencc=opencc, reader=reader)
    if out_dir is not None:
        result.written = write_outputs(result.articles, out_dir)
    return result


__all__ = [
    "IngestResult",
    "choose_reader",
    "expand_paths",
    "get_reader",
    "ingest",
    "ingest_paths",
    "ingest_text",
    "read_file",
    "read_file_articles",
    "write_outputs",
]
