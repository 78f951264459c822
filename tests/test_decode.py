"""Decoding: BOMs, BOM-less UTF-16, GB18030/GBK, Big5, and clear errors for binary/empty files."""

from __future__ import annotations

import codecs
import os
import random

import pytest

from zh2en.errors import DecodeError, InputError
from zh2en.ingest.decode import decode_bytes, decode_file, text_score

from conftest import seed

SIMPLIFIED = (
    "哈萨克斯坦总统托卡耶夫表示，集安组织维和部队将在两天后开始撤离。\r\n据路透社报道,哈国政府官员称。\n"
)
TRADITIONAL = (
    "哈薩克斯坦總統托卡耶夫表示，集安組織維和部隊將在兩天後開始撤離。\r\n據路透社報導,哈國政府官員稱。\n"
)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SIMPLIFIED.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), "utf-8-sig"),
        (SIMPLIFIED.encode("utf-16"), "utf-16-le"),  # Python writes the BOM, little-endian here
        (codecs.BOM_UTF16_BE + SIMPLIFIED.encode("utf-16-be"), "utf-16-be"),
        (SIMPLIFIED.encode("utf-16-le"), "utf-16-le"),  # BOM-less
        (SIMPLIFIED.encode("utf-16-be"), "utf-16-be"),  # BOM-less
        (SIMPLIFIED.encode("utf-32"), "utf-32-le"),
        (SIMPLIFIED.encode("gb18030"), "gb18030"),
        (SIMPLIFIED.encode("gbk"), "gb18030"),  # GBK is a subset of GB18030
        (SIMPLIFIED.encode("gb2312"), "gb18030"),
        (TRADITIONAL.encode("gb18030"), "gb18030"),  # Traditional characters in a GB file
    ],
)
def test_simplified_text_in_every_encoding(data: bytes, encoding: str) -> None:
    text, got = decode_bytes(data, "x.txt")
    assert got == encoding
    assert text in (SIMPLIFIED, TRADITIONAL)  # exactly: BOM gone, \r\n kept


def test_big5_traditional_text() -> None:
    text, got = decode_bytes(TRADITIONAL.encode("big5"), "x.txt")
    assert (text, got) == (TRADITIONAL, "big5")


def test_short_strings_are_still_told_apart() -> None:
    for s in ("托卡耶夫", "集安组织", "你好世界"):
        assert decode_bytes(s.encode("gb18030"), "x") == (s, "gb18030")
        assert decode_bytes(s.encode("utf-16-le"), "x") == (s, "utf-16-le")
    assert decode_bytes("集安組織".encode("big5"), "x") == ("集安組織", "big5")


def test_raw_text_keeps_newlines_and_only_drops_the_bom() -> None:
    data = codecs.BOM_UTF8 + "第一行\r\n第二行\r第三行\n".encode()
    assert decode_bytes(data, "x")[0] == "第一行\r\n第二行\r第三行\n"


def test_empty_file_is_an_input_error_naming_the_file() -> None:
    with pytest.raises(InputError, match=r"empty\.txt: the file is empty"):
        decode_bytes(b"", "empty.txt")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)),
        b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 40 + b"\xff\xfe\x03\x00",
        random.Random(7).randbytes(4096),
    ],
    ids=["png", "elf", "random"],
)
def test_binary_data_is_a_decode_error_listing_what_was_tried(data: bytes) -> None:
    with pytest.raises(DecodeError) as info:
        decode_bytes(data, "photo.bin")
    message = str(info.value)
    assert message.startswith("photo.bin: not text")
    for enc in ("utf-8", "gb18030", "big5", "utf-16-le"):
        assert enc in message


def test_broken_bom_file_is_a_decode_error() -> None:
    with pytest.raises(DecodeError, match="utf-8 byte-order mark"):
        decode_bytes(codecs.BOM_UTF8 + b"\xff\xfe\xfa", "bad.txt")


def test_score_prefers_real_text_over_a_wrong_decoding() -> None:
    data = SIMPLIFIED.encode("gb18030")
    assert text_score(data.decode("gb18030")) > 0.95
    assert text_score(data.decode("big5", errors="replace")) < 0.8


def test_decode_file_reads_a_seed_and_names_missing_files(tmp_path: os.PathLike[str]) -> None:
    text, encoding = decode_file(str(seed("003")))
    assert encoding == "utf-8" and text.startswith("\n---\ntitle:")
    with pytest.raises(InputError, match="no such file"):
        decode_file(os.path.join(tmp_path, "missing.txt"))
    with pytest.raises(InputError, match="is a folder"):
        decode_file(str(tmp_path))


def test_utf8_with_a_stray_control_character_is_still_utf8() -> None:
    text = SIMPLIFIED * 20 + "\x1b"
    assert decode_bytes(text.encode("utf-8"), "x") == (text, "utf-8")


def test_oversized_files_are_refused_without_reading_them_whole(
    tmp_path: os.PathLike[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from zh2en.ingest import decode

    monkeypatch.setattr(decode, "MAX_FILE_BYTES", 1000)
    path = os.path.join(tmp_path, "big.txt")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("正文。" * 1000)
    with pytest.raises(InputError, match="larger than"):
        decode_file(path)
