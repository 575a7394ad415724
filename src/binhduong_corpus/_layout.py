"""Where things are: the names of the files a data folder holds, shared by the store and the build."""

from __future__ import annotations

__all__ = ["DATASET_NAME", "LOCK", "MANIFEST", "METADATA_FILES", "VOCABULARY", "table_file"]

#: The distribution and dataset name, as the manifest and the snapshots record it.
DATASET_NAME = "binhduong-corpus"

#: The file that vouches for every other file of a data folder.
MANIFEST = "manifest.json"

#: The search vocabulary shipped beside the tables (one of the metadata files): phrase groups,
#: value labels and country names that search adds to records.
VOCABULARY = "vocabulary.json"

#: The files shipped beside the tables, each listed in the manifest with its size and hash:
#: the Frictionless data package, the Croissant file, the Hugging Face dataset card and the
#: search vocabulary.
METADATA_FILES = ("datapackage.json", "croissant.json", "README.md", VOCABULARY)

#: The generated module, beside the data folder, that holds the code's schema fingerprints.
LOCK = "_schema_lock.py"


def table_file(table: str) -> str:
    """The file name of a table in a data folder."""
    return f"{table}.parquet"
