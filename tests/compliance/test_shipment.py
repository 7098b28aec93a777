"""Shipment verdicts on real cases, each with the measure and citation the resolutions give."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from unsc.compliance import exemptions
from unsc.compliance.shipment import (
    Shipment,
    Verdict,
    check_shipment,
    check_shipment_file,
    exact_screener,
)
from unsc.errors import InputError, InvalidDateError, UnknownCodeError
from unsc.regime import what_if_designations

ROOT = Path(__file__).resolve().parents[2]


def ship(day: str, direction: str, hs: str, desc: str = "", **extra: Any) -> Shipment:
    return Shipment.from_dict({"date": day, "direction": direction,
                               "goods": [{"hs_code": hs, "description": desc,
                                          "quantity": 10, "unit": "t"}], **extra})


def check(s: Shipment, what_if: str | None = None, **kw: Any) -> Verdict:
    return check_shipment(s, what_if=what_if, exemptions=kw.pop("exemptions", []), **kw)


def cited(verdict: Verdict) -> dict[str, str]:
    return {t.measure.id: t.measure.citation for t in verdict.triggers}


def komid_binding(verdict: Verdict) -> dict[str, Any]:
    hit = verdict.parties[0]["hits"][0]
    binding: dict[str, Any] = hit["binding_measures"]
    assert binding["bound"] is True
    return binding


@pytest.mark.parametrize(("day", "verdict", "measure"), [
    ("2015-06-01", "permitted", None),
    ("2016-06-01", "prohibited", "2270-OP29-coal"),
    ("2017-03-01", "permitted_with_reporting", "2321-OP26-coal-cap"),
    ("2017-09-01", "prohibited", "2371-OP8-coal-iron"),
    ("2023-01-01", "prohibited", "2371-OP8-coal-iron"),
])
def test_dprk_coal_exports_through_the_resolutions(day: str, verdict: str,
                                                   measure: str | None) -> None:
    result = check(ship(day, "from_dprk", "2701.12", "anthracite"))
    assert result.verdict == verdict
    if measure:
        assert measure in cited(result)
        trig = next(t for t in result.triggers if t.measure.id == measure)
        assert trig.hs_verified is False and "UNVERIFIED" in trig.reason
    else:
        assert result.triggers == ()


def test_coal_after_2371_cites_op8_and_the_rajin_exception() -> None:
    out = check(ship("2018-03-01", "from_dprk", "2701")).to_dict()
    measure = out["measures"][0]
    assert measure["citation"] == "S/RES/2371 (2017) OP8"
    assert "Rajin" in measure["reason"]


def test_vessel_exports_rely_on_the_verified_hs_89() -> None:
    result = check(ship("2018-02-01", "from_dprk", "8901.20", "tanker"))
    trig = next(t for t in result.triggers if t.measure.id == "2397-OP6-export-ban")
    assert result.verdict == "prohibited" and trig.hs_verified is True
    assert trig.measure.citation == "S/RES/2397 (2017) OP6"


def test_with_inference_off_only_verified_codes_match(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNSC_REGIME_HS_INFERENCE", "false")
    assert check(ship("2018-03-01", "from_dprk", "2701")).verdict == "permitted"
    assert check(ship("2018-03-01", "from_dprk", "8901")).verdict == "prohibited"
    assert any("inference is off" in n for n in check(ship("2018-03-01", "from_dprk",
                                                             "2701")).notes)


def test_refined_petroleum_to_dprk_is_permitted_with_reporting() -> None:
    result = check(ship("2019-05-01", "to_dprk", "2710.19", "diesel"))
    assert result.verdict == "permitted_with_reporting"
    trig = cited(result)
    assert trig == {"2397-OP5-refined-cap": "S/RES/2397 (2017) OP5"}
    assert "every 30 days" in result.triggers[0].reason


def test_tobacco_is_permitted_for_real_and_prohibited_under_the_draft() -> None:
    cigarettes = ship("2022-06-15", "to_dprk", "2402.20", "cigarettes")
    assert check(cigarettes).verdict == "permitted"
    hypo = check(cigarettes, "S/2022/431")
    assert hypo.verdict == "prohibited"
    assert cited(hypo) == {"S/2022/431-import-ban-tobacco": "S/2022/431 (draft, not adopted)"}
    assert hypo.to_dict()["measures"][0]["what_if"] == "S/2022/431"
    before_vote = check(ship("2022-05-01", "to_dprk", "2402.20"), "S/2022/431")
    assert before_vote.verdict == "permitted"


def test_draft_export_bans_on_watches_and_mineral_fuels() -> None:
    assert check(ship("2022-07-01", "from_dprk", "9102", "watch")).verdict == "permitted"
    assert "S/2022/431-export-ban-watches" in cited(
        check(ship("2022-07-01", "from_dprk", "9102"), "S/2022/431"))
    # anthracite is banned anyway (2371); under the draft also as a mineral fuel
    hypo = cited(check(ship("2022-07-01", "from_dprk", "2701"), "S/2022/431"))
    assert {"2371-OP8-coal-iron", "S/2022/431-export-ban-mineral-fuels"} <= set(hypo)


def test_machinery_to_dprk_is_prohibited_with_the_op25_exemption_route() -> None:
    result = check(ship("2019-01-10", "to_dprk", "8413.70", "water pumps"))
    assert result.verdict == "prohibited"
    assert "2397-OP7-import-ban" in cited(result)
    assert [r["citation"] for r in result.exemption_route] == ["S/RES/2397 (2017) OP25"]
    assert result.legacy_verdict == "needs_exemption"


def test_bulldozers_to_the_dprk_in_2019_are_prohibited_with_an_exemption_route() -> None:
    """Issue 14: HS 8429 is industrial machinery under 2397 OP7; a Committee exemption
    (OP25, case by case) is a way out a shipper may seek, not the shipment's status."""
    out = check(ship("2019-06-01", "to_dprk", "8429.11", "crawler bulldozers")).to_dict()
    assert out["verdict"] == "prohibited"
    trig = next(t for t in out["measures"] if t["id"] == "2397-OP7-import-ban")
    assert trig["citation"] == "S/RES/2397 (2017) OP7" and trig["effect"] == "prohibited"
    route = out["exemption_route"][0]
    assert route["citation"] == "S/RES/2397 (2017) OP25" and route["kind"] == "approval"
    assert "case by case" in route["scope"] + route["procedure"]
    assert "Implementation Assistance Notice No. 7" in route["procedure"]
    # before 2397 (22 Dec 2017) the same bulldozers were not banned
    assert check(ship("2017-06-01", "to_dprk", "8429.11", "bulldozers")).verdict == "permitted"


