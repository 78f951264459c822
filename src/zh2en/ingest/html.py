"""The HTML reader, and the HTML block extractor the Markdown and JSONL readers share.

Pipeline position: ingestion (reader ``html``). :func:`html_blocks` walks the markup of a
:class:`~zh2en.ingest.blocks.Source` with a small tokenizer (no network, no external
entities, nothing executed; scripts, styles and comments are skipped), turns block-level
elements into :class:`~zh2en.ingest.blocks.Block` objects whose text keeps offsets into the
raw file (tags are gaps, entities are opaque runs), and records ``<title>``/``<meta>``
metadata. Structure gives hints: ``<h1>``–``<h6>`` headings, ``<figure>``/``<figcaption>``
captions, ``<blockquote>`` quotes, ``<li>`` list items; ``<nav>``, ``<footer>``, ``<aside>``,
``<form>`` and elements whose class/id says share/comment/related/… are page furniture.
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from zh2en.document import Article, Metadata, SegmentKind
from zh2en.ingest.base import Reader, article_id_for, assemble
from zh2en.ingest.blocks import Block, Source, SourceBuilder
from zh2en.ingest.metadata import parse_date

_TAG_HEAD = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)(?=[\s/>])")
_ATTR = re.compile(r"([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*(?:=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});?")

#: Elements whose content is never text of the page.
SKIP_CONTENT = frozenset(
    {"script", "style", "noscript", "template", "svg", "iframe", "select", "textarea", "object"}
)
#: Elements that start or end a block.
BLOCK_TAGS = frozenset(
    "p div section article main header footer nav aside h1 h2 h3 h4 h5 h6 li ul ol dl dt dd "  # noqa: SIM905
    "blockquote figure figcaption table tr td th thead tbody tfoot caption pre br hr form title "
    "body html head address center details summary".split()
)
#: Elements that are page furniture by themselves.
CHROME_TAGS = frozenset({"nav", "footer", "aside", "form", "menu", "button"})
#: class/id words that mark page furniture.
CHROME_ATTR = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|share|sharing|social|comments?|related|recommend\w*|"
    r"sidebar|footer|copyright|advert\w*|ads?|banner|hot|popular|subscribe|login|toolbar|pagination|tags?)"
    r"(?:$|[\s_-])",
    re.I,
)
_HINTS = {
    "h1": SegmentKind.HEADING,
    "h2": SegmentKind.HEADING,
    "h3": SegmentKind.HEADING,
    "h4": SegmentKind.HEADING,
    "h5": SegmentKind.HEADING,
    "h6": SegmentKind.HEADING,
    "figure": SegmentKind.CAPTION,
    "figcaption": SegmentKind.CAPTION,
    "blockquote": SegmentKind.QUOTE,
    "li": SegmentKind.LIST_ITEM,
}
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())  # noqa: SIM905


@dataclass(slots=True)
class HtmlPage:
    """What :func:`html_blocks` found: blocks in order, and page metadata."""

    blocks: list[Block] = field(default_factory=list)
    title: Source | None = None  # the <title> element
    meta: dict[str, str] = field(default_factory=dict)  # <meta> name/property → content
    h1: list[int] = field(default_factory=list)  # indexes of the <h1> blocks


class _Token(NamedTuple):
    start: int
    end: int
    closing: bool
    name: str  # lower-case tag name; "" for comments, doctypes, CDATA, processing instructions
    attrs: str


class _Scanner:
    """Finds markup tokens in linear time, whatever the input (unclosed tags, stray ``<``)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._gt = -2  # cached position of the next ">" (-1: there is none)

    def _gt_after(self, pos: int) -> int:
        if self._gt != -1 and self._gt < pos:
            self._gt = self.text.find(">", pos)
        return self._gt

    def next(self, pos: int) -> _Token | None:
        """The first token at or after ``pos``; ``None`` when the rest is text."""
        text = self.text
        while True:
            p = text.find("<", pos)
            if p == -1:
                return None
            for opener, closer in (("<!--", "-->"), ("<![CDATA[", "]]>")):
                if text.startswith(opener, p):
                    q = text.find(closer, p + len(opener))
                    return _Token(p, len(text) if q == -1 else q + len(closer), False, "", "")
            if text.startswith(("<!", "<?"), p):
                q = self._gt_after(p)
                if q == -1:
                    return None
                return _Token(p, q + 1, False, "", "")
            m = _TAG_HEAD.match(text, p)
            if m is None:
                pos = p + 1
                continue
            q = self._gt_after(m.end())
            if q == -1:
                return None
            if text.find("<", m.end(), q) != -1:
                pos = p + 1  # another "<" before this one closes: this "<" is text
                continue
            return _Token(p, q + 1, m.group(1) == "/", m.group(2).lower(), text[m.end() : q])


