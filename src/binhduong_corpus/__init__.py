"""binhduong_corpus: curated, evidence-backed records of Bình Dương's international cooperation.

Tables (see ``docs/data-dictionary.md``): sources, events, partners, awards,
people, figures and evidence. Every record is backed by verbatim spans of
the source articles.

The names below are the public surface. Importing the package loads only
the version and the exceptions; each other name is imported from its module
on first use, so ``import binhduong_corpus`` stays cheap, :func:`load_table`
pulls in pyarrow but not attrs or pandas, and only :func:`load_dataframe`
(and ``to_pandas``) import pandas.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from . import errors
from ._version import __version__
from .errors import (  # 'X as X': re-exported
    BuildError as BuildError,
    CorpusError as CorpusError,
    IntegrityError as IntegrityError,
    InvalidArgumentError as InvalidArgumentError,
    InvalidDateError as InvalidDateError,
    MissingDependencyError as MissingDependencyError,
    UnknownRecordError as UnknownRecordError,
    UnknownTableError as UnknownTableError,
)

# Public name -> the module that defines it.
_CONTENTS: dict[str, str] = {
    # loading tables
    "load_table": "load",
    "load_dataframe": "load",
    "data_path": "load",
    "data_files": "load",
    "verify": "load",
    "FileCheck": "load",
    "manifest": "load",
    "table_names": "load",
    # typed records
    "load_records": "load",
    "get": "load",
    "sources": "load",
    "events": "load",
    "partners": "load",
    "awards": "load",
    "people": "load",
    "figures": "load",
    "evidence": "load",
    # questions: filters, relations, timeline, search
    "query": "_query",
    "Query": "_query",
    "filter_table": "_query",
    "timeline": "_query",
    "timeline_table": "_query",
    "related": "_relations",
    "Relations": "_relations",
    "Link": "_relations",
    "search": "_search",
    "Hit": "_search",
    "fold": "_search",
    "SearchIndex": "_search",
    # citing and releases
    "cite": "_cite",
    "cite_sources": "_cite",
    "diff": "_release",
    "Diff": "_release",
    "TableDiff": "_release",
    # record classes and their vocabularies
    "Source": "records",
    "Event": "records",
    "Partner": "records",
    "Award": "records",
    "Person": "records",
    "Figure": "records",
    "Evidence": "records",
    "AwardTier": "records",
    "Basis": "records",
    "EventKind": "records",
    "Language": "records",
    "PartnerKind": "records",
    "Qualifier": "records",
    "Relationship": "records",
    "Role": "records",
}

__all__ = ["__version__", *_CONTENTS, *errors.__all__]


def __getattr__(name: str) -> Any:
    module = _CONTENTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # explicit 'X as X' re-exports, for type checkers
    from ._cite import (
        cite as cite,
        cite_sources as cite_sources,
    )
    from ._query import (
        filter_table as filter_table,
        query as query,
        Query as Query,
        timeline as timeline,
        timeline_table as timeline_table,
    )
    from ._relations import (
        Link as Link,
        related as related,
        Relations as Relations,
    )
    from ._release import (
        diff as diff,
        Diff as Diff,
        TableDiff as TableDiff,
    )
    from ._search import (
        fold as fold,
        Hit as Hit,
        search as search,
        SearchIndex as SearchIndex,
    )
    from .load import (
        awards as awards,
        data_files as data_files,
        data_path as data_path,
        events as events,
        evidence as evidence,
        figures as figures,
        FileCheck as FileCheck,
        get as get,
        load_dataframe as load_dataframe,
        load_records as load_records,
        load_table as load_table,
        manifest as manifest,
        partners as partners,
        people as people,
        sources as sources,
        table_names as table_names,
        verify as verify,
    )
    from .records import (
        Award as Award,
        AwardTier as AwardTier,
        Basis as Basis,
        Event as Event,
        EventKind as EventKind,
        Evidence as Evidence,
        Figure as Figure,
        Language as Language,
        Partner as Partner,
        PartnerKind as PartnerKind,
        Person as Person,
        Qualifier as Qualifier,
        Relationship as Relationship,
        Role as Role,
        Source as Source,
    )
