"""Glossary-term checks: missing, wrong variant, inconsistent across the batch; the table."""

from __future__ import annotations

import pytest

from qa_helpers import load_test_glossary, make_article
from zh2en.checks import run_checks, term_consistency_table
from zh2en.checks.terms import segment_occurrences
from zh2en.document import Article, LedgerEntry, TermMatch, TermStatus

GLOSSARY = load_test_glossary()
COUP = "哈萨克斯坦总统托卡耶夫确认,哈国的骚乱是一场“未遂政变”,俄罗斯牵头的维和行动将很快结束。"


def _checks(art: Article) -> list[list[str]]:
    return [sorted(f.check for f in s.findings if f.check.startswith("term")) for s in art.segments]


def _art(pairs: list[tuple[str, str]], date: str = "2022-01-10", art_id: str = "a") -> Article:
    return make_article(art_id, list(pairs), date=date, entries=GLOSSARY)


def test_canonical_with_possessive_plural_or_case_is_fine() -> None:
    art = _art(
        [
            (COUP, "Tokayev's government confirmed it."),
            (COUP, "PRESIDENT TOKAYEV confirmed it."),
            ("集安组织维和部队", "CSTOs peacekeepers"),
        ]
    )
    run_checks([art], only=["terms"])
    assert _checks(art) == [[], [], []]


def test_missing_term_has_source_span_and_suggestion() -> None:
    art = _art([(COUP, "The president confirmed that the unrest was an attempted coup.")])
    run_checks([art], only=["term-missing"])
    (f,) = art.segments[0].findings
    assert f.check == "term-missing" and f.severity == "warning"
    assert art.segments[0].text[slice(*f.source_span)] == "托卡耶夫"  # type: ignore[misc]
    assert "'Tokayev'" in f.message and f.suggestion and "Tokayev" in f.suggestion


def test_variant_is_reported_with_its_target_span() -> None:
    target = "Kazakh President Tokaev confirmed it; Tokayev said so too."
    art = _art([(COUP + "托卡耶夫也这么说。", target)])
    run_checks([art], only=["terms"])
    (f,) = art.segments[0].findings
    assert f.check == "term-variant" and f.severity == "error"
    assert target[slice(*f.target_span)] == "Tokaev"  # type: ignore[misc]
    assert f.suggestion == "replace 'Tokaev' with 'Tokayev'"


def test_variant_inside_another_terms_canonical_is_not_a_hit() -> None:
    # "Nursultan" is a wrong variant of the city 努尔苏丹 but part of the name 努尔苏丹·纳扎尔巴耶夫.
    art = _art([("努尔苏丹·纳扎尔巴耶夫在努尔苏丹。", "Nursultan Nazarbayev is in Nur-Sultan.")])
    run_checks([art], only=["terms"])
    assert _checks(art) == [[]]


def test_date_aware_expectation() -> None:
    src = "(努尔苏丹11日讯)托卡耶夫周二告诉国会。"
    old = _art([(src, "(Astana, 11th) Tokayev told parliament on Tuesday.")], date="2022-01-11")
    new = _art([(src, "(Astana, 11th) Tokayev told parliament on Tuesday.")], date="2023-01-11")
    run_checks([old, new], only=["terms"])
    assert _checks(old) == [["term-variant"]]
    assert _checks(new) == [[]]
    # and the table keeps the two eras apart
    rows = {(r.entry_id, r.expected): r for r in term_consistency_table([old, new])}
    assert rows[("nur-sultan", "Nur-Sultan")].renderings == {"Astana": 1}
    assert rows[("astana", "Astana")].renderings == {"Astana": 1}


def test_long_form_with_abbreviation_accepts_either() -> None:
    from zh2en.document import TermMatch

    art = make_article(
        "a", [("集安组织", "the CSTO"), ("集安组织", "the Collective Security Treaty Organization")]
    )
    for seg in art.segments:
        seg.terms = [
            TermMatch(
                "csto", "集安组织", "集安组织", 0, 4, 0, 4, "Collective Security Treaty Organization (CSTO)"
            )
        ]
    run_checks([art], only=["terms"])
    assert _checks(art) == [[], []]


def test_near_miss_is_named_in_the_missing_finding() -> None:
    art = _art(
        [("克里姆林宫发言人德米特里·佩斯科夫周二表示。", "Kremlin spokesman Dmitri Peskov said on Tuesday.")]
    )
    run_checks([art], only=["terms"])
    (f,) = art.segments[0].findings
    assert f.check == "term-missing" and "'Dmitri Peskov'" in f.message and "misspelling" in f.message
    assert art.segments[0].target[slice(*f.target_span)] == "Dmitri Peskov"  # type: ignore[index, misc]


