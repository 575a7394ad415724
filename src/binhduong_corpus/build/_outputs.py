"""Everything a build writes, and its two uses: write it (:func:`build`) or compare it (:func:`check`).

The outputs of one build, all derived from the validated records and vocabulary:

* in the data folder: one Parquet file per table, ``datapackage.json``,
  ``croissant.json``, the dataset card ``README.md``, the search vocabulary
  ``vocabulary.json``, the retired ids ``retired.json``, the sentence coverage
  ``coverage.json`` and ``manifest.json``, which vouches for the others;
* beside the data folder: ``_schema_lock.py``, the schema fingerprints the
  store checks files against;
* in the docs folder: ``data-dictionary.md``, ``datasheet.md``, ``coverage.md``, ``vocabulary.md`` and
  the pictures ``timeline.svg`` and ``partners.svg`` (drawn with matplotlib);
* in the repository root: ``CITATION.cff``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, cast

from .._arrow import arrow_schema
from .._cite import citation_cff
from .._fileform import file_schema
from .._files import json_bytes, remove_stale, same_bytes, write_files
from .._fingerprint import schema_fingerprint
from .._layout import COVERAGE, DATASET_NAME, MANIFEST, METADATA_FILES, RETIRED, VOCABULARY, table_file
from .._pictures import partners_figure, svg, timeline_figure
from .._version import __version__
from ..errors import MissingDependencyError, WriteError
from ..records import Award, Event, Partner, Source
from ..schema import data_dictionary
from ._card import card
from ._coverage import coverage_json, coverage_markdown
from ._croissant import croissant
from ._datapackage import FileInfo, datapackage
from ._datasheet import datasheet
from ._lock import LOCK, lock_text
from ._retired import retired_json
from ._tables import table_bytes
from ._validate import Curated, read_curated
from ._vocabulary_files import Countries, countries, vocabulary_json, vocabulary_markdown

if TYPE_CHECKING:  # only the types: the store imports the lock this build may have to regenerate
    from .._store import FileEntry, Manifest, TableEntry

__all__ = ["build", "check", "outputs"]


def build(seeds: Path, out: Path, docs: Path | None = None, root: Path | None = None) -> Manifest:
    """Validate the seeds and write everything derived from them; return the manifest.

    ``out`` gets the Parquet tables, ``datapackage.json``, ``croissant.json``, ``README.md``,
    ``vocabulary.json``, ``retired.json``, ``coverage.json`` and ``manifest.json``, and its parent
    ``_schema_lock.py``; ``docs`` the data dictionary, the datasheet, the coverage report, the
    vocabulary and the two pictures; ``root`` the CITATION.cff.

    Input is validated before any file is touched, so a refused build
    (:class:`BuildError`) writes nothing. Then every output is written or
    none is (:func:`binhduong_corpus._files.write_files`), the manifest last; a failure
    raises :class:`~binhduong_corpus.errors.WriteError` and leaves the previous files whole.
    """
    files, manifest = outputs(read_curated(seeds), out, docs, root)
    dropped = [path for path in _listed(out) if path not in files]
    remove_stale([*files, *dropped])
    write_files(files, last=out / MANIFEST)
    # Only now that the new manifest no longer lists them may a dropped table's files go.
    for path in dropped:
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            left = "the new data is in place; remove the file by hand"
            raise WriteError(path, exc.strerror or str(exc), left) from exc
    return manifest


def check(seeds: Path, out: Path, docs: Path, root: Path) -> list[str]:
    """The files that differ from what a fresh build would write (or should not be there); empty when up to date."""
    files, _ = outputs(read_curated(seeds), out, docs, root)
    stale = [str(path) for path, data in files.items() if not same_bytes(path, data)]
    extra = sorted(str(path) for path in _listed(out) if path not in files and path.exists())
    return stale + extra


def outputs(curated: Curated, out: Path, docs: Path | None, root: Path | None) -> tuple[dict[Path, bytes], Manifest]:
    """Every file a build writes, target path -> bytes, the manifest last; and the manifest itself."""
    import pyarrow as pa

    files: dict[Path, bytes] = {}
    tables: dict[str, TableEntry] = {}
    for name, records in curated.tables.items():
        data = table_bytes(name, records)
        tables[name] = {
            "file": table_file(name),
            **_sizes(data),
            "rows": len(records),
            "schema": schema_fingerprint(file_schema(arrow_schema(name))),
        }
        files[out / tables[name]["file"]] = data
    described = {name: FileInfo(path=t["file"], bytes=t["bytes"], sha256=t["sha256"]) for name, t in tables.items()}
    sources = cast("tuple[Source, ...]", curated.tables["sources"])
    names = countries()
    rendered = {
        "datapackage.json": json_bytes(datapackage(described, sources)),
        "croissant.json": json_bytes(croissant(described)),
        "README.md": card({name: t["rows"] for name, t in tables.items()}).encode("utf-8"),
        VOCABULARY: vocabulary_json(curated.vocabulary, names),
        RETIRED: retired_json(curated.retired),
        COVERAGE: coverage_json(curated.coverage),
    }
    metadata = {name: rendered[name] for name in METADATA_FILES}
    files.update({out / name: data for name, data in metadata.items()})
    files[out.parent / LOCK] = lock_text().encode("utf-8")
    if docs is not None:
        files[docs / "data-dictionary.md"] = (data_dictionary() + "\n").encode("utf-8")
        files[docs / "datasheet.md"] = datasheet(curated.tables).encode("utf-8")
        files[docs / "coverage.md"] = coverage_markdown(curated.coverage).encode("utf-8")
        vocabulary_doc = vocabulary_markdown(curated.vocabulary, names, _named_countries(curated))
        files[docs / "vocabulary.md"] = vocabulary_doc.encode("utf-8")
        files.update({docs / name: data for name, data in _svgs(curated, names).items()})
    if root is not None:
        files[root / "CITATION.cff"] = citation_cff().encode("utf-8")
    manifest: Manifest = {
        "name": DATASET_NAME,
        "version": __version__,
        "built_with": {"pyarrow": pa.__version__},
        "seeds": curated.seeds,
        "tables": tables,
        "metadata": {name: _sizes(data) for name, data in metadata.items()},
    }
    files[out / MANIFEST] = json_bytes(manifest)
    return files, manifest


def _named_countries(curated: Curated) -> list[str]:
    """The country codes the records hold, for the vocabulary's examples."""
    codes = (getattr(record, "country_code", None) for records in curated.tables.values() for record in records)
    return sorted({code for code in codes if code})


