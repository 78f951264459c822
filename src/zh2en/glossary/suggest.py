"""Glossary suggestions: mine candidate entries from a corpus of articles for editors to review.

Pipeline position: maintenance (``zh2en glossary suggest CORPUS``). Reads articles, finds
names the glossary does not cover yet, and writes a ranked TSV review file that
``zh2en glossary import --status proposed`` accepts. Nothing here changes the glossary.

Evidence, strongest first (the weight multiplies the frequency in the ranking):

* ``given-english`` (3) — the source gives the English in parentheses right after the Chinese:
  埃尔兰·卡林(Erlan Karin), 普莱斯（Ned Price）, “未遂政变”(attempted coup d'etat).
* ``byline`` (3) — a Chinese person name in a byline or dateline (记者 崔璞玉,
  【文/观察者网 鞠峰】, （记者 张三 李四）), romanized by GB/T 28039: Cui Puyu, Ju Feng.
* ``abbreviation`` (3) — an abbreviation introduced after a full name, by 简称 or in
  parentheses: 集体安全条约组织(简称“集安组织”). The abbreviation becomes a variant of the
  full name; its characters must appear in the full name in order.
* ``transliteration`` (1) — a run of characters typical of transliterated foreign names
  (弗拉基米尔·普京, 托卡耶夫), at least three characters or joined with ``·``.

Forms already in the glossary (after normalization) are skipped, and runs are split at known
forms so 哈萨克斯坦总统托卡耶夫 never yields 哈萨克斯坦…. English that is not known is a
``[pin yin]`` placeholder that ``zh2en glossary lint`` rejects until an editor replaces it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zh2en.glossary.model import COLUMNS, Entry, EntryStatus, EntryType
from zh2en.glossary.pinyin import COMMON_SURNAMES, COMPOUND_SURNAMES, is_han, romanize_name, spaced

__all__ = ["REVIEW_COLUMNS", "Candidate", "review_tsv", "suggest", "suggest_from_texts"]

#: Columns of the review file: the glossary columns, then the evidence for the reviewer.
REVIEW_COLUMNS = (*COLUMNS, "score", "count", "articles", "evidence", "contexts")

WEIGHTS = {"given-english": 3.0, "byline": 3.0, "abbreviation": 3.0, "transliteration": 1.0}

#: Characters typical of transliterated foreign names (Xinhua transliteration tables).
TRANSLIT = frozenset(
    "阿埃艾爱安昂奥澳巴芭拜班邦鲍贝本比彼毕宾波伯勃博布查察柴彻楚茨达戴丹道德登迪蒂丁杜敦多厄恩尔"
    "法菲费芬丰弗福夫盖甘冈戈哥格根贡古圭哈海汉豪赫亨洪胡霍基吉加贾杰捷卡凯坎康考柯科克肯库夸奎昆"
    "拉莱赖兰朗劳勒雷蕾黎里莉丽利列林琳留龙卢鲁路伦罗洛马玛迈麦曼芒梅门蒙米密摩莫默姆穆纳娜奈瑙"
    "内尼妮涅纽努诺欧帕派潘庞佩彭皮珀普奇齐恰乔切钦琼丘萨塞赛桑瑟森沙莎舍绍施什舒斯松苏索塔泰坦"
    "汤唐特滕提廷通图托瓦万旺威韦维温沃乌伍西希锡夏谢辛休雅亚扬耶伊尤约扎泽詹佐兹俄木别英武吕若津耳"
)
#: Characters that almost only occur in transliterations; a run needs one of them.
TRANSLIT_STRONG = frozenset("埃尔夫娃娅耶斯兹茨奥弗姆贾鲁萨瑙涅普奇齐恰切钦莎舍索泰坦瓦维沃乌伊扎泽詹佐")
SEPARATOR = "\u00b7"

_LATIN_NAME = r"[A-Za-z][A-Za-z0-9.'’\- ]{0,60}[A-Za-z0-9.]|[A-Za-z]"
_PAREN_EN = re.compile(r"[(（]\s*(" + _LATIN_NAME + r")\s*[)）]")
_ABBR_JIANCHENG = re.compile(
    r"[(（，,]?\s*(?:以下)?简称\s*[“\"「‘]?([\u4e00-\u9fffA-Za-z0-9]{2,12})[”\"」’]?\s*[)）]?"
)
_ABBR_PAREN = re.compile(r"[(（]([\u4e00-\u9fff]{2,8})[)）]")
_QUOTE_CLOSE = {"”": "“", '"': '"', "」": "「", "’": "‘", "》": "《"}
_BYLINE_ROLE = r"(?:本报|特约|见习|实习)?(?:记者|通讯员|责任编辑|编辑|作者|撰文|摄影|编译)"
_NAME = r"[\u4e00-\u9fff]{2,4}"
_BYLINE = re.compile(
    r"(?:^|(?<=[\s（(【\[电]))"
    r"(?:" + _BYLINE_ROLE + r"\s*[：:]?\s*|文\s*[：:]\s*|文\s*[/／]\s*(?:(?P<outlet>[^\s】）)/]{2,12})\s+)?)"
    r"(?P<names>" + _NAME + r"(?:[\s、,，]+" + _NAME + r")*)(?=$|[\s）)】\]，,。;；])"
)
_ORG_SUFFIX = (
    "组织",
    "委员会",
    "联盟",
    "集团",
    "公司",
    "政府",
    "议会",
    "国务院",
    "部",
    "局",
    "署",
    "党",
    "会",
    "院",
)
_MEDIA_SUFFIX = ("社", "报", "网", "电视台", "台", "通讯")


@dataclass(slots=True)
class Candidate:
    """One suggested entry with its evidence."""

    zh: str
    en: str
    type: EntryType
    evidence: set[str] = field(default_factory=set)
    zh_variants: list[str] = field(default_factory=list)
    count: int = 0
    articles: set[str] = field(default_factory=set)
    contexts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    en_known: bool = False

    @property
    def score(self) -> float:
        weight = max((WEIGHTS[e] for e in self.evidence), default=1.0)
        return round(self.count * weight + len(self.articles) - 1 + 0.5 * (len(self.evidence) - 1), 2)

    def to_dict(self) -> dict[str, Any]:
        return {
            "zh": self.zh,
            "zh_variants": self.zh_variants,
            "en": self.en,
            "type": str(self.type),
            "score": self.score,
            "count": self.count,
            "articles": sorted(self.articles),
            "evidence": sorted(self.evidence),
            "contexts": self.contexts,
            "notes": self.notes,
        }


# -- reading the corpus --------------------------------------------------------------------


def _read_corpus(
    paths: Sequence[str | Path], opencc: str, errors: list[tuple[str, Exception]] | None
) -> list[tuple[str, list[str]]]:
    """``(article id, normalized segment texts)`` for every article under ``paths``."""
    from zh2en.ingest import ingest_paths

    result = ingest_paths(list(paths), opencc=opencc)
    if errors is not None:
        errors.extend(result.errors)
    return [(a.id, [s.text for s in a.segments]) for a in result.articles]


# -- mining -----------------------------------------------------------------------------------


class _Known:
    """Normalized forms already in the glossary, for skipping and for splitting runs."""

    def __init__(self, entries: Iterable[Entry], opencc: str) -> None:
        from zh2en.stages.normalize import normalize_for_match

        self.norm = normalize_for_match
        self.opencc = opencc
        self.forms: dict[str, Entry] = {}
        for e in entries:
            for f in e.zh_forms:
                self.forms.setdefault(normalize_for_match(f, opencc), e)
        self._by_len = sorted(self.forms, key=len, reverse=True)

    def get(self, form: str) -> Entry | None:
        return self.forms.get(self.norm(form, self.opencc))

    def split(self, run: str) -> list[str]:
        """Pieces of ``run`` left after cutting out every known form (longest first)."""
        pieces = [run]
        for k in self._by_len:
            if len(k) < 2:
                continue
            nxt: list[str] = []
            for p in pieces:
                nxt.extend(x for x in p.split(k) if x)
            pieces = nxt
        return [p.strip(SEPARATOR) for p in pieces if p.strip(SEPARATOR)]


def _is_translit_run(run: str) -> bool:
    han = run.replace(SEPARATOR, "")
    if not han or not all(c in TRANSLIT for c in han):
        return False
    if SEPARATOR in run:
        return all(len(part) >= 2 for part in run.split(SEPARATOR))
    return len(han) >= 3 and any(c in TRANSLIT_STRONG for c in han)


def _translit_runs(line: str) -> Iterable[tuple[int, int]]:
    """Spans of maximal runs of transliteration characters (with ``·`` inside)."""
    i, n = 0, len(line)
    while i < n:
        if line[i] in TRANSLIT:
            j = i
            while j < n and (
                line[j] in TRANSLIT or (line[j] == SEPARATOR and j + 1 < n and line[j + 1] in TRANSLIT)
            ):
                j += 1
            yield i, j
            i = j
        else:
            i += 1


def _tile_runs(line: str, kn: _Known, standalone: dict[str, int]) -> Iterable[tuple[str, int]]:
    """Transliterated-name candidates in ``line`` as ``(form, position)``.

    A maximal run is first cut at glossary forms, then at shorter runs that occur on their
    own at least as often (哈萨克斯坦派 → 哈萨克斯坦 + 派); pieces that still look like a
    transliterated name are kept.
    """
    for i, j in _translit_runs(line):
        run = line[i:j]
        if SEPARATOR in run:  # a ·-joined name is one unit, even when a part is known (托卡耶夫)
            if kn.get(run) is None and _is_translit_run(run):
                yield run, i
            continue
        for piece in kn.split(run):
            base = line.find(piece, i)
            n = standalone.get(piece, 0)
            subs = sorted(
                (
                    r
                    for r, c in standalone.items()
                    if r != piece and c >= n and r in piece and _is_translit_run(r)
                ),
                key=len,
                reverse=True,
            )
            spans: list[tuple[int, int]] = []
            for r in subs:
                k = piece.find(r)
                while k >= 0:
                    if all(k + len(r) <= a or k >= b for a, b in spans):
                        spans.append((k, k + len(r)))
                    k = piece.find(r, k + 1)
            cuts = sorted({0, len(piece), *(x for span in spans for x in span)})
            for a, b in itertools.pairwise(cuts):
                part = piece[a:b].strip(SEPARATOR)
                if part and _is_translit_run(part):
                    yield part, base + a + piece[a:b].find(part)


def _term_before(line: str, end: int) -> str | None:
    """The Chinese term ending at ``end``: a quoted phrase, or a transliterated-name run."""
    if end <= 0:
        return None
    close = line[end - 1]
    if close in _QUOTE_CLOSE:
        start = line.rfind(_QUOTE_CLOSE[close], 0, end - 1)
        inner = line[start + 1 : end - 1] if start >= 0 else ""
        if 2 <= len(inner) <= 20 and all(is_han(c) or c == SEPARATOR for c in inner):
            return inner
        return None
    j = end
    while j > 0 and (line[j - 1] in TRANSLIT or line[j - 1] == SEPARATOR):
        j -= 1
    run = line[j:end].strip(SEPARATOR)
    if len(run.replace(SEPARATOR, "")) >= 2:
        return run
    return None


def _han_run_before(line: str, end: int) -> str:
    j = end
    if j > 0 and line[j - 1] in _QUOTE_CLOSE:
        start = line.rfind(_QUOTE_CLOSE[line[j - 1]], 0, j - 1)
        return line[start + 1 : j - 1] if start >= 0 else ""
    while j > 0 and is_han(line[j - 1]):
        j -= 1
    return line[j:end]


def _full_for_abbr(run: str, abbr: str) -> str | None:
    """The shortest suffix of ``run`` that starts with ``abbr[0]`` and contains ``abbr`` in order."""
    for s in range(len(run) - len(abbr), -1, -1):
        if run[s] != abbr[0]:
            continue
        it = iter(run[s:])
        if all(c in it for c in abbr):
            full = run[s:]
            return full if len(full) > len(abbr) else None
    return None


def _guess_type(zh: str, en: str, evidence: str) -> EntryType:
    if evidence == "byline" or (evidence == "transliteration" and SEPARATOR in zh):
        return EntryType.PERSON
    if zh.endswith(_MEDIA_SUFFIX) and not zh.endswith("会社"):
        return EntryType.MEDIA
    if zh.endswith(_ORG_SUFFIX):
        return EntryType.ORGANIZATION
    words = en.split()
    if (
        (SEPARATOR in zh or _is_translit_run(zh))
        and 2 <= len(words) <= 4
        and all(w[:1].isupper() for w in words)
    ):
        return EntryType.PERSON
    return EntryType.TERM


def _is_person_name(name: str) -> bool:
    if name[:2] in COMPOUND_SURNAMES and len(name) >= 3:
        return True
    return name[0] in COMMON_SURNAMES and 2 <= len(name) <= 3


def _context(line: str, start: int, end: int, width: int = 24) -> str:
    a, b = max(0, start - width), min(len(line), end + width)
    text = ("…" if a else "") + line[a:b] + ("…" if b < len(line) else "")
    return re.sub(r"[\t\r\n]+", " ", text)


def suggest_from_texts(
    docs: Sequence[tuple[str, Sequence[str]]],
    *,
    known: Iterable[Entry] = (),
    opencc: str = "t2s",
    max_contexts: int = 3,
) -> list[Candidate]:
    """Candidates from ``(article id, normalized lines)``; ranked, best first."""
    kn = _Known(known, opencc)
    cands: dict[str, Candidate] = {}
    # How often each run occurs on its own; used to cut glued runs such as 抵达哈萨克斯坦.
    standalone: dict[str, int] = {}
    for _doc, lines in docs:
        for line in lines:
            for i, j in _translit_runs(line):
                run = line[i:j]
                for piece in [run] if SEPARATOR in run else kn.split(run):
                    standalone[piece] = standalone.get(piece, 0) + 1

    def add(zh: str, en: str | None, evidence: str, doc: str, line: str, start: int, end: int,
            variants: Sequence[str] = (), note: str = "") -> None:  # fmt: skip
        zh = zh.strip(SEPARATOR + " ")
        if len(zh) < 2 or kn.get(zh) is not None:
            return
        c = cands.get(zh)
        if c is None:
            guessed = en or f"[{spaced(zh)}]"
            c = cands[zh] = Candidate(zh=zh, en=guessed, type=_guess_type(zh, en or "", evidence))
        if en and not c.en_known:
            c.en, c.en_known = en, True
            c.type = _guess_type(zh, en, evidence)
        if evidence == "byline":
            c.type = EntryType.PERSON
        c.evidence.add(evidence)
        for v in variants:
            if v not in c.zh_variants and v != zh and kn.get(v) is None:
                c.zh_variants.append(v)
        if note and note not in c.notes:
            c.notes.append(note)
        c.count += 1
        c.articles.add(doc)
        ctx = f"{doc}: {_context(line, start, end)}"
        if len(c.contexts) < max_contexts and ctx not in c.contexts:
            c.contexts.append(ctx)

    for doc, lines in docs:
        for line in lines:
            taken: list[tuple[int, int]] = []
            for m in _PAREN_EN.finditer(line):
                en = " ".join(m.group(1).split())
                zh = _term_before(line, m.start())
                if zh:
                    add(zh, en, "given-english", doc, line, m.start() - len(zh), m.end())
                    taken.append((m.start() - len(zh), m.start()))
            for m in _ABBR_JIANCHENG.finditer(line):
                abbr = m.group(1)
                run = _han_run_before(line, m.start())
                full = _full_for_abbr(run, abbr) if run else None
                if full:
                    _abbreviation(add, kn, full, abbr, doc, line, m.start(), m.end())
                    taken.append((m.start() - len(full), m.start()))
            for m in _ABBR_PAREN.finditer(line):
                abbr = m.group(1)
                run = _han_run_before(line, m.start())
                full = _full_for_abbr(run, abbr) if run else None
                if full and len(full) >= len(abbr) + 2:
                    _abbreviation(add, kn, full, abbr, doc, line, m.start(), m.end())
            for m in _BYLINE.finditer(line):
                for name in re.split(r"[\s、,，]+", m.group("names")):
                    if _is_person_name(name):
                        note = f"byline of {m.group('outlet')}" if m.group("outlet") else ""
                        pos = m.start("names") + m.group("names").find(name)
                        add(name, romanize_name(name), "byline", doc, line, pos, pos + len(name), note=note)
            for piece, pos in _tile_runs(line, kn, standalone):
                if any(a <= pos < b for a, b in taken) and piece in cands:
                    continue  # counted with its stronger evidence
                add(piece, None, "transliteration", doc, line, pos, pos + len(piece))
    ranked = sorted(cands.values(), key=lambda c: (-c.score, -c.count, c.zh))
    return ranked


def _abbreviation(
    add: Any, kn: _Known, full: str, abbr: str, doc: str, line: str, start: int, end: int
) -> None:
    known_full = kn.get(full)
    if known_full is not None:
        if kn.get(abbr) is None:
            add(abbr, known_full.en, "abbreviation", doc, line, start - len(full), end,
                note=f"abbreviation of {full} (entry {known_full.id}): consider adding it to that "
                "entry's zh_variants instead")  # fmt: skip
        return
    add(full, None, "abbreviation", doc, line, start - len(full), end, variants=[abbr],
        note=f"{abbr} abbreviates {full}")  # fmt: skip


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")[:60]


def candidates_to_entries(cands: Sequence[Candidate], *, taken_ids: Iterable[str] = ()) -> list[Entry]:
    """Review entries (status ``proposed``) for ``cands``, with unique ids."""
    from zh2en.glossary.pinyin import toneless

    used = set(taken_ids)
    out: list[Entry] = []
    for c in cands:
        base = _slug(c.en) if c.en_known else _slug(toneless(c.zh))
        base = base or "candidate"
        ident, k = base, 2
        while ident in used:
            ident, k = f"{base}-{k}", k + 1
        used.add(ident)
        note = "; ".join(
            [f"suggested: {', '.join(sorted(c.evidence))}", *c.notes]
            + ([] if c.en_known else ["English unknown: replace the [pinyin] placeholder"])
        )
        out.append(
            Entry(
                id=ident,
                zh=c.zh,
                zh_variants=list(c.zh_variants),
                en=c.en,
                type=c.type,
                status=EntryStatus.PROPOSED,
                note=note,
                source="; ".join(sorted(c.articles))[:200],
            )
        )
    return out


def review_tsv(cands: Sequence[Candidate], *, taken_ids: Iterable[str] = ()) -> str:
    """The review file: a comment block, then :data:`REVIEW_COLUMNS` rows, best first."""
    from zh2en.glossary.store import entry_cells

    entries = candidates_to_entries(cands, taken_ids=taken_ids)
    lines = [
        "# zh2en glossary suggest — candidate entries for review, best first.",
        "# Edit en/type, delete rows you reject, then: zh2en glossary import THIS.tsv --status proposed",
        "# The score/count/articles/evidence/contexts columns are ignored on import.",
        "\t".join(REVIEW_COLUMNS),
    ]
    for c, e in zip(cands, entries, strict=True):
        extra = [
            f"{c.score:g}",
            str(c.count),
            str(len(c.articles)),
            ",".join(sorted(c.evidence)),
            " ‖ ".join(x.replace("\t", " ") for x in c.contexts),
        ]
        lines.append("\t".join([*entry_cells(e), *extra]))
    return "\n".join(lines) + "\n"


def suggest(
    corpus: Sequence[str | Path],
    *,
    glossary: Any = None,
    opencc: str = "t2s",
    min_count: int = 1,
    limit: int | None = None,
    errors: list[tuple[str, Exception]] | None = None,
) -> list[Candidate]:
    """Mine candidate glossary entries from the articles under ``corpus``.

    ``glossary`` (a :class:`~zh2en.glossary.store.Glossary` or a list of entries) supplies
    the forms to skip. Articles are read with :func:`zh2en.ingest.ingest_paths`; files that
    cannot be read are appended to ``errors`` as ``(path, error)`` when a list is given.
    Returns candidates ranked by frequency × evidence weight.
    """
    failed: list[tuple[str, Exception]] = []
    docs = _read_corpus(corpus, opencc, failed)
    if errors is not None:
        errors.extend(failed)
    if not docs and failed:
        from zh2en.errors import InputError

        first = getattr(failed[0][1], "message", str(failed[0][1]))
        raise InputError(
            f"no article in the corpus could be read ({len(failed)} failed; first: {first})",
            hint="pass article files or folders (text, Markdown, HTML, JSONL)",
        )
    known = list(glossary) if glossary is not None else []
    cands = suggest_from_texts(docs, known=known, opencc=opencc)
    cands = [c for c in cands if c.count >= min_count]
    return cands[:limit] if limit else cands
