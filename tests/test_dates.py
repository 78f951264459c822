"""Article dates for undated scraped pages, with their evidence recorded."""

from __future__ import annotations

from zh2en.ingest import read_file
from zh2en.stages.dates import resolve_dates

from conftest import seed


def _seeds() -> dict[str, object]:
    return {p: read_file(seed(p)) for p in ("000", "001", "002", "003", "004")}


def test_seed_batch_gets_dates_with_their_evidence() -> None:
    arts = _seeds()
    resolve_dates(list(arts.values()))  # type: ignore[arg-type]
    got = {k: (a.metadata.date, a.metadata.extra["date_source"]) for k, a in arts.items()}  # type: ignore[attr-defined]
    assert got["003"] == ("2022-01-10", "article")
    assert got["004"] == ("2022-01-12", "article")
    # （努尔苏丹11日讯） completed with the month of the nearest dated article of the batch
    assert got["002"][0] == "2022-01-11" and "dateline day 11" in got["002"][1]
    # captions dated 2022年1月6日: the report is not older than that
    assert got["001"][0] == "2022-01-06" and "latest date written" in got["001"][1]
    # no evidence of its own: the batch's median date
    assert got["000"][0] == "2022-01-10" and "median" in got["000"][1]


def test_given_date_fills_only_undated_articles() -> None:
    arts = _seeds()
    resolve_dates(list(arts.values()), default="2022-01-11")  # type: ignore[arg-type]
    assert arts["000"].metadata.date == "2022-01-11"  # type: ignore[attr-defined]
    assert arts["003"].metadata.date == "2022-01-10"  # type: ignore[attr-defined]


def test_no_evidence_leaves_the_date_unknown() -> None:
    art = read_file(seed("000"))
    resolve_dates([art])
    assert art.metadata.date is None
    assert "date_source" not in art.metadata.extra
