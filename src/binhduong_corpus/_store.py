"""The store: where the shipped data lives, the manifest that vouches for it, and every cache.

This is the bottom layer; it imports nothing of the package but the
errors, the version and the compiled schema fingerprints. Data files are
found through :mod:`importlib.resources`, so any install works, zipped or
read-only ones included.

Nothing here trusts the manifest. It is read once per process and checked
as a whole: its shape, the package version, exactly the tables this
package version defines, and each table's file name, byte size, row count,
sha256 and schema fingerprint, the last compared with the fingerprint of
the code's own schema (:mod:`binhduong_corpus._schema_lock`). Every table
is then checked before first use: its bytes against the manifest, its
Arrow schema against the code's schema, its row count against the
manifest. Any failure is an :class:`IntegrityError` naming the file, what
differs and the fix; nothing broken is ever loaded.

Tables are handed out read-only: their buffers are backed by immutable
bytes, so not even a ``memoryview`` can change what a later load sees, and
:func:`manifest` returns a fresh copy on every call. Upper layers cache
what they derive with :func:`cached`, so :func:`clear_cache` empties every
cache of the package at once.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple, ParamSpec, TypedDict, TypeVar

from ._schema_lock import SCHEMAS
from ._version import __version__
from .errors import IntegrityError, InvalidArgumentError, UnknownTableError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable
    from pathlib import Path

    import pyarrow as pa
    import pyarrow.parquet as pq

__all__ = [
    "FileCheck",
    "FileEntry",
    "Manifest",
    "TableEntry",
    "cached",
    "check_table",
    "clear_cache",
    "data_files",
    "data_path",
    "manifest",
    "table",
    "table_names",
    "verify",
]

MANIFEST = "manifest.json"
FIX = (
    "reinstall binhduong-corpus (pip install --force-reinstall binhduong-corpus); in a source checkout, run `make data`"
)

P = ParamSpec("P")
T = TypeVar("T")


class FileEntry(TypedDict):
    """A metadata file as the manifest lists it."""

    bytes: int
    sha256: str


class TableEntry(TypedDict):
    """A table as the manifest lists it."""

    file: str
    bytes: int
    sha256: str
    rows: int
    schema: str


class Manifest(TypedDict):
    """The shipped manifest: what was built, from which seeds, with which checksums."""

    name: str
    version: str
    built_with: dict[str, str]
    seeds: dict[str, str]
    tables: dict[str, TableEntry]
    metadata: dict[str, FileEntry]


# --- caches ---------------------------------------------------------------------------------

_CLEARERS: list[Callable[[], None]] = []


def cached(fn: Callable[P, T]) -> Callable[P, T]:
    """``functools.cache`` whose cache :func:`clear_cache` empties: every cache of the package is one."""
    wrapped = functools.cache(fn)
    _CLEARERS.append(wrapped.cache_clear)
    return wrapped  # type: ignore[return-value]


def clear_cache() -> None:
    """Forget every table, record, index and manifest read so far; the next use reads the files again."""
    for clear in _CLEARERS:
        clear()


# --- names --------------------------------------------------------------------------------------


def table_names() -> tuple[str, ...]:
    """The names of the tables, in the order the corpus lists them."""
    return tuple(SCHEMAS)


def check_table(name: object) -> str:
    """``name`` if it is a table of the corpus, else UnknownTableError listing the tables."""
    if not isinstance(name, str) or name not in SCHEMAS:
        import difflib

        close = difflib.get_close_matches(name, SCHEMAS, n=1) if isinstance(name, str) else []
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise UnknownTableError(f"unknown table {name!r}{hint}; valid tables are: {', '.join(SCHEMAS)}")
    return name


# --- the manifest ------------------------------------------------------------------------------------


@functools.cache  # where the package lives does not change, so clear_cache() leaves this alone
def _location() -> Traversable:
    from importlib.resources import files

    return files(__package__) / "data"


def _broken(what: str) -> IntegrityError:
    return IntegrityError(f"{what}; the installed data cannot be trusted: {FIX}")


@cached
def _manifest() -> Manifest:
    resource = _location() / MANIFEST
    try:
        raw = resource.read_bytes()
    except FileNotFoundError:
        raise _broken(f"{MANIFEST} is missing from the data folder") from None
    except OSError as exc:
        raise _broken(f"{MANIFEST} cannot be read ({exc.strerror or exc})") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _broken(f"{MANIFEST} is not valid JSON ({exc})") from None
    problems = manifest_problems(data)
    if problems:
        raise _broken(f"{MANIFEST} is malformed: {'; '.join(problems)}")
    return data  # type: ignore[no-any-return]


_SHA256 = re.compile(r"[0-9a-f]{64}")
_FILE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


def _entry_problems(where: str, entry: object, fields: Mapping[str, type]) -> list[str]:
    if not isinstance(entry, dict):
        return [f"{where} is {type(entry).__name__}, not an object"]
    problems = [f"{where} lacks {key!r}" for key in fields if key not in entry]
    problems += [f"{where} has unexpected {key!r}" for key in entry if key not in fields]
    for key, kind in fields.items():
        value = entry.get(key)
        if key in entry and (not isinstance(value, kind) or isinstance(value, bool)):
            problems.append(f"{where}.{key} is {value!r}, not {kind.__name__}")
        elif kind is int and key in entry and value < 0:  # type: ignore[operator]
            problems.append(f"{where}.{key} is negative")
    if isinstance(entry.get("sha256"), str) and not _SHA256.fullmatch(entry["sha256"]):
        problems.append(f"{where}.sha256 {entry['sha256']!r} is not 64 lowercase hex digits")
    if isinstance(entry.get("file"), str) and not _FILE_NAME.fullmatch(entry["file"]):
        problems.append(f"{where}.file {entry['file']!r} is not a plain file name")
    return problems


def manifest_problems(data: object) -> list[str]:
    """Everything wrong with a parsed manifest, compared with what this package version defines."""
    top = {"name": str, "version": str, "built_with": dict, "seeds": dict, "tables": dict, "metadata": dict}
    problems = _entry_problems("the manifest", data, top)
    if problems or not isinstance(data, dict):
        return problems
    if data["name"] != "binhduong-corpus":
        problems.append(f"it names the dataset {data['name']!r}, not 'binhduong-corpus'")
    if data["version"] != __version__:
        problems.append(f"it is for version {data['version']!r}, but this package is {__version__}")
    tables = data["tables"]
    problems += [f"table {name!r} is not listed" for name in SCHEMAS if name not in tables]
    problems += [f"it lists {name!r}, which is not a table of this version" for name in tables if name not in SCHEMAS]
    fields = {"file": str, "bytes": int, "sha256": str, "rows": int, "schema": str}
    for name, entry in tables.items():
        found = _entry_problems(f"tables.{name}", entry, fields)
        problems += found
        if not found and name in SCHEMAS and entry["schema"] != SCHEMAS[name]:
            problems.append(
                f"tables.{name}.schema is {entry['schema']}, but this package's {name} schema is {SCHEMAS[name]}"
            )
    for name, entry in data["metadata"].items():
        if not _FILE_NAME.fullmatch(name):
            problems.append(f"metadata file name {name!r} is not a plain file name")
        problems += _entry_problems(f"metadata.{name}", entry, {"bytes": int, "sha256": str})
    files = [entry.get("file") for entry in tables.values() if isinstance(entry, dict)] + list(data["metadata"])
    problems += [f"{file!r} is listed twice" for file in sorted(set(files), key=str) if files.count(file) > 1]
    return problems


def manifest() -> Manifest:
    """The shipped manifest, checked: a fresh copy on each call, so changing it changes nothing else."""
    copy: Manifest = json.loads(json.dumps(_manifest()))
    return copy


# --- tables ----------------------------------------------------------------------------------------------


def _file_bytes(file: str) -> bytes:
    try:
        return (_location() / file).read_bytes()
    except FileNotFoundError:
        raise _broken(f"data file {file!r} is missing") from None
    except OSError as exc:
        raise _broken(f"data file {file!r} cannot be read ({exc.strerror or exc})") from None


def _hash_problem(data: bytes, listed: FileEntry | TableEntry) -> str:
    if len(data) != listed["bytes"]:
        return f"is {len(data)} bytes, but the manifest records {listed['bytes']}"
    digest = hashlib.sha256(data).hexdigest()
    if digest != listed["sha256"]:
        return f"has sha256 {digest}, but the manifest records {listed['sha256']}"
    return ""


def _open_parquet(data: bytes) -> tuple[pq.ParquetFile | None, str]:
    """The Parquet file in ``data``, or None and why it cannot be read."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(pa.BufferReader(data)), ""
    except (pa.ArrowException, OSError) as exc:
        return None, f"is not a readable Parquet file ({exc})"


