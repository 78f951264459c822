"""Hand-built annotated Articles for the report tests (real seed sentences, planted findings).

Built by hand, not by the pipeline, so the report tests need neither the glossary matcher nor
the checks; every span is computed with ``str.find`` on the real text.
"""

from __future__ import annotations

from zh2en.document import (
    Article,
    Finding,
    LedgerEntry,
    Metadata,
    OffsetMap,
    Segment,
    SegmentKind,
    Severity,
    TermMatch,
    TermStatus,
)

XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "<script>alert(1)</script>"
XSS_BREAKOUT = "</script><!--<script>alert(2)</script>"

TERMS = {
    "托卡耶夫": ("tokayev", "Tokayev"),
    "集安组织": ("csto", "CSTO"),
    "阿拉木图": ("almaty", "Almaty"),
}


def make_segment(index: int, text: str, target: str | None, raw_start: int) -> Segment:
    seg = Segment(
        index=index,
        paragraph=index,
        kind=SegmentKind.BODY,
        text=text,
        start=raw_start,
        end=raw_start + len(text),
        offsets=OffsetMap.identity(len(text), raw_start),
        target=target,
    )
    for zh, (entry_id, en) in TERMS.items():
        i = text.find(zh)
        if i < 0:
            continue
        seg.terms.append(
            TermMatch(entry_id, zh, zh, i, i + len(zh), raw_start + i, raw_start + i + len(zh), en, "person")
        )
    return seg


def ledger(
    seg: Segment, entry_id: str, zh: str, expected: str, found: str | None, status: TermStatus
) -> None:
    j = seg.target.find(found) if (found and seg.target) else -1
    seg.ledger.append(
        LedgerEntry(
            entry_id,
            zh,
            expected,
            status,
            found=found,
            target_start=j if j >= 0 else None,
            target_end=j + len(found) if (j >= 0 and found) else None,
        )
    )


def article(article_id: str, pairs: list[tuple[str, str | None]], title: str | None = None) -> Article:
    raw = "\n".join(src for src, _ in pairs)
    art = Article(article_id, f"seeds/{article_id}.txt", raw, Metadata(title=title, date="2022-01-10"))
    pos = 0
    for i, (src, tgt) in enumerate(pairs):
        art.segments.append(make_segment(i, src, tgt, pos))
        pos += len(src) + 1
    return art


def sample_articles() -> list[Article]:
    """Two articles from seeds 000 and 004 with terms, ledger and findings, plus an XSS one."""
    a = article(
        "000_5dd8653ae8bdcf7d",
        [
            (
                "哈萨克斯坦总统托卡耶夫确认,哈国的骚乱是一场“未遂政变”,俄罗斯牵头的维和行动将很快结束。",
                'Kazakh President Tokayev confirmed that the unrest was an "attempted coup" and that '
                "the Russian-led peacekeeping operation would end soon.",
            ),
            (
                "卡林说,同时,集安组织部队不会在每个地区都参与维和。",
                "Karin said that CSTO troops would not take part in peacekeeping in every region.",
            ),
            ("", ""),
            (
                "哈萨克斯坦卫生部9日表示,这场骚乱已导致164人死亡,其中在阿拉木图有103人丧生。",
                "The health ministry said on the 9th that the unrest had killed 146 people, "
                "103 of them in Alma-Ata.",
            ),
        ],
        title="哈国高官:反恐由我们自己负责,集安组织维和部队今后将全部撤出",
    )
    s0, s1, _s2, s3 = a.segments
    ledger(s0, "tokayev", "托卡耶夫", "Tokayev", "Tokayev", TermStatus.APPLIED)
    ledger(s1, "csto", "集安组织", "CSTO", "CSTO", TermStatus.APPLIED)
    ledger(s3, "almaty", "阿拉木图", "Almaty", None, TermStatus.MISSING)
    i = s3.text.find("164")
    j = s3.target.find("146")
    s3.findings.append(
        Finding(
            "numbers",
            Severity.ERROR,
            "number 164 in the source is missing from the target (found 146)",
            segment=3,
            source_span=(i, i + 3),
            target_span=(j, j + 3),
            suggestion="164",
        )
    )
    k = s3.target.find("Alma-Ata")
    s3.findings.append(
        Finding(
            "terms",
            Severity.ERROR,
            "阿拉木图 should be rendered as Almaty",
            segment=3,
            source_span=(s3.text.find("阿拉木图"), s3.text.find("阿拉木图") + 4),
            target_span=(k, k + len("Alma-Ata")),
            suggestion="Almaty",
        )
    )
    s1.findings.append(Finding("style", Severity.INFO, "sentence starts with a reporting verb", segment=1))

    b = article(
        "004_1a589643b973e0eb",
        [
            (
                "哈萨克斯坦总统表示,集安组织维和部队将在两天后开始撤离,撤离将逐步进行,预计在10天内完成。",
                "Kazakhstan's president said the Collective Security Treaty Organization peacekeepers "
                "would begin withdrawing in two days, gradually, and finish within 10 days.",
            ),
            ("托卡耶夫在议会讲话中还宣布提名阿里汗·斯迈洛夫担任总理一职。", None),
        ],
        title="哈萨克斯坦总统宣布维和部队两天后撤离 俄罗斯回应 突厥国家组织声援",
    )
    b0, b1 = b.segments
    ledger(
        b0,
        "csto",
        "集安组织",
        "CSTO",
        "Collective Security Treaty Organization",
        TermStatus.FORBIDDEN,
    )
    ledger(b1, "tokayev", "托卡耶夫", "Tokayev", None, TermStatus.MISSING)
    k = b0.target.find("Collective")
    b0.findings.append(
        Finding(
            "terms",
            Severity.WARNING,
            "集安组织 rendered as 'Collective Security Treaty Organization'; elsewhere 'CSTO'",
            segment=0,
            target_span=(k, k + len("Collective Security Treaty Organization")),
            suggestion="CSTO",
        )
    )
    b1.findings.append(Finding("omission", Severity.ERROR, "target is missing", segment=1))
    b.findings.append(Finding("consistency", Severity.WARNING, "集安组织 rendered 2 ways in the batch"))

    x = article(
        "xss_<b>payload</b>",
        [
            (f"托卡耶夫说{XSS_IMG}。", f"Tokayev said {XSS_SCRIPT}."),
            (f"标题{XSS_BREAKOUT}", f"Title {XSS_BREAKOUT} & more"),
        ],
        title=f"注入 {XSS_IMG}{XSS_SCRIPT}",
    )
    x0, x1 = x.segments
    ledger(x0, "tokayev", "托卡耶夫", "Tokayev", "Tokayev", TermStatus.APPLIED)
    j = x0.target.find("<script>")
    x0.findings.append(
        Finding(
            "untranslated",
            Severity.WARNING,
            f"markup left in the target: {XSS_SCRIPT}",
            segment=0,
            source_span=(x0.text.find("<img"), x0.text.find("<img") + len(XSS_IMG)),
            target_span=(j, j + len(XSS_SCRIPT)),
            suggestion=XSS_IMG,
        )
    )
    x1.findings.append(Finding(f"check{XSS_IMG}", Severity.INFO, XSS_BREAKOUT, segment=1))
    return [a, b, x]


SIGNATURE = {
    "tool": "zh2en",
    "version": "0.1.0",
    "engine": "file",
    "glossary": "0123456789abcdef0123",
    "opencc": "t2s",
    "settings": {"note": XSS_SCRIPT},
}
