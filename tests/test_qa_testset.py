"""The labelled QA test set: every planted error found, nothing flagged on correct translations.

tests/qa_testset/testset.jsonl holds one item per line: ``source`` (a sentence from the seeds,
or a seed sentence with a planted change), ``target`` (our careful English, or the same with a
planted error), ``expected`` (the check names that must fire; ``[]`` for a correct
translation), optional ``batch``/``article`` (items sharing them are run together as
segments of one article / articles of one batch — for the consistency checks), ``date``
(the article date; default 2022-01-10) and a ``note``. Terms come from
tests/qa_testset/glossary.tsv. The test prints recall and false positives per check and in
total, and holds them at 100 % and 0.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from qa_helpers import load_test_glossary, load_testset, make_article
from zh2en.checks import list_checks, run_checks
from zh2en.document import Article


def _run_testset() -> tuple[list[dict[str, Any]], dict[str, set[str]]]:
    items = load_testset()
    entries = load_test_glossary()
    batches: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for it in items:
        batches[it.get("batch", it["id"])][it.get("article", it["id"])].append(it)
    found: dict[str, set[str]] = {}
    for arts in batches.values():
        articles: list[Article] = []
        owners: list[list[dict[str, Any]]] = []
        for art_id, its in arts.items():
            dates = {it.get("date", "2022-01-10") for it in its}
            assert len(dates) == 1, f"items of article {art_id} disagree on the date"
            articles.append(
                make_article(
                    art_id, [(it["source"], it["target"]) for it in its], date=dates.pop(), entries=entries
                )
            )
            owners.append(its)
        run_checks(articles)
        for article, its in zip(articles, owners, strict=True):
            assert not article.findings, [f.message for f in article.findings]
            for seg, it in zip(article.segments, its, strict=True):
                found[it["id"]] = {f.check for f in seg.findings}
                it["_messages"] = [f"{f.check}: {f.message}" for f in seg.findings]
    return items, found


def test_testset_is_big_and_covers_every_check() -> None:
    items = load_testset()
    ids = [it["id"] for it in items]
    assert len(ids) == len(set(ids)), "duplicate item ids"
    assert len(items) >= 60
    assert sum(1 for it in items if not it["expected"]) >= 25
    names = {c.name for c in list_checks()}
    expected = {name for it in items for name in it["expected"]}
    assert expected <= names, expected - names
    assert expected == names, f"checks with no planted error in the test set: {sorted(names - expected)}"


def test_recall_and_false_positives() -> None:
    items, found = _run_testset()
    tp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    problems: list[str] = []
    for it in items:
        want, got = set(it["expected"]), found[it["id"]]
        for name in want & got:
            tp[name] += 1
        for name in want - got:
            fn[name] += 1
            problems.append(f"MISSED {name} on {it['id']} (line {it['line']})")
        for name in got - want:
            fp[name] += 1
            msgs = [m for m in it["_messages"] if m.startswith(name + ":")]
            problems.append(f"FALSE POSITIVE {name} on {it['id']} (line {it['line']}): {msgs}")
    clean = sum(1 for it in items if not it["expected"])
    print(f"\nQA test set: {len(items)} items ({clean} correct translations)")
    print(f"{'check':<26}{'expected':>9}{'found':>7}{'recall':>8}{'false+':>8}")
    for c in list_checks():
        n = tp[c.name] + fn[c.name]
        recall = f"{tp[c.name] / n:.0%}" if n else "-"
        print(f"{c.name:<26}{n:>9}{tp[c.name]:>7}{recall:>8}{fp[c.name]:>8}")
    total = sum(tp.values()) + sum(fn.values())
    print(
        f"{'TOTAL':<26}{total:>9}{sum(tp.values()):>7}{sum(tp.values()) / total:>8.0%}{sum(fp.values()):>8}"
    )
    for p in problems:
        print(p)
    assert not fn, "recall below 100 %"
    assert not fp, "false positives"
