"""Glossary exchange formats: TSV, CSV, JSON and TBX-Basic (ISO 30042) import and export.

Pipeline position: maintenance (``zh2en glossary import`` / ``export``). The editor-owned
files stay TSV (:mod:`zh2en.glossary.store`); these formats move entries to and from
spreadsheets, scripts and CAT tools. Each format is one reader/writer class registered in
:data:`FORMATS`; every one round-trips every column.

* **TSV / CSV** — header row naming the columns (any order; columns not in
  :data:`~zh2en.glossary.model.COLUMNS` are ignored, so a ``suggest`` review file with its
  ``score``/``count``/``contexts`` columns imports directly); ``#`` comment lines and blank
  lines are skipped; ``|`` separates multi-values. A UTF-8 BOM is accepted.
* **JSON** — ``{"format": "zh2en-glossary", "version": 1, "entries": [...]}`` with lists for
  the multi-valued columns (a bare list of entry objects is accepted too).
* **TBX** — TBX-Basic (``martif type="TBX-Basic"``, the form OmegaT and most CAT tools read):
  one ``termEntry`` per entry, ``langSet xml:lang="zh"`` / ``"en"`` with one ``tig``/``term``
  per form. The canonical form is ``preferredTerm-admn-sts``, Chinese variants
  ``admittedTerm-admn-sts``, English variants (renderings to repair)
  ``deprecatedTerm-admn-sts``; the type is the ``subjectField``, the last change a
  ``transacGrp`` date, and zh2en-only fields (status, validity dates, source) are ``note``
  elements prefixed ``zh2en:``. Import also reads TBX v3 (``tbx``/``conceptEntry``/
  ``langSec``/``termSec``). XML is parsed with defusedxml: no DTDs fetched, no external
  entities, no entity expansion bombs.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar, Protocol
from xml.sax.saxutils import escape, quoteattr

from zh2en.errors import GlossaryError, InputError, UsageError
from zh2en.glossary.model import COLUMNS, MULTI_SEP, Entry
from zh2en.glossary.store import (
    BOM,
    GlossaryValidationError,
    Problem,
    cells_to_entry,
    check_cells,
    entry_cells,
)

__all__ = [
    "FORMATS",
    "export_entries",
    "format_for",
    "read_entries",
    "read_entries_text",
    "write_entries",
]


class GlossaryFormat(Protocol):
    name: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]]

    def dumps(self, entries: Sequence[Entry]) -> str: ...

    def loads(self, text: str, source: str) -> list[Entry]: ...


def _validate_rows(rows: Iterable[tuple[int, list[str]]], source: str) -> list[Entry]:
    """Check ``(line, cells)`` rows like the store does; raise all problems together."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for line, cells in rows:
        found = check_cells(cells, source, line)
        if not found and cells[0] in seen:
            first = seen[cells[0]]
            msg = f"id {cells[0]!r} is already used on line {first}"
            found = [Problem(source, line, "duplicate-id", msg, "give one of the two entries a new id")]
        if found:
            problems.extend(found)
            continue
        seen[cells[0]] = line
        entries.append(cells_to_entry(cells))
    if problems:
        raise GlossaryValidationError(problems)
    return entries


def _header_map(header: list[str], source: str, line: int) -> list[int | None]:
    """For each of COLUMNS, the index of that column in ``header`` (None if absent)."""
    names = [h.strip().lstrip(BOM).lower() for h in header]
    missing = [c for c in ("id", "zh", "en") if c not in names]
    if missing:
        raise GlossaryError(
            f"{source}:{line}: header {header!r} lacks the column(s) {', '.join(missing)}",
            hint="the first non-comment row must name the columns: " + ", ".join(COLUMNS),
        )
    return [names.index(c) if c in names else None for c in COLUMNS]


def _defaults(cells: list[str]) -> list[str]:
    row = dict(zip(COLUMNS, cells, strict=True))
    if not row["type"]:
        row["type"] = "term"
    if not row["status"]:
        row["status"] = "approved"
    return [row[c] for c in COLUMNS]


