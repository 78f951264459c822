"""Markdown outputs: the English article, and a bilingual side-by-side table.

Pipeline position: the write stage. Every file starts with the run signature in an HTML
comment. Text from the article (source or MT) is untrusted: ``<``, ``>`` and ``&`` are
escaped so raw HTML in a scraped page can never become live markup in a rendered preview.
"""

from __future__ import annotations

import html
import re
from typing import Any, ClassVar

from zh2en.document import Article, Segment, SegmentKind
from zh2en.signature import signature_string
from zh2en.util import atomic_write_text


def signature_comment(article: Article) -> str:
    sig = signature_string(article.signature) if article.signature else "zh2en"
    return "<!-- " + sig.replace("--", "- -") + " -->"


# A ']' only makes a link or reference when '(' '[' or ':' follows: escaping just those keeps
# bracketed text (the dictionary engine's [pinyin]) readable in the raw file.
_MD_PUNCT = re.compile(r"([\\`*_]|\](?=[(\[:]))")
_MD_BLOCK_START = re.compile(r"(#{1,6}(?:\s|$)|>|[-+](?:\s|$)|\d{1,9}[.)](?:\s|$))")


def md_text(text: str | None) -> str:
    """Untrusted text made inert for Markdown: HTML escaped, no line breaks, and the inline
    syntax characters (\\ ` * _, and ']' before '(' '[' ':') backslash-escaped, so no link
    (``[x](javascript:…)``), emphasis or code span comes from the data."""
    return _MD_PUNCT.sub(r"\\\1", html.escape(" ".join((text or "").split()), quote=False))


def _md_block(text: str) -> str:
    """``text`` at the start of a line: a leading '# ', '> ', '- ', '1. ' stays text."""
    return "\\" + text if _MD_BLOCK_START.match(text) else text


def _md_cell(text: str | None) -> str:
    return md_text(text).replace("|", "\\|")


def _target(seg: Segment) -> str:
    return seg.target if seg.target is not None else (seg.mt or "")


def english_markdown(article: Article) -> str:
    """The English article: title, dateline, paragraphs."""
    lines: list[str] = [signature_comment(article), ""]
    paragraph: list[str] = []
    current: int | None = None

    def flush() -> None:
        if paragraph:
            lines.extend([" ".join(paragraph), ""])
            paragraph.clear()

    for seg in article.segments:
        text = md_text(_target(seg))
        if not text:
            continue
        block = {
            SegmentKind.TITLE: "# ",
            SegmentKind.SUBTITLE: "## ",
            SegmentKind.HEADING: "### ",
        }.get(seg.kind)
        if block is not None:
            flush()
            lines.extend([block + text, ""])
            current = None
            continue
        if seg.kind in (SegmentKind.DATELINE, SegmentKind.BYLINE, SegmentKind.CAPTION):
            flush()
            lines.extend([f"*{text}*", ""])
            current = None
            continue
        prefix = "> " if seg.kind is SegmentKind.QUOTE else "- " if seg.kind is SegmentKind.LIST_ITEM else ""
        if current is not None and seg.paragraph != current:
            flush()
        if not paragraph:
            text = prefix + (_md_block(text) if not prefix else text)
        paragraph.append(text)
        current = seg.paragraph
    flush()
    return "\n".join(lines).rstrip("\n") + "\n"


def bilingual_markdown(article: Article) -> str:
    """A two-column table, one row per segment, with the term ledger per row."""
    title = article.metadata.title or article.id
    lines = [
        signature_comment(article),
        "",
        f"# {md_text(title)}",
        "",
        "| # | 中文 | English | Terms |",
        "|---|---|---|---|",
    ]
    for seg in article.segments:
        terms = "; ".join(
            f"{e.source} → {e.found or e.expected} ({e.status}"
            + (f" from {e.repaired_from}" if e.repaired_from else "")
            + ")"
            for e in seg.ledger
        )
        lines.append(f"| {seg.index} | {_md_cell(seg.text)} | {_md_cell(_target(seg))} | {_md_cell(terms)} |")
    return "\n".join(lines) + "\n"


class MarkdownWriter:
    """The English article as Markdown (title, dateline, paragraphs)."""

    name: ClassVar[str] = "markdown"
    suffix: ClassVar[str] = ".en.md"

    def render(self, article: Article) -> bytes:
        return english_markdown(article).encode("utf-8")

    def write(self, article: Article, path: Any) -> None:
        atomic_write_text(path, english_markdown(article))


class BilingualMarkdownWriter:
    """Bilingual side-by-side Markdown table with the term ledger."""

    name: ClassVar[str] = "bilingual-md"
    suffix: ClassVar[str] = ".bilingual.md"

    def render(self, article: Article) -> bytes:
        return bilingual_markdown(article).encode("utf-8")

    def write(self, article: Article, path: Any) -> None:
        atomic_write_text(path, bilingual_markdown(article))
