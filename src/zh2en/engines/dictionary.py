"""The ``dictionary`` engine: a deterministic word-by-word rendering for dry runs and tests.

Pipeline position: the "translate" stage. It is not a translation system; it makes the whole
pipeline (glossary protection and repair, alignment, QA, outputs) runnable without a model,
with output a reader can follow:

- glossary terms arrive as protected placeholders (``glossary_strategy = "placeholder"``) and
  come back as the canonical English;
- a small table of common news words (:data:`WORDS`) is matched greedily, longest first;
- dates such as ``1月10日`` become ``January 10``, ``2000万`` becomes ``20 million``;
  digits and Latin text pass through;
- Chinese punctuation becomes English punctuation;
- every other run of Chinese characters is written as toneless pinyin in square brackets,
  e.g. ``[huoshan]``, so nothing is silently dropped.

The output is a pure function of the input: the same request always gives the same string.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from typing import Any, ClassVar

from zh2en.engines.base import EngineRequest

#: Common news words (Simplified). Longest match wins, so phrases override their parts.
WORDS: dict[str, str] = {
    "哈萨克斯坦": "Kazakhstan",
    "哈萨克": "Kazakhstan",
    "哈国": "Kazakhstan",
    "俄罗斯": "Russia",
    "中国": "China",
    "美国": "United States",
    "苏联": "Soviet Union",
    "西方国家": "Western countries",
    "国家": "country",
    "总统": "President",
    "总理": "Prime Minister",
    "第一副总理": "First Deputy Prime Minister",
    "政府": "government",
    "官员": "officials",
    "高官": "senior official",
    "国务秘书": "State Secretary",
    "议会": "parliament",
    "国会": "parliament",
    "发言人": "spokesperson",
    "警方": "police",
    "警察局": "police station",
    "警察": "police",
    "军队": "troops",
    "部队": "troops",
    "士兵": "soldiers",
    "军人": "servicemen",
    "维和部队": "peacekeeping troops",
    "维和": "peacekeeping",
    "特遣队": "contingent",
    "军事": "military",
    "联盟": "alliance",
    "同盟": "alliance",
    "组织": "organization",
    "安全": "security",
    "部队人员": "personnel",
    "恐怖分子": "terrorists",
    "恐怖主义": "terrorism",
    "反恐": "counter-terrorism",
    "武装分子": "militants",
    "激进分子": "radicals",
    "暴徒": "rioters",
    "骚乱": "unrest",
    "动乱": "turmoil",
    "抗议": "protest",
    "示威": "demonstration",
    "暴力": "violence",
    "政变": "coup",
    "未遂政变": "attempted coup",
    "冲突": "clashes",
    "袭击": "attack",
    "攻击": "attack",
    "行动": "operation",
    "任务": "mission",
    "撤出": "withdraw",
    "撤离": "withdraw",
    "抵达": "arrive in",
    "进入": "enter",
    "帮助": "help",
    "支持": "support",
    "援助": "assistance",
    "秩序": "order",
    "局势": "situation",
    "稳定": "stable",
    "主权": "sovereignty",
    "领土完整": "territorial integrity",
    "首都": "capital",
    "城市": "city",
    "机场": "airport",
    "政府大楼": "government buildings",
    "大楼": "building",
    "地区": "region",
    "国际": "international",
    "社会": "society",
    "社交媒体": "social media",
    "报道": "reported",
    "报导": "reported",
    "表示": "said",
    "称": "said",
    "说": "said",
    "宣布": "announced",
    "确认": "confirmed",
    "强调": "stressed",
    "补充说": "added",
    "补充": "added",
    "指出": "pointed out",
    "讲话": "speech",
    "会议": "meeting",
    "峰会": "summit",
    "领导人": "leaders",
    "视频": "video",
    "照片": "photo",
    "图片来源": "Photo credit",
    "记者": "reporter",
    "新闻": "news",
    "事件": "events",
    "证据": "evidence",
    "人数": "number",
    "平民": "civilians",
    "市民": "citizens",
    "居民": "residents",
    "死亡": "died",
    "被杀": "were killed",
    "受伤": "injured",
    "逮捕": "arrested",
    "拘留": "detained",
    "价格": "price",
    "液化石油气": "liquefied petroleum gas",
    "上涨": "rise",
    "将": "will",
    "已经": "already",
    "已": "already",
    "正在": "is",
    "仍在": "still",
    "继续": "continue",
    "开始": "begin",
    "结束": "end",
    "完成": "complete",
    "很快": "soon",
    "今后": "from now on",
    "全部": "all",
    "部分": "some",
    "所有": "all",
    "多个": "several",
    "一些": "some",
    "数十名": "dozens of",
    "至少": "at least",
    "约": "about",
    "近": "nearly",
    "天": "days",
    "两天后": "two days later",
    "上周": "last week",
    "周一": "Monday",
    "周二": "Tuesday",
    "周三": "Wednesday",
    "周四": "Thursday",
    "周五": "Friday",
    "周六": "Saturday",
    "周日": "Sunday",
    "今天": "today",
    "昨天": "yesterday",
    "此前": "earlier",
    "同时": "meanwhile",
    "因此": "therefore",
    "但": "but",
    "但是": "but",
    "并": "and",
    "和": "and",
    "与": "and",
    "及": "and",
    "以及": "as well as",
    "或": "or",
    "在": "in",
    "从": "from",
    "向": "to",
    "对": "to",
    "由": "by",
    "为": "for",
    "被": "was",
    "是": "is",
    "的": "",
    "了": "",
    "他": "he",
    "他们": "they",
    "我们": "we",
    "该国": "the country",
    "这": "this",
    "这些": "these",
    "其": "its",
    "不": "not",
    "没有": "no",
    "最大": "largest",
    "最": "most",
    "前": "former",
    "新": "new",
    "外国": "foreign",
    "外媒": "foreign media",
    "当地": "local",
    "经济": "economy",
    "民众": "public",
    "人": "people",
    "两": "two",
    "三": "three",
    "四": "four",
    "五": "five",
    "六": "six",
    "七": "seven",
    "八": "eight",
    "九": "nine",
    "十": "ten",
    "第一": "first",
    "第二": "second",
    "第三": "third",
    "上周一": "last Monday",
    "上周二": "last Tuesday",
    "上周三": "last Wednesday",
    "上周四": "last Thursday",
    "上周五": "last Friday",
    "上周六": "last Saturday",
    "上周日": "last Sunday",
    "星期一": "Monday",
    "星期二": "Tuesday",
    "星期三": "Wednesday",
    "星期四": "Thursday",
    "星期五": "Friday",
    "星期六": "Saturday",
    "星期日": "Sunday",
    "星期天": "Sunday",
    "周天": "Sunday",
}

_MONTHS = list(calendar.month_name)[1:]

_PUNCT = {
    "，": ", ",
    "、": ", ",
    "。": ". ",
    "；": "; ",
    "：": ": ",
    "！": "! ",
    "？": "? ",
    "（": " (",
    "）": ") ",
    "“": ' "',
    "”": '" ',
    "‘": " '",
    "’": "' ",
    "《": ' "',
    "》": '" ',
    "【": " [",
    "】": "] ",
    "—": "-",
    "…": "...",
    "·": " ",
}

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
_YEAR = re.compile(r"(\d{4})年")
_SCALED = re.compile(r"(\d+(?:\.\d+)?)\s*(万|亿)")
_DAY = re.compile(r"(\d{1,2})日")
_MAX_WORD = max(len(w) for w in WORDS)


def _date(m: re.Match[str]) -> str:
    year, month, day = m.group(1), int(m.group(2)), int(m.group(3))
    if not 1 <= month <= 12:
        return m.group(0)
    text = f" {_MONTHS[month - 1]} {day}"
    return f"{text}, {year} " if year else f"{text} "


def _scaled(m: re.Match[str]) -> str:
    """``2000万`` → ``20 million``, ``1.75亿`` → ``175 million`` (English counts in thousands)."""
    value = float(m.group(1)) * (10_000 if m.group(2) == "万" else 100_000_000)
    for scale, name in ((1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if value >= scale:
            number = f"{value / scale:.3f}".rstrip("0").rstrip(".")
            return f" {number} {name} "
    return f" {value:g} "


def _pinyin(run: str) -> str:
    from pypinyin import Style, lazy_pinyin  # lazy: only the dictionary engine needs it

    return "".join(lazy_pinyin(run, style=Style.NORMAL))


def render(text: str) -> str:
    """The dictionary rendering of one string (see the module docstring)."""
    text = _DATE.sub(_date, text)
    text = _SCALED.sub(_scaled, text)
    text = _YEAR.sub(r" \1 ", text)
    text = _DAY.sub(r" on the \1th ", text)
    out: list[str] = []
    unknown: list[str] = []

    def flush() -> None:
        if unknown:
            out.append(f" [{_pinyin(''.join(unknown))}] ")
            unknown.clear()

    i = 0
    while i < len(text):
        ch = text[i]
        if _HAN.match(ch):
            for n in range(min(_MAX_WORD, len(text) - i), 0, -1):
                word = WORDS.get(text[i : i + n])
                if word is not None:
                    flush()
                    out.append(f" {word} " if word else " ")
                    i += n
                    break
            else:
                unknown.append(ch)
                i += 1
            continue
        flush()
        out.append(_PUNCT.get(ch, ch))
        i += 1
    flush()
    result = re.sub(r"\s+", " ", "".join(out)).strip()
    result = re.sub(r"([,;:!?])(?=[^\s\d\]\)\"'])", r"\1 ", result)  # ASCII punctuation in Chinese text
    result = re.sub(r"\s+([,.;:!?)\]])", r"\1", result)
    result = re.sub(r"([(\[])\s+", r"\1", result)
    result = re.sub(r"(?<=[A-Za-z0-9])\(", " (", result)
    result = re.sub(r'"\s*([^"]*?)\s*"', r'"\1"', result)
    return result[:1].upper() + result[1:]


class DictionaryEngine:
    """Deterministic word-table engine (dry runs): glossary terms, common news words, pinyin."""

    name: ClassVar[str] = "dictionary"
    glossary_strategy: ClassVar[str] = "placeholder"

    def __init__(self, model: str | None = None) -> None:
        # ``model`` is accepted (and ignored) so ``--model`` never breaks a dry run.
        self.model = model

    def translate_batch(self, batch: Sequence[EngineRequest]) -> list[str]:
        return [render(req.text) for req in batch]

    def signature(self) -> dict[str, Any]:
        from zh2en.util import sha256_text

        table = "\n".join(f"{k}\t{v}" for k, v in sorted(WORDS.items()))
        return {
            "name": self.name,
            "model": "builtin-word-table",
            "model_hash": sha256_text(table),
            "glossary_strategy": self.glossary_strategy,
        }
