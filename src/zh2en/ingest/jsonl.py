"""The JSON Lines reader: one article per line (``{"id", "title", "text", "date", "url", …}``).

Pipeline position: ingestion (reader ``jsonl``). Each line becomes one Article whose
``raw_text`` is that line exactly as decoded (``metadata.extra["line"]`` is its number and
``metadata.extra["line_offset"]`` where it starts in the file); segment offsets point into the JSON string
literals of that line (escapes such as ``\\n`` or ``\\u4e2d`` are opaque runs), so
``raw_text[seg.start:seg.end]`` is the segment's source as written in the file. The ``text``
field may hold plain text (paragraphs separated by newlines) or HTML.
"""

from __future__ import annotations

import json
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

from zh2en.document import Article, Metadata, SegmentKind
from zh2en.errors import InputError
from zh2en.ingest.base import Reader, article_id_for, assemble
from zh2en.ingest.blocks import Block, Source, SourceBuilder
from zh2en.ingest.html import html_blocks, looks_like_html, page_metadata
from zh2en.ingest.metadata import parse_date
from zh2en.ingest.text import line_blocks
from zh2en.util import safe_filename

TEXT_FIELDS = ("text", "content", "body", "article", "html", "content_html")
TITLE_FIELDS = ("title", "headline")
DATE_FIELDS = ("date", "published", "published_at", "pubdate", "publish_time", "time")
URL_FIELDS = ("url", "link", "source_url")
AUTHOR_FIELDS = ("author", "byline")
OUTLET_FIELDS = ("outlet", "source", "site", "site_name", "publisher")
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_WS = " \t\r\n"


def _skip_ws(s: str, i: int) -> int:
    while i < len(s) and s[i] in _WS:
        i += 1
    return i


def string_source(line: str, start: int, end: int) -> Source:
    """The decoded value of the JSON string literal ``line[start:end]`` (quotes excluded)."""
    whole = Source.of_raw(line)
    builder = SourceBuilder()
    i = run = start
    while i < end:
        if line[i] != "\\":
            i += 1
            continue
        builder.add(whole, run, i)
        esc = line[i + 1]
        if esc == "u":
            code = int(line[i + 2 : i + 6], 16)
            j = i + 6
            if 0xD800 <= code <= 0xDBFF and line.startswith("\\u", j):
                low = int(line[j + 2 : j + 6], 16)
                if 0xDC00 <= low <= 0xDFFF:
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    j += 6
            builder.add_replacement(chr(code), i, j)
            i = j
        else:
            builder.add_replacement(_ESCAPES.get(esc, esc), i, i + 2)
            i += 2
        run = i
    builder.add(whole, run, end)
    return builder.build()


def scan_object(line: str) -> dict[str, tuple[Any, tuple[int, int] | None]]:
    """Top-level fields of the JSON object in ``line``: value, and for strings the literal's span."""
    decoder = json.JSONDecoder()
    i = _skip_ws(line, 0)
    if i >= len(line) or line[i] != "{":
        raise ValueError("not a JSON object")
    out: dict[str, tuple[Any, tuple[int, int] | None]] = {}
    i = _skip_ws(line, i + 1)
    if i < len(line) and line[i] == "}":
        return out
    while True:
        if line[i] != '"':
            raise ValueError(f"expected a key at column {i + 1}")
        key, i = scanstring(line, i + 1)
        i = _skip_ws(line, i)
        if line[i] != ":":
            raise ValueError(f"expected ':' at column {i + 1}")
        i = _skip_ws(line, i + 1)
        if line[i] == '"':
            value, j = scanstring(line, i + 1)
            out[key] = (value, (i + 1, j - 1))
        else:
            value, j = decoder.raw_decode(line, i)
            out[key] = (value, None)
        i = _skip_ws(line, j)
        if line[i] == "}":
            return out
        if line[i] != ",":
            raise ValueError(f"expected ',' or '}}' at column {i + 1}")
        i = _skip_ws(line, i + 1)


