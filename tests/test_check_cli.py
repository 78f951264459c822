"""zh2en check: line-aligned files, whole articles, the QA gate, --json, the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zh2en.errors import InputError
from zh2en.qa import check_files, gate, line_aligned_article, split_lines

from conftest import GLOSSARY, run_cli, seed

# Four lines of seed 000, one empty line kept in place, and a translation line by line.
SRC_LINES = [
    "哈萨克斯坦总统托卡耶夫确认,哈国的骚乱是一场“未遂政变”,俄罗斯牵头的维和行动将很快结束。",
    "",
    "卡林说,同时,集安组织部队不会在每个地区都参与维和。",
    "哈萨克斯坦卫生部9日表示,这场骚乱已导致164人死亡,其中在阿拉木图有103人丧生。",
]
GOOD = [
    'Kazakh President Tokayev confirmed that the unrest was an "attempted coup" and that the '
    "Russian-led peacekeeping operation would end soon.",
    "",
    "At the same time, Karin said, CSTO troops will not take part in peacekeeping in every region.",
    "Kazakhstan's health ministry said on the 9th that the unrest had left 164 people dead, "
    "103 of them in Almaty.",
]
BAD = [
    GOOD[0].replace("Tokayev", "Tokaev"),  # a known wrong variant of 托卡耶夫
    "",
    GOOD[2],
    GOOD[3].replace("164", "146"),  # a wrong number
]


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture()
def src(tmp_path: Path) -> Path:
    return _write(tmp_path / "zh.txt", SRC_LINES)


def test_split_lines_keeps_empty_lines_and_offsets() -> None:
    text = "甲\n\n乙\r\n"
    assert split_lines(text) == [(0, "甲"), (2, ""), (3, "乙")]
    assert split_lines("") == []
    assert split_lines("\n") == [(0, "")]


def test_line_aligned_article_keeps_the_empty_segment(src: Path, tmp_path: Path) -> None:
    art = line_aligned_article(src, _write(tmp_path / "en.txt", GOOD))
    assert [s.text for s in art.segments] == SRC_LINES
    assert [s.target for s in art.segments] == GOOD
    for seg in art.segments:  # each segment points at its line in the raw text
        assert art.raw_text[seg.start : seg.end] == seg.text


def test_line_count_mismatch_names_both_counts(src: Path, tmp_path: Path) -> None:
    short = _write(tmp_path / "en.txt", GOOD[:3])
    with pytest.raises(InputError, match=r"zh\.txt has 4 lines, .*en\.txt has 3"):
        line_aligned_article(src, short)
    res = run_cli("check", str(src), str(short))
    assert res.returncode == 1
    assert "has 4 lines" in res.stderr and "has 3" in res.stderr and "--align" in res.stderr


def test_check_json_shape_and_findings(src: Path, tmp_path: Path) -> None:
    res = run_cli("check", str(src), str(_write(tmp_path / "en.txt", BAD)), "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert set(data) == {"signature", "articles", "summary"}
    assert data["signature"]["settings"] == {"mode": "lines"}
    (art,) = data["articles"]
    assert [s["source"] for s in art["segments"]] == SRC_LINES
    assert [s["target"] for s in art["segments"]] == BAD
    assert set(art["segments"][0]) == {"index", "kind", "source", "target", "findings"}
    f0 = {f["check"]: f for f in art["segments"][0]["findings"]}
    assert "term-variant" in f0
    variant = f0["term-variant"]
    assert set(variant) == {
        "check",
        "severity",
        "message",
        "segment",
        "source_span",
        "target_span",
        "suggestion",
    }
    a, b = variant["target_span"]
    assert BAD[0][a:b] == "Tokaev"
    assert "Tokayev" in (variant["suggestion"] or "")
    checks3 = {f["check"] for f in art["segments"][3]["findings"]}
    assert "number-mismatch" in checks3
    assert art["segments"][1]["findings"] == []  # empty source, empty target: nothing to flag
    assert data["summary"]["by_severity"]["error"] >= 2


def test_correct_translation_raises_nothing(src: Path, tmp_path: Path) -> None:
    res = run_cli("check", str(src), str(_write(tmp_path / "en.txt", GOOD)), "--json", "--fail-on", "info")
    data = json.loads(res.stdout)
    found = [
        (s["index"], f["check"], f["message"]) for s in data["articles"][0]["segments"] for f in s["findings"]
    ]
    assert found == []
    assert res.returncode == 0, res.stderr
    assert data["gate"] == {"fail_on": "info", "failed": False}


def test_fail_on_gives_exit_code_3(src: Path, tmp_path: Path) -> None:
    bad = _write(tmp_path / "en.txt", BAD)
    res = run_cli("check", str(src), str(bad), "--fail-on", "error")
    assert res.returncode == 3, res.stderr
    assert "QA gate failed" in res.stderr
    # Human output: each segment with source, target and findings.
    assert "SRC: 哈萨克斯坦卫生部9日表示" in res.stdout and "TGT: Kazakhstan's health ministry" in res.stdout
    assert "ERROR number-mismatch" in res.stdout
    # --only narrows the checks; with no error-level check left the gate passes.
    res = run_cli("check", str(src), str(bad), "--fail-on", "error", "--only", "term-missing")
    assert res.returncode == 0, res.stdout + res.stderr
    res = run_cli("check", str(src), str(bad), "--fail-on", "fatal")
    assert res.returncode == 2 and "info, warning, error" in res.stderr


def test_gate_threshold() -> None:
    from report_fixtures import sample_articles

    arts = sample_articles()
    assert len(gate(arts, "error")) == 3
    assert len(gate(arts, "warning")) == 6
    assert len(gate(arts, "info")) == 8


def test_whole_articles_are_sentence_aligned(tmp_path: Path) -> None:
    # Paragraphs 6–11 of seed 000 as they are, and an English article that splits one sentence,
    # merges two, and leaves out the photo caption.
    lines = seed("000").read_text(encoding="utf-8").splitlines()[5:11]
    src = tmp_path / "000.zh.txt"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    en = tmp_path / "000.en.txt"
    en.write_text(
        "According to a TASS report on January 10, Kazakh government officials said the CSTO was keeping "
        "the peace only in some regions, and that the purpose of inviting the CSTO into the country was to "
        "protect sovereignty and strengthen territorial integrity. Counter-terrorism operations will be "
        "handled by Kazakhstan's own special forces and other units.\n\n"
        'Kazakh President Tokayev confirmed that the unrest in the country was an "attempted coup". '
        "The Russian-led peacekeeping operation would end soon, he said.\n\n"
        "Earlier, the entry of peacekeepers of the Russian-led CIS Collective Security Treaty Organization "
        "(CSTO) into Kazakhstan drew criticism from Western countries.\n\n"
        "On the 10th, Kazakh State Secretary Erlan Karin said on social media that the CSTO mission was "
        "purely a peacekeeping mission, expected to be very short, and that the CSTO peacekeeping "
        "contingent would withdraw completely once the situation stabilized.\n\n"
        "At the same time, Karin said, CSTO troops will not take part in peacekeeping in every region. "
        "They will provide security for basic local facilities.\n",
        encoding="utf-8",
    )
    res = run_cli("check", str(src), str(en), "--align", "--json")
    assert res.returncode == 0, res.stderr
    segs = json.loads(res.stdout)["articles"][0]["segments"]
    got = [(s["alignment"], s["source"][:6], (s["target"] or "")[:12]) for s in segs]
    assert got == [
        ("1:1", "据俄罗斯塔斯", "According to"),
        ("1:1", "反恐行动将由", "Counter-terr"),
        ("1:2", "哈萨克斯坦总", "Kazakh Presi"),
        ("1:1", "此前,俄罗斯", "Earlier, the"),
        ("1:0", "集安组织维和", ""),
        ("2:1", "10日,哈萨", "On the 10th,"),
        ("1:1", "卡林说,同时", "At the same "),
        ("1:1", "他们将为当地", "They will pr"),
    ]
    assert segs[2]["target"].endswith("would end soon, he said.")
    # The untranslated caption is flagged (an empty target for a non-empty source).
    assert {f["check"] for f in segs[4]["findings"]} & {"empty-target", "short-target"}
    # Without --align the two files are not line-aligned: a clear error.
    res = run_cli("check", str(src), str(en))
    assert res.returncode == 1 and "--align" in res.stderr


def test_report_written_with_o(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "qa"
    res = run_cli("check", str(src), str(_write(tmp_path / "en.txt", BAD)), "-o", str(out), "--flagged")
    assert res.returncode == 0, res.stderr
    assert sorted(p.name for p in out.iterdir()) == ["qa-report.html", "qa-report.json", "qa-report.md"]
    html = (out / "qa-report.html").read_text(encoding="utf-8")
    assert "number-mismatch" in html and "Tokaev" in html
    data = json.loads((out / "qa-report.json").read_text(encoding="utf-8"))
    assert data["signature"]["settings"] == {"mode": "lines"}
    rows = {r["entry_id"]: r for r in data["consistency"]}
    assert any(r["expected"] == "Tokayev" for r in rows.values())
    # --flagged lists only segments with findings.
    assert "SRC: 卡林说" not in res.stdout


def test_bilingual_only_for_known_suffixes(src: Path) -> None:
    res = run_cli("check", str(src))
    assert res.returncode == 2
    assert ".tmx" in res.stderr and "TARGET" in res.stderr


def test_check_files_library_uses_project_glossary(src: Path, tmp_path: Path) -> None:
    arts = check_files(src, _write(tmp_path / "en.txt", BAD), glossary=[GLOSSARY])
    terms = {t.entry_id for s in arts[0].segments for t in s.terms}
    assert "person-tokayev" in terms
    assert arts[0].signature["glossary"]


def test_bilingual_files_tmx_xliff_jsonl(tmp_path: Path) -> None:
    from zh2en.formats.jsonl import write_article_jsonl
    from zh2en.formats.tmx import write_tmx
    from zh2en.formats.xliff import write_xliff
    from zh2en.qa import article_from_pairs

    art = article_from_pairs(
        list(zip(SRC_LINES, BAD, strict=True)), article_id="000", source_path=None, reader="t"
    )
    paths = [tmp_path / "a.tmx", tmp_path / "a.xlf", tmp_path / "a.jsonl"]
    write_tmx([art], paths[0], {"tool": "zh2en"})
    write_xliff([art], paths[1], {"tool": "zh2en"})
    write_article_jsonl(art, paths[2])
    for path in paths:
        res = run_cli("check", str(path), "--json", "--fail-on", "error")
        assert res.returncode == 3, (path, res.stderr)
        segs = [s for a in json.loads(res.stdout)["articles"] for s in a["segments"]]
        flagged = {(s["source"], f["check"]) for s in segs for f in s["findings"]}
        assert (SRC_LINES[3], "number-mismatch") in flagged, path
        assert (SRC_LINES[0], "term-variant") in flagged, path


# 努尔苏丹 is Nur-Sultan from 2019-03-23 to 2022-09-17 and Astana before and after.
CAPITAL_SRC = ["武装分子计划袭击首都努尔苏丹。"]
CAPITAL_EN = ["Militants planned to attack the capital, Nur-Sultan."]


def test_check_and_eval_take_the_article_date(tmp_path: Path) -> None:
    """Line-aligned text has no date of its own: --date (or a full date in the text) decides
    between dated glossary rows, as in translate; without either, today's row applies."""
    src = _write(tmp_path / "zh.txt", CAPITAL_SRC)
    hyp = _write(tmp_path / "en.txt", CAPITAL_EN)

    def variants(*extra: str) -> list[str]:
        res = run_cli("check", str(src), str(hyp), "--json", "--only", "terms", *extra)
        assert res.returncode == 0, res.stderr
        data = json.loads(res.stdout)
        return [f["check"] for a in data["articles"] for s in a["segments"] for f in s["findings"]]

    assert "term-variant" in variants()  # today the glossary says Astana
    assert variants("--date", "2022-01-10") == []
    dated = _write(tmp_path / "dated.zh.txt", ["2022年1月10日电", *CAPITAL_SRC])
    dated_en = _write(tmp_path / "dated.en.txt", ["January 10, 2022", *CAPITAL_EN])
    res = run_cli("check", str(dated), str(dated_en), "--json", "--only", "terms")
    assert json.loads(res.stdout)["articles"][0]["segments"][1]["findings"] == [], res.stdout

    res = run_cli("check", str(src), str(hyp), "--date", "10 Jan")
    assert res.returncode == 2 and "10 Jan" in res.stderr and "YYYY-MM-DD" in res.stderr

    res = run_cli("eval", str(hyp), str(hyp), "--source", str(src), "--json", "--date", "2022-01-10")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["corpus"]["term_success"] == 1.0


def test_report_folder_that_is_a_file_is_refused_before_checking(src: Path, tmp_path: Path) -> None:
    target = _write(tmp_path / "en.txt", GOOD)
    not_a_folder = _write(tmp_path / "report", ["x"])
    res = run_cli("check", str(src), str(target), "-o", str(not_a_folder))
    assert res.returncode == 2, res.stderr
    assert res.stdout == ""  # nothing checked and printed first
    assert f"{not_a_folder} is a file" in res.stderr and "File exists" not in res.stderr
