"""Turning curated entries into validated records, or refusing them.

Each check raises :class:`BuildError` naming the file, record id and field;
nothing is repaired. Per record: the fields (known, typed, present when
required, unpadded, free of control characters), the id format, EDTF dates,
ISO 3166 codes, the seed text a source points to and the evidence spans.
Across records: unique ids, references that resolve into the right table,
parent chains without loops, and a sources entry for every seed text.
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
from .._postings import fold_text
from .._tableschema import MISSING_VALUES
from ..errors import BuildError
from ..records import (
    EVIDENCE_TABLE,
    RECORD_TABLES,
    TABLE_OF_PREFIX,
    TABLES,
    AnyRecord,
    Basis,
    Evidence,
    Record,
    Source,
)
from ..schema import Column, columns
from ._coverage import Coverage, coverage
from ._curation import EVIDENCE_KEYS, curated_file, described, forbidden_character, read_seed_texts, read_toml, shown
from ._retired import Retired, read_retired
from ._vocabulary import Vocabulary, read_vocabulary

__all__ = ["Curated", "read_curated"]

_ID_WORDS = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_MULTILINE = "note"  # the one column whose text may hold line breaks

Texts = Mapping[str, tuple[bytes, str]]  # seed file -> (bytes, text)
Entry = dict[str, Any]  # one curated entry as TOML gives it
Where = dict[str, Any]  # the file and record id a BuildError names


@attrs.frozen
class Curated:
    """Validated records and search vocabulary, ready to write."""

    tables: dict[str, tuple[AnyRecord, ...]]  # table name -> records sorted by id (evidence by its key)
    seeds: dict[str, str]  # seed file -> sha256
    vocabulary: Vocabulary
    coverage: Coverage  # every sentence of every source with its records or the curator's reason
    retired: tuple[Retired, ...]  # the ids no record has any more, sorted by id


def read_curated(seeds: Path) -> Curated:
    """Read and validate every curated file, the search vocabulary last; raise BuildError on the first problem."""
    texts = read_seed_texts(seeds)
    raw = {table: read_toml(curated_file(seeds, table), table) for table in RECORD_TABLES}
    sources = {entry["id"]: entry for _, entry in raw["sources"]}  # read_toml saw each id is a str
    records: dict[str, list[Record]] = {}
    files: dict[str, str] = {}  # record id -> curated file, for errors found across records
    for table, entries in raw.items():
        records[table] = []
        for file, entry in entries:
            record = _record(table, file, entry, texts, sources)
            _check_unique_id(record.id, file, files)
            records[table].append(record)
    _check_references(records, files)
    _check_no_loops(records, files)
    _check_seeds_covered(texts, cast("list[Source]", records["sources"]), curated_file(seeds, "sources"))
    tables: dict[str, tuple[AnyRecord, ...]] = {table: _by_id(recs) for table, recs in records.items()}
    evidence = sorted(
        (ev for recs in records.values() for rec in recs for ev in rec.evidence),
        key=lambda e: (e.record_id, e.source_id, e.start, e.end),
    )
    tables[EVIDENCE_TABLE] = tuple(evidence)
    # Checked against the ids just validated: a retired id is no record's, a successor a live one's.
    retired = read_retired(seeds, {table: {rec.id for rec in recs} for table, recs in records.items()})
    seed_hashes = {name: hashlib.sha256(raw).hexdigest() for name, (raw, _) in texts.items()}
    covered = coverage(seeds, cast("tuple[Source, ...]", tables["sources"]), evidence)
    vocabulary = read_vocabulary(seeds)
    return Curated(tables=tables, seeds=seed_hashes, vocabulary=vocabulary, coverage=covered, retired=retired)


def _by_id(records: list[Record]) -> tuple[Record, ...]:
    # The files' order is the curators'; the tables' is fixed, so moving an entry changes no byte.
    return tuple(sorted(records, key=lambda r: r.id))


# --- one record --------------------------------------------------------------


def _record(table: str, file: str, entry: Entry, texts: Texts, sources: Mapping[str, Entry]) -> Record:
    cls = cast("type[Record]", TABLES[table])  # only record tables are curated; evidence is nested in them
    where = {"file": file, "record_id": entry["id"]}  # read_toml saw the id is a str
    values = _check_fields(cls, entry, where)
    _check_id(values["id"], cls, where)
    if cls is Source:
        values.update(_source_text(values, texts, where))
    values.update(_derived_dates(cls, values))
    evidence = _evidence(values["id"], entry.get("evidence"), texts, sources, where)
    _check_supports(cls, values, evidence, where)
    return converter.structure({**values, "evidence": evidence}, cls)


# --- what each span backs ------------------------------------------------------


def _check_supports(cls: type[AnyRecord], values: dict[str, Any], evidence: list[Evidence], where: Where) -> None:
    """Each value of an evidenced column is backed by a span naming it, and its ``*_basis`` says how."""
    backing: dict[str, list[Evidence]] = {}
    for index, span in enumerate(evidence):
        for name in span.supports:
            _check_supported_column(cls, values, name, f"evidence[{index}]", where)
            backing.setdefault(name, []).append(span)
    for col in columns(cls):
        needed = col.evidenced and _has_value(values[col.name]) and not _translation(values, col.name)
        if needed and col.name not in backing:
            message = f"{col.name} is backed by no evidence span; name it in `supports` of the span that backs it"
            raise BuildError(message, field="evidence", **where)
    for name, spans in backing.items():
        stated = [span for span in spans if span.basis is Basis.STATED]
        _check_basis_column(values, name, bool(stated), where)
        _check_printed(cls, values, name, stated, where)
    if values.get("role") == "not_involved" and not any(s.basis is Basis.STATED for s in backing.get("role", ())):
        message = "role 'not_involved' needs a stated span saying so; a source that does not name Bình Dương is silent"
        raise BuildError(message, field="role", **where)


def _check_supported_column(cls: type[AnyRecord], values: dict[str, Any], name: str, field: str, where: Where) -> None:
    evidenced = [c.name for c in columns(cls) if c.evidenced]
    if name not in evidenced:
        raise BuildError(f"supports names {shown(name)}; valid columns are {evidenced}", field=field, **where)
    if not _has_value(values[name]):
        raise BuildError(f"supports names {name!r}, which is empty in this record", field=field, **where)
    if _translation(values, name):
        message = f"supports names {name!r}, which the record marks as a curator's translation"
        raise BuildError(message, field=field, **where)


def _check_printed(
    cls: type[AnyRecord], values: dict[str, Any], name: str, stated: list[Evidence], where: Where
) -> None:
    """A stated text value is printed in every stated span that backs it: case, marks and punctuation aside.

    A name the curators composed, expanded or respelled is backed by inferred spans only, whose notes say so.
    A list (the bylines) is printed item by item, each in some stated span.
    """
    col = {c.name: c for c in columns(cls)}[name]
    if not stated or col.language is None:
        return  # only text columns: names, places, titles ... not codes, ids, dates or numbers
    quotes = [f" {fold_text(span.quote)} " for span in stated]
    if col.kind == "list":
        missing = [text for text in values[name] if not any(f" {fold_text(text)} " in q for q in quotes)]
    else:
        missing = [values[name]] if not all(f" {fold_text(values[name])} " in q for q in quotes) else []
    if missing:
        message = (
            f"{name} {shown(missing[0])} is not printed in every stated span that backs it; back it only with spans "
            "that print it, or with inferred spans whose note says how it was composed or respelled"
        )
        raise BuildError(message, field=name, **where)


def _check_basis_column(values: dict[str, Any], name: str, stated: bool, where: Where) -> None:
    """``<name>_basis`` is 'stated' exactly when a stated span supports ``name``."""
    basis = f"{name}_basis"
    if basis not in values or values[basis] is None:
        return
    expected = "stated" if stated else "inferred"
    if values[basis] != expected:
        how = "a stated span supports it" if stated else "only inferred spans support it"
        raise BuildError(f"{basis} is {values[basis]!r} but {how}: it must be {expected!r}", field=basis, **where)


def _has_value(value: object) -> bool:
    return value is not None and value != [] and value != ()


def _translation(values: dict[str, Any], name: str) -> bool:
    """Whether ``name`` is the name column the record marks as a curator's translation."""
    return name.startswith("name_") and values.get("translated") == name.removeprefix("name_")


