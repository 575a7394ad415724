"""The standard metadata files pass their own validators, and agree with the schema and the data.

Frictionless reads Parquet through pandas, which turns list columns into
arrays its ``array`` type rejects and nullable integers into floats. So the
shipped datapackage.json (which describes the Parquet files) is validated
as a descriptor, and the same package rendered for a CSV export of the
tables is validated in full, data included. See docs/standards.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import frictionless
import mlcroissant as mlc
import pytest

import binhduong_corpus as bdc
from binhduong_corpus import load
from binhduong_corpus._export import export_table
from binhduong_corpus.build._croissant import CROISSANT_CONTEXT
from binhduong_corpus.build._datapackage import datapackage
from binhduong_corpus.build._datasheet import datasheet
from binhduong_corpus.records import TABLES
from binhduong_corpus.schema import columns

from .conftest import ROOT

DATA = Path(load.__file__).parent / "data"


def _json(name: str) -> dict[str, Any]:
    return dict(json.loads((DATA / name).read_text(encoding="utf-8")))


def test_datapackage_descriptor_is_valid_and_matches_the_manifest() -> None:
    package = _json("datapackage.json")
    report = frictionless.Package.validate_descriptor(package)
    assert report.valid, report.flatten(["type", "note"])
    manifest = bdc.manifest()
    for resource in package["resources"]:
        info = manifest["tables"][resource["name"]]
        assert (resource["path"], resource["hash"]) == (info["file"], f"sha256:{info['sha256']}")
        assert "bytes" not in resource  # frictionless cannot count a Parquet file's bytes
        assert [f["name"] for f in resource["schema"]["fields"]] == [c.name for c in columns(TABLES[resource["name"]])]
    assert package["version"] == bdc.__version__
    events = next(r for r in package["resources"] if r["name"] == "events")
    parent = {"fields": ["parent_id"], "reference": {"resource": "events", "fields": ["id"]}}
    assert parent in events["schema"]["foreignKeys"]


def test_csv_rendition_passes_frictionless_validate(tmp_path: Path) -> None:
    files = {}
    for name in bdc.table_names():
        path = tmp_path / f"{name}.csv"
        export_table(name, "csv", path)
        import hashlib

        raw = path.read_bytes()
        files[name] = {"path": path.name, "bytes": len(raw), "sha256": hashlib.sha256(raw).hexdigest()}
    descriptor = tmp_path / "datapackage.json"
    descriptor.write_text(
        json.dumps(datapackage(files, bdc.sources(), fmt="csv"), ensure_ascii=False), encoding="utf-8"
    )
    report = frictionless.validate(str(descriptor))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    assert [task.stats["rows"] for task in report.tasks] == [
        bdc.manifest()["tables"][n]["rows"] for n in bdc.table_names()
    ]


def test_croissant_context_is_mlcroissants_own() -> None:
    from mlcroissant._src.core.rdf import make_context

    assert make_context() == CROISSANT_CONTEXT
    assert _json("croissant.json")["@context"] == make_context()


def test_croissant_passes_mlcroissant_and_reads_every_record() -> None:
    dataset = mlc.Dataset(jsonld=DATA / "croissant.json")  # raises ValidationError on any error
    issues = dataset.metadata.ctx.issues
    assert (issues.errors, issues.warnings) == (set(), set())
    croissant = _json("croissant.json")
    manifest = bdc.manifest()
    for item in croissant["distribution"]:
        table = Path(item["contentUrl"]).stem
        assert item["sha256"] == manifest["tables"][table]["sha256"]
    for name in bdc.table_names():
        rows = list(dataset.records(record_set=name))
        assert len(rows) == manifest["tables"][name]["rows"], name
    assert croissant["citeAs"] == bdc.cite("bibtex")
    assert croissant["version"] == bdc.__version__


def test_committed_datasheet_is_current_and_counts_the_data() -> None:
    tables = {name: bdc.load_records(name) for name in bdc.table_names()}
    text = datasheet(tables)
    assert (ROOT / "docs" / "datasheet.md").read_text(encoding="utf-8") == text
    for name, records in tables.items():
        assert f"| {name} | {len(records)} |" in text


@pytest.mark.parametrize("name", ["datapackage.json", "croissant.json"])
def test_metadata_files_are_in_the_manifest(name: str) -> None:
    import hashlib

    raw = (DATA / name).read_bytes()
    assert bdc.manifest()["metadata"][name] == {"bytes": len(raw), "sha256": hashlib.sha256(raw).hexdigest()}