def _rows_from_table(table: Iterable[tuple[int, list[str]]], source: str) -> list[Entry]:
    mapping: list[int | None] | None = None
    rows: list[tuple[int, list[str]]] = []
    for line, record in table:
        if not record or all(c.strip() == "" for c in record) or record[0].lstrip(BOM).startswith("#"):
            continue
        if mapping is None:
            mapping = _header_map(record, source, line)
            continue
        width = max(i for i in mapping if i is not None) + 1
        if len(record) < width:
            record = record + [""] * (width - len(record))
        cells = ["" if i is None else record[i] for i in mapping]
        rows.append((line, _defaults(cells)))
    return _validate_rows(rows, source)


class TSVFormat:
    """Tab-separated values with a header row (the glossary's own format)."""

    name: ClassVar[str] = "tsv"
    suffixes: ClassVar[tuple[str, ...]] = (".tsv", ".tab")

    def dumps(self, entries: Sequence[Entry]) -> str:
        return "".join("\t".join(r) + "\n" for r in [list(COLUMNS), *(entry_cells(e) for e in entries)])

    def loads(self, text: str, source: str) -> list[Entry]:
        text = text.lstrip(BOM)
        lines = text.split("\n")
        table = ((i + 1, line.rstrip("\r").split("\t")) for i, line in enumerate(lines))
        return _rows_from_table(table, source)


class CSVFormat:
    """Comma-separated values (RFC 4180 quoting) with a header row, as spreadsheets write them."""

    name: ClassVar[str] = "csv"
    suffixes: ClassVar[tuple[str, ...]] = (".csv",)

    def dumps(self, entries: Sequence[Entry]) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(COLUMNS)
        for e in entries:
            writer.writerow(entry_cells(e))
        return buf.getvalue()

    def loads(self, text: str, source: str) -> list[Entry]:
        reader = csv.reader(io.StringIO(text.lstrip(BOM), newline=""))
        try:
            table = [(reader.line_num, row) for row in reader]
        except csv.Error as exc:
            raise GlossaryError(f"{source}:{reader.line_num}: bad CSV: {exc}") from exc
        return _rows_from_table(table, source)


class JSONFormat:
    """JSON: ``{"format": "zh2en-glossary", "version": 1, "entries": [...]}``."""

    name: ClassVar[str] = "json"
    suffixes: ClassVar[tuple[str, ...]] = (".json",)

    def dumps(self, entries: Sequence[Entry]) -> str:
        items = []
        for e in entries:
            d: dict[str, Any] = dict(zip(COLUMNS, entry_cells(e), strict=True))
            d["zh_variants"] = list(e.zh_variants)
            d["en_variants"] = list(e.en_variants)
            d["valid_from"] = e.valid_from
            d["valid_to"] = e.valid_to
            items.append(d)
        doc = {"format": "zh2en-glossary", "version": 1, "columns": list(COLUMNS), "entries": items}
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"

    def loads(self, text: str, source: str) -> list[Entry]:
        try:
            doc = json.loads(text.lstrip(BOM))
        except json.JSONDecodeError as exc:
            raise GlossaryError(f"{source}:{exc.lineno}: invalid JSON: {exc.msg}") from exc
        items = doc.get("entries") if isinstance(doc, dict) else doc
        if not isinstance(items, list):
            raise GlossaryError(
                f"{source}: expected a list of entries or an object with an 'entries' list",
                hint="export one with `zh2en glossary export --format json`",
            )
        rows: list[tuple[int, list[str]]] = []
        for n, item in enumerate(items, 1):
            if not isinstance(item, dict):
                raise GlossaryError(f"{source}: entry {n} is {type(item).__name__}, expected an object")
            unknown = set(item) - set(COLUMNS)
            if unknown:
                raise GlossaryError(
                    f"{source}: entry {n} has unknown field(s) {', '.join(sorted(unknown))}",
                    hint="fields: " + ", ".join(COLUMNS),
                )
            cells = []
            for c in COLUMNS:
                v = item.get(c)
                if isinstance(v, list):
                    v = MULTI_SEP.join(str(x) for x in v)
                cells.append("" if v is None else str(v))
            rows.append((n, _defaults(cells)))
        return _validate_rows(rows, f"{source} entry")