def _svgs(curated: Curated, names: Countries) -> dict[str, bytes]:
    """docs/timeline.svg and docs/partners.svg, drawn from the records just validated (not the installed data)."""
    try:
        import matplotlib  # noqa: F401  # only to fail early, with the reason
    except ImportError:
        needs = "the build draws docs/timeline.svg and docs/partners.svg with matplotlib, which is not installed"
        raise MissingDependencyError(
            f"{needs}: pip install -e '.[test]' (it pins the release the pictures need)"
        ) from None
    events = cast("tuple[Event, ...]", curated.tables["events"])
    awards = cast("tuple[Award, ...]", curated.tables["awards"])
    partners = cast("tuple[Partner, ...]", curated.tables["partners"])
    english = {code: langs["en"][0] for code, langs in names.names.items()}
    return {
        "timeline.svg": svg(timeline_figure([*events, *awards])),
        "partners.svg": svg(partners_figure(partners, events, english)),
    }


def _sizes(data: bytes) -> FileEntry:
    return {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _listed(out: Path) -> list[Path]:
    """The table files the folder's current manifest lists: the only files a build may remove."""
    try:
        tables = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["tables"]
        names = [entry["file"] for entry in tables.values()]
    except (OSError, ValueError, RecursionError, KeyError, TypeError, AttributeError):
        return []  # no readable manifest: nothing here is known to be ours
    return [out / name for name in names if isinstance(name, str) and Path(name).name == name]
