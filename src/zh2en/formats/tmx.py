"""TMX 1.4b translation memory exchange: one ``<tu>`` per segment.

Pipeline position: the write stage (and a reader for the ``file`` engine).

Written: ``<tmx version="1.4">`` with a header carrying every attribute TMX 1.4b requires
(creationtool, creationtoolversion, segtype, o-tmf, adminlang, srclang, datatype) and the
run signature as a ``<note>`` and ``x-zh2en-*`` props; each ``<tu tuid="<article>#<index>">``
holds props for the article, its date (which picks dated glossary rows when the file is
checked again), segment kind and term ledger, then a ``zh-CN`` and an ``en``
``<tuv>``. No creation dates, so the same run gives the same bytes.
Read with defusedxml (no external entities).
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any, ClassVar

from zh2en import __version__
from zh2en.document import Article
from zh2en.formats.xmlutil import XML_NS, element_text, parse_xml, xml_text
from zh2en.signature import signature_string
from zh2en.util import atomic_write_bytes

SRC_LANG = "zh-CN"
TGT_LANG = "en"
_LANG = f"{{{XML_NS}}}lang"


def tmx_bytes(articles: Sequence[Article], signature: dict[str, Any] | None = None) -> bytes:
    sig = signature or (articles[0].signature if articles else {})
    root = ET.Element("tmx", version="1.4")
    header = ET.SubElement(
        root,
        "header",
        {
            "creationtool": "zh2en",
            "creationtoolversion": __version__,
            "segtype": "sentence",
            "o-tmf": "zh2en-aligned-jsonl",
            "adminlang": "en",
            "srclang": SRC_LANG,
            "datatype": "plaintext",
        },
    )
    ET.SubElement(header, "note").text = xml_text(signature_string(sig) if sig else "zh2en")
    ET.SubElement(header, "prop", type="x-zh2en-signature").text = xml_text(
        json.dumps(sig, ensure_ascii=False, sort_keys=True)
    )
    body = ET.SubElement(root, "body")
    for article in articles:
        for seg in article.segments:
            tu = ET.SubElement(body, "tu", tuid=xml_text(f"{article.id}#{seg.index}"), srclang=SRC_LANG)
            ET.SubElement(tu, "prop", type="x-zh2en-article").text = xml_text(article.id)
            if article.metadata.date:  # chooses between dated glossary rows when re-checked
                ET.SubElement(tu, "prop", type="x-zh2en-date").text = xml_text(article.metadata.date)
            ET.SubElement(tu, "prop", type="x-zh2en-kind").text = str(seg.kind)
            for e in seg.ledger:
                note = f"{e.source} → {e.expected}: {e.status}"
                if e.repaired_from:
                    note += f" (repaired from {e.repaired_from})"
                ET.SubElement(tu, "prop", type="x-zh2en-term").text = xml_text(note)
            for lang, text in (
                (SRC_LANG, seg.text),
                (TGT_LANG, seg.target if seg.target is not None else seg.mt),
            ):
                tuv = ET.SubElement(tu, "tuv", {_LANG: lang})
                ET.SubElement(tuv, "seg").text = xml_text(text)
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def write_tmx(articles: Sequence[Article], path: str | os.PathLike[str], signature: dict[str, Any]) -> None:
    """Write ``articles`` as one TMX 1.4b file (atomically)."""
    atomic_write_bytes(path, tmx_bytes(articles, signature))


def read_tmx(path: str | os.PathLike[str]) -> list[tuple[str, str]]:
    """``(source, target)`` pairs of a TMX file (source = the header's srclang, else zh*)."""
    root = parse_xml(path)
    header = root.find("header")
    src = (header.get("srclang") if header is not None else None) or SRC_LANG
    pairs: list[tuple[str, str]] = []
    for tu in root.iter("tu"):
        source: str | None = None
        target: str | None = None
        for tuv in tu.findall("tuv"):
            lang = (tuv.get(_LANG) or tuv.get("lang") or "").lower()
            text = element_text(tuv.find("seg"))
            is_src = (
                lang == src.lower()
                or (src == "*all*" and lang.startswith("zh"))
                or (source is None and lang.startswith("zh") and not src.lower().startswith("zh"))
            )
            if is_src and source is None:
                source = text
            elif target is None:
                target = text
        if source is not None and target is not None:
            pairs.append((source, target))
    return pairs


def read_tmx_date(path: str | os.PathLike[str]) -> str | None:
    """The article date zh2en wrote into a TMX file (``x-zh2en-date`` prop), if any."""
    for prop in parse_xml(path).iter("prop"):
        if prop.get("type") == "x-zh2en-date" and (prop.text or "").strip():
            return (prop.text or "").strip()
    return None


class TmxWriter:
    """TMX 1.4b: one translation unit per segment, run signature in the header."""

    name: ClassVar[str] = "tmx"
    suffix: ClassVar[str] = ".tmx"

    def render(self, article: Article) -> bytes:
        return tmx_bytes([article], article.signature)

    def write(self, article: Article, path: Any) -> None:
        write_tmx([article], path, article.signature)
