"""Evaluation against references: sacrebleu BLEU, chrF and TER, plus glossary-term metrics.

Pipeline position: outside the pipeline, after it: ``zh2en eval HYPOTHESIS REFERENCE``
scores what ``zh2en translate`` (or anything else) produced.

- BLEU, chrF and TER come from sacrebleu with its default settings; each score carries
  sacrebleu's signature string so results are reproducible and comparable.
- **Term success rate** (after the WMT23 terminology task): of the glossary-term occurrences
  in the source, the share whose canonical English (the entry's English for the article's
  date) appears in the hypothesis segment. Per segment and entry, ``min(occurrences in the
  source, occurrences of the English in the hypothesis)`` count as successes; matching is
  exact and case-sensitive on word boundaries.
- **Term consistency**: of the entities (entry + expected English) whose rendering was found
  at least once, the share rendered one way everywhere (the canonical English or one of the
  entry's known variants, case ignored).

Both are computed per article and for the corpus. Inputs: line-aligned text files, or
folders of aligned JSONL outputs (``zh2en translate``) matched by article id.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from zh2en.document import Article
from zh2en.errors import InputError, UsageError

PathLike = str | os.PathLike[str]


@dataclass(slots=True)
class Doc:
    """One article's hypothesis, reference and (optionally) source lines."""

    id: str
    hyp: list[str]
    ref: list[str]
    src: list[str] | None = None
    date: str | None = None


@dataclass(slots=True)
class Scores:
    """Scores of one article or of the whole corpus."""

    id: str
    segments: int
    bleu: float
    chrf: float
    ter: float
    term_success: float | None = None  # None when there is no source or no term in it
    term_hits: int = 0
    term_total: int = 0
    term_consistency: float | None = None
    entities: int = 0
    consistent_entities: int = 0
    inconsistent: dict[str, list[str]] = field(default_factory=dict)  # entity → renderings


@dataclass(slots=True)
class EvalResult:
    """Corpus scores, per-article scores and the metric signatures."""

    corpus: Scores
    articles: list[Scores]
    signatures: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "signatures": dict(self.signatures),
            "corpus": asdict(self.corpus),
            "articles": [asdict(a) for a in self.articles],
        }


# -- loading ------------------------------------------------------------------------------


def _read_lines(path: Path) -> list[str]:
    from zh2en.qa import read_text, split_lines

    return [line for _pos, line in split_lines(read_text(path))]


def _jsonl_articles(folder: Path) -> list[Article]:
    from zh2en.formats.jsonl import read_article_jsonl

    paths = sorted(folder.glob("*.jsonl"))
    if not paths:
        raise InputError(f"no .jsonl files in {folder}", hint="pass the output folder of `zh2en translate`")
    return [read_article_jsonl(p) for p in paths]


