"""binhduong_corpus: curated, evidence-backed records of Bình Dương's international cooperation.

Tables (see ``docs/data-dictionary.md``): sources, events, partners, awards,
people, figures and evidence. Every record is backed by verbatim spans of
the source articles.

Importing the package is cheap: pyarrow is imported on the first load,
pandas only by :func:`load_dataframe`.
"""

from ._version import __version__
from .errors import (
    BuildError,
    CorpusError,
    IntegrityError,
    InvalidArgumentError,
    InvalidDateError,
    MissingDependencyError,
    UnknownRecordError,
    UnknownTableError,
)
from .load import (
    awards,
    data_path,
    events,
    evidence,
    figures,
    get,
    load_dataframe,
    load_table,
    manifest,
    partners,
    people,
    records,
    sources,
    table_names,
)
from .records import (
    Award,
    AwardTier,
    Basis,
    Event,
    EventKind,
    Evidence,
    Figure,
    Language,
    Partner,
    PartnerKind,
    Person,
    Qualifier,
    Relationship,
    Role,
    Source,
)

__all__ = [
    # version
    "__version__",
    # loading
    "load_dataframe",
    "load_table",
    "data_path",
    "manifest",
    "table_names",
    # typed records
    "records",
    "get",
    "sources",
    "events",
    "partners",
    "awards",
    "people",
    "figures",
    "evidence",
    # record classes and vocabularies
    "Award",
    "AwardTier",
    "Basis",
    "Event",
    "EventKind",
    "Evidence",
    "Figure",
    "Language",
    "Partner",
    "PartnerKind",
    "Person",
    "Qualifier",
    "Relationship",
    "Role",
    "Source",
    # errors
    "BuildError",
    "CorpusError",
    "IntegrityError",
    "InvalidArgumentError",
    "InvalidDateError",
    "MissingDependencyError",
    "UnknownRecordError",
    "UnknownTableError",
]
