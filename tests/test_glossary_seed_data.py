"""The shipped glossary (glossary/*.tsv) on the five seed articles: real hits, traps, dates."""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zh2en.glossary import load_glossary
from zh2en.glossary.lint import lint_glossary
from zh2en.glossary.matcher import Hit, Matcher
from zh2en.glossary.model import COLUMNS, Entry, EntryStatus
from zh2en.stages.normalize import normalize, normalize_for_match, to_simplified

from conftest import GLOSSARY, REPO, run_cli, seed

# Publication dates of the seeds (from their text/front matter; the reader finds them too).
SEED_DATES = {
    "000": "2022-01-10",
    "001": "2022-01-06",
    "002": "2022-01-11",
    "003": "2022-01-10",
    "004": "2022-01-12",
}
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


@functools.cache
def entries() -> list[Entry]:
    return load_glossary().entries


@functools.cache
def matcher() -> Matcher:
    return Matcher(entries())


@functools.cache
def seed_hits(prefix: str) -> tuple[str, tuple[Hit, ...]]:
    raw = seed(prefix).read_text(encoding="utf-8")
    text, _ = normalize(raw, strip=False)
    return text, tuple(matcher().match(text, date=SEED_DATES[prefix]))


def hits_for(prefix: str, surface: str) -> list[Hit]:
    return [h for h in seed_hits(prefix)[1] if h.surface == surface]


# -- the files --------------------------------------------------------------------------------


def test_files_have_the_header_and_lint_has_no_errors() -> None:
    for path in sorted(GLOSSARY.glob("*.tsv")):
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
        assert tuple(lines[0].split("\t")) == COLUMNS, path.name
        assert all(len(ln.split("\t")) == len(COLUMNS) for ln in lines), path.name
    findings = lint_glossary()
    assert [str(f) for f in findings if f.severity == "error"] == []
    # Warnings are only the intended nesting (short form inside a longer entry's form).
    assert {f.code for f in findings} <= {"contained-form"}


def test_rows_are_well_formed() -> None:
    es = entries()
    assert len(es) >= 100
    ids = Counter(e.id for e in es)
    assert [i for i, n in ids.items() if n > 1] == []
    for e in es:
        where = f"{e.file}:{e.line} ({e.id})"
        assert re.fullmatch(r"(person|org|place|media|term|event)-[a-z0-9-]+", e.id), where
        assert e.zh and e.en and e.source, where
        assert e.status == EntryStatus.APPROVED, where
        assert ISO.fullmatch(e.updated), where
        for d in (e.valid_from, e.valid_to):
            assert d is None or ISO.fullmatch(d), where
        assert e.en not in e.en_variants, where
        for text in [e.zh, *e.zh_variants, e.en, *e.en_variants, e.note, e.source]:
            assert text == text.strip() and "\u3000" not in text and "|" not in text, where
        # Traditional forms are listed only where OpenCC does not produce them itself.
        for form in e.zh_forms:
            assert to_simplified(form) == form, (
                f"{where}: {form!r} is Traditional; list {to_simplified(form)!r}"
            )


def test_shared_chinese_forms_have_disjoint_validity() -> None:
    by_key: dict[str, list[Entry]] = {}
    for e in entries():
        for form in {normalize_for_match(f) for f in e.zh_forms}:
            by_key.setdefault(form, []).append(e)
    for key, group in by_key.items():
        if len(group) < 2:
            continue
        for date in ["1990-01-01", "2011-06-27", "2011-06-28", "2019-03-22", "2019-03-23", "2022-01-10",
                     "2022-05-31", "2022-06-01", "2022-09-17", "2022-09-18", "2030-01-01"]:  # fmt: skip
            valid = [e.id for e in group if e.valid_on(date)]
            assert len(valid) <= 1, f"{key} on {date}: {valid}"


# -- real hits in the seeds -------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_tokayev_in_every_seed(prefix: str) -> None:
    text, _ = seed_hits(prefix)
    hits = hits_for(prefix, "托卡耶夫")
    assert len(hits) >= 3
    assert len(hits) == text.count("托卡耶夫") - text.count("·托卡耶夫")
    assert {(h.entry.id, h.target) for h in hits} == {("person-tokayev", "Tokayev")}


@pytest.mark.parametrize("prefix", ["000", "001", "002", "004"])
def test_csto_abbreviation(prefix: str) -> None:
    text, _ = seed_hits(prefix)
    hits = hits_for(prefix, "集安组织")
    assert len(hits) == text.count("集安组织") > 0
    assert {h.target for h in hits} == {"CSTO"}


