"""Glossary lint: find entries that would translate wrongly or ambiguously, before a run does.

Pipeline position: maintenance (``zh2en glossary lint``, CI). Reads the same files as
:func:`zh2en.glossary.store.load_glossary` but never raises on a bad row: every row problem
becomes an ``error`` finding, and the cross-entry rules run on the rows that parsed.

Rules (``code`` — severity — what it catches):

============================  ========  =====================================================
row problems (``bad-date``…)  error     what loading would reject (see ``store``)
``overridden-id``             warning   the same id in two files: the later file wins
``duplicate-source``          error     two entries with the same Chinese form and English
``conflicting-english``       error     one Chinese form, different English, periods overlap
``overlapping-periods``       error     dated entries for one form whose periods overlap
``variant-is-source``         error     one entry's variant is another entry's canonical form
``script-duplicate``          error     forms of two entries equal after Traditional →
                                        Simplified / width normalization (``normalize_for_match``)
``redundant-variant``         warning   a variant that normalizes to another form of the entry
``contained-form``            warning   a form inside another entry's longer form whose English
                                        does not contain the shorter one's: inside that name only
                                        the longer entry matches (俄罗斯/Russia in 白俄罗斯/Belarus,
                                        大马/Malaysia in 大马士革/Damascus); consistent nesting
                                        (托卡耶夫/Tokayev in …·托卡耶夫/Kassym-Jomart Tokayev) is silent
``variant-equals-canonical``  error     an English variant identical to the canonical English
``duplicate-en-variant``      warning   the same English variant listed twice
``placeholder-english``       error     English still a ``[pinyin]`` placeholder from ``suggest``
``fullwidth``                 warning   full-width letters/digits or odd separators in Chinese
``fullwidth-english``         error     full-width or Chinese punctuation in English or the id
============================  ========  =====================================================

Two entries may share a Chinese form when their validity periods do not overlap
(努尔苏丹 → Nur-Sultan 2019-03-23…2022-09-17, Astana before and after).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from zh2en.glossary.model import Entry
from zh2en.glossary.store import expand_paths, read_glossary_file

__all__ = ["LintFinding", "lint_entries", "lint_glossary"]

_FULLWIDTH_PUNCT = set("，。、；：？！（）【】《》“”‘’「」　…—～")


@dataclass(frozen=True, slots=True)
class LintFinding:
    """One lint finding: ``file:line: severity code: message — fix``."""

    severity: str  # "error" | "warning"
    code: str
    file: str
    line: int
    message: str
    fix: str
    entry_id: str | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.severity} {self.code}: {self.message} — {self.fix}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _where(e: Entry) -> tuple[str, int]:
    return e.file or "<glossary>", e.line or 0


def _finding(sev: str, code: str, e: Entry, message: str, fix: str) -> LintFinding:
    f, line = _where(e)
    return LintFinding(sev, code, f, line, message, fix, e.id)


def _at(e: Entry) -> str:
    if e.file is None:  # an entry not yet in a file (``glossary add`` checking it first)
        return f"the new entry {e.id!r}"
    f, line = _where(e)
    return f"{e.id!r} ({Path(f).name}:{line})"


def _overlap(a: Entry, b: Entry) -> bool:
    """Whether the validity periods of ``a`` and ``b`` share a day (open ends are infinite)."""
    a0, a1 = a.valid_from or "0000-00-00", a.valid_to or "9999-99-99"
    b0, b1 = b.valid_from or "0000-00-00", b.valid_to or "9999-99-99"
    return a0 <= b1 and b0 <= a1


def _is_fullwidth(ch: str) -> bool:
    return 0xFF01 <= ord(ch) <= 0xFF5E or ch == "\u3000"


def _entry_rules(e: Entry, key: Any) -> list[LintFinding]:
    from zh2en.stages.normalize import SEPARATOR, fold_char

    out: list[LintFinding] = []
    seen: dict[str, str] = {}
    for form in e.zh_forms:
        k = key(form)
        if k in seen:
            other = seen[k]
            what = "is listed twice" if other == form else f"normalizes to the same text as {other!r}"
            out.append(
                _finding(
                    "warning",
                    "redundant-variant",
                    e,
                    f"Chinese form {form!r} of {e.id!r} {what}; matching already covers it",
                    f"remove {form!r} from zh_variants",
                )
            )
        else:
            seen[k] = form
        odd = sorted({c for c in form if c != SEPARATOR and fold_char(c) not in (c, None)})
        if odd:
            fixed = "".join(fold_char(c) or "" for c in form)
            out.append(
                _finding(
                    "warning",
                    "fullwidth",
                    e,
                    f"Chinese form {form!r} of {e.id!r} has full-width or non-standard characters "
                    f"{' '.join(repr(c) for c in odd)}",
                    f"write it as {fixed!r} (matching folds these anyway)",
                )
            )
    for name, value in (("id", e.id), ("en", e.en), *(("en_variants", v) for v in e.en_variants)):
        bad = sorted({c for c in value if _is_fullwidth(c) or c in _FULLWIDTH_PUNCT})
        if bad:
            out.append(
                _finding(
                    "error",
                    "fullwidth-english",
                    e,
                    f"{name} {value!r} of {e.id!r} contains full-width or Chinese characters "
                    f"{' '.join(repr(c) for c in bad)}",
                    "use ASCII letters, digits and punctuation in English",
                )
            )
    for v in e.en_variants:
        if v == e.en:
            out.append(
                _finding(
                    "error",
                    "variant-equals-canonical",
                    e,
                    f"English variant {v!r} of {e.id!r} is the canonical English itself; "
                    "enforcement would 'repair' correct text",
                    f"remove {v!r} from en_variants",
                )
            )
    dup = sorted({v for v in e.en_variants if e.en_variants.count(v) > 1})
    for v in dup:
        out.append(
            _finding(
                "warning",
                "duplicate-en-variant",
                e,
                f"English variant {v!r} of {e.id!r} is listed twice",
                "keep one of them",
            )
        )
    if e.en.startswith("[") and e.en.endswith("]"):
        out.append(
            _finding(
                "error",
                "placeholder-english",
                e,
                f"English of {e.id!r} is still the placeholder {e.en!r} from `zh2en glossary suggest`",
                "write the English used by wire services, or remove the entry",
            )
        )
    return out


def _pair_finding(a: Entry, fa: str, b: Entry, fb: str) -> LintFinding | None:
    """The finding for entries ``a`` and ``b`` sharing a normalized Chinese form, if any."""
    if not _overlap(a, b):
        return None  # dated names: the article's date chooses
    a_canon, b_canon = fa == a.zh, fb == b.zh
    same_en = a.en == b.en
    if fa != fb:
        return _finding(
            "error",
            "script-duplicate",
            b,
            f"{fb!r} of {_at(b)} and {fa!r} of {_at(a)} are the same name after "
            "Traditional→Simplified/width normalization" + ("" if same_en else f" ({b.en!r} vs {a.en!r})"),
            "keep one entry and list the other spelling in its zh_variants",
        )
    if a_canon != b_canon:
        src, var = (a, b) if a_canon else (b, a)
        return _finding(
            "error",
            "variant-is-source",
            var,
            f"variant {fa!r} of {_at(var)} is the Chinese source of {_at(src)}"
            + ("" if same_en else f" ({var.en!r} vs {src.en!r})"),
            f"remove {fa!r} from the variants of {var.id!r}, or merge the two entries",
        )
    if a.valid_from or a.valid_to or b.valid_from or b.valid_to:
        return _finding(
            "error",
            "overlapping-periods",
            b,
            f"{fa!r} has entries {_at(a)} ({a.valid_from or '…'} to {a.valid_to or '…'}) and "
            f"{_at(b)} ({b.valid_from or '…'} to {b.valid_to or '…'}) whose validity periods overlap",
            "make one period end the day before the other starts",
        )
    if not same_en:
        return _finding(
            "error",
            "conflicting-english",
            b,
            f"{fa!r} is {a.en!r} in {_at(a)} but {b.en!r} in {_at(b)}",
            "keep one entry, or give both validity dates that do not overlap",
        )
    return _finding(
        "error",
        "duplicate-source",
        b,
        f"{fa!r} ({a.en}) is defined twice: {_at(a)} and {_at(b)}",
        "remove the duplicate entry",
    )


def _contained(entries: Sequence[Entry], keys: dict[tuple[int, str], str]) -> list[LintFinding]:
    """``contained-form`` warnings, found with an Aho-Corasick automaton over all forms."""
    import ahocorasick

    auto = ahocorasick.Automaton()
    owners: dict[str, list[tuple[int, str]]] = {}
    for (i, form), k in keys.items():
        owners.setdefault(k, []).append((i, form))
    for k in owners:
        auto.add_word(k, k)
    if not owners:
        return []
    auto.make_automaton()
    out: list[LintFinding] = []
    reported: set[tuple[int, int, str]] = set()
    for long_key, long_owners in owners.items():
        for _end, short_key in auto.iter(long_key):
            if short_key == long_key:
                continue
            for j, long_form in long_owners:
                for i, short_form in owners[short_key]:
                    if i == j or (i, j, short_key) in reported:
                        continue
                    reported.add((i, j, short_key))
                    short, long = entries[i], entries[j]
                    if short.en.casefold() in long.en.casefold():
                        continue  # consistent nesting: Tokayev inside Kassym-Jomart Tokayev
                    out.append(
                        _finding(
                            "warning",
                            "contained-form",
                            short,
                            f"{short_form!r} ({short.id}, {short.en}) is inside {long_form!r} "
                            f"({long.id}, {long.en}): within that name only {long.id!r} matches",
                            "fine when intended (a city inside a person's name); otherwise add the "
                            "longer form as a variant of the right entry",
                        )
                    )
    return out


def lint_entries(entries: Sequence[Entry], *, opencc: str = "t2s") -> list[LintFinding]:
    """Cross-entry and per-entry rules on already-parsed, effective ``entries``."""
    from zh2en.stages.normalize import normalize_for_match

    def key(form: str) -> str:
        return normalize_for_match(form, opencc)

    out: list[LintFinding] = []
    keys: dict[tuple[int, str], str] = {}
    by_key: dict[str, list[tuple[int, str]]] = {}
    for i, e in enumerate(entries):
        out.extend(_entry_rules(e, key))
        for form in dict.fromkeys(e.zh_forms):
            k = key(form)
            keys[(i, form)] = k
            group = by_key.setdefault(k, [])
            if all(j != i for j, _ in group):
                group.append((i, form))
    for group in by_key.values():
        for (i, fa), (j, fb) in combinations(group, 2):
            found = _pair_finding(entries[i], fa, entries[j], fb)
            if found:
                out.append(found)
    out.extend(_contained(entries, keys))
    return out


def conflicts_of(new: Entry, entries: Sequence[Entry], *, opencc: str = "t2s") -> list[LintFinding]:
    """The cross-entry errors ``new`` would bring into ``entries`` (for ``glossary add``).

    The same rules as :func:`lint_entries` (a shared Chinese form with other English, a
    Traditional duplicate, a variant that is another entry's source, overlapping dated
    periods), checked only between ``new`` and each entry that shares one of its forms.
    """
    from zh2en.stages.normalize import normalize_for_match

    mine = {normalize_for_match(f, opencc): f for f in dict.fromkeys(new.zh_forms)}
    out: list[LintFinding] = []
    for e in entries:
        if e.id == new.id:
            continue
        for form in dict.fromkeys(e.zh_forms):
            theirs = mine.get(normalize_for_match(form, opencc))
            if theirs is None:
                continue
            found = _pair_finding(e, form, new, theirs)
            if found is not None:
                out.append(found)
                break
    return out


def lint_glossary(paths: Sequence[str | Path] | None = None, *, opencc: str = "t2s") -> list[LintFinding]:
    """Lint glossary files (``None``: the project's ``glossary/``); findings sorted by place.

    Never raises for bad rows: they are ``error`` findings. Later files override earlier
    ones for the same id (``overridden-id`` warning), as when loading.
    """
    files = expand_paths(paths)
    out: list[LintFinding] = []
    effective: dict[str, Entry] = {}
    order: list[str] = []
    for f in files:
        gf = read_glossary_file(f)
        out.extend(LintFinding("error", p.code, p.file, p.line, p.message, p.fix) for p in gf.problems)
        for e in gf.entries:
            if e.id in effective:
                old = effective[e.id]
                out.append(
                    _finding(
                        "warning",
                        "overridden-id",
                        e,
                        f"id {e.id!r} is also defined in {_at(old)}; this later file wins",
                        "remove one of them unless the override is intended",
                    )
                )
                order.remove(e.id)
            effective[e.id] = e
            order.append(e.id)
    out.extend(lint_entries([effective[i] for i in order], opencc=opencc))
    rank = {"error": 0, "warning": 1}
    file_rank = {str(f): n for n, f in enumerate(files)}
    out.sort(key=lambda x: (file_rank.get(x.file, len(files)), x.line, rank.get(x.severity, 2), x.code))
    return out
