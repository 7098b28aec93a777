"""Verdict precedence and exemption scope as tables (README "Shipment checks").

The four verdicts, worst first: ``prohibited`` (a ban no approved exemption covers),
``permitted_under_exemption`` (every ban covered), ``permitted_with_reporting`` (a cap or a
prior notification), ``permitted``. A shipment's verdict is its worst good's; an exemption
lifts only a ban the regime data marks exemptable (2397 OP25, 2321 OP30, 2270 OP31: the
Committee may exempt case by case) and never a ban with no such paragraph (arms,
2270 OP6; luxury goods, 1718 OP8(a)(iii); condensates, 2375 OP13; vessels, 2397 OP14), nor
a party's asset freeze, a ship-to-ship ban or a cap's reporting duty.

The goods, all shipped to the DPRK on 1 June 2019 (measures as listed in
data/regime/1718/*.json and hs_inference.json):

- ``pumps`` HS 8413.70: 2397 OP7 industrial machinery (exemptable, OP25);
- ``artillery`` HS 9301: 1718 OP8(a)(i) and 2270 OP6 arms embargo (not exemptable);
- ``jewellery`` HS 7113: 1718 OP8(a)(iii) and 2094 Annex IV luxury goods (not exemptable);
- ``condensate`` HS 2711.13 (butane): 2375 OP13 (not exemptable);
- ``vessel`` HS 8901.20: 2321 OP30 and 2397 OP7 (exemptable) and 2397 OP14 (not);
- ``jetfuel`` HS 2710.19 "jet fuel": 2270 OP31 (exemptable) and the 2397 OP5 cap;
- ``diesel`` HS 2710.19: the 2397 OP5 refined-products cap (reporting);
- ``rice`` HS 1006: nothing.
"""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from unsc.compliance.exemptions import Exemption
from unsc.compliance.shipment import Shipment, Verdict, check_shipment, exact_screener
from unsc.lists.model import Entity
from unsc.lists.un_xml import read_un_xml

GOODS: dict[str, tuple[str, str]] = {
    "pumps": ("8413.70", "water pumps"), "artillery": ("9301", "artillery"),
    "jewellery": ("7113", "gold jewellery"), "condensate": ("2711.13", "butane"),
    "vessel": ("8901.20", "tanker"), "jetfuel": ("2710.19", "kerosene-type jet fuel"),
    "diesel": ("2710.19", "diesel"), "rice": ("1006", "rice"),
}
# Each good's triggers and their effects, without and with an exemption covering it.
EFFECTS: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "pumps": ({"2397-OP7-import-ban": "prohibited"}, {"2397-OP7-import-ban": "covered"}),
    "artillery": ({"1718-OP8a-i-arms": "prohibited", "2270-OP6-arms": "prohibited"},) * 2,
    "jewellery": ({"1718-OP8a-iii-luxury": "prohibited",
                   "2094-AnnexIV-luxury": "prohibited"},) * 2,
    "condensate": ({"2375-OP13-condensates": "prohibited"},) * 2,
    "vessel": ({"2321-OP30-helicopters-vessels": "prohibited",
                "2397-OP7-import-ban": "prohibited", "2397-OP14-vessels": "prohibited"},
               {"2321-OP30-helicopters-vessels": "covered", "2397-OP7-import-ban": "covered",
                "2397-OP14-vessels": "prohibited"}),
    "jetfuel": ({"2270-OP31-aviation-fuel": "prohibited", "2397-OP5-refined-cap": "reporting"},
                {"2270-OP31-aviation-fuel": "covered", "2397-OP5-refined-cap": "reporting"}),
    "diesel": ({"2397-OP5-refined-cap": "reporting"},) * 2,
    "rice": ({}, {}),
}
NAMES = list(GOODS)
P, E, R, OK = ("prohibited", "permitted_under_exemption", "permitted_with_reporting",
               "permitted")
# Verdicts of every pair of goods in one shipment, filled in by hand (row, column):
WITHOUT = """
            pumps artillery jewellery condensate vessel jetfuel diesel rice
pumps       P     P         P         P          P      P       P      P
artillery   P     P         P         P          P      P       P      P
jewellery   P     P         P         P          P      P       P      P
condensate  P     P         P         P          P      P       P      P
vessel      P     P         P         P          P      P       P      P
jetfuel     P     P         P         P          P      P       P      P
diesel      P     P         P         P          P      P       R      R
rice        P     P         P         P          P      P       R      OK
"""
WITH_EXEMPTION = """
            pumps artillery jewellery condensate vessel jetfuel diesel rice
pumps       E     P         P         P          P      E       E      E
artillery   P     P         P         P          P      P       P      P
jewellery   P     P         P         P          P      P       P      P
condensate  P     P         P         P          P      P       P      P
vessel      P     P         P         P          P      P       P      P
jetfuel     E     P         P         P          P      E       E      E
diesel      E     P         P         P          P      E       R      R
rice        E     P         P         P          P      E       R      OK
"""
DAY = date(2019, 6, 1)


