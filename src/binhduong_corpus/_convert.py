"""The one cattrs converter, for records as dicts.

The build structures curated TOML through it (ISO date strings accepted,
finished evidence passed through), and the command line unstructures
records through it to print them: enums as their string values, dates as
``datetime.date``, lists for tuples. Arrow conversion does not use it (see
:mod:`binhduong_corpus._arrow`).
"""

from __future__ import annotations

import datetime
from typing import Any

import cattrs
from cattrs.gen import make_dict_structure_fn

from .records import Evidence

__all__ = ["converter"]

converter = cattrs.Converter()


def _structure_date(value: Any, _: type) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


converter.register_structure_hook(datetime.date, _structure_date)
converter.register_unstructure_hook(datetime.date, lambda value: value)

# Evidence is built before the record that nests it; pass finished ones through.
_structure_evidence = make_dict_structure_fn(Evidence, converter)
converter.register_structure_hook(
    Evidence, lambda value, cls: value if isinstance(value, Evidence) else _structure_evidence(value, cls)
)
