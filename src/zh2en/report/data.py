"""The QA report's data: one JSON-able dict built from a batch of annotated Articles.

Pipeline position: last stage (… → check → **report**). The HTML, JSON and Markdown renderers
all read this one dict, so the three views never disagree. Nothing here renders or escapes;
that is the renderers' job.

Shape (``schema`` = :data:`REPORT_SCHEMA`)::

    {"schema", "signature", "signature_string", "generated",
     "summary": {"articles", "segments", "findings", "by_severity", "by_check",
                 "by_check_severity": [{"check", "title", "info", "warning", "error", "total"}]},
     "consistency": [{"entry_id", "source", "expected", "renderings": [{"text", "count",
                      "articles"}], "occurrences", "consistent"}],
     "ledger": {"totals": {status: n}, "entries": [{"entry_id", "source", "expected",
                status: n, ..., "total"}]},
     "articles": [Article.to_dict(), ...]}
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from zh2en.document import Article, Severity, TermStatus
from zh2en.errors import InputError
from zh2en.signature import signature_string

REPORT_SCHEMA = "zh2en.qa-report/1"
SEVERITIES = [s.value for s in sorted(Severity, key=lambda s: s.rank)]
STATUSES = [s.value for s in TermStatus]
MISSING_RENDERING = "(not found)"


def check_titles() -> dict[str, str]:
    """Titles of the registered checks (first docstring line), when the checks are installed."""
    try:
        from zh2en.checks import list_checks  # type: ignore[attr-defined]
    except ImportError:
        return {}
    try:
        return {str(c.name): str(c.title) for c in list_checks()}
    except Exception:  # a broken plugin must not stop the report; titles are decoration
        return {}


def summarize(articles: Sequence[Article], titles: dict[str, str] | None = None) -> dict[str, Any]:
    """Counts by severity, by check and by (check, severity)."""
    titles = titles or {}
    by_sev: Counter[str] = Counter()
    by_check: Counter[str] = Counter()
    grid: dict[str, Counter[str]] = defaultdict(Counter)
    n_segments = 0
    for art in articles:
        n_segments += len(art.segments)
        for f in art.all_findings():
            sev = Severity(f.severity).value
            by_sev[sev] += 1
            by_check[f.check] += 1
            grid[f.check][sev] += 1
    rows = []
    # Worst checks first: by error count, then warnings, then name.
    for check in sorted(grid, key=lambda c: (-grid[c]["error"], -grid[c]["warning"], -grid[c]["info"], c)):
        row: dict[str, Any] = {"check": check, "title": titles.get(check, "")}
        for sev in SEVERITIES:
            row[sev] = grid[check][sev]
        row["total"] = sum(grid[check].values())
        rows.append(row)
    return {
        "articles": len(articles),
        "segments": n_segments,
        "findings": sum(by_sev.values()),
        "by_severity": {sev: by_sev[sev] for sev in SEVERITIES},
        "by_check": dict(sorted(by_check.items())),
        "by_check_severity": rows,
    }


def consistency_table(articles: Sequence[Article]) -> list[dict[str, Any]]:
    """Each glossary entity → the renderings found in the targets, with counts and articles.

    Built from the term ledger (``LedgerEntry.found``); an occurrence with no rendering found
    counts as :data:`MISSING_RENDERING`. An entity is *consistent* when all its found
    renderings are one string. Inconsistent entities come first.
    """
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    where: dict[tuple[str, str], set[str]] = defaultdict(set)
    info: dict[str, tuple[str, str]] = {}
    for art in articles:
        for seg in art.segments:
            for e in seg.ledger:
                text = e.found if e.found else MISSING_RENDERING
                counts[e.entry_id][text] += 1
                where[(e.entry_id, text)].add(art.id)
                info.setdefault(e.entry_id, (e.source, e.expected))
    rows: list[dict[str, Any]] = []
    for entry_id, c in counts.items():
        found = [t for t in c if t != MISSING_RENDERING]
        source, expected = info[entry_id]
        rows.append(
            {
                "entry_id": entry_id,
                "source": source,
                "expected": expected,
                "renderings": [
                    {"text": t, "count": n, "articles": sorted(where[(entry_id, t)])}
                    for t, n in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))
                ],
                "occurrences": sum(c.values()),
                "consistent": len(found) <= 1,
            }
        )
    rows.sort(key=lambda r: (bool(r["consistent"]), -int(r["occurrences"]), str(r["entry_id"])))
    return rows


def ledger_summary(articles: Sequence[Article]) -> dict[str, Any]:
    """Ledger counts by status, in total and per glossary entry."""
    totals: Counter[str] = Counter()
    per: dict[str, Counter[str]] = defaultdict(Counter)
    info: dict[str, tuple[str, str]] = {}
    for art in articles:
        for seg in art.segments:
            for e in seg.ledger:
                status = TermStatus(e.status).value
                totals[status] += 1
                per[e.entry_id][status] += 1
                info.setdefault(e.entry_id, (e.source, e.expected))
    entries = []
    for entry_id in sorted(per, key=lambda k: (-per[k]["missing"] - per[k]["forbidden"], k)):
        row: dict[str, Any] = {
            "entry_id": entry_id,
            "source": info[entry_id][0],
            "expected": info[entry_id][1],
        }
        for status in STATUSES:
            row[status] = per[entry_id][status]
        row["total"] = sum(per[entry_id].values())
        entries.append(row)
    return {"totals": {s: totals[s] for s in STATUSES}, "entries": entries}


def build_report(
    articles: Sequence[Article],
    *,
    signature: dict[str, Any],
    generated: str | None = None,
) -> dict[str, Any]:
    """The report dict for a batch (see the module docstring for its shape)."""
    titles = check_titles()
    if generated is None:
        generated = _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat()
    return {
        "schema": REPORT_SCHEMA,
        "generated": generated,
        "signature": signature,
        "signature_string": signature_string(signature),
        "check_titles": titles,
        "summary": summarize(articles, titles),
        "consistency": consistency_table(articles),
        "ledger": ledger_summary(articles),
        "articles": [a.to_dict() for a in articles],
    }


def articles_from_report(data: dict[str, Any]) -> list[Article]:
    """The Articles stored in a JSON report (the report round-trips them losslessly)."""
    if data.get("schema") != REPORT_SCHEMA:
        raise InputError(
            f"not a zh2en QA report: schema {data.get('schema')!r}, expected {REPORT_SCHEMA!r}",
            hint="pass the qa-report.json written by `zh2en check -o` or `zh2en translate`",
        )
    return [Article.from_dict(a) for a in data.get("articles", [])]
