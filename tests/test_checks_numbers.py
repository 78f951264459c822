"""Numbers and dates: extraction on both sides, tolerant comparison, no false alarms."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa_helpers import make_article
from zh2en.checks import run_checks
from zh2en.checks.numbers import compare, extract_source, extract_target, zh_to_number


def _ok(src: str, tgt: str, year: int | None = 2022) -> bool:
    r = compare(src, tgt, year)
    return not r.missing and not r.unexpected


@pytest.mark.parametrize(
    ("zh", "value"),
    [
        ("一百六十四", 164),
        ("两千", 2000),
        ("十六", 16),
        ("十", 10),
        ("三十", 30),
        ("一万零一", 10001),
        ("两亿三千万", 230_000_000),
        ("万一", None),
        ("一一", None),
        ("百万", None),
    ],
)
def test_zh_to_number(zh: str, value: int | None) -> None:
    assert zh_to_number(zh) == value


@pytest.mark.parametrize(
    ("src", "tgt"),
    [
        ("损失价值约为 1.75 亿欧元", "damage of about 175 million euros"),
        ("损失价值约为1.75亿欧元", "about €175m in damage"),
        ("损失价值约为1.75亿欧元", "damage of about 175m euros"),
        ("人口接近2000万", "a population of nearly 20 million"),
        ("人口接近2000万", "a population of nearly 20,000,000"),
        ("截至目前近8000人被逮捕。", "Nearly 8000 people have been arrested."),
        ("截至目前近8000人被逮捕。", "Nearly 8,000 people have been arrested."),
        ("其铀产量约占全球的40%。", "about 40% of the world's uranium"),
        ("其铀产量约占全球的40%。", "about 40 per cent of the world's uranium"),
        ("百分之四十", "forty percent"),
        ("这场骚乱已导致一百六十四人死亡", "the unrest has killed 164 people"),
        ("这场骚乱已导致一百六十四人死亡", "the unrest has killed one hundred and sixty-four people"),
        ("其中两人被斩首", "two of them beheaded"),
        ("曾两度担任总理", "twice prime minister"),
        ("中印第14轮军长级会谈", "the 14th round of talks"),
        ("第一架飞机抵达后", "after the first plane arrived"),
        ("据俄罗斯塔斯社1月10日报道", "TASS reported on January 10"),
        ("据俄罗斯塔斯社1月10日报道", "TASS reported on Jan. 10"),
        ("据俄罗斯塔斯社1月10日报道", "TASS reported on 10 January"),
        ("据俄罗斯塔斯社1月10日报道", "TASS reported on January 10th"),
        ("2022年1月6日，俄罗斯", "January 6, 2022, Russia"),
        ("直至本月 19 日紧急状态结束", "until the state of emergency ends on the 19th"),
        ("直至本月 19 日紧急状态结束", "until the state of emergency ends on January 19"),
        ("哈萨克总统托卡耶夫周二告诉国会", "Kazakh President Tokayev told parliament on Tuesday"),
        ("总统托卡耶夫星期二告诉国会", "President Tokayev told parliament on Tue."),
        ("2022-01-10 17:13 中国外交", "2022-01-10 5:13 p.m. China's diplomacy"),
        ("阿拉木图约有2000人被逮捕", "some 2,000 people were arrested in Almaty in 2022"),  # the article year
        ("新冠肺炎", "COVID-19"),
        ("在经历了自30年前苏联解体", "since the Soviet Union collapsed three decades ago"),
        (
            "哈萨克斯坦是一场“未遂政变”，一周多前，数十名暴徒",
            "an attempted coup a week ago, dozens of rioters",
        ),
        ("长达一周骚乱", "week-long unrest"),
        ("三分之一的人", "a third of the people"),
        ("停留两天到一周的时间", "a two-day to one-week stay"),
        ("新加坡两大综合度假胜地", "Singapore's two big integrated resorts"),
        ("19岁世界青年射击冠军", "19-year-old world youth shooting champion"),
        ("2019年年中开始", "since mid-2019"),
        ("美俄初步对话2小时结束", "US-Russia talks end after two hours"),
    ],
)
def test_correct_renderings_raise_nothing(src: str, tgt: str) -> None:
    assert _ok(src, tgt), compare(src, tgt, 2022)


@pytest.mark.parametrize(
    ("src", "tgt", "missing", "unexpected"),
    [
        ("损失价值约为 1.75 亿欧元", "damage of about 1.75 billion euros", ["1.75 亿"], ["1.75 billion"]),
        ("人口接近2000万", "a population of nearly 2 million", ["2000万"], ["2 million"]),
        ("其中两人被斩首", "three of them beheaded", ["两"], []),
        ("据俄罗斯塔斯社1月10日报道", "TASS reported on January 11", ["10"], ["11"]),
        ("据俄罗斯塔斯社1月10日报道", "TASS reported on February 10", ["1月"], []),
        ("哈萨克总统托卡耶夫周二告诉国会", "Tokayev told parliament on Wednesday", ["周二"], []),
        ("2022-01-10 17:13", "2022-01-10 17:31", ["17:13"], ["17:31"]),
        ("这些部队将在10天内完全撤离", "the 2,000 troops would leave within 10 days", [], ["2,000"]),
    ],
)
def test_wrong_renderings_are_reported(src: str, tgt: str, missing: list[str], unexpected: list[str]) -> None:
    r = compare(src, tgt, 2022)
    assert [v.text for v in r.missing] == missing
    assert [v.text for v in r.unexpected] == unexpected
    for v in r.missing:
        assert src[v.span[0] : v.span[1]].startswith(v.text[:1])
    for v in r.unexpected:
        assert tgt[v.span[0] : v.span[1]] == v.text


def test_types_of_values() -> None:
    kinds = [(v.kind, v.value) for v in extract_source("2022年1月6日，周四，本月19日，17:13，1.75亿，40%")]
    assert kinds == [
        ("num", 2022),
        ("month", 1),
        ("day", 6),
        ("weekday", 4),
        ("day", 19),
        ("time", 17 * 60 + 13),
        ("num", 175_000_000),
        ("num", 40),
    ]
    tgt = [(v.kind, v.value) for v in extract_target("On Thursday, Jan. 6, 2022 at 5:13 pm, 1.75 billion")]
    assert tgt == [
        ("weekday", 4),
        ("month", 1),
        ("day", 6),
        ("num", 2022),
        ("time", 17 * 60 + 13),
        ("num", 1_750_000_000),
    ]


def test_numbers_and_dates_are_separate_checks() -> None:
    art = make_article(
        "a", [("据俄罗斯塔斯社1月10日报道，2000人被捕", "TASS reported on January 11 that 3,000 were held")]
    )
    run_checks([art], only=["numbers"])
    checks = sorted(f.check for f in art.segments[0].findings)
    assert checks == ["date-mismatch", "date-mismatch", "number-mismatch", "number-mismatch"]


def _zh(n: int) -> str:
    """Chinese numeral for 0 < n < 10^8 (test oracle, written independently of the parser)."""
    digits = "零一二三四五六七八九"

    def section(k: int) -> str:
        out, zero = "", False
        for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = k // unit % 10
            if d:
                out += ("零" if zero and out else "") + digits[d] + name
                zero = False
            else:
                zero = True
        return out

    high, low = divmod(n, 10_000)
    if not high:
        s = section(low)
    else:
        s = section(high) + "万" + (("零" if low < 1000 else "") + section(low) if low else "")
    return s[1:] if s.startswith("一十") else s


@given(st.integers(min_value=2, max_value=99_999_999))
def test_any_chinese_numeral_matches_its_digits(n: int) -> None:
    src = f"共有{_zh(n)}人"
    assert zh_to_number(_zh(n)) == n
    assert _ok(src, f"{n:,} people", None)
    assert _ok(src, f"{n} people", None)
    assert not _ok(src, f"{n + 1:,} people", None)


@given(st.integers(min_value=1, max_value=9_999), st.sampled_from(["万", "亿"]))
def test_wan_and_yi_scale(n: int, unit: str) -> None:
    value = n * (10_000 if unit == "万" else 100_000_000)
    assert _ok(f"约{n}{unit}欧元", f"about {value:,} euros", None)


def test_a_number_at_the_very_start_can_be_unexpected() -> None:
    r = compare("这些部队将撤离。", "2,000 troops will leave.", None)
    assert [v.text for v in r.unexpected] == ["2,000"]
    assert compare("这些部队将撤离。", "&#8209; {0} troops", None).unexpected == ()
