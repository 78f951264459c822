"""``zh2en ingest``: JSON and readable output, written files, one-line errors and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from zh2en.document import Article
from zh2en.errors import EXIT_INPUT, EXIT_PARTIAL, EXIT_USAGE

from conftest import REPO, SEEDS, run_cli, seed


def test_json_output_has_offsets_into_the_decoded_file_text() -> None:
    proc = run_cli("ingest", str(SEEDS), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert [a["id"] for a in data] == [p.stem for p in sorted(SEEDS.glob("*.txt"))]
    for item in data:
        raw = Path(item["source_path"]).read_text(encoding="utf-8")
        assert item["segments"], item["id"]
        for seg in item["segments"]:
            assert set(seg) >= {"kind", "text", "start", "end"}
            assert raw[seg["start"] : seg["end"]]
    a003 = data[3]
    assert (
        a003["title"]
        == a003["metadata"]["title"]
        == "哈萨克斯坦：托卡耶夫总统谈及挫败政变与普京称外国部队将短暂停留"
    )
    title = a003["segments"][0]
    raw = seed("003").read_text(encoding="utf-8")
    assert (title["kind"], raw[title["start"] : title["end"]]) == ("title", a003["title"])
    assert a003["metadata"]["date"] == "2022-01-10"


def test_bad_files_get_one_line_errors_and_the_batch_goes_on(tmp_path: Path) -> None:
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    proc = run_cli("ingest", str(binary), str(seed("002")), str(empty))
    assert proc.returncode == EXIT_PARTIAL
    assert "Traceback" not in proc.stderr
    errors = proc.stderr.strip().splitlines()
    assert len(errors) == 2
    assert errors[0].startswith(f"error: {binary}: not text in any supported encoding; tried utf-8, gb18030")
    assert errors[1].startswith(f"error: {empty}: the file is empty")
    assert "袭击者有伊斯兰激进分子" in proc.stdout  # the good file was still processed

    only_bad = run_cli("ingest", str(binary), str(empty), "--json")
    assert only_bad.returncode == EXIT_INPUT
    assert "Traceback" not in only_bad.stderr
    assert json.loads(only_bad.stdout) == []


def test_out_dir_gets_one_json_and_one_text_file_per_article(tmp_path: Path) -> None:
    feed = tmp_path / "in" / "feed.jsonl"
    feed.parent.mkdir()
    feed.write_text(
        json.dumps({"id": "../../escape/../x", "text": "第一篇文章的正文。"}, ensure_ascii=False)
        + "\n"
        + json.dumps({"id": "../../escape/../x", "text": "第二篇文章的正文。"}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    proc = run_cli("ingest", str(seed("001")), str(feed), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "001_fb868feeb5aa8ae5.json",
        "001_fb868feeb5aa8ae5.zh.txt",
        "escape_.._x-2.json",
        "escape_.._x-2.zh.txt",
        "escape_.._x.json",
        "escape_.._x.zh.txt",
    ]
    assert not (tmp_path / "escape").exists()
    article = Article.from_dict(json.loads((out / "001_fb868feeb5aa8ae5.json").read_text(encoding="utf-8")))
    assert article.raw_text == seed("001").read_text(encoding="utf-8")
    text = (out / "001_fb868feeb5aa8ae5.zh.txt").read_text(encoding="utf-8")
    assert text.startswith("俄罗斯维和部队迅速抵达哈萨克斯坦,政府大楼和机场被夺回\n\n截至周四")
    assert text.count("铀是最基本的核燃料") == 1 and "下载界面新闻" not in text
    assert (out / "escape_.._x-2.zh.txt").read_text(encoding="utf-8") == "第二篇文章的正文。\n"


def test_bad_option_values_are_clear(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    proc = run_cli("ingest", str(seed("000")), "-o", str(not_a_folder))
    assert proc.returncode == EXIT_USAGE
    assert f"the output folder {not_a_folder} is a file" in proc.stderr and "Traceback" not in proc.stderr
    proc = run_cli("ingest", str(seed("000")), "--reader", "pdf")
    assert proc.returncode == EXIT_USAGE
    assert "unknown reader 'pdf'; available: html, jsonl, markdown, text" in proc.stderr
    proc = run_cli("ingest", str(seed("000")), "--opencc", "klingon")
    assert proc.returncode == EXIT_INPUT
    assert "unknown OpenCC config 'klingon'" in proc.stderr and "Traceback" not in proc.stderr


def test_help_teaches_with_an_example_and_starts_fast() -> None:
    env = {"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"}
    best = 1e9
    out = ""
    for _ in range(5):
        t = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "zh2en", "ingest", "--help"], capture_output=True, text=True, env=env
        )
        best = min(best, time.perf_counter() - t)
        out = proc.stdout
    assert best < 0.5
    assert "zh2en ingest seeds/ -o outputs/ingest" in out
    assert "5 some files failed" in out
    # Nothing heavy is imported to show the help: the work is imported inside the command.
    code = (
        "import sys\nfrom zh2en.cli.app import main\ntry:\n    main(['ingest', '--help'])\n"
        "finally:\n    print(' '.join(sorted(sys.modules)), file=sys.stderr)"
    )
    mods = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env
    ).stderr.split()
    for heavy in ("opencc", "yaml", "charset_normalizer", "zh2en.ingest", "zh2en.stages.normalize"):
        assert heavy not in mods, heavy


def test_a_page_of_only_boilerplate_is_an_error_not_an_empty_article(tmp_path: Path) -> None:
    """A scrape that caught only page furniture must not become an empty 'article'."""
    page = tmp_path / "furniture.txt"
    page.write_text("下载客户端\n版权所有 转载请注明出处\n", encoding="utf-8")
    res = run_cli("ingest", str(page), "--json")
    assert res.returncode == EXIT_INPUT, res.stdout
    assert "Traceback" not in res.stderr
    assert f"{page}: no article text" in res.stderr
    assert res.stderr.count(str(page)) == 1  # the path is named once, not twice

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "furniture.txt").write_text(page.read_text("utf-8"), encoding="utf-8")
    (folder / "003.txt").write_bytes(seed("003").read_bytes())
    res = run_cli("translate", str(folder), "-o", str(tmp_path / "out"), "--engine", "dictionary")
    assert res.returncode == EXIT_PARTIAL, res.stderr
    line = next(x for x in res.stderr.splitlines() if "furniture.txt" in x)
    assert "no article text" in line and line.count("furniture.txt") == 1, line
    assert not (tmp_path / "out" / "furniture.jsonl").exists()
    assert (tmp_path / "out" / "003.jsonl").exists()