# -- TBX ----------------------------------------------------------------------------------

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_PREFERRED = "preferredTerm-admn-sts"
_ADMITTED = "admittedTerm-admn-sts"
_DEPRECATED = "deprecatedTerm-admn-sts"
_NOTE_PREFIX = "zh2en:"
_NOTE_FIELDS = ("status", "valid_from", "valid_to", "source", "type")


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _lang(el: Any) -> str:
    return str(el.get(_XML_LANG) or el.get("lang") or "").lower()


class TBXFormat:
    """TBX-Basic (ISO 30042) for CAT tools such as OmegaT, Trados and memoQ."""

    name: ClassVar[str] = "tbx"
    suffixes: ClassVar[tuple[str, ...]] = (".tbx",)

    def dumps(self, entries: Sequence[Entry]) -> str:
        out = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<martif type="TBX-Basic" xml:lang="en">',
            "  <martifHeader>",
            "    <fileDesc><sourceDesc><p>zh2en glossary export</p></sourceDesc></fileDesc>",
            '    <encodingDesc><p type="XCSURI">TBXBasicXCSV02.xcs</p></encodingDesc>',
            "  </martifHeader>",
            "  <text>",
            "    <body>",
        ]
        for e in entries:
            out.append(f"      <termEntry id={quoteattr(e.id)}>")
            out.append(f'        <descrip type="subjectField">{escape(str(e.type))}</descrip>')
            if e.note:
                out.append(f"        <note>{escape(e.note)}</note>")
            for name in _NOTE_FIELDS:
                value = str(getattr(e, name) or "")
                if value:
                    out.append(f"        <note>{_NOTE_PREFIX}{name}={escape(value)}</note>")
            if e.updated:
                out.append(
                    '        <transacGrp><transac type="transactionType">modification</transac>'
                    f"<date>{escape(e.updated)}</date></transacGrp>"
                )
            for lang, forms in (
                ("zh", [(e.zh, _PREFERRED), *((v, _ADMITTED) for v in e.zh_variants)]),
                ("en", [(e.en, _PREFERRED), *((v, _DEPRECATED) for v in e.en_variants)]),
            ):
                out.append(f'        <langSet xml:lang="{lang}">')
                for term, status in forms:
                    out.append(
                        f"          <tig><term>{escape(term)}</term>"
                        f'<termNote type="administrativeStatus">{status}</termNote></tig>'
                    )
                out.append("        </langSet>")
            out.append("      </termEntry>")
        out += ["    </body>", "  </text>", "</martif>", ""]
        return "\n".join(out)

    def loads(self, text: str, source: str) -> list[Entry]:
        from defusedxml import ElementTree as DET
        from defusedxml.common import DefusedXmlException

        try:
            root = DET.fromstring(text.lstrip(BOM).encode("utf-8"), forbid_dtd=False)
        except DefusedXmlException as exc:
            raise InputError(
                f"{source}: refused unsafe XML ({type(exc).__name__})",
                hint="TBX files must not declare entities or reference external resources",
            ) from exc
        except Exception as exc:  # xml.etree.ElementTree.ParseError
            raise GlossaryError(f"{source}: not well-formed XML: {exc}") from exc
        if _local(root.tag) not in ("martif", "tbx"):
            raise GlossaryError(
                f"{source}: root element is <{_local(root.tag)}>, expected <martif> or <tbx>",
                hint="export TBX from your CAT tool as TBX-Basic",
            )
        rows: list[tuple[int, list[str]]] = []
        used: set[str] = set()
        for n, te in enumerate(
            (el for el in root.iter() if _local(el.tag) in ("termEntry", "conceptEntry")), 1
        ):
            rows.append((n, self._entry_cells(te, n, used)))
        return _validate_rows(rows, f"{source} termEntry")

    def _entry_cells(self, te: Any, n: int, used: set[str]) -> list[str]:
        row = dict.fromkeys(COLUMNS, "")
        notes: list[str] = []
        forms: dict[str, list[tuple[str, str]]] = {"zh": [], "en": []}
        for el in te.iter():
            tag = _local(el.tag)
            if tag in ("langSet", "langSec"):
                lang = _lang(el).split("-")[0]
                if lang not in forms:
                    continue
                for tig in el.iter():
                    if _local(tig.tag) not in ("tig", "ntig", "termSec"):
                        continue
                    term, status = "", ""
                    for sub in tig.iter():
                        st = _local(sub.tag)
                        if st == "term":
                            term = "".join(sub.itertext()).strip()
                        elif st == "termNote" and sub.get("type") == "administrativeStatus":
                            status = (sub.text or "").strip()
                    if term:
                        forms[lang].append((term, status))
            elif tag == "note" and el in list(te):
                notes.append((el.text or "").strip())
            elif tag == "descrip" and el.get("type") == "subjectField" and el in list(te):
                row["type"] = (el.text or "").strip()
            elif tag == "date" and el in list(te.iter()):
                row["updated"] = (el.text or "").strip()
        plain = []
        for note in notes:
            if note.startswith(_NOTE_PREFIX) and "=" in note:
                key, _, value = note[len(_NOTE_PREFIX) :].partition("=")
                if key in _NOTE_FIELDS:
                    row[key] = value
                    continue
            plain.append(note)
        row["note"] = "; ".join(plain)
        zh = self._ordered(forms["zh"])
        en = self._ordered(forms["en"])
        row["zh"] = zh[0] if zh else ""
        row["zh_variants"] = MULTI_SEP.join(zh[1:])
        row["en"] = en[0] if en else ""
        row["en_variants"] = MULTI_SEP.join(en[1:])
        ident = str(te.get("id") or "").strip()
        if not ident:
            ident = re.sub(r"[^a-z0-9]+", "-", row["en"].lower()).strip("-") or f"tbx-{n}"
            base, k = ident, 2
            while ident in used:
                ident, k = f"{base}-{k}", k + 1
        used.add(ident)
        row["id"] = ident
        return _defaults([row[c] for c in COLUMNS])

    @staticmethod
    def _ordered(forms: list[tuple[str, str]]) -> list[str]:
        """Preferred term first, then admitted, then deprecated; document order otherwise."""
        rank = {_PREFERRED: 0, "": 1, _ADMITTED: 1, "admittedTerm": 1, _DEPRECATED: 2}
        ordered = sorted(enumerate(forms), key=lambda x: (rank.get(x[1][1], 1), x[0]))
        out: list[str] = []
        for _, (term, _status) in ordered:
            if term not in out:
                out.append(term)
        return out


