"""The package works at the lowest versions pyproject.toml allows, not only at the newest.

`make test` builds an environment with exactly those versions (`.venv-floor`, see the Makefile);
this test checks that it holds them and runs the everyday paths there: verify, loaders, records,
frames with their dtypes and writers, Polars, DuckDB, search, exports, citations.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tomllib

import pytest

from .conftest import ROOT

FLOOR = ROOT / ".venv-floor" / "bin" / "python"

SMOKE = """
import datetime, json, sqlite3, tempfile
from importlib.metadata import version
from pathlib import Path
import binhduong_corpus as bdc

assert all(check.ok for check in bdc.verify())
for name in bdc.table_names():
    assert bdc.load_table(name).num_rows == len(bdc.load_records(name))
frame = bdc.load_dataframe("events")
assert str(frame["edition"].dtype) == "Int64"
assert list(frame["kind"].cat.categories) == [kind.value for kind in bdc.EventKind]
assert not frame[frame["start_date"] >= datetime.date(2019, 10, 1)].empty
with sqlite3.connect(":memory:") as con:
    frame.to_sql("events", con, index=False)
    stored = con.execute("select participant_ids from events where id = 'ev-korea-business-meetings-2019'")
    assert json.loads(stored.fetchone()[0]) == list(bdc.get("ev-korea-business-meetings-2019").participant_ids)
json.loads(frame.to_json(orient="records"))
polars = bdc.query("events", role="host").to_polars()
assert str(polars.schema["kind"]).startswith("Enum") and str(polars.schema["organiser_ids"]).startswith("List")
assert bdc.query("events").to_duckdb().filter("role = 'host'").aggregate("count(*)").fetchone()[0] == len(polars)
assert bdc.search("dai hoi dong")[0].record_id == "ev-wta-general-assembly-2018"
folder = Path(tempfile.mkdtemp())
bdc.export_sqlite(folder / "corpus.db")
bdc.export_table("events", "csv", folder / "events.csv")
assert bdc.cite("bibtex").startswith("@misc")
print(json.dumps({name: version(name) for name in {names}}))
"""


def _floors() -> dict[str, str]:
    """Each dependency's lowest allowed version, from pyproject.toml: the runtime's and the frame extras'."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [
        *project["dependencies"],
        *(d for extra in ("pandas", "polars", "duckdb") for d in project["optional-dependencies"][extra]),
    ]
    floors = {}
    for requirement in wanted:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)>=([0-9.]+)", requirement)
        assert match, f"not a plain lower bound: {requirement}"
        floors[match[1].lower()] = match[2]
    return floors


def test_the_package_works_at_its_lowest_allowed_versions() -> None:
    if not FLOOR.exists():
        pytest.skip(".venv-floor is not here (make test creates it)")
    floors = _floors()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run(
        [str(FLOOR), "-c", SMOKE.replace("{names}", repr(sorted(floors)))],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    installed = json.loads(result.stdout.strip().splitlines()[-1])
    # The floor environment must hold exactly the lowest versions pyproject.toml allows (a patch release at most).
    for name, floor in floors.items():
        assert installed[name].startswith(floor), (name, installed[name], floor)
