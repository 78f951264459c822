"""The QA report in a real browser (headless Chromium): what an editor sees.

Needs /usr/bin/chromium (Debian's package; ``scripts/setup.sh --browser``) and the Python
``playwright`` package, driven with ``executable_path`` (no browser download). Skipped when
either is missing, but FAILS under CI, where both must be installed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from report_fixtures import SIGNATURE, XSS_BREAKOUT, XSS_IMG, XSS_SCRIPT, sample_articles
from zh2en.report import write_report

from conftest import require_or_skip

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} must be installed in CI (scripts/setup.sh --browser installs it)")
    pytest.skip(f"{CHROMIUM} not installed (scripts/setup.sh --browser)")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    _require_chromium()
    require_or_skip("playwright", "drives headless Chromium for the report test")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def report_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("report")
    html = write_report(sample_articles(), out, signature=SIGNATURE)[0]
    return html.as_uri()


class _Watch:
    def __init__(self, page: Any) -> None:
        self.console: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", self._dialog)
        page.on("request", lambda r: self.requests.append(r.url))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture()
def page(browser: Any, report_url: str) -> Iterator[tuple[Any, _Watch]]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    watch = _Watch(pg)
    pg.goto(report_url)
    pg.wait_for_load_state("load")
    yield pg, watch
    ctx.close()


def _visible_findings(pg: Any) -> int:
    return int(pg.locator("li.finding:visible").count())


def test_page_loads_clean_and_shows_findings(page: tuple[Any, _Watch], report_url: str) -> None:
    pg, watch = page
    assert watch.errors == []
    assert [c for c in watch.console if c.startswith(("error", "warning"))] == []
    assert watch.requests == [report_url]  # nothing fetched but the page itself
    assert pg.title().startswith("zh2en QA report")
    assert _visible_findings(pg) == 8
    assert pg.locator("#f-count").inner_text() == "8 of 8 findings shown"
    body = pg.locator("body").inner_text()
    assert "number 164 in the source is missing from the target (found 146)" in body
    assert "zh2en:0.1.0|engine:file" in pg.locator("#signature").inner_text()
    assert pg.locator("#consistency-table").get_by_text("inconsistent").count() == 1
    assert pg.locator("#ledger-table tfoot").inner_text().split()[-1] == "6"


def test_payloads_are_shown_as_text_and_never_run(page: tuple[Any, _Watch]) -> None:
    pg, watch = page
    assert watch.dialogs == []
    assert pg.locator("img").count() == 0
    assert pg.locator("script").count() == 2  # the JSON block and the page's own script
    assert pg.evaluate("typeof window.__pwned") == "undefined"
    text = pg.locator("#art2").inner_text()
    for payload in (XSS_IMG, XSS_SCRIPT, XSS_BREAKOUT):
        assert payload in text
    pg.locator("#art2-s0").scroll_into_view_if_needed()
    assert watch.dialogs == [] and watch.errors == []


def test_filters_change_what_is_shown(page: tuple[Any, _Watch]) -> None:
    pg, watch = page
    pg.select_option("#f-sev", "2")
    assert _visible_findings(pg) == 3
    assert pg.locator("#f-count").inner_text() == "3 of 8 findings shown"
    assert pg.locator("li.finding.sev-info:visible").count() == 0

    pg.select_option("#f-sev", "0")
    pg.select_option("#f-check", "terms")
    assert _visible_findings(pg) == 2
    pg.check("#f-only")
    assert pg.locator(".seg:visible").count() == 2  # the two segments with a terms finding
    assert pg.locator("#art2").is_hidden()  # no terms finding in the XSS article

    pg.click("#f-reset")
    pg.select_option("#f-article", "1")
    assert pg.locator("section.article:visible").count() == 1
    assert pg.locator("#art1").is_visible()
    assert _visible_findings(pg) == 3

    # A click on a count in the summary table filters to that check and severity.
    pg.click("#f-reset")
    pg.locator('#summary-table button[data-check="numbers"][data-rank="2"]').click()
    assert pg.locator("#f-check").input_value() == "numbers"
    assert _visible_findings(pg) == 1
    assert watch.errors == []


def test_narrow_screen_stacks_columns(browser: Any, report_url: str) -> None:
    ctx = browser.new_context(viewport={"width": 380, "height": 800})
    pg = ctx.new_page()
    pg.goto(report_url)
    src = pg.locator("#art0-s0 .src").bounding_box()
    tgt = pg.locator("#art0-s0 .tgt").bounding_box()
    assert src is not None and tgt is not None
    assert tgt["y"] >= src["y"] + src["height"] - 1  # target below source, not beside it
    width = pg.evaluate("document.documentElement.scrollWidth")
    assert width <= 380 + 1  # no horizontal scrolling of the page itself
    ctx.close()


def test_report_of_a_real_check_run(browser: Any, tmp_path: Path) -> None:
    """The report `zh2en check -o` writes for a flawed translation of seed 000 sentences."""
    from zh2en.qa import check_files

    src = tmp_path / "zh.txt"
    src.write_text(
        "哈萨克斯坦总统托卡耶夫确认,哈国的骚乱是一场“未遂政变”。\n"
        "哈萨克斯坦卫生部9日表示,这场骚乱已导致164人死亡,其中在阿拉木图有103人丧生。\n",
        encoding="utf-8",
    )
    en = tmp_path / "en.txt"
    en.write_text(
        'Kazakh President Tokaev confirmed that the unrest was an "attempted coup".\n'
        "Kazakhstan's health ministry said on the 9th that the unrest had left 146 people dead, "
        "103 of them in Almaty.\n",
        encoding="utf-8",
    )
    arts = check_files(src, en)
    html = write_report(arts, tmp_path / "qa", signature=arts[0].signature)[0]
    ctx = browser.new_context()
    pg = ctx.new_page()
    watch = _Watch(pg)
    pg.goto(html.as_uri())
    assert watch.errors == [] and watch.dialogs == []
    n = sum(len(a.all_findings()) for a in arts)
    assert n >= 2
    assert pg.locator("#f-count").inner_text() == f"{n} of {n} findings shown"
    # The wrong variant is highlighted in the target, the term in the source.
    assert pg.locator("#art0-s0 .tgt mark.hit", has_text="Tokaev").count() == 1
    assert pg.locator("#art0-s0 .src mark.term", has_text="托卡耶夫").count() == 1
    assert pg.locator("#art0-s1 li.finding", has_text="164").count() >= 1
    # Summary rows carry the checks' titles (first docstring lines).
    assert pg.locator("#summary-table small").count() >= 2
    ctx.close()
