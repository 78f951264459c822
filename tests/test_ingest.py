"""Acceptance for ingestion on the five seeds: the whole article, once, in order, nothing else.

For each seed the expected article is taken from the seed file itself (the lines from the first
to the last line of the article, or the text of the HTML body with tags stripped by a regular
expression), independently of the readers, and compared with the concatenated segment texts;
real sentences, captions, bylines and boilerplate lines are pinned by name.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from zh2en.document import Article, SegmentKind
from zh2en.ingest import ingest_paths, ingest_text, read_file
from zh2en.stages.normalize import normalize

from conftest import SEEDS, seed

K = SegmentKind
#: Lines that must never reach the output (boilerplate of the seed pages).
BOILERPLATE = [
    "阅读全文",
    "责任编辑",
    "相关推荐",
    "热门新闻",
    "最新闻",
    "下载界面新闻",
    "扫一扫",
    "正在阅读",
    "微信公众号",
    "暂无评论",
    "上海市互联网违法与不良信息举报中心",
    "未经授权",
    "未经正式授权",
    "本文系观察者网独家稿件",
    "2022-01-10 17:13",
    "评论 76",
    "中方是否会减免斯里兰卡债务",
    "欧洲议会议长萨索利病逝",
    "租用市议会礼堂庆生",
    "消拯员积极朝阿丽娜广场礼堂顶棚灌水",
]


def squash(text: str) -> str:
    """Normalized text without any whitespace (comparison key)."""
    return re.sub(r"\s+", "", normalize(text)[0])


def lines_between(path: Path, first: str, last: str, *, skip: tuple[str, ...] = ()) -> list[str]:
    """Lines of ``path`` from the first line starting with ``first`` to the next starting with ``last``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    a = next(i for i, ln in enumerate(lines) if ln.startswith(first))
    b = next(i for i in range(a, len(lines)) if lines[i].startswith(last))
    out = [ln for ln in lines[a : b + 1] if re.search(r"\w", ln)]  # separator lines are not text
    for s in skip:
        idx = next(i for i, ln in enumerate(out) if ln.startswith(s) and (s != first or i > 0))
        del out[idx]
    return out


def html_article(path: Path) -> list[str]:
    raw = path.read_text(encoding="utf-8")
    title = re.search(r"^title: '(.*)'$", raw, re.M)
    assert title is not None
    body = raw[raw.index("<div>") :]
    return [title.group(1), re.sub(r"<[^>]+>", "", body)]


def texts(article: Article, *kinds: SegmentKind) -> list[str]:
    return [s.text for s in article.segments if not kinds or s.kind in kinds]


def by_kind(article: Article, kind: SegmentKind) -> list[str]:
    return texts(article, kind)


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    return {p.name[:3]: read_file(p) for p in sorted(SEEDS.glob("*.txt"))}


EXPECTED_ARTICLE = {
    "000": lambda: lines_between(seed("000"), "哈国高官", "据路透社10日下午", skip=("鞠峰哕",)),
    "001": lambda: lines_between(
        seed("001"), "俄罗斯维和部队迅速抵达", "白宫新闻秘书普萨基", skip=("扫一扫", "俄罗斯维和部队迅速抵达")
    ),
    "002": lambda: lines_between(
        seed("002"), "俄罗斯军方上周六", "“我认为有某种阴谋", skip=("图为阿拉木图市政府大楼",)
    ),
    "003": lambda: html_article(seed("003")),
    "004": lambda: html_article(seed("004")),
}


@pytest.mark.parametrize("key", sorted(EXPECTED_ARTICLE))
def test_every_article_sentence_in_order_exactly_once_and_nothing_else(
    articles: dict[str, Article], key: str
) -> None:
    article = articles[key]
    expected = squash("".join(EXPECTED_ARTICLE[key]()))
    assert squash("".join(texts(article))) == expected
    text = article.text
    for phrase in BOILERPLATE:
        assert phrase not in text, f"boilerplate {phrase!r} in seed {key}"
    assert "评论" not in texts(article)


@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_offsets_point_at_the_source_of_every_segment(articles: dict[str, Article], key: str) -> None:
    article = articles[key]
    raw = article.raw_text
    for seg in article.segments:
        assert 0 <= seg.start < seg.end <= len(raw)
        assert seg.offsets.to_raw(0, len(seg.text)) == (seg.start, seg.end)
        for run in seg.offsets.runs:
            piece = raw[run.r0 : run.r1]
            if run.exact:
                assert normalize(piece, strip=False)[0] == seg.text[run.t0 : run.t1]
        # The raw span holds the segment's characters (tags in between for HTML).
        assert squash(re.sub(r"<[^>]+>", "", raw[seg.start : seg.end])) == squash(seg.text)


