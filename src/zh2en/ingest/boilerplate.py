"""Boilerplate removal: keep the whole article and nothing else.

Pipeline position: ingestion, between a reader's block extraction and segment building.
:func:`classify_blocks` takes the normalized blocks of a page in order and returns the ones
that belong to the article, each with its :class:`~zh2en.document.SegmentKind`.

How it decides (general rules, not per-site hacks; the phrase lists are data below):

1. **Line rules** (:data:`RULES`): each block is tested against known boilerplate phrases.
   A ``drop`` rule removes that block (navigation, app-download prompts, share buttons,
   "阅读全文", related-list timestamps, comment counts, truncated teasers). An ``end`` rule
   marks page furniture that follows an article (reprint/copyright notice, editor line,
   related/hot-news list headers, comment widget, reporting-centre footer): once the body has
   begun, the article ends there and every later block is dropped.
2. **Link lists**: a block with teaser lines (timestamps, comment counts, "阅读全文",
   truncated "…" teasers) on both sides within :data:`LIST_WINDOW` blocks, or a short block
   followed by one, is a list item; so is every block of a run of :data:`HEADLINE_RUN` or more
   short headline-like lines (no full stop) after the first prose paragraph — an article
   does not put three headings in a row. Structure marks furniture too (``<nav>``, a
   ``class="share"``); if those marks would leave no body at all they are ignored.
3. **Repeated blocks**: a block whose text equals an earlier kept block (and is long enough to
   be meaningful) is dropped — pages that print the article twice yield it once.
4. **Kinds**: captions and bylines are recognised by their credit/byline patterns
   (:data:`CAPTION_PATTERNS`, :data:`~zh2en.ingest.metadata.BYLINE_PATTERNS`) or by structure
   (``<figure>``). A title marked by structure (front matter, the ``<h1>``) wins; otherwise,
   before the body, the first title-like line is the TITLE, very short fragments (widget
   labels) are dropped, and other short lines are SUBTITLE. Inside the body, a short line
   without sentence punctuation is a HEADING; a heading with nothing after it is a stray label
   and is dropped.

Rules read ``Block.key`` — the normalized text in Simplified even when OpenCC is off — so a
Traditional page is cut exactly like its Simplified twin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from zh2en.document import SegmentKind
from zh2en.ingest.blocks import Block
from zh2en.ingest.metadata import parse_byline

Action = Literal["drop", "end"]


@dataclass(frozen=True, slots=True)
class Rule:
    """A boilerplate phrase rule; applies only to blocks of at most ``max_len`` characters."""

    name: str
    pattern: re.Pattern[str]
    action: Action
    max_len: int = 80
    prose_ok: bool = True  # False: never applies to a block holding a full stop 。 (real prose)


def _r(name: str, pattern: str, action: Action, max_len: int = 80, *, prose_ok: bool = True) -> Rule:
    return Rule(name, re.compile(pattern), action, max_len, prose_ok)


#: The phrase rules, tested in order on each normalized block.
RULES: list[Rule] = [
    # -- page furniture that follows the article ("end") --------------------------------
    _r(
        "reprint notice",
        r"未经.{0,8}授权|不得转载|严禁转载|禁止转载|谢绝转载|转载请注明|版权所有|侵权必究|"
        r"版权归.{0,12}所有|独家稿件|All rights reserved|Copyright|^(?:免责声明|版权声明|声明)[:：]",
        "end",
        60,
    ),
    _r("editor line", r"^[-—\s]*(?:责任编辑|责编|编辑|校对|审校|审核|监制|值班编辑)\s*[:：]", "end", 40),
    _r(
        "related list",
        r"^[-—\s]*(?:相关推荐|相关阅读|相关新闻|相关文章|相关报道|推荐阅读|延伸阅读|热门新闻|热门推荐|热点新闻|"
        r"猜你喜欢|更多新闻|最新闻|最新新闻|大家都在看|精彩推荐|热门文章|热文|排行榜|今日热点|你可能还喜欢)",
        "end",
        30,
    ),
    _r(
        "comment widget",
        r"^(?:评论|发表评论|网友评论|我要评论|全部评论|热门评论|最新评论|评论区)\s*(?:[(（]\d+[)）])?$|暂无评论|快来评论|发表你的看法",
        "end",
        40,
    ),
    _r(
        "reporting centre",
        r"违法和?不良信息举报|举报中心|举报电话|举报邮箱|ICP备|ICP证|公网安备|网安备",
        "end",
        60,
    ),
    # -- page furniture anywhere ("drop") ------------------------------------------------
    _r("separator", r"^[\W_]*$", "drop", 200),
    _r(
        "navigation",
        r"^(?:正在阅读|当前位置|您的位置|您现在的位置|首页\s*[>›/»]|上一篇|下一篇|上一页|下一页|点击进入)",
        "drop",
        60,
        prose_ok=False,
    ),
    # A site menu: three or more short items between bars (首页 | 新闻 | 体育); a title with one
    # bar before the outlet name has long parts and is not matched.
    _r("navigation", r"^\s*[^\s|｜]{1,5}(?:\s*[|｜]\s*[^\s|｜]{1,5}){2,}\s*[|｜]?\s*$", "drop", 80),
    _r(
        "app prompt",
        r"扫一扫|扫码|下载.{0,12}(?:APP|App|app|客户端)|打开.{0,12}(?:APP|App|app|客户端)|^下载\S{0,12}$",
        "drop",
        40,
        prose_ok=False,
    ),
    _r(
        "share button",
        r"^(?:微信公众号|微信|微博|新浪微博|分享到?|分享至|QQ空间|QQ|朋友圈|收藏|点赞|打印|字号|关闭窗口|"
        r"返回顶部|返回首页|返回|举报|复制链接|大|中|小|A\+|A-|更多)[:：]?\s*$",
        "drop",
        12,
    ),
    _r(
        "read more",
        r"阅读全文|查看全文|点击查看|展开全文|查看更多|加载更多|点击阅读|继续阅读|更多>>",
        "drop",
        20,
        prose_ok=False,
    ),
    _r(
        "url line",
        r"^(?:(?:原文链接|原文地址|本文链接|来源链接|原文|链接|URL)\s*[:：]?\s*)?https?://\S+$",
        "drop",
        400,
        prose_ok=False,
    ),
    _r("tags line", r"^(?:标签|关键词|关键字|Tags?)\s*[:：]", "drop", 80, prose_ok=False),
    _r(
        "source line",
        r"^(?:来源|稿源|发布时间|发布日期|发表时间|更新时间|时间)\s*[:：]"
        r"|^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s+(?:\d{1,2}:\d{2}(?::\d{2})?\s+)?(?:来源|稿源|作者)[:：]",
        "drop",
        60,
        prose_ok=False,
    ),
    _r(
        "list timestamp",
        r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s+\S{0,16})?\s*-?$",
        "drop",
        40,
    ),
    _r(
        "comment count",
        r"(?:评论|跟帖)\s*[(（]?\d+[)）]?(?!\d)|\d+\s*(?:条评论|人评论|人参与)",
        "drop",
        100,
        prose_ok=False,
    ),
    _r("truncated teaser", r"(?:[^.]\.\.\.|[^…]…)$", "drop", 200),
]

#: Photo captions: a credit at the end, or a caption opener at the start (blocks ≤ 200 chars).
CAPTION_PATTERNS = [
    re.compile(r"图片来源\s*[:：]\s*\S{1,24}$"),
    re.compile(r"[（(]\s*(?:图|图片|照片)\s*(?:取自|自|源自|来源|来自|源|由|/|／|:|：)[^()（）]{1,30}[)）]$"),
    re.compile(r"(?:^|\s)(?:图自|图源|图片来自|图/|图／)\s*\S{1,16}$"),
    re.compile(r"[（(][^()（）]{1,24}(?:摄|供图|提供|/摄|拍摄)[)）]$"),
    re.compile(r"^(?:图为|图说|资料图|示意图|图[:：/／])"),
]

#: Sentence-final punctuation: a block ending with one of these is prose, not a heading.
SENTENCE_END = "。！？!?…”」』；;"
_HAS_SENTENCE_PUNCT = re.compile(r"[。！？!?]")


@dataclass(slots=True)
class Classified:
    """The article's blocks with their kinds, and what was dropped (with the reason)."""

    kept: list[tuple[Block, SegmentKind]] = field(default_factory=list)
    dropped: list[tuple[Block, str]] = field(default_factory=list)
    header_meta: list[str] = field(default_factory=list)  # source/date lines before the body
    urls: list[str] = field(default_factory=list)  # "原文链接：https://…" lines