def test_inconsistency_across_segments_and_articles_and_the_table() -> None:
    a1 = _art(
        [(COUP, "President Tokayev confirmed it."), (COUP, "President Tokaev confirmed it.")], art_id="a1"
    )
    a2 = _art([(COUP, "President Tokayev confirmed it.")], art_id="a2")
    run_checks([a1, a2], only=["terms"])
    assert _checks(a1) == [[], ["term-inconsistent", "term-variant"]]
    assert _checks(a2) == [[]]
    (f,) = [f for f in a1.segments[1].findings if f.check == "term-inconsistent"]
    assert "'Tokaev' here but 'Tokayev' 2 time(s)" in f.message
    row = next(r for r in term_consistency_table([a1, a2]) if r.entry_id == "tokayev")
    assert row.renderings == {"Tokayev": 2, "Tokaev": 1}
    assert not row.consistent and row.articles == ["a1", "a2"]
    assert row.to_dict()["consistent"] is False


def test_consistent_variant_use_is_not_inconsistent() -> None:
    art = _art([(COUP, "President Tokaev confirmed it."), (COUP, "Tokaev confirmed it again.")])
    run_checks([art], only=["terms"])
    assert _checks(art) == [["term-variant"], ["term-variant"]]


def test_ledger_rendering_counts_in_the_table() -> None:
    art = _art([(COUP, "President Tokajew confirmed it.")])
    seg = art.segments[0]
    seg.ledger = [
        LedgerEntry("tokayev", "托卡耶夫", "Tokayev", TermStatus.MISSING, found="President Tokajew")
    ]
    (occ,) = segment_occurrences(seg)
    assert occ.status in ("near", "ledger") and occ.rendering
    row = next(r for r in term_consistency_table([art]) if r.entry_id == "tokayev")
    assert sum(row.renderings.values()) == 1 and row.missing == 0


def test_segment_without_terms_is_not_checked() -> None:
    art = make_article("a", [(COUP, "Something else entirely.")])  # no glossary annotation
    run_checks([art], only=["terms"])
    assert _checks(art) == [[]]


def _place(zh: str, en: str, variants: list[str] | None = None) -> list[TermMatch]:
    return [TermMatch("p", zh, zh, 0, len(zh), 0, len(zh), en, type="place", variants_en=variants or [])]


@pytest.mark.parametrize(
    ("en", "target", "ok"),
    [
        ("Russia", "the Russian-led peacekeeping operation", True),
        ("Russia", "once Russians arrive", True),
        ("Kazakhstan", "Kazakh President Tokayev", True),
        ("Uzbekistan", "the Uzbek foreign minister", True),
        ("Italy", "an Italian hospital", True),
        ("Turkey", "the Turkish foreign minister", True),
        ("United States", "US Secretary of State Blinken", True),
        ("United States", "once Americans arrive", True),
        ("Soviet Union", "former Soviet republics", True),
        ("China", "he raised his chin", False),  # case-sensitive stem
        ("United States", "some of us", False),
        ("Ukraine", "near the border", False),
    ],
)
def test_place_adjectives_render_the_place(en: str, target: str, ok: bool) -> None:
    art = make_article("a", [("地名", target)])
    art.segments[0].terms = _place("地名", en)
    run_checks([art], only=["term-missing"])
    assert (art.segments[0].findings == []) is ok


def test_adjective_does_not_hide_a_variant() -> None:
    art = make_article("a", [("俄罗斯", "the Russian Federation said")])
    art.segments[0].terms = _place("俄罗斯", "Russia", ["Russian Federation"])
    run_checks([art], only=["terms"])
    assert [f.check for f in art.segments[0].findings] == ["term-variant"]


def test_ambiguous_ledger_entries_become_findings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Seed 002 alone has no date and no dated neighbour: 努尔苏丹 could be Nur-Sultan or Astana.
    from zh2en.formats.jsonl import read_article_jsonl

    from conftest import run_cli, seed

    def run(*extra: str) -> list[tuple[str, str]]:
        out = tmp_path / ("out" + "".join(extra).replace("-", ""))
        res = run_cli(
            "translate", str(seed("002")), "-o", str(out), "--engine", "dictionary", "--no-tm", *extra
        )
        assert res.returncode == 0, res.stderr
        (jsonl,) = out.glob("*.jsonl")
        art = read_article_jsonl(jsonl)
        return [
            (f.check, s.text[f.source_span[0] : f.source_span[1]] if f.source_span else "")
            for s in art.segments
            for f in s.findings
            if f.check == "term-ambiguous"
        ]

    assert ("term-ambiguous", "努尔苏丹") in run()
    assert run("--date", "2022-01-11") == []
