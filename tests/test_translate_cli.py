"""Acceptance: `zh2en translate` and `zh2en recheck` end to end on the five seeds."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import defusedxml.ElementTree as SafeET
import pytest

from zh2en.document import Article, TermStatus
from zh2en.formats.jsonl import article_to_jsonl, read_article_jsonl
from zh2en.formats.tmx import read_tmx
from zh2en.formats.xliff import NS, read_xliff
from zh2en.ingest import read_file

from conftest import GLOSSARY, REPO, SEEDS, run_cli, seed

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

SLOW_ENGINE = '''
"""A test engine: the dictionary rendering, slowly; logs every request it is sent."""
import os, time
from zh2en.engines.dictionary import render


class SlowEngine:
    """Slow dictionary engine (tests)."""

    name = "slow"
    glossary_strategy = "placeholder"

    def __init__(self, model=None):
        self.delay = float(os.environ.get("SLOW_ENGINE_DELAY", "0.02"))

    def translate_batch(self, batch):
        if os.environ.get("SLOW_ENGINE_FAIL"):
            raise RuntimeError("model server went away")
        log = os.environ.get("SLOW_ENGINE_LOG")
        out = []
        for req in batch:
            time.sleep(self.delay)
            out.append(render(req.text))
        if log:
            with open(log, "a", encoding="utf-8") as fh:
                fh.write("".join(r.text.replace("\\n", " ") + "\\n" for r in batch))
        return out

    def signature(self):
        return {"name": "slow", "model": "slow-dictionary"}
'''


@pytest.fixture(scope="module")
def dry_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    out = tmp_path_factory.mktemp("dry") / "out"
    res = run_cli("translate", str(SEEDS), "-o", str(out), "--engine", "dictionary", "--json")
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""  # quiet when piped: no progress bar, no chatter
    return out, json.loads(res.stdout)


def _articles(out: Path) -> list[Article]:
    index = json.loads((out / "run.json").read_text("utf-8"))
    return [read_article_jsonl(out / a["files"]["jsonl"]) for a in index["articles"]]


def test_dry_run_translates_every_segment_once(dry_run: tuple[Path, dict[str, object]]) -> None:
    out, summary = dry_run
    articles = _articles(out)
    assert [a.id for a in articles] == sorted(p.stem for p in SEEDS.glob("*.txt"))
    for article in articles:
        fresh = read_file(SEEDS / f"{article.id}.txt")
        assert [s.text for s in article.segments] == [s.text for s in fresh.segments]
        assert article.raw_text == fresh.raw_text
        for seg in article.segments:
            assert seg.mt is not None and seg.target is not None
            assert "⟦" not in seg.target
    stats = summary["stats"]
    assert isinstance(stats, dict)
    assert stats["segments"] == sum(len(a.segments) for a in articles)


def test_dry_run_ledger_has_every_term(dry_run: tuple[Path, dict[str, object]]) -> None:
    out, summary = dry_run
    total = 0
    for article in _articles(out):
        for seg in article.segments:
            occurrences = [(t.entry_id, t.start) for t in seg.terms]
            ledgered = [(e.entry_id, e.match_start) for e in seg.ledger if e.match_start is not None]
            assert ledgered == occurrences
            total += len(occurrences)
            for e in seg.ledger:
                # The dictionary engine gets placeholders, so every term comes back exact.
                assert seg.target[e.target_start : e.target_end] == e.expected  # type: ignore[index]
                assert e.status is TermStatus.APPLIED, (article.id, seg.index, e)
    assert total > 100
    assert summary["ledger"] == {"applied": total}
    # Seed 002 gives no date; its dateline (努尔苏丹11日讯) and the batch date it to
    # 2022-01-11, so 努尔苏丹 is the capital's name of that time: Nur-Sultan, not Astana.
    (seed_002,) = [a for a in _articles(out) if a.id.startswith("002")]
    assert seed_002.metadata.date == "2022-01-11"
    assert "dateline day 11" in seed_002.metadata.extra["date_source"]
    assert [e.found for _, e in seed_002.ledger if e.source == "努尔苏丹"] == ["Nur-Sultan"]
    # Date-aware glossary: 努尔苏丹 is Nur-Sultan in these January 2022 articles.
    text = (out / "003_56ee838238a0b77d.en.md").read_text("utf-8")
    assert "capital Nur-Sultan" in text and "Tokayev" in text


def test_dry_run_outputs_are_valid(dry_run: tuple[Path, dict[str, object]]) -> None:
    out, summary = dry_run
    sig = summary["signature"]
    assert isinstance(sig, dict)
    for article in _articles(out):
        stem = article.id
        # JSONL round-trips to an identical article (and the same bytes).
        path = out / f"{stem}.jsonl"
        assert article_to_jsonl(article) == path.read_text("utf-8")
        assert article.signature == sig
        # TMX: one tu per segment with zh-CN and en variants.
        tmx = SafeET.parse(out / f"{stem}.tmx").getroot()
        assert tmx.get("version") == "1.4" and tmx.find("header").get("srclang") == "zh-CN"  # type: ignore[union-attr]
        tus = tmx.findall("body/tu")
        assert len(tus) == len(article.segments)
        assert all([v.get(XML_LANG) for v in tu.findall("tuv")] == ["zh-CN", "en"] for tu in tus)
        assert read_tmx(out / f"{stem}.tmx") == [(s.text, s.target) for s in article.segments]
        # XLIFF 2.0: namespace, languages, one unit per segment, notes before the segment.
        xlf = SafeET.parse(out / f"{stem}.xlf").getroot()
        assert xlf.tag == f"{{{NS}}}xliff"
        assert (xlf.get("version"), xlf.get("srcLang"), xlf.get("trgLang")) == ("2.0", "zh-CN", "en")
        units = list(xlf.iter(f"{{{NS}}}unit"))
        assert len(units) == len(article.segments)
        assert all([c.tag.split("}")[1] for c in u] == ["notes", "segment"] for u in units)
        assert read_xliff(out / f"{stem}.xlf") == [(s.text, s.target) for s in article.segments]
        html = (out / f"{stem}.bilingual.html").read_text("utf-8")
        assert "<script" not in html.lower() and "<mark" in html
    index = json.loads((out / "run.json").read_text("utf-8"))
    assert index["signature"]["engine"] == "dictionary"
    assert index["signature"]["glossary"] not in (None, "none")


def _planted(article: Article) -> list[str]:
    """MT output with the classic wrong names, one JSON record per segment."""
    wrong = {
        "person-tokayev": "Tokaev",
        "place-nur-sultan": "Nursultan",
        "org-csto-abbr": "Collective Security Organization",
        "org-csto": "Collective Security Organization",
    }
    rows = []
    for seg in article.segments:
        names = [wrong.get(t.entry_id, t.target) for t in seg.terms]
        text = f"Sentence {seg.index}: " + ", ".join(f"{n}'s part" for n in names) + "."
        rows.append(json.dumps({"id": article.id, "index": seg.index, "target": text}, ensure_ascii=False))
    return rows


def test_file_engine_repairs_planted_mistakes(tmp_path: Path) -> None:
    from zh2en.glossary.store import load_glossary

    # The two dated seeds: 003 has 努尔苏丹 (Nur-Sultan in January 2022), 004 has 集安组织.
    sources = [seed("003"), seed("004")]
    glossary = load_glossary([GLOSSARY])
    planted = tmp_path / "their-mt.jsonl"
    rows: list[str] = []
    for source in sources:
        article = read_file(source)
        glossary.annotate(article)
        rows += _planted(article)
    planted.write_text("\n".join(rows) + "\n", "utf-8")
    # The shipped CSTO abbreviation row lists no long-form variants; this layer adds them
    # (later files win for the same id), which also exercises --glossary layering.
    row = next(
        line
        for line in (GLOSSARY / "organizations.tsv").read_text("utf-8").splitlines()
        if line.startswith("org-csto-abbr\t")
    )
    cells = row.split("\t")
    cells[4] = "C.S.T.O.|Collective Security Organization"
    header = "\t".join(
        [
            "id",
            "zh",
            "zh_variants",
            "en",
            "en_variants",
            "type",
            "valid_from",
            "valid_to",
            "status",
            "note",
            "source",
            "updated",
        ]
    )
    (tmp_path / "extra.tsv").write_text(header + "\n" + "\t".join(cells) + "\n", "utf-8")
    out = tmp_path / "out"
    res = run_cli(
        "translate",
        *map(str, sources),
        "-o",
        str(out),
        "--engine",
        "file",
        "--model",
        str(planted),
        "--glossary",
        str(GLOSSARY),
        "--glossary",
        str(tmp_path / "extra.tsv"),
        "--json",
    )
    assert res.returncode == 0, res.stderr
    results = _articles(out)
    assert len(results) == 2
    repaired = {
        (e.entry_id, e.repaired_from, e.found)
        for result in results
        for _, e in result.ledger
        if e.status is TermStatus.REPAIRED
    }
    assert ("person-tokayev", "Tokaev", "Tokayev") in repaired
    assert ("place-nur-sultan", "Nursultan", "Nur-Sultan") in repaired
    assert ("org-csto-abbr", "Collective Security Organization", "CSTO") in repaired
    assert (
        "org-csto",
        "Collective Security Organization",
        "Collective Security Treaty Organization",
    ) in repaired
    targets = " ".join(s.target or "" for result in results for s in result.segments)
    assert "Tokaev" not in targets and "Nursultan" not in targets
    assert "Tokayev's part" in targets  # possessive kept
    assert "Collective Security Organization" not in targets
    seg = next(s for s in results[0].segments if "托卡耶夫" in s.text)
    assert seg.mt is not None and "Tokaev" in seg.mt  # the raw MT is kept for recheck
    bilingual = (out / f"{results[0].id}.bilingual.md").read_text("utf-8")
    assert "repaired from Tokaev" in bilingual


def test_file_engine_missing_translation_names_the_segment(tmp_path: Path) -> None:
    planted = tmp_path / "mt.jsonl"
    article = read_file(seed("003"))
    rows = [{"id": article.id, "index": s.index, "target": f"Line {s.index}"} for s in article.segments]
    del rows[5]
    planted.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    res = run_cli(
        "translate",
        str(seed("003")),
        "-o",
        str(tmp_path / "out"),
        "--engine",
        "file",
        "--model",
        str(planted),
    )
    assert res.returncode == 1
    assert "no translation for segment 003_56ee838238a0b77d#5 " in res.stderr
    assert repr(article.segments[5].text[:60]) in res.stderr
    assert "missing=empty" in res.stderr


def test_recheck_applies_an_edited_glossary_without_translating(tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = run_cli("translate", str(seed("003")), "-o", str(out), "--engine", "dictionary", "--no-tm")
    assert res.returncode == 0, res.stderr
    assert not (out / ".zh2en-tm.sqlite").exists()
    edited = tmp_path / "glossary"
    shutil.copytree(GLOSSARY, edited)
    people = edited / "people.tsv"
    people.write_text(
        people.read_text("utf-8").replace(
            "\tTokayev\tTokaev|Tokajev\t", "\tToqayev\tTokayev|Tokaev|Tokajev\t"
        ),
        "utf-8",
    )
    res = run_cli("recheck", str(out), "--glossary", str(edited), "--json")
    assert res.returncode == 0, res.stderr
    summary = json.loads(res.stdout)
    assert summary["signature"]["rechecked"] is True
    (article,) = _articles(out)
    statuses = {(e.entry_id, str(e.status), e.repaired_from) for _, e in article.ledger}
    assert ("person-tokayev", "repaired", "Tokayev") in statuses
    assert "Toqayev" in (out / f"{article.id}.en.md").read_text("utf-8")
    assert "Toqayev" in (out / f"{article.id}.xlf").read_text("utf-8")
    assert summary["ledger"]["repaired"] >= 1


def test_usage_and_engine_errors(tmp_path: Path) -> None:
    res = run_cli("translate", str(seed("003")), "-o", str(tmp_path / "o"), "--engine", "babelfish")
    assert res.returncode == 2 and "available:" in res.stderr and "dictionary" in res.stderr
    res = run_cli(
        "translate",
        str(seed("003")),
        "-o",
        str(tmp_path / "o"),
        "--engine",
        "identity",
        "--engine-option",
        "temperature=0",
    )
    assert res.returncode == 2 and "temperature" in res.stderr
    res = run_cli("translate", str(seed("003")), "-o", str(tmp_path / "o"), "--fail-on", "loud")
    assert res.returncode == 2 and "--fail-on" in res.stderr
    res = run_cli("translate", str(seed("002")), "-o", str(tmp_path / "o"), "--date", "11/01/2022")
    assert res.returncode == 2 and "YYYY-MM-DD" in res.stderr
    (tmp_path / "slow_engine.py").write_text(SLOW_ENGINE, "utf-8")
    env = {"PYTHONPATH": f"{REPO / 'src'}{os.pathsep}{tmp_path}", "SLOW_ENGINE_FAIL": "1"}
    res = run_cli(
        "translate",
        str(seed("003")),
        "-o",
        str(tmp_path / "o"),
        "--engine",
        "slow_engine:SlowEngine",
        env=env,
    )
    assert res.returncode == 4
    assert "model server went away" in res.stderr


def test_partial_batch_exits_5(tmp_path: Path) -> None:
    bad = tmp_path / "broken.txt"
    bad.write_bytes(bytes(range(256)) * 8)
    out = tmp_path / "out"
    res = run_cli("translate", str(seed("003")), str(bad), "-o", str(out), "--engine", "dictionary", "--json")
    assert res.returncode == 5, res.stderr
    summary = json.loads(res.stdout)
    assert [a["id"] for a in summary["articles"]] == ["003_56ee838238a0b77d"]
    assert summary["errors"] and "broken.txt" in summary["errors"][0]["path"]
    assert (out / "003_56ee838238a0b77d.jsonl").is_file()


_TIMESTAMP = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?")


def _outputs(folder: Path) -> dict[str, bytes]:
    """Every output, the QA report's generation time normalised (per-article files have none)."""
    out = {}
    for p in sorted(folder.iterdir()):
        if p.name.startswith("."):
            continue
        data = p.read_bytes()
        out[p.name] = _TIMESTAMP.sub(b"<time>", data) if p.name.startswith("qa-report") else data
    return out


