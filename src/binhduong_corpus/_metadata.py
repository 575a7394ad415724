"""Who made the dataset, what it is called, under which licence: the one place this is written.

``cite()``, CITATION.cff, the Frictionless data package, the Croissant file
and the datasheet all take their bibliographic fields from :data:`DATASET`.
The project names no homepage, repository URL or DOI, so none is given
anywhere; add them here when they exist.
"""

from __future__ import annotations

import attrs

from ._version import RELEASED, __version__

__all__ = ["DATASET", "LICENCE_URLS", "DatasetMetadata"]


@attrs.frozen
class DatasetMetadata:
    """Bibliographic facts about the dataset."""

    name: str  # the distribution name
    title: str
    authors: tuple[str, ...]  # entities or people, as they should be credited
    version: str
    released: str  # ISO date of this version's release
    abstract: str
    keywords: tuple[str, ...]
    data_licence: str  # SPDX id
    code_licence: str  # SPDX id
    url: str | None = None
    repository: str | None = None
    doi: str | None = None

    @property
    def year(self) -> int:
        return int(self.released[:4])


DATASET = DatasetMetadata(
    name="binhduong-corpus",
    title="binhduong_corpus: evidence-backed records of Bình Dương's international cooperation",
    authors=("The binhduong_corpus contributors",),
    version=__version__,
    released=RELEASED,
    abstract=(
        "Curated, typed records of the international cooperation of Bình Dương province (Vietnam): events "
        "(smart-city conferences, WTA, Horasis and ICF meetings), partners (sister and friendship localities, "
        "international organisations, companies), ICF honours, the people named and stand-alone figures, each "
        "backed by verbatim evidence spans with character offsets into five source news articles."
    ),
    keywords=("Bình Dương", "Vietnam", "smart city", "international cooperation", "WTA", "ICF", "Horasis", "evidence"),
    data_licence="CC-BY-4.0",
    code_licence="MIT",
)

#: Where each licence the dataset names is published.
LICENCE_URLS = {
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "MIT": "https://opensource.org/license/mit",
}
