"""Name → component lookup for engines, readers, writers and checks.

Built-ins are registered in :mod:`zh2en.builtins` as lazy ``"module:attr"`` strings, so
nothing heavy is imported until a component is used. Third parties plug in through the
entry-point groups ``zh2en.engines``, ``zh2en.readers``, ``zh2en.writers`` and
``zh2en.checks``. An unknown name raises :class:`UnknownComponentError` listing what exists.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from importlib.metadata import entry_points
from typing import Any, Generic, TypeVar

from zh2en.errors import UnknownComponentError

T = TypeVar("T")


class Registry(Generic[T]):
    """A named collection of lazily imported components of one kind."""

    def __init__(self, kind: str, group: str) -> None:
        self.kind = kind
        self.group = group
        self._targets: dict[str, str | T] = {}
        self._loaded: dict[str, T] = {}
        self._entry_points_read = False

    def register(self, name: str, target: str | T | None = None) -> Any:
        """Register ``target`` (an object or ``"module:attr"``) under ``name``.

        Without ``target`` it returns a decorator: ``@registry.register("name")``.
        """
        if target is None:

            def deco(obj: T) -> T:
                self._targets[name] = obj
                self._loaded.pop(name, None)
                return obj

            return deco
        self._targets[name] = target
        self._loaded.pop(name, None)
        return target

    def _read_entry_points(self) -> None:
        if self._entry_points_read:
            return
        self._entry_points_read = True
        for ep in entry_points(group=self.group):
            self._targets.setdefault(ep.name, ep.value)

    def names(self) -> list[str]:
        self._read_entry_points()
        return sorted(self._targets)

    def __contains__(self, name: object) -> bool:
        self._read_entry_points()
        return name in self._targets

    def get(self, name: str) -> T:
        """The component registered as ``name`` (imported on first use)."""
        self._read_entry_points()
        if name in self._loaded:
            return self._loaded[name]
        if name not in self._targets:
            available = ", ".join(self.names()) or "(none)"
            raise UnknownComponentError(
                f"unknown {self.kind} {name!r}; available: {available}",
                hint=f"third-party {self.kind}s register in the entry-point group '{self.group}'",
            )
        target = self._targets[name]
        obj: T = _resolve(target) if isinstance(target, str) else target
        self._loaded[name] = obj
        return obj

    def items(self) -> Iterator[tuple[str, T]]:
        for name in self.names():
            yield name, self.get(name)


def _resolve(spec: str) -> Any:
    module, _, attr = spec.partition(":")
    obj: Any = importlib.import_module(module)
    for part in attr.split(".") if attr else []:
        obj = getattr(obj, part)
    return obj


def doc_title(obj: Callable[..., Any] | type | object) -> str:
    """First line of an object's docstring: the title shown in listings and reports."""
    doc = getattr(obj, "__doc__", None) or ""
    return doc.strip().splitlines()[0].strip() if doc.strip() else ""