def test_small_arms_to_the_dprk_needed_five_days_notice_until_2270() -> None:
    pistols = check(ship("2012-05-01", "to_dprk", "9302", "pistols"))
    assert pistols.verdict == "permitted_with_reporting"
    trig = next(t for t in pistols.triggers if t.measure.id == "1874-OP9-10-arms")
    assert trig.effect == "reporting" and "five days" in trig.reason
    assert "S/RES/1874 (2009) OP10" in trig.reason
    # a tank is no small arm: prohibited; after 2270 OP6 small arms are banned too
    assert check(ship("2012-05-01", "to_dprk", "9301", "howitzer")).verdict == "prohibited"
    later = check(ship("2017-05-01", "to_dprk", "9302", "pistols"))
    assert later.verdict == "prohibited" and "2270-OP6-arms" in cited(later)


def test_condensate_under_hs_2709_is_banned_not_capped() -> None:
    condensate = check(ship("2018-03-01", "to_dprk", "2709.00", "natural gas condensate"))
    assert condensate.verdict == "prohibited"
    assert set(cited(condensate)) == {"2375-OP13-condensates"}
    crude = check(ship("2018-03-01", "to_dprk", "2709.00", "crude petroleum oil"))
    assert crude.verdict == "permitted_with_reporting"
    assert set(cited(crude)) == {"2397-OP4-crude-cap"}
    bare = check(ship("2018-03-01", "to_dprk", "2709"))
    assert any("2375 (2017) OP13" in n for n in bare.notes)
    ngl = check(ship("2018-03-01", "to_dprk", "2711.13", "butane"))
    assert "2375-OP13-condensates" in cited(ngl)


