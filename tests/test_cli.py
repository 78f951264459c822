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


def test_closed_stdout_pipe_exits_quietly_with_zero() -> None:
    """`zh2en ingest seeds/ | head -1`: a reader that stops early is not an error (no exit 1)."""
    import os

    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "NO_COLOR": "1"}
    for args in (["ingest", "seeds/"], ["glossary", "list"], ["checks", "list"]):
        proc = subprocess.Popen(
            [sys.executable, "-m", "zh2en", *args],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()  # the reader is gone before the first line is written
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=60) == 0, (args, err)
        assert "Traceback" not in err and "BrokenPipe" not in err, (args, err)


def test_bad_setting_value_names_where_it_came_from(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """ZH2EN_BATCH_SIZE=abc: say which variable, what is expected; no Python internals."""
    res = run_cli(
        "translate",
        "seeds/",
        "-o",
        str(tmp_path / "o"),
        "--engine",
        "dictionary",
        env={"ZH2EN_BATCH_SIZE": "abc"},
    )
    assert res.returncode == 1
    assert "ZH2EN_BATCH_SIZE" in res.stderr and "'abc'" in res.stderr and "integer" in res.stderr
    assert "invalid literal" not in res.stderr and "hint:" in res.stderr
    (tmp_path / "zh2en.toml").write_text("batch_size = [\n", encoding="utf-8")
    res = run_cli("translate", str(REPO / "seeds"), "-o", str(tmp_path / "o"), cwd=tmp_path)
    assert res.returncode == 1 and str(tmp_path / "zh2en.toml") in res.stderr, res.stderr
    (tmp_path / "zh2en.toml").write_text('batch_size = "x"\n', encoding="utf-8")
    try:
        load_settings(cwd=tmp_path, env={})
    except ConfigError as exc:
        assert "zh2en.toml" in str(exc) and "'x'" in str(exc) and "integer" in str(exc)
    else:
        raise AssertionError("expected ConfigError")
