"""The QA report: content, escaping, CSP, JSON round trip, Markdown."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from report_fixtures import SIGNATURE, XSS_BREAKOUT, XSS_IMG, XSS_SCRIPT, sample_articles
from zh2en.document import Article
from zh2en.errors import InputError, UnsafePathError
from zh2en.report import build_report, load_report, render_html, render_markdown, write_report
from zh2en.report.data import consistency_table, ledger_consistency_table, ledger_summary, summarize
from zh2en.report.html import json_for_script


class _Collector(HTMLParser):
    """Collects tags, scripts and text the way a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if tag == "script":
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


@pytest.fixture(scope="module")
def report_html() -> str:
    return render_html(
        build_report(sample_articles(), signature=SIGNATURE, generated="2026-01-01T00:00:00+00:00")
    )


def _parse(page: str) -> _Collector:
    c = _Collector()
    c.feed(page)
    c.close()
    return c


def test_payloads_are_text_never_markup(report_html: str) -> None:
    page = _parse(report_html)
    tags = [t for t, _ in page.tags]
    # Exactly two script elements: the JSON data block and the page's own script.
    assert tags.count("script") == 2
    assert "img" not in tags
    assert not any(k.startswith("on") for _, attrs in page.tags for k in attrs)
    text = "".join(page.text)
    for payload in (XSS_IMG, XSS_SCRIPT, XSS_BREAKOUT):
        assert payload in text  # shown to the editor, as text
    # The raw payloads never appear unescaped anywhere outside the page's own code.
    assert XSS_IMG not in report_html
    assert "<script>alert(1)</script>" not in report_html
    assert report_html.count("<script") == 2
    assert "<!--" not in report_html


def test_embedded_json_is_safe_and_complete(report_html: str) -> None:
    page = _parse(report_html)
    data_attrs = [a for t, a in page.tags if t == "script" and a.get("type") == "application/json"]
    assert data_attrs == [{"type": "application/json", "id": "report-data"}]
    data = json.loads(page.scripts[0])
    assert data["summary"]["findings"] == 8
    messages = [f["message"] for f in data["findings"]]
    assert XSS_BREAKOUT in messages  # the payload survived the escaping intact, as data
    assert {f["check"] for f in data["findings"]} >= {"numbers", "terms", "omission", "consistency"}
    # The unit: </script> and <!-- cannot appear in the encoded form, and it decodes back.
    encoded = json_for_script({"x": XSS_BREAKOUT + "\u2028&"})
    assert "</" not in encoded and "<!--" not in encoded and "<" not in encoded
    assert json.loads(encoded) == {"x": XSS_BREAKOUT + "\u2028&"}


