"""The store trusts nothing it reads: every kind of damage to the installed data is caught and named.

Each test damages a copy of the package (see conftest) and runs the public
API or the CLI against it in a fresh interpreter.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import binhduong_corpus as bdc
from binhduong_corpus._layout import METADATA_FILES
from binhduong_corpus._schema_lock import SCHEMAS

#: The shipped events table's row count, as the manifest records it.
EVENTS = bdc.manifest()["tables"]["events"]["rows"]

Damage = Callable[[Path], object]
PROBE = """
import binhduong_corpus as b
name = {table!r}
try:
    b.load_table(name)
except b.IntegrityError as exc:
    print("IntegrityError:", exc)
else:
    print("loaded")
checks = b.verify()
print("verify:", all(c.ok for c in checks), "|".join(c.file for c in checks if not c.ok))
"""


def _edit_manifest(edit: Callable[[dict[str, object]], object]) -> Damage:
    def damage(data: Path) -> None:
        path = data / "manifest.json"
        manifest = json.loads(path.read_text(encoding="utf-8"))
        edit(manifest)
        path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")

    return damage


def _flip_byte(data: Path) -> None:
    target = data / "events.parquet"
    raw = bytearray(target.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    target.write_bytes(bytes(raw))


def _swap_in_sources(data: Path) -> None:
    """events.parquet replaced by the sources table, and the manifest's sha256 and size updated to match."""
    import hashlib

    raw = (data / "sources.parquet").read_bytes()
    (data / "events.parquet").write_bytes(raw)
    path = data / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["tables"]["events"].update(sha256=hashlib.sha256(raw).hexdigest(), bytes=len(raw))
    path.write_text(json.dumps(manifest), encoding="utf-8")


def _swap_with_fingerprint(data: Path) -> None:
    """As above, and the manifest's schema fingerprint also updated: only the code's schema can tell."""
    _swap_in_sources(data)
    path = data / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["tables"]["events"]["schema"] = manifest["tables"]["sources"]["schema"]
    path.write_text(json.dumps(manifest), encoding="utf-8")


def _rewrite(change: Callable[[pa.Table], pa.Table]) -> Damage:
    """events.parquet rewritten with ``change`` applied, and the manifest's size and sha256 updated to match.

    Only the code's own schema and vocabularies can tell.
    """

    def damage(data: Path) -> None:
        table = change(pq.ParquetFile(data / "events.parquet").read())
        sink = io.BytesIO()
        pq.write_table(table, sink, compression="zstd")
        _replace_events(data, sink.getvalue())

    return damage


def _replace_events(data: Path, raw: bytes) -> None:
    import hashlib

    (data / "events.parquet").write_bytes(raw)
    path = data / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["tables"]["events"].update(sha256=hashlib.sha256(raw).hexdigest(), bytes=len(raw))
    path.write_text(json.dumps(manifest), encoding="utf-8")


def _bogus_kind(table: pa.Table) -> pa.Table:
    column = table.column("kind").combine_chunks()
    vocabulary = ["bogus", *column.dictionary.to_pylist()]
    indices = pa.array([0, *(i + 1 for i in column.indices.to_pylist()[1:])], pa.int32())
    kinds = pa.DictionaryArray.from_arrays(indices, pa.array(vocabulary))
    return table.set_column(table.schema.get_field_index("kind"), table.schema.field("kind"), kinds)


def _kinds_reordered(table: pa.Table) -> pa.Table:
    """The same values, but the categories a reader would show in another order."""
    column = table.column("kind").combine_chunks()
    vocabulary = column.dictionary.to_pylist()[::-1]
    indices = pa.array([len(vocabulary) - 1 - i for i in column.indices.to_pylist()], pa.int32())
    kinds = pa.DictionaryArray.from_arrays(indices, pa.array(vocabulary))
    return table.set_column(table.schema.get_field_index("kind"), table.schema.field("kind"), kinds)


