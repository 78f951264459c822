"""Property: whatever an engine does to placeholders, no text is lost, duplicated or leaked."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, ClassVar

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline_support import SEED_ARTICLE, FakeGlossary, make_article
from zh2en.document import TermStatus
from zh2en.engines.base import EngineRequest
from zh2en.stages.enforce import enforce_terms
from zh2en.stages.protect import rendering
from zh2en.stages.translate import translate_segments

TOKEN = re.compile(r"⟦T\d+⟧")
OPS = ["keep", "drop", "duplicate", "reorder", "space", "brackets", "bare", "half", "lookalike"]


class HostileEngine:
    """Copies the text through, doing the next scripted thing to its placeholders."""

    name: ClassVar[str] = "hostile"
    glossary_strategy: ClassVar[str] = "placeholder"

    def __init__(self, script: Sequence[str]) -> None:
        self.script = list(script) or ["keep"]
        self.calls = 0

    def _op(self) -> str:
        op = self.script[self.calls % len(self.script)]
        self.calls += 1
        return op

    def translate_batch(self, batch: Sequence[EngineRequest]) -> list[str]:
        out = []
        for req in batch:
            text = req.text
            tokens = TOKEN.findall(text)
            op = self._op()
            if tokens:
                t = tokens[0]
                if op == "drop":
                    text = text.replace(t, "", 1)
                elif op == "duplicate":
                    text = text.replace(t, t + " " + t, 1)
                elif op == "reorder" and len(tokens) > 1:
                    a, b = tokens[0], tokens[-1]
                    text = text.replace(a, "\0").replace(b, a).replace("\0", b)
                elif op == "space":
                    text = text.replace(t, t.replace("T", " T "), 1)
                elif op == "brackets":
                    text = text.replace(t, "[" + t[1:-1] + "]", 1)
                elif op == "bare":
                    text = text.replace(t, t[1:-1], 1)
                elif op == "half":
                    text = text.replace(t, t[:-1], 1)
                elif op == "lookalike":
                    text = text.replace(t, "〚" + t[1:-1] + "〛", 1)
            out.append(text)
        return out

    def signature(self) -> dict[str, Any]:
        return {"name": self.name}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    script=st.lists(st.sampled_from(OPS), min_size=1, max_size=12),
    limit=st.sampled_from([0, 10, 16, 40]),
    batch_size=st.integers(min_value=1, max_value=5),
)
def test_placeholders_never_leak_and_terms_survive(script: list[str], limit: int, batch_size: int) -> None:
    article = make_article("p", SEED_ARTICLE)
    FakeGlossary().annotate(article)
    engine = HostileEngine(script)
    translate_segments(article.segments, engine, batch_size=batch_size, max_input_tokens=limit)
    enforce_terms(article)
    for seg in article.segments:
        assert seg.mt is not None and seg.target is not None  # exactly one target per segment
        assert "⟦" not in seg.target and "⟧" not in seg.target and "〚" not in seg.target
        assert not re.search(r"(?<!\w)T\s?\d+(?!\w)", seg.target)
        # Every term is in the target exactly as often as in the source, never lost or doubled.
        for term in seg.terms:
            english = rendering(term)
            expected = sum(1 for t in seg.terms if rendering(t) == english)
            assert seg.target.count(english) == expected, (seg.target, english)
        assert all(e.status is TermStatus.APPLIED for e in seg.ledger), seg.ledger
        # The Chinese text around the terms is all still there (the engine copies it through).
        rest = seg.text
        for term in seg.terms:
            rest = rest.replace(term.surface, "")
        rest = re.sub(r"[(（]Erlan Karin[)）]", "", rest)
        assert re.sub(r"\s", "", rest) in re.sub(r"[\sA-Za-z-]", "", seg.target) or not rest
