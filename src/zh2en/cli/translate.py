"""CLI commands ``zh2en translate`` and ``zh2en recheck`` (thin shells over zh2en.pipeline).

Heavy imports (the pipeline, engines) happen inside the commands, so ``zh2en --help`` stays
fast. Data (``--json``) goes to stdout; the progress bar and messages go to stderr, and only
when stderr is a terminal.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from zh2en.cli.common import print_json, show_progress
from zh2en.errors import EXIT_PARTIAL, UsageError

FAIL_ON = ("info", "warning", "error", "none")

TRANSLATE_HELP = """Translate Chinese articles into English, enforcing the glossary.

Reads INPUTS (files or folders of .txt/.md/.html/.jsonl articles), translates every
segment once, applies and verifies the glossary (a ledger entry per term), runs the QA
checks and writes, per article, into OUT: <id>.jsonl (the aligned article), <id>.en.md,
<id>.bilingual.md, <id>.bilingual.html, <id>.tmx, <id>.xlf, plus run.json (last).

\b
Examples:
  zh2en translate seeds/ -o outputs/                       # default engine (marian)
  zh2en translate seeds/ -o /tmp/dry --engine dictionary   # no model needed
  zh2en translate a.txt b.md -o out/ --formats jsonl,tmx --json
  zh2en translate scraped/ -o out/ --date 2022-01-11        # date for undated pages
  zh2en translate seeds/ -o out/ --engine file --model their-mt.jsonl
  zh2en translate seeds/ -o out/ --engine ctranslate2 --model ./opus-mt-zh-en --device cuda

\b
Engines: identity, dictionary, file, marian, ctranslate2, llm, openai (see `zh2en engines`),
or any 'package.module:Class' following zh2en.engines.base.Engine.
A translation memory (OUT/.zh2en-tm.sqlite by default) makes re-runs translate only what
changed; a killed run resumes where it stopped.

\b
Settings precedence: defaults < zh2en.toml < ZH2EN_* environment < these options.
Exit codes: 0 ok · 1 input error · 2 usage · 3 --fail-on gate · 4 engine unavailable ·
5 some inputs could not be read (the others were written).
"""

RECHECK_HELP = """Re-run glossary repair and QA on a translate output folder, without translating.

Reloads the aligned articles (<id>.jsonl) listed in OUTPUT_DIR/run.json, matches the
glossary again (after an edit, say), repairs the stored machine translation, re-runs the
checks and rewrites every output format the run wrote. Without --glossary it uses the
glossary files the run used (listed in run.json), as they are now.

\b
Examples:
  zh2en recheck outputs/
  zh2en recheck outputs/ --glossary glossary/ --glossary extra.tsv --fail-on error
  zh2en recheck outputs/ --keep-terms --json
"""


def _engine_options(items: list[str] | None) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(
                f"--engine-option {item!r} is not KEY=VALUE", hint="e.g. --engine-option missing=empty"
            )
        v: Any = value
        if value.lower() in ("true", "false"):
            v = value.lower() == "true"
        else:
            try:
                v = int(value)
            except ValueError:
                try:
                    v = float(value)
                except ValueError:
                    v = value
        options[key.strip().replace("-", "_")] = v
    return options


class ProgressBar:
    """A one-line progress bar on stderr: articles and segments done, and their rates."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.last = 0.0

    def __call__(self, p: Any) -> None:
        now = time.perf_counter()
        final = p.segments_done >= p.segments_total
        if not final and now - self.last < 0.1:
            return
        self.last = now
        elapsed = max(now - self.start, 1e-6)
        width = 24
        filled = int(width * p.segments_done / p.segments_total) if p.segments_total else width
        bar = "#" * filled + "." * (width - filled)
        sys.stderr.write(
            f"\r[{bar}] {p.articles_done}/{p.articles_total} articles "
            f"{p.segments_done}/{p.segments_total} segments "
            f"{p.articles_done / elapsed:.1f} art/s {p.segments_done / elapsed:.1f} seg/s"
        )
        if final:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _say(message: str) -> None:
    if sys.stderr.isatty():
        typer.echo(message, err=True)


def _finish(summary: Any, as_json: bool) -> int:
    from zh2en.pipeline import raise_for_gate

    if as_json:
        print_json(summary.to_dict())
    ledger = ", ".join(f"{k} {v}" for k, v in sorted(summary.ledger.items())) or "no terms"
    findings = ", ".join(f"{k} {v}" for k, v in sorted(summary.findings.items())) or "none"
    _say(f"wrote {len(summary.articles)} article(s) to {summary.out_dir}")
    _say(f"terms: {ledger} · findings: {findings}")
    for err in summary.errors:
        message = str(err["error"])  # ingest errors usually name the file already
        where = "" if message.startswith(str(err["path"])) else f"{err['path']}: "
        typer.echo(f"error: {where}{message}", err=True)
    raise_for_gate(summary)
    return EXIT_PARTIAL if summary.errors else 0


