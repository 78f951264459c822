"""Glossary storage: load, validate and edit the TSV files in ``glossary/``.

Pipeline position: before matching. ``load_glossary()`` reads the editor-owned files into a
:class:`Glossary` that the matcher, the engines' glossary hints, enforcement and the checks
share; its :attr:`Glossary.hash` goes into every output's signature. The edit functions
(:func:`add_entry`, :func:`edit_entry`, :func:`remove_entry`, :func:`import_entries`) back the
``zh2en glossary`` maintenance commands.

Why TSV
-------
* **Diff-friendly**: one entry per line, no quoting, so a review diff shows exactly the entry
  that changed; ``#`` comment lines and blank lines group entries and carry editors' notes.
* **Spreadsheet-friendly**: LibreOffice, Excel and Google Sheets open and save tab-separated
  files without an import dialog; the header row names the columns.
* **No escaping trouble with Chinese text**: the Chinese comma ``，``, the enumeration comma
  ``、`` and the ASCII comma in English names (``Washington, D.C.``) never collide with the tab
  separator, and no cell needs quotes. Multi-valued cells separate values with ``|``.

Format rules (checked on every load; every problem is reported as
``file:line: problem — fix``, all of them together, in one :class:`GlossaryError`):

* the first line that is neither blank nor a ``#`` comment is the header, exactly
  ``zh2en.glossary.model.COLUMNS`` joined by tabs; a UTF-8 BOM (Excel) is accepted and kept;
* every row has exactly ``len(COLUMNS)`` cells; ``id``, ``zh``, ``en``, ``type`` and ``status``
  are required; ids use ``A-Z a-z 0-9 . _ : -`` and start with a letter or digit, and are
  unique within a file; ``type`` and ``status`` are one of the enum values; ``valid_from``,
  ``valid_to`` and ``updated`` are ISO dates ``YYYY-MM-DD`` and ``valid_from <= valid_to``;
* no cell (and no ``|``-separated value) has leading or trailing whitespace, and no value is
  empty between two ``|``.

Precedence: several files load together. A folder stands for its ``*.tsv`` files sorted by
name (hidden files skipped); files load in the order given, and **a later file wins for the
same id** (the earlier entry is dropped; :attr:`Glossary.overridden` keeps it for lint).

Writes are safe for several editors at once: every edit takes a lock file next to the
glossary file (``.NAME.tsv.lock``), re-reads the file under the lock, applies the change by
rewriting only the changed line (row order, comments, blank lines, untouched rows and the
newline style stay byte-identical) and replaces the file atomically. An edit can carry the
state the editor saw (a row revision from ``show`` or the entry as shown); if another editor
changed that entry meanwhile, :class:`~zh2en.errors.GlossaryConflictError` is raised and
nothing is written.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import functools
import hashlib
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal, TypeVar

from zh2en.errors import GlossaryConflictError, GlossaryError
from zh2en.glossary.model import COLUMNS, MULTI_SEP, Entry, EntryStatus, EntryType

__all__ = [
    "BOM",
    "COLUMNS",
    "Glossary",
    "GlossaryFile",
    "GlossaryValidationError",
    "Problem",
    "add_entry",
    "default_glossary_paths",
    "edit_entry",
    "entry_cells",
    "entry_dict",
    "entry_rev",
    "expand_paths",
    "filter_entries",
    "find_entries",
    "import_entries",
    "load_glossary",
    "locate_entry",
    "parse_text",
    "read_glossary_file",
    "remove_entry",
]

BOM = "\ufeff"
HEADER = "\t".join(COLUMNS)
ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,99}")
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
MULTI_COLUMNS = frozenset({"zh_variants", "en_variants"})
DATE_COLUMNS = ("valid_from", "valid_to", "updated")
LOCK_TIMEOUT_S = 30.0
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\r\n\t]")
_WS = " \t\u00a0\u3000\u2002\u2003\u2009\u202f\u200b\ufeff"

_TYPES = ", ".join(t.value for t in EntryType)
_STATUSES = ", ".join(s.value for s in EntryStatus)


@dataclass(frozen=True, slots=True)
class Problem:
    """One validation problem in a glossary file (also used by lint)."""

    file: str
    line: int
    code: str
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message} — {self.fix}"


class GlossaryValidationError(GlossaryError):
    """One or more rows of a glossary file are invalid; ``problems`` lists them all."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        n = len(self.problems)
        head = "invalid glossary row" if n == 1 else f"{n} problems in glossary files"
        body = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{head}:\n{body}", hint="fix the rows above, then run `zh2en glossary lint`")


