"""Pictures of the corpus, drawn with matplotlib (the ``plot`` extra: ``pip install "binhduong-corpus[plot]"``).

::

    import binhduong_corpus as bdc

    figure = bdc.plot.timeline()                  # events and awards by date
    figure.savefig("timeline.png", dpi=150)
    bdc.plot.timeline(bdc.timeline(year=2019))    # only the records given
    bdc.plot.partners()                           # partners by country and kind, linked to their events

Each function returns a ``matplotlib.figure.Figure``, or draws into the
``ax=`` given and returns its figure. Figures are made without pyplot, so the
backend and pyplot's current figure stay as they were; in a notebook, a
returned figure shows itself. Every picture is drawn in the same fixed style
whatever the local matplotlibrc says, and :func:`svg` gives the same bytes for
the same records: the build writes ``docs/timeline.svg`` and
``docs/partners.svg`` with it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from . import _corpus, _pictures, _store
from ._arguments import shown
from .errors import InvalidTypeError
from .records import Award, Event, Partner

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["partners", "svg", "timeline"]


def timeline(
    items: Iterable[Event | Award] | None = None,
    *,
    ax: Axes | None = None,
    size: tuple[float, float] | None = None,
) -> Figure:
    """Events and awards by date: one row each, earliest at the top.

    A bar runs from ``start_date`` to ``end_date``, so its width is what the
    date leaves open (a date known only to the year spans the year; an open
    end, ``..``, runs to the edge); a span too short to see also gets a marker (a dot for an event, a diamond for an
    award). Awards are gold, events blue; a date the curators inferred is
    drawn hollow and hatched. Sub-events follow their parent, indented, on a
    grey band. Undated records are named under the axis, not drawn.

    ``items``: the records to draw (e.g. ``bdc.timeline(year=2019)``);
    default every event and award. ``ax``: axes to draw into; ``size``:
    (width, height) in inches of a new figure.
    """
    chosen = _check_items(items)
    ax = _pictures.check_axes("ax", ax)
    checked = _pictures.check_size("size", size)
    return _pictures.timeline_figure(chosen, ax, checked)


def partners(*, ax: Axes | None = None, size: tuple[float, float] | None = None) -> Figure:
    """Partners grouped by country (those tied to none last, as international), coloured by kind.

    A line joins each partner to each event it organised (solid) or took part
    in (dashed); the events stand on the right in date order. Groups are in
    order of country name, partners within a group by id. ``ax``: axes to draw
    into; ``size``: (width, height) in inches of a new figure.
    """
    ax = _pictures.check_axes("ax", ax)
    checked = _pictures.check_size("size", size)
    found = cast("tuple[Partner, ...]", _corpus.records("partners"))
    events = cast("tuple[Event, ...]", _corpus.records("events"))
    return _pictures.partners_figure(found, events, _country_names(), ax, checked)


def svg(figure: Figure) -> bytes:
    """``figure`` as SVG bytes: glyphs as paths, no timestamp, stable ids; the same figure gives the same bytes."""
    return _pictures.svg(figure)


def _check_items(items: object) -> list[Event | Award]:
    if items is None:
        from ._query import timeline as whole

        return list(whole())
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        raise InvalidTypeError(f"items={shown(items)}: expected events and awards, e.g. bdc.timeline(year=2019)")
    chosen = list(items)
    for item in chosen:
        if not isinstance(item, Event | Award):
            raise InvalidTypeError(f"items holds {shown(item)}: expected Event or Award records, e.g. bdc.events()")
    return chosen


def _country_names() -> dict[str, str]:
    """Each country code's English name, from the shipped vocabulary (CLDR)."""
    countries = _store.vocabulary().get("countries", {})
    return {code: names["en"][0] for code, names in countries.items() if names.get("en")}
