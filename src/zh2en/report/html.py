"""The QA report as one self-contained HTML page.

Pipeline position: renderer of :func:`zh2en.report.data.build_report`'s dict.

Security rules (every article is hostile; the seeds contain raw HTML):
- every piece of data goes through :func:`esc` (``html.escape(quote=True)``) — text and
  attribute values alike; nothing from the data is ever inserted unescaped;
- the data index for the filters sits in a ``<script type="application/json">`` block written
  by :func:`json_for_script`, which escapes ``<``, ``>``, ``&`` and U+2028/2029 so ``</script>``
  or ``<!--`` in the data cannot end the block;
- a Content-Security-Policy meta allows only this page's own inline script and style, by
  sha256 hash; ``default-src 'none'`` blocks every fetch (images, fonts, frames, connections),
  so even markup that slipped through could neither run nor phone home;
- no inline event handlers or ``style=`` attributes (CSP would block them).
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import json
from functools import cache
from importlib import resources
from typing import Any

from zh2en.document import Severity, TermStatus
from zh2en.report.data import consistency_status

SEV_RANK = {s.value: s.rank for s in Severity}
STATUSES = frozenset(s.value for s in TermStatus)
SEV_ORDER = sorted(SEV_RANK, key=lambda s: -SEV_RANK[s])  # error, warning, info


def esc(value: object) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return html.escape("" if value is None else str(value), quote=True)


def json_for_script(obj: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">`` (no ``</script>``, ``<!--``)."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


@cache
def _asset(name: str) -> str:
    return resources.files("zh2en.report").joinpath(name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


# -- highlighting -------------------------------------------------------------------


class _Span:
    __slots__ = ("classes", "end", "fids", "start", "titles")

    def __init__(self, start: int, end: int, classes: list[str], title: str, fids: list[str]) -> None:
        self.start, self.end, self.classes, self.titles, self.fids = start, end, classes, [title], fids


def _valid_span(span: Any, length: int) -> tuple[int, int] | None:
    """A ``(start, end)`` clamped to the text, or None for a missing/garbled span."""
    try:
        start, end = int(span[0]), int(span[1])
    except (TypeError, ValueError, IndexError):
        return None
    start, end = max(0, min(start, length)), max(0, min(end, length))
    return (start, end) if end > start else None


def highlight(text: str, spans: list[_Span]) -> str:
    """``text`` escaped, with overlapping spans rendered as non-nested ``<mark>`` pieces."""
    if not spans:
        return esc(text)
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    parts: list[str] = []
    for a, b in itertools.pairwise(cuts):
        piece = text[a:b]
        active = [s for s in spans if s.start <= a and b <= s.end]
        if not active:
            parts.append(esc(piece))
            continue
        classes: list[str] = []
        titles: list[str] = []
        fids: list[str] = []
        for s in active:
            classes += [c for c in s.classes if c not in classes]
            titles += [t for t in s.titles if t and t not in titles]
            fids += [f for f in s.fids if f not in fids]
        # One severity class: the worst among the findings covering this piece.
        sevs = [c for c in classes if c.startswith("sev-")]
        if sevs:
            worst = max(sevs, key=lambda c: SEV_RANK.get(c[4:], 0))
            classes = [c for c in classes if not c.startswith("sev-")] + [worst]
        attrs = f' class="{esc(" ".join(classes))}"'
        if titles:
            attrs += f' title="{esc("; ".join(titles))}"'
        if fids:
            attrs += f' data-f="{esc(" ".join(fids))}"'
        parts.append(f"<mark{attrs}>{esc(piece)}</mark>")
    return "".join(parts)


# -- page parts -----------------------------------------------------------------------


def _severity(value: Any) -> str:
    v = str(value)
    return v if v in SEV_RANK else "info"


def _finding_li(f: dict[str, Any], fid: str) -> str:
    sev = _severity(f.get("severity"))
    spans = []
    if f.get("source_span"):
        spans.append(f"source {esc(f['source_span'][0])}–{esc(f['source_span'][1])}")
    if f.get("target_span"):
        spans.append(f"target {esc(f['target_span'][0])}–{esc(f['target_span'][1])}")
    out = [
        f'<li class="finding sev-{sev}" id="{fid}" data-check="{esc(f.get("check"))}" '
        f'data-rank="{SEV_RANK[sev]}"><span class="badge sev-{sev}">{sev}</span>',
        f"<code>{esc(f.get('check'))}</code> {esc(f.get('message'))}",
    ]
    if spans:
        out.append(f' <span class="spans">({"; ".join(spans)})</span>')
    if f.get("suggestion"):
        out.append(f'<span class="fix">{esc(f["suggestion"])}</span>')
    out.append("</li>")
    return "".join(out)


class _Page:
    """Accumulates the page and the JSON index of findings used by the filters."""

    def __init__(self, report: dict[str, Any]) -> None:
        self.report = report
        self.findings_index: list[dict[str, Any]] = []
        self._n = 0

    def _fid(self, f: dict[str, Any], article: int, segment: int | None) -> str:
        fid = f"f{self._n}"
        self._n += 1
        sev = _severity(f.get("severity"))
        self.findings_index.append(
            {
                "id": fid,
                "article": article,
                "segment": segment,
                "check": str(f.get("check")),
                "severity": sev,
                "rank": SEV_RANK[sev],
                "message": str(f.get("message")),
            }
        )
        return fid

    # -- sections --

    def header(self) -> str:
        r = self.report
        sig = r.get("signature") or {}
        rows = "".join(
            f"<dt>{esc(k)}</dt><dd>{esc(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))}</dd>"
            for k, v in sig.items()
        )
        return (
            '<header class="top"><h1>zh2en QA report</h1>'
            '<div class="sig"><span>Signature: </span>'
            f'<code id="signature">{esc(r.get("signature_string"))}</code>'
            f" · generated {esc(r.get('generated'))}"
            f"<details><summary>Run details</summary><dl>{rows}</dl></details></div></header>"
        )

    def filters(self) -> str:
        s = self.report["summary"]
        checks = "".join(
            f'<option value="{esc(c)}">{esc(c)} ({esc(n)})</option>' for c, n in s["by_check"].items()
        )
        arts = "".join(
            f'<option value="{i}">{esc(self._title(a))} ({len(self._all_findings(a))})</option>'
            for i, a in enumerate(self.report["articles"])
        )
        return (
            '<form class="filters" id="filters" role="search" aria-label="Filter findings">'
            f'<label>Check <select id="f-check"><option value="">all checks</option>{checks}</select></label>'
            '<label>Severity <select id="f-sev"><option value="0">info and above</option>'
            '<option value="1">warnings and errors</option><option value="2">errors only</option>'
            "</select></label>"
            '<label>Article <select id="f-article"><option value="">all articles</option>'
            f"{arts}</select></label>"
            '<label><input type="checkbox" id="f-only"> only segments with findings</label>'
            '<button type="button" class="link" id="f-reset">reset</button>'
            '<output id="f-count" aria-live="polite"></output></form>'
        )

    def summary(self) -> str:
        s = self.report["summary"]
        cards = [
            f'<div class="card"><b>{s["articles"]}</b>articles</div>',
            f'<div class="card"><b>{s["segments"]}</b>segments</div>',
            f'<div class="card"><b>{s["findings"]}</b>findings</div>',
        ]
        for sev in SEV_ORDER:
            cards.append(f'<div class="card {sev}"><b>{s["by_severity"].get(sev, 0)}</b>{sev}</div>')
        rows = []
        for row in s["by_check_severity"]:
            cells = []
            for sev in SEV_ORDER:
                n = row.get(sev, 0)
                cells.append(
                    f'<td class="n"><button type="button" class="link" data-check="{esc(row["check"])}" '
                    f'data-rank="{SEV_RANK[sev]}">{n}</button></td>'
                    if n
                    else '<td class="n">0</td>'
                )
            bad = " row-bad" if row.get("error") else ""
            rows.append(
                f'<tr class="{bad.strip()}"><td><button type="button" class="link" '
                f'data-check="{esc(row["check"])}" '
                f'data-rank="0"><code>{esc(row["check"])}</code></button>'
                + (f"<br><small>{esc(row['title'])}</small>" if row.get("title") else "")
                + f"</td>{''.join(cells)}<td class='n'>{row['total']}</td></tr>"
            )
        table = (
            '<div class="table-wrap"><table id="summary-table"><thead><tr><th>Check</th>'
            + "".join(f'<th class="n">{sev}</th>' for sev in SEV_ORDER)
            + '<th class="n">total</th></tr></thead><tbody>'
            + ("".join(rows) or '<tr><td colspan="5">No findings.</td></tr>')
            + "</tbody></table></div>"
        )
        return (
            '<section id="summary"><h2>Summary</h2><div class="cards">'
            + "".join(cards)
            + "</div>"
            + table
            + "</section>"
        )

    def toc(self) -> str:
        items = []
        for i, a in enumerate(self.report["articles"]):
            fs = self._all_findings(a)
            errs = sum(1 for f in fs if _severity(f.get("severity")) == "error")
            items.append(
                f'<li><a href="#art{i}">{esc(self._title(a))}</a> <span class="count">'
                f"— {len(a.get('segments', []))} segments, {len(fs)} findings"
                + (f', <span class="bad">{errs} error{"s" if errs > 1 else ""}</span>' if errs else "")
                + "</span></li>"
            )
        return f'<nav class="toc" id="toc"><h2>Articles</h2><ol>{"".join(items)}</ol></nav>'

    def consistency(self) -> str:
        rows = []
        for r in self.report["consistency"]:
            rend = "".join(
                f'<span class="rendering">{esc(x["text"])} <span class="count">×{x["count"]}</span></span>'
                for x in r["renderings"]
            )
            if r.get("missing"):
                rend += (
                    f'<span class="rendering bad">not found <span class="count">×{r["missing"]}</span></span>'
                )
            label = consistency_status(r)
            good = label == "consistent"
            status = f'<span class="{"ok" if good else "bad"}">{esc(label)}</span>'
            arts = r.get("articles") or []
            rows.append(
                f'<tr class="{"" if good else "row-bad"}"><td lang="zh">{esc(r["source"])}'
                f"<br><small><code>{esc(r['entry_id'])}</code></small></td><td>{esc(r['expected'])}</td>"
                f'<td>{rend}</td><td class="n">{r["occurrences"]}</td>'
                f'<td class="n" title="{esc(", ".join(map(str, arts)))}">{len(arts)}</td>'
                f"<td>{status}</td></tr>"
            )
        body = "".join(rows) or '<tr><td colspan="6">No glossary terms found in the sources.</td></tr>'
        return (
            '<section id="consistency"><h2>Term consistency</h2>'
            "<p class='legend'>Each glossary entity and the English renderings found for it "
            "across the batch.</p>"
            '<div class="table-wrap"><table id="consistency-table"><thead><tr>'
            "<th>Entity</th><th>Expected</th>"
            '<th>Renderings found</th><th class="n">Occurrences</th><th class="n">Articles</th>'
            f"<th>Status</th></tr></thead><tbody>{body}</tbody></table></div></section>"
        )

    def ledger(self) -> str:
        led = self.report["ledger"]
        statuses = list(led["totals"])
        head = "".join(f'<th class="n">{esc(s)}</th>' for s in statuses)
        rows = []
        for e in led["entries"]:
            cells = "".join(f'<td class="n">{e.get(s, 0)}</td>' for s in statuses)
            bad = "row-bad" if e.get("missing") or e.get("forbidden") else ""
            rows.append(
                f'<tr class="{bad}"><td lang="zh">{esc(e["source"])}<br><small><code>{esc(e["entry_id"])}'
                f"</code></small></td><td>{esc(e['expected'])}</td>{cells}"
                f'<td class="n">{e["total"]}</td></tr>'
            )
        total_cells = "".join(f'<td class="n"><b>{led["totals"][s]}</b></td>' for s in statuses)
        total = sum(led["totals"].values())
        body = "".join(rows) or f'<tr><td colspan="{len(statuses) + 3}">No ledger entries.</td></tr>'
        return (
            '<section id="ledger"><h2>Term ledger</h2>'
            '<div class="table-wrap"><table id="ledger-table"><thead><tr><th>Entity</th><th>Expected</th>'
            f'{head}<th class="n">total</th></tr></thead><tbody>{body}</tbody>'
            f'<tfoot><tr><td colspan="2"><b>All terms</b></td>{total_cells}<td class="n"><b>{total}</b></td>'
            "</tr></tfoot></table></div></section>"
        )

    def article(self, i: int, a: dict[str, Any]) -> str:
        meta = a.get("metadata") or {}
        bits = [f"<code>{esc(a.get('id'))}</code>"]
        for key in ("date", "outlet", "author"):
            if meta.get(key):
                bits.append(esc(meta[key]))
        if a.get("source_path"):
            bits.append(f"from {esc(a['source_path'])}")
        fs = self._all_findings(a)
        bits.append(f"{len(a.get('segments', []))} segments, {len(fs)} findings")
        art_findings = "".join(_finding_li(f, self._fid(f, i, None)) for f in a.get("findings", []))
        segs = "".join(self.segment(i, s) for s in a.get("segments", []))
        return (
            f'<section class="article" id="art{i}" data-article="{i}">'
            f'<h2 lang="zh">{esc(self._title(a))}</h2><p class="art-meta">{" · ".join(bits)}</p>'
            + (f'<ul class="art-findings">{art_findings}</ul>' if art_findings else "")
            + '<div class="seg-head" aria-hidden="true"><span>#</span><span>Source</span>'
            + "<span>Target</span></div>"
            + segs
            + '<p class="no-print"><a href="#toc">↑ articles</a></p></section>'
        )

    def segment(self, i: int, s: dict[str, Any]) -> str:
        text = str(s.get("text") or "")
        target = s.get("target")
        tgt = "" if target is None else str(target)
        src_spans: list[_Span] = []
        tgt_spans: list[_Span] = []
        for t in s.get("terms", []):
            sp = _valid_span((t.get("start"), t.get("end")), len(text))
            if sp:
                src_spans.append(_Span(*sp, ["term"], f"{t.get('surface')} → {t.get('target')}", []))
        for e in s.get("ledger", []):
            sp = _valid_span((e.get("target_start"), e.get("target_end")), len(tgt))
            if sp:
                status = str(e.get("status"))
                title = f"{e.get('source')} → {e.get('expected')} ({status})"
                cls = f"st-{status}" if status in STATUSES else "st-unknown"
                tgt_spans.append(_Span(*sp, ["term", cls], title, []))
        items = []
        worst = -1
        for f in s.get("findings", []):
            fid = self._fid(f, i, s.get("index"))
            sev = _severity(f.get("severity"))
            worst = max(worst, SEV_RANK[sev])
            items.append(_finding_li(f, fid))
            title = f"{sev}: {f.get('check')}"
            sp = _valid_span(f.get("source_span") or (), len(text))
            if sp:
                src_spans.append(_Span(*sp, ["hit", f"sev-{sev}"], title, [fid]))
            sp = _valid_span(f.get("target_span") or (), len(tgt))
            if sp:
                tgt_spans.append(_Span(*sp, ["hit", f"sev-{sev}"], title, [fid]))
        idx = esc(s.get("index"))
        anchor = f"art{i}-s{idx}"
        fids = " ".join(x["id"] for x in self.findings_index[len(self.findings_index) - len(items) :])
        classes = "seg"
        if items:
            classes += " flagged worst-" + SEV_ORDER[2 - worst]
        src_html = highlight(text, src_spans) if text else '<span class="empty">(empty)</span>'
        if target is None:
            tgt_html = '<span class="empty">(no translation)</span>'
        elif not tgt:
            tgt_html = '<span class="empty">(empty)</span>'
        else:
            tgt_html = highlight(tgt, tgt_spans)
        return (
            f'<div class="{classes}" id="{anchor}" data-article="{i}" data-f="{fids}">'
            f'<a class="idx" href="#{anchor}" title="link to this segment">{idx}'
            f'<span class="kind">{esc(s.get("kind"))}</span></a>'
            f'<div class="src" lang="zh">{src_html}</div><div class="tgt" lang="en">{tgt_html}</div>'
            + (f'<ul class="findings">{"".join(items)}</ul>' if items else "")
            + "</div>"
        )

    # -- helpers --

    @staticmethod
    def _title(a: dict[str, Any]) -> str:
        meta = a.get("metadata") or {}
        return str(meta.get("title") or a.get("id") or "untitled")

    @staticmethod
    def _all_findings(a: dict[str, Any]) -> list[dict[str, Any]]:
        out = list(a.get("findings", []))
        for s in a.get("segments", []):
            out.extend(s.get("findings", []))
        return out


def render_html(report: dict[str, Any]) -> str:
    """The whole page for a report dict from :func:`zh2en.report.data.build_report`."""
    page = _Page(report)
    header = page.header()
    summary = page.summary()
    toc = page.toc()
    consistency = page.consistency()
    ledger = page.ledger()
    articles = "".join(page.article(i, a) for i, a in enumerate(report["articles"]))
    filters = page.filters()
    css = _asset("report.css")
    js = _asset("report.js")
    data = {
        "schema": report.get("schema"),
        "signature": report.get("signature_string"),
        "summary": report["summary"],
        "articles": [
            {"index": i, "id": a.get("id"), "title": page._title(a)} for i, a in enumerate(report["articles"])
        ],
        "findings": page.findings_index,
    }
    csp = (
        f"default-src 'none'; script-src {_csp_hash(js)}; style-src {_csp_hash(css)}; "
        "img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'"
    )
    legend = (
        '<p class="legend no-print">Highlights: <mark class="term">glossary term</mark> '
        '<mark class="hit sev-error">error span</mark> <mark class="hit sev-warning">warning span</mark> '
        '<mark class="hit sev-info">info span</mark>. Hover a highlight for details.</p>'
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>zh2en QA report — {report['summary']['findings']} findings</title>"
        f"<style>{css}</style></head><body>"
        + header
        + filters
        + "<main>"
        + summary
        + toc
        + consistency
        + ledger
        + '<section id="articles"><h2>Articles, side by side</h2>'
        + legend
        + "</section>"
        + articles
        + "</main>"
        + f"<footer>zh2en QA report · {esc(report.get('signature_string'))}</footer>"
        + f'<script type="application/json" id="report-data">{json_for_script(data)}</script>'
        + f"<script>{js}</script></body></html>\n"
    )
