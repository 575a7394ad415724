"""The search vocabulary (``seeds/curated/vocabulary.toml``), checked or refused.

Two parts. Each ``[[group]]`` lists phrases that name the same thing (an
abbreviation and its expansions, a synonym in either language, a spelling
the sources print), so that a record holding one is found by the others.
Each ``[values.<table>.<column>]`` gives English and Vietnamese labels for
every value of a closed vocabulary, so that ``search("hội chợ")`` finds the
events of kind ``fair``.

Phrases are compared *folded*, as search compares text: case, diacritics
and punctuation ignored. Each check raises :class:`BuildError` naming the
file, the group (as the record) and the field; nothing is repaired.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from .._postings import fold_text
from ..errors import BuildError
from ..records import TABLES
from ..schema import Column, columns
from ._curation import curated_file, described, forbidden_character, parse_toml, shown

__all__ = ["GROUP_KINDS", "LANGUAGES", "Group", "Labels", "Vocabulary", "read_vocabulary"]

#: What a group's phrases are to one another.
GROUP_KINDS = ("abbreviation", "synonym", "variant")
#: The languages every value's labels are given in.
LANGUAGES = ("en", "vi")

_GROUP_KEYS = ("id", "kind", "phrases", "note")
_TOP_KEYS = ("group", "values")
_GROUP_ID = re.compile(r"voc-[a-z0-9]+(?:-[a-z0-9]+)*")
# How many phrases a list needs, in words: a group is two names for one thing; a value needs a word per language.
_TWO_PHRASES = (2, "two phrases that differ once folded")
_ONE_LABEL = (1, "one label")

Labels = dict[str, tuple[str, ...]]  # language -> labels, as written
Where = dict[str, Any]  # the file and group id a BuildError names


@attrs.frozen
class Group:
    """Phrases that name the same thing."""

    id: str
    kind: str
    phrases: tuple[str, ...]
    note: str | None = None


@attrs.frozen
class Vocabulary:
    """The checked vocabulary, ready to write."""

    groups: tuple[Group, ...]  # in the file's order
    values: dict[str, dict[str, Labels]]  # "table.column" -> value -> labels, in the schema's order


def read_vocabulary(seeds: Path) -> Vocabulary:
    """Read and check the vocabulary file; raise BuildError on the first problem."""
    path = curated_file(seeds, "vocabulary")
    file = str(path)
    data = parse_toml(path)
    extra = sorted(set(data) - set(_TOP_KEYS))
    if extra:
        raise BuildError(f"unexpected top-level keys {extra}; valid keys are {list(_TOP_KEYS)}", file=file)
    return Vocabulary(groups=_groups(data.get("group", []), file), values=_values(data.get("values", {}), file))


# --- groups -------------------------------------------------------------------------------


def _groups(entries: object, file: str) -> tuple[Group, ...]:
    if not isinstance(entries, list):
        expected = "expected an array of tables, each headed [[group]]"
        raise BuildError(f"{expected}; got {described(entries)}", file=file, field="group")
    groups: dict[str, Group] = {}
    owners: dict[str, str] = {}  # folded phrase -> the group that has it
    for index, entry in enumerate(entries):
        group = _group(entry, f"[[group]] entry {index + 1}", file)
        if group.id in groups:
            raise BuildError("duplicate group id", file=file, record_id=group.id, field="id")
        _claim_phrases(group, owners, file)
        groups[group.id] = group
    return tuple(groups.values())


def _group(entry: object, position: str, file: str) -> Group:
    if not isinstance(entry, dict):
        raise BuildError(f"{position}: expected a table, got {described(entry)}", file=file, field="group")
    group_id = _group_id(entry.get("id"), position, file)
    where = {"file": file, "record_id": group_id}
    unknown = sorted(set(entry) - set(_GROUP_KEYS))
    if unknown:
        raise BuildError(f"unknown field; valid fields are {list(_GROUP_KEYS)}", field=unknown[0], **where)
    kind = entry.get("kind")
    if kind is None:
        raise BuildError("required field is missing", field="kind", **where)
    if not isinstance(kind, str) or kind not in GROUP_KINDS:
        raise BuildError(f"unknown kind {shown(kind)}; valid kinds are {list(GROUP_KINDS)}", field="kind", **where)
    phrases = _phrases(entry.get("phrases"), "phrases", where, needs=_TWO_PHRASES)
    note = entry.get("note")
    if note is not None:
        note = _check_text(note, "note", where)
    return Group(id=group_id, kind=kind, phrases=phrases, note=note)


def _group_id(value: object, position: str, file: str) -> str:
    if value is None:
        raise BuildError(f"required field is missing ({position})", file=file, field="id")
    if not isinstance(value, str):
        raise BuildError(f"expected string, got {described(value)} ({position})", file=file, field="id")
    if not _GROUP_ID.fullmatch(value):
        message = f"id {shown(value)} is not in the id format 'voc-<lowercase-ascii-words>' ({position})"
        raise BuildError(message, file=file, field="id")
    return value


def _claim_phrases(group: Group, owners: dict[str, str], file: str) -> None:
    """A phrase belongs to one group: two groups sharing one would be one group, written twice."""
    for index, phrase in enumerate(group.phrases):
        other = owners.setdefault(fold_text(phrase), group.id)
        if other != group.id:
            message = f"{shown(phrase)} is also a phrase of {other} (after folding); merge the two groups"
            raise BuildError(message, file=file, record_id=group.id, field=f"phrases[{index}]")


# --- phrases and labels ---------------------------------------------------------------------


def _phrases(value: object, field: str, where: Where, *, needs: tuple[int, str]) -> tuple[str, ...]:
    """A list of at least ``needs[0]`` strings, each plain text that folds to words, no two alike once folded."""
    if value is None:
        raise BuildError("required field is missing", field=field, **where)
    if not isinstance(value, list):
        raise BuildError(f"expected a list of strings, got {described(value)}", field=field, **where)
    seen: dict[str, int] = {}  # folded phrase -> its index
    for index, item in enumerate(value):
        _check_phrase(item, f"{field}[{index}]", where)
        earlier = seen.setdefault(fold_text(item), index)
        if earlier != index:
            same = f"{shown(item)} is {shown(value[earlier])} ({field}[{earlier}]) once folded"
            ignored = "case, diacritics and punctuation are ignored"
            raise BuildError(f"{same}: {ignored}", field=f"{field}[{index}]", **where)
    least, what = needs
    if len(value) < least:
        raise BuildError(f"needs at least {what}; got {len(value)}", field=field, **where)
    return tuple(value)


def _check_phrase(item: object, field: str, where: Where) -> None:
    if not fold_text(_check_text(item, field, where)):
        raise BuildError(f"{shown(item)} has no letter or digit, so it matches nothing", field=field, **where)


def _check_text(value: object, field: str, where: Where) -> str:
    """A non-empty, unpadded string on one line, without control characters or lone surrogates."""
    if not isinstance(value, str):
        raise BuildError(f"expected string, got {described(value)}", field=field, **where)
    if not value or value != value.strip():
        raise BuildError(f"empty or padded string {shown(value)}", field=field, **where)
    found = forbidden_character(value)
    if found is not None:
        at, what = found
        raise BuildError(f"{what} at index {at} of {shown(value)}", field=field, **where)
    return value


# --- values -----------------------------------------------------------------------------------


def _values(values: object, file: str) -> dict[str, dict[str, Labels]]:
    """The labels of each listed column, tables and columns in the schema's order (the file's order changes no byte)."""
    where: Where = {"file": file}
    by_table = _table(values, "values", where)
    _check_known(by_table, TABLES, "values", "table", where)
    listed: dict[str, dict[str, Labels]] = {}
    for table, cls in TABLES.items():
        if table not in by_table:
            continue
        by_column = _table(by_table[table], f"values.{table}", where)
        enums = {col.name: col for col in columns(cls) if col.enum}
        _check_known(by_column, enums, f"values.{table}", "closed-vocabulary column", where)
        for name, col in enums.items():
            if name in by_column:
                listed[f"{table}.{name}"] = _column_labels(col, by_column[name], f"values.{table}.{name}", where)
    return listed


def _column_labels(col: Column, entry: object, field: str, where: Where) -> dict[str, Labels]:
    by_value = _table(entry, field, where)
    _check_known(by_value, col.values, field, "value", where)
    missing = [value for value in col.values if value not in by_value]
    if missing:
        needs = "every value of a listed column needs English and Vietnamese labels"
        raise BuildError(f"values without labels: {missing}; {needs}", field=field, **where)
    return {value: _labels(by_value[value], f"{field}.{value}", where) for value in col.values}


def _labels(entry: object, field: str, where: Where) -> Labels:
    by_language = _table(entry, field, where, shape="{ en = [...], vi = [...] } table")
    _check_known(by_language, LANGUAGES, field, "language", where)
    return {lang: _phrases(by_language.get(lang), f"{field}.{lang}", where, needs=_ONE_LABEL) for lang in LANGUAGES}


def _table(value: object, field: str, where: Where, *, shape: str = "table") -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BuildError(f"expected a {shape}, got {described(value)}", field=field, **where)
    return value


def _check_known(
    entry: Mapping[str, Any], valid: Mapping[str, Any] | tuple[str, ...], field: str, what: str, where: Where
) -> None:
    unknown = [key for key in entry if key not in valid]
    if unknown:
        message = f"unknown {what} {shown(unknown[0])}; valid {what}s are {list(valid)}"
        raise BuildError(message, field=f"{field}.{unknown[0]}", **where)
