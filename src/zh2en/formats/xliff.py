"""XLIFF 2.0 bilingual files: one ``<unit>`` per segment.

Pipeline position: the write stage (and a reader for the ``file`` engine).

Written: ``<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0"
srcLang="zh-CN" trgLang="en">``; one ``<file>`` per article (``id`` f1, f2…, ``original`` =
article id) whose ``<notes>`` carry the run signature and the article date (``zh2en-date``:
it picks dated glossary rows when the file is checked again); one ``<unit id="u<index>"
name="<article>#<index>">`` per segment with ``<notes>`` (segment kind, term ledger) before
its ``<segment state="translated">`` holding ``<source>`` and ``<target>`` — the element order
the XLIFF 2.0 schema requires. Read with defusedxml.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any, ClassVar

from zh2en.document import Article
from zh2en.formats.xmlutil import element_text, parse_xml, xml_text
from zh2en.signature import signature_string
from zh2en.util import atomic_write_bytes

NS = "urn:oasis:names:tc:xliff:document:2.0"
SRC_LANG = "zh-CN"
TGT_LANG = "en"


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def xliff_bytes(articles: Sequence[Article], signature: dict[str, Any] | None = None) -> bytes:
    ET.register_namespace("", NS)
    root = ET.Element(_q("xliff"), version="2.0", srcLang=SRC_LANG, trgLang=TGT_LANG)
    for n, article in enumerate(articles, 1):
        sig = signature or article.signature
        file_el = ET.SubElement(root, _q("file"), id=f"f{n}", original=xml_text(article.id))
        notes = ET.SubElement(file_el, _q("notes"))
        ET.SubElement(notes, _q("note"), category="zh2en-signature").text = xml_text(
            signature_string(sig) if sig else "zh2en"
        )
        ET.SubElement(notes, _q("note"), category="zh2en-signature-json").text = xml_text(
            json.dumps(sig, ensure_ascii=False, sort_keys=True)
        )
        if article.metadata.date:  # chooses between dated glossary rows when re-checked
            ET.SubElement(notes, _q("note"), category="zh2en-date").text = xml_text(article.metadata.date)
        for seg in article.segments:
            unit = ET.SubElement(
                file_el, _q("unit"), id=f"u{seg.index}", name=xml_text(f"{article.id}#{seg.index}")
            )
            unotes = ET.SubElement(unit, _q("notes"))
            ET.SubElement(unotes, _q("note"), category="kind").text = str(seg.kind)
            for e in seg.ledger:
                text = f"{e.source} → {e.expected}: {e.status}"
                if e.repaired_from:
                    text += f" (repaired from {e.repaired_from})"
                ET.SubElement(unotes, _q("note"), category="term").text = xml_text(text)
            target = seg.target if seg.target is not None else seg.mt
            segment = ET.SubElement(
                unit, _q("segment"), id=f"s{seg.index}", state="translated" if target else "initial"
            )
            ET.SubElement(segment, _q("source")).text = xml_text(seg.text)
            if target is not None:
                ET.SubElement(segment, _q("target")).text = xml_text(target)
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def write_xliff(articles: Sequence[Article], path: str | os.PathLike[str], signature: dict[str, Any]) -> None:
    """Write ``articles`` as one XLIFF 2.0 file (atomically)."""
    atomic_write_bytes(path, xliff_bytes(articles, signature))


def read_xliff(path: str | os.PathLike[str]) -> list[tuple[str, str]]:
    """``(source, target)`` pairs of every segment of an XLIFF 2.0 (or 1.2) file."""
    root = parse_xml(path)
    pairs: list[tuple[str, str]] = []
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag not in ("segment", "trans-unit"):
            continue
        src = tgt = None
        for child in el:
            ctag = child.tag.rsplit("}", 1)[-1]
            if ctag == "source":
                src = element_text(child)
            elif ctag == "target":
                tgt = element_text(child)
        if src is not None:
            pairs.append((src, tgt or ""))
    return pairs


def read_xliff_date(path: str | os.PathLike[str]) -> str | None:
    """The article date zh2en wrote into an XLIFF file (``zh2en-date`` note), if any."""
    for el in parse_xml(path).iter():
        is_date = el.tag.rsplit("}", 1)[-1] == "note" and el.get("category") == "zh2en-date"
        if is_date and (el.text or "").strip():
            return (el.text or "").strip()
    return None


class XliffWriter:
    """XLIFF 2.0: one unit per segment (zh-CN → en), run signature in the file notes."""

    name: ClassVar[str] = "xliff"
    suffix: ClassVar[str] = ".xlf"

    def render(self, article: Article) -> bytes:
        return xliff_bytes([article], article.signature)

    def write(self, article: Article, path: Any) -> None:
        write_xliff([article], path, article.signature)
