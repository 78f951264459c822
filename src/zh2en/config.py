"""Settings: one typed object with a stated precedence.

defaults → ``zh2en.toml`` (or ``[tool.zh2en]`` in ``pyproject.toml``) in the working folder
→ environment variables ``ZH2EN_<FIELD>`` → explicit overrides (CLI flags).

Nothing is read at import time; call :func:`load_settings`.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, get_type_hints

from zh2en.errors import ConfigError


@dataclass(frozen=True)
class Settings:
    """Every setting of a run. Field names are the TOML keys and env suffixes."""

    glossary: tuple[str, ...] = ("glossary",)  # files or folders; later ones take precedence
    opencc: str = "t2s"  # OpenCC config used for Traditional→Simplified normalization
    engine: str = "marian"
    model: str | None = None  # model id or local path; engine default when None
    device: str = "cpu"
    batch_size: int = 16
    beam_size: int = 4
    max_input_tokens: int = 400  # segments longer than this are split before MT
    max_new_tokens: int = 512
    tm: str | None = None  # translation-memory SQLite path; default <output>/.zh2en-tm.sqlite
    fail_on: str | None = None  # severity that makes `check`/`translate` exit 3
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _coerce(name: str, value: Any, typ: Any, origin: str = "settings") -> Any:
    text = str(typ)
    try:
        if value is None:
            return None
        if "tuple" in text:
            if isinstance(value, str):
                return tuple(p for p in value.split(os.pathsep) if p)
            return tuple(str(v) for v in value)
        if "int" in text and "str" not in text:
            return int(value)
        if "dict" in text:
            if not isinstance(value, dict):
                raise TypeError("expected a table")
            return dict(value)
        return str(value)
    except (TypeError, ValueError) as exc:
        expected = "an integer" if "int" in text else ("a table" if "dict" in text else "text")
        where = f"ZH2EN_{name.upper()} in the environment" if origin == "environment" else origin
        raise ConfigError(
            f"setting {name!r} has a bad value {value!r} (from {where}): expected {expected}",
            hint="fix or remove it"
            + (f"; the default is {default!r}" if (default := getattr(Settings(), name)) is not None else ""),
        ) from exc


def _from_mapping(base: Settings, data: dict[str, Any], origin: str) -> Settings:
    hints = get_type_hints(Settings)
    known = {f.name for f in fields(Settings)}
    changes: dict[str, Any] = {}
    for key, value in data.items():
        name = key.replace("-", "_")
        if name not in known:
            raise ConfigError(
                f"unknown setting {key!r} in {origin}",
                hint="valid settings: " + ", ".join(sorted(known)),
            )
        changes[name] = _coerce(name, value, hints[name], origin)
    return replace(base, **changes)


def load_settings(
    overrides: dict[str, Any] | None = None,
    *,
    cwd: str | os.PathLike[str] | None = None,
    env: dict[str, str] | None = None,
) -> Settings:
    """Settings from defaults, config file, environment and ``overrides`` (None values skipped)."""
    folder = Path(cwd or os.getcwd())
    settings = Settings()
    toml_path = folder / "zh2en.toml"
    pyproject = folder / "pyproject.toml"
    config_file = toml_path if toml_path.is_file() else pyproject
    try:
        if toml_path.is_file():
            settings = _from_mapping(settings, tomllib.loads(toml_path.read_text("utf-8")), str(toml_path))
        elif pyproject.is_file():
            table = tomllib.loads(pyproject.read_text("utf-8")).get("tool", {}).get("zh2en", {})
            if table:
                settings = _from_mapping(settings, table, f"{pyproject} [tool.zh2en]")
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"cannot parse configuration file {config_file}: {exc}",
            hint="fix the TOML syntax (https://toml.io), or move the file away",
        ) from exc
    environ = os.environ if env is None else env
    from_env = {
        f.name: environ[f"ZH2EN_{f.name.upper()}"]
        for f in fields(Settings)
        if f"ZH2EN_{f.name.upper()}" in environ and f.name != "extra"
    }
    if from_env:
        settings = _from_mapping(settings, from_env, "environment")
    if overrides:
        settings = _from_mapping(
            settings, {k: v for k, v in overrides.items() if v is not None}, "command line"
        )
    return settings
