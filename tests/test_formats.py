"""One contract suite for every output format, plus the TMX/XLIFF structure CAT tools need."""

from __future__ import annotations

from pathlib import Path

import defusedxml.ElementTree as SafeET
import pytest

from pipeline_support import SEED_ARTICLE, FakeGlossary, make_article
from zh2en.document import Article, Finding, SegmentKind, Severity
from zh2en.errors import InputError
from zh2en.formats import FORMAT_NAMES, get_writer, parse_formats
from zh2en.formats.jsonl import read_article_jsonl, write_article_jsonl
from zh2en.formats.tmx import read_tmx
from zh2en.formats.xliff import NS, read_xliff
from zh2en.signature import make_signature, signature_string
from zh2en.stages.enforce import enforce_terms

XML = "{http://www.w3.org/XML/1998/namespace}lang"
SIG = make_signature(
    engine="dictionary",
    engine_signature={"name": "dictionary", "model": "builtin-word-table", "model_hash": "ab" * 32},
    glossary_hash="cd" * 32,
    opencc="t2s",
    settings={"beam_size": 4},
)


def translated(paragraphs: list[str] = SEED_ARTICLE) -> Article:
    article = make_article("003_56ee838238a0b77d", paragraphs)
    FakeGlossary().annotate(article)
    for seg in article.segments:
        seg.mt = f"Tokaev said sentence {seg.index} & more."
    enforce_terms(article)
    article.segments[1].findings.append(Finding("terms", Severity.WARNING, "check me", segment=1))
    article.signature = SIG
    return article


def hostile() -> Article:
    article = make_article("x", ["<script>alert('标题')</script>", "甲乙 & <b>丙</b>\u000b。第二句|管道。"])
    for seg in article.segments:
        seg.mt = 'He said "<img src=x onerror=alert(1)>" | and\nthen 🙂 left & \u0007 gone.'
    enforce_terms(article)
    article.signature = SIG
    return article


def empty() -> Article:
    article = Article("empty", None, "")
    article.signature = SIG
    return article


@pytest.mark.parametrize("name", FORMAT_NAMES)
@pytest.mark.parametrize("make", [translated, hostile, empty], ids=["seed", "hostile", "empty"])
def test_writer_contract(name: str, make: object, tmp_path: Path) -> None:
    article = make()  # type: ignore[operator]
    writer = get_writer(name)
    path = tmp_path / ("a" + writer.suffix)
    writer.write(article, path)
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")  # UTF-8 without BOM
    text = data.decode("utf-8")
    # The run signature travels with every output.
    assert "builtin-word-table" in text or signature_string(SIG) in text
    # Live markup from the input never survives in rendered or XML formats (JSONL is data).
    if name != "jsonl":
        assert "<script>" not in text and "<img" not in text
    # Deterministic: same article, same bytes (no timestamps).
    writer.write(article, tmp_path / ("b" + writer.suffix))
    assert (tmp_path / ("b" + writer.suffix)).read_bytes() == data
    if name in ("tmx", "xliff"):
        SafeET.fromstring(data)  # well-formed, control characters removed
    if name in ("markdown", "bilingual-md", "bilingual-html") and article.segments:
        assert "Tokayev" in text or "&lt;img" in text


def test_jsonl_round_trips_to_an_identical_article(tmp_path: Path) -> None:
    for article in (translated(), hostile(), empty()):
        path = tmp_path / "a.jsonl"
        write_article_jsonl(article, path)
        lines = path.read_text("utf-8").splitlines()
        assert len(lines) == 1 + len(article.segments)
        back = read_article_jsonl(path)
        assert back == article
        assert back.to_dict() == article.to_dict()


