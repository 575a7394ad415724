"""Turning curated entries into validated records, or refusing them.

Each check raises :class:`BuildError` naming the file, record id and field;
nothing is repaired. Per record: the fields (known, typed, present when
required, unpadded), the id format, EDTF dates, ISO 3166 codes, the seed
text a source points to and the evidence spans. Across records: unique ids,
references that resolve, and a sources entry for every seed text.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

import attrs

from .. import _edtf
from .._convert import converter
from .._iso3166 import ALPHA2
from ..errors import BuildError
from ..records import EVIDENCE_TABLE, RECORD_TABLES, TABLES, AnyRecord, Basis, Evidence, Record, Source
from ..schema import Column, columns
from ._curation import curated_file, read_seed_texts, read_toml

__all__ = ["Curated", "read_curated"]

_ID_WORDS = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_EVIDENCE_KEYS = {"source", "quote", "start", "end", "basis", "note"}

Texts = Mapping[str, tuple[bytes, str]]  # seed file -> (bytes, text)
Entry = dict[str, Any]  # one curated entry as TOML gives it
Where = dict[str, Any]  # the file and record id a BuildError names


@attrs.frozen
class Curated:
    """Validated records, ready to write."""

    tables: dict[str, tuple[AnyRecord, ...]]  # table name -> records sorted by id (evidence by its key)
    seeds: dict[str, str]  # seed file -> sha256


def read_curated(seeds: Path) -> Curated:
    """Read and validate every curated file; raise BuildError on the first problem."""
    texts = read_seed_texts(seeds)
    raw = {table: read_toml(curated_file(seeds, table), table) for table in RECORD_TABLES}
    sources = {entry["id"]: entry for _, entry in raw["sources"] if isinstance(entry.get("id"), str)}
    records: dict[str, list[Record]] = {}
    files: dict[str, str] = {}  # record id -> curated file, for errors found across records
    for table, entries in raw.items():
        records[table] = []
        for file, entry in entries:
            record = _record(table, file, entry, texts, sources)
            _check_unique_id(record.id, file, files)
            records[table].append(record)
    _check_references(records, files)
    _check_seeds_covered(texts, cast("list[Source]", records["sources"]), curated_file(seeds, "sources"))
    tables: dict[str, tuple[AnyRecord, ...]] = {table: _by_id(recs) for table, recs in records.items()}
    evidence = sorted(
        (ev for recs in records.values() for rec in recs for ev in rec.evidence),
        key=lambda e: (e.record_id, e.source_id, e.start, e.end),
    )
    tables[EVIDENCE_TABLE] = tuple(evidence)
    return Curated(tables=tables, seeds={name: hashlib.sha256(raw).hexdigest() for name, (raw, _) in texts.items()})


def _by_id(records: list[Record]) -> tuple[Record, ...]:
    # The files' order is the curators'; the tables' is fixed, so moving an entry changes no byte.
    return tuple(sorted(records, key=lambda r: r.id))


# --- one record --------------------------------------------------------------


def _record(table: str, file: str, entry: Entry, texts: Texts, sources: Mapping[str, Entry]) -> Record:
    cls = cast("type[Record]", TABLES[table])  # only record tables are curated; evidence is nested in them
    record_id = entry.get("id")
    where = {"file": file, "record_id": record_id if isinstance(record_id, str) else None}
    values = _check_fields(cls, entry, where)
    _check_id(values["id"], cls, where)
    if cls is Source:
        values.update(_source_text(values, texts, where))
    values.update(_derived_dates(cls, values))
    evidence = _evidence(values["id"], entry.get("evidence"), texts, sources, where)
    return converter.structure({**values, "evidence": evidence}, cls)


def _check_fields(cls: type[AnyRecord], entry: Entry, where: Where) -> dict[str, Any]:
    cols = {c.name: c for c in columns(cls)}
    # A source's text is read from its seed file, never typed into the TOML.
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


def _check_value(col: Column, value: Any, where: Where) -> Any:
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


def _check_format(col: Column, value: Any, where: Where) -> None:
    if col.format == "edtf":
        try:
            _edtf.parse_edtf(value)
        except ValueError as exc:
            raise BuildError(str(exc), field=col.name, **where) from None
    elif col.format == "iso3166" and value not in ALPHA2:
        raise BuildError(f"{value!r} is not an ISO 3166-1 alpha-2 country code", field=col.name, **where)


def _check_id(record_id: str, cls: type[Record], where: Where) -> None:
    prefix = f"{cls.ID_PREFIX}-"
    if not (record_id.startswith(prefix) and _ID_WORDS.fullmatch(record_id[len(prefix) :])):
        raise BuildError(
            f"id {record_id!r} is not in the id format '{prefix}<lowercase-ascii-words>'", field="id", **where
        )


def _source_text(values: dict[str, Any], texts: Texts, where: Where) -> dict[str, Any]:
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


def _derived_dates(cls: type[AnyRecord], values: dict[str, Any]) -> dict[str, Any]:
    names = {c.name for c in columns(cls)}
    if "start_date" not in names:
        return {}
    if values.get("date") is None:
        return {"start_date": None, "end_date": None}
    parsed = _edtf.parse_edtf(values["date"])
    return {"start_date": parsed.start, "end_date": parsed.end}


# --- evidence --------------------------------------------------------------------


def _evidence(record_id: str, entries: Any, texts: Texts, sources: Mapping[str, Entry], where: Where) -> list[Evidence]:
    if not entries:
        raise BuildError("record has no evidence; every record needs at least one quote", field="evidence", **where)
    out = []
    for index, entry in enumerate(entries):
        field = f"evidence[{index}]"
        unknown = set(entry) - _EVIDENCE_KEYS
        if unknown:
            valid = sorted(_EVIDENCE_KEYS)
            raise BuildError(f"unknown keys {sorted(unknown)}; valid keys are {valid}", field=field, **where)
        text = _evidence_text(entry, texts, sources, field, where)
        start, end = _span(entry, text, field, where)
        basis = entry.get("basis", "stated")
        if basis not in ("stated", "inferred"):
            raise BuildError(f"unknown basis {basis!r}; valid values are ['stated', 'inferred']", field=field, **where)
        if basis == "inferred" and not entry.get("note"):
            raise BuildError("inferred evidence needs a note saying how", field=field, **where)
        out.append(Evidence(record_id, entry["source"], start, end, entry["quote"], Basis(basis), entry.get("note")))
    _check_no_duplicate_spans(out, where)
    return out


def _span(entry: Entry, text: str, field: str, where: Where) -> tuple[int, int]:
    """The entry's offsets, checked to hold exactly its quote."""
    start, end, quote = entry.get("start"), entry.get("end"), entry.get("quote")
    if not isinstance(quote, str) or not quote:
        raise BuildError("quote is missing or empty", field=field, **where)
    if type(start) is not int or type(end) is not int:  # bool is an int subclass and must not pass
        raise BuildError("start/end offsets are missing (run the build with --locate)", field=field, **where)
    if not 0 <= start < end <= len(text) or text[start:end] != quote:
        raise BuildError(
            f"quote differs from the source span [{start}:{end}] {text[start:end]!r}", field=field, **where
        )
    return start, end


