"""Glossary lint: each rule fires on a crafted file and stays silent on a clean one."""

from __future__ import annotations

from pathlib import Path

import pytest

from zh2en.glossary.lint import lint_glossary
from zh2en.glossary.model import COLUMNS

HEADER = "\t".join(COLUMNS)


def row(
    ident: str,
    zh: str,
    en: str,
    *,
    zv: str = "",
    ev: str = "",
    typ: str = "person",
    vf: str = "",
    vt: str = "",
    status: str = "approved",
) -> str:
    return "\t".join([ident, zh, zv, en, ev, typ, vf, vt, status, "", "", ""])


CLEAN = [
    row("tokayev", "卡瑟姆若马尔特·托卡耶夫", "Kassym-Jomart Tokayev", zv="托卡耶夫", ev="Tokaev"),
    row(
        "nur-sultan", "努尔苏丹", "Nur-Sultan", ev="Nursultan", typ="place", vf="2019-03-23", vt="2022-09-17"
    ),
    row("astana-before", "努尔苏丹", "Astana", typ="place", vt="2019-03-22"),
    row("astana-after", "努尔苏丹", "Astana", typ="place", vf="2022-09-18"),
    row(
        "csto",
        "集体安全条约组织",
        "CSTO",
        zv="集安组织",
        ev="Collective Security Organization",
        typ="organization",
    ),
    row("karin", "埃尔兰·卡林", "Erlan Karin", zv="卡林|卡琳"),
]


def lint_rows(tmp_path: Path, rows: list[str], name: str = "g.tsv") -> list[tuple[str, str, int]]:
    p = tmp_path / name
    p.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return [(f.severity, f.code, f.line) for f in lint_glossary([p])]


def test_clean_glossary_has_no_findings(tmp_path: Path) -> None:
    assert lint_rows(tmp_path, CLEAN) == []


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # one Chinese form, different English
        (
            [row("a", "托卡耶夫", "Tokayev"), row("b", "托卡耶夫", "Tokaev")],
            ("error", "conflicting-english", 3),
        ),
        # the same entry twice under two ids
        (
            [row("a", "托卡耶夫", "Tokayev"), row("b", "托卡耶夫", "Tokayev")],
            ("error", "duplicate-source", 3),
        ),
        # a variant that is another entry's source
        (
            [
                row("city", "努尔苏丹", "Nur-Sultan", typ="place"),
                row("nazarbayev", "纳扎尔巴耶夫", "Nazarbayev", zv="努尔苏丹"),
            ],
            ("error", "variant-is-source", 3),
        ),
        # Traditional/Simplified duplicates across entries
        (
            [row("a", "努尔苏丹", "Nur-Sultan"), row("b", "努爾蘇丹", "Nursultan")],
            ("error", "script-duplicate", 3),
        ),
        # dated entries whose periods overlap
        (
            [
                row("a", "努尔苏丹", "Nur-Sultan", vf="2019-03-23", vt="2022-09-17"),
                row("b", "努尔苏丹", "Astana", vf="2022-01-01"),
            ],
            ("error", "overlapping-periods", 3),
        ),
        # English variant equal to the canonical
        ([row("a", "托卡耶夫", "Tokayev", ev="Tokaev|Tokayev")], ("error", "variant-equals-canonical", 2)),
        ([row("a", "托卡耶夫", "Tokayev", ev="Tokaev|Tokaev")], ("warning", "duplicate-en-variant", 2)),
        # a form inside another entry's longer form
        (
            [
                row("russia", "俄罗斯", "Russia", typ="place"),
                row("belarus", "白俄罗斯", "Belarus", typ="place"),
            ],
            ("warning", "contained-form", 2),
        ),
        # a Traditional variant that normalization already produces
        ([row("a", "托卡耶夫", "Tokayev", zv="托卡耶夫")], ("warning", "redundant-variant", 2)),
        ([row("a", "努尔苏丹", "Nur-Sultan", zv="努爾蘇丹")], ("warning", "redundant-variant", 2)),
        # full-width letters or odd separators in Chinese, full-width punctuation in English
        ([row("g20", "Ｇ２０峰会", "G20 summit", typ="event")], ("warning", "fullwidth", 2)),
        ([row("karin", "埃尔兰・卡林", "Erlan Karin")], ("warning", "fullwidth", 2)),
        ([row("a", "托卡耶夫", "Tokayev（President）")], ("error", "fullwidth-english", 2)),
        # placeholders left by suggest
        ([row("a", "托卡耶夫", "[tuo ka ye fu]")], ("error", "placeholder-english", 2)),
        # row problems that loading rejects
        ([row("a", "托卡耶夫 ", "Tokayev")], ("error", "whitespace", 2)),
        ([row("a", "托卡耶夫", "Tokayev", vf="2022-02-30")], ("error", "bad-date", 2)),
        ([row("a", "托卡耶夫", "Tokayev", vf="2022-02-01", vt="2022-01-01")], ("error", "bad-period", 2)),
        ([row("a", "托卡耶夫", "Tokayev"), row("a", "卡林", "Karin")], ("error", "duplicate-id", 3)),
    ],
)
def test_each_rule_fires(tmp_path: Path, rows: list[str], expected: tuple[str, str, int]) -> None:
    found = lint_rows(tmp_path, rows)
    assert expected in found, found


def test_nested_names_are_warnings_not_errors(tmp_path: Path) -> None:
    found = lint_rows(
        tmp_path,
        [
            row("nursultan-person", "努尔苏丹·纳扎尔巴耶夫", "Nursultan Nazarbayev"),
            row("nur-sultan", "努尔苏丹", "Nur-Sultan", typ="place"),
        ],
    )
    assert found == [("warning", "contained-form", 3)]
    # Consistent nesting (the short English is part of the long English) is not reported.
    assert (
        lint_rows(
            tmp_path,
            [
                row("kazakhstan", "哈萨克斯坦", "Kazakhstan", typ="place"),
                row("kazakh", "哈萨克", "Kazakh", typ="term"),
                row("tokayev", "托卡耶夫", "Tokayev"),
                row("kassym-jomart-tokayev", "卡瑟姆若马尔特·托卡耶夫", "Kassym-Jomart Tokayev"),
            ],
        )
        == []
    )


def test_override_across_files_and_sorting(tmp_path: Path) -> None:
    a = tmp_path / "a.tsv"
    b = tmp_path / "b.tsv"
    a.write_text(HEADER + "\n" + row("tokayev", "托卡耶夫", "Tokayev") + "\n", encoding="utf-8")
    b.write_text(HEADER + "\n" + row("tokayev", "托卡耶夫", "Kassym-Jomart Tokayev") + "\n", encoding="utf-8")
    findings = lint_glossary([a, b])
    assert [(f.severity, f.code, Path(f.file).name, f.line) for f in findings] == [
        ("warning", "overridden-id", "b.tsv", 2)
    ]  # the overridden entry no longer conflicts: the later file wins
    f = findings[0]
    assert str(f).startswith(
        f"{b}:2: warning overridden-id: id 'tokayev' is also defined in 'tokayev' (a.tsv:2)"
    )
    assert f.to_dict()["entry_id"] == "tokayev"


def test_bad_rows_do_not_stop_other_rules(tmp_path: Path) -> None:
    found = lint_rows(
        tmp_path,
        ["broken\trow", row("a", "托卡耶夫", "Tokayev"), row("b", "托卡耶夫", "Tokaev")],
    )
    assert ("error", "column-count", 2) in found
    assert ("error", "conflicting-english", 4) in found
