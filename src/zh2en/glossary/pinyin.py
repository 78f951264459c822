"""Pinyin helpers for glossary maintenance: toneless search keys and GB/T 28039 name romanization.

Pipeline position: maintenance only (``zh2en glossary find`` and ``suggest``); never on the
translation path. pypinyin is imported inside the functions so the CLI starts fast.

* :func:`toneless` turns Chinese into the key editors type: 托卡耶夫 → ``tuokayefu``.
* :func:`query_key` folds what an editor typed (``Tuōkǎyēfū``, ``tuo ka ye fu``, ``lü``) to
  the same alphabet.
* :func:`romanize_name` writes a Chinese person name the GB/T 28039-2011 way: surname first,
  the given name as one word, each capitalised (崔璞玉 → ``Cui Puyu``, 欧阳修 → ``Ouyang Xiu``).
  Surnames take their surname reading, not the common one (单 → Shan, 曾 → Zeng, 区 → Ou,
  仇 → Qiu, 解 → Xie); ``ü`` is kept (吕 → Lü), and an apostrophe separates a syllable starting
  with a, o or e inside the given name (欣安 → Xin'an).
"""

from __future__ import annotations

import unicodedata

#: Surname readings that differ from the character's most common reading (polyphonic surnames).
SURNAME_READINGS: dict[str, str] = {
    "单": "shan",
    "曾": "zeng",
    "区": "ou",
    "仇": "qiu",
    "解": "xie",
    "查": "zha",
    "朴": "piao",
    "盖": "ge",
    "乐": "yue",
    "尉": "yu",
    "覃": "qin",
    "缪": "miao",
    "翟": "zhai",
    "任": "ren",
    "华": "hua",
    "纪": "ji",
    "种": "chong",
    "秘": "bi",
    "冼": "xian",
    "繁": "po",
    "员": "yun",
    "黑": "he",
    "宁": "ning",
    "柏": "bai",
    "薄": "bo",
    "朝": "chao",
    "召": "shao",
    "隗": "wei",
    "阚": "kan",
    "曲": "qu",
    "折": "she",
    "句": "gou",
    "万": "wan",
    "沈": "shen",
    "长": "chang",
    "重": "chong",
    "参": "can",
    "传": "chuan",
    "藏": "zang",
    "石": "shi",
    "都": "du",
    "殷": "yin",
    "能": "nai",
    "牟": "mou",
    "过": "guo",
    "蔚": "yu",
    "么": "yao",
    "相": "xiang",
    "阿": "a",
    "燕": "yan",
    "应": "ying",
    "弘": "hong",
    "贲": "ben",
    "祭": "zhai",
    "於": "yu",
    "费": "fei",
    "莘": "shen",
    "卜": "bu",
}

#: Compound (two-character) surnames with their readings.
COMPOUND_SURNAMES: dict[str, str] = {
    "欧阳": "ouyang",
    "司马": "sima",
    "上官": "shangguan",
    "诸葛": "zhuge",
    "东方": "dongfang",
    "皇甫": "huangfu",
    "尉迟": "yuchi",
    "公孙": "gongsun",
    "慕容": "murong",
    "令狐": "linghu",
    "长孙": "zhangsun",
    "宇文": "yuwen",
    "司徒": "situ",
    "司空": "sikong",
    "夏侯": "xiahou",
    "端木": "duanmu",
    "西门": "ximen",
    "独孤": "dugu",
    "南宫": "nangong",
    "万俟": "moqi",
    "闻人": "wenren",
    "赫连": "helian",
    "澹台": "tantai",
    "轩辕": "xuanyuan",
    "呼延": "huyan",
    "申屠": "shentu",
    "太史": "taishi",
    "钟离": "zhongli",
    "淳于": "chunyu",
    "单于": "chanyu",
    "公羊": "gongyang",
    "百里": "baili",
    "第五": "diwu",
}

#: Common single-character surnames (the most frequent ~300), used to accept byline names.
COMMON_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴"
    "莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪"
    "梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简"
    "车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄"
    "丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区"
    "郜海阎练盖揭晋桑璩相瞿"
)


def _lazy(text: str, *, v_to_u: bool = False) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    return list(lazy_pinyin(text, style=Style.NORMAL, v_to_u=v_to_u, errors="default"))


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def toneless(text: str) -> str:
    """Lowercase toneless pinyin of ``text`` with no separators (ü as ``v``).

    Non-Chinese letters and digits are kept (lowercased); spaces, ``·`` and punctuation drop
    out, so 埃尔兰·卡林 → ``aierlankalin`` and G20峰会 → ``g20fenghui``.
    """
    return query_key("".join(_lazy(text)))


def query_key(query: str) -> str:
    """Fold a typed pinyin query to the :func:`toneless` alphabet (no tones, ü → v)."""
    q = query.replace("ü", "v").replace("Ü", "v").replace("u:", "v").replace("U:", "v")
    q = "".join(c for c in unicodedata.normalize("NFD", q) if not unicodedata.combining(c))
    return "".join(c for c in q.lower() if c.isascii() and c.isalnum())


def _syllables(text: str) -> list[str]:
    return [s for s in _lazy(text, v_to_u=True) if s]


def _join_given(syllables: list[str]) -> str:
    out = ""
    for i, s in enumerate(syllables):
        if i and s[:1] in ("a", "o", "e"):
            out += "'"
        out += s
    return out


def split_name(name: str) -> tuple[str, str]:
    """``(surname, given name)`` of a Chinese person name (compound surnames recognised)."""
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


def romanize_name(name: str) -> str:
    """GB/T 28039 romanization of a Chinese person name: 崔璞玉 → ``Cui Puyu``."""
    name = "".join(c for c in name if is_han(c))
    if not name:
        return ""
    surname, given = split_name(name)
    if surname in COMPOUND_SURNAMES:
        sur = COMPOUND_SURNAMES[surname]
    elif surname in SURNAME_READINGS:
        sur = SURNAME_READINGS[surname]
    else:
        sur = "".join(_syllables(surname))
    parts = [sur.capitalize()]
    if given:
        parts.append(_join_given(_syllables(given)).capitalize())
    return " ".join(parts)


def spaced(text: str) -> str:
    """Toneless pinyin syllables separated by spaces (a reviewer's placeholder reading)."""
    return " ".join(s.strip() for s in _lazy(text) if s.strip())