def _evidence_text(entry: Entry, texts: Texts, sources: Mapping[str, Entry], field: str, where: Where) -> str:
    source_id = entry.get("source")
    source = sources.get(source_id) if isinstance(source_id, str) else None
    if source is None:
        valid = sorted(sources)
        raise BuildError(f"source {source_id!r} does not exist; valid sources are {valid}", field=field, **where)
    seed = texts.get(source.get("seed_file", ""))
    if seed is None:
        raise BuildError(f"source {source_id!r} has no readable seed file", field=field, **where)
    return seed[1]


def _check_no_duplicate_spans(evidence: list[Evidence], where: Where) -> None:
    spans = Counter((e.source_id, e.start, e.end) for e in evidence)
    for (source_id, start, end), count in spans.items():
        if count > 1:
            raise BuildError(f"the span {source_id}[{start}:{end}] is given {count} times", field="evidence", **where)


# --- across records -----------------------------------------------------------


def _check_unique_id(record_id: str, file: str, files: dict[str, str]) -> None:
    if record_id in files:
        raise BuildError(f"duplicate id (also in {files[record_id]})", file=file, record_id=record_id, field="id")
    files[record_id] = file


def _check_references(records: Mapping[str, list[Record]], files: Mapping[str, str]) -> None:
    ids = {table: {rec.id for rec in recs} for table, recs in records.items()}
    for table, recs in records.items():
        refs = [(c.name, c.ref) for c in columns(TABLES[table]) if c.ref]
        for rec in recs:
            where = {"file": files[rec.id], "record_id": rec.id}
            for name, target_table in refs:
                for target in _as_ids(getattr(rec, name)):
                    if target not in ids[target_table]:
                        message = f"reference {target!r} points to no record in {target_table}"
                        raise BuildError(message, field=name, **where)
            if getattr(rec, "parent_id", None) == rec.id:
                raise BuildError("an event cannot be its own parent", field="parent_id", **where)


def _as_ids(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, tuple | list) else (cast(str, value),)


def _check_seeds_covered(texts: Texts, sources: list[Source], file: Path) -> None:
    missing = set(texts) - {s.seed_file for s in sources}
    if missing:
        raise BuildError(f"seed files without a sources entry: {sorted(missing)}", file=str(file))
