"""Glossary suggestions mined from the seed articles, and GB/T 28039 name romanization."""

from __future__ import annotations

from pathlib import Path

import pytest

from zh2en.glossary.formats import read_entries
from zh2en.glossary.model import Entry, EntryStatus, EntryType
from zh2en.glossary.pinyin import query_key, romanize_name, toneless
from zh2en.glossary.store import import_entries, load_glossary
from zh2en.glossary.suggest import Candidate, review_tsv, suggest, suggest_from_texts

from conftest import SEEDS, seed


@pytest.fixture(scope="module")
def seed_candidates() -> dict[str, Candidate]:
    return {c.zh: c for c in suggest([SEEDS])}


def test_english_given_in_parentheses(seed_candidates: dict[str, Candidate]) -> None:
    karin = seed_candidates["埃尔兰·卡林"]  # 埃尔兰·卡林(Erlan Karin), seed 000
    assert (karin.en, karin.type, karin.en_known) == ("Erlan Karin", EntryType.PERSON, True)
    assert "given-english" in karin.evidence
    assert any(c.startswith("000_") and "埃尔兰·卡林(Erlan Karin)" in c for c in karin.contexts)
    assert seed_candidates["普莱斯"].en == "Ned Price"  # seed 001
    assert seed_candidates["普萨基"].en == "Jen Psaki"
    assert seed_candidates["未遂政变"].en == "attempted coup d'etat"  # “未遂政变”(attempted coup d'etat)


def test_abbreviation_after_full_name(seed_candidates: dict[str, Candidate]) -> None:
    csto = seed_candidates["集体安全条约组织"]  # 集体安全条约组织(简称“集安组织”), seeds 000 and 001
    assert csto.zh_variants == ["集安组织"]
    assert csto.type == EntryType.ORGANIZATION
    assert "abbreviation" in csto.evidence
    assert {"000_5dd8653ae8bdcf7d", "001_fb868feeb5aa8ae5"} <= csto.articles
    assert "集安组织" not in seed_candidates  # only as the variant


def test_byline_names_romanized(seed_candidates: dict[str, Candidate]) -> None:
    cui = seed_candidates["崔璞玉"]  # "记者 崔璞玉", seed 001
    assert (cui.en, cui.type, cui.evidence) == ("Cui Puyu", EntryType.PERSON, {"byline"})
    ju = seed_candidates["鞠峰"]  # 【文/观察者网 鞠峰】, seed 000
    assert ju.en == "Ju Feng" and "byline of 观察者网" in ju.notes
    # 记者会 (press conference) and 哈萨克斯坦记者: are not bylines.
    assert not any(c.startswith(("会上", "西方")) for c in seed_candidates)


def test_transliterated_names(seed_candidates: dict[str, Candidate]) -> None:
    assert "卡瑟姆若马尔特·托卡耶夫" in seed_candidates  # seed 004, a ·-joined name stays whole
    tok = seed_candidates["托卡耶夫"]
    assert tok.en == "[tuo ka ye fu]" and not tok.en_known
    assert seed_candidates["德米特里·佩斯科夫"].type == EntryType.PERSON
    # Runs glued to neighbouring words are cut at names seen on their own.
    assert "达哈萨克斯坦" not in seed_candidates and "哈萨克斯坦派" not in seed_candidates


def test_ranking_by_frequency_and_evidence(seed_candidates: dict[str, Candidate]) -> None:
    ranked = list(seed_candidates.values())
    assert ranked == sorted(ranked, key=lambda c: -c.score)
    # Seen once with English beats seen once as a bare transliteration.
    assert seed_candidates["埃尔兰·卡林"].score > seed_candidates["德米特里·佩斯科夫"].score


def test_known_forms_are_skipped() -> None:
    known = [
        Entry(id="kazakhstan", zh="哈萨克斯坦", en="Kazakhstan", type=EntryType.PLACE),
        Entry(id="tokayev", zh="托卡耶夫", en="Tokayev", type=EntryType.PERSON),
        Entry(id="csto", zh="集体安全条约组织", en="CSTO", type=EntryType.ORGANIZATION),
        Entry(id="karin", zh="埃尔兰·卡林", en="Erlan Karin", type=EntryType.PERSON),
    ]
    cands = {c.zh: c for c in suggest([seed("000"), seed("001")], glossary=known)}
    assert not {"哈萨克斯坦", "托卡耶夫", "集体安全条约组织", "埃尔兰·卡林"} & set(cands)
    # The abbreviation of a known full name is suggested with the known English.
    abbr = cands["集安组织"]
    assert abbr.en == "CSTO" and "entry csto" in abbr.notes[0]


def test_text_patterns() -> None:
    docs = [
        (
            "a",
            [
                "美国国务院发言人普莱斯（Ned Price）称",
                "世界卫生组织（世卫组织）表示",
                "（记者 单田芳 曾国藩）",
            ],
        ),
        ("b", ["新华社阿斯塔纳1月5日电（记者 区家麟）", "加入世界贸易组织(以下简称世贸组织)后"]),
    ]
    cands = {c.zh: c for c in suggest_from_texts(docs)}
    assert cands["普莱斯"].en == "Ned Price"
    assert cands["世界卫生组织"].zh_variants == ["世卫组织"]
    assert cands["世界贸易组织"].zh_variants == ["世贸组织"]
    assert (cands["单田芳"].en, cands["曾国藩"].en, cands["区家麟"].en) == (
        "Shan Tianfang",
        "Zeng Guofan",
        "Ou Jialin",
    )


@pytest.mark.parametrize(
    ("name", "roman"),
    [
        ("崔璞玉", "Cui Puyu"),
        ("鞠峰", "Ju Feng"),
        ("单雄信", "Shan Xiongxin"),
        ("曾志伟", "Zeng Zhiwei"),
        ("区永", "Ou Yong"),
        ("仇英", "Qiu Ying"),
        ("解缙", "Xie Jin"),
        ("欧阳修", "Ouyang Xiu"),
        ("司马光", "Sima Guang"),
        ("吕欣安", "Lü Xin'an"),
    ],
)
def test_gbt_28039_romanization(name: str, roman: str) -> None:
    assert romanize_name(name) == roman


def test_pinyin_keys() -> None:
    assert toneless("托卡耶夫") == "tuokayefu"
    assert toneless("埃尔兰·卡林") == "aierlankalin"
    assert query_key("Tuōkǎyēfū") == query_key("tuo ka ye fu") == "tuokayefu"
    assert query_key("Lü") == toneless("吕") == "lv"


def test_review_file_imports_as_proposed(tmp_path: Path) -> None:
    cands = suggest([seed("000"), seed("001")], limit=40)
    review = tmp_path / "review.tsv"
    review.write_text(review_tsv(cands), encoding="utf-8")
    first_rows = review.read_text("utf-8").splitlines()
    assert first_rows[0].startswith("#") and first_rows[3].split("\t")[-5:] == [
        "score",
        "count",
        "articles",
        "evidence",
        "contexts",
    ]
    entries = read_entries(review)
    assert len(entries) == len(cands)
    target = tmp_path / "proposed.tsv"
    res = import_entries(target, entries, status=EntryStatus.PROPOSED)
    assert len(res.added) == len(cands)
    g = load_glossary([target])
    karin = next(e for e in g if e.zh == "埃尔兰·卡林")
    assert (karin.id, karin.en, karin.status) == ("erlan-karin", "Erlan Karin", EntryStatus.PROPOSED)
    assert next(e for e in g if e.zh == "崔璞玉").id == "cui-puyu"
