"""The modelling rules of docs/curation.md, held against the whole shipped corpus, where code can check them."""

from __future__ import annotations

import binhduong_corpus as bdc
from binhduong_corpus import _store
from binhduong_corpus._postings import fold_text

EVENTS = {event.id: event for event in bdc.events()}
PARTNERS = {partner.id: partner for partner in bdc.partners()}


def test_every_general_assembly_is_a_part_of_its_years_meeting() -> None:
    # Multi-part meetings are modelled one way every year: the meeting, then its named parts.
    assemblies = [e for e in EVENTS.values() if e.kind is bdc.EventKind.GENERAL_ASSEMBLY]
    assert {e.id for e in assemblies} == {"ev-wta-general-assembly-2018", "ev-wta-general-assembly-2019"}
    for assembly in assemblies:
        parent = EVENTS[assembly.parent_id]
        assert parent.kind in (bdc.EventKind.SERIES, bdc.EventKind.SUMMIT), assembly.id
        assert (parent.place, parent.country_code, parent.role) == (
            assembly.place,
            assembly.country_code,
            assembly.role,
        )


def test_numbers_of_a_part_stay_on_the_part() -> None:
    parents = {e.parent_id for e in EVENTS.values() if e.parent_id}
    for event_id in parents:
        assert EVENTS[event_id].edition is None, event_id


def test_a_part_without_its_own_date_takes_its_parents() -> None:
    for event in EVENTS.values():
        if event.parent_id and bdc.basis_of(event, "date") is bdc.Basis.INFERRED:
            assert event.date == EVENTS[event.parent_id].date, event.id
            assert event.date_basis is bdc.Basis.INFERRED


def test_an_end_the_sources_do_not_give_is_left_unknown() -> None:
    for event_id in ("ev-wta-summit-2018", "ev-wta-general-assembly-2018"):
        event = EVENTS[event_id]
        assert event.date == "2018-10-10/" and event.start_date == event.end_date


def test_a_stated_organiser_is_named_in_its_span() -> None:
    # Read off an event's name, an organiser is inferred; stated only where the span names it as such.
    for event in EVENTS.values():
        stated = [s for s in event.evidence if "organiser_ids" in s.supports and s.basis is bdc.Basis.STATED]
        for span in stated:
            quote = f" {fold_text(span.quote)} "
            for partner_id in event.organiser_ids:
                partner = PARTNERS[partner_id]
                names = [partner.abbreviation, partner.name_en, partner.name_vi]
                assert any(name and f" {fold_text(name)} " in quote for name in names), (event.id, partner_id)


def test_a_stated_tie_names_the_partner() -> None:
    # A span that states a partner's relationship names that partner (or a spelling of it the vocabulary knows).
    variants = [g["phrases"] for g in _store.vocabulary()["groups"] if g["kind"] == "variant"]
    for partner in PARTNERS.values():
        names = {n for n in (partner.abbreviation, partner.name_en, partner.name_vi) if n}
        names |= {p for group in variants if any(fold_text(n) in map(fold_text, group) for n in names) for p in group}
        names |= {n.split(" ", 1)[1] for n in names if n.split(" ", 1)[0].lower() in ("tp", "tỉnh", "thành", "vùng")}
        for span in partner.evidence:
            if "relationship" in span.supports and span.basis is bdc.Basis.STATED:
                quote = f" {fold_text(span.quote)} "
                assert any(f" {fold_text(n)} " in quote for n in names), (partner.id, span.quote)


def test_places_of_the_events_bình_dương_hosts() -> None:
    # An event Bình Dương hosts is placed in the province unless a source places it elsewhere.
    for event in EVENTS.values():
        if event.role is bdc.Role.HOST:
            assert (event.place, event.country_code) == ("Bình Dương", "VN"), event.id


def test_organisers_read_from_a_name_are_inferred() -> None:
    named_after = {
        "ev-wta-summit-2018",
        "ev-wta-general-assembly-2018",
        "ev-wta-2019-daejeon",
        "ev-wta-general-assembly-2019",
        "ev-wta-hitech-fair-2019",
        "ev-wta-2019-opening-ceremony",
        "ev-wta-2019-welcome-dinners",
        "ev-unesco-wta-training-workshop-2019",
        "ev-horasis-asia-2018",
        "ev-horasis-asia-2019",
        "ev-horasis-india-2022",
        "ev-horasis-asia-2023",
    }
    for event_id in named_after:
        assert bdc.basis_of(EVENTS[event_id], "organiser_ids") is bdc.Basis.INFERRED, event_id
    assert bdc.basis_of(EVENTS["ev-gif-launch-2014"], "organiser_ids") is bdc.Basis.STATED


def test_unknown_is_not_not_involved() -> None:
    assert not [e.id for e in EVENTS.values() if e.role is bdc.Role.NOT_INVOLVED]
    unknown = [e for e in EVENTS.values() if e.role is None]
    assert {e.id for e in unknown} == {"ev-gif-launch-2014", "ev-unesco-wta-training-workshop-first-2005"}
    assert all("null (unknown)" in (e.note or "") for e in unknown)


def test_a_repost_credit_is_not_a_masthead() -> None:
    source = bdc.get("src-004")
    assert source.publisher == "Hải Quan" and source.publisher_basis is bdc.Basis.INFERRED
    # No source's publisher is stated: none of the five prints a masthead.
    assert {s.publisher_basis for s in bdc.sources() if s.publisher} == {bdc.Basis.INFERRED}


def test_icf_honours_keep_the_literal_name_and_map_it_to_icfs_own() -> None:
    own = {
        "Smart21": "Smart21 Communities",
        "Top7": "Top7 Intelligent Communities",
        "Top1": "Intelligent Community of the Year",
    }
    for award in bdc.awards():
        assert award.translated is bdc.Language.EN and own[award.tier.value] not in award.name_en
        assert own[award.tier.value] in award.note and "not in the sources" in award.note
        assert [h.record_id for h in bdc.search(own[award.tier.value], limit=None)].count(award.id) == 1


def test_facts_the_sources_state_are_fields_not_only_notes() -> None:
    assert EVENTS["ev-unesco-wta-training-workshop-first-2005"].date == "2005"  # "the 15th edition since 2005"
    assert EVENTS["ev-gif-launch-2014"].date == "2014"  # "launched in 2014"
    anniversary = bdc.get("fg-wta-anniversary-2018")
    assert anniversary.value == 20 and anniversary.as_written == "kỷ niệm 20 năm thành lập Hiệp hội"


def test_one_fact_told_twice_is_one_record() -> None:
    approval = EVENTS["ev-smart-city-programme-approval-2016"]
    quotes = [span.quote for span in approval.evidence]
    assert any("chính thức khởi động" in q for q in quotes) and any("chính thức phê duyệt" in q for q in quotes)
    assert not [e for e in EVENTS.values() if e.kind is bdc.EventKind.MILESTONE and "khởi động" in e.name_vi]