def _check_fields(cls: type[AnyRecord], entry: Entry, where: Where) -> dict[str, Any]:
    cols = {c.name: c for c in columns(cls)}
    # A source's text is read from its seed file, never typed into the TOML.
    writable = {name for name, c in cols.items() if not c.derived} - ({"text"} if cls is Source else set())
    _check_known_fields(entry, writable, set(cols) - writable, where)
    values = {}
    for name in sorted(writable):
        values[name] = _check_value(cols[name], entry.get(name), where)
    for name, value in values.items():
        basis = f"{name}_basis"
        if basis in values and (value is None) != (values[basis] is None):
            raise BuildError(f"'{basis}' must be given exactly when '{name}' is", field=basis, **where)
    return values


def _check_known_fields(entry: Entry, writable: set[str], computed: set[str], where: Where) -> None:
    unknown = set(entry) - writable - {"evidence"}
    if unknown:
        field = sorted(unknown)[0]
        why = " (the build computes it; a curator never writes it)" if field in computed else ""
        valid = sorted(writable | {"evidence"})
        raise BuildError(f"unknown field{why}; valid fields are {valid}", field=field, **where)


def _check_value(col: Column, value: Any, where: Where) -> Any:
    if value is None:
        if col.kind == "list":
            return []
        if not col.nullable:
            raise BuildError("required field is missing", field=col.name, **where)
        return None
    _check_type(col, value, where)
    if col.kind == "list":
        for index, item in enumerate(value):
            _check_text(item, col.name, where, label=f"item {index}: ")
    elif isinstance(value, str):
        _check_text(value, col.name, where, line_breaks=col.name == _MULTILINE)
    if col.enum and value not in col.values:
        raise BuildError(f"unknown value {value!r}; valid values are {list(col.values)}", field=col.name, **where)
    _check_format(col, value, where)
    return float(value) if col.kind == "float64" else value


