"""Glossary exchange formats: one contract suite run against TSV, CSV, JSON and TBX."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from zh2en.errors import GlossaryError, InputError, UsageError
from zh2en.glossary.formats import (
    FORMATS,
    export_entries,
    format_for,
    read_entries,
    read_entries_text,
    write_entries,
)
from zh2en.glossary.model import Entry, EntryStatus, EntryType
from zh2en.glossary.store import GlossaryValidationError

ENTRIES = [
    Entry(
        id="nur-sultan",
        zh="努尔苏丹",
        zh_variants=["努爾蘇丹"],
        en="Nur-Sultan",
        en_variants=["Nursultan", "Nur Sultan"],
        type=EntryType.PLACE,
        valid_from="2019-03-23",
        valid_to="2022-09-17",
        status=EntryStatus.APPROVED,
        note='capital 2019–2022; "Astana" before & after <see astana>',
        source="Reuters, AP (Jan 2022)",
        updated="2022-01-10",
    ),
    Entry(
        id="csto",
        zh="集体安全条约组织",
        zh_variants=["集安组织", "集體安全條約組織"],
        en="CSTO",
        en_variants=["Collective Security Organization"],
        type=EntryType.ORGANIZATION,
    ),
    Entry(
        id="karin",
        zh="埃尔兰·卡林",
        zh_variants=["卡林", "卡琳"],
        en="Erlan Karin",
        type=EntryType.PERSON,
        status=EntryStatus.PROPOSED,
        note="Kazakh state secretary, 2022",
    ),
    Entry(id="cui-puyu", zh="崔璞玉", en="Cui Puyu", type=EntryType.PERSON, status=EntryStatus.DEPRECATED),
]


def _plain(entries: list[Entry]) -> list[Entry]:
    return [replace(e, file=None, line=None) for e in entries]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_round_trip_every_column(fmt: str) -> None:
    text = write_entries(ENTRIES, fmt)
    assert _plain(read_entries_text(text, fmt)) == ENTRIES


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_round_trip_through_files(fmt: str, tmp_path: Path) -> None:
    path = export_entries(ENTRIES, tmp_path / f"g.{'tbx' if fmt == 'tbx' else fmt}")
    back = read_entries(path)
    assert _plain(back) == ENTRIES
    assert all(e.file == str(path) for e in back)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_empty_input(fmt: str) -> None:
    assert read_entries_text(write_entries([], fmt), fmt) == []


@pytest.mark.parametrize("fmt", ["tsv", "csv", "json"])
def test_bom_and_crlf_accepted(fmt: str) -> None:
    text = "\ufeff" + write_entries(ENTRIES, fmt).replace("\n", "\r\n")
    assert _plain(read_entries_text(text, fmt)) == ENTRIES


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_invalid_rows_are_rejected_with_location(fmt: str) -> None:
    bad = [replace(ENTRIES[0], valid_from="2023-01-01"), replace(ENTRIES[1], id="bad id")]
    with pytest.raises(GlossaryValidationError) as info:
        read_entries_text(write_entries(bad, fmt), fmt, source="in")
    codes = sorted(p.code for p in info.value.problems)
    assert codes == ["bad-id", "bad-period"]


def test_csv_quotes_commas_and_spreadsheet_order() -> None:
    text = write_entries(ENTRIES[:1], "csv")
    assert '"Reuters, AP (Jan 2022)"' in text
    # A spreadsheet may reorder columns, drop optional ones and add its own.
    sheet = "en,zh,id,remarks,type\nTokayev,托卡耶夫,tokayev,checked,person\n"
    (e,) = read_entries_text(sheet, "csv")
    assert (e.id, e.zh, e.en, e.type, e.status) == (
        "tokayev",
        "托卡耶夫",
        "Tokayev",
        EntryType.PERSON,
        EntryStatus.APPROVED,
    )


def test_table_without_required_columns() -> None:
    with pytest.raises(GlossaryError, match="lacks the column"):
        read_entries_text("zh\ten\n托卡耶夫\tTokayev\n", "tsv")


def test_tbx_is_tbx_basic_that_cat_tools_read() -> None:
    from defusedxml import ElementTree as ET

    root = ET.fromstring(write_entries(ENTRIES, "tbx").encode())
    assert root.tag == "martif" and root.get("type") == "TBX-Basic"
    entries = root.findall("./text/body/termEntry")
    assert [te.get("id") for te in entries] == [e.id for e in ENTRIES]
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    zh = entries[1].find(f"langSet[@{lang}='zh']")
    en = entries[1].find(f"langSet[@{lang}='en']")
    assert zh is not None and en is not None
    assert [t.text for t in zh.iter("term")] == ["集体安全条约组织", "集安组织", "集體安全條約組織"]
    statuses = [n.text for n in en.iter("termNote")]
    assert statuses == ["preferredTerm-admn-sts", "deprecatedTerm-admn-sts"]


def test_tbx_from_another_tool_and_tbx_v3() -> None:
    omegat_style = """<?xml version="1.0"?>
