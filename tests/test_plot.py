"""The pictures: what the timeline and the partners plot show, and SVG bytes that depend only on the records."""

from __future__ import annotations

import hashlib
import inspect
import re
import sys
from collections.abc import Callable, Iterator

import attrs
import pytest

import binhduong_corpus as bdc
from binhduong_corpus.records import Basis, Event

from .conftest import ROOT, Runner

matplotlib = pytest.importorskip("matplotlib", reason="matplotlib comes with the plot and test extras")

from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def timeline() -> Figure:
    return bdc.plot.timeline()


@pytest.fixture(scope="module")
def partners() -> Figure:
    return bdc.plot.partners()


def _bars(figure: Figure) -> dict[str, Rectangle]:
    """The timeline's bars by record id (a bar carries its record's id, which the SVG keeps as the element id)."""
    found = [p for p in figure.findobj(Rectangle) if re.fullmatch(r"(ev|aw)-[a-z0-9-]+", p.get_gid() or "")]
    bars = {p.get_gid(): p for p in found}
    assert len(bars) == len(found), "a record drawn twice"
    return bars  # type: ignore[return-value]


def _row(bar: Rectangle) -> int:
    return round(bar.get_y() + bar.get_height() / 2)


# --- the timeline ----------------------------------------------------------------------------------------


def test_the_timeline_has_one_bar_per_dated_event_and_award(timeline: Figure) -> None:
    dated = {item.id for item in bdc.timeline() if item.start_date or item.end_date}
    assert set(_bars(timeline)) == dated
    assert dated == {record.id for record in [*bdc.events(), *bdc.awards()]}  # every shipped record has a date
    assert sorted(_row(bar) for bar in _bars(timeline).values()) == list(range(len(dated)))


def test_a_bar_spans_the_days_its_date_allows(timeline: Figure) -> None:
    bars = _bars(timeline)
    for item in bdc.timeline():
        assert item.start_date and item.end_date
        bar = bars[item.id]
        assert (bar.get_x(), bar.get_x() + bar.get_width()) == (
            item.start_date.toordinal(),
            item.end_date.toordinal() + 1,
        ), item.id
    year = bars["aw-icf-top7-2021"]
    assert year.get_width() == 365  # a date known to the year spans the year


def test_inferred_dates_are_hatched_and_hollow_awards_and_events_differ(timeline: Figure) -> None:
    bars = _bars(timeline)
    colours = {}
    for item in bdc.timeline():
        bar = bars[item.id]
        inferred = item.date_basis == Basis.INFERRED
        assert bool(bar.get_hatch()) == inferred, item.id
        assert (bar.get_facecolor()[:3] == (1.0, 1.0, 1.0)) == inferred, item.id
        colours.setdefault(type(item).__name__, set()).add(bar.get_edgecolor())
    assert len(colours["Event"]) == len(colours["Award"]) == 1
    assert colours["Event"] != colours["Award"]
    labels = [t.get_text() for t in timeline.axes[0].get_legend().get_texts()]
    assert "event, date inferred" in labels and "award, date stated" in labels


def test_sub_events_follow_their_parent_indented_on_one_band(timeline: Figure) -> None:
    bars = _bars(timeline)
    rows = {record_id: _row(bar) for record_id, bar in bars.items()}
    labels = [t.get_text() for t in timeline.axes[0].get_yticklabels()]
    events = {event.id: event for event in bdc.events()}
    children = [event for event in events.values() if event.parent_id]
    assert children
    for child in children:
        parent = rows[child.parent_id]  # type: ignore[index]
        between = [rid for rid, row in rows.items() if parent < row <= rows[child.id]]
        assert all(events[rid].parent_id == child.parent_id for rid in between), child.id
        assert labels[rows[child.id]].startswith("└ ") and not labels[parent].startswith("└")
    bands = {p.get_gid(): p for p in timeline.findobj(Rectangle) if (p.get_gid() or "").startswith("group-")}
    spans = {
        gid.removeprefix("group-"): (round(band.get_y() + 0.5), round(band.get_y() + band.get_height() - 0.5))
        for gid, band in bands.items()
    }
    parents = {event.parent_id for event in children if event.parent_id}
    expected = {p: (rows[p], max(rows[c.id] for c in children if c.parent_id == p)) for p in parents}
    assert spans == expected


def test_the_timeline_draws_the_records_it_is_given() -> None:
    chosen = bdc.timeline(year=2019)
    assert set(_bars(bdc.plot.timeline(chosen))) == {item.id for item in chosen}


