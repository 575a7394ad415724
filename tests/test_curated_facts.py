"""The curated facts, checked against the shipped data, and the evidence invariants."""

from __future__ import annotations

import datetime
import hashlib
import unicodedata

import pytest

import binhduong_corpus as bdc
from binhduong_corpus._edtf import parse_edtf

from .conftest import ROOT

SHARED_SEEDS = ROOT.parent / "shared" / "seeds"


def _texts() -> dict[str, str]:
    return {s.id: s.text for s in bdc.sources()}


# --- evidence invariants over the whole corpus ---------------------------------


def test_every_quote_is_its_source_span() -> None:
    texts = _texts()
    for ev in bdc.evidence():
        assert texts[ev.source_id][ev.start : ev.end] == ev.quote, ev


def test_every_record_has_evidence_and_inferences_say_how() -> None:
    for name in ("sources", "events", "partners", "awards", "people", "figures"):
        for record in bdc.load_records(name):
            assert record.evidence, record.id
    inferred = [ev for ev in bdc.evidence() if ev.basis is bdc.Basis.INFERRED]
    assert inferred and all(ev.note for ev in inferred)


def test_inferred_dates_have_inferred_evidence() -> None:
    """A record whose date is marked inferred carries at least one inferred span saying how."""
    for name in ("sources", "events", "awards", "figures"):
        for record in bdc.load_records(name):
            if record.date_basis is bdc.Basis.INFERRED:
                has_inferred_span = any(ev.basis is bdc.Basis.INFERRED for ev in record.evidence)
                assert has_inferred_span or record.note, record.id


def test_derived_dates_match_edtf() -> None:
    for name in ("sources", "events", "awards", "figures"):
        for record in bdc.load_records(name):
            if record.date is None:
                assert record.start_date is None and record.end_date is None
            else:
                parsed = parse_edtf(record.date)
                assert (record.start_date, record.end_date) == (parsed.start, parsed.end), record.id


def test_sources_match_their_seed_files() -> None:
    for source in bdc.sources():
        raw = (ROOT / "seeds" / source.seed_file).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == source.sha256
        assert raw.decode("utf-8") == source.text
        assert unicodedata.is_normalized("NFC", source.text)


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="the shared seed folder is not beside this checkout")
def test_seed_copies_are_byte_identical_to_shared() -> None:
    ours = sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))
    assert ours == sorted(p.name for p in SHARED_SEEDS.glob("*.txt"))
    for name in ours:
        assert (ROOT / "seeds" / name).read_bytes() == (SHARED_SEEDS / name).read_bytes(), name


# --- sources ---------------------------------------------------------------------


def test_source_metadata() -> None:
    src = {s.id: s for s in bdc.sources()}
    assert [s.language.value for s in src.values()] == ["vi", "vi", "vi", "en", "vi"]
    assert src["src-003"].date == "2019-11-10" and src["src-003"].date_basis is bdc.Basis.STATED
    assert src["src-003"].authors == ("Thuy Linh",)
    assert src["src-000"].date == "2018-10-10" and src["src-000"].date_basis is bdc.Basis.INFERRED
    assert src["src-000"].title is None and src["src-000"].publisher is None
    assert src["src-001"].date is None
    assert src["src-004"].url == "http://www.baohaiquan.vn/pages/binh-duong-xay-dung-thanh-pho-thong-minh.aspx"
    # Only one document gives a URL for itself.
    assert [s.id for s in src.values() if s.url] == ["src-004"]


# --- events ------------------------------------------------------------------------