def load_docs(hyp: PathLike, ref: PathLike, source: PathLike | None = None) -> list[Doc]:
    """Pair hypothesis, reference and source inputs into per-article :class:`Doc` objects."""
    hyp_p, ref_p = Path(hyp), Path(ref)
    for p in (hyp_p, ref_p, *([Path(source)] if source else [])):
        if not p.exists():
            raise InputError(f"{p} does not exist", hint="check the path")
    if hyp_p.is_dir():
        arts = _jsonl_articles(hyp_p)
        docs = [
            Doc(a.id, [s.target or "" for s in a.segments], [], [s.text for s in a.segments], a.metadata.date)
            for a in arts
        ]
        if source is not None:
            raise UsageError("--source is taken from the JSONL outputs", hint="leave out --source")
        if ref_p.is_dir():
            refs = {a.id: a for a in _jsonl_articles(ref_p)}
            for d in docs:
                if d.id not in refs:
                    raise InputError(
                        f"no reference for article {d.id!r} in {ref_p}", hint="match article ids"
                    )
                d.ref = [s.target or "" for s in refs[d.id].segments]
        else:
            lines = _read_lines(ref_p)
            total = sum(len(d.hyp) for d in docs)
            if len(lines) != total:
                raise InputError(
                    f"{ref_p} has {len(lines)} lines but the outputs in {hyp_p} have {total} segments",
                    hint="one reference line per segment, articles in file-name order",
                )
            pos = 0
            for d in docs:
                d.ref, pos = lines[pos : pos + len(d.hyp)], pos + len(d.hyp)
    else:
        if ref_p.is_dir():
            raise UsageError(
                f"REFERENCE {ref_p} is a folder but HYPOTHESIS {hyp_p} is a file",
                hint="give two text files, or two folders of aligned JSONL",
            )
        docs = [Doc(hyp_p.stem, _read_lines(hyp_p), _read_lines(ref_p))]
        if source is not None:
            docs[0].src = _read_lines(Path(source))
            if len(docs[0].src) != len(docs[0].hyp):
                raise InputError(
                    f"{source} has {len(docs[0].src)} lines but {hyp_p} has {len(docs[0].hyp)}",
                    hint="source, hypothesis and reference must be line-aligned",
                )
    for d in docs:
        if len(d.hyp) != len(d.ref):
            raise InputError(
                f"article {d.id!r}: {len(d.hyp)} hypothesis segments but {len(d.ref)} reference segments",
                hint="hypothesis and reference must be aligned segment by segment",
            )
    return docs


# -- metrics ----------------------------------------------------------------------------------


def _metrics() -> tuple[Any, Any, Any]:
    from sacrebleu.metrics.bleu import BLEU
    from sacrebleu.metrics.chrf import CHRF
    from sacrebleu.metrics.ter import TER

    return BLEU(), CHRF(), TER()


def _count(text: str, phrase: str) -> int:
    if not phrase:
        return 0
    return len(re.findall(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text))


@dataclass(slots=True)
class _TermTally:
    hits: int = 0
    total: int = 0
    renderings: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    seen: set[tuple[str, str]] = field(default_factory=set)


def _tally_terms(art: Article, hyp: list[str], tally: _TermTally) -> None:
    for seg, h in zip(art.segments, hyp, strict=True):
        per: dict[tuple[str, str], list[Any]] = defaultdict(list)
        for t in seg.terms:
            per[(t.entry_id, t.target)].append(t)
        for (entry_id, expected), occ in per.items():
            tally.total += len(occ)
            tally.hits += min(len(occ), _count(h, expected))
            key = (entry_id, expected)
            tally.seen.add(key)
            tally.renderings[key] |= _renderings(h, [expected, *occ[0].variants_en])


def _renderings(text: str, forms: Sequence[str]) -> set[str]:
    """The forms found in ``text`` (case ignored), longest first without overlaps: the variant
    'RIA' inside 'RIA Novosti' is not a second rendering."""
    lowered = text.lower()
    taken: list[tuple[int, int]] = []
    found: set[str] = set()
    for form in sorted({f.lower() for f in forms if f}, key=len, reverse=True):
        for m in re.finditer(r"(?<!\w)" + re.escape(form) + r"(?!\w)", lowered):
            if not any(a < m.end() and m.start() < b for a, b in taken):
                taken.append(m.span())
                found.add(form)
    return found


def _term_scores(s: Scores, tally: _TermTally) -> None:
    s.term_hits, s.term_total = tally.hits, tally.total
    s.term_success = tally.hits / tally.total if tally.total else None
    found = {k: v for k, v in tally.renderings.items() if v}
    s.entities = len(found)
    s.consistent_entities = sum(1 for v in found.values() if len(v) == 1)
    s.term_consistency = s.consistent_entities / s.entities if s.entities else None
    s.inconsistent = {f"{k[0]}→{k[1]}": sorted(v) for k, v in sorted(found.items()) if len(v) > 1}


def _score(doc_id: str, hyp: list[str], ref: list[str], metrics: tuple[Any, Any, Any]) -> Scores:
    bleu, chrf, ter = metrics
    return Scores(
        id=doc_id,
        segments=len(hyp),
        bleu=round(bleu.corpus_score(hyp, [ref]).score, 4),
        chrf=round(chrf.corpus_score(hyp, [ref]).score, 4),
        ter=round(ter.corpus_score(hyp, [ref]).score, 4),
    )


