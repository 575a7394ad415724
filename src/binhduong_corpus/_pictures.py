"""Drawing records with matplotlib: the timeline, the partners and their events, and SVG bytes that never vary.

These functions draw the records they are given and read nothing else, so the
build draws the records it has just validated and :mod:`.plot` those of the
shipped corpus. matplotlib is imported only when a function is called.

Every figure is a plain ``matplotlib.figure.Figure`` with an Agg canvas of its
own: pyplot is never imported, so no backend is chosen and no global figure is
kept. Drawing and saving happen inside one fixed style (matplotlib's defaults,
DejaVu Sans, glyphs as paths, a fixed id salt), so the user's matplotlibrc
changes neither the picture nor its bytes: the same records give the same SVG.
"""

from __future__ import annotations

import datetime
import io
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Literal, TypeVar

from ._arguments import shown
from ._interop import optional_import
from .errors import InvalidArgumentError, InvalidTypeError, MissingDependencyError
from .records import Award, Basis, Event, Partner, PartnerKind

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["EXTRA", "check_axes", "check_size", "partners_figure", "svg", "timeline_figure"]

#: The extra that installs matplotlib.
EXTRA = "plot"

# Everything that shapes the pictures or their bytes, on top of matplotlib's defaults. DejaVu Sans
# ships with matplotlib and has every Vietnamese letter; glyphs drawn as paths need no installed font.
_STYLE: dict[str, object] = {
    "font.family": ["DejaVu Sans"],
    "font.size": 9.0,
    "svg.fonttype": "path",
    "svg.hashsalt": "binhduong-corpus",
    "hatch.linewidth": 0.8,
}

_EVENT = "#1f6fb4"
_AWARD = "#c98a00"
_GROUP = "#ececec"
_KINDS: dict[PartnerKind, str] = {
    PartnerKind.LOCALITY: "#2a9d3f",
    PartnerKind.INTERNATIONAL_ORGANISATION: "#8a4fbf",
    PartnerKind.COMPANY: "#e07b00",
    PartnerKind.OTHER: "#7f7f7f",
}
# Spans shorter than this are too narrow to see on a timeline of years: a marker shows where they are.
_SHORT = datetime.timedelta(days=62)
_LABEL = 64  # characters of a name shown before it is cut
_MAX_INCHES = 200.0

Item = Event | Award
_T = TypeVar("_T", Event, Award, Item)


def _matplotlib(needed_by: str) -> None:
    try:
        optional_import("matplotlib", needed_by)
    except MissingDependencyError:
        raise MissingDependencyError(
            f"{needed_by} needs matplotlib, which is not installed: pip install 'binhduong-corpus[{EXTRA}]'"
        ) from None


def _style() -> AbstractContextManager[None]:
    import matplotlib.style

    # "default" first: matplotlib's own defaults, whatever the user's rcParams say; restored on exit.
    return matplotlib.style.context(["default", _STYLE])


# --- arguments -------------------------------------------------------------------------------------------


def check_axes(arg: str, value: object) -> Axes | None:
    """``value`` if it is None or a matplotlib Axes."""
    from matplotlib.axes import Axes

    if value is not None and not isinstance(value, Axes):
        raise InvalidTypeError(f"{arg}={shown(value)}: expected a matplotlib Axes, got {type(value).__name__}")
    return value


def check_size(arg: str, value: object) -> tuple[float, float] | None:
    """``value`` if it is None or a pair (width, height) of inches, each above 0 and at most 200."""
    if value is None:
        return None
    if not isinstance(value, tuple | list):
        raise InvalidTypeError(f"{arg}={shown(value)}: expected a pair (width, height) in inches")
    if len(value) != 2:
        raise InvalidArgumentError(f"{arg}={shown(value)}: expected a pair (width, height) in inches")
    for side in value:
        if not isinstance(side, int | float) or isinstance(side, bool):
            raise InvalidTypeError(f"{arg}={shown(value)}: expected two numbers of inches")
        if not (math.isfinite(side) and 0 < side <= _MAX_INCHES):
            raise InvalidArgumentError(f"{arg}={shown(value)}: each side must be above 0 and at most 200 inches")
    return float(value[0]), float(value[1])