def test_seed_000_scraped_observer_page(articles: dict[str, Article]) -> None:
    a = articles["000"]
    assert a.id == "000_5dd8653ae8bdcf7d"
    assert a.metadata.title == "哈国高官:反恐由我们自己负责,集安组织维和部队今后将全部撤出"
    assert (a.metadata.outlet, a.metadata.author) == ("观察者网", "鞠峰")
    assert by_kind(a, K.TITLE) == [a.metadata.title]
    assert by_kind(a, K.BYLINE) == ["【文/观察者网 鞠峰】"]
    assert by_kind(a, K.CAPTION) == ["集安组织维和部队赴哈萨克斯坦 图自外媒"]
    body = by_kind(a, K.BODY)
    assert body[0] == (
        "据俄罗斯塔斯社1月10日报道,哈国政府官员称,集安组织只在部分地区维和,请求集安组织入国维和的目的是保护主权,"
        "加强领土完整。"
    )
    assert body[-1] == "另外,俄罗斯牵头的维和行动将“很快”结束。"
    assert "截至目前近8000人被逮捕。" in body
    assert "鞠峰哕" not in a.text


def test_seed_001_repeated_body_yields_once(articles: dict[str, Article]) -> None:
    a = articles["001"]
    assert a.metadata.title == "俄罗斯维和部队迅速抵达哈萨克斯坦,政府大楼和机场被夺回"
    assert (a.metadata.outlet, a.metadata.author) == ("界面新闻", "崔璞玉")
    assert by_kind(a, K.TITLE) == [a.metadata.title]
    assert by_kind(a, K.SUBTITLE) == ["截至周四,阿拉木图约有2000人被逮捕。"]
    assert by_kind(a, K.BYLINE) == ["记者 崔璞玉"]
    assert by_kind(a, K.CAPTION) == [
        "2022年1月6日,俄罗斯,集安组织向哈萨克斯坦派出临时集体维和部队。图片来源:视觉中国",
        "2022年1月6日,哈萨克斯坦阿拉木图警方开展“清理”行动,约2000人被捕。图片来源:视觉中国",
    ]
    body = by_kind(a, K.BODY)
    first = "来自俄罗斯领导的军事联盟的部队周四抵达哈萨克斯坦,以帮助这个中亚国家恢复秩序。"
    last = (
        "白宫新闻秘书普萨基(Jen Psaki)则表示,美国对哈萨克斯坦请求前苏联维和人员干预的性质,"
        "以及这一请求是否合法存在疑问。"
    )
    assert body[0] == first and body[-1] == last
    assert texts(a).count(first) == 1 and texts(a).count(last) == 1
    assert a.text.count("铀是最基本的核燃料") == 1
    # The kept copy is the first one in the file.
    first_seg = next(s for s in a.segments if s.text == first)
    assert first_seg.start == a.raw_text.index("来自俄罗斯领导的军事联盟")


def test_seed_002_dateline_heading_and_captions(articles: dict[str, Article]) -> None:
    a = articles["002"]
    md = a.metadata
    assert (md.dateline_place, md.dateline_day) == ("努尔苏丹", 11)
    assert md.title is None  # the page copy has no headline
    assert by_kind(a, K.DATELINE) == ["(努尔苏丹11日讯)"]
    assert by_kind(a, K.HEADING) == ["袭击者有伊斯兰激进分子"]
    assert by_kind(a, K.CAPTION) == [
        "俄罗斯军方上周六发布的照片显示,在哈萨克阿拉木图机场,俄罗斯军人从军用飞机上走下来。(图取自俄罗斯国防部/路透社)",
        "图为阿拉木图市政府大楼在上周骚乱中被烧毁后的全景。(图取自法新社)",
    ]
    body = by_kind(a, K.BODY)
    assert body[0].startswith("哈萨克总统托卡耶夫周二告诉国会,以俄罗斯为首的集体安全条约组织(集安组织,CSTO)")
    assert (
        body[-1] == "“我认为有某种阴谋,涉及国内和某些外国破坏性势力”,国务秘书卡琳周一告诉国家电视台,"
        "但没有指名任何嫌疑人的名字。"
    )
    # The dateline segment and the body sentence after it sit in the same paragraph.
    dl = next(s for s in a.segments if s.kind is K.DATELINE)
    assert a.segments[dl.index + 1].paragraph == dl.paragraph
    assert a.raw_text[dl.start : dl.end] == "(努尔苏丹11日讯)"