def _grid(text: str) -> dict[tuple[str, str], str]:
    codes = {"P": P, "E": E, "R": R, "OK": OK}
    header, *rows = [line.split() for line in text.strip().splitlines()]
    assert header == NAMES
    grid = {}
    for row in rows:
        assert len(row) == len(NAMES) + 1
        for col, code in zip(NAMES, row[1:], strict=True):
            grid[(row[0], col)] = codes[code]
    return grid


def _shipment(*names: str, parties: list[dict[str, str]] | None = None,
              vessel: dict[str, Any] | None = None, day: str = "2019-06-01") -> Shipment:
    data: dict[str, Any] = {"date": day, "direction": "to_dprk", "parties": parties or [],
                            "goods": [{"hs_code": GOODS[n][0], "description": GOODS[n][1]}
                                      for n in names]}
    if vessel:
        data["vessel"] = vessel
    return Shipment.from_dict(data)


def _covering_all(day: date = DAY, recipient: str = "Consignee") -> Exemption:
    """A real approved-exemption object (unsc.compliance.exemptions) listing every HS code
    above, valid all year, for ``recipient`` (the shipments name no other consignee)."""
    items = tuple({"hs_code": code.replace(".", "")} for code, _ in GOODS.values())
    return Exemption(1, items, (recipient,), date(day.year, 1, 1), date(day.year, 12, 31))


def _effects(verdict: Verdict, good: int) -> dict[str, str]:
    return {t.measure.id: t.effect for t in verdict.triggers if t.good == good}


def test_the_grids_are_symmetric() -> None:
    for grid in (_grid(WITHOUT), _grid(WITH_EXEMPTION)):
        assert all(grid[(a, b)] == grid[(b, a)] for a, b in grid)


@pytest.mark.parametrize("name", NAMES)
def test_each_good_alone(name: str) -> None:
    without = check_shipment(_shipment(name), exemptions=[])
    exempted = check_shipment(_shipment(name), exemptions=[_covering_all()])
    assert without.verdict == _grid(WITHOUT)[(name, name)]
    assert exempted.verdict == _grid(WITH_EXEMPTION)[(name, name)]
    assert (_effects(without, 0), _effects(exempted, 0)) == EFFECTS[name]
    covered = any(e == "covered" for e in EFFECTS[name][1].values())
    assert exempted.exemptions == ((_covering_all().label,) if covered else ())


@pytest.mark.parametrize(("first", "second"), list(itertools.combinations(NAMES, 2)))
def test_every_pair_of_goods(first: str, second: str) -> None:
    without = check_shipment(_shipment(first, second), exemptions=[])
    exempted = check_shipment(_shipment(first, second), exemptions=[_covering_all()])
    assert without.verdict == _grid(WITHOUT)[(first, second)]
    assert exempted.verdict == _grid(WITH_EXEMPTION)[(first, second)]
    # the goods do not change each other's triggers
    assert (_effects(without, 0), _effects(exempted, 0)) == EFFECTS[first]
    assert (_effects(without, 1), _effects(exempted, 1)) == EFFECTS[second]
    # routes are offered only for bans still standing, and only where a paragraph exists
    for verdict in (without, exempted):
        standing = {t.measure.id for t in verdict.triggers if t.effect == "prohibited"}
        assert {r["measure"] for r in verdict.exemption_route} <= standing
    if exempted.verdict == E and any(t.effect == "reporting" for t in exempted.triggers):
        assert "Reporting duties also apply (see the measures with effect 'reporting')." in (
            exempted.notes)


def test_an_exemption_for_other_goods_lifts_nothing() -> None:
    only_pumps = Exemption(2, ({"hs_code": "841370"},), ("Consignee",), date(2019, 1, 1),
                           date(2019, 12, 31))
    verdict = check_shipment(_shipment("pumps", "vessel"), exemptions=[only_pumps])
    assert verdict.verdict == P
    assert _effects(verdict, 0) == {"2397-OP7-import-ban": "covered"}
    assert _effects(verdict, 1) == EFFECTS["vessel"][0]


