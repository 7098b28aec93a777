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

from unsc.compliance.shipment import Shipment, Verdict, check_shipment, exact_screener
from unsc.lists.model import Entity
from unsc.lists.un_xml import read_un_xml


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