def test_seed_003_front_matter_and_html_body(articles: dict[str, Article]) -> None:
    a = articles["003"]
    md = a.metadata
    assert md.reader == "markdown"
    assert md.date == "2022-01-10"
    assert md.title == "哈萨克斯坦：托卡耶夫总统谈及挫败政变与普京称外国部队将短暂停留"
    assert md.outlet == "Aljazeera 半岛网"
    title = a.segments[0]
    assert title.kind is K.TITLE
    assert a.raw_text[title.start : title.end] == md.title
    assert a.raw_text[title.start - 8 : title.start] == "title: '"
    assert by_kind(a, K.HEADING) == ["阿拉木图第一", "普京的声明", "逮捕和调查", "解雇官员"]
    assert by_kind(a, K.CAPTION) == [
        "作为当局采取的紧急措施的一部分，哈萨克军队成员在基什门特市的一个检查站（欧洲通讯社）"
    ]
    assert by_kind(a, K.QUOTE) == [
        "哈萨克副国防部长表示，在一周多前爆发的骚乱之后，在哈萨克领土上部署集体安全条约组织维和部队使该国军队能够打击恐怖主义。"
    ]
    body = by_kind(a, K.BODY)
    assert body[0].startswith(
        "哈萨克斯坦总统托卡耶夫周一表示，他的国家在所谓的“单独团体”策划的政变企图中幸存下来"
    )
    assert body[-1].endswith("托卡耶夫表示，所谓的土匪和恐怖分子应该对此负责。")
    assert any("1.75 亿欧元" in s for s in body)
    caption = next(s for s in a.segments if s.kind is K.CAPTION)
    assert "<img" not in a.raw_text[caption.start : caption.end]


def test_seed_004_repeated_short_captions_are_kept(articles: dict[str, Article]) -> None:
    a = articles["004"]
    assert a.metadata.date == "2022-01-12"
    assert by_kind(a, K.CAPTION) == ["(半岛电视台)", "(半岛电视台)"]
    assert by_kind(a, K.HEADING) == ["突厥国家组织"]
    assert (
        by_kind(a, K.BODY)[-1]
        == "同月5日，在经历了自30年前苏联解体该国独立以来最严重的动乱后，政府宣布辞职，"
        "随后该国进入紧急状态以维护公共秩序。"
    )


ENCODINGS = ["gb18030", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"]


@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_reencoded_seeds_ingest_to_the_same_segments(
    tmp_path: Path, articles: dict[str, Article], key: str
) -> None:
    base = articles[key]
    text = seed(key).read_text(encoding="utf-8")
    expected = [(s.kind, s.text, s.start, s.end) for s in base.segments]
    for encoding in ENCODINGS:
        path = tmp_path / f"{key}-{encoding}.txt"
        path.write_bytes(text.encode(encoding, errors="strict"))
        got = read_file(path)
        assert got.raw_text == base.raw_text, encoding
        assert [(s.kind, s.text, s.start, s.end) for s in got.segments] == expected, encoding
        assert got.metadata.encoding is not None and got.metadata.encoding.replace("-sig", "") in (
            encoding,
            "utf-16-le",
            "utf-8",
        )


@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_big5_traditional_seeds_ingest_like_their_utf8_copy(tmp_path: Path, key: str) -> None:
    import opencc

    # Taiwan-standard Traditional is representable in Big5; NBSP has no Big5 code point.
    text = opencc.OpenCC("s2tw").convert(seed(key).read_text(encoding="utf-8")).replace("\xa0", " ")
    data = text.encode("big5", errors="strict")
    (tmp_path / "b5").mkdir()
    (tmp_path / "u8").mkdir()
    (tmp_path / "b5" / "a.txt").write_bytes(data)
    (tmp_path / "u8" / "a.txt").write_text(text, encoding="utf-8")
    big5 = read_file(tmp_path / "b5" / "a.txt")
    utf8 = read_file(tmp_path / "u8" / "a.txt")
    assert big5.metadata.encoding == "big5"
    assert big5.metadata.script == "traditional"
    assert [(s.kind, s.text, s.start, s.end) for s in big5.segments] == [
        (s.kind, s.text, s.start, s.end) for s in utf8.segments
    ]
    # Normalized to Simplified, the article reads like the Simplified seed.
    simplified = read_file(seed(key))
    same = sum(1 for a, b in zip(big5.segments, simplified.segments, strict=False) if a.text == b.text)
    assert len(big5.segments) == len(simplified.segments)
    assert same >= 0.9 * len(simplified.segments)


def test_opencc_none_keeps_the_script(tmp_path: Path) -> None:
    raw = "哈薩克斯坦總統托卡耶夫表示，集安組織維和部隊將在兩天後開始撤離。他說，部隊將在10天內完全撤離。"
    kept = ingest_text(raw, opencc="none")
    assert kept.segments[0].text == "哈薩克斯坦總統托卡耶夫表示，集安組織維和部隊將在兩天後開始撤離。"
    simplified = ingest_text(raw)
    assert simplified.segments[0].text == "哈萨克斯坦总统托卡耶夫表示，集安组织维和部队将在两天后开始撤离。"
    assert [(s.start, s.end) for s in kept.segments] == [(s.start, s.end) for s in simplified.segments]


def test_ingest_paths_expands_folders_and_keeps_going_after_bad_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(seed("002").read_bytes())
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / ".hidden.txt").write_text("不应读取。", encoding="utf-8")
    (tmp_path / "notes.bin").write_bytes(b"\x00\x01")
    result = ingest_paths([tmp_path, seed("003")])
    assert [a.id for a in result.articles] == ["a", "003_56ee838238a0b77d"]
    assert [Path(p).name for p, _ in result.errors] == ["b.txt", "c.txt"]
    assert "empty" in result.errors[0][1].message
    assert "not text" in result.errors[1][1].message