@pytest.mark.slow
def test_killed_run_resumes_to_identical_outputs(tmp_path: Path) -> None:
    (tmp_path / "slow_engine.py").write_text(SLOW_ENGINE, "utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": f"{REPO / 'src'}{os.pathsep}{tmp_path}",
        "NO_COLOR": "1",
        "SLOW_ENGINE_DELAY": "0.03",
    }
    args = ["--engine", "slow_engine:SlowEngine", "--batch-size", "2"]

    def command(out: Path) -> list[str]:
        return [sys.executable, "-m", "zh2en", "translate", str(SEEDS), "-o", str(out), *args]

    reference = tmp_path / "reference"
    subprocess.run(command(reference), env=env, check=True, capture_output=True, timeout=300)
    with sqlite3.connect(reference / ".zh2en-tm.sqlite") as db:
        total = db.execute("SELECT COUNT(*) FROM tm").fetchone()[0]

    out = tmp_path / "resumed"
    first_log = tmp_path / "first.log"
    proc = subprocess.Popen(
        command(out),
        env={**env, "SLOW_ENGINE_LOG": str(first_log)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    tm_path = out / ".zh2en-tm.sqlite"
    deadline = time.monotonic() + 120
    done = 0
    while time.monotonic() < deadline:
        if tm_path.exists():
            try:
                done = sqlite3.connect(tm_path, timeout=1).execute("SELECT COUNT(*) FROM tm").fetchone()[0]
            except sqlite3.OperationalError:
                done = 0
            if done >= 20:
                break
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 20 <= done < total, (done, total)
    assert not (out / "run.json").exists()  # killed before the end: no run index
    for path in out.glob("*.jsonl"):  # whatever was written before the kill is whole
        read_article_jsonl(path)

    second_log = tmp_path / "second.log"
    res = subprocess.run(
        command(out),
        env={**env, "SLOW_ENGINE_LOG": str(second_log)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr
    kept = sqlite3.connect(tm_path).execute("SELECT COUNT(*) FROM tm").fetchone()[0]
    assert kept == total
    resent = second_log.read_text("utf-8").splitlines() if second_log.exists() else []
    assert len(resent) <= total - done  # finished work is not redone
    assert _outputs(out) == _outputs(reference)
    assert not list(out.glob(".*.tmp"))  # temporaries of the killed run are cleaned up


def test_fail_on_gate_exits_3_after_writing(tmp_path: Path) -> None:
    article = read_file(seed("003"))
    planted = tmp_path / "mt.jsonl"
    planted.write_text(
        json.dumps({"id": article.id, "index": 0, "target": "Kazakhstan: Tokayev speaks"}) + "\n"
    )
    out = tmp_path / "out"
    args = ["translate", str(seed("003")), "-o", str(out), "--engine", "file", "--model", str(planted)]
    res = run_cli(*args, "--engine-option", "missing=empty", "--fail-on", "error", "--json")
    assert res.returncode == 3, res.stderr
    summary = json.loads(res.stdout)
    assert summary["gate_failed"] is True and summary["findings"]["error"] >= 1
    assert "findings at or above 'error'" in res.stderr
    assert (out / "run.json").is_file() and (out / f"{article.id}.jsonl").is_file()  # written first
    (result,) = _articles(out)
    assert result.segments[0].target == "Kazakhstan: Tokayev speaks"
    assert all(s.target == "" for s in result.segments[1:])
    # Without the gate the same run succeeds (the findings are in the outputs and the report).
    assert run_cli(*args, "--engine-option", "missing=empty").returncode == 0


def test_settings_precedence_file_env_flags(tmp_path: Path) -> None:
    (tmp_path / "zh2en.toml").write_text(
        f'engine = "identity"\nbatch_size = 3\nbeam_size = 2\nglossary = ["{GLOSSARY / "people.tsv"}"]\n',
        "utf-8",
    )
    out = tmp_path / "out"
    env = {"ZH2EN_BATCH_SIZE": "5"}
    res = run_cli("translate", str(seed("003")), "-o", str(out), "--json", cwd=tmp_path, env=env)
    assert res.returncode == 0, res.stderr
    sig = json.loads(res.stdout)["signature"]
    assert sig["engine"] == "identity"  # from zh2en.toml
    assert sig["settings"]["batch_size"] == 5 and sig["settings"]["beam_size"] == 2  # env beats the file
    from zh2en.glossary.store import load_glossary

    assert sig["glossary"] == load_glossary([GLOSSARY / "people.tsv"]).hash  # the file's glossary
    res = run_cli(
        "translate",
        str(seed("003")),
        "-o",
        str(out),
        "--engine",
        "dictionary",
        "--beam",
        "1",
        "--json",
        cwd=tmp_path,
        env=env,
    )
    sig = json.loads(res.stdout)["signature"]
    assert (sig["engine"], sig["settings"]["beam_size"]) == ("dictionary", 1)  # flags beat both


def test_third_party_engine_plugs_in_through_the_entry_point_group(tmp_path: Path) -> None:
    plugins = tmp_path / "site"
    (plugins / "shout_engine-0.1.dist-info").mkdir(parents=True)
    (plugins / "shout_engine-0.1.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: shout-engine\nVersion: 0.1\n", "utf-8"
    )
    (plugins / "shout_engine-0.1.dist-info" / "entry_points.txt").write_text(
        "[zh2en.engines]\nshout = shout_engine:ShoutEngine\n", "utf-8"
    )
    (plugins / "shout_engine.py").write_text(
        "class ShoutEngine:\n"
        '    """Dictionary rendering in capitals (a third-party engine)."""\n'
        '    name = "shout"\n'
        '    glossary_strategy = "placeholder"\n'
        "    def translate_batch(self, batch):\n"
        "        from zh2en.engines.dictionary import render\n"
        "        return [render(r.text).upper() for r in batch]\n"
        "    def signature(self):\n"
        '        return {"name": "shout", "model": "caps"}\n',
        "utf-8",
    )
    env = {"PYTHONPATH": f"{REPO / 'src'}{os.pathsep}{plugins}"}
    out = tmp_path / "out"
    res = run_cli("translate", str(seed("003")), "-o", str(out), "--engine", "shout", "--json", env=env)
    assert res.returncode == 0, res.stderr
    (article,) = _articles(out)
    assert article.signature["engine"] == "shout"
    # The engine shouts, but restored glossary names keep their canonical spelling.
    seg = next(s for s in article.segments if "托卡耶夫" in s.text)
    target = seg.target or ""
    assert "PRESIDENT" in target and "Tokayev" in target and "Putin" in target
    rest = target
    for e in seg.ledger:
        rest = rest.replace(e.expected, "")
    assert rest.isupper()


def test_recheck_defaults_to_the_glossary_files_the_run_used(tmp_path: Path) -> None:
    glossary = tmp_path / "glossary"
    shutil.copytree(GLOSSARY, glossary)
    out = tmp_path / "out"
    res = run_cli(
        "translate", str(seed("003")), "-o", str(out), "--engine", "dictionary", "--glossary", str(glossary)
    )
    assert res.returncode == 0, res.stderr
    index = json.loads((out / "run.json").read_text("utf-8"))
    assert index["glossary_files"] == sorted(str(p.resolve()) for p in glossary.glob("*.tsv"))
    people = glossary / "people.tsv"  # the editor changes the glossary the run used...
    people.write_text(
        people.read_text("utf-8").replace("\tTokayev\tTokaev|", "\tToqayev\tTokayev|Tokaev|"), "utf-8"
    )
    res = run_cli("recheck", str(out), "--json", cwd=tmp_path)  # ...and rechecks, from anywhere
    assert res.returncode == 0, res.stderr
    (article,) = _articles(out)
    assert ("person-tokayev", TermStatus.REPAIRED, "Tokayev") in {
        (e.entry_id, e.status, e.repaired_from) for _, e in article.ledger
    }


def test_date_option_dates_undated_articles(tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = run_cli(
        "translate", str(seed("002")), "-o", str(out), "--engine", "dictionary", "--date", "2023-05-01"
    )
    assert res.returncode == 0, res.stderr
    (article,) = _articles(out)
    assert (article.metadata.date, article.metadata.extra["date_source"]) == ("2023-05-01", "given (--date)")
    assert article.signature["settings"]["date"] == "2023-05-01"
    # In May 2023 the capital was Astana again: the dated glossary row follows the date.
    assert [e.found for _, e in article.ledger if e.source == "努尔苏丹"] == ["Astana"]


def test_check_on_translates_tmx_and_xliff_uses_the_article_date(dry_run) -> None:  # type: ignore[no-untyped-def]
    """Seed 003 is dated 2022-01-10, so 努尔苏丹 is Nur-Sultan. `check` on the TMX/XLIFF that
    translate wrote must judge it for that date (not for today, when the glossary says Astana)."""
    out, _summary = dry_run
    stem = "003_56ee838238a0b77d"
    assert "Nur-Sultan" in (out / f"{stem}.en.md").read_text("utf-8")
    for name in (f"{stem}.tmx", f"{stem}.xlf", f"{stem}.jsonl"):
        res = run_cli("check", str(out / name), "--json", "--fail-on", "error")
        assert res.returncode == 0, (name, res.stdout[-2000:], res.stderr)
        data = json.loads(res.stdout)
        checks = [f["check"] for a in data["articles"] for s in a["segments"] for f in s["findings"]]
        assert "term-variant" not in checks, (name, checks)


def test_gate_message_counts_only_findings_at_or_above_the_level(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["translate", str(seed("003")), "-o", str(out), "--engine", "identity", "--json"]
    res = run_cli(*args, "--fail-on", "error")
    assert res.returncode == 3, res.stderr
    counts = json.loads(res.stdout)["findings"]
    assert counts.get("warning") and counts.get("error")  # both kinds exist in this run
    line = next(x for x in res.stderr.splitlines() if x.startswith("error:"))
    assert f"{counts['error']} findings at or above 'error'" in line, line
    assert "warning" not in line, line  # warnings do not fail an error gate; do not count them
    assert str(out / "qa-report.html") in res.stderr


def test_output_folder_inside_the_input_folder_is_not_read_as_input(tmp_path: Path) -> None:
    """`zh2en translate scraped/ -o scraped/out` twice: the second run must not ingest its own
    English Markdown, HTML, JSONL and run.json as Chinese articles."""
    inp = tmp_path / "scraped"
    inp.mkdir()
    (inp / "003.txt").write_bytes(seed("003").read_bytes())
    for _ in range(2):
        res = run_cli("translate", str(inp), "-o", str(inp / "out"), "--engine", "dictionary", "--json")
        assert res.returncode == 0, res.stderr
        summary = json.loads(res.stdout)
        assert [a["source_path"] for a in summary["articles"]] == [str(inp / "003.txt")]
        assert summary["errors"] == []
    # Other commands that read folders skip a translate output folder too (known by run.json).
    (inp / "out" / ".zh2en-tm.sqlite").unlink()
    res = run_cli("ingest", str(inp), "--json")
    assert res.returncode == 0, res.stderr
    assert [a["source_path"] for a in json.loads(res.stdout)] == [str(inp / "003.txt")]


def test_recheck_refuses_to_swap_in_another_glossary_when_the_runs_files_are_gone(tmp_path: Path) -> None:
    """The glossary the run used was moved: recheck must say so, not quietly use glossary/."""
    glossary = tmp_path / "glossary-jan"
    shutil.copytree(GLOSSARY, glossary)
    out = tmp_path / "out"
    args = ["translate", str(seed("003")), "-o", str(out), "--engine", "dictionary"]
    assert run_cli(*args, "--glossary", str(glossary)).returncode == 0
    before = (out / "run.json").read_bytes()
    glossary.rename(tmp_path / "elsewhere")
    res = run_cli("recheck", str(out))
    assert res.returncode == 1, res.stderr
    assert str((glossary / "people.tsv").resolve()) in res.stderr and "--glossary" in res.stderr
    assert (out / "run.json").read_bytes() == before  # nothing rewritten
    res = run_cli("recheck", str(out), "--glossary", str(tmp_path / "elsewhere"))
    assert res.returncode == 0, res.stderr


def test_two_undated_rows_with_other_english_make_the_term_ambiguous_not_applied(tmp_path: Path) -> None:
    """A hand-edited glossary that lint rejects (托卡耶夫 is Tokayev in one row, Tokaev in
    another): translate must not quietly apply one of them; the ledger says ambiguous."""
    glossary = tmp_path / "glossary"
    shutil.copytree(GLOSSARY, glossary)
    header = (glossary / "people.tsv").read_text("utf-8").splitlines()
    cols = next(line for line in header if line.startswith("id\t"))
    (glossary / "zz-local.tsv").write_text(
        cols + "\nx-tokaev\t托卡耶夫\t\tTokaev\t\tperson\t\t\tapproved\t\t\t\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    res = run_cli(
        "translate", str(seed("003")), "-o", str(out), "--engine", "dictionary", "--glossary", str(glossary)
    )
    assert res.returncode == 0, res.stderr
    (article,) = _articles(out)
    statuses = {e.status for _, e in article.ledger if e.source == "托卡耶夫"}
    assert statuses == {TermStatus.AMBIGUOUS}, statuses


def test_file_engine_names_the_file_a_line_aligned_translation_needs(tmp_path: Path) -> None:
    hyp = tmp_path / "hyp.en.txt"
    hyp.write_text("Only one line.\n", encoding="utf-8")
    res = run_cli(
        "translate",
        str(seed("003")),
        "-o",
        str(tmp_path / "o"),
        "--engine",
        "file",
        "--model",
        str(hyp),
        "--no-tm",
    )
    assert res.returncode == 1, res.stderr
    assert "name it 003_56ee838238a0b77d.en.txt" in res.stderr
    assert "Traceback" not in res.stderr


def test_recheck_goes_on_past_a_damaged_article(tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = run_cli(
        "translate", str(seed("003")), str(seed("004")), "-o", str(out), "--engine", "dictionary", "--no-tm"
    )
    assert res.returncode == 0, res.stderr
    damaged = out / "003_56ee838238a0b77d.jsonl"
    damaged.write_text('{"type": "article", "broken', encoding="utf-8")
    res = run_cli("recheck", str(out), "--json")
    assert res.returncode == 5, res.stderr  # partial: the other article was rechecked
    assert "003_56ee838238a0b77d.jsonl" in res.stderr and "Traceback" not in res.stderr
    summary = json.loads(res.stdout)
    assert {a["id"] for a in summary["articles"]} == {"003_56ee838238a0b77d", "004_1a589643b973e0eb"}
    index = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert [e["stage"] for e in index["errors"]] == ["recheck"]
    # repaired file → a clean recheck again, the stale error gone
    res = run_cli(
        "translate", str(seed("003")), str(seed("004")), "-o", str(out), "--engine", "dictionary", "--no-tm"
    )
    assert res.returncode == 0, res.stderr
    assert run_cli("recheck", str(out)).returncode == 0


def test_output_path_that_is_a_file_is_a_usage_error(tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    res = run_cli("translate", str(seed("003")), "-o", str(afile), "--engine", "dictionary")
    assert res.returncode == 2 and "is a file" in res.stderr, res.stderr  # as `ingest -o FILE`
    assert afile.read_text(encoding="utf-8") == "x"
