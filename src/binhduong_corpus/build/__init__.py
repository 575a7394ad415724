"""The curator's build: the shipped data and its descriptions, derived from the curated seeds.

Run from the repository root::

    python -m binhduong_corpus.build              # rebuild data/, _schema_lock.py, docs/, CITATION.cff
    python -m binhduong_corpus.build --check      # fail if the committed files differ from a fresh build
    python -m binhduong_corpus.build --locate     # fill start/end offsets for evidence quotes that lack them
    python -m binhduong_corpus.build --release    # record the built data as releases/<version>.json
    python -m binhduong_corpus.build --changelog  # print the CHANGELOG "Data" section for this version

Inputs are ``seeds/*.txt`` (the documents), ``seeds/curated/<table>.toml``
(the records) and ``seeds/curated/vocabulary.toml`` (the search vocabulary).
The build refuses, with a :class:`~binhduong_corpus.errors.BuildError`
naming the file, record id and field, any input that is not exactly right;
it never repairs. The same inputs and the same pyarrow and Babel releases
give the same bytes.

A build writes all its files or none: each is staged beside its target and
moved into place only when every one is written, the manifest last (see
:mod:`binhduong_corpus._files`). A failed build leaves the previous files whole.

The modules, by job: ``_curation`` reads the inputs, ``_validate`` turns
them into records, ``_vocabulary`` checks the search vocabulary,
``_tables`` renders the Parquet files, ``_datapackage``, ``_croissant`` and
``_datasheet`` the descriptions, ``_vocabulary_files`` the vocabulary's
JSON and page, ``_lock`` the schema lock, ``_outputs`` gathers everything
a build writes, ``_locate`` and ``_release`` are the other modes, ``_cli``
the command line.

This package is tooling: the runtime package never imports it.
"""

from __future__ import annotations

from ._cli import main
from ._locate import locate
from ._outputs import build, check
from ._release import changelog_data, data_section, release
from ._tables import table_bytes
from ._validate import Curated, read_curated

__all__ = [
    "Curated",
    "build",
    "changelog_data",
    "check",
    "data_section",
    "locate",
    "main",
    "read_curated",
    "release",
    "table_bytes",
]