def test_undated_records_are_named_not_drawn() -> None:
    undated = attrs.evolve(bdc.get("ev-horasis-asia-2019"), date=None, date_basis=None, start_date=None, end_date=None)
    assert isinstance(undated, Event)
    figure = bdc.plot.timeline([undated, bdc.get("aw-icf-top1-2023")])  # type: ignore[list-item]
    assert set(_bars(figure)) == {"aw-icf-top1-2023"}
    assert "Undated, not drawn: Horasis Asia Meeting 2019" in figure.axes[0].get_xlabel()


# --- the partners ------------------------------------------------------------------------------------------


def _lines(figure: Figure, pattern: str) -> Iterator[Line2D]:
    return (line for line in figure.findobj(Line2D) if re.fullmatch(pattern, line.get_gid() or ""))


def test_the_partners_plot_has_one_marker_per_partner_coloured_by_kind(partners: Figure) -> None:
    markers = list(_lines(partners, r"pt-[a-z0-9-]+"))
    assert sorted(line.get_gid() for line in markers) == sorted(p.id for p in bdc.partners())
    colour = {line.get_gid(): line.get_color() for line in markers}
    for kind in bdc.PartnerKind:
        assert len({colour[p.id] for p in bdc.partners(kind=kind)}) <= 1
    assert len(set(colour.values())) == len({p.kind for p in bdc.partners()})


def test_partners_are_grouped_by_country(partners: Figure) -> None:
    heights = {line.get_gid(): line.get_ydata()[0] for line in _lines(partners, r"pt-[a-z0-9-]+")}  # type: ignore[index]
    order = sorted(heights, key=heights.__getitem__)
    countries = [bdc.get(pid).country_code for pid in order]  # type: ignore[union-attr]
    runs = [code for i, code in enumerate(countries) if i == 0 or countries[i - 1] != code]
    assert len(runs) == len(set(runs)), "a country's partners are not together"
    assert runs[-1] is None  # those tied to no country come last
    titles = {t.get_text() for t in partners.axes[0].texts}
    assert {"South Korea (KR)", "Netherlands (NL)", "International, no country"} <= titles


def test_one_link_per_event_and_partner(partners: Figure) -> None:
    links = {line.get_gid(): line for line in _lines(partners, r"link-.+")}
    expected = {}
    for event in bdc.events():
        expected |= {f"link-{event.id}-{pid}": "--" for pid in event.participant_ids}
        expected |= {f"link-{event.id}-{pid}": "-" for pid in event.organiser_ids}
    assert expected and set(links) == set(expected)
    assert {gid: line.get_linestyle() for gid, line in links.items()} == expected
    drawn = {line.get_gid() for line in _lines(partners, r"ev-[a-z0-9-]+")}
    assert drawn == {gid.removeprefix("link-").rsplit("-pt-")[0] for gid in expected}


# --- the canvas, the arguments ---------------------------------------------------------------------------


