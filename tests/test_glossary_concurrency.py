"""Several editors at once: every edit survives, and a clashing edit is reported, not lost.

Real processes (multiprocessing, fork) hammer one glossary file through the public edit
functions; the lock + re-read in zh2en.glossary.store must serialize them.
"""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path
from typing import Any

import pytest

from zh2en.errors import GlossaryConflictError
from zh2en.glossary.model import COLUMNS, Entry, EntryType
from zh2en.glossary.store import add_entry, edit_entry, entry_rev, load_glossary, remove_entry

HEADER = "\t".join(COLUMNS)
WORKERS = 6
ADDS = 4

pytestmark = pytest.mark.skipif("fork" not in mp.get_all_start_methods(), reason="needs fork")


def _row(ident: str, zh: str, en: str) -> str:
    return "\t".join([ident, zh, "", en, "", "person", "", "", "approved", "", "", "2022-01-10"])


def _worker(path: str, n: int, barrier: Any, out: Any) -> None:
    try:
        barrier.wait(timeout=30)
        for k in range(ADDS):
            add_entry(
                path, Entry(id=f"w{n}-{k}", zh=f"人名{n}号{k}", en=f"Person {n}-{k}", type=EntryType.PERSON)
            )
            # Each worker owns entry e{n}: repeated edits of it must all land, in order.
            edit_entry(path, f"e{n}", {"note": f"edit {k} by worker {n}"})
            # Everyone appends to the same entry's variants: merged under the lock, none lost.
            edit_entry(path, "shared", {"en_variants": lambda cur, n=n, k=k: [*cur, f"V{n}x{k}"]})
        remove_entry(path, f"gone{n}")
        out.put((n, "ok"))
    except BaseException as exc:  # report, never hang the parent
        out.put((n, repr(exc)))


def test_concurrent_adds_and_edits_all_survive(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    lines = ["# shared glossary — edited by many", HEADER, _row("shared", "托卡耶夫", "Tokayev"), ""]
    lines += [_row(f"e{n}", f"编辑{n}", f"Editor {n}") for n in range(WORKERS)]
    lines += ["# to be removed"] + [_row(f"gone{n}", f"删除{n}", f"Gone {n}") for n in range(WORKERS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ctx = mp.get_context("fork")
    barrier = ctx.Barrier(WORKERS)
    out = ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(str(path), n, barrier, out)) for n in range(WORKERS)]
    for p in procs:
        p.start()
    results = dict(out.get(timeout=120) for _ in procs)
    for p in procs:
        p.join(timeout=30)
    assert results == dict.fromkeys(range(WORKERS), "ok")

    g = load_glossary([path])
    ids = [e.id for e in g.entries]
    # Row order: untouched rows where they were, new rows appended, removed rows gone.
    assert ids[: WORKERS + 1] == ["shared", *(f"e{n}" for n in range(WORKERS))]
    assert sorted(ids[WORKERS + 1 :]) == sorted(f"w{n}-{k}" for n in range(WORKERS) for k in range(ADDS))
    for n in range(WORKERS):
        assert g.get(f"e{n}").note == f"edit {ADDS - 1} by worker {n}"
        assert f"gone{n}" not in g
    assert sorted(g.get("shared").en_variants) == sorted(
        f"V{n}x{k}" for n in range(WORKERS) for k in range(ADDS)
    )
    text = path.read_text("utf-8")
    assert text.startswith("# shared glossary — edited by many\n" + HEADER + "\n")
    assert "\n\n" in text and "# to be removed\n" in text
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def _clash(path: str, rev: str, en: str, barrier: Any, out: Any) -> None:
    barrier.wait(timeout=30)
    try:
        edit_entry(path, "tokayev", {"en": en}, expected=rev)
        out.put((en, "ok"))
    except GlossaryConflictError as exc:
        out.put((en, f"conflict: {exc.message}"))
    except BaseException as exc:
        out.put((en, repr(exc)))


def test_concurrent_edits_of_one_entry_conflict(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text(HEADER + "\n" + _row("tokayev", "托卡耶夫", "Tokayev") + "\n", encoding="utf-8")
    rev = entry_rev(load_glossary([path]).get("tokayev"))  # both editors saw this revision
    ctx = mp.get_context("fork")
    barrier = ctx.Barrier(3)
    out = ctx.Queue()
    names = ["Kassym-Jomart Tokayev", "K. Tokayev", "Qasym-Jomart Toqaev"]
    procs = [ctx.Process(target=_clash, args=(str(path), rev, en, barrier, out)) for en in names]
    for p in procs:
        p.start()
    results = dict(out.get(timeout=60) for _ in procs)
    for p in procs:
        p.join(timeout=30)
    winners = [en for en, r in results.items() if r == "ok"]
    losers = [r for r in results.values() if r != "ok"]
    assert len(winners) == 1, results
    assert len(losers) == 2 and all(r.startswith("conflict: entry 'tokayev'") for r in losers), results
    assert load_glossary([path]).get("tokayev").en == winners[0]
