"""CLI commands ``zh2en glossary match`` and ``zh2en glossary stats``: apply the glossary to files.

Thin shells over :func:`zh2en.glossary.matcher.match_files` and
:func:`zh2en.glossary.matcher.match_stats`. Data goes to stdout (a table, or ``--json``);
unreadable files are reported on stderr and make the exit code 5 (batch partly failed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from zh2en.cli.common import print_json, warn

FilesArg = Annotated[
    list[Path], typer.Argument(help="Article files or folders (folders are searched recursively).")
]
GlossaryOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--glossary",
        "-g",
        help="Glossary file or folder; repeat for several (later wins per id). Default: glossary/.",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")]
DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date",
        help=(
            "Date (YYYY-MM-DD) for articles without one of their own; default: estimated from the "
            "dateline, dates in the text or the batch, else today."
        ),
    ),
]
OpenccOpt = Annotated[
    str, typer.Option("--opencc", help="OpenCC config for Traditional input (t2s, tw2s, hk2s, none).")
]
ReaderOpt = Annotated[
    str | None, typer.Option("--reader", help="Reader name (default: chosen from the content).")
]


def _finish(errors: list[tuple[str, str]], processed: int) -> None:
    """Report unreadable files; exit 5 when some failed, 1 when nothing could be read."""
    from zh2en.errors import EXIT_PARTIAL, InputError

    for path, message in errors:
        warn(message if path in message else f"{path}: {message}")
    if errors and not processed:
        raise InputError(f"none of the {len(errors)} input file(s) could be read", hint="see the warnings")
    if errors:
        raise typer.Exit(EXIT_PARTIAL)


def match(
    files: FilesArg,
    glossary: GlossaryOpt = None,
    json_out: JsonOpt = False,
    date: DateOpt = None,
    opencc: OpenccOpt = "t2s",
    reader: ReaderOpt = None,
    include_proposed: Annotated[
        bool, typer.Option("--include-proposed", help="Also apply entries with status 'proposed'.")
    ] = False,
) -> None:
    """Show every glossary hit in FILES with offsets, surface, entry and the English chosen.

    Offsets are character offsets into the decoded file text; the English of dated entries
    (努尔苏丹 → Nur-Sultan or Astana) is chosen for each article's date.
    """
    from zh2en.glossary.matcher import match_files

    report = match_files(
        files,
        glossary=glossary,
        date=date,
        opencc=opencc,
        reader=reader,
        include_proposed=include_proposed,
    )
    if json_out:
        print_json(report.to_dict())
    else:
        for art in report.articles:
            where = art.path or art.article_id
            typer.echo(f"{where}  ({len(art.hits)} hits; English for {art.date}; date: {art.date_source})")
            for h in art.hits:
                given = f"  given: {h['given_en']}" if h["given_en"] else ""
                span = f"{h['start']:>6}-{h['end']:<6}"
                typer.echo(f"  {span} {h['surface']}  →  {h['target']}  [{h['entry_id']}]{given}")
    _finish(report.errors, len(report.articles))


def stats(
    corpus: Annotated[list[Path], typer.Argument(help="Article files or folders.")],
    glossary: GlossaryOpt = None,
    json_out: JsonOpt = False,
    date: DateOpt = None,
    opencc: OpenccOpt = "t2s",
    reader: ReaderOpt = None,
) -> None:
    """Count hits per glossary entry over CORPUS and list the entries never used."""
    from zh2en.glossary.matcher import match_stats

    report = match_stats(corpus, glossary=glossary, date=date, opencc=opencc, reader=reader)
    if json_out:
        print_json(report.to_dict())
    else:
        data: dict[str, Any] = report.to_dict()
        typer.echo(f"{data['articles']} articles, {data['total_hits']} hits")
        typer.echo(f"\nused ({len(data['used'])}):")
        for e in data["used"]:
            typer.echo(f"  {e['hits']:>5}  {e['articles']:>3} art.  {e['id']}  {e['zh']} → {e['en']}")
        typer.echo(f"\nunused ({len(data['unused'])}):")
        for e in data["unused"]:
            typer.echo(f"  {e['id']}  {e['zh']} → {e['en']}")
        if data["not_applied"]:
            typer.echo(f"\nnot applied (proposed/deprecated): {', '.join(data['not_applied'])}")
    _finish(report.errors, report.articles)


def register(app: typer.Typer) -> None:
    """Add ``match`` and ``stats`` to the ``glossary`` group."""
    app.command("match")(match)
    app.command("stats")(stats)
