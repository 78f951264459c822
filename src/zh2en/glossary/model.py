"""The glossary entry model shared by storage, matching, lint and suggest.

Pipeline position: data. Files in ``glossary/`` are TSV (see ``zh2en.glossary.store``) with
one row per entry and these columns, in this order::

    id  zh  zh_variants  en  en_variants  type  valid_from  valid_to  status  note  source  updated

Multi-valued cells (``zh_variants``, ``en_variants``) separate values with ``|``.
Several rows may share a Chinese form when their validity periods do not overlap
(努尔苏丹 → Nur-Sultan 2019-03-23…2022-09-17; Astana before and after): the article's date
chooses the row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

COLUMNS = (
    "id",
    "zh",
    "zh_variants",
    "en",
    "en_variants",
    "type",
    "valid_from",
    "valid_to",
    "status",
    "note",
    "source",
    "updated",
)
MULTI_SEP = "|"


class EntryType(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    PLACE = "place"
    MEDIA = "media"
    EVENT = "event"
    TERM = "term"


class EntryStatus(StrEnum):
    APPROVED = "approved"
    PROPOSED = "proposed"
    DEPRECATED = "deprecated"


@dataclass(slots=True)
class Entry:
    """One glossary entry (one row)."""

    id: str
    zh: str  # canonical Chinese (Simplified)
    en: str  # canonical English
    type: EntryType = EntryType.TERM
    zh_variants: list[str] = field(
        default_factory=list
    )  # other Chinese spellings, abbreviations, Traditional
    en_variants: list[str] = field(default_factory=list)  # known wrong/outdated English to repair
    valid_from: str | None = None  # ISO date, inclusive
    valid_to: str | None = None  # ISO date, inclusive
    status: EntryStatus = EntryStatus.APPROVED
    note: str = ""
    source: str = ""  # reference for the English (wire-service usage, official site…)
    updated: str = ""  # last change, ISO date
    file: str | None = None  # where it was loaded from (not a column)
    line: int | None = None  # 1-based line number in that file (not a column)

    @property
    def zh_forms(self) -> list[str]:
        """The canonical Chinese followed by its variants."""
        return [self.zh, *self.zh_variants]

    def valid_on(self, date: str | None) -> bool:
        """Whether the entry applies to an article dated ``date`` (ISO ``YYYY-MM-DD``).

        An undated article matches every entry; comparisons are on ISO strings.
        """
        if date is None:
            return True
        d = date[:10]
        if self.valid_from and d < self.valid_from:
            return False
        return not (self.valid_to and d > self.valid_to)