def test_wta_general_assembly_hosted_in_2018_part_of_the_summit() -> None:
    ga = bdc.get("ev-wta-general-assembly-2018")
    assert ga.role is bdc.Role.HOST and bdc.basis_of(ga, "role") is bdc.Basis.STATED
    assert ga.edition == 11
    assert ga.country_code == "VN"
    # It began on 10/10; the end is not given, so none is assumed: it is known to cover that day only.
    assert ga.date == "2018-10-10/"
    assert ga.start_date == ga.end_date == datetime.date(2018, 10, 10)
    assert ga.date_basis is bdc.Basis.INFERRED
    assert "pt-unesco" in ga.participant_ids
    # The same model as 2019: the summit is the parent, the General Assembly its named part.
    summit = bdc.get(ga.parent_id)
    assert (summit.id, summit.kind, summit.name_vi) == (
        "ev-wta-summit-2018",
        bdc.EventKind.SUMMIT,
        "Hội nghị thượng đỉnh WTA 2018",
    )
    assert summit.edition is None  # the 11th is the General Assembly's number, not the summit's
    assert bdc.basis_of(ga, "organiser_ids") is bdc.basis_of(summit, "organiser_ids") is bdc.Basis.INFERRED
    anniversary = bdc.get("fg-wta-anniversary-2018")
    assert (anniversary.value, anniversary.unit, anniversary.date) == (20.0, "years", "2018")


def test_wta_2019_series_in_daejeon_and_its_parts() -> None:
    series = bdc.get("ev-wta-2019-daejeon")
    assert (series.kind, series.country_code, series.place) == (bdc.EventKind.SERIES, "KR", "Daejeon")
    assert (series.start_date, series.end_date) == (datetime.date(2019, 10, 21), datetime.date(2019, 10, 23))
    assert (series.attendees, series.attendees_qualifier, series.countries_represented) == (
        1000,
        bdc.Qualifier.ABOUT,
        30,
    )
    parts = {e.id for e in bdc.events() if e.parent_id == series.id}
    main_events = {
        "ev-gif-2019",
        "ev-wta-general-assembly-2019",
        "ev-wta-hitech-fair-2019",
        "ev-unesco-wta-training-workshop-2019",
    }
    assert main_events <= parts
    fair = bdc.get("ev-wta-hitech-fair-2019")
    assert fair.edition == 16 and fair.end_date == datetime.date(2019, 10, 22)
    workshop = bdc.get("ev-unesco-wta-training-workshop-2019")
    assert workshop.edition == 15 and workshop.theme == "Science & Technology Park and Smart City"
    assert bdc.get("ev-gif-2019").theme == "Towards a Smart City from Sustainability Context"


def test_korean_business_meetings() -> None:
    meetings = bdc.get("ev-korea-business-meetings-2019")
    assert meetings.parent_id == "ev-bd-delegation-korea-2019"
    names = {bdc.get(pid).name_en for pid in meetings.participant_ids}
    assert names == {"Lotte E&C Group", "SK Group", "Woori Investment Bank", "HanHwa Company"}


def test_smart_city_programme_milestones_and_2017_conference() -> None:
    assert bdc.get("ev-smart-city-programme-approval-2016").date == "2016-11"
    conference = bdc.get("ev-smart-city-conference-2017")
    assert (conference.start_date, conference.end_date) == (datetime.date(2017, 11, 25), datetime.date(2017, 11, 27))
    assert "dự kiến" in conference.note
    press = bdc.get("ev-smart-city-conference-press-2017")
    assert press.kind is bdc.EventKind.PRESS_CONFERENCE and press.date == "2017-11-23"


def test_horasis_meetings() -> None:
    horasis = {e.id: e for e in bdc.events() if "pt-horasis" in e.organiser_ids}
    assert sorted(horasis) == [
        "ev-horasis-asia-2018",
        "ev-horasis-asia-2019",
        "ev-horasis-asia-2023",
        "ev-horasis-india-2022",
    ]
    # Only the 2023 hosting is stated outright; the earlier ones are inferred, and say so.
    assert bdc.basis_of(horasis["ev-horasis-asia-2023"], "role") is bdc.Basis.STATED
    for key in ("ev-horasis-asia-2018", "ev-horasis-asia-2019", "ev-horasis-india-2022"):
        assert bdc.basis_of(horasis[key], "role") is bdc.Basis.INFERRED
    # Horasis as organiser is read from each meeting's name: inferred every time.
    assert {bdc.basis_of(ev, "organiser_ids") for ev in horasis.values()} == {bdc.Basis.INFERRED}