def _check_type(col: Column, value: Any, where: Where) -> None:
    """A value of the column's type that its Parquet column can hold."""
    if col.kind == "date" or not col.accepts(value):  # dates are derived, never curated
        raise BuildError(f"expected {col.type_label}, got {described(value)}", field=col.name, **where)
    if col.kind == "int64" and not -(2**63) <= value < 2**63:
        raise BuildError(f"{value} does not fit a 64-bit integer", field=col.name, **where)
    if col.kind == "float64" and not math.isfinite(value):
        raise BuildError(f"{value!r} is not a finite number", field=col.name, **where)
    if col.kind == "list" and not all(isinstance(v, str) for v in value):
        raise BuildError(f"expected a list of strings, got {shown(value)}", field=col.name, **where)


def _check_text(value: str, field: str, where: Where, *, label: str = "", line_breaks: bool = False) -> None:
    """A non-empty, unpadded string without control characters (but line breaks where allowed) or lone surrogates."""
    if not value or value != value.strip():
        raise BuildError(f"{label}empty or padded string {shown(value)}", field=field, **where)
    if value in MISSING_VALUES:
        # The Table Schema declares these missing: a reader of the data package would see a null.
        raise BuildError(f"{label}{shown(value)} is how the data package marks a missing value", field=field, **where)
    _check_characters(value, field, where, label=label, line_breaks=line_breaks)


def _check_characters(value: str, field: str, where: Where, *, label: str = "", line_breaks: bool = False) -> None:
    found = forbidden_character(value, line_breaks=line_breaks)
    if found is not None:
        at, what = found
        hint = "; only notes and evidence quotes may hold line breaks" if value[at] == "\n" else ""
        raise BuildError(f"{label}{what} at index {at} of {shown(value)}{hint}", field=field, **where)


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
    # read_toml saw that entries is a list of tables.
    out = [_one_evidence(record_id, entry, f"evidence[{i}]", texts, sources, where) for i, entry in enumerate(entries)]
    _check_no_duplicate_spans(out, where)
    return out


def _one_evidence(
    record_id: str, entry: Entry, field: str, texts: Texts, sources: Mapping[str, Entry], where: Where
) -> Evidence:
    unknown = set(entry) - EVIDENCE_KEYS
    if unknown:
        valid = sorted(EVIDENCE_KEYS)
        raise BuildError(f"unknown keys {sorted(unknown)}; valid keys are {valid}", field=field, **where)
    text = _evidence_text(entry, texts, sources, field, where)
    start, end = _span(entry, text, field, where)
    basis = entry.get("basis", "stated")
    if basis not in ("stated", "inferred"):
        message = f"unknown basis {shown(basis)}; valid values are ['stated', 'inferred']"
        raise BuildError(message, field=field, **where)
    note = _evidence_note(entry, field, where)
    if basis == "inferred" and not note:
        raise BuildError("inferred evidence needs a note saying how", field=field, **where)
    supports = _supports(entry, field, where)
    return Evidence(record_id, entry["source"], start, end, entry["quote"], Basis(basis), note, supports)


