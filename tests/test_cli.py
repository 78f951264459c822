"""The CLI shell: start-up time, help, version, error mapping."""

from __future__ import annotations

import subprocess
import sys
import time

from zh2en import __version__
from zh2en.config import load_settings
from zh2en.errors import ConfigError, UnknownComponentError

from conftest import REPO, run_cli


def _best_startup(args: list[str], runs: int = 5) -> float:
    best = 1e9
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "zh2en", *args],
            capture_output=True,
            check=True,
            env={"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"},
        )
        best = min(best, time.perf_counter() - t)
    return best


def test_help_starts_fast_and_imports_nothing_heavy() -> None:
    assert _best_startup(["--help"]) < 0.5
    out = subprocess.run(
        [sys.executable, "-c", "import sys, zh2en.cli.app; print(' '.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(REPO / "src")},
    ).stdout.split()
    for heavy in ("torch", "transformers", "ctranslate2", "opencc", "ahocorasick", "sacrebleu", "yaml"):
        assert heavy not in out, f"{heavy} imported at CLI start-up"


def test_version() -> None:
    res = run_cli("--version")
    assert res.returncode == 0
    assert res.stdout.strip() == f"zh2en {__version__}"


def test_unknown_command_is_usage_error() -> None:
    res = run_cli("frobnicate")
    assert res.returncode == 2
    assert "Traceback" not in res.stderr


def test_settings_precedence(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "zh2en.toml").write_text('engine = "dictionary"\nbatch_size = 8\n', encoding="utf-8")
    s = load_settings(cwd=tmp_path, env={})
    assert (s.engine, s.batch_size) == ("dictionary", 8)
    s = load_settings(cwd=tmp_path, env={"ZH2EN_BATCH_SIZE": "4"})
    assert s.batch_size == 4
    s = load_settings({"batch_size": 2, "engine": None}, cwd=tmp_path, env={"ZH2EN_BATCH_SIZE": "4"})
    assert (s.engine, s.batch_size) == ("dictionary", 2)


def test_bad_setting_names_the_value(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "zh2en.toml").write_text("batch_sise = 8\n", encoding="utf-8")
    try:
        load_settings(cwd=tmp_path, env={})
    except ConfigError as exc:
        assert "batch_sise" in str(exc) and "batch_size" in str(exc)
    else:
        raise AssertionError("expected ConfigError")


def test_unknown_component_lists_available() -> None:
    from zh2en.builtins import engines

    try:
        engines.get("nope")
    except UnknownComponentError as exc:
        assert "dictionary" in str(exc) and "identity" in str(exc)
    else:
        raise AssertionError("expected UnknownComponentError")
