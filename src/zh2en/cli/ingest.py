"""The ``zh2en ingest`` command: read articles, remove boilerplate, show or write them.

A thin shell over :func:`zh2en.ingest.ingest`; heavy imports happen inside the command.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from zh2en.document import Article

INGEST_HELP = """\
Read scraped articles and print them cleaned: the article only (no navigation, lists,
comments or copyright lines), split into sentence segments with their kind (title, body,
caption, byline, dateline, heading…) and offsets into the decoded file text.

Files may be scraped plain text, Markdown with YAML front matter (HTML or Markdown body),
HTML pages, or JSON Lines of articles; the format is sniffed (or named with --reader) and the
encoding detected (UTF-8 ± BOM, UTF-16, GB18030/GBK, Big5). Folders are read recursively.

Examples:

\b
    zh2en ingest seeds/                     # readable view of every article
    zh2en ingest seeds/ -o outputs/ingest   # also write <id>.json and <id>.zh.txt
    zh2en ingest page.html --json | jq '.[0].segments[0]'

Exit codes: 0 all files read · 1 every file failed (or bad option value) · 2 usage error ·
5 some files failed (each failure is one line on stderr; the others are still processed).
"""


def segment_view(article: Article) -> dict[str, Any]:
    """The ``--json`` form of one article: id, title, metadata and its segments with offsets."""
    from dataclasses import asdict

    return {
        "id": article.id,
        "source_path": article.source_path,
        "title": article.metadata.title,
        "metadata": asdict(article.metadata),
        "segments": [
            {
                "index": s.index,
                "paragraph": s.paragraph,
                "kind": str(s.kind),
                "text": s.text,
                "start": s.start,
                "end": s.end,
            }
            for s in article.segments
        ],
    }


def _readable(article: Article) -> str:
    md = article.metadata
    lines = [f"== {article.id}  [{md.reader}, {md.encoding or 'text'}, {md.script or '?'}]"]
    for label, value in (
        ("title", md.title),
        ("date", md.date),
        ("outlet", md.outlet),
        ("author", md.author),
        ("dateline", f"{md.dateline_place} {md.dateline_day or ''}".strip() if md.dateline_place else None),
        ("url", md.url),
    ):
        if value:
            lines.append(f"   {label}: {value}")
    dropped = md.extra.get("dropped_blocks") or {}
    if dropped:
        reasons = ", ".join(f"{reason} {n}" for reason, n in sorted(dropped.items(), key=lambda kv: -kv[1]))
        lines.append(f"   removed: {sum(dropped.values())} blocks ({reasons})")
    last_par: int | None = None
    for seg in article.segments:
        if seg.paragraph != last_par:
            lines.append("")
            last_par = seg.paragraph
        lines.append(f"{seg.kind.value:>9} | {seg.text}")
    return "\n".join(lines) + "\n"


def ingest(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Files or folders to read.", show_default=False, metavar="FILE_OR_DIR"),
    ],
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the articles as a JSON array (for scripts).")
    ] = False,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Also write <id>.json (full Article) and <id>.zh.txt here."),
    ] = None,
    opencc: Annotated[
        str,
        typer.Option("--opencc", help="OpenCC config for Traditional→Simplified: t2s, tw2s, hk2s, or none."),
    ] = "t2s",
    reader: Annotated[
        str | None,
        typer.Option("--reader", help="Force a reader (text, markdown, html, jsonl) instead of sniffing."),
    ] = None,
) -> int:
    from zh2en import ingest as lib
    from zh2en.cli.common import info, print_json
    from zh2en.errors import EXIT_INPUT, EXIT_OK, EXIT_PARTIAL, InputError

    result = lib.ingest(paths, out_dir=out_dir, opencc=opencc, reader=reader)
    for path, exc in result.errors:
        message = exc.message if exc.message.startswith(path) else f"{path}: {exc.message}"
        hint = f" (hint: {exc.hint})" if exc.hint else ""
        typer.echo(f"error: {message}{hint}".replace("\n", " "), err=True)
    if not result.articles and not result.errors:
        raise InputError(
            "no input files found in " + ", ".join(str(p) for p in paths),
            hint="folders are searched for " + " ".join(lib.INPUT_SUFFIXES),
        )
    if json_out:
        print_json([segment_view(a) for a in result.articles])
    else:
        for article in result.articles:
            typer.echo(_readable(article))
    if out_dir is not None:
        info(f"wrote {len(result.written)} files to {out_dir}")
    if result.errors:
        return EXIT_INPUT if not result.articles else EXIT_PARTIAL
    return EXIT_OK


def register(app: typer.Typer) -> None:
    """Add this group's commands to the main app."""
    app.command("ingest", help=INGEST_HELP, no_args_is_help=True)(ingest)
