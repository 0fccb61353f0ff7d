"""The tree stays ruff-clean and type-checks: lint, format and mypy are checked like any
other behaviour."""

import shutil
import subprocess
import sys

import pytest

from conftest import ROOT


def _ruff(*args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("ruff") or sys.executable
    cmd = [exe, *args] if exe.endswith("ruff") else [exe, "-m", "ruff", *args]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize("args", [("check", "."), ("format", "--check", ".")])
def test_ruff_is_clean(args: tuple[str, ...]) -> None:
    result = _ruff(*args)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    """`mypy` (configured in pyproject.toml: strict, with the pydantic plugin) on src/."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
