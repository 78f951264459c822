"""The Markdown reader: YAML front matter plus a Markdown or HTML body.

Pipeline position: ingestion (reader ``markdown``). Blog exports (seeds 003/004) carry the
title, date, author and categories in front matter and the article as HTML; hand-written
files use Markdown. The title segment points at the title *value inside the YAML* in the raw
text, so its offsets are as exact as the body's.
"""

from __future__ import annotations

import re
from typing import Any

from zh2en.document import Article, Metadata, SegmentKind
from zh2en.errors import InputError
from zh2en.ingest.base import Reader, article_id_for, assemble
from zh2en.ingest.blocks import Block, Source, SourceBuilder
from zh2en.ingest.html import html_blocks, looks_like_html, page_metadata
from zh2en.ingest.metadata import parse_date
from zh2en.stages.normalize import normalize

FRONT_MATTER = re.compile(
    r"\A[ \t\r\n\ufeff]*---[ \t]*\r?\n(?P<yaml>.*?)(?:\r?\n)?^---[ \t]*(?:\r?\n|\Z)", re.S | re.M
)
_TITLE_LINE = re.compile(r"^title[ \t]*:[ \t]*(?P<value>.*?)[ \t]*\r?$", re.M)
_MD_HINT = re.compile(r"^(?:#{1,6}\s|>\s?|[-*+]\s|\d{1,3}[.)]\s|!\[)")
_INLINE = re.compile(
    r"!\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\([^)]*\)|\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`"
)


def split_front_matter(raw: str) -> tuple[dict[str, Any], int, int] | None:
    """``(fields, yaml_start, body_start)`` when ``raw`` opens with YAML front matter."""
    m = FRONT_MATTER.match(raw)
    if m is None:
        return None
    import yaml  # lazy: pyyaml is only needed for front matter

    try:
        data = yaml.safe_load(m.group("yaml"))
    except yaml.YAMLError as exc:
        raise InputError(
            f"front matter is not valid YAML: {str(exc).splitlines()[0]}",
            hint="check the lines between the opening and closing '---'",
        ) from exc
    return (data if isinstance(data, dict) else {}), m.start("yaml"), m.end()


def title_source(raw: str, yaml_start: int, yaml_end: int) -> Source | None:
    """The raw span of the ``title:`` value inside the front matter (quotes excluded)."""
    m = _TITLE_LINE.search(raw, yaml_start, yaml_end)
    if m is None or not m.group("value"):
        return None
    a, b = m.span("value")
    value = raw[a:b]
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        a, b = a + 1, b - 1
    return Source.of_raw(raw, a, b)


def markdown_blocks(src: Source) -> list[Block]:
    """Blocks of a Markdown body: paragraphs, headings, quotes, list items, image captions."""
    blocks: list[Block] = []
    text = src.text
    para: list[tuple[int, int]] = []
    para_hint: list[SegmentKind | None] = [None]

    def flush() -> None:
        if para:
            builder = SourceBuilder()
            for k, (a, b) in enumerate(para):
                prev_end = para[k - 1][1] if k else 0
                if k and not (_wide(src.text[prev_end - 1 : prev_end]) and _wide(src.text[a : a + 1])):
                    # A soft line break is a space between words, nothing between Chinese characters.
                    builder.add_replacement(" ", src.map.to_raw_end(prev_end), src.map.to_raw_start(a))
                _inline(builder, src, a, b)
            built = builder.build()
            if built.text.strip():
                blocks.append(Block(built, hint=para_hint[0]))
        para.clear()
        para_hint[0] = None

    pos = 0
    for line in text.splitlines(keepends=True):
        a, b = pos, pos + len(line.rstrip("\r\n"))
        pos += len(line)
        stripped = text[a:b].strip()
        if not stripped:
            flush()
            continue
        lead = len(text[a:b]) - len(text[a:b].lstrip())
        a += lead
        m = re.match(r"#{1,6}\s+|>\s?|[-*+]\s+|\d{1,3}[.)]\s+", text[a:b])
        marker = m.group() if m else ""
        hint: SegmentKind | None = None
        if marker.startswith("#"):
            hint = SegmentKind.HEADING
        elif marker.startswith(">"):
            hint = SegmentKind.QUOTE
        elif marker:
            hint = SegmentKind.LIST_ITEM
        elif text.startswith("![", a):
            hint = SegmentKind.CAPTION
        if hint is not None and (hint is not SegmentKind.QUOTE or para_hint[0] is not SegmentKind.QUOTE):
            flush()
        para.append((a + len(marker), b))
        para_hint[0] = hint or para_hint[0]
        if hint in (SegmentKind.HEADING, SegmentKind.LIST_ITEM, SegmentKind.CAPTION):
            flush()
    flush()
    return blocks


