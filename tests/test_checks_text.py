"""Untranslated, omission, repetition, punctuation and batch-consistency checks."""

from __future__ import annotations

import pytest

from qa_helpers import make_article
from zh2en.checks import run_checks
from zh2en.checks.omission import MIN_HAN, SHORT_RATIO, length_ratio
from zh2en.document import Article

MOSCOW = (
    "自2020年底以来，莫斯科支持了白俄罗斯领导人反对民众起义的行动，干预阻止了阿塞拜疆和亚美尼亚之间的战争，"
    "并在乌克兰附近再次集结了军队。"
)
MOSCOW_EN = (
    "Since the end of 2020, Moscow has backed the Belarusian leader against a popular uprising, intervened "
    "to stop a war between Azerbaijan and Armenia, and massed troops near Ukraine again."
)


def _run(src: str, tgt: str, only: str) -> list[tuple[str, str, str | None]]:
    art = make_article("a", [(src, tgt)])
    run_checks([art], only=[only])
    seg = art.segments[0]
    return [
        (f.check, tgt[slice(*f.target_span)] if f.target_span else "", f.suggestion) for f in seg.findings
    ]


# -- untranslated ------------------------------------------------------------------------------


def test_untranslated_runs_are_reported_each() -> None:
    got = _run("卡林说,阿拉木图。", "卡林 said it happened in 阿拉木图.", "untranslated-chinese")
    assert [(c, t) for c, t, _ in got] == [
        ("untranslated-chinese", "卡林"),
        ("untranslated-chinese", "阿拉木图"),
    ]


def test_identical_only_when_the_source_is_chinese() -> None:
    assert _run("2022-01-10 17:13 -", "2022-01-10 17:13 -", "untranslated") == []
    assert [c for c, _, _ in _run("哈萨克斯坦", "哈萨克斯坦", "untranslated")] == ["identical-to-source"]


# -- omission ----------------------------------------------------------------------------------


def test_empty_and_short_targets() -> None:
    assert [c for c, _, _ in _run(MOSCOW, "", "omission")] == ["empty-target"]
    assert _run("-", "", "omission") == []  # nothing to translate
    assert _run(MOSCOW, MOSCOW_EN, "omission") == []
    assert [
        c for c, _, _ in _run(MOSCOW, "Since the end of 2020, Moscow has backed Belarus.", "omission")
    ] == ["short-target"]


def test_short_sources_are_exempt() -> None:
    src = "记者 崔璞玉"
    assert len(src) < MIN_HAN
    assert _run(src, "By Cui", "omission") == []


def test_ratio_model() -> None:
    assert length_ratio(MOSCOW, MOSCOW_EN) > 2 * SHORT_RATIO
    assert length_ratio("", "anything") == 1.0


# -- repetition --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tgt", "span"),
    [
        ("He said the the troops would leave.", "the the"),
        ("He said the troops troops troops would leave.", "troops troops troops"),
        (
            "They fought in the region in the region in the region today.",
            "in the region in the region in the region",
        ),
        (
            "It has rich oil and mineral resources, and rich oil and mineral resources, "
            "and rich oil and mineral resources.",
            "rich oil and mineral resources, and rich oil and mineral resources, and",
        ),
    ],
)
def test_repetition_loops(tgt: str, span: str) -> None:
    got = _run("他表示，这些部队将在10天内完全撤离该国。", tgt, "repetition-loop")
    if span == "the the":
        assert got[0][2] == "keep 'the' once (a decoding loop?)"
    assert [(c, t) for c, t, _ in got] == [("repetition-loop", span)]


@pytest.mark.parametrize(
    "tgt",
    [
        "What he had had was enough, and that that was true.",
        "Erlan Karin (Erlan Karin) spoke.",  # a duplicated gloss, not a loop
        "The CSTO said the CSTO would stay, and the CSTO left.",
        "Wait... what?!",
        "2,000 2,000 people",
    ],
)
def test_no_repetition_false_alarms(tgt: str) -> None:
    assert _run("他表示。", tgt, "repetition-loop") == []


CSTO_EN = "Collective Security Treaty Organization"


def test_long_glossary_name_repeated_by_the_source_is_no_loop() -> None:
    from zh2en.document import TermMatch

    src = "集体安全条约组织说，集体安全条约组织将撤出，集体安全条约组织部队。"
    tgt = (
        "The Collective Security Treaty Organization said the Collective Security Treaty Organization "
        "would leave, the Collective Security Treaty Organization forces."
    )
    art = make_article("a", [(src, tgt)])
    art.segments[0].terms = [
        TermMatch(
            "csto",
            "集体安全条约组织",
            "集体安全条约组织",
            i,
            i + 8,
            i,
            i + 8,
            "Collective Security Treaty Organization",
        )
        for i in (0, 10, 21)
    ]
    run_checks([art], only=["repetition-loop"])
    assert art.segments[0].findings == []
    art.segments[0].terms = []
    run_checks([art], only=["repetition-loop"])
    assert [f.check for f in art.segments[0].findings] == ["repetition-loop"]


