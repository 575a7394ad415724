"""The Hugging Face dataset card (``README.md`` in the data folder), from the schema, the metadata and the row counts.

Its YAML front matter names one config per table, whose "train" split is the
table's Parquet file, so ``datasets.load_dataset(<data folder>, "events")``
reads a table offline. The text below it says what the dataset is, what
each table holds, which language each text column is in, and how to cite it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from .._cite import cite
from .._layout import table_file
from .._metadata import DATASET
from ..records import TABLES, Language
from ..schema import Column, columns, describe_class

__all__ = ["card"]

# The bounds of Hugging Face's size categories ("n<1K", "1K<n<10K", ... "n>1T"), powers of ten from 10**3.
_SIZE_BOUNDS = ("1K", "10K", "100K", "1M", "10M", "100M", "1B", "10B", "100B", "1T")


def card(rows: Mapping[str, int]) -> str:
    """The dataset card of a data folder whose tables hold ``rows`` rows each (``{table: rows}``)."""
    return "\n".join([*_front_matter(rows), "", *_body(rows)])


def _yaml(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _quoted(name: str) -> str:
    """A Python string literal as ``ruff format`` writes it (double quotes), so the card's code stays formatted."""
    return json.dumps(name)


def _size_category(total: int) -> str:
    below = next((n for n, _ in enumerate(_SIZE_BOUNDS) if total < 10 ** (3 + n)), None)
    if below is None:
        return f"n>{_SIZE_BOUNDS[-1]}"
    return f"n<{_SIZE_BOUNDS[0]}" if below == 0 else f"{_SIZE_BOUNDS[below - 1]}<n<{_SIZE_BOUNDS[below]}"


def _front_matter(rows: Mapping[str, int]) -> list[str]:
    lines = [
        "---",
        f"pretty_name: {_yaml(DATASET.title)}",
        f"license: {_yaml(DATASET.data_licence.lower())}",  # the Hub's licence ids are lower-case SPDX ids
        "language:",
        *[f"- {_yaml(language.value)}" for language in Language],
        "tags:",
        *[f"- {_yaml(keyword)}" for keyword in DATASET.keywords],
        "size_categories:",
        f"- {_yaml(_size_category(sum(rows.values())))}",
        "configs:",
    ]
    for table in rows:
        lines += [f"- config_name: {_yaml(table)}", "  data_files:", '  - split: "train"']
        lines.append(f"    path: {_yaml(table_file(table))}")
    return [*lines, "---"]


def _body(rows: Mapping[str, int]) -> list[str]:
    example = next(iter(rows))
    lines = [
        f"# {DATASET.title}",
        "",
        DATASET.abstract,
        "",
        f"Version {DATASET.version}, released {DATASET.released}. Data licence: {DATASET.data_licence}.",
        "",
        "## Loading",
        "",
        "Each table is a config whose one split, `train`, is the whole table:",
        "",
        "```python",
        "import datasets",
        "import binhduong_corpus as bdc",
        "",
        f"folder = str(bdc.data_path({_quoted(example)}).parent)  # this folder, in the installed package",
        f'{example} = datasets.load_dataset(folder, {_quoted(example)}, split="train")',
        "```",
        "",
        "List columns are stored as JSON text (a JSON array of strings); `datasets` reads them as lists.",
        "",
        "## Tables",
        "",
    ]
    for table, count in rows.items():
        lines += _table_section(table, count)
    return [*lines, *_languages(), *_citation()]


def _table_section(table: str, count: int) -> list[str]:
    cls = TABLES[table]
    lines = [f"### {table}", "", f"{describe_class(cls)} {count} rows.", ""]
    lines += ["| column | type | description |", "|---|---|---|"]
    lines += [f"| `{col.name}` | {col.type_label} | {_cell(col)} |" for col in columns(cls)]
    return [*lines, ""]


def _cell(col: Column) -> str:
    """A column's description, with its vocabulary, fit for one Markdown table cell."""
    text = col.description + (f" One of: {', '.join(f'`{v}`' for v in col.values)}." if col.enum else "")
    return text.replace("|", "\\|")


def _languages() -> list[str]:
    lines = ["## Languages", "", "The language of each text column:", ""]
    for table, cls in TABLES.items():
        lines += [f"- `{table}.{col.name}`: {col.language_note}" for col in columns(cls) if col.language]
    return [*lines, ""]


def _citation() -> list[str]:
    return ["## Citation", "", "```bibtex", cite("bibtex").rstrip("\n"), "```", ""]