def _supports(entry: Entry, field: str, where: Where) -> tuple[str, ...]:
    """The columns a span backs: a non-empty list of names, each once (which names: :func:`_check_supports`)."""
    names = entry.get("supports")
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        message = f"supports: expected a non-empty list of column names, got {described(names)}"
        raise BuildError(message, field=field, **where)
    if len(set(names)) != len(names):
        raise BuildError(f"supports: a column is named twice in {shown(names)}", field=field, **where)
    return tuple(names)


def _evidence_note(entry: Entry, field: str, where: Where) -> str | None:
    note = entry.get("note")
    if note is None:
        return None
    if not isinstance(note, str):
        raise BuildError(f"note: expected string, got {described(note)}", field=field, **where)
    _check_text(note, field, where, label="note: ", line_breaks=True)
    return note


def _span(entry: Entry, text: str, field: str, where: Where) -> tuple[int, int]:
    """The entry's offsets, checked to hold exactly its quote."""
    start, end, quote = entry.get("start"), entry.get("end"), entry.get("quote")
    if quote is not None and not isinstance(quote, str):
        raise BuildError(f"quote: expected string, got {described(quote)}", field=field, **where)
    if not quote:
        raise BuildError("quote is missing or empty", field=field, **where)
    # A quote copies the seed text, whose lines end in "\n"; nothing else may be invisible.
    _check_characters(quote, field, where, label="quote: ", line_breaks=True)
    if start is None or end is None:
        raise BuildError("start/end offsets are missing (run the build with --locate)", field=field, **where)
    if type(start) is not int or type(end) is not int:  # bool is an int subclass and must not pass
        got = f"{described(start)} and {described(end)}"
        raise BuildError(f"start/end offsets must be integers, got {got}", field=field, **where)
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
        raise BuildError(f"source {shown(source_id)} does not exist; valid sources are {valid}", field=field, **where)
    seed_file = source.get("seed_file")
    seed = texts.get(seed_file) if isinstance(seed_file, str) else None
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
                        raise BuildError(_dangling(target, target_table), field=name, **where)
            if getattr(rec, "parent_id", None) == rec.id:
                raise BuildError("an event cannot be its own parent", field="parent_id", **where)


def _dangling(target: str, target_table: str) -> str:
    """Why a reference resolves to nothing; it names the table whose prefix the id has, when that is another."""
    message = f"reference {target!r} points to no record in {target_table}"
    prefix = target.partition("-")[0] + "-"
    other = TABLE_OF_PREFIX.get(prefix)
    if other is not None and other != target_table:
        expected = TABLES[target_table].ID_PREFIX
        message += f"; '{prefix}' is the id prefix of {other}, and this field takes {target_table} ids ('{expected}-')"
    return message


def _as_ids(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, tuple | list) else (cast(str, value),)


def _check_no_loops(records: Mapping[str, list[Record]], files: Mapping[str, str]) -> None:
    """A field that points into its own table (an event's parent) never leads back to where it started."""
    for table, recs in records.items():
        for col in columns(TABLES[table]):
            if col.ref == table and col.kind != "list":
                _check_chains(col.name, recs, files)


def _check_chains(name: str, records: list[Record], files: Mapping[str, str]) -> None:
    links = {rec.id: getattr(rec, name) for rec in records}
    for rec in records:  # in the files' order, so the first record of a loop is named
        loop = _loop_from(rec.id, links)
        if loop:
            message = f"the {name} chain loops back: {' -> '.join(loop)}"
            raise BuildError(message, file=files[rec.id], record_id=rec.id, field=name)


def _loop_from(start: str, links: Mapping[str, str | None]) -> list[str]:
    """The ids from ``start`` back to ``start`` when following ``links`` returns there; else empty."""
    path, seen, here = [start], {start}, links.get(start)
    while here is not None and here not in seen:
        path.append(here)
        seen.add(here)
        here = links.get(here)
    return [*path, start] if here == start else []


def _check_seeds_covered(texts: Texts, sources: list[Source], file: Path) -> None:
    missing = set(texts) - {s.seed_file for s in sources}
    if missing:
        raise BuildError(f"seed files without a sources entry: {sorted(missing)}", file=str(file))
