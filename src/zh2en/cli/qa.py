"""CLI commands of the 'qa' group: ``zh2en check`` and ``zh2en eval``.

Thin shells: parse options, call :func:`zh2en.qa.check_files` / :func:`zh2en.evaluate.evaluate`,
print. Heavy imports happen inside the commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from zh2en.cli.common import info, print_json

CHECK_HELP = """Check a translation: glossary terms, numbers, omissions, untranslated text and more.

SOURCE and TARGET are two line-aligned text files (one segment per line; empty lines are
empty segments), or, with --align, two whole articles aligned sentence by sentence. Give
SOURCE alone for one bilingual file: TMX (.tmx), XLIFF (.xlf/.xliff) or aligned JSONL
(.jsonl, as written by `zh2en translate`).

Exit codes: 0 ok (or findings below --fail-on) · 1 input error (unreadable file, line-count
mismatch) · 2 usage error · 3 QA gate failed: findings at or above --fail-on exist.

Example: zh2en check article.zh.txt article.en.txt --fail-on error -o qa/
"""

EVAL_HELP = """Score a translation against a reference: BLEU, chrF, TER (sacrebleu, with signatures),
term success rate and term consistency, per article and for the corpus.

HYPOTHESIS and REFERENCE are line-aligned text files, or folders of aligned JSONL outputs
matched by article id (a text REFERENCE then has one line per segment, articles in file-name
order). Term metrics need the source: --source for text files; JSONL outputs carry it.

Example: zh2en eval outputs/ refs/ --json
"""


def check(
    source: Annotated[Path, typer.Argument(help="Source text file, or one .tmx/.xlf/.xliff/.jsonl file.")],
    target: Annotated[
        Path | None, typer.Argument(help="Target text file (omit for a bilingual SOURCE).")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print results as JSON (for scripts).")] = False,
    glossary: Annotated[
        list[Path] | None,
        typer.Option("--glossary", "-g", help="Glossary file or folder (repeatable); default: glossary/."),
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            metavar="SEVERITY",
            help="Exit with code 3 when findings at or above SEVERITY (info, warning, error) exist.",
        ),
    ] = None,
    out_dir: Annotated[
        Path | None, typer.Option("-o", "--out", help="Write the QA report (HTML, JSON, Markdown) here.")
    ] = None,
    only: Annotated[
        str | None, typer.Option("--only", help="Run only these checks (comma-separated).")
    ] = None,
    skip: Annotated[str | None, typer.Option("--skip", help="Skip these checks (comma-separated).")] = None,
    align: Annotated[
        bool, typer.Option("--align", help="SOURCE and TARGET are whole articles: align them by sentence.")
    ] = False,
    flagged: Annotated[bool, typer.Option("--flagged", help="List only segments with findings.")] = False,
    opencc: Annotated[
        str, typer.Option("--opencc", help="OpenCC config for the source (t2s, none…).")
    ] = "t2s",
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="Date (YYYY-MM-DD) of a source that gives none (it picks dated glossary rows); "
            "else estimated from dates in the text, else today.",
        ),
    ] = None,
) -> None:
    from zh2en.errors import QAGateError
    from zh2en.qa import check_files, format_text, gate, parse_severity, results_dict

    threshold = parse_severity(fail_on) if fail_on is not None else None
    if out_dir is not None and out_dir.exists() and not out_dir.is_dir():
        from zh2en.errors import UsageError

        raise UsageError(f"the report folder {out_dir} is a file", hint="pass a folder to -o/--out")
    articles = check_files(
        source,
        target,
        glossary=glossary or None,
        align=align,
        only=_names(only),
        skip=_names(skip),
        opencc=opencc,
        date=date,
    )
    if json_out:
        print_json(results_dict(articles, fail_on=threshold.value if threshold else None))
    else:
        typer.echo(format_text(articles, only_flagged=flagged))
    if out_dir is not None:
        from zh2en.report import write_report

        paths = write_report(articles, out_dir, signature=articles[0].signature if articles else {})
        info("report: " + ", ".join(str(p) for p in paths))
    n = sum(len(a.all_findings()) for a in articles)
    info(f"{n} findings in {sum(len(a.segments) for a in articles)} segments")
    if threshold is not None:
        failing = gate(articles, threshold)
        if failing:
            raise QAGateError(
                f"QA gate failed: {len(failing)} findings at or above {threshold.value}",
                hint="fix the translation, or raise --fail-on",
            )


def evaluate(
    hypothesis: Annotated[
        Path, typer.Argument(help="Hypothesis text file, or folder of aligned JSONL outputs.")
    ],
    reference: Annotated[Path, typer.Argument(help="Reference text file, or folder of aligned JSONL.")],
    source: Annotated[
        Path | None, typer.Option("--source", help="Source text file (for term metrics).")
    ] = None,
    glossary: Annotated[
        list[Path] | None,
        typer.Option("--glossary", "-g", help="Glossary file or folder (repeatable); default: glossary/."),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print results as JSON (for scripts).")] = False,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="Date (YYYY-MM-DD) of a source that gives none (it picks dated glossary rows).",
        ),
    ] = None,
) -> None:
    from zh2en.evaluate import evaluate as run_eval
    from zh2en.evaluate import format_result

    result = run_eval(hypothesis, reference, source, glossary or None, date=date)
    if json_out:
        print_json(result.to_dict())
    else:
        typer.echo(format_result(result))


def _names(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [n.strip() for n in value.split(",") if n.strip()]


def register(app: typer.Typer) -> None:
    """Add this group's commands to the main app."""
    app.command("check", help=CHECK_HELP)(check)
    app.command("eval", help=EVAL_HELP)(evaluate)