def _canvas(
    ax: Axes | None,
    size: tuple[float, float] | None,
    default: tuple[float, float],
    layout: Literal["constrained"] | None = None,
) -> tuple[Figure, Axes]:
    """The figure and axes to draw on: the caller's axes as they are, or a new figure with an Agg canvas of its own."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    if ax is not None:
        if size is not None:
            raise InvalidArgumentError("give ax= or size=, not both: the axes already have a size")
        root = ax.get_figure(root=True)
        assert isinstance(root, Figure)  # an Axes always belongs to a figure
        return root, ax
    figure = Figure(figsize=size or default, layout=layout)
    FigureCanvasAgg(figure)  # a canvas that can render, without choosing pyplot's backend
    return figure, figure.add_subplot()


def _cut(text: str, length: int = _LABEL) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


# --- the timeline --------------------------------------------------------------------------------------


def _ordered(items: Iterable[_T]) -> list[_T]:
    """Timeline order: first day, last day, id (as :func:`binhduong_corpus.timeline`)."""
    far = datetime.date.max
    return sorted(items, key=lambda item: (item.start_date or far, item.end_date or far, item.id))


def _rows(dated: Sequence[Item]) -> list[tuple[Item, int]]:
    """Each item with its depth, sub-events right after their parent; a parent that is not drawn groups nothing."""
    drawn = {item.id for item in dated}
    children: dict[str, list[Item]] = {}
    for item in dated:
        if isinstance(item, Event) and item.parent_id in drawn:
            children.setdefault(item.parent_id, []).append(item)

    def walk(item: Item, depth: int) -> Iterator[tuple[Item, int]]:
        yield item, depth
        for child in children.get(item.id, ()):  # the build refuses parents that loop
            yield from walk(child, depth + 1)

    tops = [item for item in dated if not (isinstance(item, Event) and item.parent_id in drawn)]
    return [row for top in tops for row in walk(top, 0)]


def timeline_figure(items: Iterable[Item], ax: Axes | None = None, size: tuple[float, float] | None = None) -> Figure:
    """Events and awards by date, one row each (see :func:`binhduong_corpus.plot.timeline`)."""
    _matplotlib("plot.timeline")
    ordered = _ordered(items)
    dated = [item for item in ordered if item.start_date or item.end_date]
    undated = [item.name_en for item in ordered if not (item.start_date or item.end_date)]
    rows = _rows(dated)
    with _style():
        created = ax is None
        figure, ax = _canvas(ax, size, (11.0, 1.9 + 0.27 * max(len(rows), 1)), "constrained")
        _draw_rows(ax, rows)
        _timeline_axes(ax, rows, undated)
        _timeline_legend(ax)
        if created:
            _settle(figure)
    return figure


def _settle(figure: Figure) -> None:
    """Lay the figure out once and keep that layout: every later save then draws it the same way.

    Constrained layout starts from the positions it left last time, so a second save would move the axes
    by a hair and change the bytes.
    """
    figure.draw_without_rendering()
    figure.set_layout_engine("none")


def _span(item: Item, lo: datetime.date, hi: datetime.date) -> tuple[datetime.date, datetime.date]:
    """First day and the day after the last: an open end reaches the edge of the drawn range."""
    start = item.start_date or lo
    end = item.end_date or hi
    return start, end + datetime.timedelta(days=1)


def _draw_rows(ax: Axes, rows: Sequence[tuple[Item, int]]) -> None:
    if not rows:
        return
    lo, hi = _range(rows)
    for y, (item, depth) in enumerate(rows):
        start, end = _span(item, lo, hi)
        colour = _AWARD if isinstance(item, Award) else _EVENT
        inferred = item.date_basis == Basis.INFERRED
        left, right = start.toordinal(), end.toordinal()  # x counts days
        bars = ax.barh(
            y,
            right - left,
            left=left,
            height=0.62,
            facecolor="white" if inferred else colour,
            edgecolor=colour,
            hatch="////" if inferred else None,
            linewidth=0.9,
            zorder=2,
        )
        bars.patches[0].set_gid(item.id)
        if end - start < _SHORT:
            ax.plot(
                (left + right) / 2,
                y,
                marker="D" if isinstance(item, Award) else "o",
                markersize=5,
                markerfacecolor="white" if inferred else colour,
                markeredgecolor=colour,
                linestyle="none",
                zorder=3,
                gid=f"{item.id}-marker",
            )
        if depth == 0 and any(d > 0 for _, d in rows[y + 1 : y + 2]):
            band = ax.axhspan(y - 0.5, y + _group_size(rows, y) - 0.5, facecolor=_GROUP, edgecolor="none", zorder=0)
            band.set_gid(f"group-{item.id}")


def _group_size(rows: Sequence[tuple[Item, int]], top: int) -> int:
    """How many rows the group starting at ``top`` takes: the parent and every sub-event under it."""
    size = 1
    while top + size < len(rows) and rows[top + size][1] > 0:
        size += 1
    return size


def _range(rows: Sequence[tuple[Item, int]]) -> tuple[datetime.date, datetime.date]:
    """From 1 January of the first year to 31 December of the last: whole years on the axis."""
    days = [day for item, _ in rows for day in (item.start_date, item.end_date) if day]
    return datetime.date(min(days).year, 1, 1), datetime.date(max(days).year, 12, 31)


def _timeline_axes(ax: Axes, rows: Sequence[tuple[Item, int]], undated: Sequence[str]) -> None:
    labels = [("    " * (depth - 1) + "└ " if depth else "") + _cut(item.name_en) for item, depth in rows]
    ax.set_yticks(range(len(rows)), labels)
    for tick, (item, _) in zip(ax.get_yticklabels(), rows, strict=True):
        if isinstance(item, Award):
            tick.set_color(_AWARD)
    if rows:
        ax.set_ylim(len(rows) - 0.5, -0.5)  # the earliest at the top
        lo, hi = _range(rows)
        years = range(lo.year, hi.year + 2)
        ax.set_xticks([datetime.date(year, 1, 1).toordinal() for year in years], [str(year) for year in years])
        ax.set_xlim(lo.toordinal(), hi.toordinal() + 1)
    ax.grid(axis="x", color="#d0d0d0", linewidth=0.6, zorder=1)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    note = (
        "A bar spans every day its date allows: a date known only to the year spans the year.\n"
        "A dot (event) or diamond (award) marks a span too short to see."
    )
    if undated:
        note += "\nUndated, not drawn: " + "; ".join(_cut(name) for name in undated)
    ax.set_xlabel(note)
    ax.set_title("Events and awards of Bình Dương's international cooperation", loc="left")


def _timeline_legend(ax: Axes) -> None:
    from matplotlib.patches import Patch

    def bar(colour: str, inferred: bool) -> Patch:
        return Patch(
            facecolor="white" if inferred else colour,
            edgecolor=colour,
            hatch="////" if inferred else None,
            linewidth=0.9,
        )

    handles = [bar(_EVENT, False), bar(_EVENT, True), bar(_AWARD, False), bar(_AWARD, True), Patch(facecolor=_GROUP)]
    labels = [
        "event, date stated",
        "event, date inferred",
        "award, date stated",
        "award, date inferred",
        "series and its sub-events (└)",
    ]
    # The rows run from top left to bottom right, which leaves the bottom left free.
    ax.legend(handles, labels, loc="lower left", fontsize=8, framealpha=0.95)


# --- the partners --------------------------------------------------------------------------------------


def _groups(partners: Iterable[Partner], countries: Mapping[str, str]) -> list[tuple[str, list[Partner]]]:
    """Partners by country (sorted by its English name), then those tied to none; each group sorted by id."""
    grouped: dict[str | None, list[Partner]] = {}
    for partner in partners:
        grouped.setdefault(partner.country_code, []).append(partner)
    codes = sorted((code for code in grouped if code), key=lambda code: (countries.get(code, code), code))
    named = [(f"{countries.get(code, code)} ({code})", grouped[code]) for code in codes]
    international = [("International, no country", grouped[None])] if None in grouped else []
    return [(title, sorted(members, key=lambda p: p.id)) for title, members in [*named, *international]]


def _links(partners: Sequence[Partner], events: Iterable[Event]) -> list[tuple[Event, Partner, str]]:
    """Each (event, partner) pair once, as organiser where the partner is both."""
    by_id = {partner.id: partner for partner in partners}
    links = []
    for event in events:
        roles = {pid: "participant" for pid in event.participant_ids} | {
            pid: "organiser" for pid in event.organiser_ids
        }
        links += [(event, by_id[pid], role) for pid, role in sorted(roles.items()) if pid in by_id]
    return links


def partners_figure(
    partners: Iterable[Partner],
    events: Iterable[Event],
    countries: Mapping[str, str],
    ax: Axes | None = None,
    size: tuple[float, float] | None = None,
) -> Figure:
    """Partners by country and kind, linked to their events (see :func:`binhduong_corpus.plot.partners`).

    ``countries`` maps a country code to the English name its group is headed with.
    """
    _matplotlib("plot.partners")
    groups = _groups(partners, countries)
    listed = [partner for _, members in groups for partner in members]
    links = _links(listed, _ordered(events))
    linked = list(dict.fromkeys(event for event, _, _ in links))
    rows = sum(len(members) + 1 for _, members in groups)
    with _style():
        created = ax is None
        figure, ax = _canvas(ax, size, (12.0, 1.4 + 0.24 * max(rows, 1)))
        if created:  # room above for the column titles, below for the legend
            inches = figure.get_figheight()
            figure.subplots_adjust(left=0.01, right=0.99, top=1 - 0.3 / inches, bottom=0.55 / inches)
        height = max(rows - 1, 1)
        places = _draw_partners(ax, groups)
        spots = _draw_events(ax, linked, height)
        for event, partner, role in links:
            ax.plot(
                [_PARTNER_X, _EVENT_X],
                [places[partner.id], spots[event.id]],
                color=_KINDS[partner.kind],
                linestyle="-" if role == "organiser" else "--",
                linewidth=1.0,
                alpha=0.75,
                zorder=1,
                gid=f"link-{event.id}-{partner.id}",
            )
        _partners_axes(ax, height)
    return figure


# Where the two columns stand, as a fraction of the width: names to the left of one, events to the right of the other.
_PARTNER_X = 0.27
_EVENT_X = 0.48


def _draw_partners(ax: Axes, groups: Sequence[tuple[str, Sequence[Partner]]]) -> dict[str, float]:
    """A heading per country, then a marker and a name per partner; returns each partner's height."""
    places: dict[str, float] = {}
    y = 0
    for title, members in groups:
        ax.text(_PARTNER_X + 0.005, y, title, ha="right", va="center", fontweight="bold")
        y += 1
        for partner in members:
            places[partner.id] = y
            name = partner.name_en
            if partner.abbreviation and partner.abbreviation not in name:
                name += f" ({partner.abbreviation})"
            ax.text(_PARTNER_X - 0.012, y, _cut(name), ha="right", va="center")
            ax.plot(
                _PARTNER_X,
                y,
                marker="o",
                markersize=7,
                color=_KINDS[partner.kind],
                linestyle="none",
                zorder=3,
                gid=partner.id,
            )
            y += 1
    return places


