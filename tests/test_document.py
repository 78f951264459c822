"""The data model: offset maps and lossless JSON round trips."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from zh2en.document import (
    Article,
    Finding,
    LedgerEntry,
    Metadata,
    OffsetMap,
    Segment,
    SegmentKind,
    Severity,
    TermMatch,
    TermStatus,
)


def test_identity_map_slices_raw() -> None:
    raw = "前言。哈萨克斯坦总统托卡耶夫表示。"
    m = OffsetMap.identity(len("哈萨克斯坦总统托卡耶夫表示。"), raw_start=3)
    assert m.to_raw(0, 5) == (3, 8)
    assert raw[slice(*m.to_raw(0, 5))] == "哈萨克斯坦"


def test_replacement_run_maps_to_its_edges() -> None:
    # derived "A&B" from raw "A&amp;B": the '&' came from 5 raw characters
    m = OffsetMap()
    m.add(0, 1, 0, 1)
    m.add(1, 2, 1, 6)
    m.add(2, 3, 6, 7)
    assert m.to_raw(1, 2) == (1, 6)
    assert m.to_raw(0, 3) == (0, 7)
    assert m.to_raw(2, 3) == (6, 7)
    assert OffsetMap.from_list(m.to_list()) == m


def test_gap_between_runs_is_dropped_raw_text() -> None:
    raw = "<p>托卡耶夫</p>"
    m = OffsetMap()
    m.add(0, 4, 3, 7)
    assert raw[slice(*m.to_raw(0, 4))] == "托卡耶夫"


@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), min_size=1, max_size=20), st.data())
def test_offset_map_spans_are_monotonic_and_in_range(
    runs: list[tuple[int, int]], data: st.DataObject
) -> None:
    m = OffsetMap()
    t = r = 0
    for tl, rl in runs:
        gap = data.draw(st.integers(0, 3))
        r += gap
        m.add(t, t + tl, r, r + rl)
        t += tl
        r += rl
    n = m.text_length
    i = data.draw(st.integers(0, n))
    j = data.draw(st.integers(i, n))
    a, b = m.to_raw(i, j)
    assert 0 <= a <= b <= r
    if j > i:
        a2, b2 = m.to_raw(i, n if n else 0)
        assert a2 == a and b2 >= b
    sliced = m.slice(i, j)
    assert sliced.text_length == j - i
    for k in range(j - i):
        assert sliced.to_raw(k, k + 1) == m.to_raw(i + k, i + k + 1)


def test_article_round_trips_through_json() -> None:
    raw = "哈萨克斯坦總統托卡耶夫"
    seg = Segment(
        index=0,
        paragraph=0,
        kind=SegmentKind.BODY,
        text="哈萨克斯坦总统托卡耶夫",
        start=0,
        end=len(raw),
        offsets=OffsetMap.identity(len(raw)),
        terms=[TermMatch("p-tokayev", "托卡耶夫", "托卡耶夫", 7, 11, 7, 11, "Tokayev", "person", ["Tokaev"])],
        mt="Kazakh President Tokaev",
        target="Kazakh President Tokayev",
        ledger=[
            LedgerEntry(
                "p-tokayev", "托卡耶夫", "Tokayev", TermStatus.REPAIRED, "Tokayev", "Tokaev", 17, 24, 7, 11
            )
        ],
        findings=[Finding("terms", Severity.WARNING, "repaired", 0, (7, 11), (17, 24), "Tokayev")],
        meta={"split": False},
    )
    art = Article(
        id="a1",
        source_path="x.txt",
        raw_text=raw,
        metadata=Metadata(title="t", date="2022-01-10", dateline_day=11),
        segments=[seg],
        findings=[Finding("consistency", Severity.INFO, "m")],
        signature={"engine": "dictionary"},
    )
    again = Article.from_json(art.to_json())
    assert again == art
    assert again.to_dict() == art.to_dict()
    assert again.segments[0].ledger[0].status is TermStatus.REPAIRED
    assert again.segments[0].findings[0].severity is Severity.WARNING
    assert again.segments[0].findings[0].source_span == (7, 11)


def test_article_text_joins_paragraphs() -> None:
    segs = [
        Segment(0, 0, SegmentKind.BODY, "一。", 0, 2, OffsetMap.identity(2)),
        Segment(1, 0, SegmentKind.BODY, "二。", 2, 4, OffsetMap.identity(2, 2)),
        Segment(2, 1, SegmentKind.BODY, "三。", 5, 7, OffsetMap.identity(2, 5)),
    ]
    art = Article(id="a", source_path=None, raw_text="一。二。\n三。", segments=segs)
    assert art.text == "一。二。\n\n三。"


def test_severity_rank_orders() -> None:
    assert Severity.INFO.rank < Severity.WARNING.rank < Severity.ERROR.rank
