"""binhduong_corpus: curated, evidence-backed records of Bình Dương's international cooperation.

Tables (see ``docs/data-dictionary.md``): sources, events, partners, awards,
people, figures and evidence. Every record is backed by verbatim spans of
the source articles.

The names below are the public surface, grouped as a table of contents.
Importing the package loads only the version and the exceptions; each other
name is imported from its module on first use, so ``import binhduong_corpus``
stays cheap, :func:`load_table` pulls in pyarrow but not attrs or pandas,
and only :func:`load_dataframe` (and ``to_pandas``) import pandas. The
layers behind these names are mapped in ``docs/architecture.md``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from . import errors
from ._version import __version__
from .errors import (  # 'X as X': re-exported
    BuildError as BuildError,
)
from .errors import (
    CorpusError as CorpusError,
)
from .errors import (
    IntegrityError as IntegrityError,
)
from .errors import (
    InvalidArgumentError as InvalidArgumentError,
)
from .errors import (
    InvalidDateError as InvalidDateError,
)
from .errors import (
    MissingDependencyError as MissingDependencyError,
)
from .errors import (
    UnknownRecordError as UnknownRecordError,
)
from .errors import (
    UnknownTableError as UnknownTableError,
)

# Public name -> the module that defines it.
_CONTENTS: dict[str, str] = {
    # the shipped data: where it is, what vouches for it
    "table_names": "_store",
    "manifest": "_store",
    "Manifest": "_store",
    "verify": "_store",
    "FileCheck": "_store",
    "data_path": "_store",
    "data_files": "_store",
    "clear_cache": "_store",
    # loading tables
    "load_table": "load",
    "load_dataframe": "load",
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
    )
    from ._cite import (
        cite_sources as cite_sources,
    )
    from ._query import (
        Query as Query,
    )
    from ._query import (
        filter_table as filter_table,
    )
    from ._query import (
        query as query,
    )
    from ._query import (
        timeline as timeline,
    )
    from ._query import (
        timeline_table as timeline_table,
    )
    from ._relations import (
        Link as Link,
    )
    from ._relations import (
        Relations as Relations,
    )
    from ._relations import (
        related as related,
    )
    from ._release import (
        Diff as Diff,
    )
    from ._release import (
        TableDiff as TableDiff,
    )
    from ._release import (
        diff as diff,
    )
    from ._search import (
        Hit as Hit,
    )
    from ._search import (
        SearchIndex as SearchIndex,
    )
    from ._search import (
        fold as fold,
    )
    from ._search import (
        search as search,
    )
    from ._store import (
        FileCheck as FileCheck,
    )
    from ._store import (
        Manifest as Manifest,
    )
    from ._store import (
        clear_cache as clear_cache,
    )
    from ._store import (
        data_files as data_files,
    )
    from ._store import (
        data_path as data_path,
    )
    from ._store import (
        manifest as manifest,
    )
    from ._store import (
        table_names as table_names,
    )
    from ._store import (
        verify as verify,
    )
    from .load import (
        awards as awards,
    )
    from .load import (
        events as events,
    )
    from .load import (
        evidence as evidence,
    )
    from .load import (
        figures as figures,
    )
    from .load import (
        get as get,
    )
    from .load import (
        load_dataframe as load_dataframe,
    )
    from .load import (
        load_records as load_records,
    )
    from .load import (
        load_table as load_table,
    )
    from .load import (
        partners as partners,
    )
    from .load import (
        people as people,
    )
    from .load import (
        sources as sources,
    )
    from .records import (
        Award as Award,
    )
    from .records import (
        AwardTier as AwardTier,
    )
    from .records import (
        Basis as Basis,
    )
    from .records import (
        Event as Event,
    )
    from .records import (
        EventKind as EventKind,
    )
    from .records import (
        Evidence as Evidence,
    )
    from .records import (
        Figure as Figure,
    )
    from .records import (
        Language as Language,
    )
    from .records import (
        Partner as Partner,
    )
    from .records import (
        PartnerKind as PartnerKind,
    )
    from .records import (
        Person as Person,
    )
    from .records import (
        Qualifier as Qualifier,
    )
    from .records import (
        Relationship as Relationship,
    )
    from .records import (
        Role as Role,
    )
    from .records import (
        Source as Source,
    )
