"""Reading the curator's inputs: seed texts (``seeds/*.txt``) and curated files (``seeds/curated/<table>.toml``).

Nothing is checked here beyond what reading needs (UTF-8, NFC, valid TOML,
one table per file); turning entries into records is :mod:`._validate`'s.
"""

from __future__ import annotations

import tomllib
import unicodedata
from pathlib import Path
from typing import Any

from ..errors import BuildError

__all__ = ["curated_file", "read_seed_texts", "read_toml"]


def curated_file(seeds: Path, table: str) -> Path:
    """Where the curated entries of ``table`` are kept."""
    return seeds / "curated" / f"{table}.toml"


def read_seed_texts(seeds: Path) -> dict[str, tuple[bytes, str]]:
    """Every seed document: file name -> (its bytes, its text)."""
    out = {}
    for path in sorted(seeds.glob("*.txt")):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BuildError(f"not UTF-8: {exc}", file=str(path)) from None
        if not unicodedata.is_normalized("NFC", text):
            raise BuildError("text is not NFC-normalised; evidence offsets assume NFC", file=str(path))
        out[path.name] = (raw, text)
    return out


def read_toml(path: Path, table: str) -> list[tuple[str, dict[str, Any]]]:
    """The ``[[table]]`` entries of a curated file, each with the file it came from."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BuildError("curated file is missing", file=str(path)) from None
    except UnicodeDecodeError as exc:
        raise BuildError(f"not UTF-8: {exc}", file=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise BuildError(f"invalid TOML: {exc}", file=str(path)) from None
    extra = set(data) - {table}
    if extra:
        only = f"only [[{table}]] entries belong here"
        raise BuildError(f"unexpected top-level keys {sorted(extra)}; {only}", file=str(path))
    return [(str(path), entry) for entry in data.get(table, [])]
