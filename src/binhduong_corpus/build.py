"""Build the Parquet tables and manifest from the curated seeds.

Run from the repository root::

    python -m binhduong_corpus.build            # rebuild data/, docs/ (dictionary, datasheet), CITATION.cff
    python -m binhduong_corpus.build --check    # fail if the committed files differ from a fresh build
    python -m binhduong_corpus.build --locate   # fill start/end offsets for evidence quotes that lack them
    python -m binhduong_corpus.build --release  # record the built data as releases/<version>.json
    python -m binhduong_corpus.build --changelog  # print the CHANGELOG "Data" section for this version

``--locate`` rewrites evidence entries written one inline table per line
(``{ source = "...", quote = "..." },``), as the curated files do.

Inputs are ``seeds/*.txt`` (the documents) and ``seeds/curated/<table>.toml``
(the records). The build refuses, with a :class:`BuildError` naming the
file, record id and field, any input that is not exactly right; it never
repairs. The same inputs and the same pyarrow release give the same bytes.

This module is tooling: the runtime package never imports it.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import math
import re
import sys
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from . import _edtf
from ._cite import citation_cff
from ._convert import converter, row_from_record
from ._describe import croissant, datapackage, datasheet
from ._iso3166 import ALPHA2
from ._version import __version__
from .errors import BuildError
from .records import RECORD_TABLES, TABLES, Basis, Evidence, Source
from .schema import Column, arrow_schema, columns, data_dictionary, schema_fingerprint

__all__ = ["build", "changelog_data", "check", "data_section", "locate", "main", "read_curated", "release"]

MANIFEST = "manifest.json"
_ID_WORDS = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_EVIDENCE_KEYS = {"source", "quote", "start", "end", "basis", "note"}
_PARQUET_OPTIONS = {"compression": "zstd", "compression_level": 9, "write_statistics": True}


@attrs.frozen
class Curated:
    """Validated records, ready to write."""

    tables: dict[str, tuple[Any, ...]]  # table name -> records sorted by id
    seeds: dict[str, str]  # seed file -> sha256


# --- reading ---------------------------------------------------------------


def read_curated(seeds: Path) -> Curated:
    """Read and validate every curated file; raise BuildError on the first problem."""
    texts = _read_seed_texts(seeds)
    raw = {table: _read_toml(seeds / "curated" / f"{table}.toml", table) for table in RECORD_TABLES}
    sources = {entry["id"]: entry for _, entry in raw["sources"] if isinstance(entry.get("id"), str)}
    records: dict[str, list[Any]] = {}
    files: dict[str, str] = {}  # record id -> curated file, for errors found across records
    for table, entries in raw.items():
        records[table] = []
        for file, entry in entries:
            record = _record(table, file, entry, texts, sources)
            _check_unique_id(record.id, file, files)
            records[table].append(record)
    _check_references(records, files)
    _check_seeds_covered(texts, records["sources"], seeds / "curated" / "sources.toml")
    tables = {table: tuple(sorted(recs, key=lambda r: r.id)) for table, recs in records.items()}
    evidence = sorted(
        (ev for recs in tables.values() for rec in recs for ev in rec.evidence),
        key=lambda e: (e.record_id, e.source_id, e.start, e.end),
    )
    tables["evidence"] = tuple(evidence)
    return Curated(tables=tables, seeds={name: hashlib.sha256(raw).hexdigest() for name, (raw, _) in texts.items()})


def _read_seed_texts(seeds: Path) -> dict[str, tuple[bytes, str]]:
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


def _read_toml(path: Path, table: str) -> list[tuple[str, dict[str, Any]]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BuildError("curated file is missing", file=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise BuildError(f"invalid TOML: {exc}", file=str(path)) from None
    extra = set(data) - {table}
    if extra:
        raise BuildError(f"unexpected top-level keys {sorted(extra)}; only [[{table}]] entries belong here", file=str(path))
    return [(str(path), entry) for entry in data.get(table, [])]


# --- one record --------------------------------------------------------------


def _record(
    table: str,
    file: str,
    entry: dict[str, Any],
    texts: Mapping[str, tuple[bytes, str]],
    sources: Mapping[str, dict[str, Any]],
) -> Any:
    cls = TABLES[table]
    record_id = entry.get("id")
    where = {"file": file, "record_id": record_id if isinstance(record_id, str) else None}
    values = _check_fields(cls, entry, where)
    _check_id(values["id"], cls, where)
    if cls is Source:
        values.update(_source_text(values, texts, where))
    values.update(_derived_dates(cls, values))
    evidence = _evidence(values["id"], entry.get("evidence"), texts, sources, where)
    return converter.structure({**values, "evidence": evidence}, cls)


def _check_fields(cls: type[Any], entry: dict[str, Any], where: dict[str, Any]) -> dict[str, Any]:
    cols = {c.name: c for c in columns(cls)}
    writable = {name for name, c in cols.items() if not c.derived} - ({"text"} if cls is Source else set())
    unknown = set(entry) - writable - {"evidence"}
    if unknown:
        field = sorted(unknown)[0]
        raise BuildError(f"unknown field; valid fields are {sorted(writable | {'evidence'})}", field=field, **where)
    values = {}
    for name in sorted(writable):
        values[name] = _check_value(cols[name], entry.get(name), where)
    for name, value in values.items():
        basis = f"{name}_basis"
        if basis in values and (value is None) != (values[basis] is None):
            raise BuildError(f"'{basis}' must be given exactly when '{name}' is", field=basis, **where)
    return values


def _check_value(col: Column, value: Any, where: dict[str, Any]) -> Any:
    if value is None:
        if col.kind == "list":
            return []
        if not col.nullable:
            raise BuildError("required field is missing", field=col.name, **where)
        return None
    if col.kind == "date" or not col.accepts(value):  # dates are derived, never curated
        raise BuildError(f"expected {col.type_label}, got {type(value).__name__} {value!r}", field=col.name, **where)
    if col.kind == "int64" and not -(2**63) <= value < 2**63:
        raise BuildError(f"{value} does not fit a 64-bit integer", field=col.name, **where)
    if col.kind == "float64" and not math.isfinite(value):
        raise BuildError(f"{value!r} is not a finite number", field=col.name, **where)
    if col.kind == "list" and not all(isinstance(v, str) for v in value):
        raise BuildError(f"expected a list of strings, got {value!r}", field=col.name, **where)
    if isinstance(value, str) and (not value or value != value.strip()):
        raise BuildError(f"empty or padded string {value!r}", field=col.name, **where)
    if col.enum and value not in col.values:
        raise BuildError(f"unknown value {value!r}; valid values are {list(col.values)}", field=col.name, **where)
    _check_format(col, value, where)
    return float(value) if col.kind == "float64" else value


def _check_format(col: Column, value: Any, where: dict[str, Any]) -> None:
    if col.format == "edtf":
        try:
            _edtf.parse_edtf(value)
        except ValueError as exc:
            raise BuildError(str(exc), field=col.name, **where) from None
    elif col.format == "iso3166" and value not in ALPHA2:
        raise BuildError(f"{value!r} is not an ISO 3166-1 alpha-2 country code", field=col.name, **where)


def _check_id(record_id: str, cls: type[Any], where: dict[str, Any]) -> None:
    prefix = f"{cls.ID_PREFIX}-"
    if not (record_id.startswith(prefix) and _ID_WORDS.fullmatch(record_id[len(prefix) :])):
        raise BuildError(
            f"id {record_id!r} is not in the id format '{prefix}<lowercase-ascii-words>'", field="id", **where
        )


def _source_text(values: dict[str, Any], texts: Mapping[str, tuple[bytes, str]], where: dict[str, Any]) -> dict[str, Any]:
    name = values["seed_file"]
    if name not in texts:
        raise BuildError(f"seed file {name!r} is not in seeds/; present: {sorted(texts)}", field="seed_file", **where)
    raw, text = texts[name]
    actual = hashlib.sha256(raw).hexdigest()
    if actual != values["sha256"]:
        raise BuildError(
            f"seed file {name!r} has sha256 {actual}, but the record says {values['sha256']}", field="sha256", **where
        )
    return {"text": text}


def _derived_dates(cls: type[Any], values: dict[str, Any]) -> dict[str, Any]:
    names = {c.name for c in columns(cls)}
    if "start_date" not in names:
        return {}
    if values.get("date") is None:
        return {"start_date": None, "end_date": None}
    parsed = _edtf.parse_edtf(values["date"])
    return {"start_date": parsed.start, "end_date": parsed.end}


def _evidence(
    record_id: str,
    entries: Any,
    texts: Mapping[str, tuple[bytes, str]],
    sources: Mapping[str, dict[str, Any]],
    where: dict[str, Any],
) -> list[Evidence]:
    if not entries:
        raise BuildError("record has no evidence; every record needs at least one quote", field="evidence", **where)
    out = []
    for index, entry in enumerate(entries):
        field = f"evidence[{index}]"
        unknown = set(entry) - _EVIDENCE_KEYS
        if unknown:
            raise BuildError(f"unknown keys {sorted(unknown)}; valid keys are {sorted(_EVIDENCE_KEYS)}", field=field, **where)
        text = _evidence_text(entry, texts, sources, field, where)
        start, end, quote = entry.get("start"), entry.get("end"), entry.get("quote")
        if not isinstance(quote, str) or not quote:
            raise BuildError("quote is missing or empty", field=field, **where)
        if type(start) is not int or type(end) is not int:  # noqa: E721 - bool must not pass
            raise BuildError("start/end offsets are missing (run the build with --locate)", field=field, **where)
        if not 0 <= start < end <= len(text) or text[start:end] != quote:
            raise BuildError(
                f"quote differs from the source span [{start}:{end}] {text[start:end]!r}", field=field, **where
            )
        basis = entry.get("basis", "stated")
        if basis not in ("stated", "inferred"):
            raise BuildError(f"unknown basis {basis!r}; valid values are ['stated', 'inferred']", field=field, **where)
        if basis == "inferred" and not entry.get("note"):
            raise BuildError("inferred evidence needs a note saying how", field=field, **where)
        out.append(Evidence(record_id, entry["source"], start, end, quote, Basis(basis), entry.get("note")))
    _check_no_duplicate_spans(out, where)
    return out


def _evidence_text(
    entry: Mapping[str, Any],
    texts: Mapping[str, tuple[bytes, str]],
    sources: Mapping[str, dict[str, Any]],
    field: str,
    where: dict[str, Any],
) -> str:
    source_id = entry.get("source")
    source = sources.get(source_id) if isinstance(source_id, str) else None
    if source is None:
        raise BuildError(f"source {source_id!r} does not exist; valid sources are {sorted(sources)}", field=field, **where)
    seed = texts.get(source.get("seed_file", ""))
    if seed is None:
        raise BuildError(f"source {source_id!r} has no readable seed file", field=field, **where)
    return seed[1]


def _check_no_duplicate_spans(evidence: list[Evidence], where: dict[str, Any]) -> None:
    spans = Counter((e.source_id, e.start, e.end) for e in evidence)
    for (source_id, start, end), count in spans.items():
        if count > 1:
            raise BuildError(f"the span {source_id}[{start}:{end}] is given {count} times", field="evidence", **where)


# --- across records -----------------------------------------------------------


def _check_unique_id(record_id: str, file: str, files: dict[str, str]) -> None:
    if record_id in files:
        raise BuildError(f"duplicate id (also in {files[record_id]})", file=file, record_id=record_id, field="id")
    files[record_id] = file


def _check_references(records: Mapping[str, list[Any]], files: Mapping[str, str]) -> None:
    ids = {table: {rec.id for rec in recs} for table, recs in records.items()}
    for table, recs in records.items():
        refs = [(c.name, c.ref) for c in columns(TABLES[table]) if c.ref]
        for rec in recs:
            for name, target_table in refs:
                for target in _as_ids(getattr(rec, name)):
                    if target not in ids[target_table]:
                        raise BuildError(
                            f"reference {target!r} points to no record in {target_table}",
                            file=files[rec.id],
                            record_id=rec.id,
                            field=name,
                        )
            if getattr(rec, "parent_id", None) == rec.id:
                raise BuildError("an event cannot be its own parent", file=files[rec.id], record_id=rec.id, field="parent_id")


def _as_ids(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, tuple | list) else (value,)


def _check_seeds_covered(texts: Mapping[str, Any], sources: list[Source], file: Path) -> None:
    missing = set(texts) - {s.seed_file for s in sources}
    if missing:
        raise BuildError(f"seed files without a sources entry: {sorted(missing)}", file=str(file))


# --- writing ------------------------------------------------------------------


def table_bytes(name: str, records: tuple[Any, ...]) -> bytes:
    """The Parquet bytes of one table; deterministic for a given pyarrow release."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(name)
    table = pa.Table.from_pylist([row_from_record(r) for r in records], schema=schema)
    sink = io.BytesIO()
    pq.write_table(table, sink, **_PARQUET_OPTIONS)
    return sink.getvalue()


