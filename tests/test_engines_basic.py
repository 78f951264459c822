"""Engine registry, and the identity, dictionary and file engines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zh2en.engines import create_engine, engine_names
from zh2en.engines.base import Engine, EngineRequest
from zh2en.errors import InputError, UnknownComponentError, UsageError


def test_builtin_engines_are_registered() -> None:
    names = engine_names()
    for name in ("identity", "dictionary", "file", "marian", "ctranslate2", "llm", "openai"):
        assert name in names


def test_unknown_engine_lists_available() -> None:
    with pytest.raises(UnknownComponentError) as exc:
        create_engine("deepl")
    assert "'deepl'" in str(exc.value)
    assert "dictionary" in str(exc.value) and "identity" in str(exc.value)
    assert "zh2en.engines" in str(exc.value)  # names the entry-point group


def test_unknown_option_names_accepted_ones() -> None:
    with pytest.raises(UsageError) as exc:
        create_engine("dictionary", temperature=0.3)
    assert "temperature" in str(exc.value) and "model" in str(exc.value)


def test_none_options_are_dropped() -> None:
    engine = create_engine("identity", model=None)
    assert isinstance(engine, Engine)


def test_engine_by_import_path() -> None:
    engine = create_engine("zh2en.engines.identity:IdentityEngine")
    assert engine.name == "identity"
    with pytest.raises(UsageError, match="cannot import engine"):
        create_engine("zh2en.engines.nothere:Nope")


def test_identity_passes_through() -> None:
    engine = create_engine("identity")
    text = "哈萨克斯坦总统Tokayev确认，俄罗斯牵头的维和行动将很快结束。"
    assert engine.translate_batch([EngineRequest(text)]) == [text]
    assert engine.glossary_strategy == "inject"


def test_dictionary_is_deterministic_and_readable() -> None:
    engine = create_engine("dictionary")
    text = "据俄罗斯塔斯社1月10日报道，哈国政府官员称，⟦T0⟧只在部分地区维和。"
    out1 = engine.translate_batch([EngineRequest(text)])
    out2 = create_engine("dictionary").translate_batch([EngineRequest(text)])
    assert out1 == out2
    (out,) = out1
    assert "Russia" in out and "January 10" in out and "government" in out
    assert "⟦T0⟧" in out  # placeholders pass through untouched
    assert "[tasishe]" in out  # unknown words as pinyin in brackets, not dropped
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in out)
    sig = engine.signature()
    assert sig["name"] == "dictionary" and len(sig["model_hash"]) == 64


def _req(text: str, key: str | None = None) -> EngineRequest:
    return EngineRequest(text, key=key)


def test_file_engine_jsonl_records_by_key_and_source(tmp_path: Path) -> None:
    path = tmp_path / "mt.jsonl"
    rows = [
        {"id": "003_x", "index": 0, "target": "Tokaev says coup failed"},
        {"source": "集安组织维和部队今后将全部撤出", "target": "CSO troops will withdraw"},
        {"id": "004_y", "targets": ["Title", "Body one"]},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    engine = create_engine("file", model=str(path))
    assert engine.glossary_strategy == "none"
    out = engine.translate_batch(
        [_req("随便", "003_x#0"), _req("集安组织维和部队今后将全部撤出", "000_z#5"), _req("x", "004_y#1")]
    )
    assert out == ["Tokaev says coup failed", "CSO troops will withdraw", "Body one"]


def test_file_engine_matches_traditional_source(tmp_path: Path) -> None:
    path = tmp_path / "mt.tsv"
    path.write_text("集安組織維和部隊\tCSTO peacekeepers\n", "utf-8")
    engine = create_engine("file", model=str(path))
    assert engine.translate_batch([_req("集安组织维和部队")]) == ["CSTO peacekeepers"]


def test_file_engine_line_aligned_text(tmp_path: Path) -> None:
    folder = tmp_path / "mt"
    folder.mkdir()
    (folder / "003_56ee838238a0b77d.en.txt").write_bytes("\ufeffTitle line\r\nSecond line\r\n".encode())
    engine = create_engine("file", model=str(folder))
    out = engine.translate_batch(
        [_req("标题", "003_56ee838238a0b77d#1"), _req("t", "003_56ee838238a0b77d#0")]
    )
    assert out == ["Second line", "Title line"]


def test_file_engine_missing_is_an_error_naming_the_segment(tmp_path: Path) -> None:
    path = tmp_path / "mt.tsv"
    path.write_text("甲\tA\n", "utf-8")
    engine = create_engine("file", model=str(path))
    with pytest.raises(InputError) as exc:
        engine.translate_batch([_req("托卡耶夫确认", "003_x#7")])
    assert "003_x#7" in str(exc.value) and "托卡耶夫确认" in str(exc.value)
    assert "missing=empty" in str(exc.value)
    lenient = create_engine("file", model=str(path), missing="empty")
    assert lenient.translate_batch([_req("托卡耶夫确认", "003_x#7"), _req("甲")]) == ["", "A"]


def test_file_engine_needs_a_path(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="--model"):
        create_engine("file")
    with pytest.raises(InputError, match="does not exist"):
        create_engine("file", model=str(tmp_path / "nope.jsonl"))


def test_file_engine_reuses_a_previous_run(tmp_path: Path) -> None:
    from pipeline_support import SEED_ARTICLE, FakeGlossary, make_article
    from zh2en.config import Settings
    from zh2en.pipeline import translate_articles

    first = make_article("000_a", SEED_ARTICLE)
    translate_articles([first], tmp_path / "run1", Settings(engine="dictionary"), glossary=FakeGlossary())
    again = make_article("000_a", SEED_ARTICLE)
    engine = create_engine("file", model=str(tmp_path / "run1"))  # the whole output folder
    translate_articles(
        [again], tmp_path / "run2", Settings(engine="file"), engine=engine, glossary=FakeGlossary()
    )
    assert [s.target for s in again.segments] == [s.target for s in first.segments]
    assert all(e.status.value == "applied" for _, e in again.ledger)


def test_recheck_needs_a_finished_run(tmp_path: Path) -> None:
    from zh2en.config import Settings
    from zh2en.pipeline import recheck_dir

    with pytest.raises(InputError, match=r"has no run\.json"):
        recheck_dir(tmp_path, Settings())


def test_missing_local_model_folder_hint_is_about_the_path(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`--model "./no such model"` is a path, not a hub id: no `hf download ./no such model`."""
    from zh2en.engines._hf import resolve_model_dir
    from zh2en.errors import EngineUnavailableError

    for model in ("./no such model", str(tmp_path / "opus-mt-zh-en")):
        with pytest.raises(EngineUnavailableError) as info:
            resolve_model_dir(model, local_files_only=True)
        text = str(info.value)
        assert info.value.exit_code == 4
        assert repr(model) in text and "no such model folder" in text
        assert "hf download" not in text or f"hf download {model}" not in text, text
        assert "hf download Helsinki-NLP/opus-mt-zh-en" in text  # how to get the default model
        assert "dictionary" in text  # which engines work without one
