"""The glossary matcher: leftmost-longest, foreign-name traps, dates, offsets (hand-built entries)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zh2en.document import Article, Metadata, Segment, SegmentKind
from zh2en.glossary.matcher import Hit, Matcher, annotate, given_english
from zh2en.glossary.model import Entry, EntryStatus, EntryType
from zh2en.stages.normalize import normalize, normalize_for_match

P, PL, ORG, MEDIA = EntryType.PERSON, EntryType.PLACE, EntryType.ORGANIZATION, EntryType.MEDIA

ENTRIES = [
    Entry("place-kazakhstan", "哈萨克斯坦", "Kazakhstan", PL, ["哈萨克", "哈国"]),
    Entry("place-almaty", "阿拉木图", "Almaty", PL),
    Entry("place-sudan", "苏丹", "Sudan", PL),
    Entry("place-russia", "俄罗斯", "Russia", PL),
    Entry("media-tass", "塔斯社", "TASS", MEDIA),
    Entry("person-tokayev", "托卡耶夫", "Tokayev", P, en_variants=["Tokaev"]),
    Entry("person-kassym-jomart-tokayev", "卡瑟姆若马尔特·托卡耶夫", "Kassym-Jomart Tokayev", P),
    Entry("person-karin", "卡林", "Karin", P, ["卡琳"]),
    Entry("person-erlan-karin", "埃尔兰·卡林", "Erlan Karin", P),
    Entry("person-nursultan-nazarbayev", "努尔苏丹·纳扎尔巴耶夫", "Nursultan Nazarbayev", P),
    Entry("place-nur-sultan", "努尔苏丹", "Nur-Sultan", PL, valid_from="2019-03-23", valid_to="2022-09-17"),
    Entry("place-astana-before", "努尔苏丹", "Astana", PL, valid_to="2019-03-22"),
    Entry("place-astana-after", "努尔苏丹", "Astana", PL, valid_from="2022-09-18"),
    Entry("org-csto", "集体安全条约组织", "Collective Security Treaty Organization", ORG),
    Entry("org-csto-abbr", "集安组织", "CSTO", ORG),
]
M = Matcher(ENTRIES)


def found(text: str, matcher: Matcher = M, date: str | None = "2022-01-10") -> list[tuple[str, str]]:
    return [(h.surface, h.entry.id) for h in matcher.match(text, date=date)]


# -- leftmost, then longest ------------------------------------------------------------------


def test_longer_entries_win_over_contained_ones() -> None:
    assert found("哈萨克斯坦总统卡瑟姆若马尔特·托卡耶夫表示") == [
        ("哈萨克斯坦", "place-kazakhstan"),
        ("卡瑟姆若马尔特·托卡耶夫", "person-kassym-jomart-tokayev"),
    ]
    assert found("前总统努尔苏丹·纳扎尔巴耶夫回到努尔苏丹") == [
        ("努尔苏丹·纳扎尔巴耶夫", "person-nursultan-nazarbayev"),
        ("努尔苏丹", "place-nur-sultan"),
    ]
    assert found("在哈萨克阿拉木图机场") == [("哈萨克", "place-kazakhstan"), ("阿拉木图", "place-almaty")]


def test_leftmost_beats_longer_later_overlap() -> None:
    m = Matcher([Entry("a", "甲乙", "AB"), Entry("b", "乙丙丁", "BCD")])
    assert found("甲乙丙丁", m) == [("甲乙", "a")]
    assert found("乙丙丁", m) == [("乙丙丁", "b")]


# -- a short entry inside a foreign name is not a match ---------------------------------------


def test_sudan_is_never_matched_inside_a_name() -> None:
    # The person 苏丹·贾马尔·阿尔迪诺夫 is not in this glossary: 苏丹 followed by · is a given name.
    assert found("哈萨克斯坦副国防部长苏丹·贾马尔·阿尔迪诺夫表示") == [("哈萨克斯坦", "place-kazakhstan")]
    # Without any 努尔苏丹 entry, 苏丹 is still a fragment of the longer transliterated word.
    bare = Matcher([e for e in ENTRIES if e.zh != "努尔苏丹" and "努尔苏丹" not in e.zh])
    assert found("武装分子计划袭击首都努尔苏丹。", bare) == []
    assert found("努尔苏丹·纳扎尔巴耶夫", bare) == []
    # 苏丹 standing on its own is Sudan, also before a common word.
    assert found("他访问了苏丹和南苏丹西部") == [("苏丹", "place-sudan"), ("苏丹", "place-sudan")]


def test_person_surname_after_separator_matches_but_given_name_does_not() -> None:
    only_surnames = Matcher([e for e in ENTRIES if "·" not in e.zh])
    assert found("总统卡瑟姆若马尔特·托卡耶夫说", only_surnames) == [("托卡耶夫", "person-tokayev")]
    # 卡林 followed by · is somebody's given name, not Erlan Karin.
    assert found("卡林·阿卜杜拉耶夫表示", only_surnames) == []


def test_separator_between_two_places_is_a_list_separator() -> None:
    assert found("哈萨克斯坦·阿拉木图报道") == [
        ("哈萨克斯坦", "place-kazakhstan"),
        ("阿拉木图", "place-almaty"),
    ]


def test_glued_neighbour_that_is_itself_a_term_does_not_reject() -> None:
    assert found("据俄罗斯塔斯社报道") == [("俄罗斯", "place-russia"), ("塔斯社", "media-tass")]
    # …but an unexplained transliterated tail does: 哈萨克 inside 哈萨克斯坦 without that entry.
    short = Matcher([Entry("kz", "哈萨克", "Kazakhstan", PL)])
    assert found("哈萨克斯坦总统", short) == []
    assert found("哈萨克总统", short) == [("哈萨克", "kz")]


# -- normalization: Traditional, separators, widths ------------------------------------------


def test_traditional_separators_and_width_variants_match() -> None:
    raw = "哈薩克斯坦總統卡瑟姆若馬爾特•托卡耶夫與ＣＳＴＯ"
    text, offsets = normalize(raw)
    hits = M.match(text, date="2022-01-12")
    assert [h.entry.id for h in hits] == ["place-kazakhstan", "person-kassym-jomart-tokayev"]
    spans = [raw[slice(*offsets.to_raw(h.start, h.end))] for h in hits]
    assert spans == ["哈薩克斯坦", "卡瑟姆若馬爾特•托卡耶夫"]
    for sep in "·•‧・･":
        assert found(normalize_for_match(f"埃尔兰{sep}卡林说")) == [("埃尔兰·卡林", "person-erlan-karin")]


def test_entry_forms_are_normalized_too() -> None:
    m = Matcher([Entry("kz", "哈薩克斯坦", "Kazakhstan", PL, ["埃爾蘭・卡林"])])
    assert found("哈萨克斯坦的埃尔兰·卡林", m) == [("哈萨克斯坦", "kz"), ("埃尔兰·卡林", "kz")]


# -- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "english"),
    [("2018-05-01", "Astana"), ("2019-03-23", "Nur-Sultan"), ("2022-01-10", "Nur-Sultan"),
     ("2022-09-17", "Nur-Sultan"), ("2022-09-18", "Astana"), ("2024-01-01", "Astana")],
)  # fmt: skip
def test_date_chooses_nur_sultan_or_astana(date: str, english: str) -> None:
    (hit,) = M.match("首都努尔苏丹", date=date)
    assert hit.target == english
    assert hit.note == ""


def test_no_date_prefers_entry_valid_today_and_says_so() -> None:
    (hit,) = M.match("首都努尔苏丹", date=None)
    today = dt.date.today().isoformat()
    expected = "Nur-Sultan" if "2019-03-23" <= today <= "2022-09-17" else "Astana"
    assert hit.target == expected
    assert today in hit.note
    (undated,) = M.match("托卡耶夫", date=None)
    assert undated.note == ""


def test_form_with_no_entry_valid_on_the_date_is_not_a_match() -> None:
    m = Matcher([Entry("t", "土耳其", "Türkiye", PL, valid_from="2022-06-01")])
    assert found("土耳其外长", m, date="2022-01-12") == []
    assert found("土耳其外长", m, date="2023-01-12") == [("土耳其", "t")]


def test_dated_entry_beats_undated_one() -> None:
    m = Matcher([Entry("u", "甲乙", "Plain"), Entry("d", "甲乙", "Dated", valid_from="2020-01-01")])
    assert M is not m
    assert [h.target for h in m.match("甲乙", date="2021-01-01")] == ["Dated"]
    assert [h.target for h in m.match("甲乙", date="2019-01-01")] == ["Plain"]


# -- status -----------------------------------------------------------------------------------


def test_only_approved_entries_match_by_default() -> None:
    entries = [
        Entry("p", "托卡耶夫", "Tokayev", P, status=EntryStatus.PROPOSED),
        Entry("d", "阿拉木图", "Alma-Ata", PL, status=EntryStatus.DEPRECATED),
    ]
    assert found("托卡耶夫在阿拉木图", Matcher(entries)) == []
    assert found("托卡耶夫在阿拉木图", Matcher(entries, include_proposed=True)) == [("托卡耶夫", "p")]


# -- English given in the source --------------------------------------------------------------


def test_given_english_in_parentheses() -> None:
    (hit,) = M.match("国务秘书埃尔兰·卡林(Erlan Karin)在社交媒体上表示")
    assert (hit.entry.id, hit.given_en) == ("person-erlan-karin", "Erlan Karin")
    hits = M.match("集体安全条约组织(集安组织,CSTO)军事同盟")
    assert [(h.surface, h.given_en) for h in hits] == [("集体安全条约组织", "CSTO"), ("集安组织", None)]
    assert given_english("（Tengiz）的石油", 0) == "Tengiz"
    assert given_english("(简称“集安组织”)", 0) is None
    assert given_english("说(", 1) is None


# -- annotate ---------------------------------------------------------------------------------


def _article(raw: str, date: str | None) -> Article:
    segments = []
    pos = 0
    for i, line in enumerate(raw.split("\n")):
        if line.strip():
            text, offsets = normalize(line, pos)
            segments.append(Segment(i, i, SegmentKind.BODY, text, pos, pos + len(line), offsets))
        pos += len(line) + 1
    return Article("t", None, raw, Metadata(date=date), segments)


def test_annotate_fills_terms_with_raw_offsets_and_date_aware_target() -> None:
    raw = "標題\n哈薩克總統托卡耶夫稱\u3000武裝分子計劃襲擊首都努爾蘇丹。\n國務秘書卡琳說"
    article = _article(raw, "2022-01-11")
    annotate(article, M)
    terms = [t for s in article.segments for t in s.terms]
    assert [(t.entry_id, raw[t.raw_start : t.raw_end], t.target) for t in terms] == [
        ("place-kazakhstan", "哈薩克", "Kazakhstan"),
        ("person-tokayev", "托卡耶夫", "Tokayev"),
        ("place-nur-sultan", "努爾蘇丹", "Nur-Sultan"),
        ("person-karin", "卡琳", "Karin"),
    ]
    tok = terms[1]
    assert tok.variants_en == ["Tokaev"] and tok.type == "person" and tok.source == "托卡耶夫"
    seg = article.segments[1]
    assert seg.text[tok.start : tok.end] == tok.surface == "托卡耶夫"
    # Re-annotating replaces, and the article still round-trips.
    annotate(article, M)
    assert [len(s.terms) for s in article.segments] == [0, 3, 1]
    assert Article.from_dict(article.to_dict()).segments[1].terms == seg.terms
    # An explicit date overrides the article's.
    annotate(article, M, date="2023-01-01")
    assert [t.target for t in article.segments[1].terms] == ["Kazakhstan", "Tokayev", "Astana"]


def test_empty_inputs() -> None:
    assert Matcher([]).match("托卡耶夫") == []
    assert M.match("") == []
    assert len(M) == len({normalize_for_match(f) for e in ENTRIES for f in e.zh_forms})


# -- properties -------------------------------------------------------------------------------

PIECES = [
    *(f for e in ENTRIES for f in e.zh_forms),
    "哈薩克斯坦", "努爾蘇丹", "托卡耶夫", "埃爾蘭•卡林", "苏丹", "·", "・", "‧", "•", "･",
    "斯坦", "的", "在", "和", "，", " ", "\u3000", "(Erlan Karin)", "（Tengiz）", "Ａ", "\u200b",
    "贾马尔", "阿尔", "纳扎尔巴耶夫", "尔",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=25), st.sampled_from([None, "2018-01-01", "2022-01-10"]))
def test_hits_slice_the_original_text_and_never_overlap(pieces: list[str], date: str | None) -> None:
    raw = "".join(pieces)
    text, offsets = normalize(raw, strip=False)
    hits = M.match(text, date=date)
    last_end = 0
    for hit in hits:
        assert isinstance(hit, Hit)
        assert text[hit.start : hit.end] == hit.surface
        assert hit.start >= last_end  # sorted and non-overlapping
        last_end = hit.end
        raw_start, raw_end = offsets.to_raw(hit.start, hit.end)
        assert normalize_for_match(raw[raw_start:raw_end]) == hit.surface
        assert hit.entry.valid_on(date or dt.date.today().isoformat())


TOY = [
    Entry(f"k{i}", form, form)
    for i, form in enumerate(["甲乙", "甲乙丙", "乙丙丁", "丙", "丁甲乙丙丁", "戊"])
]
TOY_M = Matcher(TOY)


def _leftmost_longest(text: str) -> list[tuple[int, int]]:
    keys = sorted({e.zh for e in TOY}, key=len, reverse=True)
    out, i = [], 0
    while i < len(text):
        key = next((k for k in keys if text.startswith(k, i)), None)
        if key is None:
            i += 1
        else:
            out.append((i, i + len(key)))
            i += len(key)
    return out


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="甲乙丙丁戊己", max_size=40))
def test_policy_is_leftmost_longest_without_name_context(text: str) -> None:
    """No transliteration characters or separators here, so only rule 1 applies."""
    assert [(h.start, h.end) for h in TOY_M.match(text)] == _leftmost_longest(text)