# -- rows ---------------------------------------------------------------------------------


def _split_multi(cell: str) -> list[str]:
    return [] if cell == "" else cell.split(MULTI_SEP)


def entry_cells(entry: Entry) -> list[str]:
    """The TSV cells of ``entry`` in :data:`COLUMNS` order."""
    return [
        entry.id,
        entry.zh,
        MULTI_SEP.join(entry.zh_variants),
        entry.en,
        MULTI_SEP.join(entry.en_variants),
        str(entry.type),
        entry.valid_from or "",
        entry.valid_to or "",
        str(entry.status),
        entry.note,
        entry.source,
        entry.updated,
    ]


def entry_row(entry: Entry) -> str:
    """``entry`` as one TSV line (no line terminator)."""
    return "\t".join(entry_cells(entry))


def entry_rev(entry: Entry) -> str:
    """A short revision of the entry's content (12 hex digits); changes whenever a cell does.

    ``zh2en glossary show`` prints it; ``edit --if-rev`` / ``rm --if-rev`` refuse to touch
    the entry if it no longer matches.
    """
    return hashlib.sha256(entry_row(entry).encode("utf-8")).hexdigest()[:12]


def _is_date(value: str) -> bool:
    if not DATE_RE.fullmatch(value):
        return False
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def check_cells(cells: Sequence[str], file: str, line: int) -> list[Problem]:
    """Validate one row's cells; returns every problem found (empty when valid)."""
    out: list[Problem] = []

    def bad(code: str, message: str, fix: str) -> None:
        out.append(Problem(file, line, code, message, fix))

    if len(cells) != len(COLUMNS):
        bad(
            "column-count",
            f"row has {len(cells)} tab-separated cells, expected {len(COLUMNS)} ({', '.join(COLUMNS)})",
            "separate cells with exactly one tab each; leave optional cells empty but keep their tabs",
        )
        return out
    row = dict(zip(COLUMNS, cells, strict=True))
    for name, value in row.items():
        if _CONTROL_RE.search(value):
            bad(
                "control-char",
                f"{name} {value!r} contains a control character",
                "remove tabs, line breaks and other control characters from the cell",
            )
            continue
        parts = _split_multi(value) if name in MULTI_COLUMNS else [value]
        for part in parts:
            if part != part.strip(_WS):
                bad(
                    "whitespace",
                    f"{name} {part!r} has leading or trailing whitespace",
                    f"write it as {part.strip(_WS)!r}",
                )
            elif part == "" and name in MULTI_COLUMNS:
                bad(
                    "empty-value",
                    f"{name} {value!r} has an empty value between '|' separators",
                    "remove the extra '|'",
                )
    for name in ("id", "zh", "en", "type", "status"):
        if row[name].strip(_WS) == "":
            fix = {
                "type": f"use one of: {_TYPES}",
                "status": f"use one of: {_STATUSES}",
                "id": "give the entry a stable id such as 'tokayev'",
            }.get(name, f"fill in the {name} column")
            bad(f"missing-{name}", f"{name} is empty", fix)
    ident = row["id"].strip(_WS)
    if ident and not ID_RE.fullmatch(ident):
        bad(
            "bad-id",
            f"id {ident!r} has characters other than A-Z a-z 0-9 . _ : - (or is over 100 characters)",
            f"use e.g. {_slug(ident) or 'entry-1'!r}",
        )
    if row["type"].strip(_WS) and row["type"].strip(_WS) not in {t.value for t in EntryType}:
        bad("bad-type", f"type {row['type']!r} is not a known type", f"use one of: {_TYPES}")
    if row["status"].strip(_WS) and row["status"].strip(_WS) not in {s.value for s in EntryStatus}:
        bad("bad-status", f"status {row['status']!r} is not a known status", f"use one of: {_STATUSES}")
    for name in DATE_COLUMNS:
        value = row[name].strip(_WS)
        if value and not _is_date(value):
            bad(
                "bad-date",
                f"{name} {row[name]!r} is not an ISO date",
                "write it as YYYY-MM-DD, e.g. 2022-01-05",
            )
    vf, vt = row["valid_from"].strip(_WS), row["valid_to"].strip(_WS)
    if vf and vt and _is_date(vf) and _is_date(vt) and vf > vt:
        bad(
            "bad-period",
            f"valid_from {vf} is after valid_to {vt}",
            "swap the two dates or correct the one that is wrong",
        )
    return out


