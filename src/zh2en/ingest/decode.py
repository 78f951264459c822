"""Decoding input bytes: UTF-8 (± BOM), UTF-16/32, GB18030/GBK, Big5 — or a clear error.

Pipeline position: the very first step of ingestion; ``raw_text`` is exactly what
:func:`decode_bytes` returns (a BOM removed, nothing else changed: newlines stay as written).

How the encoding is chosen:

1. an empty file is an :class:`~zh2en.errors.InputError`;
2. a byte-order mark decides (UTF-32, UTF-8, UTF-16);
3. strict UTF-8 wins unless more than 1% of it is control characters (legacy CJK bytes almost never
   form valid UTF-8);
4. otherwise each candidate (GB18030, Big5/CP950/Big5-HKSCS, BOM-less UTF-16 LE/BE) is decoded
   strictly and scored by the share of characters that are common in Chinese text (the
   frequent hanzi of GB2312 level 1 and Big5 level 1, CJK and ASCII punctuation, digits,
   Latin letters, whitespace); control and private-use characters count against it. GB18030
   decodes almost any byte string, so "it decoded" proves nothing — the score does;
5. when the two best scores are within :data:`TIE_MARGIN`, charset-normalizer breaks the tie;
6. nothing scoring at least :data:`MIN_SCORE` → :class:`~zh2en.errors.DecodeError` naming the
   file and every encoding tried (binary files end here).
"""

from __future__ import annotations

import codecs
import contextlib
import functools

from zh2en.errors import DecodeError, InputError

#: Candidates for text that is not UTF-8, in preference order for equal scores.
CANDIDATES = ("gb18030", "big5", "cp950", "big5hkscs", "utf-16-le", "utf-16-be")
MIN_SCORE = 0.75
TIE_MARGIN = 0.02
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
_PUNCT = set("，。、；：？！“”‘’（）《》〈〉【】「」『』—…·－～　﹏＿｜／＼％＋＝＜＞．")
_OK_CONTROL = set("\t\n\r\f\v")


@functools.lru_cache(maxsize=1)
def common_chars() -> frozenset[str]:
    """Frequent hanzi: GB2312 level 1 (3,755 simplified) and Big5 level 1 (5,401 traditional)."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes([lead, trail]).decode("gb2312"))
    for lead in range(0xA4, 0xC7):
        for trail in [*range(0x40, 0x7F), *range(0xA1, 0xFF)]:
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes([lead, trail]).decode("big5"))
    return frozenset(chars)


def text_score(text: str) -> float:
    """Share of ``text`` that looks like Chinese news text (0…1; bad characters subtract)."""
    if not text:
        return 0.0
    common = common_chars()
    good = 0.0
    for ch in text:
        o = ord(ch)
        if ch in common or ch in _PUNCT:
            good += 1
        elif o < 0x80:
            if ch.isprintable() or ch in _OK_CONTROL:
                good += 1
            else:
                good -= 2  # control characters: binary, or a wrong decoding
        elif 0xFF01 <= o <= 0xFF5E or ch in "\u00a0\u00b7\u2022\u2014\u2026\u201c\u201d\u2018\u2019\ufeff":
            good += 1
        elif (
            0xE000 <= o <= 0xF8FF
            or 0xD800 <= o <= 0xDFFF
            or o in (0xFFFD, 0xFFFE, 0xFFFF)
            or 0x80 <= o < 0xA0
        ):
            good -= 2  # private use, surrogates, C1 controls
        elif 0x4E00 <= o <= 0x9FFF:
            good += 0.5  # a real but rarer hanzi
    return max(0.0, good / len(text))


#: Share of control characters above which a valid UTF-8 decoding is still not text.
MAX_CONTROL_SHARE = 0.01


def _has_bad_controls(text: str) -> bool:
    bad = sum(1 for c in text if (ord(c) < 0x20 and c not in _OK_CONTROL) or c == "\x7f")
    return bad > MAX_CONTROL_SHARE * len(text)


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """``(text, encoding)`` for the bytes of file ``name``; see the module docstring."""
    if not data:
        raise InputError(f"{name}: the file is empty", hint="nothing to ingest; remove it or fill it")
    for bom, encoding, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"{name}: starts with a {encoding} byte-order mark but is not valid {encoding} "
                    f"(byte {exc.start})",
                    hint="re-save the file as UTF-8",
                ) from exc
            return text.removeprefix("\ufeff"), encoding + ("-sig" if codec == "utf-8-sig" else "")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if not _has_bad_controls(text):
            return text, "utf-8"
    scored: list[tuple[float, int, str, str]] = []
    for rank, encoding in enumerate(CANDIDATES):
        if encoding.startswith("utf-16") and len(data) % 2:
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        scored.append((text_score(text), -rank, encoding, text))
    scored.sort(reverse=True)
    if not scored or scored[0][0] < MIN_SCORE:
        closest = f" (best: {scored[0][2]}, {scored[0][0]:.0%} plausible)" if scored else ""
        raise DecodeError(
            f"{name}: not text in any supported encoding{closest}; tried utf-8, {', '.join(CANDIDATES)}",
            hint="binary files cannot be ingested; convert text to UTF-8 (e.g. iconv -f GBK -t UTF-8)",
        )
    best = scored[0]
    rival = next((s for s in scored[1:] if _family(s[2]) != _family(best[2])), None)
    if rival is not None and best[0] - rival[0] < TIE_MARGIN:
        pick = _tie_break(data, [best[2], rival[2]])
        if pick == rival[2]:
            return rival[3], rival[2]
    return best[3], best[2]


def _family(encoding: str) -> str:
    return "big5" if encoding.startswith(("big5", "cp950")) else encoding


def _tie_break(data: bytes, encodings: list[str]) -> str:
    """charset-normalizer's choice among ``encodings`` (the first when it has no opinion)."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - core dependency
        return encodings[0]
    aliases = {"gb18030": {"gb18030", "gbk", "gb2312"}, "big5": {"big5", "cp950", "big5hkscs"}}
    for match in from_bytes(data, cp_isolation=None):
        enc = match.encoding.replace("_", "-").lower()
        for candidate in encodings:
            if enc == candidate or enc in aliases.get(candidate, set()):
                return candidate
    return encodings[0]


#: Larger files are refused: no news article is this big, and a hostile input must not eat memory.
MAX_FILE_BYTES = 64 * 1024 * 1024


def decode_file(path: str) -> tuple[str, str]:
    """Read and decode ``path``; errors name the file."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
            if len(data) > MAX_FILE_BYTES:
                raise InputError(
                    f"{path}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB, not read",
                    hint="split it (JSON Lines: fewer articles per file)",
                )
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a folder, not a file") from exc
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file", hint="check the path") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from exc
    return decode_bytes(data, path)