def build(seeds: Path, out: Path, docs: Path | None = None, root: Path | None = None) -> dict[str, Any]:
    """Validate the seeds and write everything derived from them; return the manifest.

    ``out`` gets the Parquet tables, ``datapackage.json``, ``croissant.json``
    and ``manifest.json``; ``docs`` the data dictionary and the datasheet;
    ``root`` the CITATION.cff.
    """
    import pyarrow as pa

    curated = read_curated(seeds)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.parquet"):  # a dropped table must not linger in the package
        if old.stem not in curated.tables:
            old.unlink()
    tables = {}
    for name, records in curated.tables.items():
        tables[name] = _write(out / f"{name}.parquet", table_bytes(name, records))
        tables[name].update(rows=len(records), schema=schema_fingerprint(arrow_schema(name)))
    files = {name: {"path": info["file"], "bytes": info["bytes"], "sha256": info["sha256"]} for name, info in tables.items()}
    metadata = {
        "datapackage.json": _write(out / "datapackage.json", _json_bytes(datapackage(files, curated.tables["sources"]))),
        "croissant.json": _write(out / "croissant.json", _json_bytes(croissant(files))),
    }
    manifest = {
        "name": "binhduong-corpus",
        "version": __version__,
        "built_with": {"pyarrow": pa.__version__},
        "seeds": curated.seeds,
        "tables": tables,
        "metadata": {name: {"bytes": info["bytes"], "sha256": info["sha256"]} for name, info in metadata.items()},
    }
    (out / MANIFEST).write_bytes(_json_bytes(manifest))
    if docs is not None:
        docs.mkdir(parents=True, exist_ok=True)
        (docs / "data-dictionary.md").write_text(data_dictionary() + "\n", encoding="utf-8")
        (docs / "datasheet.md").write_text(datasheet(curated.tables), encoding="utf-8")
    if root is not None:
        (root / "CITATION.cff").write_text(citation_cff(), encoding="utf-8")
    return manifest


