"""The checks on the real seed articles as ingested (real segments, real glossary matches)."""

from __future__ import annotations

import hashlib
from collections import Counter

from zh2en.checks import run_checks
from zh2en.checks.textutil import han_count
from zh2en.document import Article
from zh2en.glossary import load_glossary
from zh2en.ingest import ingest_paths

from conftest import SEEDS, seed


def test_untranslated_seeds_give_one_finding_per_segment_and_nothing_else() -> None:
    articles = ingest_paths([SEEDS]).articles
    assert len(articles) == 5
    for a in articles:
        for s in a.segments:
            s.target = s.text
    run_checks(articles, glossary=load_glossary())
    for a in articles:
        assert a.findings == []
        for s in a.segments:
            want = ["identical-to-source"] if han_count(s.text) else []
            assert [f.check for f in s.findings] == want, (a.id, s.index, s.text)
    # the glossary was applied (terms checks had something to look at) and found nothing to
    # add: a copied source is reported once, by identical-to-source
    assert any(t.entry_id == "person-tokayev" for a in articles for s in a.segments for t in s.terms)


def test_blank_targets_are_empty_findings() -> None:
    articles = ingest_paths([seed("003")]).articles
    for s in articles[0].segments:
        s.target = ""
    run_checks(articles)
    counts = Counter(f.check for s in articles[0].segments for f in s.findings)
    assert counts == {"empty-target": len(articles[0].segments)}


def test_the_same_article_scraped_twice_is_checked_for_consistency() -> None:
    (first,) = ingest_paths([seed("001")]).articles
    second = Article.from_dict({**first.to_dict(), "id": "001-again"})

    def fake_english(text: str) -> str:
        return "Sentence " + hashlib.sha256(text.encode()).hexdigest()[:12] + "."

    for a in (first, second):
        for s in a.segments:
            s.target = fake_english(s.text)
    run_checks([first, second], only=["consistency"])
    assert first.all_findings() == [] and second.all_findings() == []
    seg = next(s for s in second.segments if han_count(s.text) > 20)
    seg.target = "A different wording."
    run_checks([first, second], only=["consistency"])
    assert first.all_findings() == []
    (f,) = second.all_findings()
    assert f.check == "inconsistent-translation" and f.segment == seg.index
    assert f.suggestion == fake_english(seg.text) and "article 001_" in f.message
