"""The labelled QA test set: every planted error found, nothing flagged on correct translations.

tests/qa_testset/testset.jsonl holds one item per line: ``source`` (a sentence from the seeds,
or a seed sentence with a planted change), ``target`` (our careful English, or the same with a
planted error), ``expected`` (the check names that must fire; ``[]`` for a correct
translation), optional ``batch``/``article`` (items sharing them are run together as
segments of one article / articles of one batch — for the consistency checks), ``date``
(the article date; default 2022-01-10), a ``note``, and ``expected_shipped`` where the
shipped glossary (glossary/) rightly gives other term findings than the test glossary.
Terms come from tests/qa_testset/glossary.tsv, which keeps the labels stable while the
editors change glossary/; a second test runs the same set with the shipped glossary and the
real matcher. The test prints recall and false positives per check and in total, and holds
them at 100 % and 0.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from qa_helpers import load_test_glossary, load_testset, make_article
from zh2en.checks import list_checks, run_checks
from zh2en.document import Article


def _run_testset(glossary: Any = None) -> tuple[list[dict[str, Any]], dict[str, set[str]]]:
    """Run every check over the test set; terms from the test glossary, or from ``glossary``."""
    items = load_testset()
    entries = None if glossary is not None else load_test_glossary()
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
        run_checks(articles, glossary=glossary)
        for article, its in zip(articles, owners, strict=True):
            assert not article.findings, [f.message for f in article.findings]
            for seg, it in zip(article.segments, its, strict=True):
                found[it["id"]] = {f.check for f in seg.findings}
                it["_messages"] = [f"{f.check}: {f.message}" for f in seg.findings]
    return items, found


LEDGER_ONLY = {"term-ambiguous"}


def test_testset_is_big_and_covers_every_check() -> None:
    items = load_testset()
    ids = [it["id"] for it in items]
    assert len(ids) == len(set(ids)), "duplicate item ids"
    assert len(items) >= 60
    assert sum(1 for it in items if not it["expected"]) >= 25
    # term-ambiguous reads the pipeline's ledger, which a (source, translation) pair has not;
    # it is tested on pipeline output in tests/test_checks_terms.py.
    names = {c.name for c in list_checks()} - LEDGER_ONLY
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


#: Findings the shipped glossary causes on correct translations, or misses, because of a gap
#: in glossary/ (not in the checks). Each is asserted to still happen, so fixing the glossary
#: makes this test say so; then delete the line.
KNOWN_GLOSSARY_GAPS: dict[str, tuple[set[str], set[str], str]] = {
    # item id: (extra findings, missing findings, why)
}


def test_with_the_shipped_glossary_and_matcher() -> None:
    from zh2en.glossary import load_glossary

    items, found = _run_testset(load_glossary())
    problems = []
    for it in items:
        want = set(it.get("expected_shipped", it["expected"]))
        extra, missing, why = KNOWN_GLOSSARY_GAPS.get(it["id"], (set(), set(), ""))
        want = (want | extra) - missing
        if found[it["id"]] != want:
            problems.append(
                f"{it['id']}: expected {sorted(want)}, found {it['_messages']}" + (f" ({why})" if why else "")
            )
    print("\n".join(problems))
    assert not problems
