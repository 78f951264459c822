"""Glossary matching: find every glossary term in normalized text, with raw offsets.

Pipeline position: ingest → normalize → split → **match terms** → protect → translate → enforce.
:func:`annotate` fills ``Segment.terms`` of an :class:`~zh2en.document.Article`; the
protect/enforce stages and the QA checks read those :class:`~zh2en.document.TermMatch` objects.

How it works
------------
Every Chinese form of every applicable entry (canonical ``zh`` and ``zh_variants``) is normalized
with :func:`zh2en.stages.normalize.normalize_for_match` — the same function that produced the
segment text — so a Traditional, full-width or odd-separator spelling in the article meets the
Simplified entry. All keys go into one Aho-Corasick automaton (pyahocorasick, C); one pass over
the text yields every candidate occurrence, overlapping ones included.

Policy (the rules, in order)
----------------------------
1. **Leftmost, then longest, non-overlapping.** Candidates are taken by start position; among
   those starting at the same place the longest *acceptable* one wins; a taken hit blocks every
   candidate that overlaps it. So 哈萨克斯坦 beats 哈萨克, 努尔苏丹·纳扎尔巴耶夫 (the person) beats
   努尔苏丹 (the city), 卡瑟姆若马尔特·托卡耶夫 beats 托卡耶夫.
2. **A short entry inside a foreign name is not a match on its own.** Chinese writes foreign
   names as runs of transliteration characters, their parts joined by the separator ``·`` and
   the surname last. A candidate is rejected (and the next candidate considered) when:

   a. *followed by* ``·`` — it is then a given name or the first part of a longer name, never
      a complete term (苏丹 in 苏丹·贾马尔·阿尔迪诺夫 is not Sudan; 卡林 in 卡林·某某 is not Karin);
   b. it is not a person and is *preceded by* ``·`` — it is the last part of someone's name.
      A person entry preceded by ``·`` is accepted: it is the surname of a fuller form of the
      name (托卡耶夫 in 卡瑟姆若马尔特·托卡耶夫 when only 托卡耶夫 is in the glossary);
   c. exception to (a)/(b): when a non-person glossary form starts (ends) right across the
      separator (哈萨克斯坦·阿拉木图 in a dateline), the ``·`` is a list separator and the place
      stands on its own;
   d. it is short (≤ 3 characters), consists only of transliteration characters, and is glued
      to a run of ≥ 2 further transliteration characters that no other candidate accounts for —
      it is then a fragment of a longer transliterated word (苏丹 in 努尔苏丹, 哈萨克 in 哈萨克斯坦,
      when the longer word is not in the glossary). A neighbour run that is itself a candidate
      term (俄罗斯|塔斯社, 哈萨克|阿拉木图) is "accounted for" and does not reject the hit.

   These rules are general (no per-entry flags) and are tested on the seed articles.
3. **Only approved entries match by default.** Proposed entries are review candidates (e.g.
   from ``glossary suggest``) and must not change output until an editor approves them; pass
   ``include_proposed=True`` to see what they would do. Deprecated entries never match.
4. **Date-aware English.** Several entries may share a Chinese form with validity periods
   (努尔苏丹 → Nur-Sultan 2019-03-23…2022-09-17, Astana before and after). The article date
   chooses among them; a dated entry beats an undated one that is also valid (it is the explicit
   exception). A form whose entries are all invalid on that date is not a match. Without a
   date, the entry valid *today* is used and the :class:`Hit` says so in ``note``.
5. **English given in the source** in parentheses right after the term — 埃尔兰·卡林(Erlan Karin),
   田吉兹（Tengiz）, 集体安全条约组织(集安组织,CSTO) — is recorded as ``given_en`` (the first Latin
   part of the parenthesis).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from zh2en.glossary.model import Entry, EntryStatus, EntryType
from zh2en.stages.normalize import SEPARATOR, normalize_for_match

if TYPE_CHECKING:
    from zh2en.document import Article

#: Characters of foreign-name transliteration (a hand-picked subset of the Xinhua tables that
#: GB/T 17693 builds on). Very common words' characters that also appear there (大, 美, 国, 上,
#: 西, 和, 人…) are left out on purpose so that rule 2d does not fire on 苏丹西部-style phrases.
TRANSLIT_CHARS = frozenset(
    "阿埃艾爱安昂奥敖巴芭拜班邦鲍贝本比彼毕宾滨波伯勃博布查察彻楚达黛戴丹道德登迪蒂丁杜顿多厄俄鄂"
    "恩尔法范菲费芬丰冯弗福夫富盖甘冈戈格根古瓜圭哈亥汉豪赫亨洪胡怀惠霍基吉季加贾杰金津久居喀卡凯"
    "坎康考柯科可克肯孔库夸奎昆拉腊莱赖兰朗劳勒雷蕾黎里利莉丽连列林琳留卢鲁陆伦罗洛玛马迈麦曼芒梅"
    "蒙米密缪莫默姆穆纳娜奈南内妮尼宁努诺欧帕潘庞佩彭皮珀普齐奇恰乔切钦琼丘屈瑞若萨塞赛桑瑟森沙莎"
    "什舍施斯松苏索塔泰坦汤唐陶特提汀图托瓦旺威韦维温沃乌伍武希锡谢辛休雅亚扬耶伊因尤约泽扎詹兹佐"
    "吕廷捷涅娃娅贡哲"
)

# Rule 2d thresholds.
_SHORT_HIT = 3
_MIN_GLUED_RUN = 2  # Matcher.match tests exactly two neighbours before calling _rejected

_LATIN_PART = re.compile(r"[A-Za-z][A-Za-z0-9 .'’\-]*")
_PAREN_AFTER = re.compile(r" ?[(（]([^()（）]{1,120})[)）]")
_OPENERS = frozenset(" (（")
_PART_SPLIT = re.compile(r"[,，、;；/]")


class Hit(NamedTuple):
    """One glossary term found in normalized text: ``text[start:end] == surface``.

    A named tuple (immutable, and cheap to build: matching creates one per occurrence).
    """

    start: int
    end: int
    surface: str
    entry: Entry
    target: str  # the English chosen for the date
    given_en: str | None = None  # English the source gives in parentheses right after
    note: str = ""  # how the entry was chosen when that is not obvious (no date, ambiguity)


@dataclass(frozen=True, slots=True)
class _Key:
    key: str
    entries: tuple[Entry, ...]  # every applicable entry with this normalized form, load order
    person_only: bool  # all entries are people (rule 2b)
    place_like: bool  # some entry is not a person (rule 2c neighbour test)
    short_translit: bool  # rule 2d applies


@dataclass(frozen=True, slots=True)
class _Context:
    """Where candidates start and end in the text being matched (for rules 2c and 2d)."""

    starts: set[int]
    ends: set[int]
    place_starts: set[int]  # candidates of non-person forms
    place_ends: set[int]

    @classmethod
    def of(cls, cands: list[tuple[int, int, int]], keys: list[_Key]) -> _Context:
        return cls(
            starts={s for s, _, _ in cands},
            ends={s - neg for s, neg, _ in cands},
            place_starts={s for s, _, i in cands if keys[i].place_like},
            place_ends={s - neg for s, neg, i in cands if keys[i].place_like},
        )


class _LazyContext:
    __slots__ = ("_cands", "_ctx", "_keys")

    def __init__(self, cands: list[tuple[int, int, int]], keys: list[_Key]) -> None:
        self._cands = cands
        self._keys = keys
        self._ctx: _Context | None = None

    def get(self) -> _Context:
        if self._ctx is None:
            self._ctx = _Context.of(self._cands, self._keys)
        return self._ctx


def _applies(entry: Entry, include_proposed: bool) -> bool:
    if entry.status == EntryStatus.DEPRECATED:
        return False
    return entry.status == EntryStatus.APPROVED or include_proposed


class Matcher:
    """An Aho-Corasick matcher over the Chinese forms of glossary entries.

    ``Matcher(entries).match(text, date="2022-01-10")`` returns the :class:`Hit` list for a
    normalized text (see the module docstring for the policy). Build once, reuse: construction
    normalizes every form and builds the automaton.
    """

    def __init__(
        self,
        entries: Sequence[Entry],
        *,
        opencc: str = "t2s",
        include_proposed: bool = False,
    ) -> None:
        import ahocorasick

        self.opencc = opencc
        self.include_proposed = include_proposed
        by_key: dict[str, list[Entry]] = {}
        for entry in entries:
            if not _applies(entry, include_proposed):
                continue
            seen: set[str] = set()
            for form in entry.zh_forms:
                key = normalize_for_match(form, opencc)
                if not key or key in seen:
                    continue
                seen.add(key)
                by_key.setdefault(key, []).append(entry)
        self._keys: list[_Key] = []
        automaton: Any = ahocorasick.Automaton()
        for key, key_entries in by_key.items():
            idx = len(self._keys)
            self._keys.append(
                _Key(
                    key=key,
                    entries=tuple(key_entries),
                    person_only=all(e.type == EntryType.PERSON for e in key_entries),
                    place_like=any(e.type != EntryType.PERSON for e in key_entries),
                    short_translit=len(key) <= _SHORT_HIT and all(c in TRANSLIT_CHARS for c in key),
                )
            )
            automaton.add_word(key, (idx, len(key)))
        if self._keys:
            automaton.make_automaton()
        self._automaton = automaton
        self._choice_cache: dict[str | None, dict[int, tuple[Entry, str] | None]] = {}

    def __len__(self) -> int:
        """Number of distinct normalized forms in the automaton."""
        return len(self._keys)

    @property
    def entries(self) -> list[Entry]:
        """The applicable entries (approved, plus proposed when asked), each once."""
        out: dict[int, Entry] = {}
        for k in self._keys:
            for e in k.entries:
                out.setdefault(id(e), e)
        return list(out.values())

    # -- choosing the entry for a date -------------------------------------------------

    def _choices(self, date: str | None) -> dict[int, tuple[Entry, str] | None]:
        """The per-date cache of :meth:`_choose` results (key index → choice)."""
        cache = self._choice_cache.get(date)
        if cache is None:
            if len(self._choice_cache) > 1024:  # many distinct dates: keep memory bounded
                self._choice_cache.clear()
            cache = self._choice_cache[date] = {}
        return cache

    def _choose(self, idx: int, date: str | None) -> tuple[Entry, str] | None:
        """The entry for key ``idx`` on ``date`` and a note on how it was chosen (or None)."""
        entries = self._keys[idx].entries
        note = ""
        when = date
        if when is None and any(e.valid_from or e.valid_to for e in entries):
            when = _dt.date.today().isoformat()
            note = f"no article date: chose the entry valid today ({when})"
        valid = [e for e in entries if e.valid_on(when)]
        if not valid:
            return None
        dated = [e for e in valid if e.valid_from or e.valid_to]
        chosen = (dated or valid)[0]
        others = {e.en for e in (dated or valid)} - {chosen.en}
        if others:
            extra = f"several entries apply; chose {chosen.id} over {sorted(others)}"
            note = f"{note}; {extra}" if note else extra
        return chosen, note

    # -- the rejection rules (module docstring, rule 2) ---------------------------------

    def _rejected(self, text: str, start: int, end: int, k: _Key, ctx: _LazyContext) -> bool:
        before = text[start - 1] if start > 0 else ""
        after = text[end] if end < len(text) else ""
        if after == SEPARATOR and not (k.place_like and end + 1 in ctx.get().place_starts):
            return True  # 2a: a given name / first part of a longer name
        if (
            before == SEPARATOR
            and not k.person_only
            and not (k.place_like and start - 1 in ctx.get().place_ends)
        ):
            return True  # 2b: last part of somebody's name
        if k.short_translit:  # 2d: a fragment of a longer transliterated word
            t = TRANSLIT_CHARS
            glued_left = text[max(start - _MIN_GLUED_RUN, 0) : start]
            if (
                len(glued_left) == _MIN_GLUED_RUN
                and all(c in t for c in glued_left)
                and start not in ctx.get().ends
            ):
                return True
            glued_right = text[end : end + _MIN_GLUED_RUN]
            if (
                len(glued_right) == _MIN_GLUED_RUN
                and all(c in t for c in glued_right)
                and end not in ctx.get().starts
            ):
                return True
        return False

    # -- matching -------------------------------------------------------------------------

    def match(self, text: str, *, date: str | None = None) -> list[Hit]:
        """All hits in normalized ``text`` for an article dated ``date`` (ISO), in text order."""
        if not self._keys or not text:
            return []
        # (start, -length, key index): sorting gives leftmost first, then longest first.
        cands = [(e + 1 - n, -n, i) for e, (i, n) in self._automaton.iter(text)]
        if not cands:
            return []
        cands.sort()
        keys = self._keys
        choices = self._choices(date)
        translit = TRANSLIT_CHARS
        new_hit = tuple.__new__
        size = len(text)
        ctx: _LazyContext | None = None  # the other candidates, gathered only when a rule needs them
        hits: list[Hit] = []
        pos = 0
        for start, neg, idx in cands:
            if start < pos:
                continue
            end = start - neg
            k = keys[idx]
            # Rules 2a–2d can only fire next to a separator, or for a short transliteration
            # glued to two more transliteration characters; test that cheaply first.
            if (
                (start and text[start - 1] == SEPARATOR)
                or (end < size and text[end] == SEPARATOR)
                or (
                    k.short_translit
                    and (
                        (start > 1 and text[start - 1] in translit and text[start - 2] in translit)
                        or (end + 1 < size and text[end] in translit and text[end + 1] in translit)
                    )
                )
            ):
                if ctx is None:
                    ctx = _LazyContext(cands, keys)
                if self._rejected(text, start, end, k, ctx):
                    continue
            try:
                chosen = choices[idx]
            except KeyError:
                chosen = choices[idx] = self._choose(idx, date)
            if chosen is None:
                continue
            entry, note = chosen
            given = given_english(text, end) if end < size and text[end] in _OPENERS else None
            # tuple.__new__ skips the namedtuple's Python-level __new__ (hot loop; same object).
            hits.append(new_hit(Hit, (start, end, text[start:end], entry, entry.en, given, note)))
            pos = end
        return hits


def given_english(text: str, pos: int) -> str | None:
    """English given in parentheses at ``text[pos:]`` (``(Erlan Karin)``, ``（Tengiz）``), or None.

    The parenthesis may list several parts (``(集安组织,CSTO)``); the first Latin one is returned.
    """
    m = _PAREN_AFTER.match(text, pos)
    if not m:
        return None
    for part in _PART_SPLIT.split(m.group(1)):
        part = part.strip()
        if part and _LATIN_PART.fullmatch(part):
            return part
    return None


def annotate(article: Article, matcher: Matcher, *, date: str | None = None) -> None:
    """Fill every ``seg.terms`` of ``article`` with the glossary hits (replacing earlier ones).

    Offsets: ``start``/``end`` index ``seg.text``; ``raw_start``/``raw_end`` index
    ``article.raw_text`` via ``seg.offsets``. The English is chosen for ``date`` when given,
    else for ``article.metadata.date`` (else for today: see :meth:`Matcher.match`).
    """
    from zh2en.document import TermMatch

    date = date or article.metadata.date
    for seg in article.segments:
        terms: list[TermMatch] = []
        for hit in matcher.match(seg.text, date=date):
            raw_start, raw_end = seg.offsets.to_raw(hit.start, hit.end)
            terms.append(
                TermMatch(
                    entry_id=hit.entry.id,
                    source=hit.entry.zh,
                    surface=hit.surface,
                    start=hit.start,
                    end=hit.end,
                    raw_start=raw_start,
                    raw_end=raw_end,
                    target=hit.target,
                    type=str(hit.entry.type),
                    variants_en=list(hit.entry.en_variants),
                    given_en=hit.given_en,
                )
            )
        seg.terms = terms


# -- applying a glossary to files (``zh2en glossary match`` / ``stats``) ----------------------


@dataclass(slots=True)
class ArticleHits:
    """The hits of one article; offsets index ``Article.raw_text`` (the decoded file text)."""

    path: str | None
    article_id: str
    date: str | None  # the date the English was chosen for
    date_source: str  # "article", "given (--date)", "estimated: …" or "today (no date found)"
    hits: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "article": self.article_id,
            "date": self.date,
            "date_source": self.date_source,
            "hits": self.hits,
        }


@dataclass(slots=True)
class MatchReport:
    """What :func:`match_files` found, per article, plus the files that could not be read."""

    articles: list[ArticleHits]
    errors: list[tuple[str, str]]
    glossary_hash: str
    glossary_entries: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "glossary": {"hash": self.glossary_hash, "entries": self.glossary_entries},
            "articles": [a.to_dict() for a in self.articles],
            "errors": [{"path": p, "error": e} for p, e in self.errors],
        }


def _load(glossary: Sequence[str | Path] | None) -> Any:
    from zh2en.glossary.store import load_glossary

    return load_glossary(list(glossary) if glossary else None)


def match_files(
    paths: Sequence[str | Path],
    *,
    glossary: Sequence[str | Path] | None = None,
    date: str | None = None,
    opencc: str = "t2s",
    reader: str | None = None,
    include_proposed: bool = False,
) -> MatchReport:
    """Ingest ``paths`` (folders expanded) and match the glossary in every article.

    The English of dated entries is chosen for the article's date: its own, else ``date``,
    else one estimated by :func:`zh2en.stages.dates.resolve_dates` (dateline day, dates in
    the text, the batch), else today's (``date_source`` says which).
    Each hit records raw ``start``/``end`` offsets into the decoded file text, the surface as
    written there, the normalized surface, the entry, the English chosen and ``given_en``.
    """
    return _match(_load(glossary), paths, date, opencc, reader, include_proposed)


def _match(
    gl: Any,
    paths: Sequence[str | Path],
    date: str | None,
    opencc: str,
    reader: str | None,
    include_proposed: bool,
) -> MatchReport:
    from zh2en.ingest import ingest_paths

    if date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        from zh2en.errors import UsageError

        raise UsageError(f"bad date {date!r}", hint="give the article date as YYYY-MM-DD, e.g. 2022-01-10")
    from zh2en.stages.dates import resolve_dates

    matcher = Matcher(gl.entries, opencc=opencc, include_proposed=include_proposed)
    ingested = ingest_paths(paths, opencc=opencc, reader=reader)
    # Undated articles get a date the way `translate` gives them one (--date, dateline, batch).
    resolve_dates(ingested.articles, default=date)
    out: list[ArticleHits] = []
    for article in ingested.articles:
        if article.metadata.date:
            when = article.metadata.date
            source = str(article.metadata.extra.get("date_source", "article"))
        else:
            when, source = _dt.date.today().isoformat(), "today (no date found)"
        annotate(article, matcher, date=when)
        hits: list[dict[str, Any]] = []
        for seg in article.segments:
            for t in seg.terms:
                hits.append(
                    {
                        "start": t.raw_start,
                        "end": t.raw_end,
                        "surface": article.raw_text[t.raw_start : t.raw_end],
                        "normalized": t.surface,
                        "segment": seg.index,
                        "entry_id": t.entry_id,
                        "type": t.type,
                        "source": t.source,
                        "target": t.target,
                        "given_en": t.given_en,
                    }
                )
        out.append(ArticleHits(article.source_path, article.id, when, source, hits))
    errors = [(p, str(e)) for p, e in ingested.errors]
    return MatchReport(out, errors, gl.hash, len(gl.entries))


@dataclass(slots=True)
class EntryStats:
    entry_id: str
    zh: str
    en: str
    type: str
    status: str
    hits: int = 0
    articles: int = 0
    surfaces: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.entry_id,
            "zh": self.zh,
            "en": self.en,
            "type": self.type,
            "status": self.status,
            "hits": self.hits,
            "articles": self.articles,
            "surfaces": self.surfaces,
        }


@dataclass(slots=True)
class StatsReport:
    """Hits per entry over a corpus, and the entries that never matched."""

    entries: list[EntryStats]  # glossary order
    articles: int
    errors: list[tuple[str, str]]

    @property
    def used(self) -> list[EntryStats]:
        """Entries with hits, most hits first."""
        return sorted((e for e in self.entries if e.hits), key=lambda e: (-e.hits, e.entry_id))

    @property
    def unused(self) -> list[EntryStats]:
        """Applied (approved) entries with no hit in the corpus."""
        return [e for e in self.entries if not e.hits and e.status == EntryStatus.APPROVED]

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "total_hits": sum(e.hits for e in self.entries),
            "used": [e.to_dict() for e in self.used],
            "unused": [e.to_dict() for e in self.unused],
            "not_applied": [e.entry_id for e in self.entries if e.status != EntryStatus.APPROVED],
            "errors": [{"path": p, "error": e} for p, e in self.errors],
        }


def match_stats(
    paths: Sequence[str | Path],
    *,
    glossary: Sequence[str | Path] | None = None,
    date: str | None = None,
    opencc: str = "t2s",
    reader: str | None = None,
) -> StatsReport:
    """Hits per glossary entry over the articles in ``paths``, and the unused entries."""
    gl = _load(glossary)
    report = _match(gl, paths, date, opencc, reader, False)
    stats = {e.id: EntryStats(e.id, e.zh, e.en, str(e.type), str(e.status)) for e in gl.entries}
    for art in report.articles:
        seen: set[str] = set()
        for hit in art.hits:
            st = stats[hit["entry_id"]]
            st.hits += 1
            st.surfaces[hit["normalized"]] = st.surfaces.get(hit["normalized"], 0) + 1
            if hit["entry_id"] not in seen:
                seen.add(hit["entry_id"])
                st.articles += 1
    return StatsReport(list(stats.values()), len(report.articles), report.errors)
