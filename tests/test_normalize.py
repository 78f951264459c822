"""Normalization keeps offsets back to the raw text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from zh2en.stages.normalize import normalize, normalize_for_match, script_of


def test_traditional_becomes_simplified_with_exact_offsets() -> None:
    raw = "前文：哈薩克斯坦總統托卡耶夫表示"
    text, m = normalize(raw[3:], raw_start=3)
    assert text == "哈萨克斯坦总统托卡耶夫表示"
    i = text.index("托卡耶夫")
    assert raw[slice(*m.to_raw(i, i + 4))] == "托卡耶夫"
    assert raw[slice(*m.to_raw(0, 7))] == "哈薩克斯坦總統"


def test_separators_widths_and_zero_width_are_folded() -> None:
    raw = "努尔苏丹\u2022纳扎尔\u200b巴耶夫　ＣＳＴＯ  说"
    text, m = normalize(raw)
    assert text == "努尔苏丹·纳扎尔巴耶夫 CSTO 说"
    i = text.index("纳扎尔巴耶夫")
    assert raw[slice(*m.to_raw(i, i + 6))] == "纳扎尔\u200b巴耶夫"
    j = text.index("CSTO")
    assert raw[slice(*m.to_raw(j, j + 4))] == "ＣＳＴＯ"
    for sep in "·•‧・･":
        assert normalize_for_match(f"埃尔兰{sep}卡林") == "埃尔兰·卡林"


def test_strip_keeps_map_into_raw() -> None:
    raw = "  \u3000托卡耶夫。 "
    text, m = normalize(raw)
    assert text == "托卡耶夫。"
    assert raw[slice(*m.to_raw(0, len(text)))] == "托卡耶夫。"


def test_script_detection() -> None:
    assert script_of("哈萨克斯坦总统托卡耶夫表示") == "simplified"
    assert script_of("哈薩克斯坦總統托卡耶夫表示，國會議員") == "traditional"


_ALPHABET = st.sampled_from(
    list("哈萨克斯坦總統國會托卡耶夫，。“”（）()·•‧・･ \u3000\u200b\n\tＡＢ１２AB12.:")
)


@given(st.text(_ALPHABET, max_size=60), st.integers(0, 5))
def test_every_character_maps_into_raw(s: str, prefix: int) -> None:
    raw = "x" * prefix + s
    text, m = normalize(raw[prefix:], raw_start=prefix)
    last_end = prefix
    for k in range(len(text)):
        a, b = m.to_raw(k, k + 1)
        assert prefix <= a < b <= len(raw)
        assert a >= last_end or b <= last_end  # monotonic, non-overlapping
        last_end = b
        if text[k] not in " ·":
            # a kept character comes from a raw character that normalizes to it
            assert normalize(raw[a:b], strip=False)[0].strip() in (text[k], "")
    if text:
        a, b = m.to_raw(0, len(text))
        assert normalize(raw[a:b])[0] == text
