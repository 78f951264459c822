"""The stage runner and the translate stage: batching, splitting, loop guard, outputs."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import pytest

from pipeline_support import SEED_ARTICLE, FakeGlossary, RecordingEngine, make_article
from zh2en.config import Settings
from zh2en.document import Article
from zh2en.engines.base import EngineRequest
from zh2en.errors import EngineUnavailableError, UsageError
from zh2en.formats.jsonl import read_article_jsonl
from zh2en.pipeline import CHECK, DATES, ENFORCE, MATCH, TRANSLATE, WRITE, Pipeline, translate_articles
from zh2en.signature import signature_string
from zh2en.stages.translate import guard_repetition, split_text, translate_segments


def _run(tmp_path: Path, articles: list[Article], engine: Any, **settings: Any) -> Any:
    return translate_articles(
        articles, tmp_path / "out", Settings(engine="x", **settings), engine=engine, glossary=FakeGlossary()
    )


def test_pipeline_checks_stage_order_when_built() -> None:
    Pipeline([DATES, MATCH, TRANSLATE, ENFORCE, CHECK, WRITE])
    with pytest.raises(UsageError, match="'enforce terms' needs mt"):
        Pipeline([DATES, MATCH, ENFORCE, TRANSLATE, CHECK, WRITE])
    with pytest.raises(UsageError, match="'match terms' needs date"):
        Pipeline([MATCH, DATES, TRANSLATE, ENFORCE, CHECK, WRITE])


def test_every_segment_translated_once_in_length_sorted_batches(tmp_path: Path) -> None:
    engine = RecordingEngine()
    articles = [make_article("a", SEED_ARTICLE), make_article("b", SEED_ARTICLE[1:3])]
    _run(tmp_path, articles, engine, batch_size=3)
    sent = [r for b in engine.batches for r in b]
    assert all(len(b) <= 3 for b in engine.batches)
    assert [len(r) for r in sent] == sorted(len(r) for r in sent)
    # Identical segments (article b repeats a) go to the engine once and share the result.
    assert len(sent) == len(set(sent)) == len(articles[0].segments)
    for article in articles:
        for seg in article.segments:
            assert seg.target and "⟦" not in seg.target


def test_long_segments_are_split_below_the_engine_limit(tmp_path: Path) -> None:
    engine = RecordingEngine(max_input_tokens=20)
    article = make_article("a", SEED_ARTICLE)
    _run(tmp_path, [article], engine)
    assert all(len(r) <= 20 for b in engine.batches for r in b)
    assert all(seg.meta.get("split", 1) >= len(seg.text) // 20 for seg in article.segments)
    long_seg = article.segments[-1]
    assert long_seg.meta["split"] >= 3
    assert "Tokayev" in (long_seg.target or "") and "Nur-Sultan" in (long_seg.target or "")
    assert long_seg.target.endswith("Nur-Sultan.")  # type: ignore[union-attr]


def test_split_text_prefers_clause_punctuation() -> None:
    text = "哈萨克斯坦总统托卡耶夫确认，哈国的骚乱是一场“未遂政变”，俄罗斯牵头的维和行动将很快结束。"
    assert split_text(text, 30) == [
        "哈萨克斯坦总统托卡耶夫确认，哈国的骚乱是一场“未遂政变”，",
        "俄罗斯牵头的维和行动将很快结束。",
    ]
    pieces = split_text(text, 8)
    assert "".join(pieces) == text and all(len(p) <= 8 for p in pieces)
    assert split_text(text, 0) == [text]


class LoopingEngine:
    """Like a stuck decoder: the last phrase repeats to the length limit."""

    name: ClassVar[str] = "looping"
    glossary_strategy: ClassVar[str] = "none"

    def translate_batch(self, batch: Sequence[EngineRequest]) -> list[str]:
        return ["The troops will withdraw" + " in two days" * 12 for _ in batch]

    def signature(self) -> dict[str, Any]:
        return {"name": self.name}


def test_repetition_loops_are_cut_and_recorded(tmp_path: Path) -> None:
    article = make_article("a", SEED_ARTICLE[:2])
    translate_segments(article.segments, LoopingEngine())
    for seg in article.segments:
        assert seg.mt == "The troops will withdraw in two days"
        assert seg.meta["repetition"] == {"ngram": "in two days", "repeats": 12}
    text = "Tokayev said the troops, the troops and the troops will leave."
    assert guard_repetition(text) == (text, None)


class BrokenEngine:
    name: ClassVar[str] = "broken"
    glossary_strategy: ClassVar[str] = "none"

    def __init__(self, mode: str) -> None:
        self.mode = mode

    def translate_batch(self, batch: Sequence[EngineRequest]) -> list[str]:
        if self.mode == "raise":
            raise RuntimeError("CUDA out of memory")
        return ["only one"]

    def signature(self) -> dict[str, Any]:
        return {"name": self.name}


def test_engine_failures_are_engine_errors(tmp_path: Path) -> None:
    with pytest.raises(EngineUnavailableError, match="CUDA out of memory") as exc:
        _run(tmp_path, [make_article("a", SEED_ARTICLE)], BrokenEngine("raise"))
    assert exc.value.exit_code == 4
    with pytest.raises(EngineUnavailableError, match="returned 1 translations for"):
        _run(tmp_path, [make_article("a", SEED_ARTICLE)], BrokenEngine("count"), batch_size=4)


def test_outputs_carry_the_signature_and_stay_inside_the_folder(tmp_path: Path) -> None:
    articles = [make_article("../../evil/<id>", SEED_ARTICLE[:2]), make_article("a", SEED_ARTICLE)]
    summary = _run(tmp_path, articles, RecordingEngine())
    out = tmp_path / "out"
    assert not (tmp_path / "evil").exists()
    written = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert "run.json" in written
    sig = signature_string(summary.signature)
    for name in written:
        text = (out / name).read_text("utf-8")
        assert "builtin-word-table" in text or sig in text or "recording" in text, name
    index = json.loads((out / "run.json").read_text("utf-8"))
    assert index["signature"] == summary.signature
    assert [a["id"] for a in index["articles"]] == ["../../evil/<id>", "a"]
    assert index["articles"][0]["files"]["jsonl"] == "evil_id.jsonl"
    assert index["counts"]["ledger"] == {"applied": sum(len(s.terms) for a in articles for s in a.segments)}
    assert "tm_hits" not in json.dumps(index)  # run.json holds nothing that differs on a resumed run
    back = read_article_jsonl(out / "a.jsonl")
    assert back == articles[1]
    assert back.signature["engine"] == "recording"
    assert back.signature["settings"]["glossary_strategy"] == "placeholder"


def test_prompt_strategy_sends_hints(tmp_path: Path) -> None:
    seen: list[EngineRequest] = []

    class PromptEngine(RecordingEngine):
        def translate_batch(self, batch: Sequence[EngineRequest]) -> list[str]:
            seen.extend(batch)
            return [r.text for r in batch]

    article = make_article("a", SEED_ARTICLE)
    _run(tmp_path, [article], PromptEngine(strategy="prompt"))
    hints = {(h.source, h.target) for r in seen for h in r.hints}
    assert ("托卡耶夫", "Tokayev") in hints and ("埃尔兰·卡林", "Erlan Karin") in hints
    assert any("托卡耶夫" in r.text for r in seen)  # the source is sent unchanged


def test_progress_bar_reports_rates(capsys: pytest.CaptureFixture[str]) -> None:
    from zh2en.cli.translate import ProgressBar
    from zh2en.pipeline import Progress

    bar = ProgressBar()
    bar(Progress(0, 5, 0, 133))
    bar(Progress(5, 5, 133, 133))
    err = capsys.readouterr().err
    assert "5/5 articles 133/133 segments" in err and "seg/s" in err and "art/s" in err
    assert err.endswith("\n")


def test_progress_callback_counts_every_segment(tmp_path: Path) -> None:
    from zh2en.pipeline import Progress

    seen: list[Progress] = []
    articles = [make_article("a", SEED_ARTICLE), make_article("b", SEED_ARTICLE[:2])]
    translate_articles(
        articles,
        tmp_path,
        Settings(batch_size=2),
        engine=RecordingEngine(),
        glossary=FakeGlossary(),
        progress=seen.append,
    )
    assert seen[0].segments_done == 0
    assert (seen[-1].articles_done, seen[-1].segments_done) == (2, sum(len(a.segments) for a in articles))
    assert [p.segments_done for p in seen] == sorted(p.segments_done for p in seen)


def test_atomic_write_many_leaves_old_files_on_error(tmp_path: Path) -> None:
    from zh2en.util import atomic_write_many

    (tmp_path / "a.txt").write_text("old", "utf-8")
    with pytest.raises(OSError):  # the second target's parent is a file
        atomic_write_many([(tmp_path / "a.txt", b"new"), (tmp_path / "a.txt" / "b", b"x")])
    assert (tmp_path / "a.txt").read_text("utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]  # no temporary files left
    atomic_write_many([(tmp_path / "a.txt", b"new"), (tmp_path / "sub" / "b.txt", b"b")])
    assert (tmp_path / "a.txt").read_bytes() == b"new" and (tmp_path / "sub" / "b.txt").read_bytes() == b"b"


def test_stale_temporaries_of_a_killed_run_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    stale = [out / ".a.jsonl.x1y2z3.tmp", out / ".run.json.abc.tmp", out / ".a.tmx.q.tmp"]
    keep = [out / ".notes.txt.abc.tmp", out / "a.tmp"]
    for p in [*stale, *keep]:
        p.write_text("partial", "utf-8")
    _run(tmp_path, [make_article("a", SEED_ARTICLE)], RecordingEngine())
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in keep)  # not ours: never touched


def test_articles_sharing_an_id_get_their_own_files(tmp_path: Path) -> None:
    from zh2en.pipeline import recheck_dir

    articles = [make_article("003", SEED_ARTICLE[:2]), make_article("003", SEED_ARTICLE[2:])]
    summary = _run(tmp_path, articles, RecordingEngine())
    files = [a["files"]["jsonl"] for a in summary.articles]
    assert files == ["003.jsonl", "003-2.jsonl"]
    assert read_article_jsonl(tmp_path / "out" / "003-2.jsonl") == articles[1]
    again = recheck_dir(tmp_path / "out", Settings(), glossary=FakeGlossary())
    assert [a["files"]["jsonl"] for a in again.articles] == files
    assert [a["segments"] for a in again.articles] == [len(a.segments) for a in articles]
