"""Glossary storage: TSV parsing and validation, precedence, hash, faithful atomic edits."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zh2en.errors import GlossaryConflictError, GlossaryError
from zh2en.glossary import load_glossary
from zh2en.glossary.model import COLUMNS, Entry, EntryStatus, EntryType
from zh2en.glossary.store import (
    GlossaryValidationError,
    add_entry,
    edit_entry,
    entry_rev,
    filter_entries,
    find_entries,
    import_entries,
    remove_entry,
)

HEADER = "\t".join(COLUMNS)


def row(*cells: str) -> str:
    assert len(cells) == len(COLUMNS), cells
    return "\t".join(cells)


TOKAYEV = row(
    "tokayev", "托卡耶夫", "", "Tokayev", "Tokaev", "person", "", "", "approved", "", "Reuters", "2022-01-10"
)
NURSULTAN = row(
    "nur-sultan",
    "努尔苏丹",
    "",
    "Nur-Sultan",
    "Nursultan",
    "place",
    "2019-03-23",
    "2022-09-17",
    "approved",
    "capital renamed back to Astana in 2022",
    "",
    "",
)
CSTO = row(
    "csto",
    "集体安全条约组织",
    "集安组织",
    "CSTO",
    "Collective Security Organization",
    "organization",
    "",
    "",
    "approved",
    "",
    "",
    "",
)

SAMPLE = "\n".join(
    [
        "# Seed glossary: people",
        "",
        HEADER,
        "# -- Kazakhstan --",
        TOKAYEV,
        "",
        NURSULTAN,
        "   ",
        "# organizations",
        CSTO,
        "",
    ]
)


@pytest.fixture
def gfile(tmp_path: Path) -> Path:
    p = tmp_path / "people.tsv"
    p.write_text(SAMPLE, encoding="utf-8")
    return p


def test_load_parses_rows_comments_and_multi_values(gfile: Path) -> None:
    g = load_glossary([gfile])
    assert [e.id for e in g.entries] == ["tokayev", "nur-sultan", "csto"]
    t = g.get("tokayev")
    assert (t.zh, t.en, t.en_variants, t.type) == ("托卡耶夫", "Tokayev", ["Tokaev"], EntryType.PERSON)
    assert (t.file, t.line) == (str(gfile), 5)
    ns = g.get("nur-sultan")
    assert (ns.valid_from, ns.valid_to) == ("2019-03-23", "2022-09-17")
    assert ns.valid_on("2022-01-10") and not ns.valid_on("2023-01-01")
    assert g.get("csto").zh_forms == ["集体安全条约组织", "集安组织"]
    assert g.files == [gfile]
    assert "csto" in g and len(g) == 3


def test_unknown_id_names_close_ids(gfile: Path) -> None:
    with pytest.raises(GlossaryError, match="tokayev"):
        load_glossary([gfile]).get("tokayew")


def test_validation_collects_every_problem_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text(
        "\n".join(
            [
                HEADER,
                TOKAYEV,
                "short\t托卡耶夫\tTokayev",  # line 3: column count
                row("Bad Id!", "卡林 ", "", "", "", "human", "2022-02-30", "", "new", "", "", ""),
                row(
                    "ok2",
                    "卡林",
                    "卡琳||",
                    "Karin",
                    "",
                    "person",
                    "2022-05-01",
                    "2022-01-01",
                    "approved",
                    "",
                    "",
                    "yesterday",
                ),
                TOKAYEV,  # duplicate id
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    with pytest.raises(GlossaryValidationError) as info:
        load_glossary([bad])
    text = str(info.value)
    codes = {(p.line, p.code) for p in info.value.problems}
    assert (3, "column-count") in codes
    assert {
        (4, "bad-id"),
        (4, "whitespace"),
        (4, "missing-en"),
        (4, "bad-type"),
        (4, "bad-date"),
        (4, "bad-status"),
    } <= codes
    assert {(5, "empty-value"), (5, "bad-period"), (5, "bad-date")} <= codes
    assert (6, "duplicate-id") in codes
    assert f"{bad}:3: row has 3 tab-separated cells, expected 12" in text
    assert f"{bad}:4: zh '卡林 ' has leading or trailing whitespace — write it as '卡林'" in text
    assert "valid_from 2022-05-01 is after valid_to 2022-01-01" in text
    assert "use one of: person, organization, place, media, event, term" in text
    assert isinstance(info.value, GlossaryError)


def test_bad_header_is_reported(tmp_path: Path) -> None:
    p = tmp_path / "g.tsv"
    p.write_text("id,zh,en\ntokayev,托卡耶夫,Tokayev\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"g.tsv:1: header is"):
        load_glossary([p])


def test_not_utf8_is_a_clear_error(tmp_path: Path) -> None:
    p = tmp_path / "gbk.tsv"
    p.write_bytes((HEADER + "\n" + TOKAYEV + "\n").encode("gb18030"))
    with pytest.raises(GlossaryError, match="not UTF-8"):
        load_glossary([p])


def test_precedence_later_file_wins_and_folders_sort(tmp_path: Path) -> None:
    d = tmp_path / "glossary"
    d.mkdir()
    (d / "10-base.tsv").write_text(HEADER + "\n" + TOKAYEV + "\n" + CSTO + "\n", encoding="utf-8")
    override = TOKAYEV.replace("\tTokayev\t", "\tKassym-Jomart Tokayev\t")
    (d / "20-local.tsv").write_text(HEADER + "\n" + override + "\n", encoding="utf-8")
    (d / "notes.txt").write_text("not a glossary", encoding="utf-8")
    g = load_glossary([d])
    assert [f.name for f in g.files] == ["10-base.tsv", "20-local.tsv"]
    assert g.get("tokayev").en == "Kassym-Jomart Tokayev"
    assert [e.id for e in g.entries] == ["csto", "tokayev"]
    assert [e.en for e in g.overridden] == ["Tokayev"]
    # Explicit order reverses precedence.
    g2 = load_glossary([d / "20-local.tsv", d / "10-base.tsv"])
    assert g2.get("tokayev").en == "Tokayev"


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="does not exist"):
        load_glossary([tmp_path / "nope.tsv"])


def test_hash_ignores_comments_but_not_cells(gfile: Path, tmp_path: Path) -> None:
    h = load_glossary([gfile]).hash
    other = tmp_path / "other.tsv"
    other.write_text("# a different comment\n" + SAMPLE.replace("# organizations\n", ""), encoding="utf-8")
    assert load_glossary([other]).hash == h
    other.write_text(SAMPLE.replace("Tokaev", "Tokaiev"), encoding="utf-8")
    assert load_glossary([other]).hash != h
    assert len(h) == 64


def test_bom_and_crlf_are_kept(tmp_path: Path) -> None:
    p = tmp_path / "excel.tsv"
    original = "\ufeff" + SAMPLE.replace("\n", "\r\n")
    p.write_bytes(original.encode("utf-8"))
    assert load_glossary([p]).get("tokayev").en == "Tokayev"
    add_entry(p, Entry(id="karin", zh="卡林", en="Karin", type=EntryType.PERSON, updated="2022-01-11"))
    data = p.read_bytes().decode("utf-8")
    assert data.startswith("\ufeff# Seed glossary")
    assert (
        data
        == original
        + row("karin", "卡林", "", "Karin", "", "person", "", "", "approved", "", "", "2022-01-11")
        + "\r\n"
    )


def _lines(p: Path) -> list[bytes]:
    return p.read_bytes().split(b"\n")


def test_add_edit_rm_keep_other_lines_byte_identical(gfile: Path) -> None:
    before = _lines(gfile)
    add_entry(gfile, Entry(id="karin", zh="卡林", zh_variants=["卡琳"], en="Karin", type=EntryType.PERSON))
    after_add = _lines(gfile)
    assert after_add[: len(before) - 1] == before[:-1]  # everything kept, new row appended
    assert after_add[-2].startswith("karin\t卡林\t卡琳\tKarin\t".encode())
    edited = edit_entry(gfile, "nur-sultan", {"note": "Astana before 2019-03-23 and after 2022-09-17"})
    assert edited.note.startswith("Astana")
    after_edit = _lines(gfile)
    changed = [i for i, (a, b) in enumerate(zip(after_add, after_edit, strict=True)) if a != b]
    assert changed == [6]  # only the Nur-Sultan row (line 7)
    removed = remove_entry(gfile, "tokayev")
    assert removed.en == "Tokayev"
    after_rm = _lines(gfile)
    assert after_rm == after_edit[:4] + after_edit[5:]
    g = load_glossary([gfile])
    assert [e.id for e in g.entries] == ["nur-sultan", "csto", "karin"]
    assert g.get("karin").updated  # stamped


def test_edit_conflicts_are_reported_not_overwritten(gfile: Path) -> None:
    g = load_glossary([gfile])
    seen = g.get("tokayev")
    rev = entry_rev(seen)
    # Someone else changes the English first.
    edit_entry(gfile, "tokayev", {"en": "Kassym-Jomart Tokayev"}, expected=rev)
    snapshot = gfile.read_bytes()
    with pytest.raises(GlossaryConflictError, match="changed since you read it"):
        edit_entry(gfile, "tokayev", {"en": "K. Tokayev"}, expected=rev)
    with pytest.raises(GlossaryConflictError, match="en is now 'Kassym-Jomart Tokayev'"):
        edit_entry(gfile, "tokayev", {"en": "K. Tokayev"}, expected=seen)
    with pytest.raises(GlossaryConflictError):
        remove_entry(gfile, "tokayev", expected=rev)
    assert gfile.read_bytes() == snapshot
    # A change to another column with the old view merges.
    merged = edit_entry(gfile, "tokayev", {"note": "President"}, expected=seen)
    assert (merged.en, merged.note) == ("Kassym-Jomart Tokayev", "President")


def test_edit_validates_and_renames(gfile: Path) -> None:
    with pytest.raises(GlossaryValidationError, match="valid_from 2023-01-01 is after"):
        edit_entry(gfile, "nur-sultan", {"valid_from": "2023-01-01"})
    with pytest.raises(GlossaryError, match="not a known type"):
        edit_entry(gfile, "nur-sultan", {"type": "city"})
    with pytest.raises(GlossaryError, match="that id exists"):
        edit_entry(gfile, "nur-sultan", {"id": "csto"})
    edit_entry(gfile, "nur-sultan", {"id": "nursultan-city"})
    assert "nursultan-city" in load_glossary([gfile])
    with pytest.raises(GlossaryError, match="already exists"):
        add_entry(gfile, Entry(id="csto", zh="集安组织", en="CSTO"))
    with pytest.raises(GlossaryError, match="no entry with id 'karin'"):
        remove_entry(gfile, "karin")


def test_add_creates_file_with_header(tmp_path: Path) -> None:
    p = tmp_path / "new" / "g.tsv"
    add_entry(p, Entry(id="karin", zh="卡林", en="Karin", updated="2022-01-05"))
    assert p.read_text("utf-8").splitlines()[0] == HEADER
    assert load_glossary([p]).get("karin").en == "Karin"


def test_add_after_file_without_final_newline(tmp_path: Path) -> None:
    p = tmp_path / "g.tsv"
    p.write_text(HEADER + "\n" + TOKAYEV, encoding="utf-8")
    add_entry(p, Entry(id="karin", zh="卡林", en="Karin"))
    assert [e.id for e in load_glossary([p]).entries] == ["tokayev", "karin"]


def test_failed_write_leaves_the_old_file(gfile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = gfile.read_bytes()

    def boom(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError, match="disk full"):
        add_entry(gfile, Entry(id="karin", zh="卡林", en="Karin"))
    assert gfile.read_bytes() == original
    assert sorted(p.name for p in gfile.parent.iterdir() if not p.name.endswith(".lock")) == ["people.tsv"]


def test_import_entries_modes(gfile: Path) -> None:
    new = [
        Entry(id="karin", zh="卡林", en="Karin", type=EntryType.PERSON),
        Entry(id="csto", zh="集体安全条约组织", en="Collective Security Treaty Organization"),
    ]
    with pytest.raises(GlossaryError, match=r"already exist.*csto"):
        import_entries(gfile, new)
    res = import_entries(gfile, new, on_existing="skip", status=EntryStatus.PROPOSED)
    assert (res.added, res.skipped) == (["karin"], ["csto"])
    g = load_glossary([gfile])
    assert g.get("karin").status is EntryStatus.PROPOSED and g.get("csto").en == "CSTO"
    res = import_entries(gfile, new[1:], on_existing="replace")
    assert res.replaced == ["csto"]
    assert load_glossary([gfile]).get("csto").en == "Collective Security Treaty Organization"


@pytest.mark.parametrize(
    ("query", "expected", "field"),
    [
        ("tuokayefu", "tokayev", "pinyin"),  # toneless pinyin
        ("Tuō kǎ yē fū", "tokayev", "pinyin"),  # with tones and spaces
        ("托卡耶夫", "tokayev", "zh"),
        ("卡耶", "tokayev", "zh"),  # part of a form
        ("集安組織", "csto", "zh_variants"),  # Traditional input of a variant
        ("集安组织", "csto", "zh_variants"),
        ("nur-sultan", "nur-sultan", "id"),
        ("Collective Security", "csto", "en_variants"),
        ("tokaev", "tokayev", "en_variants"),  # English, case-insensitive
    ],
)
def test_find_by_chinese_english_or_pinyin(gfile: Path, query: str, expected: str, field: str) -> None:
    hits = find_entries(load_glossary([gfile]).entries, query)
    assert [(h.entry.id, h.field) for h in hits] == [(expected, field)]


def test_find_ranks_exact_first_and_rejects_empty(gfile: Path) -> None:
    entries = load_glossary([gfile]).entries
    hits = find_entries(entries, "su")  # pinyin of 努尔苏丹 (nuersudan) and 'Nur-Sultan'
    assert [h.entry.id for h in hits] == ["nur-sultan"]
    with pytest.raises(GlossaryError, match="empty search"):
        find_entries(entries, "  ")


def test_filter_entries(gfile: Path) -> None:
    entries = load_glossary([gfile]).entries
    assert [e.id for e in filter_entries(entries, types=["place", "organization"])] == ["nur-sultan", "csto"]
    assert filter_entries(entries, statuses=[EntryStatus.PROPOSED]) == []


# -- property: edits rewrite only the changed line ------------------------------------------------


_cell = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp"), blacklist_characters="|#"),
    min_size=1,
    max_size=12,
)
_comment = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=20).map(
    lambda s: "#" + s
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    zh=st.lists(_cell, min_size=3, max_size=3),
    en=st.lists(_cell, min_size=3, max_size=3),
    comments=st.lists(_comment, min_size=3, max_size=3),
    newline=st.sampled_from(["\n", "\r\n"]),
    new_note=_cell,
)
def test_edit_rewrites_only_the_changed_line(
    tmp_path: Path, zh: list[str], en: list[str], comments: list[str], newline: str, new_note: str
) -> None:
    rows = [row(f"e{i}", zh[i], "", en[i], "", "term", "", "", "approved", "", "", "") for i in range(3)]
    lines = [comments[0], HEADER, rows[0], "", comments[1], rows[1], comments[2], rows[2]]
    p = tmp_path / "prop.tsv"
    p.write_bytes(newline.join(lines).encode("utf-8"))  # no final newline on purpose
    g = load_glossary([p])
    assert [(e.zh, e.en) for e in g.entries] == list(zip(zh, en, strict=True))
    edit_entry(p, "e1", {"note": new_note})
    after = p.read_bytes().decode("utf-8").split(newline)
    assert len(after) == len(lines)
    assert [i for i, (a, b) in enumerate(zip(lines, after, strict=True)) if a != b] == [5]
    assert load_glossary([p]).get("e1").note == new_note