def looks_like_html(text: str) -> bool:
    """Whether ``text`` has enough HTML block markup to be read as HTML."""
    head = text[:20000]
    tags = re.findall(
        r"</?(?:html|body|head|p|div|article|section|h[1-6]|br|figure|blockquote|li|span|a)\b", head, re.I
    )
    return len(tags) >= 2


def _attrs(raw: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in _ATTR.findall(raw):
        if value[:1] in "\"'":
            value = value[1:-1]
        out[name.lower()] = htmllib.unescape(value)
    return out


def _add_text(builder: SourceBuilder, src: Source, start: int, end: int) -> None:
    """Append ``src.text[start:end]`` with entities decoded (each entity an opaque run)."""
    pos = start
    for m in _ENTITY.finditer(src.text, start, end):
        builder.add(src, pos, m.start())
        decoded = htmllib.unescape(m.group())
        if decoded == m.group():
            builder.add(src, m.start(), m.end())
        else:
            r0, r1 = src.map.to_raw(m.start(), m.end())
            builder.add_replacement(decoded, r0, r1)
        pos = m.end()
    builder.add(src, pos, end)


def html_blocks(src: Source) -> HtmlPage:
    """Blocks and metadata of the HTML in ``src``."""
    page = HtmlPage()
    text = src.text
    # Open elements, each with the context it gives its text: (tag, hint, chrome, hinting tag).
    stack: list[tuple[str, SegmentKind | None, bool, str]] = []
    open_count: dict[str, int] = {}
    builder = SourceBuilder()
    cur_hint: SegmentKind | None = None
    cur_chrome = False
    cur_tag = ""
    title_builder: SourceBuilder | None = None

    def context() -> tuple[SegmentKind | None, bool, str]:
        if not stack:
            return None, False, ""
        _, hint, chrome, tag = stack[-1]
        return hint, chrome, tag

    def flush() -> None:
        nonlocal builder, cur_hint, cur_chrome, cur_tag
        built = builder.build()
        if built.text.strip():
            if cur_tag == "h1" and not cur_chrome:
                page.h1.append(len(page.blocks))
            page.blocks.append(Block(built, hint=cur_hint, chrome=cur_chrome))
        builder = SourceBuilder()
        cur_hint, cur_chrome, cur_tag = None, False, ""

    scanner = _Scanner(text)
    pos = 0
    n = len(text)
    while pos < n:
        tok = scanner.next(pos)
        end_text = tok.start if tok else n
        if end_text > pos:
            target = title_builder if title_builder is not None else builder
            if target is builder and not len(builder) and text[pos:end_text].strip():
                cur_hint, cur_chrome, cur_tag = context()
            _add_text(target, src, pos, end_text)
        if tok is None:
            break
        pos = tok.end
        name = tok.name
        if not name:
            continue  # comment, doctype, CDATA, processing instruction
        closing = tok.closing
        if not closing and name in SKIP_CONTENT:
            close = re.compile(rf"</{name}\s*>", re.I).search(text, pos)
            pos = close.end() if close else n
            continue
        if name == "title":
            if closing and title_builder is not None:
                page.title = title_builder.build()
                title_builder = None
            elif not closing:
                title_builder = SourceBuilder()
            continue
        if name in BLOCK_TAGS:
            flush()
        if name in ("meta", "link") and not closing:
            _record_meta(page, _attrs(tok.attrs))
            continue
        if closing:
            if open_count.get(name):
                k = len(stack) - 1
                while stack[k][0] != name:
                    k -= 1
                for entry in stack[k:]:
                    open_count[entry[0]] -= 1
                del stack[k:]
        elif name not in _VOID and not tok.attrs.rstrip().endswith("/"):
            attrs = _attrs(tok.attrs)
            marker = f"{attrs.get('class', '')} {attrs.get('id', '')} {attrs.get('role', '')}"
            chrome = (
                name in CHROME_TAGS or bool(CHROME_ATTR.search(marker)) or attrs.get("role") == "navigation"
            )
            hint, inherited_chrome, hint_tag = context()
            if name in _HINTS:
                hint, hint_tag = _HINTS[name], name
            stack.append((name, hint, chrome or inherited_chrome, hint_tag))
            open_count[name] = open_count.get(name, 0) + 1
    flush()
    return page


def _record_meta(page: HtmlPage, attrs: dict[str, str]) -> None:
    key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
    if key and "content" in attrs:
        page.meta.setdefault(key.lower(), attrs["content"])
    if attrs.get("rel", "").lower() == "canonical" and "href" in attrs:
        page.meta.setdefault("canonical", attrs["href"])


def page_metadata(page: HtmlPage, metadata: Metadata) -> None:
    """Fill ``metadata`` from ``<meta>`` tags (Open Graph, article:*, Dublin Core, canonical)."""
    meta = page.meta
    for key in ("article:published_time", "og:published_time", "pubdate", "publishdate", "date", "dc.date"):
        if metadata.date is None and key in meta:
            metadata.date = parse_date(meta[key])
    metadata.url = metadata.url or meta.get("og:url") or meta.get("canonical")
    metadata.outlet = metadata.outlet or meta.get("og:site_name") or meta.get("application-name")
    metadata.author = metadata.author or meta.get("author") or meta.get("article:author")


def title_first(page: HtmlPage) -> list[Block]:
    """The page blocks with the title marked: the ``<h1>`` that the ``<title>`` element names
    (a site logo is often an ``<h1>`` too), else the first ``<h1>``, else ``<title>`` itself."""
    blocks = list(page.blocks)
    title = _squash(page.title.text) if page.title is not None else ""
    if page.h1:
        texts = {i: _squash(blocks[i].source.text) for i in page.h1}
        named = [i for i in page.h1 if texts[i] and title and (texts[i] in title or title in texts[i])]
        # The site name is part of most <title>s too: the longest named <h1> is the headline.
        pick = max(named, key=lambda i: len(texts[i])) if named else page.h1[0]
        blocks[pick] = Block(blocks[pick].source, hint=SegmentKind.TITLE)
        return blocks
    if page.title is None or not title:
        return blocks
    return [Block(page.title, hint=SegmentKind.TITLE), *blocks]


def _squash(text: str) -> str:
    return "".join(htmllib.unescape(text).split())


class HtmlReader(Reader):
    """HTML pages: article text from the markup, page furniture removed."""

    name = "html"

    def sniff(self, text: str, path: str | None) -> bool:
        if path and path.lower().endswith((".html", ".htm", ".xhtml")):
            return True
        return looks_like_html(text)

    def read(self, raw_text: str, path: str | None) -> Article:
        page = html_blocks(Source.of_raw(raw_text))
        metadata = Metadata(reader=self.name)
        page_metadata(page, metadata)
        return assemble(
            raw_text,
            title_first(page),
            article_id=article_id_for(path),
            source_path=path,
            metadata=metadata,
            opencc=self.opencc,
        )
