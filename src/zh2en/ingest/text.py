"""The scraped-plain-text reader: a web page copied as text, one paragraph per line.

Pipeline position: ingestion (reader ``text``, the fallback of content sniffing). Each
non-blank line is a block; :mod:`zh2en.ingest.boilerplate` then finds the article among the
navigation, lists and footers around it.
"""

from __future__ import annotations

from zh2en.document import Article, Metadata
from zh2en.ingest.base import Reader, article_id_for, assemble
from zh2en.ingest.blocks import Block, Source


def line_blocks(src: Source) -> list[Block]:
    """One block per non-blank line of ``src`` (``\\n``, ``\\r\\n`` and ``\\r`` all end lines)."""
    blocks: list[Block] = []
    text = src.text
    start = 0
    n = len(text)
    i = 0
    while i <= n:
        if i == n or text[i] in "\r\n\u2028\u2029":
            if text[start:i].strip():
                blocks.append(Block(src.sub(start, i)))
            if i < n and text[i] == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            start = i + 1
        i += 1
    return blocks


class ScrapedTextReader(Reader):
    """Scraped plain text with web boilerplate (one paragraph per line)."""

    name = "text"

    def sniff(self, text: str, path: str | None) -> bool:
        return True

    def read(self, raw_text: str, path: str | None) -> Article:
        return assemble(
            raw_text,
            line_blocks(Source.of_raw(raw_text)),
            article_id=article_id_for(path),
            source_path=path,
            metadata=Metadata(reader=self.name),
            opencc=self.opencc,
        )
