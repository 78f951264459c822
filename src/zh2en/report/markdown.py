"""The QA report as Markdown (for a ticket, a pull request or a plain-text reader).

Pipeline position: renderer of :func:`zh2en.report.data.build_report`'s dict. Article text
is escaped so a Markdown viewer shows it as text: ``& < >`` become entities (raw HTML in a
seed must not render) and Markdown punctuation is backslash-escaped.
"""

from __future__ import annotations

import html
import re
from typing import Any

from zh2en.report.data import consistency_status

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}()#+!|~])")


def md(value: object) -> str:
    """Escape a value for Markdown text and table cells (one line)."""
    text = "" if value is None else str(value)
    text = html.escape(text, quote=False)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return text.replace("\r", " ").replace("\n", " ")


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


def render_markdown(report: dict[str, Any]) -> str:
    """The report dict as a Markdown document."""
    s = report["summary"]
    lines = [
        "# zh2en QA report",
        "",
        f"Signature: {md(report.get('signature_string'))}  ",
        f"Generated: {md(report.get('generated'))}",
        "",
        "## Summary",
        "",
        f"{s['articles']} articles, {s['segments']} segments, {s['findings']} findings "
        f"({s['by_severity'].get('error', 0)} errors, {s['by_severity'].get('warning', 0)} warnings, "
        f"{s['by_severity'].get('info', 0)} info).",
        "",
    ]
    if s["by_check_severity"]:
        lines += _table(
            ["Check", "error", "warning", "info", "total"],
            [
                [md(r["check"]), str(r["error"]), str(r["warning"]), str(r["info"]), str(r["total"])]
                for r in s["by_check_severity"]
            ],
        )
        lines.append("")
    lines += ["## Term consistency", ""]
    if report["consistency"]:
        lines += _table(
            ["Entity", "Expected", "Renderings found", "Status"],
            [
                [
                    f"{md(r['source'])} ({md(r['entry_id'])})",
                    md(r["expected"]),
                    "; ".join(
                        [f"{md(x['text'])} ×{x['count']}" for x in r["renderings"]]
                        + ([f"not found ×{r['missing']}"] if r.get("missing") else [])
                    ),
                    "consistent" if (label := consistency_status(r)) == "consistent" else f"**{label}**",
                ]
                for r in report["consistency"]
            ],
        )
    else:
        lines.append("No glossary terms recorded in the ledger.")
    lines += ["", "## Term ledger", ""]
    led = report["ledger"]
    statuses = list(led["totals"])
    if led["entries"]:
        lines += _table(
            ["Entity", "Expected", *statuses, "total"],
            [
                [f"{md(e['source'])} ({md(e['entry_id'])})", md(e["expected"])]
                + [str(e[st]) for st in statuses]
                + [str(e["total"])]
                for e in led["entries"]
            ]
            + [
                ["**All terms**", ""]
                + [str(led["totals"][st]) for st in statuses]
                + [str(sum(led["totals"].values()))]
            ],
        )
    else:
        lines.append("No ledger entries.")
    lines += ["", "## Findings by article", ""]
    for a in report["articles"]:
        title = (a.get("metadata") or {}).get("title") or a.get("id")
        lines += [f"### {md(title)}", "", f"Article id: {md(a.get('id'))}", ""]
        any_finding = False
        for f in a.get("findings", []):
            any_finding = True
            lines.append(f"- **{md(f['severity'])}** `{md(f['check'])}`: {md(f['message'])}")
        for seg in a.get("segments", []):
            if not seg.get("findings"):
                continue
            any_finding = True
            lines += [
                f"- Segment {seg['index']}",
                f"  - source: {md(seg.get('text'))}",
                "  - target: "
                + (md(seg.get("target")) if seg.get("target") is not None else "*(no translation)*"),
            ]
            for f in seg["findings"]:
                fix = f" — suggested: {md(f['suggestion'])}" if f.get("suggestion") else ""
                lines.append(f"  - **{md(f['severity'])}** {md(f['check'])}: {md(f['message'])}{fix}")
        if not any_finding:
            lines.append("No findings.")
        lines.append("")
    return "\n".join(lines)