def _organisers_not_json(table: pa.Table) -> pa.Table:
    index = table.schema.get_field_index("organiser_ids")
    texts = pa.array(["pt-icf", *table.column(index).chunk(0).storage.to_pylist()[1:]], pa.string())
    return table.set_column(index, table.schema.field(index), pa.ExtensionArray.from_storage(pa.json_(), texts))


def _edition_as_int32(table: pa.Table) -> pa.Table:
    index = table.schema.get_field_index("edition")
    field = table.schema.field("edition").with_type(pa.int32())
    return table.set_column(index, field, table.column("edition").cast(pa.int32()))


def _corrupt_pages(data: Path) -> None:
    """Bytes inside the data pages changed (the footer intact), and the manifest updated to match."""
    raw = bytearray((data / "events.parquet").read_bytes())
    for offset in range(1000, 1040):
        raw[offset] ^= 0xFF
    _replace_events(data, bytes(raw))


def _truncate(data: Path) -> None:
    target = data / "events.parquet"
    target.write_bytes(target.read_bytes()[:100])


CASES: dict[str, tuple[Damage, str, str]] = {
    # name: (damage, what the error must say, the file verify() must name)
    "flipped byte": (_flip_byte, "'events.parquet' has sha256", "events.parquet"),
    "truncated file": (_truncate, "'events.parquet' is 100 bytes", "events.parquet"),
    "missing file": (
        lambda d: (d / "events.parquet").unlink(),
        "events.parquet is missing from the data folder",
        "events.parquet",
    ),
    "other table's file, sha256 updated": (
        _swap_in_sources,
        "holds the 'sources' table, not 'events'",
        "events.parquet",
    ),
    "other table's file, fingerprint updated": (
        _swap_with_fingerprint,
        f"tables.events.schema is {SCHEMAS['sources']}, but this package's is {SCHEMAS['events']}",
        "manifest.json",
    ),
    "entry removed": (
        _edit_manifest(lambda m: m["tables"].pop("events")),
        "table 'events' is not listed",
        "manifest.json",
    ),  # type: ignore[attr-defined]
    "extra entry": (
        _edit_manifest(lambda m: m["tables"].__setitem__("extra", m["tables"]["events"])),  # type: ignore[index]
        "'extra', which is not a table",
        "manifest.json",
    ),
    "row count changed": (
        _edit_manifest(lambda m: m["tables"]["events"].__setitem__("rows", EVENTS - 1)),  # type: ignore[index]
        f"has {EVENTS} rows, but the manifest records {EVENTS - 1}",
        "events.parquet",
    ),
    "size not a number": (
        _edit_manifest(lambda m: m["tables"]["events"].__setitem__("bytes", "12")),  # type: ignore[index]
        "tables.events.bytes is '12', not int",
        "manifest.json",
    ),
    "other version": (
        _edit_manifest(lambda m: m.__setitem__("version", "9.9.9")),
        "for version '9.9.9', but this package is",
        "manifest.json",
    ),
    "malformed manifest": (
        lambda d: (d / "manifest.json").write_text("{not json", encoding="utf-8"),
        "manifest.json is not valid JSON",
        "manifest.json",
    ),
    "missing manifest": (lambda d: (d / "manifest.json").unlink(), "manifest.json is missing", "manifest.json"),
    "manifest is a list": (
        lambda d: (d / "manifest.json").write_text("[]", encoding="utf-8"),
        "the manifest is list, not an object",
        "manifest.json",
    ),
    "path in a file name": (
        _edit_manifest(lambda m: m["tables"]["events"].__setitem__("file", "../events.parquet")),  # type: ignore[index]
        "is not a plain file name",
        "manifest.json",
    ),
    "missing metadata file": (lambda d: (d / "croissant.json").unlink(), "", "croissant.json"),
    "metadata entry removed": (
        _edit_manifest(lambda m: m["metadata"].pop("croissant.json")),  # type: ignore[attr-defined]
        "metadata file 'croissant.json' is not listed",
        "manifest.json",
    ),
    "manifest listed as metadata": (
        _edit_manifest(lambda m: m["metadata"].__setitem__("manifest.json", {"bytes": 1, "sha256": "0" * 64})),  # type: ignore[attr-defined]
        "it lists 'manifest.json', which is not a metadata file of this version",
        "manifest.json",
    ),
    "seed hash not a hash": (
        _edit_manifest(lambda m: m["seeds"].__setitem__("x.txt", 5)),  # type: ignore[attr-defined]
        "seeds['x.txt'] is 5, not a sha256",
        "manifest.json",
    ),
    "deeply nested manifest": (
        lambda d: (d / "manifest.json").write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8"),
        "manifest.json is not valid JSON",
        "manifest.json",
    ),
    "a number past Python's limits": (
        lambda d: (d / "manifest.json").write_text('{"rows": ' + "9" * 5000 + "}", encoding="utf-8"),
        "manifest.json is not valid JSON",
        "manifest.json",
    ),
    "non-UTF-8 manifest": (
        lambda d: (d / "manifest.json").write_bytes(b"\xff\xfe{}"),
        "manifest.json is not valid JSON",
        "manifest.json",
    ),
    "folder in place of a file": (
        lambda d: ((d / "events.parquet").unlink(), (d / "events.parquet").mkdir()),
        "events.parquet cannot be read",
        "events.parquet",
    ),
    "corrupt data pages, hashes updated": (_corrupt_pages, "has data that cannot be decoded", "events.parquet"),
    "value outside the vocabulary, hashes updated": (
        _rewrite(_bogus_kind),
        "holds kind values outside its vocabulary: 'bogus'",
        "events.parquet",
    ),
    "categories reordered, hashes updated": (
        _rewrite(_kinds_reordered),
        "has kind categories other than its vocabulary, in order: series, conference",
        "events.parquet",
    ),
    "list column not JSON, hashes updated": (
        _rewrite(_organisers_not_json),
        "has a list column that is not a JSON array of strings in every row",
        "events.parquet",
    ),
    "column retyped, hashes updated": (
        _rewrite(_edition_as_int32),
        "has columns this package's events schema lacks (edition: int32) and lacks columns it has (edition: int64)",
        "events.parquet",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_damage_is_caught_by_load_and_verify(
    case: str, damaged_install: Callable[[Damage], Path], run_python: Callable[..., object]
) -> None:
    damage, message, named = CASES[case]
    site = damaged_install(damage)
    result = run_python(PROBE.format(table="events"), pythonpath=site)
    out = result.stdout  # type: ignore[attr-defined]
    assert result.returncode == 0, result.stderr  # type: ignore[attr-defined]
    if message:
        assert "IntegrityError:" in out and message in out, out
        assert "make data" in out and "reinstall" in out  # the fix is named
    else:
        assert "loaded" in out  # a damaged metadata file does not stop the tables
    assert "verify: False" in out and named in out.split("verify:")[1], out


@pytest.mark.parametrize("case", ["flipped byte", "entry removed", "malformed manifest", "missing manifest"])
def test_cli_reports_damage_in_one_line_and_still_helps(
    case: str, damaged_install: Callable[[Damage], Path], run_cli: Callable[..., object]
) -> None:
    site = damaged_install(CASES[case][0])
    for args in (["--help"], ["--version"], ["search", "--help"]):
        ok = run_cli(*args, pythonpath=site)
        assert ok.returncode == 0 and ok.stdout, (args, ok.stderr)  # type: ignore[attr-defined]
    for args in ([], ["verify"], ["show", "ev-wta-2019-daejeon"]):
        failed = run_cli(*args, pythonpath=site)
        assert failed.returncode == 1, (args, failed.stdout, failed.stderr)  # type: ignore[attr-defined]
        assert "Traceback" not in failed.stderr  # type: ignore[attr-defined]
        lines = [line for line in failed.stderr.splitlines() if line]  # type: ignore[attr-defined]
        assert len(lines) == 1 and lines[0].startswith("binhduong-corpus: "), lines


def test_damage_to_one_table_leaves_the_others_loadable(
    damaged_install: Callable[[Damage], Path], run_python: Callable[..., object]
) -> None:
    site = damaged_install(_flip_byte)
    code = "import binhduong_corpus as b; print([b.load_table(n).num_rows for n in b.table_names() if n != 'events'])"
    result = run_python(code, pythonpath=site)
    others = [bdc.manifest()["tables"][name]["rows"] for name in bdc.table_names() if name != "events"]
    assert result.returncode == 0 and str(others) in result.stdout, result.stderr  # type: ignore[attr-defined]


def test_intact_copy_verifies(package_copy: Path, run_cli: Callable[..., object]) -> None:
    result = run_cli("verify", pythonpath=package_copy)
    assert result.returncode == 0 and "all files match" in result.stdout  # type: ignore[attr-defined]
    assert result.stdout.count("ok ") == len(SCHEMAS) + len(METADATA_FILES)  # type: ignore[attr-defined]


def test_manifest_is_a_copy_nothing_can_change() -> None:
    first = bdc.manifest()
    first["tables"].clear()
    first["version"] = "0.0.0"
    assert len(bdc.manifest()["tables"]) == 7 and bdc.manifest()["version"] == bdc.__version__
    assert bdc.load_table("events").num_rows == EVENTS


def test_tables_are_read_only_down_to_their_buffers() -> None:
    table = bdc.load_table("events")
    for column in table.columns:
        for chunk in column.chunks:
            for buffer in chunk.buffers():
                if buffer is not None:
                    assert not buffer.is_mutable
                    assert memoryview(buffer).readonly
    with pytest.raises(TypeError):
        memoryview(table.column("id").chunks[0].buffers()[2])[0] = 0  # type: ignore[index]
    assert bdc.load_table("events") is table


def test_clear_cache_forgets_and_reloads_the_same_data() -> None:
    before = bdc.load_table("events")
    records = bdc.events()
    bdc.clear_cache()
    after = bdc.load_table("events")
    assert after is not before and after.equals(before)
    assert bdc.events() is not records and bdc.events() == records


def test_unknown_table_suggests_the_closest() -> None:
    with pytest.raises(bdc.UnknownTableError, match=r"'event' \(did you mean 'events'\?\); valid tables are: sources"):
        bdc.load_table("event")


def test_data_paths_are_checked_files(data_dir: Path) -> None:
    paths = bdc.data_files()
    assert list(paths) == list(bdc.table_names())
    assert all(path.parent == data_dir and path.is_file() for path in paths.values())


def test_records_refuse_data_built_from_other_record_classes(
    damaged_install: Callable[[Damage], Path], run_python: Callable[..., object]
) -> None:
    """As after editing records.py without `make data`: the lock, manifest and file agree; the classes differ."""

    def damage(data: Path) -> None:
        from binhduong_corpus._fingerprint import schema_fingerprint

        table = pq.ParquetFile(data / "events.parquet").read()
        table = table.replace_schema_metadata({**table.schema.metadata, b"description": b"Something else."})
        _rewrite(lambda _: table)(data)
        fingerprint = schema_fingerprint(table.schema)
        path = data / "manifest.json"
        manifest = json.loads(path.read_text(encoding="utf-8"))
        old, manifest["tables"]["events"]["schema"] = manifest["tables"]["events"]["schema"], fingerprint
        path.write_text(json.dumps(manifest), encoding="utf-8")
        lock = data.parent / "_schema_lock.py"
        lock.write_text(lock.read_text(encoding="utf-8").replace(old, fingerprint), encoding="utf-8")

    code = (
        "import binhduong_corpus as b\n"
        "print(b.load_table('events').num_rows, all(c.ok for c in b.verify()))\n"
        "try:\n    b.events()\nexcept b.IntegrityError as exc:\n    print('IntegrityError:', exc)\n"
    )
    result = run_python(code, pythonpath=damaged_install(damage))
    out = result.stdout  # type: ignore[attr-defined]
    assert out.startswith(f"{EVENTS} True\n"), (out, result.stderr)  # type: ignore[attr-defined]
    assert "IntegrityError: the events table was built from other record classes" in out and "make data" in out
