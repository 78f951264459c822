"""Shared fixtures for the whole test suite (the one conftest.py).

Tests need no model, network or GPU. Tiny data is built inline; the seeds live in seeds/.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
GLOSSARY = REPO / "glossary"
TOKENIZER_DIR = REPO.parent / "shared" / "models" / "opus-mt-zh-en-tokenizer"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    paths = sorted(SEEDS.glob("*.txt"))
    assert len(paths) == 5, paths
    return paths


@pytest.fixture(scope="session")
def glossary_dir() -> Path:
    return GLOSSARY


def seed(prefix: str) -> Path:
    """The seed file whose name starts with ``prefix`` (e.g. ``"003"``)."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


def run_cli(
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    input: str | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m zh2en ARGS`` in a subprocess, as a user would."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "NO_COLOR": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "zh2en", *args],
        cwd=cwd or REPO,
        env=full_env,
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def have_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def require_or_skip(module: str, why: str) -> None:
    """Skip when an optional dependency is missing, but fail in CI where it must be present."""
    if have_module(module):
        return
    if os.environ.get("CI"):
        pytest.fail(f"{module} must be installed in CI ({why}); scripts/setup.sh installs it")
    pytest.skip(f"{module} not installed ({why})")
