"""binhduong_corpus: curated, evidence-backed records of Bình Dương's international cooperation.

Tables (see ``docs/data-dictionary.md``): sources, events, partners, awards,
people, figures and evidence. Every record is backed by verbatim spans of
the source articles.

The names below are the public surface, grouped as a table of contents.
Importing the package loads only the version and the exceptions; each other
name is imported from its module on first use, so ``import binhduong_corpus``
stays cheap, :func:`load_table` pulls in pyarrow but not attrs or pandas,
and typed records attrs but not cattrs or pandas. (Filters and search hand
Python values to pyarrow, which imports pandas itself when it is
installed.) The
layers behind these names are mapped in ``docs/architecture.md``.
"""

from __future__ import annotations

import importlib

from . import errors
from ._version import __version__
from .errors import (  # 'X as X': re-exported
    BuildError as BuildError,
    CorpusError as CorpusError,
    IntegrityError as IntegrityError,
    InvalidArgumentError as InvalidArgumentError,
    InvalidDateError as InvalidDateError,
    InvalidTypeError as InvalidTypeError,
    MissingDependencyError as MissingDependencyError,
    UnknownNameError as UnknownNameError,
    UnknownRecordError as UnknownRecordError,
    UnknownTableError as UnknownTableError,
    WriteError as WriteError,
)

# Not typing.TYPE_CHECKING: importing typing would be most of what importing this package costs.
TYPE_CHECKING = False

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
    "docs_path": "_store",
    "docs_files": "_store",
    "clear_cache": "_store",
    # what each table and column means: the schema's words, with counts and examples from the data
    "describe": "_description",
    "Description": "_description",
    "TableDescription": "_description",
    "ColumnDescription": "_description",
    "SourceCoverage": "_description",
    # loading tables
    "load_table": "load",
    "load_dataframe": "load",
    "link_names": "_links",
    "connect": "load",
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
    "in_context": "_context",
    "Context": "_context",
    "search": "_search",
    "Hit": "_search",
    "fold": "_search",
    "SearchIndex": "_search",
    # writing the data out: a table as CSV (with its Table Schema), JSON Lines or Parquet; all as SQLite
    "export_table": "_export",
    "export_sqlite": "_export",
    # citing and releases
    "cite": "_cite",
    "cite_sources": "_cite",
    "citation_notes": "_cite",
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
    "basis_of": "records",
}

__all__ = ["__version__", *_CONTENTS, *errors.__all__]

# Public submodules, reached as attributes (bdc.plot.timeline()) but imported only on first use.
# Not in __all__: a star import would import them, and __all__ names values, not modules.
_SUBMODULES = ("plot",)


def __getattr__(name: str) -> object:
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)  # which also sets it as an attribute here
    module = _CONTENTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__) | set(_SUBMODULES))


if TYPE_CHECKING:  # explicit 'X as X' re-exports, for type checkers
    from . import plot as plot
    from ._cite import (
        citation_notes as citation_notes,
        cite as cite,
        cite_sources as cite_sources,
    )
    from ._context import (
        Context as Context,
        in_context as in_context,
    )
    from ._description import (
        ColumnDescription as ColumnDescription,
        Description as Description,
        SourceCoverage as SourceCoverage,
        TableDescription as TableDescription,
        describe as describe,
    )
    from ._export import (
        export_sqlite as export_sqlite,
        export_table as export_table,
    )
    from ._links import link_names as link_names
    from ._query import (
        Query as Query,
        filter_table as filter_table,
        query as query,
        timeline as timeline,
        timeline_table as timeline_table,
    )
    from ._relations import (
        Link as Link,
        Relations as Relations,
        related as related,
    )
    from ._release import (
        Diff as Diff,
        TableDiff as TableDiff,
        diff as diff,
    )
    from ._search import (
        Hit as Hit,
        SearchIndex as SearchIndex,
        fold as fold,
        search as search,
    )
    from ._store import (
        FileCheck as FileCheck,
        Manifest as Manifest,
        clear_cache as clear_cache,
        data_files as data_files,
        data_path as data_path,
        docs_files as docs_files,
        docs_path as docs_path,
        manifest as manifest,
        table_names as table_names,
        verify as verify,
    )
    from .load import (
        awards as awards,
        connect as connect,
        events as events,
        evidence as evidence,
        figures as figures,
        get as get,
        load_dataframe as load_dataframe,
        load_records as load_records,
        load_table as load_table,
        partners as partners,
        people as people,
        sources as sources,
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
        basis_of as basis_of,
    )