def _parquet_problem(name: str, parquet: pq.ParquetFile) -> str:
    """Why ``parquet`` is not the ``name`` table this code expects, or ''."""
    schema = parquet.schema_arrow
    holds = (schema.metadata or {}).get(b"table", b"?").decode("utf-8", "replace")
    if holds != name:
        return f"holds the {holds!r} table, not {name!r}"
    text = schema.to_string(show_field_metadata=True, show_schema_metadata=True)
    fingerprint = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    if fingerprint != SCHEMAS[name]:
        return (
            f"has a {name} schema (fingerprint {fingerprint}, columns {', '.join(schema.names)}) "
            f"that differs from this package's (fingerprint {SCHEMAS[name]})"
        )
    rows = _manifest()["tables"][name]["rows"]
    if parquet.metadata.num_rows != rows:
        return f"has {parquet.metadata.num_rows} rows, but the manifest records {rows}"
    return ""


def _table_problem(name: str, data: bytes, entry: FileEntry | TableEntry) -> tuple[pq.ParquetFile | None, str]:
    """The checked Parquet file of table ``name``, or why its bytes cannot be trusted."""
    problem = _hash_problem(data, entry)
    if problem:
        return None, problem
    parquet, problem = _open_parquet(data)
    if parquet is None:
        return None, problem
    problem = _parquet_problem(name, parquet)
    return (None, problem) if problem else (parquet, "")


