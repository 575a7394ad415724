"""What a build writes from the search vocabulary: ``vocabulary.json`` (data folder) and ``docs/vocabulary.md``.

Beside the curated groups and labels, the JSON holds the English and
Vietnamese name of every ISO 3166-1 alpha-2 code, taken from CLDR through
Babel rather than typed, so they are the names software elsewhere shows.
CLDR's names change between releases, so the Babel release is pinned (the
``test`` extra) and recorded in the file. Babel is imported here, while a
build renders, and nowhere in the runtime.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from .._files import json_bytes
from .._iso3166 import ALPHA2
from ..errors import BuildError, MissingDependencyError
from ._vocabulary import LANGUAGES, Group, Vocabulary

__all__ = ["Countries", "countries", "vocabulary_json", "vocabulary_markdown"]

_LANGUAGE_NAMES = {"en": "English", "vi": "Vietnamese"}


@attrs.frozen
class Countries:
    """Every country code's names by language, and the CLDR release they come from."""

    names: dict[str, dict[str, list[str]]]  # code -> language -> names
    cldr: str  # "Babel 2.x.y (CLDR nn)"


def countries() -> Countries:
    """The English and Vietnamese CLDR name of every code in ``ALPHA2``, as the installed Babel has them."""
    try:
        import babel
        from babel.core import Locale, get_cldr_version
    except ImportError:
        needs = "the build takes country names from CLDR through Babel, which is not installed"
        raise MissingDependencyError(f"{needs}: pip install -e '.[test]'") from None
    cldr = f"Babel {babel.__version__} (CLDR {get_cldr_version()})"
    territories = {lang: Locale.parse(lang).territories for lang in LANGUAGES}
    names = {
        code: {lang: [_name(territories[lang], code, lang, cldr)] for lang in LANGUAGES} for code in sorted(ALPHA2)
    }
    return Countries(names=names, cldr=cldr)


def _name(territories: Mapping[str, str], code: str, lang: str, cldr: str) -> str:
    name = territories.get(code)
    if not name:
        raise BuildError(f"{cldr} has no {_LANGUAGE_NAMES[lang]} name for the country code {code!r}")
    return name


def vocabulary_json(vocabulary: Vocabulary, names: Countries) -> bytes:
    """``vocabulary.json``: groups in the file's order, then labels and country names; keys sorted."""
    document = {
        "groups": [_group(group) for group in vocabulary.groups],
        "values": {
            column: {value: {lang: list(labels[lang]) for lang in LANGUAGES} for value, labels in by_value.items()}
            for column, by_value in vocabulary.values.items()
        },
        "countries": names.names,
        "cldr": names.cldr,
    }
    return json_bytes(document, sort_keys=True)


def _group(group: Group) -> dict[str, Any]:
    out: dict[str, Any] = {"id": group.id, "kind": group.kind, "phrases": list(group.phrases)}
    if group.note is not None:
        out["note"] = group.note
    return out


# --- docs/vocabulary.md -------------------------------------------------------------------------


def vocabulary_markdown(vocabulary: Vocabulary, names: Countries, named: Sequence[str]) -> str:
    """docs/vocabulary.md: every group and label, and the names of the countries the records name (``named``)."""
    lines = [
        "# Search vocabulary",
        "",
        "Generated from `seeds/curated/vocabulary.toml` by `python -m binhduong_corpus.build`; do not edit by hand.",
        'docs/curation.md ("Search vocabulary") says how to change it. The data folder ships it as',
        "`vocabulary.json`, which the manifest vouches for.",
        "",
        "Search finds a record by words it does not hold itself: a record whose own text holds any phrase of",
        "a group as whole words (case, diacritics and punctuation ignored) is found by every phrase of the",
        "group; a record is found by the labels of the values in its closed-vocabulary columns; and a record",
        "with a `country_code` by that country's names.",
        *_groups_section(vocabulary.groups),
        *_values_section(vocabulary.values),
        *_countries_section(names, named),
    ]
    return "\n".join(lines) + "\n"


def _groups_section(groups: Sequence[Group]) -> list[str]:
    lines = ["", "## Groups", "", "| id | kind | phrases | where it comes from |", "|---|---|---|---|"]
    for group in groups:
        phrases = " · ".join(_cell(phrase) for phrase in group.phrases)
        lines.append(f"| `{group.id}` | {group.kind} | {phrases} | {_cell(group.note or '')} |")
    return lines


def _values_section(values: Mapping[str, Mapping[str, Mapping[str, Sequence[str]]]]) -> list[str]:
    lines = ["", "## Labels of closed-vocabulary values"]
    for column, by_value in values.items():
        lines += ["", f"### {column}", "", "| value | English | Vietnamese |", "|---|---|---|"]
        for value, labels in by_value.items():
            en, vi = (" · ".join(_cell(label) for label in labels[lang]) for lang in LANGUAGES)
            lines.append(f"| `{value}` | {en} | {vi} |")
    return lines


def _countries_section(names: Countries, named: Sequence[str]) -> list[str]:
    lines = [
        "",
        "## Country names",
        "",
        f"Not curated: the build takes the English and Vietnamese name of each of the {len(names.names)} ISO 3166-1",
        f"alpha-2 codes from CLDR, through {names.cldr}. The countries the records name:",
        "",
        "| code | English | Vietnamese |",
        "|---|---|---|",
    ]
    for code in named:
        en, vi = (" · ".join(_cell(name) for name in names.names[code][lang]) for lang in LANGUAGES)
        lines.append(f"| `{code}` | {en} | {vi} |")
    return lines


def _cell(text: str) -> str:
    # A pipe would end the table cell.
    return text.replace("|", "\\|")
