"""Shared fixtures: where things are, damaged copies of the package, and runners for the CLIs.

A damaged copy is a whole copy of the installed package in a temporary
folder, with its data changed by the test; code runs against it in a fresh
interpreter with that folder first on ``PYTHONPATH``. So no test reaches
into the package's caches or private functions to fake a broken install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

import binhduong_corpus

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path(binhduong_corpus.__file__).resolve().parent

# Hypothesis profiles for the fuzz tests (tests/test_fuzz.py), which run under the one that
# HYPOTHESIS_PROFILE names, "ci" by default. Naming one also makes it every test's default.
# "ci": a quick sample that keeps the suite fast; "fuzz": a long hunt (`make fuzz`).
settings.register_profile("ci", max_examples=60, deadline=None, print_blob=True)
settings.register_profile("fuzz", max_examples=2_000, deadline=None, print_blob=True)
if "HYPOTHESIS_PROFILE" in os.environ:
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root."""
    return ROOT


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The data folder of the package under test (the shipped Parquet files and manifest)."""
    return PACKAGE / "data"


def _copy_package(target: Path) -> Path:
    """A copy of the package under ``target``; return the folder to put on PYTHONPATH."""
    shutil.copytree(PACKAGE, target / "binhduong_corpus", ignore=shutil.ignore_patterns("__pycache__"))
    return target


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A private copy of seeds/ (texts and curated files) that a test may break."""
    return Path(shutil.copytree(ROOT / "seeds", tmp_path / "seeds"))


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """An intact copy of the package; its data folder is ``<returned path>/binhduong_corpus/data``."""
    return _copy_package(tmp_path / "site")


@pytest.fixture
def damaged_install(tmp_path: Path) -> Callable[[Callable[[Path], object]], Path]:
    """A factory: ``damaged_install(damage)`` copies the package and calls ``damage(data_folder)``.

    It returns the folder to put on PYTHONPATH to run against the damaged copy.
    """
    count = 0

    def make(damage: Callable[[Path], object]) -> Path:
        nonlocal count
        count += 1
        site = _copy_package(tmp_path / f"damaged-{count}")
        damage(site / "binhduong_corpus" / "data")
        return site

    return make


def _env(pythonpath: Path | None) -> dict[str, str]:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(pythonpath), *filter(None, [env.get("PYTHONPATH")])])
    env["PYTHONIOENCODING"] = "utf-8"
    return env


Runner = Callable[..., "subprocess.CompletedProcess[str]"]


def _runner(*command: str, default_cwd: Path | None = None) -> Runner:
    """Run ``python COMMAND... ARGS`` in a fresh interpreter, optionally against a copy of the package."""

    def run(*args: str, pythonpath: Path | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *command, *args],
            capture_output=True,
            text=True,
            env=_env(pythonpath),
            cwd=cwd or default_cwd,
            timeout=300,
        )

    return run


@pytest.fixture(scope="session")
def run_python() -> Runner:
    """``run_python(code, pythonpath=None, cwd=None)``: run ``python -c code``; return the finished process."""
    return _runner("-c")


@pytest.fixture(scope="session")
def run_cli() -> Runner:
    """``run_cli(*args, pythonpath=None, cwd=None)``: run ``python -m binhduong_corpus ARGS``."""
    return _runner("-m", "binhduong_corpus")


@pytest.fixture(scope="session")
def run_build() -> Runner:
    """``run_build(*args, pythonpath=None, cwd=None)``: run the build's command line (default cwd: the repository)."""
    return _runner("-m", "binhduong_corpus.build", default_cwd=ROOT)