FORMATS: dict[str, GlossaryFormat] = {
    f.name: f for f in (TSVFormat(), CSVFormat(), JSONFormat(), TBXFormat())
}


def format_for(path: str | Path | None, fmt: str | None = None) -> GlossaryFormat:
    """The format named ``fmt``, or the one ``path``'s suffix implies."""
    if fmt:
        try:
            return FORMATS[fmt.lower()]
        except KeyError:
            raise UsageError(
                f"unknown glossary format {fmt!r}", hint="use one of: " + ", ".join(FORMATS)
            ) from None
    suffix = Path(path).suffix.lower() if path else ""
    for f in FORMATS.values():
        if suffix in f.suffixes:
            return f
    raise UsageError(
        f"cannot tell the format of {path} from its suffix {suffix or '(none)'!r}",
        hint="pass --format " + "|".join(FORMATS),
    )


def write_entries(entries: Sequence[Entry], fmt: str) -> str:
    """``entries`` serialized in format ``fmt``."""
    return format_for(None, fmt).dumps(entries)


def export_entries(entries: Sequence[Entry], path: str | Path, fmt: str | None = None) -> Path:
    """Write ``entries`` to ``path`` (atomically) in ``fmt`` or the format of its suffix."""
    from zh2en.util import atomic_write_text

    f = format_for(path, fmt)
    atomic_write_text(path, f.dumps(entries))
    return Path(path)


def read_entries_text(text: str, fmt: str, source: str = "<input>") -> list[Entry]:
    """Parse entries from ``text`` in format ``fmt`` (all rows validated)."""
    return format_for(None, fmt).loads(text, source)


def read_entries(path: str | Path, fmt: str | None = None) -> list[Entry]:
    """Read entries from a TSV/CSV/JSON/TBX file (format from ``fmt`` or the suffix)."""
    p = Path(path)
    f = format_for(p, fmt)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {p}: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{p} is not UTF-8 (byte {exc.start})", hint="save it as UTF-8") from exc
    return [replace(e, file=str(p)) for e in f.loads(text, str(p))]