def test_approved_exemption_from_the_store_makes_it_permitted_and_is_named() -> None:
    request = json.loads((ROOT / "docs/examples/exemption_request.json").read_text())
    rid = exemptions.submit(request, "2019-01-01")["id"]
    exemptions.decide(rid, "2019-01-07")
    pumps = ship("2019-03-01", "to_dprk", "8413.70", "water pumps",
                 parties=[{"name": "County People's Hospital", "role": "consignee"}])
    result = check_shipment(pumps)
    assert result.verdict == "permitted_under_exemption"
    assert result.legacy_verdict == "permitted"
    assert result.exemptions and f"exemption {rid}" in result.exemptions[0]
    assert result.triggers[0].effect == "covered"
    assert result.to_dict()["exemption_route"] == []
    # after the six months of validity, or to another consignee, it is not covered
    late = ship("2019-08-01", "to_dprk", "8413.70")
    assert check_shipment(late).verdict == "prohibited"
    other = ship("2019-03-01", "to_dprk", "8413.70",
                 parties=[{"name": "Pyongyang Trading", "role": "consignee"}])
    assert check_shipment(other).verdict == "prohibited"


def test_what_if_categories_exempt_covid_relief_as_a_package() -> None:
    ventilators = ship("2022-06-01", "to_dprk", "8418.50", "vaccine cold-chain freezers")
    assert check(ventilators).verdict == "prohibited"
    hypo = check(ventilators, "S/2022/431")
    assert hypo.verdict == "permitted_under_exemption"
    assert "category" in hypo.exemptions[0] and "UNVERIFIED" in hypo.exemptions[0]


def test_aviation_fuel_matches_by_description() -> None:
    result = check(ship("2016-05-01", "to_dprk", "2710.19", "kerosene-type jet fuel"))
    assert "2270-OP31-aviation-fuel" in cited(result)
    assert result.verdict == "prohibited"
    assert {r["citation"] for r in result.exemption_route} == {"S/RES/2270 (2016) OP31"}


def test_luxury_goods_and_arms() -> None:
    yacht = check(ship("2014-01-01", "to_dprk", "8903.92", "motor yacht"))
    assert yacht.verdict == "prohibited"
    assert {"1718-OP8a-iii-luxury", "2094-AnnexIV-luxury"} <= set(cited(yacht))
    rifles = check(ship("2010-01-01", "from_dprk", "9301", "artillery"))
    assert "1874-OP9-10-arms" in cited(rifles) and rifles.verdict == "prohibited"


def test_a_broader_code_cannot_be_cleared() -> None:
    result = check(ship("2018-03-01", "from_dprk", "27", "mineral products"))
    assert result.verdict == "prohibited"
    assert "broader" in result.triggers[0].reason


def test_ship_to_ship_with_a_dprk_flagged_vessel() -> None:
    vessel = {"name": "EXAMPLE", "imo": "IMO 9000001", "flag": "KP", "ship_to_ship": True}
    after = check(ship("2018-01-05", "to_dprk", "1006", "rice", vessel=vessel))
    assert after.verdict == "prohibited"
    assert cited(after) == {"2375-OP11-ship-to-ship": "S/RES/2375 (2017) OP11"}
    before = check(ship("2017-01-05", "to_dprk", "1006", "rice", vessel=vessel))
    assert before.verdict == "permitted"
    assert any("DPRK-flagged" in n for n in before.notes)


def test_what_if_designation_as_party_is_prohibited_only_under_the_draft() -> None:
    parties = [{"name": "LAZARUS GROUP", "role": "buyer", "country": "KP"}]
    s = ship("2022-06-01", "to_dprk", "1006", "rice", parties=parties)
    real = check(s, screen_parties=exact_screener())
    assert real.verdict == "permitted" and not real.parties[0]["match"]
    hypo = check(s, "S/2022/431", screen_parties=exact_screener())
    assert hypo.verdict == "prohibited"
    assert cited(hypo) == {"S/2022/431-designations": "S/2022/431 (draft, not adopted)"}
    assert hypo.parties[0]["hits"][0]["list"] == "whatif:S/2022/431"
    assert len(what_if_designations("S/2022/431")) == 4


