"""The package type-checks under mypy --strict (configured in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_strict_passes_on_the_package() -> None:
    pytest.importorskip("mypy", reason="mypy comes with the test extra")
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "src/binhduong_corpus"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
