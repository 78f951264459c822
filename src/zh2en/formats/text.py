"""Line-aligned plain text and tab-separated bilingual text (readers).

Pipeline position: input of the ``file`` engine. A line-aligned file has one translation per
line, line *n* (0-based) being the translation of segment *n*; a ``.tsv`` file has
``source<TAB>target`` per line. A UTF-8 BOM and CRLF line ends are accepted.
"""

from __future__ import annotations

import os
from pathlib import Path

from zh2en.errors import InputError


def _read(path: str | os.PathLike[str]) -> str:
    try:
        return Path(path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc


def read_lines(path: str | os.PathLike[str]) -> list[str]:
    """The lines of a line-aligned file (an empty last line from the final newline dropped)."""
    text = _read(path).replace("\r\n", "\n").replace("\r", "\n")
    if not text:
        return []
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def read_tsv_pairs(path: str | os.PathLike[str]) -> list[tuple[str, str]]:
    """``(source, target)`` pairs of a ``source<TAB>target`` file; a bad line names itself."""
    pairs: list[tuple[str, str]] = []
    for n, line in enumerate(read_lines(path), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2:
            raise InputError(
                f"{path}:{n}: expected 'source<TAB>target', found {len(parts)} column(s)",
                hint="a bilingual .tsv file has exactly two tab-separated columns per line",
            )
        pairs.append((parts[0], parts[1]))
    return pairs
