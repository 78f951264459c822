"""The check model: registry, titles, selection, the runner, crash handling, the CLI listing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa_helpers import load_test_glossary, make_article
from zh2en.builtins import CHECK_MODULES
from zh2en.builtins import checks as registry
from zh2en.checks import Problem, Scope, check, list_checks, run_checks, select_checks
from zh2en.checks.base import is_untranslated
from zh2en.document import Article, Segment, Severity
from zh2en.errors import UnknownComponentError

from conftest import run_cli

ARREST = (
    "截至周四，阿拉木图约有2000人被逮捕。",
    "As of Thursday, about 2,000 people had been arrested in Almaty.",
)


def test_every_registered_check_has_a_title_severity_and_scope() -> None:
    infos = list_checks()
    assert len(infos) >= 14
    families = {c.family for c in infos}
    assert families >= {m.rsplit(".", 1)[-1] for m in CHECK_MODULES}
    assert not families & {c.name for c in infos}, "a check named like a family makes only/skip ambiguous"
    for c in infos:
        assert c.title and c.title == (c.func.__doc__ or "").strip().splitlines()[0]
        assert isinstance(c.severity, Severity) and isinstance(c.scope, Scope)
        assert c.name in registry


def test_listing_follows_module_order() -> None:
    order = [m.rsplit(".", 1)[-1] for m in CHECK_MODULES]
    fams = [c.family for c in list_checks()]
    assert fams == sorted(fams, key=order.index)


def test_check_without_docstring_is_refused() -> None:
    def nodoc(seg: Segment, article: Article) -> Iterator[Problem]:
        yield from ()

    with pytest.raises(TypeError, match="docstring"):
        check("test-nodoc")(nodoc)
    assert "test-nodoc" not in registry


def test_select_by_name_and_family_and_unknown_name() -> None:
    assert {c.name for c in select_checks(only=["numbers"])} == {"number-mismatch", "date-mismatch"}
    assert "date-mismatch" not in {c.name for c in select_checks(skip=["date-mismatch"])}
    with pytest.raises(UnknownComponentError, match="available: term-missing"):
        select_checks(only=["number-mismatchh"])


def test_clean_segment_has_no_findings_and_rerun_is_idempotent() -> None:
    art = make_article("a", [ARREST, ("截至目前近8000人被逮捕。", "Nearly 9,000 were arrested.")])
    run_checks([art])
    assert art.segments[0].findings == []
    first = [(f.check, f.message) for f in art.segments[1].findings]
    assert first == [
        ("number-mismatch", "number '8000' (8,000) is not in the target"),
        ("number-mismatch", "'9,000' (9,000) in the target is not in the source"),
    ]
    run_checks([art])
    assert [(f.check, f.message) for f in art.segments[1].findings] == first
    f = art.segments[1].findings[0]
    assert f.segment == 1 and f.severity is Severity.ERROR
    assert art.segments[1].text[slice(*f.source_span)] == "8000"  # type: ignore[misc]
    g = art.segments[1].findings[1]
    assert art.segments[1].target[slice(*g.target_span)] == "9,000"  # type: ignore[index, misc]


def test_only_and_skip_limit_what_runs() -> None:
    art = make_article("a", [("截至目前近8000人被逮捕。", "Nearly 9,000 were arrested，")])
    run_checks([art], only=["fullwidth-punctuation"])
    assert {f.check for f in art.segments[0].findings} == {"fullwidth-punctuation"}
    run_checks([art], skip=["punctuation"])
    # findings of checks not run this time are kept; those run are replaced
    assert {f.check for f in art.segments[0].findings} == {"fullwidth-punctuation", "number-mismatch"}


def test_crashing_check_becomes_a_finding_and_the_run_goes_on() -> None:
    @check("test-crash", severity=Severity.INFO)
    def crash(seg: Segment, article: Article) -> Iterator[Problem]:
        """Always crashes (test)."""
        raise ZeroDivisionError("boom")

    @check("test-crash-batch", scope=Scope.BATCH)
    def crash_batch(articles: list[Article]) -> Iterator[Problem]:
        """Always crashes on the batch (test)."""
        raise KeyError("nope")

    try:
        art = make_article("a", [ARREST, ("截至目前近8000人被逮捕。", "Nearly 9,000 were arrested.")])
        run_checks([art])
        crashes = [f for s in art.segments for f in s.findings if f.check == "test-crash"]
        assert len(crashes) == 2
        assert crashes[0].severity is Severity.ERROR
        assert "ZeroDivisionError: boom" in crashes[0].message and "test-crash" in crashes[0].message
        # the other checks still ran
        assert any(f.check == "number-mismatch" for f in art.segments[1].findings)
        (batch_crash,) = [f for f in art.findings if f.check == "test-crash-batch"]
        assert "KeyError" in batch_crash.message
    finally:
        registry._targets.pop("test-crash", None)
        registry._loaded.pop("test-crash", None)
        registry._targets.pop("test-crash-batch", None)
        registry._loaded.pop("test-crash-batch", None)


def test_article_scope_problems_are_filed_on_their_segment_or_the_article() -> None:
    @check("test-article", scope=Scope.ARTICLE)
    def per_article(article: Article) -> Iterator[Problem]:
        """Reports one problem on segment 1 and one on the article (test)."""
        yield Problem("on segment", segment=1)
        yield Problem("on article")

    try:
        art = make_article("a", [ARREST, ARREST])
        run_checks([art], only=["test-article"])
        assert [f.message for f in art.segments[1].findings] == ["on segment"]
        assert [f.message for f in art.findings] == ["on article"]
    finally:
        registry._targets.pop("test-article", None)
        registry._loaded.pop("test-article", None)


def test_untranslated_segments_are_reported_once() -> None:
    src = "哈萨克斯坦总统表示，集安组织维和部队将在两天后开始撤离，撤离将逐步进行，预计在10天内完成。"
    art = make_article("a", [(src, src), (src, " "), (src, None)], entries=load_test_glossary())
    assert is_untranslated(art.segments[0]) and is_untranslated(art.segments[1])
    run_checks([art])
    assert [f.check for f in art.segments[0].findings] == ["identical-to-source"]
    assert [f.check for f in art.segments[1].findings] == ["empty-target"]
    assert art.segments[2].findings == []  # not translated at all: nothing to check


def test_glossary_argument_reannotates_terms() -> None:
    calls: list[str] = []

    class FakeGlossary:
        def annotate(self, article: Article) -> None:
            calls.append(article.id)

    art = make_article("a", [ARREST])
    run_checks([art], glossary=FakeGlossary())
    assert calls == ["a"]


def test_cli_checks_list_shows_every_check_with_its_title() -> None:
    res = run_cli("checks", "list")
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0].split() == ["NAME", "SEVERITY", "SCOPE", "TITLE"]
    for c in list_checks():
        (line,) = [ln for ln in lines if ln.split()[0] == c.name]
        assert str(c.severity) in line and str(c.scope) in line and line.endswith(c.title)
    res = run_cli("checks", "list", "--json")
    data = json.loads(res.stdout)
    assert [d["name"] for d in data] == [c.name for c in list_checks()]
    assert all(d["title"] and d["severity"] in ("info", "warning", "error") for d in data)


SEED_LINES = [
    line.strip()
    for path in sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
    for line in path.read_text(encoding="utf-8").splitlines()
    if line.strip()
][:400]


TOKENS = [
    *"0123456789,.%$()[]“”\"'，。（",
    "亿",
    "万",
    "两",
    "十",
    "1.75",
    "2,000",
    "Jan.",
    "January",
    "10th",
]
TOKENS += ["Tuesday", "million", "the", "the", "Tokayev", "Tokaev", "卡林", "17:13", "p.m.", "first", "(X)"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(SEED_LINES),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300)
    | st.sampled_from(SEED_LINES)
    | st.lists(st.sampled_from(TOKENS), max_size=40).map(" ".join),
)
def test_no_check_crashes_on_hostile_text(source: str, target: str) -> None:
    art = make_article("fuzz", [(source, target), (source, target)], entries=load_test_glossary())
    run_checks([art, make_article("fuzz2", [(source, target + " x")])])
    crashed = [f.message for s in art.segments for f in s.findings if "crashed" in f.message]
    assert not crashed and not art.findings
    for seg in art.segments:
        for f in seg.findings:
            if f.source_span:
                assert 0 <= f.source_span[0] <= f.source_span[1] <= len(seg.text)
            if f.target_span:
                assert 0 <= f.target_span[0] <= f.target_span[1] <= len(seg.target or "")


def test_third_party_plain_function_is_a_segment_check_with_default_severity() -> None:
    def shouting(seg: Segment, article: Article) -> Iterator[Problem]:
        """Target written in capitals (third-party example)."""
        if seg.target and seg.target.isupper():
            yield Problem("the target is all capitals", target_span=(0, len(seg.target)))

    registry.register("x-shouting", shouting)
    try:
        (info,) = [c for c in list_checks() if c.name == "x-shouting"]
        assert (info.severity, info.scope, info.title) == (
            Severity.WARNING,
            Scope.SEGMENT,
            "Target written in capitals (third-party example).",
        )
        art = make_article("a", [("截至周四。", "AS OF THURSDAY.")])
        run_checks([art], only=["x-shouting"])
        assert [f.check for f in art.segments[0].findings] == ["x-shouting"]
    finally:
        registry._targets.pop("x-shouting", None)
        registry._loaded.pop("x-shouting", None)
