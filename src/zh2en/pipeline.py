"""The stage runner and the batch translation entry points.

Pipeline position: the whole pipeline. ``zh2en translate`` calls :func:`translate_paths`;
``zh2en recheck`` calls :func:`recheck_dir`. Stages run in this order, each declaring what it
needs and what it adds (the order is checked once, when the :class:`Pipeline` is built)::

    ingest → resolve dates → match terms → translate (TM, protect, batch, restore)
           → enforce terms → check → write

Run rules:

- Every source segment gets exactly one translation; the translation memory (``zh2en.tm``)
  is consulted first and updated after every engine chunk, so a killed run resumes where it
  stopped without redoing finished work.
- Outputs are written atomically (``zh2en.util``), one set of files per article, and the run
  index ``run.json`` last. Per-article outputs and ``run.json`` hold no timestamps: the same
  inputs, engine, glossary and settings give byte-identical files.
- Every output carries the run signature (tool version, engine, model and its hash, glossary
  hash, OpenCC config, output-relevant settings). The QA report (``zh2en.report``) is written
  next to the per-article files, before the run index.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zh2en.config import Settings
from zh2en.document import Article, Segment, Severity
from zh2en.engines.base import Engine
from zh2en.errors import ConfigError, InputError, QAGateError, UsageError, Zh2enError
from zh2en.signature import make_signature
from zh2en.util import atomic_write_many, atomic_write_text, safe_filename, safe_output_path

RUN_INDEX = "run.json"
WRITE_GROUP = 64  # articles whose outputs are written (and synced) together
TM_DEFAULT_NAME = ".zh2en-tm.sqlite"
#: Settings that change what is written, recorded in the signature (and the TM key).
SIGNATURE_SETTINGS = ("beam_size", "max_input_tokens", "max_new_tokens", "batch_size", "device")


# -- the stage runner ------------------------------------------------------------------


@dataclass
class RunContext:
    """What stages share during one run."""

    settings: Settings
    out_dir: Path
    engine: Engine | None = None
    glossary: Any = None
    tm: Any = None
    signature: dict[str, Any] = field(default_factory=dict)
    formats: list[str] = field(default_factory=list)
    progress: Callable[[Progress], None] | None = None
    stats: dict[str, int] = field(default_factory=dict)
    files: dict[int, dict[str, str]] = field(default_factory=dict)  # article position -> files
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage (not written)
    default_date: str | None = None  # --date: the date of articles that give none


@dataclass(frozen=True)
class Stage:
    """One step over the batch of articles: what it needs, what it adds, how it runs."""

    name: str
    needs: tuple[str, ...]
    adds: tuple[str, ...]
    run: Callable[[list[Article], RunContext], None]


class Pipeline:
    """An ordered list of stages, validated once: every need is added by an earlier stage."""

    def __init__(self, stages: Sequence[Stage], *, provided: Sequence[str] = ("segments",)) -> None:
        have = set(provided)
        for stage in stages:
            missing = [n for n in stage.needs if n not in have]
            if missing:
                raise UsageError(
                    f"pipeline stage {stage.name!r} needs {', '.join(missing)}, which no earlier stage adds",
                    hint="order: " + " → ".join(s.name for s in stages),
                )
            have.update(stage.adds)
        self.stages = list(stages)

    def run(self, articles: list[Article], ctx: RunContext) -> None:
        for stage in self.stages:
            started = time.perf_counter()
            stage.run(articles, ctx)
            ctx.timings[stage.name] = ctx.timings.get(stage.name, 0.0) + time.perf_counter() - started


@dataclass
class Progress:
    """Progress of the translate stage, for a progress bar."""

    articles_done: int
    articles_total: int
    segments_done: int
    segments_total: int


@dataclass
class RunSummary:
    """What a run did; ``to_dict()`` is the ``--json`` summary."""

    out_dir: str
    signature: dict[str, Any]
    articles: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)
    ledger: dict[str, int] = field(default_factory=dict)
    findings: dict[str, int] = field(default_factory=dict)
    gate: str | None = None
    gate_failed: bool = False
    report: list[str] = field(default_factory=list)
    glossary_files: list[str] = field(default_factory=list)  # resolved paths, for recheck
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage; never in run.json

    def to_dict(self) -> dict[str, Any]:
        return {
            "out_dir": self.out_dir,
            "articles": self.articles,
            "errors": self.errors,
            "stats": self.stats,
            "ledger": self.ledger,
            "findings": self.findings,
            "gate": self.gate,
            "gate_failed": self.gate_failed,
            "report": self.report,
            "glossary_files": self.glossary_files,
            "timings": {k: round(v, 6) for k, v in self.timings.items()},
            "signature": self.signature,
        }


# -- stages ------------------------------------------------------------------------------


def _stage_dates(articles: list[Article], ctx: RunContext) -> None:
    from zh2en.stages.dates import resolve_dates

    resolve_dates(articles, default=ctx.default_date)


def _stage_match(articles: list[Article], ctx: RunContext) -> None:
    from zh2en.stages.enforce import mark_ambiguous

    if ctx.glossary is None:
        return
    for article in articles:
        ctx.glossary.annotate(article)
        mark_ambiguous(article, ctx.glossary)


def engine_hash(engine: Engine, settings: Settings) -> str:
    """Hash of everything about the engine that decides its output (part of the TM key)."""
    from zh2en.tm import signature_hash

    relevant = {k: getattr(settings, k) for k in ("beam_size", "max_input_tokens", "max_new_tokens")}
    return signature_hash(
        {"engine": engine.signature(), "strategy": engine.glossary_strategy, "settings": relevant}
    )


def _stage_translate(articles: list[Article], ctx: RunContext) -> None:
    from zh2en.stages.translate import translate_segments
    from zh2en.tm import CACHED_META, segment_key

    engine = ctx.engine
    assert engine is not None, "the translate stage needs an engine"  # programming error, not input
    settings = ctx.settings
    items: list[tuple[int, Segment]] = [(a, s) for a, art in enumerate(articles) for s in art.segments]
    ehash = engine_hash(engine, settings)
    ghash = getattr(ctx.glossary, "hash", None) or "no-glossary"
    keys = [segment_key(s, ehash, ghash) for _, s in items]
    # Engines that look translations up by article id and segment (``file``) gain nothing
    # from a memory keyed by source text, and identical sources may differ there.
    dedupe = not getattr(engine, "looks_up_segments", False)
    tm = ctx.tm if dedupe else None
    hits = tm.get_many(keys) if tm is not None else {}

    remaining = [len(a.segments) for a in articles]
    done_articles = sum(1 for n in remaining if n == 0)
    done_segments = 0
    todo: dict[str, list[int]] = {}  # key -> item indexes still to translate
    for i, ((a, seg), key) in enumerate(zip(items, keys, strict=True)):
        for k in CACHED_META:
            seg.meta.pop(k, None)
        if key in hits:
            seg.mt, meta = hits[key]
            seg.meta.update(meta)
        elif not seg.text.strip():
            seg.mt = ""
        else:
            todo.setdefault(key, []).append(i)
            continue
        seg.target, seg.ledger = None, []
        remaining[a] -= 1
        done_articles += remaining[a] == 0
        done_segments += 1
    ctx.stats["tm_hits"] = sum(1 for k in keys if k in hits)

    def report() -> None:
        if ctx.progress is not None:
            ctx.progress(Progress(done_articles, len(articles), done_segments, len(items)))

    report()
    groups = list(todo.values()) if dedupe else [[i] for idxs in todo.values() for i in idxs]
    groups.sort(key=lambda g: (len(items[g[0]][1].text), g[0]))  # length-sorted batching
    chunk_size = max(1, settings.batch_size) * 8
    translated = 0
    for c in range(0, len(groups), chunk_size):
        chunk = groups[c : c + chunk_size]
        firsts = [items[g[0]] for g in chunk]
        translate_segments(
            [s for _, s in firsts],
            engine,
            batch_size=settings.batch_size,
            max_input_tokens=settings.max_input_tokens,
            keys=[f"{articles[a].id}#{s.index}" for a, s in firsts],
        )
        rows = []
        for g in chunk:
            _, first = items[g[0]]
            meta = {k: first.meta[k] for k in CACHED_META if k in first.meta}
            for i in g[1:]:  # identical segments elsewhere share the translation
                _, seg = items[i]
                seg.mt = first.mt
                seg.meta.update(meta)
                seg.target, seg.ledger = None, []
            rows.append((keys[g[0]], first.text, first.mt or "", meta, engine.name))
            for i in g:
                a = items[i][0]
                remaining[a] -= 1
                done_articles += remaining[a] == 0
                done_segments += 1
        translated += len(chunk)
        if tm is not None:
            tm.put_many(rows)
        report()
    ctx.stats["engine_segments"] = translated
    # One key order whether the meta came from the engine or from the TM (sorted JSON), so
    # a resumed or repeated run writes the same bytes.
    for _, seg in items:
        cached = {k: seg.meta.pop(k) for k in CACHED_META if k in seg.meta}
        seg.meta.update(cached)


def _stage_enforce(articles: list[Article], ctx: RunContext) -> None:
    from zh2en.stages.enforce import enforce_terms

    for article in articles:
        enforce_terms(article)


def _stage_check(articles: list[Article], ctx: RunContext) -> None:
    from zh2en.checks import run_checks

    for article in articles:
        article.findings = []
        for seg in article.segments:
            seg.findings = []
    run_checks(articles)  # terms are already matched (MATCH stage, or enforce_terms on recheck)


def remove_stale_temporaries(out_dir: Path, suffixes: Sequence[str]) -> None:
    """Delete temporary files an interrupted run left (``.<output name>.<random>.tmp``)."""
    for path in out_dir.glob(".*.tmp"):
        stem = path.name[1:].rsplit(".", 2)[0]  # ".a.jsonl.k3j2.tmp" -> "a.jsonl"
        if path.is_file() and (stem == RUN_INDEX or stem.endswith(tuple(suffixes))):
            with contextlib.suppress(OSError):
                path.unlink()


def _stage_write(articles: list[Article], ctx: RunContext) -> None:
    from zh2en.formats import get_writer

    writers = [(name, get_writer(name)) for name in ctx.formats]
    remove_stale_temporaries(ctx.out_dir, [w.suffix for _, w in writers])
    used: set[str] = set()
    for start in range(0, len(articles), WRITE_GROUP):
        items: list[tuple[Path, bytes]] = []
        for position, article in enumerate(articles[start : start + WRITE_GROUP], start):
            article.signature = dict(ctx.signature)
            stem = unique_stem(article.id, used)
            files: dict[str, str] = {}
            for name, writer in writers:
                path = safe_output_path(ctx.out_dir, stem + writer.suffix)
                items.append((path, writer.render(article)))
                files[name] = path.name
            ctx.files[position] = files  # by position: two inputs may share an id
        # One flush to disk per group instead of one fsync per file (they cost ms each).
        atomic_write_many(items)


def unique_stem(article_id: str, used: set[str]) -> str:
    """A safe file stem for ``article_id``, made unique among ``used`` (case-insensitively)."""
    base = safe_filename(article_id)
    stem, n = base, 2
    while stem.casefold() in used:
        stem, n = f"{base}-{n}", n + 1
    used.add(stem.casefold())
    return stem


DATES = Stage("resolve dates", ("segments",), ("date",), _stage_dates)
MATCH = Stage("match terms", ("segments", "date"), ("terms",), _stage_match)
TRANSLATE = Stage("translate", ("segments", "terms"), ("mt",), _stage_translate)
ENFORCE = Stage("enforce terms", ("terms", "mt"), ("target", "ledger"), _stage_enforce)
CHECK = Stage("check", ("target", "ledger"), ("findings",), _stage_check)
WRITE = Stage("write", ("target", "ledger", "findings"), ("files",), _stage_write)


# -- entry points ----------------------------------------------------------------------


def load_glossary_for(settings: Settings) -> Any:
    """The glossary named in ``settings`` (``glossary/`` in the working folder by default)."""
    from zh2en.glossary.store import load_glossary

    return load_glossary(list(settings.glossary))


def engine_options(settings: Settings) -> dict[str, Any]:
    """Options for ``create_engine`` from settings; options an engine does not take are dropped.

    Explicit ``engine_options`` (``--engine-option KEY=VALUE``) are always passed, so a typo
    there is an error naming the options the engine accepts.
    """
    return {
        "model": settings.model,
        "device": settings.device,
        "batch_size": settings.batch_size,
        "beam_size": settings.beam_size,
        "max_new_tokens": settings.max_new_tokens,
        "max_input_tokens": settings.max_input_tokens,
    }


def make_engine(settings: Settings) -> Engine:
    from zh2en.engines import accepted_options, create_engine, engine_class

    generic = {k: v for k, v in engine_options(settings).items() if v is not None}
    accepted = accepted_options(engine_class(settings.engine))
    if accepted is not None:
        generic = {k: v for k, v in generic.items() if k in accepted}
    explicit = dict(settings.extra.get("engine_options", {}))
    return create_engine(settings.engine, **{**generic, **explicit})


def run_signature(
    engine: Engine, settings: Settings, glossary: Any, default_date: str | None = None
) -> dict[str, Any]:
    recorded: dict[str, Any] = {k: getattr(settings, k) for k in SIGNATURE_SETTINGS}
    if default_date:
        recorded["date"] = default_date
    recorded["glossary_strategy"] = engine.glossary_strategy
    if settings.extra.get("engine_options"):
        recorded["engine_options"] = dict(sorted(settings.extra["engine_options"].items()))
    return make_signature(
        engine=engine.name,
        engine_signature=engine.signature(),
        glossary_hash=getattr(glossary, "hash", None) or "none",
        opencc=settings.opencc,
        settings=recorded,
    )


def _gate(articles: list[Article], fail_on: str | None) -> tuple[str | None, bool]:
    if not fail_on or fail_on == "none":
        return None, False
    try:
        level = Severity(fail_on)
    except ValueError:
        raise ConfigError(
            f"--fail-on {fail_on!r} is not a severity", hint="use info, warning, error or none"
        ) from None
    failed = any(f.severity.rank >= level.rank for a in articles for f in a.all_findings())
    return str(level), failed


def _summarize(articles: list[Article], ctx: RunContext, summary: RunSummary) -> None:
    for position, article in enumerate(articles):
        ledger: dict[str, int] = {}
        for _, e in article.ledger:
            ledger[str(e.status)] = ledger.get(str(e.status), 0) + 1
            summary.ledger[str(e.status)] = summary.ledger.get(str(e.status), 0) + 1
        findings: dict[str, int] = {}
        for f in article.all_findings():
            findings[str(f.severity)] = findings.get(str(f.severity), 0) + 1
            summary.findings[str(f.severity)] = summary.findings.get(str(f.severity), 0) + 1
        summary.articles.append(
            {
                "id": article.id,
                "source_path": article.source_path,
                "segments": len(article.segments),
                "terms": sum(len(s.terms) for s in article.segments),
                "ledger": dict(sorted(ledger.items())),
                "findings": dict(sorted(findings.items())),
                "files": ctx.files.get(position, {}),
            }
        )
    summary.stats = {
        "articles": len(articles),
        "segments": sum(len(a.segments) for a in articles),
        **ctx.stats,
    }


def write_run_index(summary: RunSummary, formats: Sequence[str]) -> Path:
    """``run.json``: signature, formats, per-article files and counts (no timestamps, no TM stats)."""
    index = {
        "tool": "zh2en",
        "signature": summary.signature,
        "formats": list(formats),
        "articles": summary.articles,
        "errors": summary.errors,
        "report": [Path(p).name for p in summary.report],
        "glossary_files": summary.glossary_files,
        "counts": {
            "articles": len(summary.articles),
            "segments": summary.stats.get("segments", 0),
            "ledger": dict(sorted(summary.ledger.items())),
            "findings": dict(sorted(summary.findings.items())),
        },
    }
    path = safe_output_path(summary.out_dir, RUN_INDEX)
    atomic_write_text(path, json.dumps(index, ensure_ascii=False, indent=2) + "\n")
    return path


def _write_report(articles: list[Article], ctx: RunContext) -> list[str]:
    from zh2en.report import write_report

    if not articles:
        return []
    return [os.fspath(p) for p in write_report(articles, ctx.out_dir, signature=ctx.signature)]


def _glossary_files(glossary: Any) -> list[str]:
    return [os.fspath(Path(f).resolve()) for f in getattr(glossary, "files", [])]


def translate_articles(
    articles: list[Article],
    out_dir: str | os.PathLike[str],
    settings: Settings,
    *,
    engine: Engine | None = None,
    glossary: Any = None,
    formats: Sequence[str] | None = None,
    use_tm: bool = True,
    progress: Callable[[Progress], None] | None = None,
    errors: Sequence[tuple[str, Zh2enError]] = (),
    date: str | None = None,
) -> RunSummary:
    """Translate already-ingested ``articles`` and write every output into ``out_dir``.

    ``date`` (ISO ``YYYY-MM-DD``) is the date of articles that give none; otherwise an
    undated article's date is estimated from its dateline and the batch
    (``zh2en.stages.dates``), which decides dated glossary rows (努尔苏丹 → Nur-Sultan/Astana).

    ``glossary`` is a loaded glossary (``None``: no glossary — terms already on the segments
    are still enforced). Raises :class:`~zh2en.errors.QAGateError` *after* writing when a
    finding reaches ``settings.fail_on``.
    """
    from zh2en.formats import parse_formats

    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise UsageError(f"output folder {out} is a file", hint="pass a folder to -o")
    eng = engine if engine is not None else make_engine(settings)
    out.mkdir(parents=True, exist_ok=True)
    names = list(formats) if formats is not None else parse_formats(None)
    ctx = RunContext(
        settings=settings,
        out_dir=out,
        engine=eng,
        glossary=glossary,
        signature=run_signature(eng, settings, glossary, date),
        formats=names,
        progress=progress,
        default_date=date,
    )
    if use_tm:
        from zh2en.tm import TranslationMemory

        ctx.tm = TranslationMemory(settings.tm or out / TM_DEFAULT_NAME)
    try:
        Pipeline([DATES, MATCH, TRANSLATE, ENFORCE, CHECK, WRITE]).run(articles, ctx)
    finally:
        if ctx.tm is not None:
            ctx.tm.close()
    summary = RunSummary(out_dir=os.fspath(out), signature=ctx.signature, timings=ctx.timings)
    summary.glossary_files = _glossary_files(glossary)
    summary.errors = [{"path": p, "error": str(e)} for p, e in errors]
    _summarize(articles, ctx, summary)
    started = time.perf_counter()
    summary.report = _write_report(articles, ctx)
    ctx.timings["report"] = time.perf_counter() - started
    started = time.perf_counter()
    write_run_index(summary, names)  # last: its presence means the run finished
    ctx.timings["run index"] = time.perf_counter() - started
    summary.gate, summary.gate_failed = _gate(articles, settings.fail_on)
    return summary


def translate_paths(
    paths: Sequence[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    settings: Settings,
    *,
    engine: Engine | None = None,
    formats: Sequence[str] | None = None,
    use_tm: bool = True,
    progress: Callable[[Progress], None] | None = None,
    date: str | None = None,
) -> RunSummary:
    """Ingest ``paths`` (files or folders), translate, enforce the glossary, check, write.

    One unreadable input never stops the batch: it is listed in ``RunSummary.errors`` (the
    CLI exits 5). With no readable input at all the first input error is raised.
    """
    from zh2en.ingest import ingest_paths

    started = time.perf_counter()
    result = ingest_paths([os.fspath(p) for p in paths], opencc=settings.opencc, exclude=[out_dir])
    timings = {"ingest": time.perf_counter() - started}
    errors = list(result.errors)
    if not result.articles:
        if errors:
            raise errors[0][1]
        raise InputError(
            "no input articles found in " + ", ".join(os.fspath(p) for p in paths),
            hint="pass article files (.txt, .md, .html, .jsonl) or folders containing them",
        )
    started = time.perf_counter()
    glossary = load_glossary_for(settings)
    timings["load glossary"] = time.perf_counter() - started
    summary = translate_articles(
        list(result.articles),
        out_dir,
        settings,
        engine=engine,
        glossary=glossary,
        formats=formats,
        use_tm=use_tm,
        progress=progress,
        errors=errors,
        date=date,
    )
    summary.timings = {**timings, **summary.timings}
    return summary


def recheck_dir(
    out_dir: str | os.PathLike[str],
    settings: Settings,
    *,
    glossary: Any = None,
    use_glossary: bool = True,
    glossary_from_run: bool = True,
) -> RunSummary:
    """Reload the aligned articles in ``out_dir``, enforce the glossary again, re-run the
    checks and rewrite every output — without translating.

    ``glossary``: a loaded glossary; by default (``glossary_from_run``) the glossary files the
    run used, listed in ``run.json`` — a ConfigError when some are gone — else the one named
    in ``settings``. ``use_glossary=False`` keeps the terms stored in the files.
    """
    from zh2en.formats.jsonl import read_article_jsonl
    from zh2en.stages.enforce import enforce_terms

    out = Path(out_dir)
    index_path = out / RUN_INDEX
    if not index_path.is_file():
        raise InputError(
            f"{out} has no {RUN_INDEX}: it is not a finished zh2en translate output folder",
            hint="run `zh2en translate INPUTS -o " + os.fspath(out) + "` first",
        )
    try:
        index = json.loads(index_path.read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read {index_path}: {exc}") from exc
    formats = [f for f in index.get("formats", []) if isinstance(f, str)] or ["jsonl"]
    articles: list[Article] = []
    # A damaged or missing <id>.jsonl must not stop the others: it is reported (exit 5) and
    # its entry stays in run.json as it was, so nothing the run listed is lost.
    damaged: list[tuple[dict[str, Any], str, str]] = []
    for item in index.get("articles", []):
        name = (item.get("files") or {}).get("jsonl")
        if not isinstance(name, str):
            continue
        try:
            articles.append(read_article_jsonl(safe_output_path(out, name)))
        except (Zh2enError, OSError) as exc:
            damaged.append((item, name, str(exc)))
    if not articles:
        if damaged:
            raise InputError(f"no aligned article in {out} could be read; {damaged[0][1]}: {damaged[0][2]}")
        raise InputError(f"{index_path} lists no aligned articles (.jsonl) to recheck")
    if glossary is None and use_glossary:
        from zh2en.glossary.store import load_glossary

        used = [f for f in index.get("glossary_files", []) if isinstance(f, str)]
        missing = [f for f in used if not Path(f).is_file()]
        if glossary_from_run and used and missing:
            # Quietly rechecking with another glossary (say, glossary/) would relabel the run.
            raise ConfigError(
                f"the glossary files this run used are gone: {', '.join(missing)}",
                hint="pass --glossary FILE_OR_FOLDER (repeatable) to recheck with the glossary you mean",
            )
        glossary = load_glossary(used) if glossary_from_run and used else load_glossary_for(settings)
    signature = dict(index.get("signature") or articles[0].signature)
    signature["glossary"] = getattr(glossary, "hash", None) or signature.get("glossary", "none")
    signature["rechecked"] = True
    ctx = RunContext(settings=settings, out_dir=out, glossary=glossary, signature=signature, formats=formats)
    for article in articles:
        enforce_terms(article, glossary)
    Pipeline([CHECK, WRITE], provided=("segments", "terms", "mt", "target", "ledger")).run(articles, ctx)
    summary = RunSummary(out_dir=os.fspath(out), signature=signature)
    summary.glossary_files = (
        _glossary_files(glossary) if glossary is not None else index.get("glossary_files", [])
    )
    summary.errors = [e for e in index.get("errors", []) if e.get("stage") != "recheck"]
    summary.errors += [{"path": name, "error": msg, "stage": "recheck"} for _, name, msg in damaged]
    _summarize(articles, ctx, summary)
    summary.articles += [item for item, _, _ in damaged]
    summary.report = _write_report(articles, ctx)
    write_run_index(summary, formats)
    summary.gate, summary.gate_failed = _gate(articles, settings.fail_on)
    return summary


def raise_for_gate(summary: RunSummary) -> None:
    """Raise :class:`QAGateError` when the run's findings reached the ``--fail-on`` level."""
    if summary.gate_failed:
        level = Severity(summary.gate).rank if summary.gate else 0
        known = {s.value for s in Severity}
        failing = {
            sev: n for sev, n in summary.findings.items() if sev in known and Severity(sev).rank >= level
        }
        detail = ", ".join(f"{n} {sev}" for sev, n in sorted(failing.items()))
        raise QAGateError(
            f"QA gate failed: {sum(failing.values())} findings at or above {summary.gate!r} ({detail})",
            hint=f"see {Path(summary.out_dir) / 'qa-report.html'}; fix the glossary or the "
            f"translations, then `zh2en recheck {summary.out_dir}`; or raise --fail-on",
        )