def evaluate(
    hyp: PathLike,
    ref: PathLike,
    source: PathLike | None = None,
    glossary: Any = None,
    *,
    use_glossary: bool = True,
    date: str | None = None,
) -> EvalResult:
    """Score ``hyp`` against ``ref``: BLEU/chrF/TER, term success rate, term consistency.

    ``glossary``: None for the project's glossary/ folder, a list of files/folders, or a
    loaded Glossary; term metrics need the source (``source``, or the JSONL outputs).
    ``date`` (YYYY-MM-DD) is the date of sources that give none (it picks dated glossary rows).
    """
    docs = load_docs(hyp, ref, source)
    return evaluate_docs(docs, glossary=glossary, use_glossary=use_glossary, date=date)


def evaluate_docs(
    docs: Sequence[Doc], *, glossary: Any = None, use_glossary: bool = True, date: str | None = None
) -> EvalResult:
    """:func:`evaluate` on already loaded :class:`Doc` objects."""
    from zh2en.qa import article_from_pairs, check_date, load_glossary_for
    from zh2en.stages.dates import resolve_dates

    check_date(date)

    gloss = load_glossary_for(glossary) if use_glossary and any(d.src is not None for d in docs) else None
    metrics = _metrics()
    per_doc: list[Scores] = []
    corpus_tally = _TermTally()
    for d in docs:
        s = _score(d.id, d.hyp, d.ref, metrics)
        if gloss is not None and d.src is not None:
            art = article_from_pairs(
                list(zip(d.src, d.hyp, strict=True)), article_id=d.id, source_path=None, reader="eval"
            )
            art.metadata.date = d.date
            resolve_dates([art], default=date)  # undated text: --date, else dates in the text
            gloss.annotate(art)
            tally = _TermTally()
            _tally_terms(art, d.hyp, tally)
            _tally_terms(art, d.hyp, corpus_tally)
            _term_scores(s, tally)
        per_doc.append(s)
    all_hyp = [h for d in docs for h in d.hyp]
    all_ref = [r for d in docs for r in d.ref]
    corpus = _score("corpus", all_hyp, all_ref, metrics)
    if gloss is not None:
        _term_scores(corpus, corpus_tally)
    bleu, chrf, ter = metrics
    signatures = {
        "bleu": str(bleu.get_signature()),
        "chrf": str(chrf.get_signature()),
        "ter": str(ter.get_signature()),
    }
    from zh2en.signature import make_signature, signature_string

    # Term metrics depend on the glossary (and on the date that picks dated rows).
    signatures["zh2en"] = signature_string(
        make_signature(
            glossary_hash=getattr(gloss, "hash", None) if gloss is not None else None,
            settings={"date": date} if date else None,
        )
    )
    return EvalResult(corpus=corpus, articles=per_doc, signatures=signatures)


def format_result(result: EvalResult) -> str:
    """A plain-text table of the scores, corpus last."""

    def pct(x: float | None) -> str:
        return "-" if x is None else f"{100 * x:.1f}%"

    rows = [("article", "segs", "BLEU", "chrF", "TER", "term success", "term consistency")]
    for s in [*result.articles, result.corpus]:
        rows.append(
            (
                s.id,
                str(s.segments),
                f"{s.bleu:.2f}",
                f"{s.chrf:.2f}",
                f"{s.ter:.2f}",
                f"{pct(s.term_success)} ({s.term_hits}/{s.term_total})" if s.term_total else "-",
                f"{pct(s.term_consistency)} ({s.consistent_entities}/{s.entities})" if s.entities else "-",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))
        )
        for r in rows
    ]
    lines += ["", *(f"{k}: {v}" for k, v in result.signatures.items())]
    for name, rend in result.corpus.inconsistent.items():
        lines.append(f"inconsistent: {name}: {', '.join(rend)}")
    return "\n".join(lines)