def test_seed_002_uses_hazake_for_the_country_and_kalin_for_karin() -> None:
    text, _ = seed_hits("002")
    kz = hits_for("002", "哈萨克")
    assert len(kz) == text.count("哈萨克") == 10
    assert {h.target for h in kz} == {"Kazakhstan"}
    (karin,) = hits_for("002", "卡琳")
    assert (karin.entry.id, karin.target) == ("person-karin", "Karin")
    (full,) = hits_for("002", "集体安全条约组织")
    assert full.given_en == "CSTO"
    (ns,) = hits_for("002", "努尔苏丹")
    assert ns.target == "Nur-Sultan"


def test_seed_000_names_with_given_english() -> None:
    (erlan,) = hits_for("000", "埃尔兰·卡林")
    assert (erlan.entry.id, erlan.target, erlan.given_en) == (
        "person-erlan-karin",
        "Erlan Karin",
        "Erlan Karin",
    )
    assert {h.target for h in hits_for("000", "卡林")} == {"Karin"}
    assert len(hits_for("000", "卡林")) == 3  # 卡林说 / 卡林同样 / 卡林表示, not the one inside 埃尔兰·卡林
    assert [h.target for h in hits_for("000", "哈国安委")] == ["National Security Committee"]
    assert {h.target for h in hits_for("000", "哈国")} == {"Kazakhstan"}


def test_seed_001_given_english() -> None:
    given = {h.surface: h.given_en for h in seed_hits("001")[1] if h.given_en}
    assert given == {
        "阿齐尔贝克": "Saltanat Azirbek",
        "田吉兹": "Tengiz",
        "普莱斯": "Ned Price",
        "普萨基": "Jen Psaki",
    }


def test_seed_003_nested_names_and_sudan_trap() -> None:
    ids = {h.surface: h.entry.id for h in seed_hits("003")[1]}
    assert ids["苏丹·贾马尔·阿尔迪诺夫"] == "person-sultan-kamaletdinov"
    assert ids["弗拉基米尔·普京"] == "person-vladimir-putin"
    assert ids["卡里姆·马西莫夫"] == "person-karim-massimov"
    assert ids["基什门特"] == "place-shymkent"
    assert [h.target for h in hits_for("003", "努尔苏丹")] == ["Nur-Sultan", "Nur-Sultan"]


def test_seed_004_full_name_wins_over_surname() -> None:
    hits = seed_hits("004")[1]
    full = [h for h in hits if h.entry.id == "person-kassym-jomart-tokayev"]
    assert [h.surface for h in full] == ["卡瑟姆若马尔特·托卡耶夫"]
    ids = {h.surface: h.entry.id for h in hits}
    assert ids["巴格达·阿米里耶夫"] == "person-baghdad-amreyev"  # not Baghdad the city
    assert ids["德米特里·佩斯科夫"] == "person-dmitry-peskov"
    assert ids["梅夫吕特·恰武什奥卢"] == "person-mevlut-cavusoglu"
    assert ids["土耳其"] == "place-turkey"
    # Titles are longer entries than the ministries and the country they start with.
    assert "外交部" not in ids and ids["外交部长"] == "term-foreign-minister"


def test_sudan_is_never_matched_in_any_seed() -> None:
    for prefix in SEED_DATES:
        assert [h for h in seed_hits(prefix)[1] if h.entry.id in ("place-sudan", "place-baghdad")] == []