def _wide(ch: str) -> bool:
    """A CJK character or full-width punctuation (no space around a line break next to it)."""
    return bool(ch) and (ord(ch) >= 0x2E80 and not ch.isspace())


def _inline(builder: SourceBuilder, src: Source, a: int, b: int) -> None:
    """Append ``src.text[a:b]`` without inline Markdown markup (link text kept)."""
    pos = a
    for m in _INLINE.finditer(src.text, a, b):
        builder.add(src, pos, m.start())
        for group in (1, 2):
            if m.group(group) is not None:
                builder.add(src, m.start(group), m.end(group))
        pos = m.end()
    builder.add(src, pos, b)


def front_matter_metadata(fields: dict[str, Any], metadata: Metadata) -> None:
    """Fill ``metadata`` from front-matter fields (date, author, outlet, URL, extras)."""
    metadata.date = parse_date(fields.get("date") or fields.get("published") or fields.get("pubdate"))
    author = fields.get("author")
    if isinstance(author, str) and author.strip():
        metadata.author = author.strip()
        categories = fields.get("categories") or []
        if isinstance(categories, list) and author in categories:
            metadata.outlet = author.strip()  # the author field names the outlet (blog export)
    for key in ("outlet", "source", "site"):
        if isinstance(fields.get(key), str) and metadata.outlet is None:
            metadata.outlet = fields[key]
    for key in ("url", "link", "permalink", "source_url"):
        if isinstance(fields.get(key), str) and metadata.url is None:
            metadata.url = fields[key]
    for key in ("categories", "tags", "headimg", "thumbnail"):
        if key in fields and isinstance(fields[key], str | list):
            metadata.extra[key] = fields[key]


class MarkdownReader(Reader):
    """Markdown with YAML front matter; the body may be Markdown or HTML."""

    name = "markdown"

    def sniff(self, text: str, path: str | None) -> bool:
        if FRONT_MATTER.match(text):
            return True
        if path and path.lower().endswith((".md", ".markdown")):
            return True
        lines = [ln for ln in text.splitlines()[:200] if ln.strip()]
        marked = sum(1 for ln in lines if _MD_HINT.match(ln.lstrip()))
        return bool(lines) and re.search(r"^#{1,6}\s", text, re.M) is not None and marked >= 2

    def read(self, raw_text: str, path: str | None) -> Article:
        metadata = Metadata(reader=self.name)
        blocks: list[Block] = []
        body_start = 0
        fm = split_front_matter(raw_text)
        if fm is not None:
            fields, yaml_start, body_start = fm
            front_matter_metadata(fields, metadata)
            title = title_source(raw_text, yaml_start, body_start)
            if title is not None:
                blocks.append(Block(title, hint=SegmentKind.TITLE))
                value = fields.get("title")
                if isinstance(value, str) and value != title.text:
                    # YAML escapes ('It''s', "\u4e2d"): the segment keeps the raw span, the
                    # metadata the value YAML means.
                    metadata.title = normalize(value, opencc=self.opencc)[0]
        body = Source.of_raw(raw_text, body_start)
        if looks_like_html(body.text):
            page = html_blocks(body)
            page_metadata(page, metadata)
            blocks.extend(page.blocks)
        else:
            blocks.extend(markdown_blocks(body))
        return assemble(
            raw_text,
            blocks,
            article_id=article_id_for(path),
            source_path=path,
            metadata=metadata,
            opencc=self.opencc,
        )
