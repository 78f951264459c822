"""Engines: name → engine object, through the ``engines`` registry.

Pipeline position: the "translate" stage asks :func:`create_engine` for the engine named in
the settings. Built-ins are registered in :mod:`zh2en.builtins`; third-party engines plug in
through the ``zh2en.engines`` entry-point group (``myengine = "mypkg.engine:MyEngine"``).
Nothing heavy is imported here: an engine's module is imported when it is first created.
"""

from __future__ import annotations

import inspect
from typing import Any

from zh2en.engines.base import Engine, EngineRequest, GlossaryHint
from zh2en.errors import EngineUnavailableError, UsageError

__all__ = [
    "STRATEGIES",
    "Engine",
    "EngineRequest",
    "GlossaryHint",
    "accepted_options",
    "create_engine",
    "engine_class",
    "engine_names",
]

#: Valid values of ``Engine.glossary_strategy``.
STRATEGIES = ("inject", "placeholder", "prompt", "none")


def engine_names() -> list[str]:
    """Names of every registered engine (built-ins and entry points), sorted."""
    from zh2en.builtins import engines

    return engines.names()


def engine_class(name: str) -> Any:
    """The class (or factory) registered as ``name``; unknown names list what exists.

    ``name`` may also be an import path ``"package.module:Class"``, for an engine that is
    importable but not installed as an entry point (a local experiment, a test double).
    """
    from zh2en.builtins import engines

    if ":" in name and name not in engines:
        import importlib

        module, _, attr = name.partition(":")
        try:
            obj: Any = importlib.import_module(module)
            for part in attr.split("."):
                obj = getattr(obj, part)
        except (ImportError, AttributeError) as exc:
            raise UsageError(
                f"cannot import engine {name!r}: {exc}",
                hint="an engine import path looks like 'package.module:ClassName' and must be importable",
            ) from exc
        return obj
    try:
        return engines.get(name)
    except ImportError as exc:
        # A registered engine whose module or optional dependency is not installed.
        raise EngineUnavailableError(
            f"engine {name!r} cannot be loaded: {exc}",
            hint="engines that need no extra packages: identity, dictionary, file; "
            "model engines need their extra, e.g. pip install 'zh2en[marian]'",
        ) from exc


def accepted_options(factory: Any) -> set[str] | None:
    """Keyword options ``factory`` accepts, or ``None`` when it takes ``**kwargs``."""
    try:
        params = inspect.signature(factory).parameters.values()
    except (TypeError, ValueError):  # builtins without a signature: accept anything
        return None
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
        return None
    return {
        p.name
        for p in params
        if p.kind in (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        and p.name != "self"
    }


def create_engine(name: str, **options: Any) -> Engine:
    """Create the engine registered as ``name`` with ``options`` (``None`` values dropped).

    Raises :class:`~zh2en.errors.UnknownComponentError` for an unknown name (listing the
    available engines) and :class:`~zh2en.errors.UsageError` for an option the engine does
    not take (listing the ones it does). Errors the engine raises itself — a model that is
    not available offline, a missing optional dependency — pass through unchanged.
    """
    factory = engine_class(name)
    opts = {k: v for k, v in options.items() if v is not None}
    accepted = accepted_options(factory)
    if accepted is not None:
        unknown = sorted(set(opts) - accepted)
        if unknown:
            raise UsageError(
                f"engine {name!r} does not take the option(s) {', '.join(unknown)}",
                hint=f"engine {name!r} accepts: {', '.join(sorted(accepted)) or '(no options)'}",
            )
    engine = factory(**opts)
    strategy = getattr(engine, "glossary_strategy", None)
    if strategy not in STRATEGIES:
        raise UsageError(
            f"engine {name!r} declares glossary_strategy {strategy!r}",
            hint=f"an engine's glossary_strategy must be one of {', '.join(STRATEGIES)}",
        )
    if not callable(getattr(engine, "translate_batch", None)) or not callable(
        getattr(engine, "signature", None)
    ):
        raise UsageError(
            f"engine {name!r} ({type(engine).__name__}) lacks translate_batch() or signature()",
            hint="engines follow zh2en.engines.base.Engine",
        )
    result: Engine = engine
    return result