def test_duplicated_gloss() -> None:
    got = _run("卡林(Erlan Karin)说。", "State Secretary Erlan Karin (Erlan Karin) said.", "duplicated-gloss")
    assert got == [("duplicated-gloss", "Erlan Karin (Erlan Karin)", "keep 'Erlan Karin' once")]
    assert _run("普莱斯（Ned Price）称。", "Spokesman Price (Ned Price) said.", "duplicated-gloss") == []
    assert _run("", "the Collective Security Treaty Organization (CSTO)", "duplicated-gloss") == []
    assert _run("", "a “single centre” (“single centre”)", "repetition-loop") == []
    assert len(_run("", "a “single centre” (“single centre”)", "duplicated-gloss")) == 1


# -- punctuation -------------------------------------------------------------------------------


def test_unbalanced_against_the_source() -> None:
    src_open = "“我们已多次强调，集安组织的任务完全是维和任务。"
    assert (
        _run(src_open, "“We have stressed many times that the mission is peacekeeping.", "punctuation") == []
    )
    got = _run("他说“很快”。", "He said “soon.", "punctuation")
    assert [(c, t) for c, t, _ in got] == [("unbalanced-brackets", "“")]
    assert [c for c, _, _ in _run("他说“很快”。", 'He said "soon.', "punctuation")] == ["unbalanced-brackets"]
    assert _run("他说“很快”。", 'He said "soon."', "punctuation") == []
    got = _run("仅570美元（约合人民币3600元）。", "only $570 (about 3,600 yuan.", "punctuation")
    assert [(c, t) for c, t, _ in got] == [("unbalanced-brackets", "(")]
    assert _run("", "the protesters' demands and the country’s ‘reform’", "punctuation") == []


def test_fullwidth_punctuation_but_not_curly_quotes() -> None:
    got = _run("", "As of Thursday，about 2,000（in Almaty）。", "punctuation")
    assert [(t, s) for _, t, s in got] == [
        ("，", "use ','"),
        ("（", "use '('"),
        ("）", "use ')'"),
        ("。", "use '.'"),
    ]
    assert _run("", "He said: “We support Kazakhstan.”", "punctuation") == []
    got = _run("", "about ４０％ of it\u3000now", "fullwidth-punctuation")
    assert [(t, s) for _, t, s in got] == [
        ("４", "use '4'"),
        ("０", "use '0'"),
        ("％", "use '%'"),
        ("\u3000", "use ' '"),
    ]


# -- batch consistency -------------------------------------------------------------------------


def test_same_source_translated_differently_in_the_batch() -> None:
    src = "截至周四，阿拉木图约有2000人被逮捕。"
    a = make_article("a", [(src, "As of Thursday, about 2,000 people had been arrested in Almaty.")])
    b = make_article("b", [(src, "By Thursday, some 2,000 people had been detained in Almaty.")])
    c = make_article("c", [(src, "as of thursday,  about 2,000 people had been arrested in almaty.")])
    arts: list[Article] = [a, b, c]
    run_checks(arts, only=["consistency"])
    assert a.segments[0].findings == [] and c.segments[0].findings == []
    (f,) = b.segments[0].findings
    assert f.check == "inconsistent-translation" and f.segment == 0
    assert f.suggestion == "As of Thursday, about 2,000 people had been arrested in Almaty."
    assert "article a, c" in f.message


def test_leftover_markup_unless_the_source_has_it() -> None:
    got = _run("托卡耶夫确认。", "⟦T0⟧ confirmed it <i>today</i> &amp; ▁then.", "leftover-markup")
    assert [t for _, t, _ in got] == ["⟦T0⟧", "<i>", "</i>", "&amp;", "▁"]
    assert _run("他写道<br>。", "He wrote <br>.", "leftover-markup") == []
    # the engine re-spaced the tag the source quotes: still the source's markup
    src = "有人贴出<img src=x onerror=alert(3)>。"
    assert _run(src, "Someone posted <img src=x onerror=alert (3)>.", "leftover-markup") == []
    assert _run(src, "Someone posted <b>it</b>.", "leftover-markup") != []
    assert _run("他说。", "x < y and y > z; AT&T; R&D", "leftover-markup") == []