def cells_to_entry(cells: Sequence[str], file: str | None = None, line: int | None = None) -> Entry:
    """Build an :class:`Entry` from cells that passed :func:`check_cells`."""
    row = dict(zip(COLUMNS, cells, strict=True))
    return Entry(
        id=row["id"],
        zh=row["zh"],
        en=row["en"],
        type=EntryType(row["type"]),
        zh_variants=_split_multi(row["zh_variants"]),
        en_variants=_split_multi(row["en_variants"]),
        valid_from=row["valid_from"] or None,
        valid_to=row["valid_to"] or None,
        status=EntryStatus(row["status"]),
        note=row["note"],
        source=row["source"],
        updated=row["updated"],
        file=file,
        line=line,
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


# -- files ---------------------------------------------------------------------------------

LineKind = Literal["blank", "comment", "header", "row", "invalid"]


def split_lines(text: str) -> list[str]:
    """Split on ``\\n`` only, keeping terminators (``\\r\\n`` stays with its line)."""
    if not text:
        return []
    parts = text.split("\n")
    lines = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def _content(line: str) -> str:
    if line.endswith("\r\n"):
        return line[:-2]
    if line.endswith("\n"):
        return line[:-1]
    return line


@dataclass(slots=True)
class GlossaryFile:
    """A parsed glossary file that remembers every line as written, for faithful rewriting."""

    path: Path
    lines: list[str]  # every line with its terminator; the BOM is not part of lines[0]
    kinds: list[LineKind]
    entries: list[Entry]
    problems: list[Problem]
    bom: bool = False
    newline: str = "\n"
    header_index: int | None = None
    row_index: dict[str, int] = field(default_factory=dict)  # id -> index into lines

    @property
    def name(self) -> str:
        return str(self.path)

    def render(self) -> str:
        return (BOM if self.bom else "") + "".join(self.lines)

    def find(self, entry_id: str) -> Entry:
        for e in self.entries:
            if e.id == entry_id:
                return e
        raise GlossaryError(
            f"no entry with id {entry_id!r} in {self.path}",
            hint=_similar_hint(entry_id, [e.id for e in self.entries]),
        )


def _similar_hint(entry_id: str, ids: Sequence[str]) -> str:
    import difflib

    close = difflib.get_close_matches(entry_id, ids, n=3, cutoff=0.6)
    if close:
        return "did you mean " + ", ".join(repr(c) for c in close) + "?"
    return "`zh2en glossary find TEXT` searches by Chinese, English or pinyin"


def parse_text(text: str, path: str | Path) -> GlossaryFile:
    """Parse glossary TSV ``text`` (from ``path``) without raising; problems are collected."""
    p = Path(path)
    name = str(path)
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    lines = split_lines(text)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    gf = GlossaryFile(path=p, lines=lines, kinds=[], entries=[], problems=[], bom=bom, newline=newline)
    seen: dict[str, int] = {}
    for i, line in enumerate(lines):
        lineno = i + 1
        content = _content(line)
        if content.strip(_WS) == "":
            gf.kinds.append("blank")
            continue
        if content.startswith("#"):
            gf.kinds.append("comment")
            continue
        if gf.header_index is None:
            gf.header_index = i
            gf.kinds.append("header")
            if content != HEADER:
                gf.problems.append(
                    Problem(
                        name,
                        lineno,
                        "bad-header",
                        f"header is {content[:120]!r}, expected the columns "
                        f"{' '.join(COLUMNS)} separated by tabs",
                        "make the first non-comment line exactly the tab-separated column names "
                        "(`zh2en glossary export --format tsv` prints a valid file)",
                    )
                )
            continue
        cells = content.split("\t")
        problems = check_cells(cells, name, lineno)
        if not problems:
            ident = cells[0]
            if ident in seen:
                problems.append(
                    Problem(
                        name,
                        lineno,
                        "duplicate-id",
                        f"id {ident!r} is already used on line {seen[ident]}",
                        "give one of the two entries a new id, or merge them",
                    )
                )
        if problems:
            gf.problems.extend(problems)
            gf.kinds.append("invalid")
            continue
        entry = cells_to_entry(cells, name, lineno)
        seen[entry.id] = lineno
        gf.row_index[entry.id] = i
        gf.entries.append(entry)
        gf.kinds.append("row")
    if gf.header_index is not None and gf.problems and gf.problems[0].code == "bad-header":
        # Rows under a wrong header cannot be trusted; report the header alone.
        gf.problems = [gf.problems[0]]
        gf.entries = []
        gf.row_index = {}
    return gf


def read_glossary_file(path: str | Path) -> GlossaryFile:
    """Read and parse one glossary file (problems collected, not raised)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError as exc:
        raise GlossaryError(
            f"glossary file {p} does not exist",
            hint="check the path, or create it with `zh2en glossary add --file PATH ...`",
        ) from exc
    except OSError as exc:
        raise GlossaryError(f"cannot read glossary file {p}: {exc.strerror}") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise GlossaryError(
            f"glossary file {p} is not UTF-8 (byte {exc.start}: {data[exc.start : exc.start + 4]!r})",
            hint="save it as UTF-8 (spreadsheets: 'Text CSV', character set Unicode UTF-8, tab separator)",
        ) from exc
    return parse_text(text, p)


def default_glossary_paths() -> list[Path]:
    """The project's glossary files: the ``glossary`` setting (default: ``glossary/``)."""
    from zh2en.config import load_settings

    return [Path(p) for p in load_settings().glossary]


def expand_paths(paths: Sequence[str | Path] | None = None) -> list[Path]:
    """Files to load, in precedence order: folders become their ``*.tsv`` files, sorted."""
    given = default_glossary_paths() if paths is None else [Path(p) for p in paths]
    out: list[Path] = []
    for p in given:
        if p.is_dir():
            out.extend(sorted(f for f in p.glob("*.tsv") if f.is_file() and not f.name.startswith(".")))
        elif p.is_file():
            out.append(p)
        else:
            raise GlossaryError(
                f"glossary path {p} does not exist",
                hint="pass an existing file or folder with --glossary, or set `glossary` in zh2en.toml",
            )
    seen: set[Path] = set()
    unique: list[Path] = []
    for f in out:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


# -- the loaded glossary ---------------------------------------------------------------------


class Glossary:
    """Entries of one or more glossary files, in precedence order (later file wins per id)."""

    def __init__(
        self,
        entries: Sequence[Entry],
        files: Sequence[Path] = (),
        overridden: Sequence[Entry] = (),
    ) -> None:
        by_id: dict[str, Entry] = {}
        dropped: list[Entry] = list(overridden)
        for e in entries:
            if e.id in by_id:
                dropped.append(by_id.pop(e.id))
            by_id[e.id] = e
        # Keep the position of each surviving entry in load order.
        self.entries: list[Entry] = [e for e in entries if by_id.get(e.id) is e]
        self._by_id = by_id
        self.files: list[Path] = list(files)
        self.overridden: list[Entry] = dropped

    @functools.cached_property
    def hash(self) -> str:
        """sha256 of the effective content: header plus each entry's row, in order.

        Comments, blank lines and file names do not change it; any cell of any entry does.
        """
        h = hashlib.sha256(HEADER.encode("utf-8"))
        for e in self.entries:
            h.update(b"\n")
            h.update(entry_row(e).encode("utf-8"))
        return h.hexdigest()

    def get(self, entry_id: str) -> Entry:
        """The entry with ``entry_id``; :class:`GlossaryError` (with close ids) if none."""
        try:
            return self._by_id[entry_id]
        except KeyError:
            raise GlossaryError(
                f"no glossary entry with id {entry_id!r}", hint=_similar_hint(entry_id, list(self._by_id))
            ) from None

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._by_id

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    @functools.cached_property
    def matcher(self) -> Any:
        """``zh2en.glossary.matcher.Matcher(self.entries)``, built on first use."""
        from zh2en.glossary.matcher import Matcher

        return Matcher(self.entries)

    def annotate(self, article: Any) -> None:
        """Fill ``seg.terms`` of every segment of ``article`` with this glossary's hits."""
        from zh2en.glossary.matcher import annotate

        annotate(article, self.matcher)

    def __repr__(self) -> str:
        return f"Glossary({len(self.entries)} entries from {len(self.files)} files, hash={self.hash[:12]})"


def load_glossary(paths: Sequence[str | Path] | None = None) -> Glossary:
    """Load and validate glossary files; ``None`` means the project's ``glossary/`` folder.

    Folders expand to their ``*.tsv`` files sorted by name; a later file wins for the same
    id. Every problem of every file is collected and raised together as a
    :class:`GlossaryValidationError` (a :class:`GlossaryError`) with ``file:line``.
    """
    files = expand_paths(paths)
    entries: list[Entry] = []
    problems: list[Problem] = []
    for f in files:
        gf = read_glossary_file(f)
        problems.extend(gf.problems)
        entries.extend(gf.entries)
    if problems:
        raise GlossaryValidationError(problems)
    return Glossary(entries, files)


# -- edits ---------------------------------------------------------------------------------

T = TypeVar("T")


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    from filelock import FileLock, Timeout

    lock = FileLock(str(path.parent / f".{path.name}.lock"), timeout=LOCK_TIMEOUT_S)
    try:
        lock.acquire()
    except Timeout as exc:
        raise GlossaryError(
            f"could not lock {path} within {LOCK_TIMEOUT_S:.0f} s: another zh2en command is editing it",
            hint="retry when it has finished",
        ) from exc
    try:
        yield
    finally:
        lock.release()


def _transaction(path: str | Path, change: Callable[[GlossaryFile], T], *, create: bool = False) -> T:
    """Lock ``path``, re-read it, let ``change`` edit the parsed file, write it atomically."""
    from zh2en.util import atomic_write_text

    p = Path(path)
    if not p.exists() and not create:
        raise GlossaryError(f"glossary file {p} does not exist", hint="check the --file/--glossary path")
    p.parent.mkdir(parents=True, exist_ok=True)
    with _locked(p):
        gf = read_glossary_file(p) if p.exists() else parse_text("", p)
        if gf.problems and gf.problems[0].code == "bad-header":
            raise GlossaryValidationError(gf.problems[:1])
        before = gf.render()
        result = change(gf)
        after = gf.render()
        if after != before:
            atomic_write_text(p, after)
        return result


def _ensure_header(gf: GlossaryFile) -> None:
    if gf.header_index is None:
        _ensure_final_newline(gf)
        gf.lines.append(HEADER + gf.newline)
        gf.kinds.append("header")
        gf.header_index = len(gf.lines) - 1


def _ensure_final_newline(gf: GlossaryFile) -> None:
    if gf.lines and not gf.lines[-1].endswith("\n"):
        gf.lines[-1] += gf.newline


def today() -> str:
    return _dt.date.today().isoformat()


def _validated(entry: Entry, file: str, line: int) -> Entry:
    problems = check_cells(entry_cells(entry), file, line)
    if problems:
        raise GlossaryValidationError(problems)
    return cells_to_entry(entry_cells(entry), file, line)


def add_entry(path: str | Path, entry: Entry, *, stamp: bool = True) -> Entry:
    """Append ``entry`` to the glossary file ``path`` (created with a header if missing).

    Raises :class:`GlossaryError` if the id is already in that file. With ``stamp`` an empty
    ``updated`` is set to today.
    """
    if stamp and not entry.updated:
        entry = replace(entry, updated=today())

    def change(gf: GlossaryFile) -> Entry:
        if entry.id in gf.row_index:
            line = gf.row_index[entry.id] + 1
            raise GlossaryError(
                f"id {entry.id!r} already exists in {gf.path}:{line}",
                hint=f"choose another id, or change it with `zh2en glossary edit {entry.id}`",
            )
        _ensure_header(gf)
        _ensure_final_newline(gf)
        new = _validated(entry, gf.name, len(gf.lines) + 1)
        gf.lines.append(entry_row(new) + gf.newline)
        gf.kinds.append("row")
        gf.entries.append(new)
        gf.row_index[new.id] = len(gf.lines) - 1
        return new

    return _transaction(path, change, create=True)


_FIELD_NAMES = {f.name for f in fields(Entry)} - {"file", "line"}


def _coerce_change(name: str, value: Any) -> Any:
    if name not in _FIELD_NAMES:
        raise GlossaryError(f"unknown glossary column {name!r}", hint="columns: " + ", ".join(COLUMNS))
    if name in MULTI_COLUMNS:
        if isinstance(value, str):
            return _split_multi(value)
        return list(value or [])
    if name in ("valid_from", "valid_to"):
        return value or None
    if name == "type":
        try:
            return EntryType(value)
        except ValueError:
            raise GlossaryError(f"type {value!r} is not a known type", hint=f"use one of: {_TYPES}") from None
    if name == "status":
        try:
            return EntryStatus(value)
        except ValueError:
            raise GlossaryError(
                f"status {value!r} is not a known status", hint=f"use one of: {_STATUSES}"
            ) from None
    return "" if value is None else str(value)


def _check_expected(current: Entry, expected: str | Entry | None, changed: Sequence[str], where: str) -> None:
    """Raise :class:`GlossaryConflictError` when ``current`` is not what the editor saw."""
    if expected is None:
        return
    if isinstance(expected, str):
        if entry_rev(current) != expected:
            raise GlossaryConflictError(
                f"entry {current.id!r} in {where} changed since you read it "
                f"(revision {entry_rev(current)}, you expected {expected}); nothing was written",
                hint=f"current row: {entry_row(current)!r}; run `zh2en glossary show {current.id}` and retry",
            )
        return
    names = changed or sorted(_FIELD_NAMES)
    differing = [n for n in names if getattr(current, n) != getattr(expected, n)]
    if differing:
        detail = "; ".join(f"{n} is now {getattr(current, n)!r}" for n in differing)
        raise GlossaryConflictError(
            f"entry {current.id!r} in {where} was changed by someone else ({detail}); nothing was written",
            hint=f"run `zh2en glossary show {current.id}` and redo your edit on the current row",
        )


def edit_entry(
    path: str | Path,
    entry_id: str,
    changes: Mapping[str, Any],
    *,
    expected: str | Entry | None = None,
    stamp: bool = True,
    check: Callable[[Entry], None] | None = None,
) -> Entry:
    """Change fields of entry ``entry_id`` in ``path``; only that line is rewritten.

    ``check`` sees the changed entry under the lock, before anything is written, and may
    raise to refuse it (``glossary edit`` refuses a change that lint would reject).

    ``changes`` maps column names to new values: strings as written in the TSV, typed
    values, or a function of the current value called under the lock (to append a variant
    without conflicting with another editor's append).

    ``expected`` is what the editor saw: a revision string (:func:`entry_rev`) that must
    still match the whole row, or an :class:`Entry` whose values for the *changed* columns
    must still be current (edits of other columns by others are kept). A mismatch raises
    :class:`GlossaryConflictError` and writes nothing. Changing ``id`` renames the entry.
    With ``stamp`` ``updated`` becomes today unless ``changes`` sets it.
    """
    for name in changes:
        if name not in _FIELD_NAMES:
            raise GlossaryError(f"unknown glossary column {name!r}", hint="columns: " + ", ".join(COLUMNS))
    static = {k: _coerce_change(k, v) for k, v in changes.items() if not callable(v)}
    if stamp and "updated" not in changes:
        static["updated"] = today()

    def change(gf: GlossaryFile) -> Entry:
        current = gf.find(entry_id)
        _check_expected(current, expected, [k for k, v in changes.items() if not callable(v)], f"{gf.path}")
        coerced = dict(static)
        for k, v in changes.items():
            if callable(v):  # computed from the current value under the lock (e.g. append a variant)
                coerced[k] = _coerce_change(k, v(getattr(current, k)))
        new_id = coerced.get("id", entry_id)
        if new_id != entry_id and new_id in gf.row_index:
            raise GlossaryError(
                f"cannot rename {entry_id!r} to {new_id!r}: that id exists in {gf.path}",
                hint="pick an unused id",
            )
        idx = gf.row_index[entry_id]
        new = _validated(replace(current, **coerced), gf.name, idx + 1)
        if entry_cells(new)[:-1] == entry_cells(current)[:-1] and "updated" not in changes:
            return current  # nothing changed: leave the file (and its 'updated') alone
        if check is not None:
            check(new)
        term = gf.lines[idx][len(_content(gf.lines[idx])) :]
        gf.lines[idx] = entry_row(new) + term
        pos = gf.entries.index(current)
        gf.entries[pos] = new
        del gf.row_index[entry_id]
        gf.row_index[new.id] = idx
        return new

    return _transaction(path, change)


def remove_entry(path: str | Path, entry_id: str, *, expected: str | Entry | None = None) -> Entry:
    """Delete the line of entry ``entry_id`` from ``path``; returns the removed entry.

    Comments and blank lines around it stay. ``expected`` works as in :func:`edit_entry`
    (an :class:`Entry` must match in every column).
    """

    def change(gf: GlossaryFile) -> Entry:
        current = gf.find(entry_id)
        _check_expected(current, expected, [], f"{gf.path}")
        idx = gf.row_index.pop(entry_id)
        del gf.lines[idx]
        del gf.kinds[idx]
        gf.entries.remove(current)
        gf.row_index = {k: (v - 1 if v > idx else v) for k, v in gf.row_index.items()}
        return current

    return _transaction(path, change)


OnExisting = Literal["error", "skip", "replace"]


@dataclass(slots=True)
class ImportResult:
    """What :func:`import_entries` did."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, list[str]]:
        return {
            "added": self.added,
            "replaced": self.replaced,
            "skipped": self.skipped,
            "unchanged": self.unchanged,
        }


def import_entries(
    path: str | Path,
    entries: Sequence[Entry],
    *,
    on_existing: OnExisting = "error",
    status: EntryStatus | None = None,
    stamp: bool = True,
) -> ImportResult:
    """Add ``entries`` to the glossary file ``path`` in one locked, atomic write.

    Ids already in the file: ``error`` (default) refuses the whole import and names them,
    ``skip`` keeps the file's row, ``replace`` rewrites it in place. ``status`` overrides
    every imported entry's status (``proposed`` for review files).
    """
    prepared: list[Entry] = []
    ids: set[str] = set()
    for e in entries:
        if e.id in ids:
            raise GlossaryError(
                f"the imported entries use id {e.id!r} twice", hint="make ids unique in the import file"
            )
        ids.add(e.id)
        if status is not None:
            e = replace(e, status=status)
        if stamp and not e.updated:
            e = replace(e, updated=today())
        prepared.append(e)

    def change(gf: GlossaryFile) -> ImportResult:
        res = ImportResult()
        clashing = [e.id for e in prepared if e.id in gf.row_index]
        if clashing and on_existing == "error":
            raise GlossaryError(
                f"{len(clashing)} imported ids already exist in {gf.path}: {', '.join(clashing[:10])}",
                hint="use --on-existing skip or --on-existing replace",
            )
        problems: list[Problem] = []
        _ensure_header(gf)
        for e in prepared:
            if e.id in gf.row_index:
                if on_existing == "skip":
                    res.skipped.append(e.id)
                    continue
                idx = gf.row_index[e.id]
                cur = gf.entries[[x.id for x in gf.entries].index(e.id)]
                found = check_cells(entry_cells(e), f"{gf.path} (import of {e.id})", idx + 1)
                if found:
                    problems.extend(found)
                    continue
                if entry_cells(e)[:-1] == entry_cells(cur)[:-1]:
                    res.unchanged.append(e.id)
                    continue
                term = gf.lines[idx][len(_content(gf.lines[idx])) :]
                gf.lines[idx] = entry_row(e) + term
                res.replaced.append(e.id)
                continue
            _ensure_final_newline(gf)
            found = check_cells(entry_cells(e), f"{gf.path} (import of {e.id})", len(gf.lines) + 1)
            if found:
                problems.extend(found)
                continue
            gf.lines.append(entry_row(e) + gf.newline)
            gf.kinds.append("row")
            gf.row_index[e.id] = len(gf.lines) - 1
            res.added.append(e.id)
        if problems:
            raise GlossaryValidationError(problems)
        return res

    return _transaction(path, change, create=True)


# -- queries for the maintenance CLI ------------------------------------------------------------


def entry_dict(entry: Entry) -> dict[str, Any]:
    """JSON-ready view of ``entry`` with its file, line and revision."""
    d: dict[str, Any] = dict(zip(COLUMNS, entry_cells(entry), strict=True))
    d["zh_variants"] = list(entry.zh_variants)
    d["en_variants"] = list(entry.en_variants)
    d["valid_from"] = entry.valid_from
    d["valid_to"] = entry.valid_to
    d["file"] = entry.file
    d["line"] = entry.line
    d["rev"] = entry_rev(entry)
    return d


def filter_entries(
    entries: Sequence[Entry],
    *,
    types: Sequence[EntryType | str] = (),
    statuses: Sequence[EntryStatus | str] = (),
) -> list[Entry]:
    """Entries whose type is in ``types`` and status in ``statuses`` (empty = any)."""
    ts = {str(t) for t in types}
    ss = {str(s) for s in statuses}
    return [e for e in entries if (not ts or str(e.type) in ts) and (not ss or str(e.status) in ss)]


@dataclass(frozen=True, slots=True)
class FindHit:
    """An entry found by :func:`find_entries` and how it matched."""

    entry: Entry
    field: str  # "id", "zh", "zh_variants", "en", "en_variants" or "pinyin"
    value: str  # the form that matched
    exact: bool


def find_entries(entries: Sequence[Entry], query: str, *, opencc: str = "t2s") -> list[FindHit]:
    """Entries matching ``query`` by Chinese, English, id or toneless pinyin, best first.

    Chinese queries (Traditional, width or separator variants too) are normalized with
    :func:`zh2en.stages.normalize.normalize_for_match` and matched as substrings of every
    form; Latin queries match the id and the English case-insensitively, and the toneless
    pinyin of the Chinese forms (``tuokayefu``, ``Tuōkǎyēfū`` or ``tuo ka ye fu`` all find
    托卡耶夫). Exact matches come first.
    """
    q = query.strip()
    if not q:
        raise GlossaryError("empty search", hint="give Chinese, English or pinyin to search for")
    hits: list[FindHit] = []
    if any("\u3400" <= c <= "\u9fff" for c in q):
        from zh2en.stages.normalize import normalize_for_match

        key = normalize_for_match(q, opencc)
        for e in entries:
            found = [
                FindHit(e, "zh" if i == 0 else "zh_variants", form, norm == key)
                for i, form in enumerate(e.zh_forms)
                if key in (norm := normalize_for_match(form, opencc))
            ]
            if found:
                hits.append(min(found, key=lambda h: not h.exact))  # an exact form, else the first
    else:
        from zh2en.glossary.pinyin import query_key, toneless

        folded = q.casefold()
        pkey = query_key(q)
        for e in entries:
            hit: FindHit | None = None
            for name, values in (("id", [e.id]), ("en", [e.en]), ("en_variants", e.en_variants)):
                for v in values:
                    if folded in v.casefold():
                        hit = FindHit(e, name, v, v.casefold() == folded)
                        break
                if hit:
                    break
            if hit is None and pkey:
                keys = [(form, toneless(form)) for form in e.zh_forms]
                found = [FindHit(e, "pinyin", form, k == pkey) for form, k in keys if pkey in k]
                hit = min(found, key=lambda h: not h.exact) if found else None
            if hit:
                hits.append(hit)
    hits.sort(key=lambda h: (not h.exact, len(h.value)))
    return hits


def locate_entry(entry_id: str, paths: Sequence[str | Path] | None = None) -> Path:
    """The file that defines the effective entry ``entry_id`` (the last file that has it)."""
    files = expand_paths(paths)
    for f in reversed(files):
        if entry_id in read_glossary_file(f).row_index:
            return f
    ids = [e.id for f in files for e in read_glossary_file(f).entries]
    raise GlossaryError(
        f"no glossary entry with id {entry_id!r} in {', '.join(str(f) for f in files) or 'any file'}",
        hint=_similar_hint(entry_id, ids),
    )
