"""The store: where the shipped data lives, the manifest that vouches for it, and every cache.

This is the bottom layer; it imports nothing of the package but the
errors, the version, the file layout and the compiled schema fingerprints.
Data files are found through :mod:`importlib.resources`, so any install
works, zipped or read-only ones included.

Nothing here trusts the manifest. It is read once per process and checked
as a whole: its shape and every value's type, the package version, exactly
the tables this package version defines and exactly the metadata files it
ships, and for each table its file name, byte size, row count, sha256 and
schema fingerprint, the last compared with the code's own schema
(:mod:`binhduong_corpus._schema_lock`). Every table is then checked before
first use: its bytes against the manifest, its Arrow schema against the
code's, its row count against the manifest, its data pages by decoding
them, and the values of its closed-vocabulary columns. Any failure is an
:class:`IntegrityError` naming the file, what differs and the fix; nothing
broken is ever loaded.

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
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, ParamSpec, TypedDict, TypeVar

from ._fileform import decode as from_file_form
from ._fingerprint import column_signatures, schema_fingerprint
from ._layout import COVERAGE, DATASET_NAME, MANIFEST, METADATA_FILES, RETIRED, VOCABULARY
from ._schema_lock import COLUMNS, SCHEMAS
from ._version import __version__
from .errors import IntegrityError, InvalidArgumentError, InvalidTypeError, UnknownNameError, UnknownTableError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    import pyarrow as pa

__all__ = [
    "FIX",
    "FileCheck",
    "FileEntry",
    "Manifest",
    "Retirement",
    "TableEntry",
    "cached",
    "check_table",
    "checked_retired",
    "checked_tables",
    "clear_cache",
    "coverage",
    "data_files",
    "data_path",
    "docs_files",
    "docs_path",
    "manifest",
    "manifest_problems",
    "read_only",
    "retired",
    "retired_problem",
    "retirements",
    "select_columns",
    "table",
    "table_names",
    "verify",
]

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


class Retirement(NamedTuple):
    """What became of a retired record id: the release that retired it, the record it was merged into
    (None when it was removed outright) and why."""

    release: str
    successor: str | None
    reason: str


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


def check_table(name: object, arg: str = "table", *, links: Sequence[str] = ()) -> str:
    """``name`` if it is a table of the corpus, else UnknownTableError listing the tables.

    ``links`` are the link tables a caller takes too (the store knows only the tables in files).
    """
    if not isinstance(name, str):
        raise InvalidTypeError(f"{arg}={_short(name)}: expected a table name, got {type(name).__name__}")
    if name not in SCHEMAS and name not in links:
        import difflib

        close = difflib.get_close_matches(name, [*SCHEMAS, *links], n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        also = f"; link tables: {', '.join(links)}" if links else ""
        raise UnknownTableError(f"unknown table {_short(name)}{hint}; valid tables are: {', '.join(SCHEMAS)}{also}")
    return name


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


# --- checking a manifest ------------------------------------------------------------------------------

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
            problems.append(f"{where}.{key} is {_short(value)}, not {kind.__name__}")
        elif kind is int and key in entry and value < 0:  # type: ignore[operator]
            problems.append(f"{where}.{key} is negative")
    if isinstance(entry.get("sha256"), str) and not _SHA256.fullmatch(entry["sha256"]):
        problems.append(f"{where}.sha256 {_short(entry['sha256'])} is not 64 lowercase hex digits")
    if isinstance(entry.get("file"), str) and not _FILE_NAME.fullmatch(entry["file"]):
        problems.append(f"{where}.file {_short(entry['file'])} is not a plain file name")
    return problems


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}..."


def _strings(where: str, mapping: dict[object, object], pattern: re.Pattern[str] | None = None) -> list[str]:
    """Problems of a mapping that must hold strings (matching ``pattern``) under string keys."""
    return [
        f"{where}[{_short(key)}] is {_short(value)}, not {'a sha256' if pattern else 'a string'}"
        for key, value in mapping.items()
        if not isinstance(key, str) or not isinstance(value, str) or (pattern and not pattern.fullmatch(value))
    ]


def _names_problems(what: str, listed: Mapping[str, object], expected: Sequence[str]) -> list[str]:
    problems = [f"{what} {name!r} is not listed" for name in expected if name not in listed]
    return problems + [
        f"it lists {name!r}, which is not a {what} of this version" for name in listed if name not in expected
    ]


def manifest_problems(data: object) -> list[str]:
    """Everything wrong with a parsed manifest, compared with what this package version defines."""
    top = {"name": str, "version": str, "built_with": dict, "seeds": dict, "tables": dict, "metadata": dict}
    problems = _entry_problems("the manifest", data, top)
    if problems or not isinstance(data, dict):
        return problems
    if data["name"] != DATASET_NAME:
        problems.append(f"it names the dataset {_short(data['name'])}, not {DATASET_NAME!r}")
    if data["version"] != __version__:
        problems.append(f"it is for version {_short(data['version'])}, but this package is {__version__}")
    problems += _strings("built_with", data["built_with"]) + _strings("seeds", data["seeds"], _SHA256)
    problems += _names_problems("table", data["tables"], tuple(SCHEMAS))
    fields = {"file": str, "bytes": int, "sha256": str, "rows": int, "schema": str}
    for name, entry in data["tables"].items():
        found = _entry_problems(f"tables.{name}", entry, fields)
        problems += found
        if not found and name in SCHEMAS and entry["schema"] != SCHEMAS[name]:
            problems.append(f"tables.{name}.schema is {entry['schema']}, but this package's is {SCHEMAS[name]}")
    problems += _names_problems("metadata file", data["metadata"], METADATA_FILES)
    for name, entry in data["metadata"].items():
        problems += _entry_problems(f"metadata.{name}", entry, {"bytes": int, "sha256": str})
    files = [entry.get("file") for entry in data["tables"].values() if isinstance(entry, dict)]
    problems += [f"{_short(file)} is listed twice" for file in sorted(set(files), key=str) if files.count(file) > 1]
    return problems


# --- checking retired ids -----------------------------------------------------------------------------

_RETIREMENT: dict[str, tuple[type, ...]] = {"release": (str,), "successor": (str, type(None)), "reason": (str,)}


def retired_problem(data: object) -> str:
    """Why ``data`` is not a list of retired ids as ``retired.json`` and the snapshots hold it; or ''.

    That is ``{id: {"release": str, "successor": str or null, "reason": str}}``.
    """
    if not isinstance(data, Mapping):
        return f"expected an object of retired ids, got {type(data).__name__}"
    for key, entry in data.items():
        if not isinstance(key, str) or not isinstance(entry, Mapping) or set(entry) != set(_RETIREMENT):
            return f"{_short(key)} is {_short(entry)}, not an object of {', '.join(_RETIREMENT)}"
        for field, kinds in _RETIREMENT.items():
            if not isinstance(entry[field], kinds):
                expected = " or ".join("null" if kind is type(None) else "a string" for kind in kinds)
                return f"{key}.{field} is {_short(entry[field])}, not {expected}"
    return ""


def retirements(data: Mapping[str, Mapping[str, Any]]) -> dict[str, Retirement]:
    """Retired ids checked by :func:`retired_problem`, as ``{id: Retirement}`` sorted by id."""
    return {key: Retirement(one["release"], one["successor"], one["reason"]) for key, one in sorted(data.items())}


# --- checking a table ---------------------------------------------------------------------------------


def _hash_problem(data: bytes, listed: FileEntry | TableEntry) -> str:
    if len(data) != listed["bytes"]:
        return f"is {len(data)} bytes, but the manifest records {listed['bytes']}"
    digest = hashlib.sha256(data).hexdigest()
    if digest != listed["sha256"]:
        return f"has sha256 {digest}, but the manifest records {listed['sha256']}"
    return ""


def _schema_problem(name: str, schema: pa.Schema) -> str:
    """Why ``schema`` is not the code's schema of table ``name``, naming what differs; or ''."""
    holds = (schema.metadata or {}).get(b"table", b"?").decode("utf-8", "replace")
    if holds != name:
        return f"holds the {holds!r} table, not {name!r}"
    if schema_fingerprint(schema) == SCHEMAS[name]:
        return ""
    found, wanted = column_signatures(schema), COLUMNS[name]
    if found == wanted:
        return f"has this package's {name} columns but other descriptions or metadata"
    extra = [c for c in found if c not in wanted]
    missing = [c for c in wanted if c not in found]
    if not extra and not missing:
        return f"has this package's {name} columns in another order"
    return (
        f"has columns this package's {name} schema lacks ({'; '.join(extra) or 'none'}) "
        f"and lacks columns it has ({'; '.join(missing) or 'none'})"
    )


