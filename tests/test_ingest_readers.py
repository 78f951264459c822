"""Readers beyond the seeds: plain HTML pages, JSON Lines, Markdown; sniffing; hostile input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zh2en.builtins import READER_ORDER, readers
from zh2en.document import Article, SegmentKind
from zh2en.errors import InputError, UnknownComponentError
from zh2en.ingest import choose_reader, ingest_paths, ingest_text, read_file
from zh2en.registry import doc_title

K = SegmentKind

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>托卡耶夫：维和部队两天后撤离 - 示例新闻网</title>
<meta property="og:site_name" content="示例新闻网">
<meta property="article:published_time" content="2022-01-11T08:00:00+08:00">
<link rel="canonical" href="https://example.com/news/1.html">
<script>var x = "<p>脚本里的句子。</p>";</script>
<style>p { color: red }</style>
</head><body>
<nav class="top-nav"><a href="/">首页</a> &gt; <a href="/intl">国际</a></nav>
<div class="share-bar">分享到：微信 微博</div>
<article>
<h1>托卡耶夫：维和部队两天后撤离</h1>
<p class="byline">记者 张三</p>
<p>（努尔苏丹11日讯）哈萨克斯坦总统托卡耶夫&#x5468;二表示，集安组织维和部队将在两天后开始撤离。他说：&ldquo;任务已经完成。&rdquo;</p>
<p>托卡耶夫还提名阿里汗&middot;斯迈洛夫担任总理<!-- 注释 -->一职。</p>
<figure><img src="a.jpg" alt="图"><figcaption>阿拉木图街头的军车。（新华社发）</figcaption></figure>
<h2>经济影响</h2>
<p>分析人士认为，骚乱对<b>石油</b>产量的影响有限&amp;可控。</p>
</article>
<div class="related"><h3>相关新闻</h3><ul><li><a href="/2">哈萨克斯坦一警察局长自杀身亡</a></li></ul></div>
<footer>Copyright © 2022 示例新闻网 版权所有</footer>
</body></html>
"""


def kinds_texts(article: Article) -> list[tuple[str, str]]:
    return [(str(s.kind), s.text) for s in article.segments]


