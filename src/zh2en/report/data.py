"""The QA report's data: one JSON-able dict built from a batch of annotated Articles.

Pipeline position: last stage (… → check → **report**). The HTML, JSON and Markdown renderers
all read this one dict, so the three views never disagree. Nothing here renders or escapes;
that is the renderers' job.

Shape (``schema`` = :data:`REPORT_SCHEMA`)::

    {"schema", "signature", "signature_string", "generated",
     "summary": {"articles", "segments", "findings", "by_severity", "by_check",
                 "by_check_severity": [{"check", "title", "info", "warning", "error", "total"}]},
     "consistency": [{"entry_id", "source", "expected", "renderings": [{"text", "count"}],
                      "missing", "articles", "occurrences", "consistent"}],
     "ledger": {"totals": {status: n}, "entries": [{"entry_id", "source", "expected",
                status: n, ..., "total"}]},
     "articles": [Article.to_dict(), ...]}
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any, cast

from zh2en.document import Article, Severity, TermStatus
from zh2en.errors import InputError
from zh2en.signature import signature_string

REPORT_SCHEMA = "zh2en.qa-report/1"
SEVERITIES = [s.value for s in sorted(Severity, key=lambda s: s.rank)]
STATUSES = [s.value for s in TermStatus]


def check_titles() -> dict[str, str]:
    """Titles of the registered checks (first docstring line), when the checks are installed."""
    try:
        from zh2en.checks import list_checks  # type: ignore[attr-defined, unused-ignore]
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
    """Each glossary entity → the renderings found in the targets, with counts.

    Uses the checks' builder (``zh2en.checks.term_consistency_table``, which reads the term
    matches and targets, so it works on translations from elsewhere too) when the checks are
    installed; otherwise falls back to :func:`ledger_consistency_table`. Rows::

        {"entry_id", "source", "expected", "renderings": [{"text", "count"}], "missing",
         "articles", "occurrences", "consistent"}
    """
    try:
        from zh2en.checks import term_consistency_table  # type: ignore[attr-defined, unused-ignore]
    except ImportError:
        return ledger_consistency_table(articles)
    rows = []
    for row in term_consistency_table(list(articles)):
        d = row.to_dict()
        renderings = cast(dict[str, int], d["renderings"])
        missing = int(cast(int, d["missing"]))
        rows.append(
            {
                "entry_id": d["entry_id"],
                "source": d["source"],
                "expected": d["expected"],
                "renderings": [
                    {"text": t, "count": n}
                    for t, n in sorted(renderings.items(), key=lambda kv: (-kv[1], kv[0]))
                ],
                "missing": missing,
                "articles": list(cast(list[str], d["articles"])),
                "occurrences": sum(renderings.values()) + missing,
                "consistent": bool(d["consistent"]),
            }
        )
    return rows


def consistency_status(row: dict[str, Any]) -> str:
    """How a consistency row reads to a reviewer: ``inconsistent``, ``not the glossary's
    English`` (one rendering everywhere, but not the expected one), or ``consistent``."""
    if not row.get("consistent"):
        return "inconsistent"
    found = {str(x["text"]).lower() for x in row.get("renderings") or []}
    if found and found != {str(row.get("expected", "")).lower()}:
        return "not the glossary's English"
    return "consistent"


def ledger_consistency_table(articles: Sequence[Article]) -> list[dict[str, Any]]:
    """The consistency table from the term ledger alone (``LedgerEntry.found``).

    An entity is *consistent* when all its found renderings are one string (case ignored).
    Inconsistent entities come first.
    """
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    missing: Counter[str] = Counter()
    where: dict[str, list[str]] = defaultdict(list)
    info: dict[str, tuple[str, str]] = {}
    for art in articles:
        for seg in art.segments:
            for e in seg.ledger:
                if e.found:
                    counts[e.entry_id][e.found] += 1
                else:
                    missing[e.entry_id] += 1
                if art.id not in where[e.entry_id]:
                    where[e.entry_id].append(art.id)
                info.setdefault(e.entry_id, (e.source, e.expected))
    rows: list[dict[str, Any]] = []
    for entry_id, (source, expected) in info.items():
        c = counts[entry_id]
        rows.append(
            {
                "entry_id": entry_id,
                "source": source,
                "expected": expected,
                "renderings": [
                    {"text": t, "count": n} for t, n in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))
                ],
                "missing": missing[entry_id],
                "articles": where[entry_id],
                "occurrences": sum(c.values()) + missing[entry_id],
                "consistent": len({t.lower() for t in c}) <= 1,
            }
        )
    rows.sort(key=lambda r: (bool(r["consistent"]), str(r["entry_id"])))
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
