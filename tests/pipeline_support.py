"""Hand-built articles and a tiny glossary stand-in for the pipeline tests.

They mirror the contracts of ``zh2en.ingest`` and ``zh2en.glossary`` closely enough to test
the pipeline on real seed sentences without depending on those packages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from zh2en.document import Article, Metadata, OffsetMap, Segment, SegmentKind, TermMatch
from zh2en.engines.base import EngineRequest
from zh2en.util import sha256_text

_SENT = re.compile(r"[^。！？]+[。！？”]*")


def make_article(article_id: str, paragraphs: Sequence[str], *, date: str | None = "2022-01-10") -> Article:
    """An Article whose raw text is ``paragraphs`` joined by blank lines; sentences split at 。！？."""
    raw = "\n\n".join(paragraphs)
    segments: list[Segment] = []
    pos = 0
    for p, par in enumerate(paragraphs):
        start = raw.index(par, pos)
        for m in _SENT.finditer(par):
            s, e = start + m.start(), start + m.end()
            kind = SegmentKind.TITLE if p == 0 else SegmentKind.BODY
            segments.append(Segment(len(segments), p, kind, raw[s:e], s, e, OffsetMap.identity(e - s, s)))
        pos = start + len(par)
    return Article(article_id, f"{article_id}.txt", raw, Metadata(title=paragraphs[0], date=date), segments)


@dataclass
class FakeEntry:
    id: str
    zh: str
    en: str
    variants: tuple[str, ...] = ()


SEED_TERMS = [
    FakeEntry("tokayev", "托卡耶夫", "Tokayev", ("Tokaev", "Tokayef")),
    FakeEntry("csto", "集安组织", "CSTO", ("Collective Security Organization", "CSO")),
    FakeEntry(
        "csto-full",
        "集体安全条约组织",
        "Collective Security Treaty Organization",
        ("Collective Security Organisation of the Treaty",),
    ),
    FakeEntry("nur-sultan", "努尔苏丹", "Nur-Sultan", ("Nursultan", "Nur Sultan")),
    FakeEntry("nazarbayev", "努尔苏丹·纳扎尔巴耶夫", "Nursultan Nazarbayev", ("Nursultan Nazarbaev",)),
    FakeEntry("karin", "埃尔兰·卡林", "Erlan Karin", ("Erlan Carin",)),
    FakeEntry("almaty", "阿拉木图", "Almaty", ("Alma-Ata",)),
    FakeEntry("putin", "普京", "Putin", ()),
]


class FakeGlossary:
    """Leftmost-longest substring matching with source-given English; has ``hash``/``annotate``."""

    def __init__(self, entries: Sequence[FakeEntry] = SEED_TERMS) -> None:
        self.entries = list(entries)
        self.hash = sha256_text(repr(self.entries))

    def annotate(self, article: Article) -> None:
        forms = sorted(self.entries, key=lambda e: -len(e.zh))
        for seg in article.segments:
            seg.terms = []
            i = 0
            while i < len(seg.text):
                hit = next((e for e in forms if seg.text.startswith(e.zh, i)), None)
                if hit is None:
                    i += 1
                    continue
                end = i + len(hit.zh)
                given = re.match(r"[(（]([A-Za-z][A-Za-z .'-]*)[)）]", seg.text[end:])
                rs, re_ = seg.offsets.to_raw(i, end)
                seg.terms.append(
                    TermMatch(
                        hit.id,
                        hit.zh,
                        hit.zh,
                        i,
                        end,
                        rs,
                        re_,
                        hit.en,
                        variants_en=list(hit.variants),
                        given_en=given.group(1) if given else None,
                    )
                )
                i = end


SEED_ARTICLE = [
    "哈国高官：反恐由我们自己负责，集安组织维和部队今后将全部撤出",
    "哈萨克斯坦总统托卡耶夫确认，哈国的骚乱是一场“未遂政变”，俄罗斯牵头的维和行动将很快结束。"
    "此前，俄罗斯牵头的独联体集体安全条约组织（简称“集安组织”）维和部队入哈国维和，却引发西方国家的非议。",
    "10日，哈萨克斯坦国务秘书埃尔兰·卡林(Erlan Karin)在社交媒体上表示，"
    "“我们已多次强调，集安组织的任务完全是维和任务，"
    "预计时间很短。一旦局势稳定，集安组织维和特遣队将全部撤出。",
    "在通过视频举行并讨论哈萨克斯坦事件的峰会上，托卡耶夫总统表示，所谓的破坏性力量不止一次试图破坏该国的局势，"
    "并指出，武装分子计划袭击首都努尔苏丹。",
]


class RecordingEngine:
    """Wraps the dictionary rendering; records every batch it was sent."""

    name: ClassVar[str] = "recording"
    glossary_strategy: ClassVar[str] = "placeholder"

    def __init__(self, strategy: str = "placeholder", max_input_tokens: int | None = None) -> None:
        from zh2en.engines.dictionary import render

        self._render = render
        self.batches: list[list[str]] = []
        self.glossary_strategy = strategy  # type: ignore[misc]
        if max_input_tokens is not None:
            self.max_input_tokens = max_input_tokens

    def translate_batch(self, batch: Sequence[EngineRequest]) -> list[str]:
        self.batches.append([r.text for r in batch])
        return [self._render(r.text) for r in batch]

    def signature(self) -> dict[str, Any]:
        return {"name": self.name, "model": "recording", "strategy": self.glossary_strategy}