def match_rule(text: str) -> Rule | None:
    """The first :data:`RULES` entry that matches ``text``."""
    for rule in RULES:
        if len(text) > rule.max_len or (not rule.prose_ok and "。" in text):
            continue
        if rule.pattern.search(text):
            return rule
    return None


def is_caption(text: str) -> bool:
    return len(text) <= 200 and any(p.search(text) for p in CAPTION_PATTERNS)


#: Rules whose blocks are items of link lists (teasers); their density marks a list zone.
TEASER_RULES = frozenset({"list timestamp", "comment count", "read more", "truncated teaser"})
#: How far (in blocks) to look for teasers around a block, and how many make a list zone.
LIST_WINDOW = 2
LIST_MIN_TEASERS = 2
#: This many headline-like blocks in a row after the body has begun are a link list.
HEADLINE_RUN = 3
_LIST_MARKER = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|\d{1,2}[、.)）]|[（(][一二三四五六七八九十\d]+[)）]|[-*•·])"
)


def _headline_like(block: Block) -> bool:
    """A short line without a full stop: a heading, or a link in a list of headlines."""
    text = block.key
    return (
        block.hint is None
        and len(text) <= 40
        and "。" not in text
        and not _LIST_MARKER.match(text)
        and not is_caption(text)
        and parse_byline(text) is None
    )


