"""The regime as of a date, replayed from the resolutions, with and without the what-if."""

from __future__ import annotations

from datetime import date

import pytest

from unsc.errors import InvalidDateError
from unsc.lists.model import Entity, Schema
from unsc.regime import regime_as_of, regime_diff, what_if_designations


def ids(as_of: str, what_if: str | None = None) -> set[str]:
    return {m.id for m in regime_as_of("1718", as_of, what_if).measures}


def test_regime_on_2016_01_01_has_only_the_measures_before_2270() -> None:
    state = regime_as_of("1718", "2016-01-01")
    assert [a.symbol[6:10] for a in state.resolutions] == ["1718", "1874", "2087", "2094"]
    found = {m.id for m in state.measures}
    assert {"1718-OP8d-asset-freeze", "1874-OP9-10-arms", "2094-AnnexIV-luxury"} <= found
    assert not any(m.cap for m in state.measures)
    assert not {m for m in found if m.startswith(("2270", "2321", "2371", "2375", "2397"))}


def test_regime_on_2018_01_01_has_the_2397_caps_and_not_the_superseded_ones() -> None:
    found = ids("2018-01-01")
    assert {"2397-OP4-crude-cap", "2397-OP5-refined-cap", "2371-OP8-coal-iron",
            "2375-OP16-textiles", "2397-OP6-export-ban"} <= found
    # replaced by later resolutions
    assert not found & {"2270-OP29-coal", "2321-OP26-coal-cap", "2375-OP15-crude-cap",
                        "2375-OP14-refined-cap", "2375-OP14-refined-cap-2017",
                        "1874-OP9-10-arms"}


def test_replaced_measure_ends_the_day_before_its_successor() -> None:
    assert "2321-OP26-coal-cap" in ids("2017-08-04")
    assert "2321-OP26-coal-cap" not in ids("2017-08-05")
    assert "2371-OP8-coal-iron" in ids("2017-08-05")
    assert "2375-OP14-refined-cap-2017" in ids("2017-12-31")


def test_regime_on_2022_05_27_with_and_without_the_draft() -> None:
    real = regime_as_of("1718", "2022-05-27")
    hypo = regime_as_of("1718", "2022-05-27", "S/2022/431")
    assert real.caps("refined")[0].cap["amount"] == 500000  # type: ignore[index]
    assert hypo.caps("refined")[0].cap["amount"] == 375000  # type: ignore[index]
    assert hypo.caps("crude")[0].cap["amount"] == 3000000  # type: ignore[index]
    assert hypo.what_if_in_force and "S/2022/431" in hypo.notes[0]
    assert "2664-OP1-humanitarian-carveout" not in {m.id for m in real.measures}
    assert "2664-OP1-humanitarian-carveout" in ids("2023-01-01")


def test_panel_of_experts_mandate_ends_30_april_2024() -> None:
    assert "1874-OP26-panel" in ids("2024-04-30")
    assert "1874-OP26-panel" not in ids("2024-05-01")


def test_draft_before_its_vote_changes_nothing() -> None:
    state = regime_as_of("1718", "2022-05-25", "S/2022/431")
    assert not state.what_if_in_force
    assert {m.id for m in state.measures} == ids("2022-05-25")
    assert "changes nothing" in state.notes[0]


def test_state_shows_hs_inference_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    assert regime_as_of("1718", "2018-01-01").to_dict()["hs_inference"]["enabled"] is True
    monkeypatch.setenv("UNSC_REGIME_HS_INFERENCE", "false")
    assert regime_as_of("1718", "2018-01-01").to_dict()["hs_inference"]["enabled"] is False


@pytest.mark.parametrize("bad", ["2022-02-30", "27/05/2022", "yesterday", "2022-5-27"])
def test_invalid_dates_are_rejected(bad: str) -> None:
    with pytest.raises(InvalidDateError, match="YYYY-MM-DD"):
        regime_as_of("1718", bad)


def test_diff_lists_every_element_of_the_draft_side_by_side() -> None:
    diff = regime_diff("1718", "S/2022/431", "2022-05-27")
    data = diff.to_dict()
    changed = {(c["current"]["id"], c["what_if"]["id"]) for c in data["changed"]}
    assert changed == {("2397-OP4-crude-cap", "S/2022/431-crude-cap"),
                       ("2397-OP5-refined-cap", "S/2022/431-refined-cap")}
    added = {a["what_if"]["id"] for a in data["added"]}
    assert added == {"S/2022/431-delivery-systems", "S/2022/431-trigger",
                     "S/2022/431-designations", "S/2022/431-export-ban-mineral-fuels",
                     "S/2022/431-export-ban-watches", "S/2022/431-import-ban-tobacco",
                     "S/2022/431-ict", "S/2022/431-humanitarian-categories"}
    assert data["removed"] == []
    status = {e["id"]: e["status"] for e in data["elements"]}
    assert status == {
        "delivery-systems": "added", "trigger": "added", "designations": "added",
        "vessels-april": "not_modelled", "crude-cap": "changed", "refined-cap": "changed",
        "april-caps": "superseded_in_negotiation", "export-ban-mineral-fuels": "added",
        "export-ban-watches": "added", "import-ban-tobacco": "added", "ict": "added",
        "humanitarian-categories": "added", "covid-19": "added"}
    text = " ".join(e["element"] for e in data["elements"])
    for word in ("Lazarus", "Namgang", "Haegumgang", "Kim Su Il", "Cruise", "rocket launchers",
                 "COVID-19", "ICT", "tobacco", "HS 27", "HS 91", "375,000", "3,000,000"):
        assert word in text, word


def test_diff_before_the_vote_marks_elements_not_in_force() -> None:
    data = regime_diff("1718", "S/2022/431", date(2020, 1, 1)).to_dict()
    assert data["added"] == [] and data["changed"] == []
    assert {e["status"] for e in data["elements"]} <= {"not_in_force", "not_modelled",
                                                       "superseded_in_negotiation"}


def test_what_if_designations_are_entities_on_their_own_list() -> None:
    found = what_if_designations("S/2022/431")
    assert all(isinstance(e, Entity) and e.list == "whatif:S/2022/431" for e in found)
    by_name = {e.caption: e for e in found}
    assert set(by_name) == {"Lazarus Group", "Korea Namgang Trading Corp.",
                            "Haegumgang Trading Corp.", "Kim Su Il"}
    assert by_name["Kim Su Il"].schema == Schema.PERSON
    assert "Vietnam" in by_name["Kim Su Il"].positions[0]
    assert Entity.from_dict(by_name["Lazarus Group"].to_dict()) == by_name["Lazarus Group"]