def test_article_round_trips_through_json(articles: dict[str, Article]) -> None:
    for article in articles.values():
        again = Article.from_json(article.to_json())
        assert again.to_dict() == article.to_dict()
        assert again.signature["opencc"] == "t2s"


@pytest.mark.parametrize("key", ["000", "001", "002"])
def test_without_end_markers_list_rules_still_find_the_article(
    articles: dict[str, Article], key: str
) -> None:
    """The end-of-article phrases are one rule among several: remove every line they match
    (reprint notice, 责任编辑, 相关推荐, 热门新闻, 评论, 举报中心) and the link-list density,
    headline-run, repeated-block and trailing-fragment rules still yield the same article."""
    from zh2en.ingest.boilerplate import RULES

    ends = [r for r in RULES if r.action == "end"]
    raw = seed(key).read_text(encoding="utf-8")
    kept = [
        ln
        for ln in raw.split("\n")
        if not any(len(ln.strip()) <= r.max_len and r.pattern.search(ln.strip()) for r in ends)
    ]
    assert len(kept) < len(raw.split("\n"))
    stripped = ingest_text("\n".join(kept))
    assert [(s.kind, s.text) for s in stripped.segments] == [(s.kind, s.text) for s in articles[key].segments]


@pytest.mark.parametrize("key", ["000", "001", "002"])
def test_the_same_page_as_html_paragraphs_gives_the_same_article(
    articles: dict[str, Article], key: str
) -> None:
    import html

    raw = seed(key).read_text(encoding="utf-8")
    page = (
        "<html><body>\n"
        + "\n".join(f"<p>{html.escape(ln)}</p>" for ln in raw.splitlines())
        + "\n</body></html>"
    )
    as_html = ingest_text(page)
    assert as_html.metadata.reader == "html"
    assert [(s.kind, s.text) for s in as_html.segments] == [(s.kind, s.text) for s in articles[key].segments]


@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_opencc_none_finds_the_same_article_in_traditional_text(key: str) -> None:
    import opencc

    text = opencc.OpenCC("s2tw").convert(seed(key).read_text(encoding="utf-8"))
    kept = ingest_text(text, opencc="none")
    converted = ingest_text(text)
    # Boilerplate rules read a Simplified key, so the script setting changes texts, not the cut.
    assert [(s.kind, s.start, s.end) for s in kept.segments] == [
        (s.kind, s.start, s.end) for s in converted.segments
    ]
    assert all(
        s.text == text[s.start : s.end].strip() for s in kept.segments if s.kind is K.TITLE and key < "003"
    )
    if key == "002":
        assert kept.metadata.dateline_place == "努爾蘇丹"
    if key == "000":
        assert (kept.metadata.author, kept.metadata.title) == (
            "鞠峰",
            "哈國高官:反恐由我們自己負責,集安組織維和部隊今後將全部撤出",
        )


def test_a_menu_bar_above_the_article_is_navigation_not_the_title() -> None:
    """'首页 | 新闻 | 体育 | 财经' is a site menu; the article's own first line is the title."""
    body = seed("002").read_text("utf-8")
    for menu in ("首页 | 新闻 | 国际 | 体育 | 财经", "首页｜国际｜军事"):
        art = ingest_text(f"{menu}\n\n{body}", source_path="menu.txt")
        texts = [s.text for s in art.segments]
        assert not any("首页" in t for t in texts), texts[:3]
        assert art.metadata.extra["dropped_blocks"].get("navigation") == 1
        assert art.segments[0].text.startswith("俄罗斯军方上周六发布的照片显示")
    # A title that merely contains a bar is not a menu.
    art = ingest_text("哈国高官：反恐由我们自己负责 | 观察者网\n\n" + body, source_path="t.txt")
    assert art.segments[0].text.startswith("哈国高官")