def _list_items(live: list[Block], rules: list[Rule | None]) -> set[int]:
    """Indexes of blocks that are items of link lists (see the module docstring, rule 2)."""
    names = [r.name if r is not None else None for r in rules]
    teaser = [n in TEASER_RULES for n in names]
    items: set[int] = set()
    # next_real[i]: the first block after i that is not a separator line (-1: none).
    next_real = [-1] * len(live)
    following = -1
    for k in range(len(live) - 1, -1, -1):
        next_real[k] = following
        if names[k] != "separator":
            following = k
    for i, block in enumerate(live):
        if rules[i] is not None or block.hint is not None or len(block.key) > 80:
            continue
        lo, hi = max(0, i - LIST_WINDOW), min(len(live), i + LIST_WINDOW + 1)
        near = sum(teaser[k] for k in range(lo, hi) if k != i)
        nxt = next_real[i]
        followed = nxt != -1 and teaser[nxt] and not _HAS_SENTENCE_PUNCT.search(block.key[-1:])
        if near >= LIST_MIN_TEASERS or (followed and len(block.key) <= 50):
            items.add(i)
    # Runs of headline-like blocks after the first prose paragraph (separators ignored).
    first_prose = next((i for i, b in enumerate(live) if rules[i] is None and _bodyish(b.key)), len(live))
    run: list[int] = []
    for i in [*range(first_prose + 1, len(live)), -1]:
        if i >= 0 and names[i] == "separator":
            continue
        if i >= 0 and rules[i] is None and _headline_like(live[i]):
            run.append(i)
            continue
        if len(run) >= HEADLINE_RUN:
            items.update(run)
        run = []
    return items


def _titleish(text: str) -> bool:
    return 4 <= len(text) <= 80 and not text.endswith(("。", "；", ";")) and _cjk_count(text) >= 4


def _cjk_count(text: str) -> int:
    return sum(1 for c in text if "\u4e00" <= c <= "\u9fff")


def _bodyish(text: str) -> bool:
    return len(text) >= 40 and bool(_HAS_SENTENCE_PUNCT.search(text))


def _effective_rule(block: Block) -> Rule | None:
    rule = match_rule(block.key)
    if rule is not None and rule.name == "truncated teaser" and block.hint is not None:
        return None  # a structural block (heading, quote…) ending in "…" is not a teaser
    return rule


