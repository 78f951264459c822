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
from pathlib import Path

from zh2en.errors import UnsafePathError


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` so readers see the old file or the new one, never a part.

    The data goes to a temporary file in the same folder, is flushed and fsynced, then
    renamed over the target (atomic on POSIX).
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


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