def _values_problem(data: pa.Table) -> str:
    """Why a file's closed-vocabulary columns hold other categories than their vocabulary; or ''."""
    for field in data.schema:
        allowed = (field.metadata or {}).get(b"enum")
        if allowed is None:
            continue
        vocabulary = allowed.decode("utf-8").split(",")
        # The dictionary is the whole vocabulary in order: it is what readers show as the categories.
        for chunk in data.column(field.name).chunks:
            strays = [value for value in chunk.dictionary.to_pylist() if value not in vocabulary]
            if strays:
                return f"holds {field.name} values outside its vocabulary: {', '.join(map(_short, strays[:3]))}"
            if chunk.dictionary.to_pylist() != vocabulary:
                return f"has {field.name} categories other than its vocabulary, in order: {', '.join(vocabulary)}"
    return ""


def _decode(name: str, data: bytes, entry: TableEntry) -> tuple[pa.Table | None, str]:
    """The checked table in ``data``, or None and why its bytes cannot be trusted."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    problem = _hash_problem(data, entry)
    if problem:
        return None, problem
    try:
        parquet = pq.ParquetFile(pa.BufferReader(data))
    except (pa.ArrowException, OSError) as exc:
        return None, f"is not a readable Parquet file ({_one_line(exc)})"
    problem = _schema_problem(name, parquet.schema_arrow)
    if not problem and parquet.metadata.num_rows != entry["rows"]:
        problem = f"has {parquet.metadata.num_rows} rows, but the manifest records {entry['rows']}"
    if problem:
        return None, problem
    try:
        # ParquetFile.read() rather than pq.read_table(), which imports pandas. One thread: the tables
        # are small, and no pool is left for Arrow to tear down at exit (apache/arrow#34314).
        decoded = parquet.read(use_threads=False)
    except (pa.ArrowException, OSError) as exc:
        return None, f"has data that cannot be decoded ({_one_line(exc)})"
    problem = _values_problem(decoded)
    if problem:
        return None, problem
    try:
        return from_file_form(decoded), ""
    except (pa.ArrowException, OSError) as exc:
        return None, f"has a list column that is not a JSON array of strings in every row ({_one_line(exc)})"


@functools.cache
def _ipc_options() -> pa.ipc.IpcWriteOptions:
    import pyarrow as pa

    return pa.ipc.IpcWriteOptions(use_legacy_format=False, use_threads=False)


def read_only(data: pa.Table) -> pa.Table:
    """The same table over immutable memory: Arrow IPC bytes held by a Python ``bytes`` object."""
    import pyarrow as pa

    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, data.schema, options=_ipc_options()) as writer:
        writer.write_table(data)
    return pa.ipc.open_stream(pa.py_buffer(sink.getvalue().to_pybytes())).read_all()


# --- a data folder -----------------------------------------------------------------------------------------


class FileCheck(NamedTuple):
    """One data file checked against the manifest and the code's schema."""

    file: str
    expected: str | None  # sha256 the manifest records; None when the manifest cannot say
    actual: str | None  # sha256 of the file; None when it cannot be read
    detail: str = ""  # what is wrong; empty when nothing is

    @property
    def ok(self) -> bool:
        return not self.detail

    @property
    def problem(self) -> str:
        return self.detail