@pytest.fixture(scope="module")
def un_entities(shared_data: Path) -> list[Entity]:
    return read_un_xml(shared_data / "un" / "un_consolidated_2026-05-08.xml").entities


def test_no_goods_exemption_lifts_a_party_asset_freeze(un_entities: list[Entity]) -> None:
    """1718 OP8(d): a designated consignee (KOMID, KPe.001) makes the shipment prohibited;
    an exemption for the goods (even one naming it as recipient) does not lift the freeze,
    nor does the standing S/RES/2664 (2022) OP1 carve-out, which only the reason names."""
    komid = next(e for e in un_entities if e.reference_number == "KPe.001")
    name = komid.names[0].value
    shipment = _shipment("pumps", day="2024-01-10",
                         parties=[{"name": name, "role": "consignee"}])
    verdict = check_shipment(shipment, exemptions=[_covering_all(date(2024, 1, 10), name)],
                             screen_parties=exact_screener(un_entities))
    assert verdict.verdict == P
    effects = {t.measure.id: t.effect for t in verdict.triggers}
    assert effects == {"2397-OP7-import-ban": "covered", "1718-OP8d-asset-freeze": "prohibited"}
    freeze = next(t for t in verdict.triggers if t.measure.id == "1718-OP8d-asset-freeze")
    assert "S/RES/2664 (2022) OP1" in freeze.reason
    assert {r["citation"] for r in freeze.exemption_route} == {
        "S/RES/1718 (2006) OP9(a)", "S/RES/1718 (2006) OP9(b)", "S/RES/1718 (2006) OP9(c)"}


def test_no_goods_exemption_lifts_a_ship_to_ship_transfer() -> None:
    """2375 OP11: ship-to-ship transfers with DPRK-flagged vessels are banned outright."""
    vessel = {"name": "EXAMPLE", "imo": "9000001", "flag": "KP", "ship_to_ship": True}
    verdict = check_shipment(_shipment("pumps", vessel=vessel), exemptions=[_covering_all()])
    assert verdict.verdict == P
    assert {t.measure.id: t.effect for t in verdict.triggers} == {
        "2397-OP7-import-ban": "covered", "2375-OP11-ship-to-ship": "prohibited"}


def test_what_if_categories_lift_exemptable_bans_only() -> None:
    """S/2022/431 would have exempted humanitarian categories (the 'wash' category holds
    HS 8413); its tobacco ban and its designations have no exemption."""
    day = "2022-06-01"
    wash = Shipment.from_dict({"date": day, "direction": "to_dprk", "goods": [
        {"hs_code": "8413.70", "description": "water pumps"},
        {"hs_code": "2402.20", "description": "cigarettes"}]})
    verdict = check_shipment(wash, what_if="S/2022/431", exemptions=[])
    assert verdict.verdict == P
    assert _effects(verdict, 0) == {"2397-OP7-import-ban": "covered"}
    assert _effects(verdict, 1) == {"S/2022/431-import-ban-tobacco": "prohibited"}
    designated = Shipment.from_dict({"date": day, "direction": "to_dprk", "goods": [
        {"hs_code": "8413.70", "description": "water pumps"}],
        "parties": [{"name": "LAZARUS GROUP", "role": "consignee"}]})
    party = check_shipment(designated, what_if="S/2022/431", exemptions=[],
                           screen_parties=exact_screener())
    assert party.verdict == P
    assert {t.measure.id: t.effect for t in party.triggers} == {
        "2397-OP7-import-ban": "covered", "S/2022/431-designations": "prohibited"}
    real = check_shipment(wash, exemptions=[])  # without the what-if no category applies
    assert _effects(real, 0) == {"2397-OP7-import-ban": "prohibited"}


@pytest.mark.parametrize(("day", "hs", "desc", "verdict", "effect"), [
    ("2012-05-01", "9302", "pistols", R, "reporting"),      # 1874 OP10: five days' notice
    ("2012-05-01", "9301", "howitzer", P, "prohibited"),    # no small arm: no notification
    ("2017-05-01", "9302", "pistols", P, "prohibited"),     # 2270 OP6: small arms banned too
])
def test_a_notification_turns_only_its_own_goods_into_reporting(
        day: str, hs: str, desc: str, verdict: str, effect: str) -> None:
    shipment = Shipment.from_dict({"date": day, "direction": "to_dprk",
                                   "goods": [{"hs_code": hs, "description": desc}]})
    result = check_shipment(shipment, exemptions=[])
    assert result.verdict == verdict
    assert {t.effect for t in result.triggers} == {effect}
