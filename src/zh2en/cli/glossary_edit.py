"""CLI: glossary maintenance — ``zh2en glossary add|edit|rm|show|list|find|import|export|lint|suggest``.

A thin typed shell: each command parses its options and calls one library function in
:mod:`zh2en.glossary` (store, formats, lint, suggest). Data goes to stdout, messages to
stderr; ``--json`` prints machine-readable output. Library imports happen inside the
commands so ``zh2en --help`` stays fast.

Which files: ``--glossary/-g PATH`` (repeatable) picks glossary files or folders; without it
the project's glossary (the ``glossary`` setting, default ``glossary/``) is used. A folder
stands for its ``*.tsv`` files sorted by name, and a later file wins for the same id.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from zh2en.cli.common import info, print_json, warn

if TYPE_CHECKING:
    from zh2en.glossary.model import Entry

PRECEDENCE = (
    "Glossary files: --glossary/-g PATH (repeatable; a folder means its *.tsv files sorted by name); "
    "default: the project's glossary/ folder. A later file wins for the same id."
)

GlossaryOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--glossary", "-g", metavar="PATH", help="Glossary file or folder (repeatable; later wins per id)."
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")]
FileOpt = Annotated[
    Path | None,
    typer.Option("--file", "-f", help="The glossary file to change (default: the file that has the id)."),
]
IfRevOpt = Annotated[
    str | None,
    typer.Option(
        "--if-rev",
        help="Only change the entry if its revision (from `show`) is still this; else report a conflict.",
    ),
]

_TYPES = "person|organization|place|media|event|term"
_STATUSES = "approved|proposed|deprecated"


def _paths(glossary: list[Path] | None) -> list[Path] | None:
    return list(glossary) if glossary else None


def _entry_line(e: Entry) -> str:
    dates = f"{e.valid_from or ''}..{e.valid_to or ''}" if e.valid_from or e.valid_to else ""
    return "\t".join([e.id, e.zh, e.en, str(e.type), str(e.status), dates])


def _show_entry(e: Entry) -> None:
    from zh2en.glossary.store import entry_rev

    rows = [
        ("id", e.id),
        ("zh", e.zh),
        ("zh_variants", " | ".join(e.zh_variants)),
        ("en", e.en),
        ("en_variants", " | ".join(e.en_variants)),
        ("type", str(e.type)),
        ("valid_from", e.valid_from or ""),
        ("valid_to", e.valid_to or ""),
        ("status", str(e.status)),
        ("note", e.note),
        ("source", e.source),
        ("updated", e.updated),
        ("file", f"{e.file}:{e.line}"),
        ("rev", entry_rev(e)),
    ]
    for k, v in rows:
        typer.echo(f"{k + ':':13}{v}")


def _target_file(file: Path | None, glossary: list[Path] | None, entry_type: str | None = None) -> Path:
    """--file, else the glossary file holding most entries of ``entry_type``, else the first file."""
    from zh2en.errors import GlossaryError, UsageError
    from zh2en.glossary.store import expand_paths, read_glossary_file

    if file is not None:
        return file
    files = expand_paths(_paths(glossary))
    if not files:
        raise UsageError(
            "no glossary file to write to",
            hint="pass --file PATH (it is created with a header if it does not exist)",
        )
    if entry_type is not None and len(files) > 1:
        # A new person goes where the people are (people.tsv), not into the first file by name.
        counts = []
        for f in files:
            try:
                counts.append(sum(1 for e in read_glossary_file(f).entries if str(e.type) == entry_type))
            except GlossaryError:
                counts.append(0)
        if max(counts) > 0:
            return files[counts.index(max(counts))]
    return files[0]


def _check_choice(value: str | None, allowed: str, name: str) -> None:
    from zh2en.errors import UsageError

    if value is not None and value != "" and value not in allowed.split("|"):
        raise UsageError(f"{name} {value!r} is not valid", hint=f"use one of: {allowed.replace('|', ', ')}")


def add(
    entry_id: Annotated[str, typer.Argument(metavar="ID", help="Stable id, e.g. tokayev.")],
    zh: Annotated[str, typer.Option("--zh", help="Canonical Chinese (Simplified).")],
    en: Annotated[str, typer.Option("--en", help="Canonical English.")],
    zh_variant: Annotated[
        list[str] | None,
        typer.Option("--zh-variant", metavar="TEXT", help="Other Chinese spelling (repeatable)."),
    ] = None,
    en_variant: Annotated[
        list[str] | None,
        typer.Option("--en-variant", metavar="TEXT", help="Wrong/outdated English to repair (repeatable)."),
    ] = None,
    type_: Annotated[str, typer.Option("--type", "-t", help=_TYPES)] = "term",
    valid_from: Annotated[str | None, typer.Option("--valid-from", help="ISO date, inclusive.")] = None,
    valid_to: Annotated[str | None, typer.Option("--valid-to", help="ISO date, inclusive.")] = None,
    status: Annotated[str, typer.Option("--status", help=_STATUSES)] = "approved",
    note: Annotated[str, typer.Option("--note")] = "",
    source: Annotated[str, typer.Option("--source", help="Reference for the English.")] = "",
    file: Annotated[
        Path | None,
        typer.Option(
            "--file", "-f", help="File to add to (default: the file holding most entries of this type)."
        ),
    ] = None,
    glossary: GlossaryOpt = None,
    json: JsonOpt = False,
) -> None:
    """Add an entry (to --file, or the file with most entries of its type); locked, atomic write."""
    from zh2en.errors import GlossaryError
    from zh2en.glossary.model import Entry, EntryStatus, EntryType
    from zh2en.glossary.store import add_entry, entry_dict, expand_paths, read_glossary_file

    _check_choice(type_, _TYPES, "type")
    _check_choice(status, _STATUSES, "status")
    target = _target_file(file, glossary, type_)
    try:
        others = [f for f in expand_paths(_paths(glossary)) if f.resolve() != target.resolve()]
    except GlossaryError:
        others = []
    for other in others:
        if entry_id in read_glossary_file(other).row_index:
            warn(f"id {entry_id!r} is also defined in {other}; the later file wins when loading")
    entry = Entry(
        id=entry_id,
        zh=zh,
        en=en,
        type=EntryType(type_),
        zh_variants=list(zh_variant or []),
        en_variants=list(en_variant or []),
        valid_from=valid_from or None,
        valid_to=valid_to or None,
        status=EntryStatus(status),
        note=note,
        source=source,
    )
    _refuse_conflicts([entry], _checked_with(target, glossary))
    new = add_entry(target, entry)
    if json:
        print_json(entry_dict(new))
    else:
        info(f"added {new.id} to {new.file}:{new.line}")


def _checked_with(target: Path, glossary: Any) -> list[Path]:
    """The files a new entry in ``target`` must agree with: the glossary set when ``target``
    is one of its files (later files last), else ``target`` alone (a separate file)."""
    from zh2en.errors import GlossaryError
    from zh2en.glossary.store import expand_paths

    try:
        files = expand_paths(_paths(glossary))
    except GlossaryError:
        return [target]
    if target.resolve() not in {f.resolve() for f in files}:
        return [target]
    return files


def _refuse_conflicts(
    new_entries: list[Any], files: list[Path], verb: str = "added", skip_ids: set[str] | None = None
) -> None:
    """Refuse entries that ``glossary lint`` would reject next to the entries already there."""
    from dataclasses import replace

    from zh2en.errors import GlossaryError
    from zh2en.glossary.lint import conflicts_of
    from zh2en.glossary.store import read_glossary_file

    effective: dict[str, Any] = {}
    for f in files:
        if f.is_file():
            for e in read_glossary_file(f).entries:
                effective[e.id] = e
    for entry_id in skip_ids or ():
        effective.pop(entry_id, None)  # the entry being changed, under its old id
    found = []
    for entry in new_entries:
        entry = replace(entry, file=None, line=None)  # reported as "the new entry"
        found += conflicts_of(entry, list(effective.values()))
        effective[entry.id] = entry
    if found:
        first = found[0]
        raise GlossaryError(
            f"not {verb}: {first.message}" + (f" (and {len(found) - 1} more)" if len(found) > 1 else ""),
            hint=first.fix + "; or change the existing entry with `zh2en glossary edit`",
        )


def edit(
    entry_id: Annotated[str, typer.Argument(metavar="ID")],
    zh: Annotated[str | None, typer.Option("--zh")] = None,
    en: Annotated[str | None, typer.Option("--en")] = None,
    zh_variants: Annotated[
        str | None, typer.Option("--zh-variants", help="Replace all Chinese variants ('a|b'; '' clears).")
    ] = None,
    en_variants: Annotated[
        str | None, typer.Option("--en-variants", help="Replace all English variants ('a|b'; '' clears).")
    ] = None,
    add_zh_variant: Annotated[
        list[str] | None,
        typer.Option("--add-zh-variant", metavar="TEXT", help="Append a Chinese variant (repeatable)."),
    ] = None,
    add_en_variant: Annotated[
        list[str] | None,
        typer.Option("--add-en-variant", metavar="TEXT", help="Append an English variant (repeatable)."),
    ] = None,
    type_: Annotated[str | None, typer.Option("--type", "-t", help=_TYPES)] = None,
    valid_from: Annotated[str | None, typer.Option("--valid-from", help="ISO date; '' clears.")] = None,
    valid_to: Annotated[str | None, typer.Option("--valid-to", help="ISO date; '' clears.")] = None,
    status: Annotated[str | None, typer.Option("--status", help=_STATUSES)] = None,
    note: Annotated[str | None, typer.Option("--note")] = None,
    source: Annotated[str | None, typer.Option("--source")] = None,
    new_id: Annotated[str | None, typer.Option("--id", help="Rename the entry.")] = None,
    if_rev: IfRevOpt = None,
    file: FileOpt = None,
    glossary: GlossaryOpt = None,
    json: JsonOpt = False,
) -> None:
    """Change fields of an entry; only its line is rewritten.

    A concurrent change to the same fields (or, with --if-rev, to any field) since the entry
    was read is reported as a conflict (exit 1) and nothing is written.
    """
    from zh2en.errors import UsageError
    from zh2en.glossary.store import edit_entry, entry_dict, locate_entry, read_glossary_file

    _check_choice(type_, _TYPES, "type")
    _check_choice(status, _STATUSES, "status")
    changes: dict[str, Any] = {
        k: v
        for k, v in {
            "id": new_id,
            "zh": zh,
            "en": en,
            "zh_variants": zh_variants,
            "en_variants": en_variants,
            "type": type_,
            "valid_from": valid_from,
            "valid_to": valid_to,
            "status": status,
            "note": note,
            "source": source,
        }.items()
        if v is not None
    }
    for name, extra in (("zh_variants", add_zh_variant), ("en_variants", add_en_variant)):
        if extra:
            if name in changes:
                raise UsageError(f"--{name.replace('_', '-')} and --add-{name[:-1].replace('_', '-')} clash")
            changes[name] = lambda cur, extra=tuple(extra): [*cur, *(x for x in extra if x not in cur)]
    if not changes:
        raise UsageError("nothing to change", hint="pass at least one field option, e.g. --en TEXT")
    target = file if file is not None else locate_entry(entry_id, _paths(glossary))
    expected: Any = if_rev if if_rev else read_glossary_file(target).find(entry_id)
    conflict_files = _checked_with(target, glossary)

    def refuse_conflicts(changed: Any) -> None:
        _refuse_conflicts([changed], conflict_files, "changed", skip_ids={entry_id})

    new = edit_entry(target, entry_id, changes, expected=expected, check=refuse_conflicts)
    if json:
        print_json(entry_dict(new))
    else:
        info(f"updated {new.id} in {new.file}:{new.line}")


def rm(
    entry_id: Annotated[str, typer.Argument(metavar="ID")],
    if_rev: IfRevOpt = None,
    file: FileOpt = None,
    glossary: GlossaryOpt = None,
    json: JsonOpt = False,
) -> None:
    """Remove an entry; comments and other rows stay as they are."""
    from zh2en.glossary.store import entry_dict, locate_entry, remove_entry

    target = file if file is not None else locate_entry(entry_id, _paths(glossary))
    old = remove_entry(target, entry_id, expected=if_rev)
    if json:
        print_json(entry_dict(old))
    else:
        info(f"removed {old.id} from {target} (was line {old.line})")


def show(
    entry_id: Annotated[str, typer.Argument(metavar="ID")],
    glossary: GlossaryOpt = None,
    json: JsonOpt = False,
) -> None:
    """Show one entry with its file:line and revision (for `edit --if-rev`)."""
    from zh2en.glossary.store import entry_dict, load_glossary

    e = load_glossary(_paths(glossary)).get(entry_id)
    if json:
        print_json(entry_dict(e))
    else:
        _show_entry(e)


def list_(
    type_: Annotated[
        list[str] | None, typer.Option("--type", "-t", metavar="TYPE", help=f"{_TYPES} (repeatable)")
    ] = None,
    status: Annotated[
        list[str] | None, typer.Option("--status", metavar="STATUS", help=f"{_STATUSES} (repeatable)")
    ] = None,
    glossary: GlossaryOpt = None,
    json: JsonOpt = False,
) -> None:
    """List entries (id, Chinese, English, type, status, validity), optionally filtered."""
    from zh2en.glossary.store import entry_dict, filter_entries, load_glossary

    for t in type_ or []:
        _check_choice(t, _TYPES, "type")
    for s in status or []:
        _check_choice(s, _STATUSES, "status")
    entries = filter_entries(
        load_glossary(_paths(glossary)).entries, types=type_ or [], statuses=status or []
    )
    if json:
        print_json([entry_dict(e) for e in entries])
        return
    for e in entries:
        typer.echo(_entry_line(e))
    info(f"{len(entries)} entries")


def find(
    query: Annotated[str, typer.Argument(help="Chinese (any script), English, id, or toneless pinyin.")],
    glossary: GlossaryOpt = None,
    json: JsonOpt = False,
) -> None:
    """Find entries by Chinese (Traditional too), English, id, or pinyin (e.g. `find tuokayefu`)."""
    from zh2en.glossary.store import entry_dict, find_entries, load_glossary

    hits = find_entries(load_glossary(_paths(glossary)).entries, query)
    if json:
        print_json([{**entry_dict(h.entry), "matched": h.field, "matched_form": h.value} for h in hits])
        return
    for h in hits:
        typer.echo(f"{_entry_line(h.entry)}\t[{h.field}: {h.value}]")
    if not hits:
        # Not an error (exit 0): the glossary was searched and simply has no such entry.
        info(f"no entry matches {query!r}")


def import_(
    source: Annotated[Path, typer.Argument(metavar="FILE", help="TSV, CSV, JSON or TBX file to import.")],
    fmt: Annotated[
        str | None, typer.Option("--format", help="tsv|csv|json|tbx (default: from suffix)")
    ] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="Set every imported entry's status (e.g. proposed).")
    ] = None,
    on_existing: Annotated[
        str, typer.Option("--on-existing", help="What to do with ids already in the file: error|skip|replace")
    ] = "error",
    file: Annotated[
        Path | None, typer.Option("--file", "-f", help="File to import into (default: first glossary file).")
    ] = None,
    glossary: GlossaryOpt = None,
    json: JsonOpt = False,
) -> None:
    """Import entries into a glossary file in one locked, atomic write (e.g. a `suggest` review file)."""
    from zh2en.glossary.formats import read_entries
    from zh2en.glossary.model import EntryStatus
    from zh2en.glossary.store import import_entries

    _check_choice(status, _STATUSES, "status")
    _check_choice(on_existing, "error|skip|replace", "--on-existing")
    entries = read_entries(source, fmt)
    target = _target_file(file, glossary)
    if on_existing != "skip":
        _refuse_conflicts(list(entries), _checked_with(target, glossary), "imported")
    res = import_entries(
        target,
        entries,
        on_existing=on_existing,  # type: ignore[arg-type]
        status=EntryStatus(status) if status else None,
    )
    if json:
        print_json({"file": str(target), **res.to_dict()})
    else:
        info(
            f"{target}: {len(res.added)} added, {len(res.replaced)} replaced, "
            f"{len(res.skipped)} skipped, {len(res.unchanged)} unchanged"
        )


def export(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here (atomically); default stdout.")
    ] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", help="tsv|csv|json|tbx (default: suffix, or tsv)")
    ] = None,
    type_: Annotated[
        list[str] | None, typer.Option("--type", "-t", metavar="TYPE", help="Only these types (repeatable).")
    ] = None,
    status: Annotated[
        list[str] | None, typer.Option("--status", metavar="STATUS", help="Only these statuses (repeatable).")
    ] = None,
    glossary: GlossaryOpt = None,
) -> None:
    """Export the glossary as TSV, CSV, JSON or TBX-Basic (for OmegaT and other CAT tools)."""
    from zh2en.glossary.formats import export_entries, write_entries
    from zh2en.glossary.store import filter_entries, load_glossary

    entries = filter_entries(
        load_glossary(_paths(glossary)).entries, types=type_ or [], statuses=status or []
    )
    if output is None:
        typer.echo(write_entries(entries, fmt or "tsv"), nl=False)
        return
    export_entries(entries, output, fmt)
    info(f"wrote {len(entries)} entries to {output}")


def lint(
    glossary: GlossaryOpt = None,
    json: JsonOpt = False,
    errors_only: Annotated[bool, typer.Option("--errors-only", help="Hide warnings.")] = False,
) -> None:
    """Check the glossary for bad rows, duplicates, conflicts and shadowed forms (exit 1 on errors)."""
    from zh2en.errors import EXIT_INPUT
    from zh2en.glossary.lint import lint_glossary

    findings = lint_glossary(_paths(glossary))
    if errors_only:
        findings = [f for f in findings if f.severity == "error"]
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    if json:
        print_json({"errors": errors, "warnings": warnings, "findings": [f.to_dict() for f in findings]})
    else:
        for f in findings:
            typer.echo(str(f))
        info(f"{errors} errors, {warnings} warnings")
    if errors:
        raise typer.Exit(EXIT_INPUT)


def suggest(
    corpus: Annotated[list[Path], typer.Argument(help="Article files or folders.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the review TSV here; default stdout.")
    ] = None,
    min_count: Annotated[int, typer.Option("--min-count", help="Only forms seen at least this often.")] = 1,
    limit: Annotated[int | None, typer.Option("--limit", help="At most this many candidates.")] = None,
    glossary: GlossaryOpt = None,
    json: JsonOpt = False,
) -> None:
    """Mine candidate entries from articles into a ranked review TSV (`import --status proposed` reads it)."""
    from zh2en.errors import GlossaryError
    from zh2en.glossary.store import load_glossary
    from zh2en.glossary.suggest import review_tsv
    from zh2en.glossary.suggest import suggest as run_suggest
    from zh2en.util import atomic_write_text

    try:
        g: Any = load_glossary(_paths(glossary))
    except GlossaryError:
        if glossary:
            raise
        warn("no usable project glossary found; suggesting every candidate")
        g = None
    failed: list[tuple[str, Exception]] = []
    cands = run_suggest(corpus, glossary=g, min_count=min_count, limit=limit, errors=failed)
    for path, exc in failed:
        warn(f"skipped {path}: {exc}")
    taken = [e.id for e in g] if g is not None else []
    if json:
        print_json([c.to_dict() for c in cands])
    else:
        text = review_tsv(cands, taken_ids=taken)
        if output is None:
            typer.echo(text, nl=False)
        else:
            atomic_write_text(output, text)
    info(f"{len(cands)} candidates" + (f" written to {output}" if output and not json else ""))


def register(app: typer.Typer) -> None:
    """Add the maintenance commands to the ``glossary`` group."""
    epilog = PRECEDENCE
    for name, fn in (
        ("add", add),
        ("edit", edit),
        ("rm", rm),
        ("show", show),
        ("list", list_),
        ("find", find),
        ("import", import_),
        ("export", export),
        ("lint", lint),
        ("suggest", suggest),
    ):
        app.command(name, epilog=epilog)(fn)
