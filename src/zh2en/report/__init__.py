"""The QA report editors review: one self-contained HTML page, plus JSON and Markdown.

Pipeline position: last stage (… → enforce terms → check → **report**). Written by
``zh2en translate`` and ``zh2en check -o``. :func:`write_report` is the entry point;
:func:`load_report` reads the JSON version back into Articles.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from zh2en.document import Article
from zh2en.errors import InputError
from zh2en.report.data import REPORT_SCHEMA, articles_from_report, build_report
from zh2en.report.html import render_html
from zh2en.report.markdown import render_markdown
from zh2en.util import atomic_write_text, safe_filename, safe_output_path

__all__ = ["REPORT_SCHEMA", "build_report", "load_report", "render_html", "render_markdown", "write_report"]


def write_report(
    articles: Sequence[Article],
    out_dir: str | os.PathLike[str],
    *,
    signature: dict[str, Any],
    name: str = "qa-report",
) -> list[Path]:
    """Write ``NAME.html``, ``NAME.json`` and ``NAME.md`` into ``out_dir``; return their paths.

    The three files come from one report dict, so they agree. Writes are atomic and never
    leave ``out_dir``.
    """
    report = build_report(list(articles), signature=signature)
    stem = safe_filename(name, fallback="qa-report")
    outputs = [
        (f"{stem}.html", render_html(report)),
        (f"{stem}.json", json.dumps(report, ensure_ascii=False, indent=1) + "\n"),
        (f"{stem}.md", render_markdown(report)),
    ]
    paths = []
    for filename, text in outputs:
        path = safe_output_path(out_dir, filename)
        try:
            atomic_write_text(path, text)
        except OSError as exc:
            raise InputError(
                f"cannot write the QA report to {path}: {exc.strerror or exc}",
                hint="choose an output folder you can write to (-o)",
            ) from exc
        paths.append(path)
    return paths


def load_report(path: str | os.PathLike[str]) -> tuple[list[Article], dict[str, Any]]:
    """Articles and signature from a JSON report written by :func:`write_report`."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return articles_from_report(data), dict(data.get("signature") or {})