# --- partners ----------------------------------------------------------------------


def test_ten_localities_named_in_the_2019_review() -> None:
    localities = {p.name_en: p.country_code for p in bdc.partners() if p.kind is bdc.PartnerKind.LOCALITY}
    assert localities == {
        "Daejeon Metropolitan City": "KR",
        "Champasak Province": "LA",
        "Kratie Province": "KH",
        "Guangzhou": "CN",
        "Emilia-Romagna Region": "IT",
        "Yamaguchi Prefecture": "JP",
        "Province of East Flanders": "BE",
        "Eindhoven": "NL",
        "Emmen": "NL",
        "Oryol Oblast": "RU",
    }


def test_thirteen_localities_versus_ten_named_are_both_kept() -> None:
    figure = bdc.get("fg-foreign-localities-2024")
    assert figure.value == 13 and figure.qualifier is bdc.Qualifier.EXACT
    assert "ten" in figure.note
    orgs = bdc.get("fg-international-organisations-2024")
    assert orgs.value == 3 and "WTCA" in orgs.note and "WTA" in orgs.note


def test_eindhoven_twinning_and_disagreement() -> None:
    eindhoven = bdc.get("pt-eindhoven")
    assert eindhoven.relationship is bdc.Relationship.SISTER_LOCALITY and eindhoven.since == "2016"
    assert "Einhoven" in eindhoven.note and "friendship" in eindhoven.note
    assert {ev.source_id for ev in eindhoven.evidence} == {"src-001", "src-004"}


def test_international_organisations() -> None:
    orgs = {p.abbreviation for p in bdc.partners() if p.kind is bdc.PartnerKind.INTERNATIONAL_ORGANISATION}
    assert orgs == {"WTA", "ICF", "WTCA", "UNESCO", None}  # Horasis has no abbreviation
    assert bdc.get("pt-wta").name_en == "World Technopolis Association"


# --- awards ------------------------------------------------------------------------


def test_icf_honours_from_smart21_to_top1() -> None:
    honours = sorted((a.date, a.tier.value) for a in bdc.awards())
    assert honours == [
        ("2018", "Smart21"),
        ("2019", "Smart21"),
        ("2021", "Top7"),
        ("2022", "Top7"),
        ("2023", "Top1"),
        ("2023", "Top7"),
    ]
    assert all(a.issuer_id == "pt-icf" and a.recipient == "Bình Dương" for a in bdc.awards())
    assert bdc.get("aw-icf-smart21-2018").date_basis is bdc.Basis.INFERRED
    assert bdc.get("aw-icf-top1-2023").event_id == "ev-icf-2023-award-ceremony"
    assert bdc.get("fg-icf-smart21-consecutive-2024").value == 5


# --- people and figures --------------------------------------------------------------


def test_people() -> None:
    people = {p.name: p for p in bdc.people()}
    assert set(people) == {
        "Mai Hùng Dũng",
        "Tran Thanh Liem",
        "Lou Zacharilla",
        "John Jung",
        "Frank-Jürgen Richter",
        "PHƯƠNG LÊ",
        "Thuy Linh",
        "Lê Thu",
    }
    assert people["Lou Zacharilla"].affiliation_id == "pt-icf"
    assert people["Frank-Jürgen Richter"].affiliation_id == "pt-horasis"
    assert {ev.source_id for ev in people["Mai Hùng Dũng"].evidence} == {"src-002", "src-004"}


def test_fdi_figures() -> None:
    projects = bdc.get("fg-fdi-projects-2024")
    capital = bdc.get("fg-fdi-capital-2024")
    assert (projects.value, projects.qualifier, projects.as_written) == (4200, bdc.Qualifier.NEARLY, "gần 4.200 dự án")
    assert (capital.value, capital.unit, capital.qualifier) == (40.3e9, "USD", bdc.Qualifier.MORE_THAN)