def classify_blocks(blocks: list[Block]) -> Classified:
    """Keep the article's blocks (normalized, in order) with their kinds; drop the rest.

    Structure can be wrong (a wrapper ``<div class="main comments-on">`` looks like a comment
    widget): when the structural furniture marks leave no body at all, they are ignored.
    """
    out = _classify(blocks)
    if not any(k is SegmentKind.BODY for _, k in out.kept) and any(b.chrome for b in blocks):
        unmarked = [Block(b.source, hint=b.hint, text=b.text, map=b.map, key=b.key) for b in blocks]
        retry = _classify(unmarked)
        if any(k is SegmentKind.BODY for _, k in retry.kept):
            return retry
    return out


def _classify(blocks: list[Block]) -> Classified:
    out = Classified()
    seen: set[str] = set()
    body_started = False
    # A title marked by structure (front matter, the headline <h1>) wins over any guess.
    have_title = False
    title_marked = any(b.hint is SegmentKind.TITLE and b.key for b in blocks)
    byline_seen = False
    ended = False
    live = [b for b in blocks if b.key]
    rules = [None if b.hint is SegmentKind.TITLE else _effective_rule(b) for b in live]
    list_items = _list_items(live, rules)
    for i, block in enumerate(live):
        text = block.key
        if ended:
            out.dropped.append((block, "after the end of the article"))
            continue
        if block.chrome:
            out.dropped.append((block, "page furniture (by structure)"))
            continue
        if block.hint is SegmentKind.TITLE:
            if not have_title:
                have_title = True
                seen.add(text)
                out.kept.append((block, SegmentKind.TITLE))
            else:
                out.dropped.append((block, "second title"))
            continue
        rule = rules[i]
        if rule is not None:
            if rule.action == "end" and body_started:
                ended = True
                out.dropped.append((block, f"end of article: {rule.name}"))
                continue
            out.dropped.append((block, rule.name))
            if rule.name in ("source line", "list timestamp") and not body_started:
                out.header_meta.append(text)
            elif rule.name == "url line":
                out.urls.append(text)
            continue
        if i in list_items:
            out.dropped.append((block, "link list item"))
            continue
        if text in seen and (len(text) >= 10 or parse_byline(text) is not None):
            out.dropped.append((block, "repeated block"))
            continue
        kind = _kind(
            block, body_started=body_started, have_title=have_title or title_marked, byline_seen=byline_seen
        )
        if kind is None:
            out.dropped.append((block, "header fragment"))
            continue
        if kind is SegmentKind.TITLE:
            have_title = True
        elif kind is SegmentKind.BYLINE:
            byline_seen = True
        elif kind in (SegmentKind.BODY, SegmentKind.QUOTE, SegmentKind.LIST_ITEM):
            body_started = True
        seen.add(text)
        out.kept.append((block, kind))
    while out.kept and out.kept[-1][1] is SegmentKind.HEADING and out.kept[-1][0].hint is None:
        # A "heading" with nothing after it is a stray label of the page (e.g. a widget title).
        out.dropped.append((out.kept.pop()[0], "trailing fragment"))
    if not any(k is SegmentKind.BODY for _, k in out.kept):
        # A short text with no clear body: its prose lines are the body.
        out.kept = [(b, SegmentKind.BODY if k is SegmentKind.SUBTITLE else k) for b, k in out.kept]
    return out


def _kind(block: Block, *, body_started: bool, have_title: bool, byline_seen: bool) -> SegmentKind | None:
    text = block.key
    hint = block.hint
    if hint is SegmentKind.CAPTION or is_caption(text):
        return SegmentKind.CAPTION
    if parse_byline(text) is not None:
        return SegmentKind.BYLINE
    if hint is SegmentKind.HEADING:
        return SegmentKind.HEADING if (body_started or have_title) else SegmentKind.TITLE
    if hint is not None:
        return hint
    if not body_started:
        if not have_title and _titleish(text):
            return SegmentKind.TITLE
        if _bodyish(text) or byline_seen or (have_title and len(text) > 60):
            return SegmentKind.BODY
        if _cjk_count(text) < 6 and not _HAS_SENTENCE_PUNCT.search(text):
            return None
        return SegmentKind.SUBTITLE
    if len(text) <= 30 and not text.endswith(tuple(SENTENCE_END)) and not re.search(r"[，,：:]", text):
        return SegmentKind.HEADING
    return SegmentKind.BODY