class _Folder:
    """A data folder and its manifest, checked; the shipped one and any other go through the same checks."""

    def __init__(self, location: Traversable, whose: str = "the installed data", fix: str = FIX) -> None:
        self.location = location
        self.whose = whose
        self.fix = fix
        self._manifest: Manifest | None = None

    def _broken(self, what: str) -> IntegrityError:
        return IntegrityError(f"{what}; {self.whose} cannot be trusted: {self.fix}")

    def _bytes(self, file: str) -> bytes:
        """The file's bytes; FileNotFoundError or OSError (a folder, a named pipe) when it has none to give."""
        resource = self.location / file
        # Reading a named pipe or a device would wait for a writer that never comes.
        if resource.is_dir() or (not resource.is_file() and isinstance(resource, Path) and resource.exists()):
            raise OSError(0, "not a regular file")
        return resource.read_bytes()

    def _read(self, file: str) -> bytes:
        try:
            return self._bytes(file)
        except FileNotFoundError:
            raise self._broken(f"{file} is missing from the data folder") from None
        except OSError as exc:
            raise self._broken(f"{file} cannot be read ({_one_line(exc.strerror or exc)})") from None

    def manifest(self) -> Manifest:
        if self._manifest is None:
            raw = self._read(MANIFEST)
            try:
                data = json.loads(raw.decode("utf-8"))
            except (ValueError, RecursionError) as exc:  # bad UTF-8 or JSON, nesting or numbers past Python's limits
                raise self._broken(f"{MANIFEST} is not valid JSON ({_one_line(exc)[:200]})") from None
            problems = manifest_problems(data)
            if problems:
                raise self._broken(f"{MANIFEST} is malformed: {'; '.join(problems[:10])}")
            self._manifest = data
        return self._manifest

    def table(self, name: str) -> pa.Table:
        entry = self.manifest()["tables"][name]
        decoded, problem = _decode(name, self._read(entry["file"]), entry)
        if decoded is None:
            raise self._broken(f"data file {entry['file']!r} {problem}")
        return read_only(decoded)

    def metadata(self, file: str) -> bytes:
        """A metadata file's bytes, after the manifest's size and hash."""
        entry = self.manifest()["metadata"][file]
        data = self._read(file)
        problem = _hash_problem(data, entry)
        if problem:
            raise self._broken(f"{file} {problem}")
        return data

    def metadata_json(self, file: str, problem: Callable[[Any], str]) -> Any:
        """A metadata file's JSON value, after the manifest's size and hash and ``problem(value)`` empty."""
        raw = self.metadata(file)
        try:
            data = json.loads(raw.decode("utf-8"))
        except (ValueError, RecursionError) as exc:
            raise self._broken(f"{file} is not valid JSON ({_one_line(exc)[:200]})") from None
        wrong = problem(data)
        if wrong:
            raise self._broken(f"{file} is malformed: {wrong}")
        return data

    def retired(self) -> dict[str, Retirement]:
        """The retired ids (``retired.json``), after the manifest's size and hash and a check of their shape."""
        return retirements(self.metadata_json(RETIRED, retired_problem))

    def check(self, file: str, entry: FileEntry | TableEntry, problem: Callable[[bytes], str]) -> FileCheck:
        """``file`` checked: readable, then ``problem(its bytes)`` empty."""
        try:
            data = self._bytes(file)
        except FileNotFoundError:
            return FileCheck(file, entry["sha256"], None, "file is missing")
        except OSError as exc:
            return FileCheck(file, entry["sha256"], None, f"cannot be read ({_one_line(exc.strerror or exc)})")
        return FileCheck(file, entry["sha256"], hashlib.sha256(data).hexdigest(), problem(data))

    def verify(self) -> tuple[FileCheck, ...]:
        try:
            info = self.manifest()
        except IntegrityError as exc:
            return (FileCheck(MANIFEST, None, None, str(exc)),)
        checks = [self.check(entry["file"], entry, _table_check(name, entry)) for name, entry in info["tables"].items()]
        checks += [self.check(file, entry, _file_check(entry)) for file, entry in info["metadata"].items()]
        return tuple(checks)