@functools.cache
def _ipc_options() -> pa.ipc.IpcWriteOptions:
    import pyarrow as pa

    return pa.ipc.IpcWriteOptions(use_legacy_format=False, use_threads=False)


def _read_only(data: pa.Table) -> pa.Table:
    """The same table over immutable memory: Arrow IPC bytes held by a Python ``bytes`` object."""
    import pyarrow as pa

    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, data.schema, options=_ipc_options()) as writer:
        writer.write_table(data)
    return pa.ipc.open_stream(pa.py_buffer(sink.getvalue().to_pybytes())).read_all()


@cached
def _table(name: str) -> pa.Table:
    entry = _manifest()["tables"][name]
    parquet, problem = _table_problem(name, _file_bytes(entry["file"]), entry)
    if parquet is None:
        raise _broken(f"data file {entry['file']!r} {problem}")
    # ParquetFile(...).read() rather than pq.read_table(), which imports pandas. One thread: the
    # tables are small, and no pool is left for Arrow to tear down at exit (apache/arrow#34314).
    return _read_only(parquet.read(use_threads=False))


def table(name: str, columns: Sequence[str] | None = None) -> pa.Table:
    """A shipped table, checked and read-only; optionally only ``columns``, in that order."""
    data = _table(check_table(name))
    return data if columns is None else select_columns(data, name, columns)


def select_columns(data: pa.Table, name: str, columns: Sequence[str]) -> pa.Table:
    """``data`` with only ``columns``, or InvalidArgumentError naming the unknown ones and the valid ones."""
    if isinstance(columns, str) or not isinstance(columns, Sequence):
        raise InvalidArgumentError(f"columns must be a list of column names, got {columns!r}")
    if not all(isinstance(c, str) for c in columns):
        raise InvalidArgumentError(f"columns must be a list of column names, got {columns!r}")
    unknown = [c for c in columns if c not in data.column_names]
    if unknown:
        raise InvalidArgumentError(
            f"unknown column(s) {unknown} for table {name!r}; valid columns are: {', '.join(data.column_names)}"
        )
    return data.select(list(columns))


def data_path(name: str) -> Path:
    """The file system path of a table's Parquet file, checked like a load.

    For tools that read Parquet themselves (DuckDB, Polars, Spark). Raises
    :class:`InvalidArgumentError` when the package is installed somewhere
    that has no real files (a zip import).
    """
    from pathlib import Path

    _table(check_table(name))
    resource = _location() / _manifest()["tables"][name]["file"]
    if not isinstance(resource, Path):
        raise InvalidArgumentError(f"table {name!r} is not stored as a file on disk here; use load_table() instead")
    return resource


def data_files() -> dict[str, Path]:
    """Every table's Parquet file path, checked like a load: ``{name: path}``.

    Hand these to DuckDB (``read_parquet``), Polars (``scan_parquet``), Dask or Spark.
    """
    return {name: data_path(name) for name in table_names()}


# --- verification ---------------------------------------------------------------------------------------


class FileCheck(NamedTuple):
    """One shipped file checked against the manifest and the code's schema."""

    file: str
    expected: str | None  # sha256 the manifest records; None when the manifest cannot say
    actual: str | None  # sha256 of the file; None when it is missing
    detail: str = ""  # what is wrong beyond the hash (size, schema, rows, the manifest itself)

    @property
    def ok(self) -> bool:
        return not self.problem

    @property
    def problem(self) -> str:
        if self.detail:
            return self.detail
        if self.actual is None:
            return "file is missing"
        return "" if self.actual == self.expected else f"sha256 {self.actual} != manifest {self.expected}"


def _check_file(file: str, listed: FileEntry | TableEntry, table_name: str | None = None) -> FileCheck:
    try:
        data = (_location() / file).read_bytes()
    except OSError:
        return FileCheck(file, listed["sha256"], None)
    actual = hashlib.sha256(data).hexdigest()
    if table_name is None:
        return FileCheck(file, listed["sha256"], actual, _hash_problem(data, listed))
    return FileCheck(file, listed["sha256"], actual, _table_problem(table_name, data, listed)[1])


def verify() -> tuple[FileCheck, ...]:
    """Check every shipped file against the manifest and the code's schema; one result per file.

    Unlike loading, this never raises for a damaged file: it reports each
    one, so a flipped byte is named along with every file that is intact.
    A manifest that is missing or malformed is reported as the one failed
    check on ``manifest.json``.
    """
    try:
        info = _manifest()
    except IntegrityError as exc:
        return (FileCheck(MANIFEST, None, None, str(exc)),)
    checks = [_check_file(entry["file"], entry, name) for name, entry in info["tables"].items()]
    checks += [_check_file(file, entry) for file, entry in info["metadata"].items()]
    return tuple(checks)