def test_html_page_keeps_the_article_and_drops_page_furniture(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    a = read_file(path)
    assert a.metadata.reader == "html"
    assert kinds_texts(a) == [
        ("title", "托卡耶夫：维和部队两天后撤离"),
        ("byline", "记者 张三"),
        ("dateline", "（努尔苏丹11日讯）"),
        ("body", "哈萨克斯坦总统托卡耶夫周二表示，集安组织维和部队将在两天后开始撤离。"),
        ("body", "他说：“任务已经完成。”"),
        ("body", "托卡耶夫还提名阿里汗·斯迈洛夫担任总理一职。"),
        ("caption", "阿拉木图街头的军车。（新华社发）"),
        ("heading", "经济影响"),
        ("body", "分析人士认为，骚乱对石油产量的影响有限&可控。"),
    ]
    md = a.metadata
    assert (md.date, md.outlet, md.author, md.url) == (
        "2022-01-11",
        "示例新闻网",
        "张三",
        "https://example.com/news/1.html",
    )
    assert (md.dateline_place, md.dateline_day) == ("努尔苏丹", 11)
    # Entities are opaque runs: the character maps back to the whole entity in the raw text.
    seg = a.segments[3]
    i = seg.text.index("周")
    assert a.raw_text[slice(*seg.raw_span(i, i + 1))] == "&#x5468;"
    j = a.segments[5].text.index("·")
    assert a.raw_text[slice(*a.segments[5].raw_span(j, j + 1))] == "&middot;"
    # Tags inside a sentence are skipped over, not copied.
    assert "<b>" in a.raw_text[a.segments[8].start : a.segments[8].end]


def test_html_title_element_is_the_title_when_there_is_no_h1() -> None:
    page = (
        "<html><head><title>示例标题</title></head>"
        "<body><p>这是第一段正文，内容足够长以便识别为正文。</p></body></html>"
    )
    a = ingest_text(page)
    assert kinds_texts(a) == [("title", "示例标题"), ("body", "这是第一段正文，内容足够长以便识别为正文。")]


def test_hostile_html_does_not_break_the_reader() -> None:
    page = (
        "<html><body><p>未闭合的段落<b>加粗<i>斜体</p><!-- 没有结束的注释"
        "<p>注释后面的内容。</p></body></html>"
    )
    a = ingest_text(page)
    assert a.segments and "注释后面" not in a.text
    weird = "<p>&#0;&#xD800;&bogus;&#1114112;正文内容在这里。</p><div>" * 3
    b = ingest_text(weird)
    assert all(b.raw_text[s.start : s.end] for s in b.segments)
    deep = "<div>" * 5000 + "<p>深层嵌套的正文内容。</p>" + "</div>" * 5000
    assert "深层嵌套的正文内容。" in ingest_text(deep).text


def test_pathological_markup_is_read_in_linear_time() -> None:
    import time

    for page in (
        "<p>正文内容在这里。</p>" + "<a " * 20000,
        "<p>正文内容在这里。</p>" + "<" * 60000 + ">",
        "<p>正文内容在这里。</p>" + '<a title="' * 20000 + ">",
        "<p>正文内容在这里。</p>" + "<div><span>字</span>" * 10000 + "</b>" * 10000,
    ):
        t = time.perf_counter()
        article = ingest_text(page, reader="html")
        assert time.perf_counter() - t < 3
        assert article.segments[0].text == "正文内容在这里。"
    t = time.perf_counter()
    text_page = (
        "哈萨克斯坦总统托卡耶夫表示，集安组织维和部队将在两天后开始撤离。\n" + "-\n" * 50_000 + "标题\n"
    )
    assert ingest_text(text_page).segments
    assert time.perf_counter() - t < 5


def test_jsonl_one_article_per_line_with_offsets_into_the_line(tmp_path: Path) -> None:
    lines = [
        {
            "id": "a1",
            "title": "托卡耶夫：维和部队两天后撤离",
            "text": "（努尔苏丹11日讯）哈萨克斯坦总统托卡耶夫周二表示，维和部队将撤离。\n他还说，局势稳定。",
            "date": "2022-01-11",
            "url": "https://example.com/a1",
        },
        {
            "id": "a2",
            "title": "第二篇",
            "content": "<p>哈萨克斯坦政府宣布辞职。</p><p>紧急状态持续到1月19日。</p>",
        },
    ]
    path = tmp_path / "feed.jsonl"
    # ensure_ascii=True: every Chinese character is a \\uXXXX escape in the file.
    path.write_text("\n".join(json.dumps(x, ensure_ascii=(i == 0)) for i, x in enumerate(lines)) + "\n")
    result = ingest_paths([path])
    assert result.errors == []
    a1, a2 = result.articles
    assert (a1.id, a2.id) == ("a1", "a2")
    assert kinds_texts(a1) == [
        ("title", "托卡耶夫：维和部队两天后撤离"),
        ("dateline", "（努尔苏丹11日讯）"),
        ("body", "哈萨克斯坦总统托卡耶夫周二表示，维和部队将撤离。"),
        ("body", "他还说，局势稳定。"),
    ]
    assert (a1.metadata.date, a1.metadata.url, a1.metadata.dateline_day) == (
        "2022-01-11",
        "https://example.com/a1",
        11,
    )
    assert a1.raw_text == path.read_text().splitlines()[0]
    whole = path.read_text()
    line_offset = a2.metadata.extra["line_offset"]
    assert (a2.metadata.extra["line"], line_offset) == (2, len(a1.raw_text) + 1)
    body = a2.segments[1]
    assert whole[line_offset + body.start : line_offset + body.end] == "哈萨克斯坦政府宣布辞职。"
    title = a1.segments[0]
    assert json.loads(f'"{a1.raw_text[title.start : title.end]}"') == title.text  # escapes in the raw text
    assert kinds_texts(a2) == [
        ("title", "第二篇"),
        ("body", "哈萨克斯坦政府宣布辞职。"),
        ("body", "紧急状态持续到1月19日。"),
    ]
    assert a2.raw_text[a2.segments[1].start : a2.segments[1].end] == "哈萨克斯坦政府宣布辞职。"


def test_jsonl_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "text": "正文。"}\n{"id": "b", "text": "断开\n', encoding="utf-8")
    result = ingest_paths([path])
    assert result.articles == []
    assert "bad.jsonl:2" in result.errors[0][1].message
    path.write_text('{"id": "a", "title": "无正文"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="no article text"):
        read_file(path)


def test_markdown_body_without_html(tmp_path: Path) -> None:
    text = (
        '---\ntitle: "哈萨克斯坦局势"\ndate: 2022-01-11\nurl: https://example.com/x\n---\n\n'
        "**记者 李四**\n\n"
        "哈萨克斯坦总统托卡耶夫表示，[集安组织](https://example.com)维和部队将撤离。\n他还说，局势\n已经稳定。\n\n"
        "## 各方反应\n\n> 我们支持哈萨克斯坦。\n\n![阿拉木图的街道（图自外媒）](a.jpg)\n\n"
        "- 第一点内容。\n- 第二点内容。\n"
    )
    a = ingest_text(text, source_path="x.md")
    assert a.metadata.reader == "markdown"
    assert (a.metadata.title, a.metadata.date, a.metadata.url) == (
        "哈萨克斯坦局势",
        "2022-01-11",
        "https://example.com/x",
    )
    assert kinds_texts(a) == [
        ("title", "哈萨克斯坦局势"),
        ("byline", "记者 李四"),
        ("body", "哈萨克斯坦总统托卡耶夫表示，集安组织维和部队将撤离。"),
        ("body", "他还说，局势已经稳定。"),
        ("heading", "各方反应"),
        ("quote", "我们支持哈萨克斯坦。"),
        ("caption", "阿拉木图的街道（图自外媒）"),
        ("list_item", "第一点内容。"),
        ("list_item", "第二点内容。"),
    ]
    title = a.segments[0]
    assert a.raw_text[title.start - 8 : title.end + 1] == 'title: "哈萨克斯坦局势"'


def test_escaped_front_matter_title() -> None:
    a = ingest_text(
        "---\ntitle: '托卡耶夫：''维和''部队撤离'\n---\n"
        "<p>哈萨克斯坦总统托卡耶夫表示，维和部队将撤离，撤离将逐步进行。</p>\n"
    )
    assert a.metadata.title == "托卡耶夫：'维和'部队撤离"
    title = a.segments[0]
    assert (title.kind, a.raw_text[title.start : title.end]) == (K.TITLE, "托卡耶夫：''维和''部队撤离")


def test_bad_front_matter_is_an_input_error() -> None:
    with pytest.raises(InputError, match="front matter is not valid YAML"):
        ingest_text("---\ntitle: [未闭合\n---\n正文。\n")


def test_sniffing_picks_each_format_and_reader_can_be_forced() -> None:
    assert choose_reader('{"id": 1, "text": "正文"}\n', None).name == "jsonl"
    assert choose_reader("---\ntitle: x\n---\n<p>正文</p>", None).name == "markdown"
    assert choose_reader("<html><body><p>正文</p></body></html>", None).name == "html"
    assert choose_reader("正在阅读：\n标题\n正文。", None).name == "text"
    forced = ingest_text("<p>这一段被当作纯文本读取。</p>", reader="text")
    assert forced.metadata.reader == "text" and "<p>" in forced.segments[0].text
    with pytest.raises(UnknownComponentError, match="available: html, jsonl, markdown, text"):
        ingest_text("正文。", reader="pdf")


def test_every_registered_reader_is_documented() -> None:
    assert set(READER_ORDER) <= set(readers.names())
    for name in READER_ORDER:
        cls = readers.get(name)
        assert cls.name == name
        assert doc_title(cls), name


def test_whitespace_only_text_is_an_input_error() -> None:
    with pytest.raises(InputError, match="only whitespace"):
        ingest_text(" \n\t\n")


def test_short_plain_text_is_body() -> None:
    a = ingest_text("今天天气很好。我们去公园。")
    assert kinds_texts(a) == [("body", "今天天气很好。"), ("body", "我们去公园。")]


def test_the_h1_named_by_the_title_element_is_the_title_not_the_logo() -> None:
    page = (
        "<html><head><title>维和部队两天后撤离 | 示例新闻网</title></head><body>"
        "<header><h1 class='logo'>示例新闻网</h1></header>"
        "<h1>维和部队两天后撤离</h1><p>哈萨克斯坦总统托卡耶夫表示，集安组织维和部队将在两天后开始撤离。</p>"
        "</body></html>"
    )
    a = ingest_text(page)
    assert a.metadata.title == "维和部队两天后撤离"
    assert [s.text for s in a.segments if s.kind is K.TITLE] == ["维和部队两天后撤离"]


def test_a_wrapper_that_looks_like_furniture_does_not_hide_the_article() -> None:
    page = (
        "<html><body><div class='main comments-enabled'>"
        "<p>哈萨克斯坦总统托卡耶夫表示，集安组织维和部队将在两天后开始撤离，撤离将逐步进行。</p>"
        "</div></body></html>"
    )
    a = ingest_text(page)
    assert [s.kind for s in a.segments] == [K.BODY]


AGENCY_PAGE = """首页 > 国际 > 正文
哈萨克斯坦总统宣布集安组织维和部队开始撤离
2022-01-13 09:30:12 来源：新华网
字号：大 中 小
新华社记者 张三 李四
新华社努尔苏丹1月13日电 哈萨克斯坦总统托卡耶夫13日表示，集安组织维和部队当天开始撤离，撤离工作将在10天内完成。
托卡耶夫说：“维和部队完成了任务。”他感谢集安组织成员国的支持。
1月13日，集安组织维和部队在阿拉木图机场登机。（新华社记者 王五 摄）
分析人士认为，局势已基本稳定，但经济恢复仍需时间。
（完）
标签：哈萨克斯坦 集安组织
上一篇：俄罗斯外交部回应美方言论
下一篇：中亚多国加强边境管控
相关阅读
哈萨克斯坦政府宣布辞职
2022-01-05
托卡耶夫任命新总理
2022-01-11
免责声明：本网站转载内容仅供参考。
"""


def test_a_news_agency_page_the_seeds_do_not_cover() -> None:
    """Another site's furniture: breadcrumb, source/date line, font-size widget, agency byline
    and dateline, photographer credit, (完), tags, previous/next links, related list, disclaimer."""
    a = ingest_text(AGENCY_PAGE)
    assert kinds_texts(a) == [
        ("title", "哈萨克斯坦总统宣布集安组织维和部队开始撤离"),
        ("byline", "新华社记者 张三 李四"),
        ("dateline", "新华社努尔苏丹1月13日电"),
        ("body", "哈萨克斯坦总统托卡耶夫13日表示，集安组织维和部队当天开始撤离，撤离工作将在10天内完成。"),
        ("body", "托卡耶夫说：“维和部队完成了任务。”"),
        ("body", "他感谢集安组织成员国的支持。"),
        ("caption", "1月13日，集安组织维和部队在阿拉木图机场登机。（新华社记者 王五 摄）"),
        ("body", "分析人士认为，局势已基本稳定，但经济恢复仍需时间。"),
    ]
    md = a.metadata
    assert (md.date, md.outlet, md.author) == ("2022-01-13", "新华社", "张三 李四")
    assert (md.dateline_place, md.dateline_day) == ("努尔苏丹", 13)


def test_metadata_from_url_lines_and_timestamps(tmp_path: Path) -> None:
    page = AGENCY_PAGE.replace("（完）", "（完）\n原文链接：https://example.com/2022-01/13/c_1.htm")
    assert ingest_text(page).metadata.url == "https://example.com/2022-01/13/c_1.htm"
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"id": "s", "text": "正文内容。", "date": 1641895200})
        + "\n"
        + json.dumps({"id": "ms", "text": "正文内容。", "published": 1641895200000})
        + "\n",
        encoding="utf-8",
    )
    assert [a.metadata.date for a in ingest_paths([feed]).articles] == ["2022-01-11", "2022-01-11"]