def _table_check(name: str, entry: TableEntry) -> Callable[[bytes], str]:
    return lambda data: _decode(name, data, entry)[1]


def _file_check(entry: FileEntry) -> Callable[[bytes], str]:
    return lambda data: _hash_problem(data, entry)


@functools.cache  # where the package lives does not change, so clear_cache() leaves this alone
def _location() -> Traversable:
    from importlib.resources import files

    return files(__package__) / "data"


@cached
def _shipped() -> _Folder:
    return _Folder(_location())


@cached
def _table(name: str) -> pa.Table:
    return _shipped().table(name)


def checked_retired(folder: Path) -> dict[str, Retirement]:
    """The retired ids of a data folder (such as a fresh build's), after the same checks as the shipped data."""
    return _Folder(folder, f"the data in {str(folder)!r}", "build it again (make data)").retired()


def checked_tables(folder: Path) -> dict[str, pa.Table]:
    """Every table of a data folder (such as a fresh build's), after the same checks as the shipped data."""
    checked = _Folder(folder, f"the data in {str(folder)!r}", "build it again (make data)")
    return {name: checked.table(name) for name in table_names()}


# --- the shipped data ------------------------------------------------------------------------------------


def manifest() -> Manifest:
    """The shipped manifest, checked: a fresh copy on each call, so changing it changes nothing else."""
    copy: Manifest = json.loads(json.dumps(_shipped().manifest()))
    return copy


@cached
def vocabulary() -> dict[str, Any]:
    """The shipped search vocabulary (``vocabulary.json``), checked against the manifest: groups, labels, countries."""
    data: dict[str, Any] = _shipped().metadata_json(VOCABULARY, _object_with(()))
    return data


@cached
def coverage() -> dict[str, Any]:
    """The shipped sentence coverage (``coverage.json``), checked against the manifest: per source, per sentence."""
    data: dict[str, Any] = _shipped().metadata_json(COVERAGE, _object_with(("sources", "sentences")))
    return data


@cached
def retired() -> Mapping[str, Retirement]:
    """The shipped retired ids (``retired.json``), checked: id -> (release, successor or None, reason), read-only."""
    return MappingProxyType(_shipped().retired())


