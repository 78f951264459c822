"""Output formats: one writer class per format, plus readers for bilingual files.

Pipeline position: the last stage (… check → **write**), and the first for ``recheck`` and the
``file`` engine, which read what these modules (or other tools) wrote.

Writers are registered by name in :mod:`zh2en.builtins` (``jsonl``, ``markdown``,
``bilingual-md``, ``bilingual-html``, ``tmx``, ``xliff``); each has a ``suffix``,
``render(article) -> bytes`` and ``write(article, path)`` writing one article atomically,
with the article's run signature.
"""

from __future__ import annotations

from typing import Any, ClassVar, Protocol

from zh2en.document import Article

#: Order in which formats are written; the ``--formats`` option takes these names.
FORMAT_NAMES = ("jsonl", "markdown", "bilingual-md", "bilingual-html", "tmx", "xliff")
FORMAT_ALIASES = {"md": "markdown", "html": "bilingual-html", "xlf": "xliff"}


class Writer(Protocol):
    """What every output writer provides."""

    name: ClassVar[str]
    suffix: ClassVar[str]

    def render(self, article: Article) -> bytes:
        """The file's bytes for ``article`` (UTF-8, no BOM, deterministic)."""
        ...

    def write(self, article: Article, path: Any) -> None:
        """Write ``article`` to ``path`` atomically."""
        ...


def parse_formats(spec: str | None) -> list[str]:
    """``"jsonl,md,tmx"`` → canonical writer names; unknown names list the valid ones."""
    from zh2en.builtins import writers
    from zh2en.errors import UsageError

    if not spec:
        return list(FORMAT_NAMES)
    names: list[str] = []
    for raw in spec.split(","):
        name = FORMAT_ALIASES.get(raw.strip(), raw.strip())
        if not name:
            continue
        if name not in writers:
            raise UsageError(
                f"unknown output format {raw.strip()!r}",
                hint="valid formats: " + ", ".join([*writers.names(), *FORMAT_ALIASES]),
            )
        if name not in names:
            names.append(name)
    if "jsonl" not in names:
        names.insert(0, "jsonl")  # the aligned article is what recheck and resume reload
    return names


def get_writer(name: str) -> Writer:
    from zh2en.builtins import writers

    cls = writers.get(name)
    writer: Writer = cls()
    return writer
