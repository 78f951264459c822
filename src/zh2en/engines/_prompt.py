"""Prompts and the output contract for the chat-model engines (``llm`` and ``openai``).

Pipeline position: inside the "translate" stage. Both chat engines use glossary strategy
``"prompt"``: the glossary terms matched in a segment (``EngineRequest.hints``) are listed
in the user message with the English to use, and the post-MT enforcement stage checks the
result like any other engine's.

Output contract: the reply is the translation and nothing else. Chat models still add
chatter ("Here is the translation:", quotes, code fences, ``<think>`` blocks, "Note: …"),
so :func:`clean_output` strips it deterministically.
"""

from __future__ import annotations

import hashlib
import re

from zh2en.engines.base import EngineRequest

SYSTEM_PROMPT = (
    "You are a professional translator of Chinese news articles into English. "
    "Translate the text the user gives you into accurate, fluent, publishable English. "
    "Reply with the English translation only: no explanations, no notes, no quotation marks "
    "around it, no transliteration and no Chinese. Keep every number, date and name. "
    "When a glossary is given, use exactly the English it gives for those names and terms."
)

GLOSSARY_HEADER = "Glossary (use exactly this English for these names and terms):"
TEXT_HEADER = "Translate into English:"


def user_message(request: EngineRequest) -> str:
    """The user turn: glossary lines (if any hints), then the source text."""
    parts: list[str] = []
    seen: set[tuple[str, str]] = set()
    lines = []
    for hint in request.hints:
        key = (hint.source, hint.target)
        if key not in seen:
            seen.add(key)
            lines.append(f"- {hint.source} = {hint.target}")
    if lines:
        parts.append(GLOSSARY_HEADER + "\n" + "\n".join(lines))
    parts.append(f"{TEXT_HEADER}\n{request.text}")
    return "\n\n".join(parts)


def messages(request: EngineRequest, system_prompt: str = SYSTEM_PROMPT) -> list[dict[str, str]]:
    """The chat messages for one segment."""
    return [
        {"role": "system", "content": system_prompt},
        {"role": "user", "content": user_message(request)},
    ]


def prompt_hash(system_prompt: str = SYSTEM_PROMPT) -> str:
    """A short hash of the prompt template, recorded in signatures (a prompt change = new TM key)."""
    blob = "\0".join([system_prompt, GLOSSARY_HEADER, TEXT_HEADER, "v1"])
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


_THINK = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)
_FENCE = re.compile(r"^```[\w-]*\n(.*?)\n```$", re.DOTALL)
_LEAD = re.compile(
    r"^(?:sure[,!.]?\s*|certainly[,!.]?\s*|okay[,!.]?\s*)?"
    r"(?:here(?:'s| is) (?:the |my |an? )?(?:english )?translation[^:\n]*:|"
    r"(?:english )?translation\s*(?:\(english\))?\s*:|english\s*:)\s*",
    re.IGNORECASE,
)
_NOTE = re.compile(
    r"\n\s*\n\s*\(?(?:note|notes|explanation|translator's note)\b.*\Z", re.DOTALL | re.IGNORECASE
)
_QUOTES = [('"', '"'), ("“", "”"), ("'", "'"), ("「", "」")]


def clean_output(text: str, source: str = "") -> str:
    """The translation only: chatter, fences, think blocks, notes and wrapping quotes removed.

    Multi-line replies to a single-line source are joined with spaces (one segment in, one
    segment out).
    """
    out = _THINK.sub("", text).strip()
    fence = _FENCE.match(out)
    if fence:
        out = fence.group(1).strip()
    out = _NOTE.sub("", out).strip()
    out = _LEAD.sub("", out, count=1).strip()
    quoted_source = source.strip().startswith(("“", '"', "「", "'"))
    for left, right in _QUOTES:
        inner = out[len(left) : -len(right)]
        if (
            not quoted_source
            and len(out) >= 2
            and out.startswith(left)
            and out.endswith(right)
            and left not in inner
            and right not in inner
        ):
            out = inner.strip()
            break
    if "\n" not in source.strip():
        out = re.sub(r"\s*\n\s*", " ", out)
    return out