def translate(
    inputs: Annotated[list[Path], typer.Argument(help="Article files or folders.", show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="Output folder (created if missing).")],
    engine: Annotated[str | None, typer.Option(help="Engine name (default: settings, marian).")] = None,
    model: Annotated[
        str | None, typer.Option(help="Model id or local path (for 'file': the translations).")
    ] = None,
    glossary: Annotated[
        list[str] | None, typer.Option(help="Glossary file or folder; repeat to layer (later wins).")
    ] = None,
    batch_size: Annotated[int | None, typer.Option(help="Segments per engine call.", min=1)] = None,
    beam: Annotated[int | None, typer.Option(help="Beam size for neural engines.", min=1)] = None,
    device: Annotated[str | None, typer.Option(help="cpu or cuda.")] = None,
    max_new_tokens: Annotated[
        int | None, typer.Option(help="Longest output per segment, in tokens (neural engines).", min=1)
    ] = None,
    max_input_tokens: Annotated[
        int | None, typer.Option(help="Segments longer than this are split at clauses before MT.", min=1)
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(help="Date (YYYY-MM-DD) of articles that give none; else estimated from the batch."),
    ] = None,
    tm: Annotated[Path | None, typer.Option(help="Translation memory file.")] = None,
    no_tm: Annotated[bool, typer.Option("--no-tm", help="Do not use a translation memory.")] = False,
    formats: Annotated[
        str | None,
        typer.Option(help="Comma list: jsonl,md,bilingual-md,bilingual-html,tmx,xliff (default: all)."),
    ] = None,
    engine_option: Annotated[
        list[str] | None, typer.Option(help="Engine-specific KEY=VALUE option; repeatable.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run summary as JSON on stdout.")] = False,
    fail_on: Annotated[
        str | None,
        typer.Option(help="Exit 3 when a finding has this severity or worse (info|warning|error)."),
    ] = None,
) -> int:
    from zh2en.config import load_settings
    from zh2en.formats import parse_formats
    from zh2en.pipeline import translate_paths

    if date is not None and not re.fullmatch(r"\d{4}-\d\d-\d\d", date):
        raise UsageError(f"--date {date!r} is not a date", hint="use YYYY-MM-DD, e.g. --date 2022-01-11")
    if tm is not None and no_tm:
        raise UsageError("--tm and --no-tm contradict each other", hint="pass one of them")
    if device is not None and device not in ("cpu", "cuda") and not device.startswith("cuda:"):
        raise UsageError(f"--device {device!r} is not valid", hint="use cpu, cuda or cuda:N")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise UsageError(f"--fail-on {fail_on!r} is not a severity", hint="use " + ", ".join(FAIL_ON))
    settings = load_settings(
        {
            "engine": engine,
            "model": model,
            "glossary": tuple(glossary) if glossary else None,
            "batch_size": batch_size,
            "beam_size": beam,
            "device": device,
            "max_new_tokens": max_new_tokens,
            "max_input_tokens": max_input_tokens,
            "tm": str(tm) if tm is not None else None,
            "fail_on": fail_on,
        }
    )
    options = _engine_options(engine_option)
    if options:
        settings = dataclasses.replace(settings, extra={**settings.extra, "engine_options": options})
    summary = translate_paths(
        inputs,
        output,
        settings,
        formats=parse_formats(formats),
        use_tm=not no_tm,
        progress=ProgressBar() if show_progress() and not as_json else None,
        date=date,
    )
    return _finish(summary, as_json)


def recheck(
    output_dir: Annotated[Path, typer.Argument(help="A folder written by `zh2en translate`.")],
    glossary: Annotated[
        list[str] | None, typer.Option(help="Glossary file or folder; repeat to layer (later wins).")
    ] = None,
    keep_terms: Annotated[
        bool, typer.Option("--keep-terms", help="Keep the stored term matches; do not reload a glossary.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON on stdout.")] = False,
    fail_on: Annotated[
        str | None, typer.Option(help="Exit 3 when a finding has this severity or worse.")
    ] = None,
) -> int:
    from zh2en.config import load_settings
    from zh2en.pipeline import recheck_dir

    if fail_on is not None and fail_on not in FAIL_ON:
        raise UsageError(f"--fail-on {fail_on!r} is not a severity", hint="use " + ", ".join(FAIL_ON))
    settings = load_settings({"glossary": tuple(glossary) if glossary else None, "fail_on": fail_on})
    summary = recheck_dir(output_dir, settings, use_glossary=not keep_terms, glossary_from_run=not glossary)
    return _finish(summary, as_json)


def register(app: typer.Typer) -> None:
    """Add this group's commands to the main app."""
    app.command("translate", help=TRANSLATE_HELP, no_args_is_help=True)(translate)
    app.command("recheck", help=RECHECK_HELP, no_args_is_help=True)(recheck)