# Every named entity of the main article texts (sidebars aside), one per line: seed, surface, entry id.
EXPECTED = [
    tuple(line.split())
    for line in """
000 观察者网 media-guancha
000 鞠峰 person-ju-feng
000 塔斯社 media-tass
000 独联体 org-cis
000 阿拉木图 place-almaty
000 法新社 media-afp
000 布林肯 person-blinken
000 路透社 media-reuters
000 卫生部 org-health-ministry
000 国防部 org-defence-ministry
000 国务秘书 term-state-secretary
000 吉尔吉斯斯坦 place-kyrgyzstan
000 俄罗斯 place-russia
001 界面新闻 media-jiemian
001 崔璞玉 person-cui-puyu
001 视觉中国 media-vcg
001 俄新社 media-ria
001 莫斯科 place-moscow
001 白俄罗斯 place-belarus
001 阿塞拜疆 place-azerbaijan
001 亚美尼亚 place-armenia
001 乌克兰 place-ukraine
001 美国国务院 org-us-state-department
001 白宫 org-white-house
001 内政部 org-interior-ministry
001 苏联 place-soviet-union
002 国家安全委员会 org-kz-knb
002 萨索利 person-sassoli
002 欧洲议会 org-european-parliament
002 法新社 media-afp
003 半岛网 media-al-jazeera
003 欧洲通讯社 media-epa
003 纳扎尔巴耶夫 person-nazarbayev
003 马拉特·奥西波夫 person-marat-osipov
003 德夫莱特·埃尔戈津 person-daulet-ergozhin
003 颜色革命 term-colour-revolution
003 马西莫夫 person-massimov
004 突厥国家组织 org-turkic-states
004 阿里汗·斯迈洛夫 person-alikhan-smailov
004 斯迈洛夫 person-smailov
004 克里姆林宫 org-kremlin
004 恰武什奥卢 person-cavusoglu
004 伊斯兰会议组织 org-oic-new
004 半岛电视台 media-al-jazeera
004 乌兹别克斯坦 place-uzbekistan
004 集体安全条约 org-csto
001 外交部长 term-foreign-minister
003 国防部长 term-defence-minister
004 外长 term-foreign-minister
""".strip().splitlines()
]


@pytest.mark.parametrize(("prefix", "surface", "entry_id"), EXPECTED)
def test_seed_entities_are_found(prefix: str, surface: str, entry_id: str) -> None:
    assert entry_id in {h.entry.id for h in hits_for(prefix, surface)}


# -- Traditional script -----------------------------------------------------------------------


def test_traditional_paragraph_yields_same_entries_at_right_offsets() -> None:
    import opencc

    raw_s = seed("003").read_text(encoding="utf-8")
    para = next(line for line in raw_s.splitlines() if "努尔苏丹" in line and "托卡耶夫" in line)
    raw_t = str(opencc.OpenCC("s2t").convert(para))
    assert raw_t != para
    results = []
    for raw in (para, raw_t):
        text, offsets = normalize(raw)
        hits = matcher().match(text, date="2022-01-10")
        results.append([(h.entry.id, h.target) for h in hits])
        for h in hits:
            r0, r1 = offsets.to_raw(h.start, h.end)
            assert to_simplified(raw[r0:r1]) == h.surface
            if raw is raw_t:
                assert raw[r0:r1] == str(opencc.OpenCC("s2t").convert(h.surface))
    assert results[0] == results[1]
    assert ("place-nur-sultan", "Nur-Sultan") in results[1]
    assert ("person-tokayev", "Tokayev") in results[1]


def test_dates_choose_the_capital_name() -> None:
    text = "武装分子计划袭击首都努尔苏丹。"
    targets = {
        d: [h.target for h in matcher().match(text, date=d)]
        for d in ("2018-06-01", "2022-01-10", "2023-01-01")
    }
    assert targets == {"2018-06-01": ["Astana"], "2022-01-10": ["Nur-Sultan"], "2023-01-01": ["Astana"]}


# -- CLI: zh2en glossary match / stats ---------------------------------------------------------


def test_cli_match_json_offsets_slice_the_decoded_files(tmp_path: Path) -> None:
    import opencc

    para = next(ln for ln in seed("003").read_text(encoding="utf-8").splitlines() if "努尔苏丹" in ln)
    trad = tmp_path / "trad.txt"
    trad.write_text("2022年1月10日\n" + str(opencc.OpenCC("s2t").convert(para)) + "\n", encoding="utf-8")
    proc = run_cli("glossary", "match", str(seed("003")), str(trad), "--json", "--date", "2022-01-10")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["glossary"]["entries"] == len(entries())
    (art003, art_t) = data["articles"]
    for art, path in ((art003, seed("003")), (art_t, trad)):
        text = path.read_text(encoding="utf-8")
        assert art["hits"]
        for h in art["hits"]:
            assert text[h["start"] : h["end"]] == h["surface"]
            assert to_simplified(h["surface"]) == h["normalized"]
    assert art003["date_source"] == "article"
    by_surface = {h["surface"]: h for h in art_t["hits"]}
    assert by_surface["努爾蘇丹"]["target"] == "Nur-Sultan"
    assert by_surface["托卡耶夫"]["entry_id"] == "person-tokayev"
    assert [h["entry_id"] for h in art_t["hits"]] == [
        h.entry.id for h in matcher().match(normalize(para)[0], date="2022-01-10")
    ]