def _object_with(keys: tuple[str, ...]) -> Callable[[Any], str]:
    """The check that a metadata file's value is a JSON object holding ``keys``."""

    def problem(data: Any) -> str:
        if not isinstance(data, dict):
            return f"expected a JSON object, got {type(data).__name__}"
        missing = [key for key in keys if key not in data]
        return f"it has no {', '.join(missing)}" if missing else ""

    return problem


def table(name: str, columns: Iterable[str] | None = None) -> pa.Table:
    """A shipped table, checked and read-only; optionally only ``columns``, in that order."""
    data = _table(check_table(name))
    return data if columns is None else select_columns(data, name, columns)


def select_columns(data: pa.Table, name: str, columns: Iterable[str]) -> pa.Table:
    """``data`` with only ``columns`` (any iterable of names), or an error naming what is wrong and what is valid."""
    if isinstance(columns, str | bytes) or not isinstance(columns, Iterable):
        raise InvalidTypeError(
            f"columns={_short(columns)}: expected a list of column names, got {type(columns).__name__}"
        )
    names = list(columns)
    if not names:
        raise InvalidArgumentError(f"columns=[] for table {name!r}: give at least one column name")
    wrong = [c for c in names if not isinstance(c, str)]
    if wrong:
        raise InvalidTypeError(f"columns={_short(names)}: expected column names, got {_short(wrong[0])}")
    doubled = sorted({c for c in names if names.count(c) > 1})
    if doubled:
        raise InvalidArgumentError(f"columns={_short(names)} names {_short(doubled)} twice; name each column once")
    unknown = [c for c in names if c not in data.column_names]
    if unknown:
        raise UnknownNameError(
            f"unknown column(s) {_short(unknown)} for table {name!r}; valid columns are: {', '.join(data.column_names)}"
        )
    return data.select(names)


def data_path(name: str) -> Path:
    """The file system path of a table's Parquet file, checked like a load.

    For tools that read Parquet themselves (DuckDB, Polars, Spark). Raises
    :class:`InvalidArgumentError` when the package is installed somewhere
    that has no real files (a zip import).
    """
    _table(check_table(name))
    resource = _location() / _shipped().manifest()["tables"][name]["file"]
    if not isinstance(resource, Path):
        raise InvalidArgumentError(f"table {name!r} is not stored as a file on disk here; use load_table() instead")
    return resource


def data_files() -> dict[str, Path]:
    """Every table's Parquet file path, checked like a load: ``{name: path}``.

    Hand these to DuckDB (``read_parquet``), Polars (``scan_parquet``), Dask or Spark.
    """
    return {name: data_path(name) for name in table_names()}


def docs_path() -> Path:
    """The folder of the documentation that explains the data, as a path.

    It holds the data dictionary (``data-dictionary.md``), the datasheet
    (``datasheet.md``), the search vocabulary (``vocabulary.md``) and the
    guides beside them, as Markdown; :func:`docs_files` lists them. An
    installed package carries the folder inside it; a source checkout (an
    editable install) has it at the top of the repository. Raises
    :class:`InvalidArgumentError` when the package is installed somewhere
    that has no real files (a zip import), and :class:`IntegrityError` when
    the folder is missing.
    """
    from importlib.resources import files

    shipped = files(__package__) / "docs"
    if shipped.is_dir():
        if not isinstance(shipped, Path):
            raise InvalidArgumentError(
                "the documentation is not stored as files on disk here; "
                "read it with importlib.resources.files('binhduong_corpus') / 'docs'"
            )
        return shipped
    package = Path(__file__).resolve().parent
    checkout = package.parent.parent / "docs"  # src/binhduong_corpus -> the repository's docs/
    if package.parent.name == "src" and (checkout / "data-dictionary.md").is_file():
        return checkout
    raise IntegrityError(f"the documentation folder is missing from the installed package; {FIX}")


def docs_files() -> dict[str, Path]:
    """Every Markdown file of :func:`docs_path`, ``{file name: path}`` in name order.

    The wheel carries the Markdown of the repository's docs/ only, so these are the same files
    whether the package is installed or a source checkout.
    """
    return {path.name: path for path in sorted(docs_path().glob("*.md")) if path.is_file()}


def verify() -> tuple[FileCheck, ...]:
    """Check every shipped file against the manifest and the code's schema; one result per file.

    Unlike loading, this never raises for a damaged file: it reports each
    one, so a flipped byte is named along with every file that is intact.
    A manifest that is missing or malformed is reported as the one failed
    check on ``manifest.json``.
    """
    return _shipped().verify()