def test_jsonl_reads_bom_and_crlf(tmp_path: Path) -> None:
    article = translated()
    path = tmp_path / "a.jsonl"
    write_article_jsonl(article, path)
    text = path.read_text("utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert read_article_jsonl(path) == article


def test_jsonl_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"type": "article", "id": "a", "raw_text": ""}\n{oops\n', "utf-8")
    with pytest.raises(InputError, match=r"bad.jsonl:2"):
        read_article_jsonl(path)


def test_tmx_structure_and_round_trip(tmp_path: Path) -> None:
    article = translated()
    path = tmp_path / "a.tmx"
    get_writer("tmx").write(article, path)
    root = SafeET.parse(path).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header is not None
    for attr in (
        "creationtool",
        "creationtoolversion",
        "segtype",
        "o-tmf",
        "adminlang",
        "srclang",
        "datatype",
    ):
        assert header.get(attr), attr
    assert header.get("srclang") == "zh-CN"
    assert signature_string(SIG) in (header.findtext("note") or "")
    tus = root.findall("body/tu")
    assert len(tus) == len(article.segments)
    assert len({tu.get("tuid") for tu in tus}) == len(tus)
    for tu in tus:
        langs = [tuv.get(XML) for tuv in tu.findall("tuv")]
        assert langs == ["zh-CN", "en"]
        assert all(tuv.find("seg") is not None for tuv in tu.findall("tuv"))
        # TMX order inside <tu>: notes/props first, then the variants.
        tags = [child.tag for child in tu]
        assert tags.index("tuv") > max(i for i, t in enumerate(tags) if t == "prop")
    assert read_tmx(path) == [(s.text, s.target) for s in article.segments]


def test_xliff_structure_and_round_trip(tmp_path: Path) -> None:
    article = translated()
    path = tmp_path / "a.xlf"
    get_writer("xliff").write(article, path)
    root = SafeET.parse(path).getroot()
    q = f"{{{NS}}}"
    assert root.tag == q + "xliff"
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.0", "zh-CN", "en")
    files = root.findall(q + "file")
    assert len(files) == 1 and files[0].get("id") == "f1" and files[0].get("original") == article.id
    children = [c.tag for c in files[0]]
    assert children[0] == q + "notes" and set(children[1:]) == {q + "unit"}
    assert signature_string(SIG) in [n.text for n in files[0].iter(q + "note")]
    units = files[0].findall(q + "unit")
    assert len(units) == len(article.segments)
    assert len({u.get("id") for u in units}) == len(units)
    for unit in units:
        assert [c.tag for c in unit] == [q + "notes", q + "segment"]  # notes before segments
        seg = unit.find(q + "segment")
        assert seg is not None and seg.get("state") == "translated"
        assert [c.tag for c in seg] == [q + "source", q + "target"]
    notes = [n.text for n in units[1].iter(q + "note")]
    assert any(n == "托卡耶夫 → Tokayev: repaired (repaired from Tokaev)" for n in notes)
    assert read_xliff(path) == [(s.text, s.target) for s in article.segments]


def test_xml_readers_refuse_external_entities(tmp_path: Path) -> None:
    evil = tmp_path / "evil.tmx"
    evil.write_text(
        '<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<tmx version="1.4"><header srclang="zh-CN"/><body><tu><tuv xml:lang="zh-CN"><seg>&x;</seg></tuv>'
        '<tuv xml:lang="en"><seg>a</seg></tuv></tu></body></tmx>',
        "utf-8",
    )
    with pytest.raises(InputError, match="unsafe XML"):
        read_tmx(evil)
    bad = tmp_path / "bad.xlf"
    bad.write_text("<xliff><unit>", "utf-8")
    with pytest.raises(InputError, match="not well-formed"):
        read_xliff(bad)


def test_html_highlights_terms_by_status(tmp_path: Path) -> None:
    article = translated()
    path = tmp_path / "a.html"
    get_writer("bilingual-html").write(article, path)
    text = path.read_text("utf-8")
    assert '<mark class="term" title="tokayev → Tokayev">托卡耶夫</mark>' in text
    assert '<mark class="repaired" title="tokayev: repaired (from Tokaev)">Tokayev</mark>' in text
    assert "http://" not in text and "https://" not in text  # self-contained


def test_english_markdown_has_title_and_paragraphs(tmp_path: Path) -> None:
    article = translated()
    path = tmp_path / "a.md"
    get_writer("markdown").write(article, path)
    lines = path.read_text("utf-8").splitlines()
    assert lines[0].startswith("<!-- zh2en:0.1.0|engine:dictionary")
    # The title has no 托卡耶夫, so its "Tokaev" is not touched: repair follows the source.
    assert lines[2] == "# Tokaev said sentence 0 &amp; more."
    paragraphs = [line for line in lines[3:] if line]
    assert len(paragraphs) == len({s.paragraph for s in article.segments}) - 1


def test_parse_formats() -> None:
    assert parse_formats("md,tmx") == ["jsonl", "markdown", "tmx"]  # jsonl always (recheck reloads it)
    assert parse_formats(None) == list(FORMAT_NAMES)
    from zh2en.errors import UsageError

    with pytest.raises(UsageError, match="docx"):
        parse_formats("jsonl,docx")


def test_damaged_aligned_jsonl_says_how_to_recover(tmp_path: Path) -> None:
    """A cut-short or hand-edited <id>.jsonl (recheck, check, eval read it): say what to do."""
    path = tmp_path / "003.jsonl"
    write_article_jsonl(translated(), path)
    good = path.read_text("utf-8")
    for damaged in (good[: len(good) // 2], "[1, 2]\n" + good, '{"type": "article"}\n'):
        path.write_text(damaged, encoding="utf-8")
        with pytest.raises(InputError) as info:
            read_article_jsonl(path)
        assert str(path) in str(info.value)
        assert info.value.hint and "zh2en translate" in info.value.hint, str(info.value)


def test_english_markdown_text_cannot_become_links_emphasis_or_blocks(tmp_path: Path) -> None:
    """Untrusted English in <id>.en.md renders as the words it is: no javascript: link, no
    emphasis, no heading or list made by a paragraph that starts with '# ' or '1. '."""
    article = translated()
    body = [s for s in article.segments if s.kind is not SegmentKind.TITLE]
    body[0].target = "[click](javascript:alert(1)) *bold* _it_ `code`"
    body[-1].target = "# 1989. Not a heading"
    path = tmp_path / "a.md"
    get_writer("markdown").write(article, path)
    text = path.read_text("utf-8")
    assert "[click\\](javascript:alert(1)) \\*bold\\* \\_it\\_ \\`code\\`" in text
    assert "](" not in text.replace("\\](", "")  # no link syntax left
    assert "\n\\# 1989. Not a heading" in text
