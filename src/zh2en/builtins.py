"""Registration of every built-in component, as lazy ``"module:attr"`` strings.

Importing this module imports nothing heavy. Third-party components come in through the
entry-point groups named on each registry (see :mod:`zh2en.registry`).
"""

from __future__ import annotations

from typing import Any

from zh2en.registry import Registry

readers: Registry[Any] = Registry("reader", "zh2en.readers")
engines: Registry[Any] = Registry("engine", "zh2en.engines")
writers: Registry[Any] = Registry("writer", "zh2en.writers")
checks: Registry[Any] = Registry("check", "zh2en.checks")

# -- readers (ingestion) ---------------------------------------------------------------
# Order matters for sniffing: the first reader whose ``sniff`` accepts the text wins.
READER_ORDER = ["jsonl", "markdown", "html", "text"]
readers.register("jsonl", "zh2en.ingest.jsonl:JsonlReader")
readers.register("markdown", "zh2en.ingest.markdown:MarkdownReader")
readers.register("html", "zh2en.ingest.html:HtmlReader")
readers.register("text", "zh2en.ingest.text:ScrapedTextReader")


# -- engines (translation) -------------------------------------------------------------
engines.register("identity", "zh2en.engines.identity:IdentityEngine")
engines.register("dictionary", "zh2en.engines.dictionary:DictionaryEngine")
engines.register("marian", "zh2en.engines.marian:MarianEngine")
engines.register("ctranslate2", "zh2en.engines.ct2:CTranslate2Engine")
engines.register("llm", "zh2en.engines.llm:LLMEngine")
engines.register("openai", "zh2en.engines.openai_compat:OpenAIEngine")
engines.register("file", "zh2en.engines.file:FileEngine")


# -- writers (outputs) -----------------------------------------------------------------
writers.register("jsonl", "zh2en.formats.jsonl:JsonlWriter")
writers.register("markdown", "zh2en.formats.markdown:MarkdownWriter")
writers.register("bilingual-md", "zh2en.formats.markdown:BilingualMarkdownWriter")
writers.register("bilingual-html", "zh2en.formats.html:BilingualHtmlWriter")
writers.register("tmx", "zh2en.formats.tmx:TmxWriter")
writers.register("xliff", "zh2en.formats.xliff:XliffWriter")


# -- checks (QA) -----------------------------------------------------------------------
# Registered by the QA checks module list below; each is a function with a severity.
CHECK_MODULES = [
    "zh2en.checks.terms",
    "zh2en.checks.numbers",
    "zh2en.checks.untranslated",
    "zh2en.checks.omission",
    "zh2en.checks.repetition",
    "zh2en.checks.punctuation",
    "zh2en.checks.consistency",
]