def test_party_on_the_real_un_list_is_prohibited_by_the_asset_freeze(shared_data: Path,
                                                                     tmp_path: Path) -> None:
    """The real screening engine over the real UN list loaded in the store."""
    from unsc.lists.service import load_list

    load_list(shared_data / "un" / "un_consolidated_2026-05-08.xml")
    path = tmp_path / "shipment.json"
    path.write_text(json.dumps({
        "date": "2024-01-10", "direction": "to_dprk",
        "goods": [{"hs_code": "1006", "description": "rice", "quantity": 1, "unit": "t"}],
        "parties": [{"name": "Korea Mining Development Trading Corp", "role": "consignee",
                     "country": "KP"}, {"name": "Acme Rice Exporters", "role": "shipper"}]}))
    result = check_shipment_file(path)
    assert result.verdict == "prohibited"
    assert cited(result) == {"1718-OP8d-asset-freeze": "S/RES/1718 (2006) OP8(d)"}
    assert "S/RES/2664 (2022) OP1" in result.triggers[0].reason
    routes = {r["citation"] for r in result.exemption_route}
    assert {"S/RES/1718 (2006) OP9(a)", "S/RES/1718 (2006) OP9(b)"} <= routes
    assert komid_binding(result)["regime"] == "1718"
    komid, acme = result.parties
    assert komid["match"] and komid["hits"][0]["entity_id"] == "un-KPe.001"
    assert not acme["match"]


def test_designated_vessel_by_imo_on_a_national_list_is_a_note(shared_data: Path) -> None:
    from unsc.lists.ofac_csv import read_ofac_csv

    ofac = read_ofac_csv(shared_data / "ofac" / "sdn_2024-05-03.csv")
    vessel = next(e for e in ofac.entities if e.schema == "Vessel" and e.vessel
                  and e.vessel.imo and any(p.startswith("DPRK") for p in e.programmes))
    s = ship("2024-01-10", "to_dprk", "1006", "rice",
             vessel={"name": "renamed", "imo": vessel.vessel.imo, "flag": "SL"})  # type: ignore[union-attr]
    result = check(s, screen_parties=exact_screener(ofac.entities))
    assert result.parties[-1]["match"] is True and result.verdict == "permitted"
    assert any("not a Council measure" in n for n in result.notes)


def test_malformed_input_errors_are_clear() -> None:
    with pytest.raises(UnknownCodeError, match=r"goods\[0\].hs_code.*chapter 77"):
        ship("2018-01-01", "to_dprk", "7701")
    with pytest.raises(UnknownCodeError, match="malformed"):
        ship("2018-01-01", "to_dprk", "ab12")
    with pytest.raises(InvalidDateError, match="2018-02-30"):
        ship("2018-02-30", "to_dprk", "1006")
    with pytest.raises(InputError, match="direction") as info:
        Shipment.from_dict({"date": "2018-01-01", "direction": "north", "goods": [],
                            "vessel": {"imo": "123"}})
    assert "goods" in str(info.value) and "7-digit IMO" in str(info.value)


def test_examples_in_docs_give_the_documented_verdicts() -> None:
    coal = check_shipment_file(ROOT / "docs/examples/shipment_coal.json")
    assert coal.verdict == "prohibited" and "2371-OP8-coal-iron" in cited(coal)
    tobacco = ROOT / "docs/examples/shipment_tobacco.json"
    assert check_shipment_file(tobacco).verdict == "permitted"
    assert check_shipment_file(tobacco, what_if="S/2022/431").verdict == "prohibited"


def test_party_on_another_regime_is_prohibited_under_that_regimes_freeze(
        shared_data: Path) -> None:
    """Party screening shows the binding measures of the matched entry's own regime."""
    from unsc.lists.un_xml import read_un_xml

    entities = read_un_xml(shared_data / "un" / "un_consolidated_2026-05-08.xml").entities
    qde = next(e for e in entities if (e.reference_number or "").startswith("QDe"))
    gbi = next(e for e in entities if (e.reference_number or "").startswith("GBi"))
    s = ship("2026-01-10", "to_dprk", "1006", "rice",
             parties=[{"name": qde.names[0].value, "role": "consignee"},
                      {"name": gbi.names[0].value, "role": "agent"}])
    result = check(s, screen_parties=exact_screener(entities))
    assert result.verdict == "prohibited"
    trig = next(t for t in result.triggers if t.measure.regime == "1267")
    assert trig.measure.citation == "S/RES/2734 (2024) OP1(a)"
    assert {r["citation"] for r in trig.exemption_route} == {"S/RES/2734 (2024) OP87(a)",
                                                             "S/RES/2734 (2024) OP87(b)"}
    assert "S/RES/2761 (2024) OP1" in trig.reason
    hit = result.parties[0]["hits"][0]
    assert hit["binding_measures"]["regime"] == "1267" and hit["binding_measures"]["bound"]
    gb_hit = result.parties[1]["hits"][0]["binding_measures"]
    assert gb_hit["regime"] == "2048"
    assert any("no asset freeze binds it" in n for n in result.notes)
