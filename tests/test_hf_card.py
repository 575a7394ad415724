"""The Hugging Face dataset card: its front matter, and `datasets` itself loading every table through it.

The card is rendered here and set beside copies of the committed Parquet
files, so these tests check the card the build writes now, whichever data
was built last. `datasets` runs in its own environment (.venv-hf, `make
.venv-hf/bin/python`), offline, in a fresh interpreter.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from binhduong_corpus import load
from binhduong_corpus._cite import cite
from binhduong_corpus._layout import MANIFEST, table_file
from binhduong_corpus._metadata import DATASET
from binhduong_corpus._store import manifest_problems
from binhduong_corpus.build import build
from binhduong_corpus.build._card import card
from binhduong_corpus.records import TABLES
from binhduong_corpus.schema import columns, describe_class

from .conftest import ROOT

DATA = Path(load.__file__).parent / "data"
HF_PYTHON = ROOT / ".venv-hf" / "bin" / "python"

# Prints, for each table named on the command line, what `datasets` loaded: rows, columns, and
# which list columns came back as lists of strings in every row.
_LOAD = """
import json, sys
import datasets

folder, tables, lists = sys.argv[1], sys.argv[2].split(","), json.loads(sys.argv[3])
loaded = {}
for table in tables:
    split = datasets.load_dataset(folder, table, split="train")
    listed = [c for c in lists.get(table, []) if all(isinstance(v, list) and all(isinstance(s, str) for s in v)
                                                      for v in split[c])]
    loaded[table] = {"rows": split.num_rows, "columns": split.column_names, "lists": listed}
print(json.dumps(loaded))
"""


def _rows() -> dict[str, int]:
    """Each table's row count, as the committed manifest records it (read as plain JSON, so a stale one still is)."""
    tables = json.loads((DATA / MANIFEST).read_text(encoding="utf-8"))["tables"]
    return {name: tables[name]["rows"] for name in TABLES}


def _front_matter(text: str) -> dict[str, Any]:
    assert text.startswith("---\n")
    head, _, _ = text[len("---\n") :].partition("\n---\n")
    data: dict[str, Any] = yaml.safe_load(head)
    return data


def test_front_matter_has_one_config_per_table() -> None:
    meta = _front_matter(card(_rows()))
    assert [c["config_name"] for c in meta["configs"]] == list(TABLES)
    for config in meta["configs"]:
        assert config["data_files"] == [{"split": "train", "path": table_file(config["config_name"])}]
    assert meta["license"] == "cc-by-4.0" and meta["language"] == ["vi", "en"]
    assert meta["pretty_name"] == DATASET.title and meta["tags"] == list(DATASET.keywords)
    assert meta["size_categories"] == ["n<1K"]
    assert _front_matter(card(dict.fromkeys(TABLES, 2_000)))["size_categories"] == ["10K<n<100K"]


def test_card_text_says_what_each_table_holds() -> None:
    rows = _rows()
    text = card(rows)
    for name, cls in TABLES.items():
        assert f"### {name}\n\n{describe_class(cls)} {rows[name]} rows.\n" in text
        for col in columns(cls):
            assert f"| `{col.name}` | {col.type_label} |" in text
    assert f"```bibtex\n{cite('bibtex').rstrip()}\n```\n" in text
    assert "- `events.name_vi`: Vietnamese." in text and "- `people.role_en`: English." in text
    assert "- `sources.text`: In the language the row's `language` column gives." in text
    assert text.endswith("```\n") and not text.endswith("\n\n")


def test_the_build_writes_the_card_and_the_manifest_vouches_for_it(tmp_path: Path) -> None:
    manifest = build(ROOT / "seeds", tmp_path / "data")
    raw = (tmp_path / "data" / "README.md").read_bytes()
    assert raw.decode("utf-8") == card({name: entry["rows"] for name, entry in manifest["tables"].items()})
    assert manifest["metadata"]["README.md"] == {"bytes": len(raw), "sha256": hashlib.sha256(raw).hexdigest()}
    assert manifest_problems(manifest) == []


@pytest.fixture
def card_folder(tmp_path: Path) -> Path:
    """A data folder as the build writes it: the card beside the committed Parquet files."""
    folder = tmp_path / "data"
    folder.mkdir()
    for name in TABLES:
        shutil.copyfile(DATA / table_file(name), folder / table_file(name))
    (folder / "README.md").write_text(card(_rows()), encoding="utf-8")
    return folder


@pytest.mark.standards
def test_datasets_loads_every_table_through_the_card(card_folder: Path, tmp_path: Path) -> None:
    if not HF_PYTHON.exists():
        pytest.skip("Hugging Face datasets is not installed here (make .venv-hf/bin/python installs it in .venv-hf)")
    lists = {name: [c.name for c in columns(cls) if c.kind == "list"] for name, cls in TABLES.items()}
    home = tmp_path / "hf-home"  # a cache of its own: nothing read from, or left in, the user's
    env = {**os.environ, "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "HF_HOME": str(home)}
    args = [str(HF_PYTHON), "-c", _LOAD, str(card_folder), ",".join(TABLES), json.dumps(lists)]
    result = subprocess.run(args, capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    loaded = json.loads(result.stdout.splitlines()[-1])
    assert {name: t["rows"] for name, t in loaded.items()} == _rows()
    for name, cls in TABLES.items():
        assert loaded[name]["columns"] == [c.name for c in columns(cls)], name
        assert loaded[name]["lists"] == lists[name], name


@pytest.mark.standards
def test_the_documented_command_loads_the_installed_data(tmp_path: Path) -> None:
    if not HF_PYTHON.exists():
        pytest.skip("Hugging Face datasets is not installed here (make .venv-hf/bin/python installs it in .venv-hf)")
    (code,) = re.findall(r'^python -c "(.+)"$', (ROOT / "docs" / "standards.md").read_text(encoding="utf-8"), re.M)
    env = {**os.environ, "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf-home")}
    env["PYTHONPATH"] = str(Path(load.__file__).parent.parent)  # this package, not one the environment may have
    result = subprocess.run([str(HF_PYTHON), "-c", code], capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"num_rows: {_rows()['events']}" in result.stdout
