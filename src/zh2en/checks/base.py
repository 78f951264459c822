"""The QA check model, its registration decorator and the runner.

Pipeline position: the **check** stage (… → enforce terms → align → **check** → write). It also
runs on its own (``zh2en check``, ``zh2en recheck``) over translations that zh2en did not
produce, so checks assume nothing about how a target was made: they read ``seg.text`` (the
normalized source), ``seg.target``, ``seg.terms`` (glossary hits, possibly empty) and
``seg.ledger`` when present.

A check is a small function registered by name with a severity and a scope; the first line of
its docstring is its title (shown by ``zh2en checks list`` and in the report)::

    @check("empty-target", severity=Severity.ERROR)
    def empty_target(seg: Segment, article: Article) -> Iterator[Problem]:
        '''Target is empty although the source has text.'''
        ...

Scopes and signatures:

- ``segment``: ``fn(seg, article) -> Iterable[Problem]``, called for every segment whose
  ``target`` is not ``None`` (an untranslated segment has nothing to check);
- ``article``: ``fn(article) -> Iterable[Problem]``;
- ``batch``: ``fn(articles) -> Iterable[Problem]`` (across articles).

A :class:`Problem` carries the message, spans and suggested fix; the runner turns it into a
:class:`~zh2en.document.Finding` stamped with the check's name and severity and files it on the
segment (``Problem.segment``/``Problem.article`` locate it for article and batch checks) or
on the article when it belongs to no segment. A check that raises becomes an ``error`` finding
naming the check and the exception; the run goes on.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from zh2en.document import Article, Finding, Segment, Severity
from zh2en.errors import UnknownComponentError
from zh2en.registry import doc_title


class Scope(StrEnum):
    """What one call of a check sees."""

    SEGMENT = "segment"  # one segment (source and target), with its article for context
    ARTICLE = "article"  # one whole article
    BATCH = "batch"  # every article of the run


@dataclass(slots=True)
class Problem:
    """What a check reports; the runner adds the check's name and severity.

    ``source_span`` indexes ``Segment.text``, ``target_span`` indexes ``Segment.target``.
    ``segment`` (a ``Segment.index``) and ``article`` (an ``Article.id``) locate problems
    reported by article and batch checks; segment checks leave them ``None``.
    ``severity`` overrides the check's default for this one problem.
    """

    message: str
    source_span: tuple[int, int] | None = None
    target_span: tuple[int, int] | None = None
    suggestion: str | None = None
    segment: int | None = None
    article: str | None = None
    severity: Severity | None = None


CheckFunc = Callable[..., Iterable[Problem]]


@dataclass(frozen=True, slots=True)
class CheckInfo:
    """A registered check: what ``list_checks`` returns and the runner calls."""

    name: str
    severity: Severity
    scope: Scope
    title: str
    func: CheckFunc
    family: str  # the module's last name part (terms, numbers, …); usable in only/skip
    untranslated_ok: bool = False  # segment checks: also run when the target is blank or a copy

    def to_dict(self) -> dict[str, str]:
        return {
            "name": self.name,
            "severity": str(self.severity),
            "scope": str(self.scope),
            "family": self.family,
            "title": self.title,
        }


_ATTR = "__zh2en_check__"
_ORDER: dict[str, int] = {}  # registration order, so listings follow definition order


def check(
    name: str,
    *,
    severity: Severity = Severity.WARNING,
    scope: Scope = Scope.SEGMENT,
    untranslated_ok: bool = False,
) -> Callable[[CheckFunc], CheckFunc]:
    """Register the decorated function as the check ``name`` in ``zh2en.builtins.checks``.

    Segment checks are not called on a segment whose target is blank or a copy of the
    Chinese source (:func:`is_untranslated`): ``empty-target`` and ``identical-to-source``
    report those once, instead of every other check reporting what follows from them.
    Such checks pass ``untranslated_ok=True``.
    """

    def deco(func: CheckFunc) -> CheckFunc:
        if not doc_title(func):
            raise TypeError(
                f"check {name!r} ({func.__qualname__}) needs a docstring: its first line is the title"
            )
        family = func.__module__.rsplit(".", 1)[-1]
        info = CheckInfo(
            name, Severity(severity), Scope(scope), doc_title(func), func, family, untranslated_ok
        )
        setattr(func, _ATTR, info)
        _ORDER.setdefault(name, len(_ORDER))
        from zh2en.builtins import checks as registry

        registry.register(name, func)
        return func

    return deco


def _info_of(name: str, obj: Any) -> CheckInfo:
    info = getattr(obj, _ATTR, None)
    if isinstance(info, CheckInfo):
        return info if info.name == name else dataclasses.replace(info, name=name)
    # A third-party check registered through the entry point without the decorator:
    # a plain segment function with the default severity.
    if not callable(obj):
        raise UnknownComponentError(
            f"check {name!r} is registered as {obj!r}, which is not callable",
            hint="an entry point in group 'zh2en.checks' must name a function decorated "
            "with zh2en.checks.check",
        )
    module = getattr(obj, "__module__", "") or ""
    return CheckInfo(name, Severity.WARNING, Scope.SEGMENT, doc_title(obj), obj, module.rsplit(".", 1)[-1])


_loaded_builtins = False


def _load_builtins() -> None:
    """Import the built-in check modules once; importing them registers their checks."""
    global _loaded_builtins
    if _loaded_builtins:
        return
    from zh2en.builtins import CHECK_MODULES

    for module in CHECK_MODULES:
        importlib.import_module(module)
    _loaded_builtins = True


def list_checks() -> list[CheckInfo]:
    """Every registered check (built-ins in module order, then third-party ones by name)."""
    _load_builtins()
    from zh2en.builtins import CHECK_MODULES
    from zh2en.builtins import checks as registry

    order = {m.rsplit(".", 1)[-1]: i for i, m in enumerate(CHECK_MODULES)}
    infos = [_info_of(name, obj) for name, obj in registry.items()]
    infos.sort(key=lambda c: (order.get(c.family, len(order)), _ORDER.get(c.name, len(_ORDER)), c.name))
    return infos


def select_checks(only: Sequence[str] | None = None, skip: Sequence[str] | None = None) -> list[CheckInfo]:
    """The checks to run: ``only`` and ``skip`` take check names or family names (``numbers``)."""
    infos = list_checks()
    # A family name selects all its checks; built-in check names never equal a family name.
    known = {c.name for c in infos} | {c.family for c in infos}
    for label, names in (("only", only), ("skip", skip)):
        for n in names or ():
            if n not in known:
                raise UnknownComponentError(
                    f"unknown check {n!r} in {label}; available: {', '.join(c.name for c in infos)}",
                    hint=f"families also work: {', '.join(dict.fromkeys(c.family for c in infos))}",
                )
    if only:
        wanted = set(only)
        infos = [c for c in infos if c.name in wanted or c.family in wanted]
    if skip:
        unwanted = set(skip)
        infos = [c for c in infos if c.name not in unwanted and c.family not in unwanted]
    return infos


def _crash_finding(info: CheckInfo, exc: BaseException, where: str, segment: int | None) -> Finding:
    return Finding(
        check=info.name,
        severity=Severity.ERROR,
        message=f"check {info.name!r} crashed on {where}: {type(exc).__name__}: {exc}",
        segment=segment,
        suggestion="this is a bug in the check, not in the translation; report it with this message",
    )


def _to_finding(info: CheckInfo, p: Problem, segment: int | None) -> Finding:
    return Finding(
        check=info.name,
        severity=p.severity or info.severity,
        message=p.message,
        segment=segment,
        source_span=p.source_span,
        target_span=p.target_span,
        suggestion=p.suggestion,
    )


def _file(article: Article, info: CheckInfo, p: Problem) -> None:
    """Attach a problem to its segment, or to the article when it has none (or a bad index)."""
    if p.segment is not None:
        for seg in article.segments:
            if seg.index == p.segment:
                seg.findings.append(_to_finding(info, p, seg.index))
                return
    article.findings.append(_to_finding(info, p, None))


def run_checks(
    articles: list[Article],
    *,
    glossary: Any = None,
    only: Sequence[str] | None = None,
    skip: Sequence[str] | None = None,
) -> None:
    """Run the selected checks over ``articles`` and add their findings in place.

    ``glossary`` (a ``zh2en.glossary.store.Glossary``), when given, re-annotates every
    article's ``seg.terms`` first (so a re-check after a glossary edit sees the new entries);
    without it the existing ``seg.terms`` are used. Findings a previous run of the *same*
    checks left are replaced, so running twice gives the same result. A check that raises
    becomes an ``error`` finding naming the check and the exception; the run goes on.
    """
    infos = select_checks(only, skip)
    if glossary is not None:
        for article in articles:
            glossary.annotate(article)
    names = {c.name for c in infos}
    for article in articles:
        article.findings = [f for f in article.findings if f.check not in names]
        for seg in article.segments:
            seg.findings = [f for f in seg.findings if f.check not in names]

    for info in infos:
        if info.scope is Scope.SEGMENT:
            for article in articles:
                for seg in article.segments:
                    if seg.target is None:
                        continue
                    _run_segment(info, seg, article)
        elif info.scope is Scope.ARTICLE:
            for article in articles:
                try:
                    problems = list(info.func(article))
                except Exception as exc:
                    article.findings.append(_crash_finding(info, exc, f"article {article.id}", None))
                    continue
                for p in problems:
                    _file(article, info, p)
        else:
            try:
                problems = list(info.func(articles))
            except Exception as exc:
                if articles:
                    articles[0].findings.append(_crash_finding(info, exc, "the batch", None))
                continue
            by_id = {a.id: a for a in articles}
            for p in problems:
                target = by_id.get(p.article or "") or (articles[0] if articles else None)
                if target is not None:
                    _file(target, info, p)


def is_untranslated(seg: Segment) -> bool:
    """Whether ``seg.target`` is blank, or the source copied unchanged (source has CJK text)."""
    target = seg.target or ""
    if not target.strip():
        return True
    from zh2en.checks.textutil import HAN_RE

    return bool(HAN_RE.search(seg.text)) and " ".join(seg.text.split()) == " ".join(target.split())


def _run_segment(info: CheckInfo, seg: Segment, article: Article) -> None:
    if not info.untranslated_ok and is_untranslated(seg):
        return
    try:
        problems = list(info.func(seg, article))
    except Exception as exc:
        seg.findings.append(_crash_finding(info, exc, f"segment {seg.index} of {article.id}", seg.index))
        return
    for p in problems:
        seg.findings.append(_to_finding(info, p, seg.index))