def _write(path: Path, data: bytes) -> dict[str, Any]:
    path.write_bytes(data)
    return {"file": path.name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _json_bytes(value: Any) -> bytes:
    return (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def check(seeds: Path, out: Path, docs: Path, root: Path) -> list[str]:
    """Build into a temporary folder; return the committed files that differ from it."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp)
        build(seeds, fresh / "data", fresh / "docs", fresh)
        pairs = [(fresh / "data" / p.name, out / p.name) for p in sorted((fresh / "data").iterdir())]
        pairs += [(fresh / "docs" / name, docs / name) for name in ("data-dictionary.md", "datasheet.md")]
        pairs.append((fresh / "CITATION.cff", root / "CITATION.cff"))
        stale = [str(mine) for new, mine in pairs if not mine.exists() or new.read_bytes() != mine.read_bytes()]
        extra = sorted(str(p) for p in out.glob("*.parquet") if not (fresh / "data" / p.name).exists())
        return stale + extra


# --- releases ---------------------------------------------------------------------------------


def _built_tables(out: Path) -> dict[str, Any]:
    import pyarrow.parquet as pq

    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    return {name: pq.ParquetFile(out / info["file"]).read() for name, info in manifest["tables"].items()}


def release(out: Path, releases: Path) -> Path:
    """Record the built data as the snapshot of the current version in ``releases/``.

    Refuses when that version was already recorded with other data: a
    released version never changes; bump it instead (docs/versioning.md).
    """
    from ._release import snapshot
    from ._version import RELEASED

    target = releases / f"{__version__}.json"
    data = _json_bytes(snapshot(_built_tables(out), __version__, RELEASED))
    if target.exists() and target.read_bytes() != data:
        raise BuildError(f"release {__version__} is already recorded with other data; bump the version", file=str(target))
    releases.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


def changelog_data(out: Path, releases: Path) -> str:
    """The CHANGELOG "Data" section for the current version: records added, changed, removed since the last release."""
    from ._release import _parse, diff, snapshot

    current = snapshot(_built_tables(out), __version__)
    earlier = sorted((p for p in releases.glob("*.json") if _parse(p.stem) < _parse(__version__)), key=lambda p: _parse(p.stem))
    before = json.loads(earlier[-1].read_text(encoding="utf-8")) if earlier else {"version": "0.0.0", "tables": {}}
    return data_section(diff(before, current))


def data_section(change: Any) -> str:
    """Markdown listing the record ids a Diff added, changed and removed, per table (evidence spans counted)."""
    lines = ["### Data", ""]
    for label, attribute in (("Added", "added"), ("Changed", "changed"), ("Removed", "removed")):
        per_table = {t.table: [k if isinstance(k, str) else k[0] for k in getattr(t, attribute)] for t in change.tables}
        records = {name: keys for name, keys in per_table.items() if keys and name != "evidence"}
        spans = len(per_table.get("evidence", []))
        total = sum(map(len, records.values()))
        lines.append(f"- {label}: {total} record(s)" + (f", {spans} evidence span(s)" if spans else "") + (":" if records else "."))
        lines += [f"  - {name}: {', '.join(f'`{k}`' for k in keys)}" for name, keys in records.items()]
    return "\n".join(lines) + "\n"


# --- locating quotes ------------------------------------------------------------

_INLINE = re.compile(r"^(?P<indent>\s*)(?P<table>\{.*\})(?P<comma>,?)\s*$")


def locate(seeds: Path) -> int:
    """Write start/end into evidence entries that lack them (first occurrence); return how many."""
    sources = {entry["id"]: entry for _, entry in _read_toml(seeds / "curated" / "sources.toml", "sources")}
    texts = {name: text for name, (_, text) in _read_seed_texts(seeds).items()}
    filled = 0
    for table in RECORD_TABLES:
        path = seeds / "curated" / f"{table}.toml"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for index, line in enumerate(lines):
            updated = _locate_line(line, sources, texts, path)
            if updated != line:
                lines[index], filled = updated, filled + 1
        path.write_text("".join(lines), encoding="utf-8")
    return filled


def _locate_line(line: str, sources: Mapping[str, Any], texts: Mapping[str, str], path: Path) -> str:
    match = _INLINE.match(line)
    if not match or "quote" not in match["table"]:
        return line
    entry = tomllib.loads("e = " + match["table"])["e"]
    if "start" in entry and "end" in entry:
        return line
    source = sources.get(entry.get("source"))
    if source is None or source.get("seed_file") not in texts:
        raise BuildError(f"source {entry.get('source')!r} does not exist; valid sources are {sorted(sources)}", file=str(path))
    text = texts[source["seed_file"]]
    # A curator types plain spaces; the seeds hold some no-break spaces.
    pattern = "".join(r"\s" if ch.isspace() else re.escape(ch) for ch in entry["quote"])
    found = re.search(pattern, text)
    if found is None:
        raise BuildError(f"quote not found in {entry['source']}: {entry['quote']!r}", file=str(path))
    entry.update(quote=found[0], start=found.start(), end=found.end())
    body = ", ".join(f"{key} = {_toml_value(value)}" for key, value in entry.items())
    return f"{match['indent']}{{ {body} }}{match['comma']}\n"


def _toml_value(value: Any) -> str:
    """A TOML literal; invisible characters are escaped so a reviewer sees them."""
    text = json.dumps(value, ensure_ascii=False)
    return "".join(
        (f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        if ch != " " and unicodedata.category(ch) in ("Zs", "Cf")
        else ch
        for ch in text
    )


# --- command line -------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m binhduong_corpus.build", description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder of seed texts and curated/ (default: seeds)")
    parser.add_argument("--out", type=Path, default=Path("src/binhduong_corpus/data"), help="where the Parquet files go")
    parser.add_argument("--docs", type=Path, default=Path("docs"), help="where data-dictionary.md and datasheet.md go")
    parser.add_argument("--root", type=Path, default=Path("."), help="where CITATION.cff goes")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="compare a fresh build with the committed files")
    mode.add_argument("--locate", action="store_true", help="fill missing evidence offsets in the curated files")
    mode.add_argument("--release", action="store_true", help="record the built data as releases/<version>.json")
    mode.add_argument("--changelog", action="store_true", help="print the CHANGELOG Data section for this version")
    parser.add_argument("--releases", type=Path, default=Path("releases"), help="where release snapshots are kept")
    args = parser.parse_args(argv)
    try:
        if args.locate:
            print(f"located {locate(args.seeds)} quotes")
            return 0
        if args.release:
            print(f"recorded {release(args.out, args.releases)}")
            return 0
        if args.changelog:
            print(changelog_data(args.out, args.releases), end="")
            return 0
        if args.check:
            stale = check(args.seeds, args.out, args.docs, args.root)
            for path in stale:
                print(f"stale: {path}", file=sys.stderr)
            print("up to date" if not stale else f"{len(stale)} file(s) differ from a fresh build")
            return 1 if stale else 0
        manifest = build(args.seeds, args.out, args.docs, args.root)
    except BuildError as exc:
        print(f"build refused: {exc}", file=sys.stderr)
        return 2
    rows = ", ".join(f"{name} {info['rows']}" for name, info in manifest["tables"].items())
    print(f"built binhduong-corpus {manifest['version']}: {rows}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
