"""Small shared helpers: atomic writes, safe output paths, hashing.

Pipeline position: used by writers, the glossary store and the translation memory.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from zh2en.errors import UnsafePathError


def _write_temp(target: Path, data: bytes) -> str:
    """Write ``data`` to a fsynced temporary sibling of ``target`` (its mode kept); return its path.

    The temporary file is removed again if anything fails.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, target.stat().st_mode & 0o7777 if target.exists() else 0o644)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return tmp


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` so readers see the old file or the new one, never a part.

    The data goes to a temporary file in the same folder, is flushed and fsynced, then
    renamed over the target (atomic on POSIX).
    """
    tmp = _write_temp(Path(path), data)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write_many(items: Sequence[tuple[str | os.PathLike[str], bytes]]) -> None:
    """Write several files atomically, their fsyncs overlapped instead of one after another.

    Every file goes to a temporary sibling first and is fsynced (in a small thread pool:
    an fsync costs milliseconds and releases the GIL, and a run writes dozens of files);
    only when all are on disk is each renamed over its target. A crash at any point leaves
    every target either old or new, never partial. Temporary files are removed on error.
    """
    from concurrent.futures import ThreadPoolExecutor

    def write_one(path: str | os.PathLike[str], data: bytes) -> tuple[str, Path]:
        target = Path(path)
        return _write_temp(target, data), target

    pending: list[tuple[str, Path]] = []
    try:
        with ThreadPoolExecutor(max_workers=max(1, min(8, len(items)))) as pool:
            futures = [pool.submit(write_one, path, data) for path, data in items]
            errors: list[BaseException] = []
            for future in futures:
                try:
                    pending.append(future.result())
                except BaseException as exc:  # keep collecting so every temp file is cleaned
                    errors.append(exc)
            if errors:
                raise errors[0]
        for tmp, target in pending:
            os.replace(tmp, target)
        pending = []
    finally:
        for tmp, _ in pending:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)


def atomic_write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """Text version of :func:`atomic_write_bytes` (newlines written as given)."""
    atomic_write_bytes(path, text.encode(encoding))


_UNSAFE = re.compile(r"[^\w\-.]+", re.UNICODE)


def safe_filename(name: str, *, max_len: int = 80, fallback: str = "article") -> str:
    """A file name safe on any file system, built from any title or id.

    Keeps letters (Chinese included), digits, ``-``, ``_`` and ``.``; never starts with a dot;
    never a reserved name; at most ``max_len`` characters.
    """
    name = unicodedata.normalize("NFC", name)
    name = _UNSAFE.sub("_", name).strip("._-")
    name = name[:max_len].rstrip("._-")
    if not name or name.upper() in {"CON", "PRN", "AUX", "NUL"} or re.fullmatch(r"(?i)(com|lpt)\d", name):
        name = fallback
    return name


def safe_output_path(out_dir: str | os.PathLike[str], *parts: str) -> Path:
    """``out_dir/parts...`` resolved, refusing any path that escapes ``out_dir``."""
    base = Path(out_dir).resolve()
    candidate = base.joinpath(*parts).resolve()
    if candidate != base and base not in candidate.parents:
        raise UnsafePathError(
            f"refusing to write {candidate}: it is outside the output folder {base}",
            hint="file names come from article ids; check the input for path separators",
        )
    return candidate


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha256_file(path: str | os.PathLike[str]) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
