"""Sentence alignment on real seed sentences (seed 000) with planted 1:2, 2:1, 1:0, 0:1 beads."""

from __future__ import annotations

from zh2en.align import align_sentences, source_anchors, split_english, target_anchors

from conftest import seed

# Sentences of seed 000 (as written there) and a faithful English translation of each.
PAIRS = [
    (
        "据俄罗斯塔斯社1月10日报道,哈国政府官员称,集安组织只在部分地区维和,"
        "请求集安组织入国维和的目的是保护主权,加强领土完整。",
        "According to a TASS report on January 10, Kazakh government officials said the CSTO was keeping "
        "the peace only in some regions, and that the purpose of inviting the CSTO into the country was "
        "to protect sovereignty and strengthen territorial integrity.",
    ),
    (
        "反恐行动将由哈国自己的特种部队等负责。",
        "Counter-terrorism operations will be handled by Kazakhstan's own special forces and other units.",
    ),
    (
        "哈萨克斯坦总统托卡耶夫确认,哈国的骚乱是一场“未遂政变”,俄罗斯牵头的维和行动将很快结束。",
        'Kazakh President Tokayev confirmed that the unrest in the country was an "attempted coup" and '
        "that the Russian-led peacekeeping operation would end soon.",
    ),
    (
        "此前,俄罗斯牵头的独联体集体安全条约组织(简称“集安组织”)维和部队入哈国维和,却引发西方国家的非议。",
        "Earlier, the entry of peacekeepers of the Russian-led CIS Collective Security Treaty Organization "
        "(CSTO) into Kazakhstan drew criticism from Western countries.",
    ),
    (
        "10日,哈萨克斯坦国务秘书埃尔兰·卡林(Erlan Karin)在社交媒体上表示,“我们已多次强调,"
        "集安组织的任务完全是维和任务,预计时间很短。",
        'On the 10th, Kazakh State Secretary Erlan Karin said on social media: "We have stressed many '
        "times that the CSTO's mission is purely a peacekeeping mission and is expected to be very short.",
    ),
    (
        "一旦局势稳定,集安组织维和特遣队将全部撤出。",
        'Once the situation stabilizes, the CSTO peacekeeping contingent will withdraw completely."',
    ),
    (
        "卡林说,同时,集安组织部队不会在每个地区都参与维和。",
        "At the same time, Karin said, CSTO troops will not take part in peacekeeping in every region.",
    ),
    ("他们将为当地的基本设施提供安全保障。", "They will provide security for basic local facilities."),
    (
        "哈萨克斯坦卫生部9日表示,这场骚乱已导致164人死亡,其中在阿拉木图有103人丧生。",
        "Kazakhstan's health ministry said on the 9th that the unrest had left 164 people dead, "
        "103 of them in Almaty.",
    ),
    ("截至目前近8000人被逮捕。", "Nearly 8,000 people have been arrested so far."),
    (
        "根据总统托卡耶夫此前发布的指令,哈萨克斯坦全境的紧急状态将持续到1月19日。",
        "Under a decree issued earlier by President Tokayev, the state of emergency across Kazakhstan "
        "will last until January 19.",
    ),
]
SRC = [s for s, _ in PAIRS]
TGT = [t for _, t in PAIRS]
TERMS = [(["托卡耶夫"], "Tokayev"), (["集安组织"], "CSTO"), (["阿拉木图"], "Almaty")]


def test_sentences_come_from_the_seed() -> None:
    text = seed("000").read_text(encoding="utf-8")
    for s in SRC:
        assert s in text


def test_one_to_one() -> None:
    assert align_sentences(SRC, TGT, term_pairs=TERMS) == [([i], [i]) for i in range(len(SRC))]
    # Length and number/Latin anchors alone suffice on this text.
    assert align_sentences(SRC, TGT) == [([i], [i]) for i in range(len(SRC))]


def test_planted_splits_merges_omissions_and_additions() -> None:
    tgt = [
        TGT[0],
        TGT[1],
        # 1:2 — sentence 2 translated as two sentences
        'Kazakh President Tokayev confirmed that the unrest in the country was an "attempted coup".',
        "The Russian-led peacekeeping operation would end soon, he said.",
        TGT[3],
        # 2:1 — sentences 4 and 5 translated as one
        "On the 10th, Kazakh State Secretary Erlan Karin said on social media that the CSTO mission "
        "was purely a peacekeeping mission, expected to be very short, and that the CSTO peacekeeping "
        'contingent will withdraw completely "once the situation stabilizes".',
        TGT[6],
        # 1:0 — sentence 7 left untranslated
        TGT[8],
        TGT[9],
        # 0:1 — a sentence the translator added
        "Kazakhstan, the largest country in Central Asia, declared independence in 1991.",
        TGT[10],
    ]
    got = align_sentences(SRC, tgt, term_pairs=TERMS)
    assert got == [
        ([0], [0]),
        ([1], [1]),
        ([2], [2, 3]),
        ([3], [4]),
        ([4, 5], [5]),
        ([6], [6]),
        ([7], []),
        ([8], [7]),
        ([9], [8]),
        ([], [9]),
        ([10], [10]),
    ]


def test_beads_cover_everything_once() -> None:
    tgt = TGT[:3] + TGT[5:]
    beads = align_sentences(SRC, tgt)
    assert sorted(i for b in beads for i in b[0]) == list(range(len(SRC)))
    assert sorted(j for b in beads for j in b[1]) == list(range(len(tgt)))
    assert align_sentences([], ["a."]) == [([], [0])]
    assert align_sentences(["一。"], []) == [([0], [])]


def test_anchors_read_numbers_dates_latin_and_terms() -> None:
    src = source_anchors("据俄罗斯塔斯社1月10日报道,埃尔兰·卡林(Erlan Karin)说近8000人,1.75亿欧元", TERMS)
    assert src["num:1"] == 1 and src["num:10"] == 1 and src["num:8000"] == 1
    assert src["num:1.75e+08"] == 1
    assert src["latin:erlan"] == 1 and src["latin:karin"] == 1
    tgt = target_anchors(
        "On January 10, Erlan Karin said nearly 8,000 people; 175 million euros. Tokayev may go.",
        {"erlan", "karin"},
        TERMS,
    )
    assert tgt["num:1"] == 1 and tgt["num:10"] == 1 and tgt["num:8000"] == 1
    assert tgt["num:1.75e+08"] == 1
    assert tgt["latin:karin"] == 1 and tgt["term:0"] == 1
    assert "num:5" not in tgt  # "may" the verb is not May


def test_split_english() -> None:
    text = (
        "Mr. Tokayev met U.S. officials on Jan. 10. The CSTO said 2.5 million people were safe.\n"
        '"It is over," he said. Troops will leave!\n\nA. Smith reported it.'
    )
    parts = [text[a:b] for a, b in split_english(text)]
    assert parts == [
        "Mr. Tokayev met U.S. officials on Jan. 10.",
        "The CSTO said 2.5 million people were safe.",
        '"It is over," he said.',
        "Troops will leave!",
        "A. Smith reported it.",
    ]
