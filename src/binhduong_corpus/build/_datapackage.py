"""The Frictionless data package (``datapackage.json``) of a set of table files.

One resource per table with its path, format, hash, description and Table
Schema (:mod:`binhduong_corpus._tableschema`); the licence, the dataset's
bibliographic fields and the five source articles.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypedDict

from .._metadata import DATASET, LICENCE_URLS
from .._tableschema import table_schema
from ..records import TABLES, Source
from ..schema import describe_class

__all__ = ["FileInfo", "datapackage"]


class FileInfo(TypedDict):
    """A table's file as the descriptions list it."""

    path: str
    bytes: int
    sha256: str


_MEDIA_TYPES = {"parquet": "application/vnd.apache.parquet", "csv": "text/csv"}


def _resource(table: str, info: FileInfo, fmt: str) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "name": table,
        "path": info["path"],
        "format": fmt,
        "mediatype": _MEDIA_TYPES[fmt],
        "description": describe_class(TABLES[table]),
    }
    # Frictionless reads a Parquet file through pyarrow, never through its byte counter, so a declared size
    # can only fail there ("actual None"). The manifest and croissant.json give it; the hash stays declared.
    if fmt == "csv":
        resource["encoding"] = "utf-8"
        resource["bytes"] = info["bytes"]
    resource["hash"] = f"sha256:{info['sha256']}"
    resource["schema"] = table_schema(table)
    return resource


def datapackage(files: Mapping[str, FileInfo], sources: Sequence[Source], fmt: str = "parquet") -> dict[str, Any]:
    """The data package for table files ``{table: {"path", "bytes", "sha256"}}`` in ``fmt`` (parquet or csv)."""
    return {
        "name": DATASET.name,
        "title": DATASET.title,
        "description": DATASET.abstract,
        "version": DATASET.version,
        "keywords": list(DATASET.keywords),
        "contributors": [{"title": a, "role": "author"} for a in DATASET.authors],
        "licenses": [
            {
                "name": DATASET.data_licence,
                "path": LICENCE_URLS[DATASET.data_licence],
                "title": "Creative Commons Attribution 4.0 International",
            }
        ],
        "sources": _package_sources(sources),
        "resources": [_resource(table, info, fmt) for table, info in files.items()],
    }


def _package_sources(sources: Sequence[Source]) -> list[dict[str, str]]:
    out = []
    for src in sources:
        publisher = f" ({src.publisher})" if src.publisher else ""
        entry = {"title": f"{src.id}: {src.title or '(untitled article)'}{publisher}"}
        if src.url:
            entry["path"] = src.url
        out.append(entry)
    return out
