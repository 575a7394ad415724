"""Where things are: the names of the files a data folder holds, shared by the store and the build."""

from __future__ import annotations

__all__ = ["COVERAGE", "DATASET_NAME", "LOCK", "MANIFEST", "METADATA_FILES", "RETIRED", "VOCABULARY", "table_file"]

#: The distribution and dataset name, as the manifest and the snapshots record it.
DATASET_NAME = "binhduong-corpus"

#: The file that vouches for every other file of a data folder.
MANIFEST = "manifest.json"

#: The search vocabulary shipped beside the tables (one of the metadata files): phrase groups,
#: value labels and country names that search adds to records.
VOCABULARY = "vocabulary.json"

#: The record ids retired so far (one of the metadata files): each with the release that retired it,
#: its successor when it was merged into another record, and why; ids are never reused.
RETIRED = "retired.json"

#: The sentence coverage of the sources (one of the metadata files): per source, how many sentences
#: evidence covers; per sentence, the records that cover it or the curator's reason.
COVERAGE = "coverage.json"

#: The files shipped beside the tables, each listed in the manifest with its size and hash:
#: the Frictionless data package, the Croissant file, the Hugging Face dataset card and the
#: search vocabulary, the retired ids and the sentence coverage.
METADATA_FILES = ("datapackage.json", "croissant.json", "README.md", VOCABULARY, RETIRED, COVERAGE)

#: The generated module, beside the data folder, that holds the code's schema fingerprints.
LOCK = "_schema_lock.py"


def table_file(table: str) -> str:
    """The file name of a table in a data folder."""
    return f"{table}.parquet"
