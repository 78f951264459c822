"""Property tests: segment offsets always lead back to the raw text that produced them."""

from __future__ import annotations

import html

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zh2en.document import Article
from zh2en.ingest import ingest_text
from zh2en.stages.normalize import normalize
from zh2en.stages.split import split_sentences

# Pieces of text a scraped Chinese page mixes: Simplified and Traditional characters (ones
# OpenCC converts the same with or without context), name separators, full-width letters,
# digits and punctuation, Latin words, odd spaces and zero-width characters.
PIECES = [
    *"哈萨克斯坦总统托卡耶夫表示集安组织维和部队撤离阿拉木图",
    *"薩總統組織維部隊撤離圖們說這國會",
    *"·•‧・･",
    *"ＡＢＣｘｙｚ０１２９",
    *"，。！？、；：（）“”「」《》…",
    *",.!?:;()'\"-",
    "Erlan Karin",
    "CSTO",
    "1.75",
    "17:13",
    " ",
    "\t",
    "\u00a0",
    "\u3000",
    "\u200b",
    "\ufeff",
    "……",
    "。”",
    "！」",
]

line = st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map("".join)
document = st.lists(line, min_size=1, max_size=8).flatmap(
    lambda lines: st.sampled_from(["\n", "\r\n", "\n\n"]).map(lambda sep: sep.join(lines))
)


def check_offsets(article: Article, *, unescape: bool = False) -> None:
    raw = article.raw_text
    for seg in article.segments:
        assert seg.text
        assert 0 <= seg.start < seg.end <= len(raw)
        assert seg.offsets.to_raw(0, len(seg.text)) == (seg.start, seg.end)
        for run in seg.offsets.runs:
            piece = raw[run.r0 : run.r1]
            if unescape and not run.exact:
                piece = html.unescape(piece)
            assert normalize(piece, strip=False)[0] == seg.text[run.t0 : run.t1], (piece, run)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document)
def test_plain_text_segments_reproduce_their_source(raw: str) -> None:
    if not raw.strip():
        return
    try:
        article = ingest_text(raw, reader="text")
    except Exception as exc:  # only "nothing to ingest" is acceptable
        assert "only whitespace" in str(exc)
        return
    check_offsets(article)
    for seg in article.segments:
        # The segment's source, normalized on its own, is the segment text.
        assert normalize(raw[seg.start : seg.end])[0] == seg.text


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from([*PIECES, "&amp;", "&middot;", "&#x5468;", "&ldquo;", "<b>", "</b>", "<br>"]),
        min_size=1,
    )
)
def test_html_segments_map_entities_and_skip_tags(pieces: list[str]) -> None:
    raw = "<html><body><p>" + "".join(pieces) + "</p></body></html>"
    try:
        article = ingest_text(raw, reader="html")
    except Exception as exc:
        assert "only whitespace" in str(exc)
        return
    check_offsets(article, unescape=True)


@given(line)
def test_split_spans_cover_the_text_in_order(text: str) -> None:
    spans = split_sentences(text)
    last = 0
    for a, b in spans:
        assert last <= a < b <= len(text)
        assert text[a:b] == text[a:b].strip()
        last = b
    # Everything outside the spans is whitespace.
    assert "".join(text.split()) == "".join("".join(text[a:b] for a, b in spans).split())


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document, st.booleans())
def test_jsonl_segments_map_escapes_back_into_the_line(text: str, ascii_only: bool) -> None:
    import json

    line = json.dumps({"id": "x", "title": "标题", "text": text}, ensure_ascii=ascii_only)
    try:
        article = ingest_text(line, reader="jsonl")
    except Exception as exc:
        assert "only whitespace" in str(exc)
        return
    assert article.raw_text == line
    raw = article.raw_text
    for seg in article.segments:
        assert seg.offsets.to_raw(0, len(seg.text)) == (seg.start, seg.end)
        for run in seg.offsets.runs:
            # The raw piece is part of a JSON string literal, whole escapes included.
            piece = json.loads(f'"{raw[run.r0 : run.r1]}"')
            assert normalize(piece, strip=False)[0] == seg.text[run.t0 : run.t1], (piece, run)
