"""The standard metadata files pass their own validators, and agree with the schema and the data.

Frictionless reads Parquet through pandas, which turns list columns into
arrays its ``array`` type rejects and nullable integers into floats. So the
shipped datapackage.json (which describes the Parquet files) is validated
as a descriptor, and the same package rendered for a CSV export of the
tables is validated in full, data included. See docs/standards.md.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import frictionless
import mlcroissant as mlc
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import rdflib

import binhduong_corpus as bdc
from binhduong_corpus import load
from binhduong_corpus._export import export_table
from binhduong_corpus._layout import METADATA_FILES, table_file
from binhduong_corpus._metadata import DATASET
from binhduong_corpus.build._croissant import CROISSANT_CONTEXT, croissant
from binhduong_corpus.build._datapackage import FileInfo, datapackage
from binhduong_corpus.build._datasheet import datasheet
from binhduong_corpus.records import TABLES
from binhduong_corpus.schema import columns

from .conftest import ROOT

pytestmark = pytest.mark.standards

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


@pytest.mark.parametrize("name", METADATA_FILES)
def test_metadata_files_are_in_the_manifest(name: str) -> None:
    import hashlib

    raw = (DATA / name).read_bytes()
    assert bdc.manifest()["metadata"][name] == {"bytes": len(raw), "sha256": hashlib.sha256(raw).hexdigest()}


# --- croissant(files) rendered now, against the committed Parquet files ----------------------------------


def _as_json_text(data: pa.Table) -> pa.Table:
    """``data`` with each native list column as JSON text, as the data files store list columns."""
    for index, field in enumerate(data.schema):
        if pa.types.is_list(field.type):
            text = pa.array([json.dumps(v, ensure_ascii=False) for v in data.column(index).to_pylist()], pa.string())
            data = data.set_column(index, field.with_type(pa.string()), text)
    return data


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """croissant(files) in a folder with the committed tables, their list columns JSON text either way."""
    folder = tmp_path_factory.mktemp("croissant")
    files = {}
    for name in TABLES:
        pq.write_table(_as_json_text(pq.read_table(DATA / table_file(name))), folder / table_file(name))
        raw = (folder / table_file(name)).read_bytes()
        files[name] = FileInfo(path=table_file(name), bytes=len(raw), sha256=hashlib.sha256(raw).hexdigest())
    (folder / "croissant.json").write_text(json.dumps(croissant(files), ensure_ascii=False), encoding="utf-8")
    return folder / "croissant.json"


def _rendered_fields(path: Path) -> dict[str, dict[str, Any]]:
    document = json.loads(path.read_text(encoding="utf-8"))
    return {field["@id"]: field for record_set in document["recordSet"] for field in record_set["field"]}


CR = rdflib.Namespace("http://mlcommons.org/croissant/")


def _graph(path: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(path, format="json-ld")


def test_rendered_croissant_passes_mlcroissant_and_reads_every_record(rendered: Path) -> None:
    dataset = mlc.Dataset(jsonld=rendered)
    issues = dataset.metadata.ctx.issues
    assert (issues.errors, issues.warnings) == (set(), set())
    assert dataset.metadata.in_language == ["vi", "en"]
    for name, cls in TABLES.items():
        rows = list(dataset.records(record_set=name))
        assert len(rows) == pq.read_metadata(rendered.parent / table_file(name)).num_rows, name
        for col in columns(cls):
            if col.kind == "list":  # JSON text, read as text
                values = [json.loads(row[f"{name}/{col.name}"]) for row in rows]
                assert all(isinstance(v, list) and all(isinstance(s, str) for s in v) for v in values), col.name


def test_rendered_croissant_describes_list_columns_as_json_text(rendered: Path) -> None:
    fields = _rendered_fields(rendered)
    lists = [f"{name}/{col.name}" for name, cls in TABLES.items() for col in columns(cls) if col.kind == "list"]
    assert lists == ["sources/authors", "events/organiser_ids", "events/participant_ids", "evidence/supports"]
    for field_id in lists:
        assert fields[field_id]["dataType"] == "sc:Text" and "repeated" not in fields[field_id]
        assert fields[field_id]["description"].count("Stored as JSON text: an array of strings.") == 1


def test_rendered_croissant_expands_to_rdf_without_a_blank_node(rendered: Path) -> None:
    graph = _graph(rendered)
    blank = {term for triple in graph for term in triple if isinstance(term, rdflib.BNode)}
    assert not blank, f"{len(blank)} blank nodes"
    (dataset,) = graph.subjects(rdflib.RDF.type, rdflib.SDO.Dataset)
    assert dataset == rdflib.URIRef(rendered.as_uri() + "#binhduong-corpus")
    # Every kind of node is there, each under its own IRI: none was lost to make the check pass.
    nodes = [rdflib.SDO.Organization, CR.FileObject, CR.RecordSet, CR.Field]
    counts = [len(set(graph.subjects(rdflib.RDF.type, kind))) for kind in nodes]
    assert counts == [len(DATASET.authors), len(TABLES), len(TABLES), sum(len(columns(cls)) for cls in TABLES.values())]
    for part in (CR.source, CR.extract, CR.fileObject, CR.column, CR.references):
        assert set(graph.triples((None, part, None))), part


def test_rendered_croissant_gives_each_text_field_its_language(rendered: Path) -> None:
    graph = _graph(rendered)
    base = rendered.parent.as_uri() + "/"

    def languages(field_id: str) -> set[rdflib.Literal]:
        return set(graph.objects(rdflib.URIRef(base + field_id), rdflib.SDO.inLanguage))

    vi, en = rdflib.Literal("vi"), rdflib.Literal("en")  # codes, with no language tag of their own
    for table in ("events", "partners", "awards"):
        assert (languages(f"{table}/name_vi"), languages(f"{table}/name_en")) == ({vi}, {en})
    assert languages("people/role_en") == {en}
    for column in ("title", "text"):
        assert languages(f"sources/{column}") == {vi, en}
        assert "the row's `language` column gives" in _rendered_fields(rendered)[f"sources/{column}"]["description"]
    assert languages("sources/id") == set()  # codes and ids are in no language
    (dataset,) = graph.subjects(rdflib.RDF.type, rdflib.SDO.Dataset)
    assert set(graph.objects(dataset, rdflib.SDO.inLanguage)) == {vi, en}
    keywords = set(graph.objects(dataset, rdflib.SDO.keywords))
    assert rdflib.Literal("Bình Dương", lang="vi") in keywords and rdflib.Literal("smart city", lang="en") in keywords
    vietnamese = [o for o in graph.objects(dataset) if isinstance(o, rdflib.Literal) and o.language == "vi"]
    assert sorted(map(str, vietnamese)) == ["Bình Dương", "Dữ liệu hợp tác quốc tế của Bình Dương"]
