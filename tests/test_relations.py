"""Relations: symmetry over every link, navigation methods, errors."""

from __future__ import annotations

import pytest

import binhduong_corpus as bdc
from binhduong_corpus._relations import EVIDENCE_FIELD, links
from binhduong_corpus.records import TABLES
from binhduong_corpus.schema import columns


def test_every_link_is_seen_from_both_ends() -> None:
    for link in links():
        assert link in bdc.related(link.from_id).outgoing
        assert link in bdc.related(link.to_id).incoming
        assert bdc.get(link.from_id) in bdc.related(link.to_id).records(link.field)
        assert bdc.get(link.to_id) in bdc.related(link.from_id).records(link.field)


def test_links_are_exactly_the_reference_columns_and_evidence() -> None:
    expected = set()
    for table, cls in TABLES.items():
        if table == "evidence":
            continue
        refs = [c.name for c in columns(cls) if c.ref]
        for record in bdc.load_records(table):
            for name in refs:
                value = getattr(record, name)
                for target in value if isinstance(value, tuple) else ([value] if value else []):
                    expected.add((record.id, name, target))
            expected |= {(record.id, EVIDENCE_FIELD, ev.source_id) for ev in record.evidence}
    assert {(link.from_id, link.field, link.to_id) for link in links()} == expected
    assert len(links()) == len(expected)


def test_every_record_relates_to_its_sources() -> None:
    for table in ("events", "partners", "awards", "people", "figures"):
        for record in bdc.load_records(table):
            rel = bdc.related(record.id)
            assert {s.id for s in rel.sources} == {ev.source_id for ev in record.evidence}
            assert rel.evidence == record.evidence


def test_named_walks() -> None:
    series = bdc.related("ev-wta-2019-daejeon")
    assert {e.id for e in series.parts} == {e.id for e in bdc.events(parent="ev-wta-2019-daejeon")}
    assert all(bdc.related(part.id).parent == series.record for part in series.parts)
    assert series.parent is None
    launch = bdc.related("ev-gif-launch-2014")
    assert [p.id for p in launch.organisers] == ["pt-unesco", "pt-wta", "pt-daejeon"]
    unesco = bdc.related("pt-unesco")
    assert {e.id for e in unesco.events} == {
        "ev-gif-launch-2014",
        "ev-unesco-wta-training-workshop-2019",
        "ev-unesco-wta-training-workshop-first-2005",
        "ev-wta-general-assembly-2018",
    }
    assert bdc.related("aw-icf-top7-2021").ceremony is None
    assert bdc.related("aw-icf-top1-2023").issuer == bdc.get("pt-icf")
    assert bdc.related("pe-mai-hung-dung").affiliation is None
    assert [p.id for p in bdc.related("pt-icf").people] == ["pe-john-jung", "pe-lou-zacharilla"]
    source_ids = {s.id for s in bdc.related("src-002")}
    assert "aw-icf-top1-2023" in source_ids and "pe-lou-zacharilla" in source_ids


def test_records_are_plain_values_that_know_no_corpus() -> None:
    """Navigation lives on Relations; a record built by hand is as good as a loaded one."""
    fair = bdc.get("ev-wta-hitech-fair-2019")
    assert not any(hasattr(fair, name) for name in ("related", "parts", "parent", "organisers", "sources"))
    assert type(fair)(**{f: getattr(fair, f) for f in fair.__slots__ if not f.startswith("__")}) == fair


def test_related_records_by_field() -> None:
    rel = bdc.related("pt-icf")
    assert {r.id for r in rel.records("issuer_id")} == {a.id for a in bdc.awards()}
    assert [r.id for r in rel.records("affiliation_id")] == ["pe-john-jung", "pe-lou-zacharilla"]


def test_unknown_id_suggests_the_closest() -> None:
    with pytest.raises(bdc.UnknownRecordError, match="did you mean 'ev-gif-2019'"):
        bdc.related("ev-gif-2091")