def test_csp_allows_exactly_the_inline_script_and_style(report_html: str) -> None:
    page = _parse(report_html)
    (csp,) = [
        a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert csp is not None
    assert "default-src 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    js = page.scripts[1]
    digest = base64.b64encode(hashlib.sha256(js.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
    css = re.search(r"<style>(.*?)</style>", report_html, re.S)
    assert css is not None
    css_digest = base64.b64encode(hashlib.sha256(css.group(1).encode()).digest()).decode()
    assert f"style-src 'sha256-{css_digest}'" in csp
    assert ' style="' not in report_html  # inline style attributes would be blocked by the CSP
    assert not re.search(r"(src|href)=\"(https?:)?//", report_html)  # no network resources


def test_page_has_summary_filters_tables_signature_and_anchors(report_html: str) -> None:
    page = _parse(report_html)
    ids = {a.get("id") for _, a in page.tags}
    for needed in (
        "summary",
        "summary-table",
        "filters",
        "f-check",
        "f-sev",
        "f-article",
        "f-only",
        "consistency-table",
        "ledger-table",
        "signature",
        "toc",
    ):
        assert needed in ids, needed
    assert {"art0", "art1", "art2", "art0-s3", "art1-s1"} <= ids
    text = "".join(page.text)
    assert "zh2en:0.1.0|engine:file|glossary:0123456789ab|opencc:t2s" in text
    # Filter options for every check and article.
    options = [a.get("value") for t, a in page.tags if t == "option"]
    assert {"numbers", "terms", "omission", "consistency", "style"} <= set(options)
    assert {"0", "1", "2"} <= set(options)
    # Highlights: terms in source and target, finding spans in both.
    assert '<mark class="term" title="托卡耶夫 → Tokayev">托卡耶夫</mark>' in report_html
    assert re.search(r'<mark class="term st-applied" title="[^"]*">Tokayev</mark>', report_html)
    assert re.search(
        r'<mark class="hit sev-error" title="error: numbers" data-f="f\d+">164</mark>', report_html
    )
    assert re.search(
        r'<mark class="hit sev-error" title="error: numbers" data-f="f\d+">146</mark>', report_html
    )
    # The empty segment is shown as empty, the untranslated one says so.
    assert "(no translation)" in text and "(empty)" in text


def test_summary_counts() -> None:
    arts = sample_articles()
    s = summarize(arts)
    assert s["articles"] == 3 and s["segments"] == 8 and s["findings"] == 8
    assert s["by_severity"] == {"info": 2, "warning": 3, "error": 3}
    first = s["by_check_severity"][0]
    assert first["check"] == "terms" and first["error"] == 1 and first["warning"] == 1
    assert s["by_check"]["numbers"] == 1


def test_ledger_consistency_table_flags_two_renderings() -> None:
    rows = {r["entry_id"]: r for r in ledger_consistency_table(sample_articles())}
    csto = rows["csto"]
    assert not csto["consistent"]
    assert {(x["text"], x["count"]) for x in csto["renderings"]} == {
        ("CSTO", 1),
        ("Collective Security Treaty Organization", 1),
    }
    assert csto["articles"] == ["000_5dd8653ae8bdcf7d", "004_1a589643b973e0eb"]
    tok = rows["tokayev"]
    assert tok["consistent"] and tok["missing"] == 1 and tok["occurrences"] == 3
    assert tok["renderings"] == [{"text": "Tokayev", "count": 2}]
    assert next(iter(rows)) == "csto"  # inconsistent first


def test_ledger_summary_counts() -> None:
    led = ledger_summary(sample_articles())
    assert led["totals"] == {"applied": 3, "repaired": 0, "missing": 2, "forbidden": 1, "ambiguous": 0}
    per = {e["entry_id"]: e for e in led["entries"]}
    assert per["tokayev"]["applied"] == 2 and per["tokayev"]["missing"] == 1
    assert per["csto"]["forbidden"] == 1


def test_write_report_files_and_json_round_trip(tmp_path: Path) -> None:
    arts = sample_articles()
    paths = write_report(arts, tmp_path / "out", signature=SIGNATURE)
    assert [p.name for p in paths] == ["qa-report.html", "qa-report.json", "qa-report.md"]
    assert all(p.parent == (tmp_path / "out").resolve() for p in paths)
    loaded, sig = load_report(paths[1])
    assert sig == SIGNATURE
    assert [a.to_dict() for a in loaded] == [a.to_dict() for a in arts]
    assert isinstance(loaded[0], Article)
    assert loaded[0].segments[3].findings[0].source_span == arts[0].segments[3].findings[0].source_span


def test_write_report_name_cannot_escape(tmp_path: Path) -> None:
    paths = write_report(sample_articles()[:1], tmp_path, signature=SIGNATURE, name="../../etc/passwd")
    assert all(p.parent == tmp_path.resolve() for p in paths)
    with pytest.raises(UnsafePathError):
        from zh2en.util import safe_output_path

        safe_output_path(tmp_path, "../x.html")


def test_load_report_rejects_other_json(tmp_path: Path) -> None:
    p = tmp_path / "x.json"
    p.write_text('{"schema": 1}', encoding="utf-8")
    with pytest.raises(InputError, match="not a zh2en QA report"):
        load_report(p)


def test_markdown_escapes_and_lists_findings() -> None:
    text = render_markdown(build_report(sample_articles(), signature=SIGNATURE))
    assert "<img" not in text and "<script" not in text
    assert "&lt;img src=x onerror=alert\\(1\\)&gt;" in text
    assert "| csto" not in text  # entity cells start with the Chinese
    assert "**inconsistent**" in text
    assert "number 164 in the source is missing from the target \\(found 146\\)" in text
    assert "suggested: Almaty" in text
    # Pipes in data cannot break a table row.
    assert "check&lt;img" in text


def test_broken_spans_do_not_crash_or_leak() -> None:
    arts = sample_articles()[:1]
    seg = arts[0].segments[0]
    seg.findings[:0] = []
    from zh2en.document import Finding, Severity

    seg.findings.append(
        Finding("x", Severity.WARNING, "bad span", source_span=(50, 5), target_span=(-3, 10**6))
    )
    page = render_html(build_report(arts, signature=SIGNATURE))
    assert "bad span" in page


def test_consistency_table_from_the_checks_builder() -> None:
    rows = {r["entry_id"]: r for r in consistency_table(sample_articles())}
    assert not rows["csto"]["consistent"]
    assert [x["text"] for x in rows["csto"]["renderings"]] == [
        "CSTO",
        "Collective Security Treaty Organization",
    ]
    assert rows["csto"]["articles"] == ["000_5dd8653ae8bdcf7d", "004_1a589643b973e0eb"]
    assert rows["tokayev"]["consistent"] and rows["tokayev"]["renderings"] == [
        {"text": "Tokayev", "count": 2}
    ]
    assert rows["almaty"]["missing"] == 1 and rows["almaty"]["renderings"] == []
    assert next(iter(rows)) == "csto"


def test_unwritable_output_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="cannot write the QA report"):
        write_report(sample_articles()[:1], blocker, signature=SIGNATURE)


def test_one_wrong_rendering_everywhere_is_not_shown_as_consistent_ok() -> None:
    """Expected 'Astana', found 'Nur-Sultan' ×2: consistent with itself, but not the glossary's
    English — a reviewer must not see a green 'consistent' there."""
    report = build_report(sample_articles(), signature=SIGNATURE)
    row = {
        "entry_id": "place-astana",
        "source": "努尔苏丹",
        "expected": "Astana",
        "renderings": [{"text": "Nur-Sultan", "count": 2}],
        "missing": 0,
        "articles": ["003"],
        "occurrences": 2,
        "consistent": True,
    }
    report["consistency"] = [row]
    page = render_html(report)
    table = page[page.index('id="consistency-table"') :]
    table = table[: table.index("</table>")]
    assert '<span class="ok">consistent</span>' not in table
    assert "not the glossary" in table
    text = render_markdown(report)
    section = text[text.index("## Term consistency") : text.index("## Term ledger")]
    assert "not the glossary" in section
    row["renderings"] = [{"text": "astana", "count": 2}]  # case is not a difference here
    assert '<span class="ok">consistent</span>' in render_html(report)
