"""The Croissant description (``croissant.json``, JSON-LD) of the shipped Parquet files.

File objects with their sha256, and one record set per table with typed
fields, keys and references, all from the record classes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._cite import cite
from .._metadata import DATASET, LICENCE_URLS
from ..records import KEY_COLUMNS, TABLES
from ..schema import Column, columns, describe_class
from ._datapackage import FileInfo

__all__ = ["CROISSANT_CONTEXT", "croissant"]

_CROISSANT_TYPES = {
    "string": "sc:Text",
    "enum": "sc:Text",
    "int64": "sc:Integer",
    "float64": "sc:Float",
    "bool": "sc:Boolean",
    "date": "sc:Date",
    "list": "sc:Text",
}

#: The JSON-LD context of Croissant 1.0 as mlcroissant writes it (a test compares the two).
CROISSANT_CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}


def _croissant_field(table: str, col: Column, file_id: str) -> dict[str, Any]:
    field: dict[str, Any] = {
        "@type": "cr:Field",
        "@id": f"{table}/{col.name}",
        "name": col.name,
        "description": col.description,
        "dataType": _CROISSANT_TYPES[col.kind],
        "source": {"fileObject": {"@id": file_id}, "extract": {"column": col.name}},
    }
    if col.kind == "list":
        field["repeated"] = True
    # mlcroissant joins on references: a list column cannot be joined, and a reference within the same
    # record set (events.parent_id) makes its reading graph cyclic. Those stay in the descriptions.
    if col.ref not in (None, "*", table) and col.kind != "list":
        field["references"] = {"field": {"@id": f"{col.ref}/id"}}
    return field


def croissant(files: Mapping[str, FileInfo]) -> dict[str, Any]:
    """The Croissant description of the shipped Parquet files ``{table: {"path", "bytes", "sha256"}}``."""
    distribution = [
        {
            "@type": "cr:FileObject",
            "@id": info["path"],
            "name": info["path"],
            "description": f"The {table} table.",
            "contentUrl": info["path"],
            "contentSize": f"{info['bytes']} B",
            # mlcroissant reads Parquet only under this name, not the IANA one the data package uses.
            "encodingFormat": "application/x-parquet",
            "sha256": info["sha256"],
        }
        for table, info in files.items()
    ]
    record_sets = [
        {
            "@type": "cr:RecordSet",
            "@id": table,
            "name": table,
            "description": describe_class(TABLES[table]),
            "key": [{"@id": f"{table}/{name}"} for name in list(KEY_COLUMNS[table])],
            "field": [_croissant_field(table, col, info["path"]) for col in columns(TABLES[table])],
        }
        for table, info in files.items()
    ]
    return {
        "@context": CROISSANT_CONTEXT,
        "@type": "sc:Dataset",
        "name": DATASET.name,
        "alternateName": [{"@value": "Dữ liệu hợp tác quốc tế của Bình Dương", "@language": "vi"}],
        "description": DATASET.abstract,
        "conformsTo": "http://mlcommons.org/croissant/1.0",
        "citeAs": cite("bibtex"),
        "version": DATASET.version,
        "datePublished": DATASET.released,
        "license": LICENCE_URLS[DATASET.data_licence],
        "creator": [{"@type": "sc:Organization", "name": a} for a in DATASET.authors],
        "keywords": list(DATASET.keywords),
        "inLanguage": ["vi", "en"],
        "distribution": distribution,
        "recordSet": record_sets,
    }