def test_drawing_into_given_axes_returns_their_figure() -> None:
    figure = Figure()
    ax = figure.add_subplot()
    assert bdc.plot.timeline(ax=ax) is figure
    assert bdc.plot.partners(ax=ax) is figure
    assert tuple(bdc.plot.partners(size=(6, 4)).get_size_inches()) == (6, 4)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: bdc.plot.timeline(ax="axes"), bdc.InvalidTypeError, "expected a matplotlib Axes"),
        (lambda: bdc.plot.partners(size=(0, 4)), bdc.InvalidArgumentError, "above 0"),
        (lambda: bdc.plot.partners(size=(1, 2, 3)), bdc.InvalidArgumentError, "a pair"),
        (lambda: bdc.plot.partners(size="big"), bdc.InvalidTypeError, "a pair"),
        (lambda: bdc.plot.timeline(size=(1, True)), bdc.InvalidTypeError, "two numbers"),
        (lambda: bdc.plot.timeline("ev-gif-2019"), bdc.InvalidTypeError, "expected events and awards"),
        (lambda: bdc.plot.timeline(bdc.partners()), bdc.InvalidTypeError, "expected Event or Award records"),
        (lambda: bdc.plot.timeline(ax=Figure().add_subplot(), size=(4, 4)), bdc.InvalidArgumentError, "not both"),
        (lambda: bdc.plot.svg("figure"), bdc.InvalidTypeError, "expected a matplotlib Figure"),
    ],
)
def test_wrong_arguments(call: Callable[[], object], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        call()


def test_no_public_signature_uses_any() -> None:
    for name in bdc.plot.__all__:
        hints = getattr(bdc.plot, name).__annotations__
        assert not [hint for hint in hints.values() if re.search(r"\bAny\b", str(hint))], name
        assert inspect.signature(getattr(bdc.plot, name)).return_annotation != "Any"


# --- SVG bytes -----------------------------------------------------------------------------------------------


def test_svg_bytes_are_the_same_for_the_same_records(timeline: Figure, partners: Figure) -> None:
    first = bdc.plot.svg(timeline)
    assert bdc.plot.svg(timeline) == first
    assert bdc.plot.svg(bdc.plot.timeline()) == first
    assert bdc.plot.svg(partners) == bdc.plot.svg(bdc.plot.partners())
    assert b"<dc:date>" not in first  # no timestamp
    assert b"<text" not in first  # glyphs are paths: no installed font needed to show them
    assert b'id="ev-wta-hitech-fair-2019"' in first  # elements carry record ids


def test_svg_bytes_ignore_the_local_style(timeline: Figure) -> None:
    expected = bdc.plot.svg(timeline)
    local = {"font.size": 20, "font.family": "serif", "svg.fonttype": "none", "svg.hashsalt": None}
    with matplotlib.rc_context(local):
        assert bdc.plot.svg(bdc.plot.timeline()) == expected
        assert matplotlib.rcParams["font.size"] == 20  # the user's settings are left as they were


def test_svg_bytes_are_the_same_in_a_fresh_process(run_python: Runner, timeline: Figure) -> None:
    script = "import hashlib, binhduong_corpus as b; print(hashlib.sha256(b.plot.svg(b.plot.timeline())).hexdigest())"
    result = run_python(script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == hashlib.sha256(bdc.plot.svg(timeline)).hexdigest()


def test_the_glyphs_are_matplotlibs_own_dejavu_sans() -> None:
    """A system copy of DejaVu Sans (another release, other outlines) must not be the one drawn."""
    from matplotlib import font_manager

    from binhduong_corpus._pictures import _style

    with _style():
        found = font_manager.findfont(font_manager.FontProperties(), fallback_to_default=False)
    assert found.startswith(matplotlib.get_data_path()), found


def test_the_committed_pictures_are_what_the_shipped_data_draws(timeline: Figure, partners: Figure) -> None:
    """The build draws the curated records; this draws the shipped ones: the two agree (and `make check-data`
    compares the build's with the committed files)."""
    written = (DOCS / "timeline.svg").read_bytes()
    version = re.search(rb"Matplotlib v([0-9.]+)", written)
    if version is None or version.group(1).decode() != matplotlib.__version__:
        pytest.skip(f"the pictures were drawn with another matplotlib release ({version}); the test extra pins it")
    assert bdc.plot.svg(timeline) == written
    assert bdc.plot.svg(partners) == (DOCS / "partners.svg").read_bytes()


# --- without matplotlib ------------------------------------------------------------------------------------------


def test_without_matplotlib_a_call_names_the_plot_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    for call in (bdc.plot.timeline, bdc.plot.partners):
        with pytest.raises(bdc.MissingDependencyError, match=re.escape("pip install 'binhduong-corpus[plot]'")):
            call()


def test_without_matplotlib_the_build_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    from pathlib import Path

    from binhduong_corpus.build import read_curated
    from binhduong_corpus.build._outputs import outputs

    curated = read_curated(ROOT / "seeds")
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert isinstance(tmp_path, Path)
    with pytest.raises(
        bdc.MissingDependencyError, match=re.escape("timeline.svg and docs/partners.svg with matplotlib")
    ):
        outputs(curated, tmp_path / "data", tmp_path / "docs", None)


def test_importing_the_package_or_its_plot_module_imports_no_matplotlib(run_python: Runner) -> None:
    script = "import sys, binhduong_corpus as b; b.plot; print(sorted(m for m in sys.modules if 'matplotlib' in m))"
    result = run_python(script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_drawing_leaves_the_backend_and_pyplot_alone(run_python: Runner) -> None:
    script = (
        "import sys, matplotlib; matplotlib.use('svg'); import binhduong_corpus as b\n"
        "b.plot.svg(b.plot.timeline()); b.plot.partners()\n"
        "print(matplotlib.get_backend(), 'matplotlib.pyplot' in sys.modules)"
    )
    result = run_python(script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["svg", "False"]


def test_plot_is_reachable_but_not_exported() -> None:
    assert "plot" in dir(bdc) and "plot" not in bdc.__all__
    assert isinstance(bdc.plot.timeline(bdc.timeline(year=2014)).axes[0], Axes)