def test_cli_match_table_and_date_option() -> None:
    path = str(seed("002"))
    dated = run_cli("glossary", "match", path, "--date", "2022-01-11")
    assert dated.returncode == 0, dated.stderr
    assert "努尔苏丹  →  Nur-Sultan  [place-nur-sultan]" in dated.stdout
    assert "卡琳  →  Karin  [person-karin]" in dated.stdout
    assert (
        "集体安全条约组织  →  Collective Security Treaty Organization  [org-csto]  given: CSTO"
        in dated.stdout
    )
    assert "date: given (--date)" in dated.stdout
    # Without --date the dateline day (（努尔苏丹11日讯）) is completed from the batch: still 2022.
    folder = run_cli("glossary", "match", str(REPO / "seeds"), "--json")
    assert folder.returncode == 0, folder.stderr
    art002 = next(a for a in json.loads(folder.stdout)["articles"] if a["article"].startswith("002"))
    assert art002["date"] == "2022-01-11" and art002["date_source"].startswith("estimated")
    assert [h["target"] for h in art002["hits"] if h["surface"] == "努尔苏丹"] == ["Nur-Sultan"]


def test_cli_stats_and_partial_failure(tmp_path: Path) -> None:
    proc = run_cli("glossary", "stats", str(REPO / "seeds"), str(tmp_path / "missing.txt"), "--json")
    assert proc.returncode == 5  # the batch partly failed
    assert "missing.txt" in proc.stderr
    data = json.loads(proc.stdout)
    assert data["articles"] == 5
    used = {e["id"]: e for e in data["used"]}
    assert used["person-tokayev"]["articles"] == 5
    assert used["place-kazakhstan"]["surfaces"]["哈萨克"] >= 10
    assert data["total_hits"] == sum(e["hits"] for e in data["used"])
    unused = {e["id"] for e in data["unused"]}
    assert "place-sudan" in unused and "org-turkic-council" in unused
    assert not unused & set(used)


@functools.cache
def _s2t() -> Any:
    import opencc

    return opencc.OpenCC("s2t")


@functools.cache
def _seed_corpus() -> str:
    return "\n".join(seed(p).read_text(encoding="utf-8") for p in SEED_DATES)


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=30_000), st.integers(min_value=1, max_value=300), st.booleans())
def test_property_seed_slices_offsets_and_no_overlap(start: int, length: int, traditional: bool) -> None:
    """Any slice of the seeds, as written or in Traditional script, with the shipped glossary."""
    corpus = _seed_corpus()
    raw = corpus[start % len(corpus) :][:length]
    if traditional:
        raw = str(_s2t().convert(raw))
    text, offsets = normalize(raw, strip=False)
    last = 0
    for hit in matcher().match(text, date="2022-01-10"):
        assert hit.start >= last and text[hit.start : hit.end] == hit.surface
        last = hit.end
        r0, r1 = offsets.to_raw(hit.start, hit.end)
        assert normalize_for_match(raw[r0:r1]) == hit.surface
        assert hit.entry.id != "place-sudan"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("前总统努尔苏丹·纳扎尔巴耶夫离开努尔苏丹",
         [("努尔苏丹·纳扎尔巴耶夫", "Nursultan Nazarbayev"), ("努尔苏丹", "Nur-Sultan")]),
        ("苏丹·贾马尔·阿尔迪诺夫访问苏丹",
         [("苏丹·贾马尔·阿尔迪诺夫", "Sultan Kamaletdinov"), ("苏丹", "Sudan")]),
        ("哈萨克族人在哈萨克斯坦", [("哈萨克族", "Kazakh"), ("哈萨克斯坦", "Kazakhstan")]),
        ("巴格达·阿米里耶夫飞往巴格达", [("巴格达·阿米里耶夫", "Baghdad Amreyev"), ("巴格达", "Baghdad")]),
        ("大马士革与大马", [("大马士革", "Damascus"), ("大马", "Malaysia")]),
        ("普丁與托卡葉夫通話", [("普丁", "Putin"), ("托卡叶夫", "Tokayev")]),
    ],
)  # fmt: skip
def test_shipped_glossary_on_trap_sentences(text: str, expected: list[tuple[str, str]]) -> None:
    norm = normalize_for_match(text)
    assert [(h.surface, h.target) for h in matcher().match(norm, date="2022-01-10")] == expected
