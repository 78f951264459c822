"""`zh2en glossary` maintenance commands, run as a user would (subprocess via run_cli)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zh2en.glossary.model import COLUMNS

from conftest import SEEDS, run_cli

HEADER = "\t".join(COLUMNS)
ROWS = [
    "# Kazakhstan, January 2022",
    HEADER,
    "tokayev\t卡瑟姆若马尔特·托卡耶夫\t托卡耶夫\tKassym-Jomart Tokayev\tTokaev\tperson\t\t\tapproved"
    "\tPresident\tReuters\t2022-01-10",
    "",
    "nur-sultan\t努尔苏丹\t\tNur-Sultan\tNursultan\tplace\t2019-03-23\t2022-09-17\tapproved\t\t\t2022-01-10",
    "csto\t集体安全条约组织\t集安组织\tCSTO\t\torganization\t\t\tproposed\t\t\t2022-01-10",
]


@pytest.fixture
def gdir(tmp_path: Path) -> Path:
    d = tmp_path / "glossary"
    d.mkdir()
    (d / "main.tsv").write_text("\n".join(ROWS) + "\n", encoding="utf-8")
    return d


def test_help_states_precedence() -> None:
    res = run_cli("glossary", "add", "--help")
    assert res.returncode == 0
    assert "later file wins for the same id" in " ".join(res.stdout.split())


@pytest.mark.slow
def test_add_show_edit_rm(gdir: Path) -> None:
    g = ["-g", str(gdir)]
    res = run_cli(
        "glossary",
        "add",
        "karin",
        "--zh",
        "埃尔兰·卡林",
        "--en",
        "Erlan Karin",
        "--zh-variant",
        "卡林",
        "--zh-variant",
        "卡琳",
        "-t",
        "person",
        *g,
    )
    assert res.returncode == 0, res.stderr
    assert "added karin to" in res.stderr
    shown = json.loads(run_cli("glossary", "show", "karin", "--json", *g).stdout)
    assert shown["zh_variants"] == ["卡林", "卡琳"] and shown["line"] == 7
    res = run_cli("glossary", "edit", "karin", "--en", "Yerlan Karin", "--if-rev", shown["rev"], *g)
    assert res.returncode == 0, res.stderr
    # The old revision is now stale: conflict, exit 1, nothing written.
    before = (gdir / "main.tsv").read_bytes()
    res = run_cli("glossary", "edit", "karin", "--en", "E. Karin", "--if-rev", shown["rev"], *g)
    assert res.returncode == 1 and "changed since you read it" in res.stderr
    assert (gdir / "main.tsv").read_bytes() == before
    res = run_cli("glossary", "edit", "karin", "--add-en-variant", "Erlan Karin", "--json", *g)
    assert json.loads(res.stdout)["en_variants"] == ["Erlan Karin"]
    text = run_cli("glossary", "show", "karin", *g).stdout
    assert "en:          Yerlan Karin" in text and "rev:" in text
    res = run_cli("glossary", "rm", "karin", *g)
    assert res.returncode == 0
    assert (gdir / "main.tsv").read_text("utf-8") == "\n".join(ROWS) + "\n"


def test_list_filters_and_find(gdir: Path) -> None:
    g = ["-g", str(gdir)]
    out = run_cli("glossary", "list", "--type", "place", *g).stdout.splitlines()
    assert out == ["nur-sultan\t努尔苏丹\tNur-Sultan\tplace\tapproved\t2019-03-23..2022-09-17"]
    proposed = json.loads(run_cli("glossary", "list", "--status", "proposed", "--json", *g).stdout)
    assert [e["id"] for e in proposed] == ["csto"]
    res = run_cli("glossary", "find", "tuokayefu", "--json", *g)  # toneless pinyin
    assert res.returncode == 0, res.stderr
    hits = json.loads(res.stdout)
    assert [(h["id"], h["matched"], h["matched_form"]) for h in hits] == [("tokayev", "pinyin", "托卡耶夫")]
    assert run_cli("glossary", "find", "集安組織", *g).stdout.startswith("csto\t")  # Traditional input
    res = run_cli("glossary", "find", "zzz", *g)
    assert res.returncode == 0 and not res.stdout and "no entry matches" in res.stderr


@pytest.mark.slow
def test_errors_are_clear(gdir: Path, tmp_path: Path) -> None:
    g = ["-g", str(gdir)]
    res = run_cli("glossary", "add", "x", "--zh", "卡林", "--en", "Karin", "-t", "city", *g)
    assert res.returncode == 2 and "use one of: person, organization" in res.stderr
    res = run_cli("glossary", "show", "tokayew", *g)
    assert res.returncode == 1 and "did you mean 'tokayev'" in res.stderr
    bad = tmp_path / "bad.tsv"
    bad.write_text(HEADER + "\nx\t卡林\t\t\t\tperson\t\t\tapproved\t\t\t\n", encoding="utf-8")
    res = run_cli("glossary", "list", "-g", str(bad))
    assert res.returncode == 1
    assert f"{bad}:2: en is empty — fill in the en column" in res.stderr
    res = run_cli("glossary", "edit", "tokayev", *g)
    assert res.returncode == 2 and "nothing to change" in res.stderr


@pytest.mark.parametrize("fmt", ["tsv", "csv", "json", "tbx"])
def test_export_import_round_trip(gdir: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"export.{fmt}"
    res = run_cli("glossary", "export", "-o", str(out), "-g", str(gdir))
    assert res.returncode == 0, res.stderr
    target = tmp_path / "copy.tsv"
    res = run_cli("glossary", "import", str(out), "-f", str(target), "--json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["added"] == ["tokayev", "nur-sultan", "csto"]
    a = run_cli("glossary", "export", "--format", "json", "-g", str(gdir)).stdout
    b = run_cli("glossary", "export", "--format", "json", "-g", str(target)).stdout
    assert a == b


def test_lint_exit_codes(gdir: Path, tmp_path: Path) -> None:
    res = run_cli("glossary", "lint", "-g", str(gdir), "--json")
    assert res.returncode == 0, res.stdout
    report = json.loads(res.stdout)
    assert report["errors"] == 0
    assert report["findings"] == []  # 托卡耶夫 inside the full name is the same entry
    bad = tmp_path / "bad.tsv"
    bad.write_text(
        HEADER + "\na\t托卡耶夫\t\tTokayev\t\tperson\t\t\tapproved\t\t\t\n"
        "b\t托卡耶夫\t\tTokaev\t\tperson\t\t\tapproved\t\t\t\n",
        encoding="utf-8",
    )
    res = run_cli("glossary", "lint", "-g", str(bad))
    assert res.returncode == 1
    assert f"{bad}:3: error conflicting-english: '托卡耶夫' is 'Tokayev'" in res.stdout
    assert "1 errors, 0 warnings" in res.stderr


def test_suggest_review_file_then_import_proposed(gdir: Path, tmp_path: Path) -> None:
    review = tmp_path / "review.tsv"
    res = run_cli("glossary", "suggest", str(SEEDS), "-o", str(review), "-g", str(gdir))
    assert res.returncode == 0, res.stderr
    rows = [r.split("\t") for r in review.read_text("utf-8").splitlines() if not r.startswith("#")]
    zh = {r[1]: r for r in rows[1:]}
    assert zh["埃尔兰·卡林"][3] == "Erlan Karin"
    assert zh["崔璞玉"][3] == "Cui Puyu"
    assert "集体安全条约组织" not in zh and "托卡耶夫" not in zh  # already in the glossary
    target = gdir / "proposed.tsv"
    res = run_cli("glossary", "import", str(review), "--status", "proposed", "-f", str(target), "--json")
    assert res.returncode == 0, res.stderr
    assert "erlan-karin" in json.loads(res.stdout)["added"]
    shown = json.loads(run_cli("glossary", "show", "erlan-karin", "--json", "-g", str(gdir)).stdout)
    assert shown["status"] == "proposed"


def test_add_refuses_a_chinese_form_that_another_entry_already_renders(gdir: Path) -> None:
    """`add x --zh 托卡耶夫 --en Tokaev` silently made a lint error, and translate then used it."""
    g = ["-g", str(gdir)]
    before = (gdir / "main.tsv").read_bytes()
    res = run_cli("glossary", "add", "x", "--zh", "托卡耶夫", "--en", "Tokaev", "--type", "person", *g)
    assert res.returncode == 1, res.stderr
    assert "托卡耶夫" in res.stderr and "'tokayev'" in res.stderr and "Traceback" not in res.stderr
    assert "hint:" in res.stderr
    assert (gdir / "main.tsv").read_bytes() == before  # nothing written
    # Traditional spelling of the same name, and a variant equal to another entry's source.
    res = run_cli("glossary", "add", "y", "--zh", "努爾蘇丹", "--en", "Nursultan City", *g)
    assert res.returncode == 1 and "'nur-sultan'" in res.stderr, res.stderr
    # A different period of the same name is how dated names work: allowed.
    res = run_cli(
        "glossary", "add", "astana", "--zh", "努尔苏丹", "--en", "Astana", "--valid-from", "2022-09-18", *g
    )
    assert res.returncode == 0, res.stderr
    res = run_cli("glossary", "lint", *g, "--errors-only")
    assert res.returncode == 0, res.stdout


def test_import_refuses_rows_that_clash_with_the_glossary(gdir: Path, tmp_path: Path) -> None:
    g = ["-g", str(gdir)]
    before = (gdir / "main.tsv").read_bytes()
    review = tmp_path / "review.tsv"
    row = "x9\t托卡耶夫\t\tTokaev\t\tperson\t\t\tproposed\t\t\t"
    review.write_text(HEADER + "\n" + row + "\n", encoding="utf-8")
    res = run_cli("glossary", "import", str(review), *g)
    assert res.returncode == 1 and "'tokayev'" in res.stderr and "not imported" in res.stderr, res.stderr
    assert (gdir / "main.tsv").read_bytes() == before


def test_edit_refuses_a_change_that_clashes_with_another_entry(gdir: Path) -> None:
    g = ["-g", str(gdir)]
    before = (gdir / "main.tsv").read_bytes()
    res = run_cli("glossary", "edit", "csto", "--zh", "卡瑟姆若马尔特·托卡耶夫", *g)
    assert res.returncode == 1 and "'tokayev'" in res.stderr and "not changed" in res.stderr, res.stderr
    assert (gdir / "main.tsv").read_bytes() == before
    res = run_cli("glossary", "edit", "tokayev", "--en", "Kassym-Jomart Tokayev", "--note", "ok", *g)
    assert res.returncode == 0, res.stderr  # its own forms are not a clash
    res = run_cli("glossary", "edit", "tokayev", "--id", "kj-tokayev", *g)
    assert res.returncode == 0, res.stderr  # nor are they under a new id


def test_add_without_file_goes_where_entries_of_its_type_live(tmp_path: Path) -> None:
    header = (
        "id\tzh\tzh_variants\ten\ten_variants\ttype\tvalid_from\tvalid_to\tstatus\tnote\tsource\tupdated\n"
    )
    (tmp_path / "media.tsv").write_text(
        header + "tass\t塔斯社\t\tTASS\t\tmedia\t\t\tapproved\t\t\t\n", "utf-8"
    )
    (tmp_path / "people.tsv").write_text(
        header + "putin\t普京\t\tPutin\t\tperson\t\t\tapproved\t\t\t\n", "utf-8"
    )
    g = ["-g", str(tmp_path)]
    res = run_cli("glossary", "add", "karin", "--zh", "卡林", "--en", "Karin", "--type", "person", *g)
    assert res.returncode == 0, res.stderr
    assert "karin" in (tmp_path / "people.tsv").read_text("utf-8")
    assert "karin" not in (tmp_path / "media.tsv").read_text("utf-8")
    # no file holds that type yet: the first file
    res = run_cli("glossary", "add", "coup", "--zh", "政变", "--en", "coup", "--type", "event", *g)
    assert res.returncode == 0, res.stderr
    assert "coup" in (tmp_path / "media.tsv").read_text("utf-8")
