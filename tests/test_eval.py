"""zh2en eval: sacrebleu scores as sacrebleu computes them, term success rate and consistency."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sacrebleu

from zh2en.errors import InputError
from zh2en.evaluate import evaluate

from conftest import run_cli

GLOSSARY_TSV = (
    "id\tzh\tzh_variants\ten\ten_variants\ttype\tvalid_from\tvalid_to\tstatus\tnote\tsource\tupdated\n"
    "person-tokayev\t托卡耶夫\t\tTokayev\tTokaev\tperson\t\t\tapproved\t\t\t\n"
    "org-csto-abbr\t集安组织\t\tCSTO\tC.S.T.O.\torganization\t\t\tapproved\t\t\t\n"
)

# Seed sentences (000, 004), a hypothesis with planted term errors, and a reference.
SRC = [
    "哈萨克斯坦总统托卡耶夫确认,哈国的骚乱是一场“未遂政变”。",
    "卡林说,同时,集安组织部队不会在每个地区都参与维和。",
    "托卡耶夫表示,集安组织维和部队将在两天后开始撤离。",
    "截至目前近8000人被逮捕。",
]
HYP = [
    'Kazakh President Tokayev confirmed that the unrest was an "attempted coup".',
    "Karin said that CSTO troops would not take part in peacekeeping in every region.",
    "Tokaev said the Collective Security Treaty Organization peacekeepers would start leaving in two days.",
    "Nearly 8000 people have been arrested so far.",
]
REF = [
    'Kazakh President Tokayev confirmed that the unrest in the country was an "attempted coup".',
    "At the same time, Karin said, CSTO troops will not take part in peacekeeping in every region.",
    "Tokayev said the CSTO peacekeepers would begin to withdraw in two days.",
    "Nearly 8,000 people have been arrested so far.",
]


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for name, lines in (("src", SRC), ("hyp", HYP), ("ref", REF)):
        p = tmp_path / f"{name}.txt"
        p.write_text("\n".join(lines) + "\n", encoding="utf-8")
        out[name] = p
    g = tmp_path / "terms.tsv"
    g.write_text(GLOSSARY_TSV, encoding="utf-8")
    out["glossary"] = g
    return out


def test_scores_match_sacrebleu_called_directly(files: dict[str, Path]) -> None:
    r = evaluate(files["hyp"], files["ref"], files["src"], [files["glossary"]])
    assert r.corpus.bleu == pytest.approx(sacrebleu.corpus_bleu(HYP, [REF]).score, abs=1e-4)
    assert r.corpus.chrf == pytest.approx(sacrebleu.corpus_chrf(HYP, [REF]).score, abs=1e-4)
    assert r.corpus.ter == pytest.approx(sacrebleu.corpus_ter(HYP, [REF]).score, abs=1e-4)
    assert 0 < r.corpus.bleu < 100
    assert r.signatures["bleu"].startswith("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:")
    assert r.signatures["chrf"].startswith("nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:")
    assert r.signatures["ter"].startswith("nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:")
    assert [a.id for a in r.articles] == ["hyp"]


def test_term_success_rate_and_consistency(files: dict[str, Path]) -> None:
    r = evaluate(files["hyp"], files["ref"], files["src"], [files["glossary"]])
    # 4 term occurrences in the source: 托卡耶夫 ×2, 集安组织 ×2. The hypothesis has Tokayev
    # once (the second is the variant Tokaev) and CSTO once (the second is spelled out).
    assert (r.corpus.term_hits, r.corpus.term_total) == (2, 4)
    assert r.corpus.term_success == pytest.approx(0.5)
    # Tokayev is rendered two ways (Tokayev, Tokaev): inconsistent; CSTO one way.
    assert (r.corpus.consistent_entities, r.corpus.entities) == (1, 2)
    assert r.corpus.term_consistency == pytest.approx(0.5)
    assert r.corpus.inconsistent == {"person-tokayev→Tokayev": ["tokaev", "tokayev"]}
    # The reference itself, scored as a hypothesis, gets every term and is consistent.
    perfect = evaluate(files["ref"], files["ref"], files["src"], [files["glossary"]])
    assert perfect.corpus.term_success == 1.0 and perfect.corpus.term_consistency == 1.0
    assert perfect.corpus.bleu == pytest.approx(100.0)


def test_no_source_means_no_term_metrics(files: dict[str, Path]) -> None:
    r = evaluate(files["hyp"], files["ref"])
    assert r.corpus.term_success is None and r.corpus.term_total == 0


def test_line_count_mismatch_names_both(files: dict[str, Path], tmp_path: Path) -> None:
    short = tmp_path / "short.txt"
    short.write_text("\n".join(REF[:3]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="4 hypothesis segments but 3 reference segments"):
        evaluate(files["hyp"], short)


def test_cli_eval_json(files: dict[str, Path]) -> None:
    res = run_cli(
        "eval", str(files["hyp"]), str(files["ref"]), "--source", str(files["src"]),
        "--glossary", str(files["glossary"]), "--json",
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert set(data) == {"signatures", "corpus", "articles"}
    assert data["corpus"]["term_success"] == 0.5
    assert data["corpus"]["bleu"] == pytest.approx(sacrebleu.corpus_bleu(HYP, [REF]).score, abs=1e-4)
    text = run_cli("eval", str(files["hyp"]), str(files["ref"]), "--source", str(files["src"]),
                   "--glossary", str(files["glossary"]))  # fmt: skip
    assert text.returncode == 0, text.stderr
    assert "50.0% (2/4)" in text.stdout and "nrefs:1|case:mixed" in text.stdout


def test_jsonl_folders_per_article_and_corpus(tmp_path: Path, files: dict[str, Path]) -> None:
    from zh2en.formats.jsonl import write_article_jsonl
    from zh2en.qa import article_from_pairs

    def write(folder: Path, targets: list[str]) -> None:
        folder.mkdir()
        for name, sl in (("a000", slice(0, 2)), ("a004", slice(2, 4))):
            pairs = list(zip(SRC[sl], targets[sl], strict=True))
            art = article_from_pairs(pairs, article_id=name, source_path=None, reader="test")
            write_article_jsonl(art, folder / f"{name}.jsonl")

    write(tmp_path / "hyp", HYP)
    write(tmp_path / "ref", REF)
    r = evaluate(tmp_path / "hyp", tmp_path / "ref", glossary=[files["glossary"]])
    assert [a.id for a in r.articles] == ["a000", "a004"]
    for a, sl in zip(r.articles, (slice(0, 2), slice(2, 4)), strict=True):
        assert a.bleu == pytest.approx(sacrebleu.corpus_bleu(HYP[sl], [REF[sl]]).score, abs=1e-4)
        assert a.chrf == pytest.approx(sacrebleu.corpus_chrf(HYP[sl], [REF[sl]]).score, abs=1e-4)
    assert r.corpus.bleu == pytest.approx(sacrebleu.corpus_bleu(HYP, [REF]).score, abs=1e-4)
    # Sources come from the JSONL: a000 has both terms right, a004 both wrong.
    assert (r.articles[0].term_hits, r.articles[0].term_total) == (2, 2)
    assert (r.articles[1].term_hits, r.articles[1].term_total) == (0, 2)
    assert r.corpus.term_success == pytest.approx(0.5)
    # A text reference works too: one line per segment, articles in file-name order.
    r2 = evaluate(tmp_path / "hyp", files["ref"], glossary=[files["glossary"]])
    assert r2.corpus.bleu == pytest.approx(r.corpus.bleu)


def test_eval_output_carries_the_zh2en_signature_with_the_glossary_hash(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Term success depends on the glossary: the scores must say which glossary (and version)."""
    import json

    from conftest import run_cli

    src = tmp_path / "zh.txt"
    hyp = tmp_path / "en.txt"
    src.write_text("哈萨克斯坦总统托卡耶夫周一表示局势稳定。\n", encoding="utf-8")
    hyp.write_text("Kazakh President Tokayev said on Monday the situation was stable.\n", encoding="utf-8")
    res = run_cli("eval", str(hyp), str(hyp), "--source", str(src), "--json")
    assert res.returncode == 0, res.stderr
    sig = json.loads(res.stdout)["signatures"]["zh2en"]
    assert sig.startswith("zh2en:") and "|glossary:" in sig
    text = run_cli("eval", str(hyp), str(hyp), "--source", str(src)).stdout
    assert f"zh2en: {sig}" in text


def test_a_variant_inside_the_canonical_english_is_not_a_second_rendering(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """'RIA Novosti' contains the variant 'RIA': one rendering, so the entity is consistent."""
    import json

    from conftest import run_cli

    src = tmp_path / "zh.txt"
    hyp = tmp_path / "en.txt"
    src.write_text("俄新社报道。\n图片来源：视觉中国\n", encoding="utf-8")
    hyp.write_text("RIA Novosti reported.\nPhoto: Visual China Group\n", encoding="utf-8")
    res = run_cli("eval", str(hyp), str(hyp), "--source", str(src), "--json")
    assert res.returncode == 0, res.stderr
    corpus = json.loads(res.stdout)["corpus"]
    assert corpus["inconsistent"] == {} and corpus["term_consistency"] == 1.0, corpus
    hyp.write_text("RIA Novosti reported. RIA said.\nPhoto: Visual China Group\n", encoding="utf-8")
    corpus = json.loads(run_cli("eval", str(hyp), str(hyp), "--source", str(src), "--json").stdout)["corpus"]
    assert list(corpus["inconsistent"].values()) == [["ria", "ria novosti"]]  # a real second form
