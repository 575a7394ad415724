"""The Croissant description (``croissant.json``, JSON-LD) of the shipped Parquet files.

File objects with their sha256, and one record set per table with typed
fields, keys, references and the language each text field is written in,
all from the record classes.

Every node has an ``@id``, so the document expands to RDF without a blank
node. The project has no URL, so the ids are relative IRIs, resolved
against wherever the file is read from: ``#binhduong-corpus`` for the
dataset, the file name for a file, ``<table>`` and ``<table>/<column>`` for
record sets and fields, and paths below a field for its source parts.

Croissant's ``@context`` (which must be mlcroissant's own) makes English
the default language of every string. So a Vietnamese string carries a
``vi`` tag of its own, and a language code (``inLanguage``) is written as
a value object, which takes no default language: a code is not English.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._cite import cite
from .._metadata import DATASET, LICENCE_URLS
from ..records import KEY_COLUMNS, TABLES, Language
from ..schema import Column, columns, describe_class
from ._datapackage import FileInfo

__all__ = ["CROISSANT_CONTEXT", "DATASET_ID", "croissant"]

#: The dataset's node: relative to the file, since the project has no URL of its own.
DATASET_ID = "#binhduong-corpus"

_CROISSANT_TYPES = {
    "string": "sc:Text",
    "enum": "sc:Text",
    "int64": "sc:Integer",
    "float64": "sc:Float",
    "bool": "sc:Boolean",
    "date": "sc:Date",
    "list": "sc:Text",  # a JSON array of strings, as text
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


def _code(language: str) -> dict[str, str]:
    """A language code as a value object: a plain string would take the context's default tag, English."""
    return {"@value": language}


def _text(value: str) -> str | dict[str, str]:
    """A string of the metadata: English by the context's default, or tagged Vietnamese.

    The metadata's own strings are English words or Vietnamese names, and only the
    names are written with letters beyond ASCII (such as the keyword "Bình Dương").
    """
    return value if value.isascii() else {"@value": value, "@language": Language.VI.value}


def _description(col: Column) -> str:
    text = col.description
    if col.kind == "list":
        text += " Stored as JSON text: an array of strings."
    if len(col.languages) > 1:
        text += f" Language: {col.language_note}"
    return text


def _croissant_field(table: str, col: Column, file_id: str) -> dict[str, Any]:
    field_id = f"{table}/{col.name}"
    field: dict[str, Any] = {
        "@type": "cr:Field",
        "@id": field_id,
        "name": col.name,
        "description": _description(col),
        "dataType": _CROISSANT_TYPES[col.kind],
        "source": {
            "@id": f"{field_id}/source",
            "fileObject": {"@id": file_id},
            "extract": {"@id": f"{field_id}/source/extract", "column": col.name},
        },
    }
    if col.languages:
        field["inLanguage"] = [_code(language) for language in col.languages]
    # mlcroissant joins on references: a list column cannot be joined, and a reference within the same
    # record set (events.parent_id) makes its reading graph cyclic. Those stay in the descriptions.
    if col.ref not in (None, "*", table) and col.kind != "list":
        field["references"] = {"@id": f"{field_id}/references", "field": {"@id": f"{col.ref}/id"}}
    return field


def _record_set(table: str, file_id: str) -> dict[str, Any]:
    cls = TABLES[table]
    return {
        "@type": "cr:RecordSet",
        "@id": table,
        "name": table,
        "description": describe_class(cls),
        "key": [{"@id": f"{table}/{name}"} for name in KEY_COLUMNS[table]],
        "field": [_croissant_field(table, col, file_id) for col in columns(cls)],
    }


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
    return {
        "@context": CROISSANT_CONTEXT,
        "@type": "sc:Dataset",
        "@id": DATASET_ID,
        "name": DATASET.name,
        "alternateName": [_text("Dữ liệu hợp tác quốc tế của Bình Dương")],
        "description": DATASET.abstract,
        "conformsTo": "http://mlcommons.org/croissant/1.0",
        "citeAs": cite("bibtex"),
        "version": DATASET.version,
        "datePublished": DATASET.released,
        "license": LICENCE_URLS[DATASET.data_licence],
        "creator": [
            {"@type": "sc:Organization", "@id": f"{DATASET_ID}/creator/{n}", "name": _text(author)}
            for n, author in enumerate(DATASET.authors, start=1)
        ],
        "keywords": [_text(keyword) for keyword in DATASET.keywords],
        "inLanguage": [_code(language.value) for language in Language],
        "distribution": distribution,
        "recordSet": [_record_set(table, info["path"]) for table, info in files.items()],
    }
