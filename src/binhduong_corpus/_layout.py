"""Where things are: the names of the files a data folder holds, shared by the store and the build."""

from __future__ import annotations

__all__ = ["DATASET_NAME", "LOCK", "MANIFEST", "METADATA_FILES", "table_file"]

#: The distribution and dataset name, as the manifest and the snapshots record it.
DATASET_NAME = "binhduong-corpus"

#: The file that vouches for every other file of a data folder.
MANIFEST = "manifest.json"

#: The descriptions shipped beside the tables, each listed in the manifest with its size and hash:
#: the Frictionless data package, the Croissant file and the Hugging Face dataset card.
METADATA_FILES = ("datapackage.json", "croissant.json", "README.md")

#: The generated module, beside the data folder, that holds the code's schema fingerprints.
LOCK = "_schema_lock.py"


def table_file(table: str) -> str:
    """The file name of a table in a data folder."""
    return f"{table}.parquet"