<martif type="TBX" xml:lang="en"><text><body>
  <termEntry>
    <langSet xml:lang="zh-CN"><tig><term>托卡耶夫</term></tig></langSet>
    <langSet xml:lang="en-US"><tig><term>Tokayev</term></tig>
      <tig><term>Tokaev</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
    </langSet>
    <note>President of Kazakhstan</note>
  </termEntry>
</body></text></martif>"""
    (e,) = read_entries_text(omegat_style, "tbx")
    assert (e.id, e.zh, e.en, e.en_variants, e.note) == (
        "tokayev",
        "托卡耶夫",
        "Tokayev",
        ["Tokaev"],
        "President of Kazakhstan",
    )
    v3 = """<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" xml:lang="en"><text><body>
  <conceptEntry id="c1"><langSec xml:lang="zh"><termSec><term>卡林</term></termSec></langSec>
  <langSec xml:lang="en"><termSec><term>Karin</term></termSec></langSec></conceptEntry>
</body></text></tbx>"""
    (k,) = read_entries_text(v3, "tbx")
    assert (k.id, k.zh, k.en) == ("c1", "卡林", "Karin")


def test_tbx_refuses_entities_and_external_references() -> None:
    bomb = """<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY x "托卡耶夫"><!ENTITY y "&x;&x;&x;&x;">]>
<martif><text><body><termEntry><langSet xml:lang="zh"><tig><term>&y;</term></tig></langSet>
</termEntry></body></text></martif>"""
    with pytest.raises(InputError, match="unsafe XML"):
        read_entries_text(bomb, "tbx")
    external = """<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY ext SYSTEM "file:///etc/passwd">]>
<martif><text><body><termEntry><langSet xml:lang="zh"><tig><term>&ext;</term></tig></langSet>
</termEntry></body></text></martif>"""
    with pytest.raises(InputError, match="unsafe XML"):
        read_entries_text(external, "tbx")
    with pytest.raises(GlossaryError, match="not well-formed"):
        read_entries_text("<martif><text>", "tbx")
    with pytest.raises(GlossaryError, match="expected <martif> or <tbx>"):
        read_entries_text("<tmx/>", "tbx")


def test_format_lookup() -> None:
    assert format_for("x.TBX").name == "tbx"
    assert format_for("x.txt", "csv").name == "csv"
    with pytest.raises(UsageError, match="--format"):
        format_for("x.xlsx")
    with pytest.raises(UsageError, match="tsv, csv, json, tbx"):
        format_for(None, "xlsx")


def test_json_rejects_unknown_fields() -> None:
    with pytest.raises(GlossaryError, match="unknown field"):
        read_entries_text('[{"id": "a", "zh": "卡林", "en": "Karin", "gender": "m"}]', "json")
