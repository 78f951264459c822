"""Translation memory: keys, WAL mode, re-runs translate only what changed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pipeline_support import SEED_ARTICLE, FakeGlossary, RecordingEngine, make_article
from zh2en.config import Settings
from zh2en.errors import InputError
from zh2en.pipeline import translate_articles
from zh2en.tm import TranslationMemory, segment_key


def test_store_and_fetch(tmp_path: Path) -> None:
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        assert tm.put_many([("k1", "托卡耶夫确认", "Tokayev confirmed", {"split": 2}, "dictionary")]) == 1
        assert tm.get_many(["k1", "k2"]) == {"k1": ("Tokayev confirmed", {"split": 2})}
        assert len(tm) == 1
    mode = sqlite3.connect(tmp_path / "tm.sqlite").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_key_depends_on_engine_glossary_and_chosen_english() -> None:
    article = make_article("a", ["标题", "武装分子计划袭击首都努尔苏丹。"])
    FakeGlossary().annotate(article)
    seg = article.segments[1]
    base = segment_key(seg, "engine-1", "gloss-1")
    assert segment_key(seg, "engine-2", "gloss-1") != base
    assert segment_key(seg, "engine-1", "gloss-2") != base
    seg.terms[0].target = "Astana"  # an article of another date: same Chinese, other English
    assert segment_key(seg, "engine-1", "gloss-1") != base


def test_corrupt_memory_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(InputError, match="--no-tm"):
        TranslationMemory(path)


def test_rerun_translates_only_what_changed(tmp_path: Path) -> None:
    settings = Settings(engine="recording")
    first = RecordingEngine()
    article = make_article("a", SEED_ARTICLE)
    translate_articles([article], tmp_path, settings, engine=first, glossary=FakeGlossary())
    sent = sum(len(b) for b in first.batches)
    assert sent == len(article.segments)
    files = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file() and "tm" not in p.name}

    again = RecordingEngine()
    article2 = make_article("a", SEED_ARTICLE)
    summary = translate_articles([article2], tmp_path, settings, engine=again, glossary=FakeGlossary())
    assert again.batches == []
    assert summary.stats["tm_hits"] == len(article.segments)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file() and "tm" not in p.name} == files

    edited = [*SEED_ARTICLE[:-1], SEED_ARTICLE[-1].replace("首都", "前首都")]
    third = RecordingEngine()
    translate_articles([make_article("a", edited)], tmp_path, settings, engine=third, glossary=FakeGlossary())
    assert [r for b in third.batches for r in b] == [
        "在通过视频举行并讨论哈萨克斯坦事件的峰会上，⟦T0⟧总统表示，所谓的破坏性力量不止一次试图破坏该国的局势，并指出，武装分子计划袭击前首都⟦T1⟧。"
    ]


class _LoopingSplitEngine(RecordingEngine):
    """Splits long inputs (limit 20) and loops at the end of every output."""

    def __init__(self) -> None:
        super().__init__(max_input_tokens=20)

    def translate_batch(self, batch):  # type: ignore[no-untyped-def]
        return [out + " again" * 9 for out in super().translate_batch(batch)]


def test_tm_hits_write_the_same_bytes_as_fresh_translations(tmp_path: Path) -> None:
    settings = Settings(engine="recording")
    fresh = make_article("a", SEED_ARTICLE)
    translate_articles([fresh], tmp_path, settings, engine=_LoopingSplitEngine(), glossary=FakeGlossary())
    assert any("split" in s.meta and "repetition" in s.meta for s in fresh.segments)
    first = (tmp_path / "a.jsonl").read_bytes()
    engine = _LoopingSplitEngine()
    translate_articles(
        [make_article("a", SEED_ARTICLE)], tmp_path, settings, engine=engine, glossary=FakeGlossary()
    )
    assert engine.batches == []  # all from the TM
    assert (tmp_path / "a.jsonl").read_bytes() == first
