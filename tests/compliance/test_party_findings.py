"""Which asset freeze a matched party brings into a shipment check, by kind of query and
by date (src/unsc/compliance/parties.py), on the real UN list of 8 May 2026.

- S/RES/2270 (2016) OP12 and OP32: vessels owned or operated by designated DPRK entities
  are economic resources to be frozen: a vessel matched to KPe.022 (Chongchongang Shipping
  Company) cites it, while the same company as a consignee cites 1718 OP8(d).
- A party on another regime's list is frozen under the measure of that regime in force on
  the shipment date: QDe.001 under S/RES/1989 (2011) OP1(a) in 2012 and under
  S/RES/2734 (2024) OP1(a) in 2026.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from unsc.compliance.parties import PartyQuery, party_findings
from unsc.compliance.shipment import Shipment, Verdict, check_shipment, exact_screener
from unsc.lists.model import Entity
from unsc.lists.un_xml import read_un_xml
from unsc.regime import regime_as_of


@pytest.fixture(scope="module")
def entities(shared_data: Path) -> list[Entity]:
    return read_un_xml(shared_data / "un" / "un_consolidated_2026-05-08.xml").entities


def _check(entities: list[Entity], day: str, **extra: object) -> Verdict:
    shipment = Shipment.from_dict({"date": day, "direction": "to_dprk",
                                   "goods": [{"hs_code": "1006", "description": "rice"}],
                                   **extra})
    return check_shipment(shipment, exemptions=[], screen_parties=exact_screener(entities))


def _cited(verdict: Verdict) -> list[tuple[str, str]]:
    return [(t.measure.id, t.measure.citation) for t in verdict.triggers]


def test_a_designated_entitys_vessel_is_frozen_under_2270(entities: list[Entity]) -> None:
    company = next(e for e in entities if e.reference_number == "KPe.022")
    as_vessel = _check(entities, "2024-01-10",
                       vessel={"name": company.caption, "flag": "PA"})
    assert as_vessel.verdict == "prohibited"
    assert _cited(as_vessel) == [("2270-OP12-32-freeze", "S/RES/2270 (2016) OP12, 32")]
    as_party = _check(entities, "2024-01-10",
                      parties=[{"name": company.caption, "role": "consignee"}])
    assert _cited(as_party) == [("1718-OP8d-asset-freeze", "S/RES/1718 (2006) OP8(d)")]
    # listed on 2 March 2016, by 2270 itself: the day before, nothing binds it
    before = _check(entities, "2016-03-01", vessel={"name": company.caption})
    assert before.triggers == () and before.verdict == "permitted"


@pytest.mark.parametrize(("day", "measure", "citation"), [
    ("2012-06-01", "1989-OP1-asset-freeze", "S/RES/1989 (2011) OP1(a)"),
    ("2026-01-10", "2734-OP1-asset-freeze", "S/RES/2734 (2024) OP1(a)"),
])
def test_another_regimes_freeze_is_the_one_in_force_that_day(
        entities: list[Entity], day: str, measure: str, citation: str) -> None:
    qde = next(e for e in entities if e.reference_number == "QDe.001")
    verdict = _check(entities, day, parties=[{"name": qde.names[0].value, "role": "buyer"}])
    assert verdict.verdict == "prohibited" and _cited(verdict) == [(measure, citation)]


def _hit(entity: Entity, **extra: object) -> dict[str, object]:
    return {"entity_id": entity.id, "list": "un", "caption": entity.caption,
            "reference_number": entity.reference_number, "schema": str(entity.schema),
            "listed_on": entity.listed_on, "regimes": list(entity.regimes), **extra}


QUERY = PartyQuery("Korea Mining", "party", "consignee")
CARVE_OUT = ("S/RES/2664 (2022) OP1: Funds, other financial assets, economic resources, goods "
             "and services necessary for the timely delivery of humanitarian assistance")


def test_a_frozen_party_is_explained_with_its_routes(entities: list[Entity]) -> None:
    """Hit without binding measures: they are worked out from the hit itself."""
    komid = next(e for e in entities if e.reference_number == "KPe.001")
    found = party_findings(QUERY, _hit(komid), regime_as_of("1718", "2024-01-10"))
    assert found.measure is not None and found.measure.id == "1718-OP8d-asset-freeze"
    assert found.reason.startswith(
        "party 'Korea Mining' matches designated KOREA MINING DEVELOPMENT TRADING "
        "CORPORATION (KPe.001, 1718 regime): funds and economic resources must be frozen "
        "and none made available. " + CARVE_OUT)
    assert [(r["citation"], r["measure"]) for r in found.routes] == [
        ("S/RES/1718 (2006) OP9(a)", "1718-OP8d-asset-freeze"),
        ("S/RES/1718 (2006) OP9(b)", "1718-OP8d-asset-freeze"),
        ("S/RES/1718 (2006) OP9(c)", "1718-OP8d-asset-freeze")]
    assert found.note is None
    before_2664 = party_findings(QUERY, _hit(komid), regime_as_of("1718", "2021-01-10"))
    assert "2664" not in before_2664.reason  # the carve-out dates from 9 December 2022


def test_a_listing_without_a_freeze_is_a_note(entities: list[Entity]) -> None:
    """S/RES/2048 (2012) (Guinea-Bissau) imposes a travel ban only."""
    person = next(e for e in entities if e.reference_number == "GBi.005")
    found = party_findings(QUERY, _hit(person), regime_as_of("1718", "2024-01-10"))
    assert (found.measure, found.reason, found.routes) == (None, "", ())
    assert found.note == ("party 'Korea Mining' matches ANTÓNIO INJAI (GBi.005, 2048 regime): "
                          "no asset freeze binds it on 2024-01-10 (binding: travel_ban); the "
                          "listing does not prohibit the shipment.")


def test_national_and_what_if_matches(entities: list[Entity]) -> None:
    national = party_findings(QUERY, {"entity_id": "ofac-9", "list": "ofac-sdn"},
                              regime_as_of("1718", "2024-01-10"))
    assert (national.measure, national.reason, national.routes) == (None, "", ())
    assert national.note == ("party 'Korea Mining' matches ofac-9 on ofac-sdn: a national "
                             "designation, not a Council measure; national law may still "
                             "prohibit the shipment.")
    unnamed = party_findings(QUERY, {"entity_id": "x-1"}, regime_as_of("1718", "2024-01-10"))
    assert unnamed.note is not None and "x-1 on another list: a national" in unnamed.note
    draft = party_findings(QUERY, {"entity_id": "w-1", "list": "whatif:S/2022/431",
                                   "caption": "LAZARUS GROUP"},
                           regime_as_of("1718", "2022-06-01", "S/2022/431"))
    assert draft.measure is not None and draft.measure.id == "S/2022/431-designations"
    assert (draft.reason, draft.routes) == (
        "party 'Korea Mining' matches LAZARUS GROUP, a designation the draft S/2022/431 "
        "would have made", ())


def test_a_hit_worked_out_on_the_shipment_day_before_its_listing(
        entities: list[Entity]) -> None:
    """KPe.022 was listed on 2 March 2016 (by 2270): a hit without binding measures is
    worked out on the shipment's day, so on 1 March 2016 nothing binds it."""
    company = next(e for e in entities if e.reference_number == "KPe.022")
    found = party_findings(QUERY, _hit(company), regime_as_of("1718", "2016-03-01"))
    assert (found.measure, found.reason, found.routes) == (None, "", ())
    assert found.note == (f"party 'Korea Mining' matches {company.caption} (KPe.022, 1718 "
                          "regime): no asset freeze binds it on 2016-03-01 (binding: none); "
                          "the listing does not prohibit the shipment.")


def test_a_hit_on_a_un_list_of_one_regime_is_frozen_like_the_consolidated_list(
        entities: list[Entity]) -> None:
    """The older DPRK-only UN list file reads as list ``un-1718`` (unsc.lists.un_xml): its
    entries are Council designations as much as those of the Consolidated List."""
    komid = next(e for e in entities if e.reference_number == "KPe.001")
    found = party_findings(QUERY, _hit(komid, list="un-1718"),
                           regime_as_of("1718", "2024-01-10"))
    assert found.measure is not None and found.measure.id == "1718-OP8d-asset-freeze"
    assert found.note is None
