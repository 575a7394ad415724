"""The package type-checks under mypy --strict and lints clean under ruff (both configured in pyproject.toml),
and no public signature hides behind ``Any``."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
from collections.abc import Callable, Iterator

import pytest

import binhduong_corpus as bdc

from .conftest import ROOT


def test_mypy_strict_passes_on_the_package() -> None:
    pytest.importorskip("mypy", reason="mypy comes with the test extra")
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "src/binhduong_corpus"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]])
def test_ruff_passes(command: list[str]) -> None:
    pytest.importorskip("ruff", reason="ruff comes with the test extra")
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", *command, "src", "tests", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _callables() -> Iterator[tuple[str, Callable[..., object]]]:
    for name in bdc.__all__:
        value = getattr(bdc, name)
        if inspect.isclass(value):
            for attr, member in vars(value).items():
                if attr.startswith("_") and attr != "__init__":
                    continue
                if isinstance(member, property) and member.fget is not None:
                    yield f"{name}.{attr}", member.fget
                elif inspect.isfunction(member):
                    yield f"{name}.{attr}", member
        elif callable(value):
            yield name, value


def test_no_public_signature_uses_any() -> None:
    found = []
    for name, function in _callables():
        annotations = getattr(function, "__annotations__", {})
        found += [f"{name}: {key} -> {hint}" for key, hint in annotations.items() if re.search(r"\bAny\b", str(hint))]
    assert not found, "\n".join(found)
