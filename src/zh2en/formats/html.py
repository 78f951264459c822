"""Bilingual side-by-side HTML: one self-contained page per article, terms highlighted.

Pipeline position: the write stage. No external resources (inline CSS, no scripts). Every
piece of article text goes through :func:`html.escape` — seeds contain raw HTML and any
scraped page may contain script. Source terms are highlighted from their TermMatch spans,
target terms from their ledger spans, coloured by ledger status.
"""

from __future__ import annotations

import html
from typing import Any, ClassVar

from zh2en.document import Article, Segment
from zh2en.signature import signature_string
from zh2en.util import atomic_write_text

CSS = """
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1200px;color:#222}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:.4em;vertical-align:top}
th{background:#f4f4f4;text-align:left}td.n{color:#888;width:2em}
mark{background:#fff3b0}mark.applied{background:#d8f5d0}mark.repaired{background:#cfe3ff}
mark.missing,mark.forbidden{background:#ffd0d0}mark.ambiguous{background:#ffe6b0}
.kind{color:#888;font-size:.8em}footer{color:#888;font-size:.8em;margin-top:2em}
"""


def _highlight(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """``text`` escaped, with non-overlapping ``(start, end, css class, title)`` spans marked."""
    out: list[str] = []
    pos = 0
    for start, end, cls, title in sorted(spans):
        if start < pos or end > len(text) or start >= end:
            continue
        out.append(html.escape(text[pos:start]))
        attrs = f'class="{html.escape(cls)}" title="{html.escape(title)}"'
        out.append(f"<mark {attrs}>{html.escape(text[start:end])}</mark>")
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _row(seg: Segment) -> str:
    src_spans = [(t.start, t.end, "term", f"{t.entry_id} → {t.target}") for t in seg.terms]
    target = seg.target if seg.target is not None else (seg.mt or "")
    tgt_spans = [
        (
            e.target_start,
            e.target_end,
            str(e.status),
            f"{e.entry_id}: {e.status}" + (f" (from {e.repaired_from})" if e.repaired_from else ""),
        )
        for e in seg.ledger
        if e.target_start is not None and e.target_end is not None
    ]
    return (
        f'<tr id="s{seg.index}"><td class="n">{seg.index}</td>'
        f'<td lang="zh-CN"><span class="kind">{html.escape(str(seg.kind))}</span><br>'
        f"{_highlight(seg.text, src_spans)}</td>"
        f'<td lang="en">{_highlight(target, tgt_spans)}</td></tr>'
    )


def bilingual_html(article: Article) -> str:
    title = article.metadata.title or article.id
    sig = signature_string(article.signature) if article.signature else "zh2en"
    rows = "\n".join(_row(s) for s in article.segments)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="generator" content="{html.escape(sig)}">'
        f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>\n"
        f"<h1>{html.escape(title)}</h1>\n"
        "<table><thead><tr><th>#</th><th>中文</th><th>English</th></tr></thead><tbody>\n"
        f"{rows}\n</tbody></table>\n"
        f"<footer>{html.escape(sig)}</footer>\n</body></html>\n"
    )


class BilingualHtmlWriter:
    """Bilingual side-by-side HTML page, glossary terms highlighted by ledger status."""

    name: ClassVar[str] = "bilingual-html"
    suffix: ClassVar[str] = ".bilingual.html"

    def render(self, article: Article) -> bytes:
        return bilingual_html(article).encode("utf-8")

    def write(self, article: Article, path: Any) -> None:
        atomic_write_text(path, bilingual_html(article))