def _first(fields: dict[str, tuple[Any, tuple[int, int] | None]], names: tuple[str, ...]) -> Any:
    for name in names:
        if name in fields and fields[name][0] not in (None, ""):
            return fields[name][0]
    return None


class JsonlReader(Reader):
    """JSON Lines of articles: one JSON object per line with title/text/date/url fields."""

    name = "jsonl"

    def sniff(self, text: str, path: str | None) -> bool:
        if path and path.lower().endswith((".jsonl", ".ndjson")):
            return True
        first = next((ln for ln in text.splitlines() if ln.strip()), "")
        try:
            return isinstance(json.loads(first), dict)
        except ValueError:
            return False

    def read(self, raw_text: str, path: str | None) -> Article:
        articles = self.read_all(raw_text, path)
        if len(articles) != 1:
            raise InputError(
                f"{path or 'input'}: holds {len(articles)} articles, expected one",
                hint="use zh2en.ingest.ingest_paths (or `zh2en ingest`) for JSON Lines with several articles",
            )
        return articles[0]

    def read_all(self, raw_text: str, path: str | None) -> list[Article]:
        stem = article_id_for(path)
        articles: list[Article] = []
        ids: set[str] = set()
        offset = 0
        for lineno, full in enumerate(raw_text.splitlines(keepends=True), start=1):
            line_offset, offset = offset, offset + len(full)
            line = full.rstrip("\r\n")
            if not line.strip():
                continue
            try:
                fields = scan_object(line)
            except (ValueError, IndexError) as exc:
                raise InputError(
                    f"{path or 'input'}:{lineno}: not a JSON object ({exc})",
                    hint="JSON Lines needs one complete JSON object per line",
                ) from exc
            article = self._article(line, fields, stem, lineno, path, ids)
            article.metadata.extra["line_offset"] = line_offset  # file offset = line_offset + start
            articles.append(article)
        if not articles:
            raise InputError(f"{path or 'input'}: no JSON objects found")
        return articles

    def _article(
        self,
        line: str,
        fields: dict[str, tuple[Any, tuple[int, int] | None]],
        stem: str,
        lineno: int,
        path: str | None,
        ids: set[str],
    ) -> Article:
        metadata = Metadata(reader=self.name)
        metadata.date = parse_date(_first(fields, DATE_FIELDS))
        url, author, outlet = (_first(fields, f) for f in (URL_FIELDS, AUTHOR_FIELDS, OUTLET_FIELDS))
        metadata.url = url if isinstance(url, str) else None
        metadata.author = author if isinstance(author, str) else None
        metadata.outlet = outlet if isinstance(outlet, str) else None
        metadata.extra["line"] = lineno
        blocks: list[Block] = []
        for name in TITLE_FIELDS:
            if name in fields and fields[name][1] is not None and fields[name][0]:
                a, b = fields[name][1]  # type: ignore[misc]
                blocks.append(Block(string_source(line, a, b), hint=SegmentKind.TITLE))
                break
        text_field = next((f for f in TEXT_FIELDS if f in fields and fields[f][1] is not None), None)
        if text_field is None:
            raise InputError(
                f"{path or 'input'}:{lineno}: no article text",
                hint=f"give the text in one of the fields {', '.join(TEXT_FIELDS)}",
            )
        a, b = fields[text_field][1]  # type: ignore[misc]
        body = string_source(line, a, b)
        if looks_like_html(body.text):
            page = html_blocks(body)
            page_metadata(page, metadata)
            blocks.extend(page.blocks)
        else:
            blocks.extend(line_blocks(body))
        raw_id = _first(fields, ("id", "article_id", "uid"))
        article_id = safe_filename(str(raw_id)) if raw_id is not None else f"{stem}-{lineno}"
        while article_id in ids:
            article_id += "_"
        ids.add(article_id)
        return assemble(
            line, blocks, article_id=article_id, source_path=path, metadata=metadata, opencc=self.opencc
        )