def _draw_events(ax: Axes, events: Sequence[Event], height: float) -> dict[str, float]:
    """The linked events in timeline order, spread over the partners' height; returns each one's height."""
    step = height / max(len(events) - 1, 1)
    spots: dict[str, float] = {}
    for number, event in enumerate(events):
        y = number * step if len(events) > 1 else height / 2
        spots[event.id] = y
        ax.plot(_EVENT_X, y, marker="s", markersize=5, color="#333333", linestyle="none", zorder=3, gid=event.id)
        ax.text(_EVENT_X + 0.012, y, f"{event.date or 'undated'}  {_cut(event.name_en, 56)}", va="center")
    return spots


def _partners_axes(ax: Axes, height: float) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    ax.set_xlim(0, 1)
    ax.set_ylim(height + 0.8, -1.6)
    ax.axis("off")
    ax.text(_PARTNER_X, -1.2, "Partners", ha="right", fontweight="bold", fontsize=10)
    ax.text(_EVENT_X, -1.2, "Events they organised or took part in", ha="left", fontweight="bold", fontsize=10)
    kinds = [Patch(facecolor=colour, label=kind.value.replace("_", " ")) for kind, colour in _KINDS.items()]
    roles = [
        Line2D([], [], color="#555555", linestyle="-", label="organiser"),
        Line2D([], [], color="#555555", linestyle="--", label="participant"),
    ]
    ax.legend(
        handles=[*kinds, *roles],
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=len(kinds) + len(roles),
        fontsize=8,
        frameon=False,
    )


# --- bytes -----------------------------------------------------------------------------------------------


def svg(figure: Figure) -> bytes:
    """The figure as SVG: glyphs as paths, no date, ids from a fixed salt, so the same figure gives the same bytes."""
    _matplotlib("plot.svg")
    from matplotlib.figure import Figure

    if not isinstance(figure, Figure):
        raise InvalidTypeError(f"figure={shown(figure)}: expected a matplotlib Figure, got {type(figure).__name__}")
    buffer = io.BytesIO()
    with _style():
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()
