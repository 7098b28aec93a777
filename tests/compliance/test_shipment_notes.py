"""The notes and vessel reasons of a shipment verdict, word for word, and the day they
depend on.

S/RES/2270 (2016), adopted 2 March 2016, brought the catch-all (OP7-8) and the inspection
of DPRK-flagged vessels' cargo (OP18); S/RES/2375 (2017), 11 September 2017, banned
ship-to-ship transfers with DPRK-flagged vessels (OP11). A shipment of 1 June 2015 is
therefore checked under none of them, unless ``as_of`` names a later day.
"""

from __future__ import annotations

from typing import Any

import pytest

from unsc.compliance.shipment import Shipment, check_shipment

CATCH_ALL = ("Catch-all (2270 OP7-8): any item except food or medicine is banned if the "
             "exporting State determines it could contribute to the DPRK armed forces' "
             "operational capabilities; this cannot be decided from HS codes.")
NOT_SCREENED = "Parties and vessel were not screened (no screener given)."


def ship(day: str, direction: str = "to_dprk", **extra: Any) -> Shipment:
    return Shipment.from_dict({"date": day, "direction": direction,
                               "goods": [{"hs_code": "0901", "description": "coffee",
                                          "quantity": 10, "unit": "t"}], **extra})


def notes(s: Shipment, **kw: Any) -> list[str]:
    return list(check_shipment(s, exemptions=[], **kw).notes)


def test_the_catch_all_note_follows_the_day_checked_not_the_shipment_date() -> None:
    assert CATCH_ALL not in notes(ship("2015-06-01"))
    assert CATCH_ALL in notes(ship("2015-06-01"), as_of="2017-06-01")
    assert CATCH_ALL in notes(ship("2017-06-01"))
    assert CATCH_ALL not in notes(ship("2017-06-01", "from_dprk"))


@pytest.mark.parametrize("extra", [
    {"parties": [{"name": "Acme Trading", "role": "consignee"}]},
    {"vessel": {"imo": "1234567", "name": "SHIP A", "flag": "PA"}},
])
def test_parties_or_a_vessel_without_a_screener_are_said_unscreened(
        extra: dict[str, Any]) -> None:
    assert NOT_SCREENED in notes(ship("2018-03-01", **extra))
    assert NOT_SCREENED not in notes(ship("2018-03-01"))


def test_a_dprk_flagged_vessel_in_a_ship_to_ship_transfer_is_named() -> None:
    named = check_shipment(ship("2018-03-01", vessel={"imo": "1234567", "name": "SHIP A",
                                                      "flag": "KP", "ship_to_ship": True}),
                           exemptions=[])
    sts = [t for t in named.triggers if t.measure.id == "2375-OP11-ship-to-ship"]
    assert [(t.reason, t.effect) for t in sts] == [
        ("ship-to-ship transfer with DPRK-flagged vessel 'SHIP A'", "prohibited")]
    unnamed = check_shipment(ship("2018-03-01", vessel={"imo": "1234567", "flag": "KP",
                                                        "ship_to_ship": True}), exemptions=[])
    assert [t.reason for t in unnamed.triggers if t.measure.id == "2375-OP11-ship-to-ship"] \
        == ["ship-to-ship transfer with DPRK-flagged vessel '1234567'"]


def test_a_dprk_flagged_vessel_note_from_2270_on() -> None:
    vessel = {"imo": "1234567", "flag": "KP"}
    note = ("Vessel '1234567' is DPRK-flagged: its cargo is subject to inspection (2270 OP18) "
            "and it may not be chartered, crewed, insured or leased (2321, 2371, 2397 OP9-15).")
    assert note in notes(ship("2018-03-01", vessel=vessel))
    assert not any(n.startswith("Vessel ") for n in notes(ship("2015-06-01", vessel=vessel)))


def test_hs_inference_off_is_said(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNSC_REGIME_HS_INFERENCE", "false")
    assert notes(ship("2018-03-01"))[-1] == (
        "HS inference is off (UNSC_REGIME_HS_INFERENCE=false): only HS codes read in a source "
        "are matched.")
