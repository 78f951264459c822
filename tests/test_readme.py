"""The README's commands are true: the two set-up commands, CI, and every command it shows."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from conftest import REPO, run_cli

README = (REPO / "README.md").read_text(encoding="utf-8")


def _first_block() -> list[str]:
    m = re.search(r"```bash\n(.*?)```", README, re.S)
    assert m, "README must open with a bash block"
    return [line for line in m.group(1).splitlines() if line.strip()]


def test_readme_opens_with_the_two_setup_commands_and_ci_runs_the_second() -> None:
    main_job, tests = _first_block()
    assert "scripts/setup.sh" in main_job and "zh2en translate seeds/ -o outputs/" in main_job
    assert "scripts/setup.sh" in tests and "pytest" in tests
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert tests in ci.splitlines(), ".ci/run must call the README's test command exactly"


@pytest.mark.slow
def test_readme_main_job_runs_on_the_seeds(tmp_path: Path) -> None:
    main_job = _first_block()[0]
    args = shlex.split(main_job.split("&&", 1)[1])
    assert args[0].endswith("zh2en")
    args = [str(tmp_path / "out") if a == "outputs/" else a for a in args[1:]]
    res = run_cli(*args, "--json")
    assert res.returncode == 0, res.stderr
    summary = json.loads(res.stdout)
    assert len(summary["articles"]) == 5 and not summary["errors"]
    assert all(a["segments"] > 0 and a["terms"] > 0 for a in summary["articles"])
    assert (tmp_path / "out" / "qa-report.html").is_file()
    assert (tmp_path / "out" / "run.json").is_file()


def _shown_commands() -> set[tuple[str, ...]]:
    cmds: set[tuple[str, ...]] = set()
    for block in re.findall(r"```bash\n(.*?)```", README, re.S):
        for line in block.splitlines():
            line = line.split("#", 1)[0].strip()
            if line.startswith("zh2en "):
                words = shlex.split(line)[1:]
                sub = [w for w in words[:2] if not w.startswith("-") and re.fullmatch(r"[a-z]+", w)]
                if sub and sub[0] in {"glossary", "engines", "checks"}:
                    cmds.add(tuple(sub[:2]))
                elif sub:
                    cmds.add((sub[0],))
    return cmds


def test_every_command_the_readme_shows_exists() -> None:
    cmds = _shown_commands()
    assert ("translate",) in cmds and ("glossary", "lint") in cmds
    for cmd in sorted(cmds):
        res = run_cli(*cmd, "--help")
        assert res.returncode == 0, f"`zh2en {' '.join(cmd)}` from the README: {res.stderr}"
