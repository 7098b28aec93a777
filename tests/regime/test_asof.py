"""The regime as of a date, replayed from the resolutions, with and without the what-if."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from unsc.errors import InputError, InvalidDateError
from unsc.lists.model import Entity, Schema
from unsc.regime import regime_as_of, regime_diff, what_if_designations
from unsc.regime.asof import _renewed
from unsc.regime.model import Measure
from unsc.regime.registry import data_root, load_regime_info


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


# --- details a reader sees in the state, each pinned to the data file it comes from ---

def measure(regime: str, as_of: str, mid: str) -> Measure:
    found = [m for m in regime_as_of(regime, as_of).measures if m.id == mid]
    assert len(found) == 1, f"{mid} not in force on {as_of}"
    return found[0]


def test_the_default_regime_is_1718_and_the_default_day_today() -> None:
    assert regime_as_of(as_of="2018-01-01").regime == "1718"
    before = date.today()
    state = regime_as_of("1718")
    assert before <= state.as_of <= date.today()


def test_a_bad_as_of_date_is_named_as_such() -> None:
    with pytest.raises(InvalidDateError) as caught:
        regime_as_of("1718", "2018-02-30")
    assert caught.value.message == ("as-of date '2018-02-30' is not a valid calendar date; "
                                    "expected YYYY-MM-DD")


def test_without_a_draft_no_what_if_is_in_force_and_an_active_regime_has_no_note() -> None:
    state = regime_as_of("1718", "2018-01-01")
    assert state.what_if is None
    assert state.what_if_in_force is False
    assert state.notes == ()


def test_a_draft_of_another_regime_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        regime_as_of("1737", "2022-05-27", "S/2022/431")
    assert caught.value.message == ("what-if S/2022/431 is a draft of the 1718 regime, "
                                    "not of 1737")


def test_the_draft_applies_from_its_vote_day_with_a_note_saying_so() -> None:
    # whatif/S_2022_431.json: put to the vote on 26 May 2022, 13-2-0, vetoed by China and
    # Russia (SC/14911)
    on_the_day = regime_as_of("1718", "2022-05-26", "S/2022/431")
    assert on_the_day.what_if_in_force is True
    assert on_the_day.notes == (
        "What-if: S/2022/431 applied as if adopted on 2022-05-26 (13-2-0 (not adopted: "
        "China, Russia against)); its content comes from press reports, not the draft's "
        "text.",)
    day_before = regime_as_of("1718", "2022-05-25", "S/2022/431")
    assert day_before.what_if_in_force is False
    assert day_before.notes == ("What-if S/2022/431 was put to the vote on 2022-05-26, after "
                                "2022-05-25: it changes nothing on this date.",)


def test_a_terminated_regime_says_so_with_the_timeline_note() -> None:
    # 1737/regime.json: terminated on Implementation Day, 16 January 2016, by S/RES/2231
    # (2015) OP7(a); the note is the timeline event's own
    event = json.loads((data_root() / "1737" / "regime.json").read_text(encoding="utf-8"))[
        "timeline"][1]
    assert (event["on"], event["status"]) == ("2016-01-16", "terminated")
    assert regime_as_of("1737", "2020-01-01").notes == (
        f"On 2020-01-01 the 1737 regime is terminated (S/RES/2231 (2015) OP7(a)): "
        f"{event['note']}",)


def test_implementation_day_ends_the_1737_measures_the_day_before_it() -> None:
    # S/RES/2231 (2015) was adopted on 20 July 2015 but ended the 1737-1929 measures only
    # from Implementation Day, 16 January 2016: their last day is 15 January 2016
    freeze = measure("1737", "2016-01-15", "1737-OP12-asset-freeze")
    assert freeze.effective_until == date(2016, 1, 15)
    assert "1737-OP12-asset-freeze" not in ids_of("1737", "2016-01-16")


def test_the_snapback_restores_the_measures_from_its_own_day() -> None:
    # the 2231 snapback re-applied the terminated measures from 28 September 2025
    freeze = measure("1737", "2025-09-28", "1737-OP12-asset-freeze")
    assert freeze.effective_from == date(2025, 9, 28)
    assert freeze.effective_until is None
    assert freeze.restored_by == "S/RES/2231 (2015) OP11-12 (snapback)"
    assert "1737-OP12-asset-freeze" not in ids_of("1737", "2025-09-27")


def ids_of(regime: str, as_of: str) -> set[str]:
    return {m.id for m in regime_as_of(regime, as_of).measures}


def test_a_renewal_counts_from_the_day_it_is_adopted() -> None:
    # 1591/regime.json: S/RES/2750 (2024) renewed the Sudan measures to 12 September 2025,
    # and S/RES/2791 (2025), adopted on that very day, to 12 September 2026
    embargo = measure("1591", "2025-09-12", "1591-OP7-arms-embargo")
    assert (embargo.renewal, embargo.renewed_until) == ("S/RES/2791 (2025)", date(2026, 9, 12))
    assert embargo.renewal_verified is True
    earlier = measure("1591", "2025-09-11", "1591-OP7-arms-embargo")
    assert (earlier.renewal, earlier.renewed_until) == ("S/RES/2750 (2024)", date(2025, 9, 12))


def test_a_renewal_holds_through_its_last_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNSC_REGIME_ASSUME_RENEWED", "false")
    last_day = measure("1591", "2026-09-12", "1591-OP7-arms-embargo")
    assert last_day.renewal_verified is True
    assert regime_as_of("1591", "2026-09-12").notes == ()
    assert "1591-OP7-arms-embargo" not in ids_of("1591", "2026-09-13")


def test_a_renewal_the_sources_did_not_verify_is_marked_unverified() -> None:
    # 2140/regime.json: the November 2025 renewal of the Yemen measures (to 15 November
    # 2026) has verification N: its symbol is not known
    freeze = measure("2140", "2026-01-01", "2140-OP11-asset-freeze")
    assert freeze.renewal == "November 2025 renewal (symbol UNVERIFIED)"
    assert freeze.renewed_until == date(2026, 11, 15)
    assert freeze.renewal_verified is False


@pytest.mark.parametrize(("assume", "what"), [
    ("true", "kept as in force (setting regime_assume_renewed)"),
    ("false", "treated as lapsed (regime_assume_renewed is off)")])
def test_past_the_last_renewal_the_note_says_what_was_assumed(
        monkeypatch: pytest.MonkeyPatch, assume: str, what: str) -> None:
    # 1591: the last renewal in the data, S/RES/2791 (2025), runs to 12 September 2026
    monkeypatch.setenv("UNSC_REGIME_ASSUME_RENEWED", assume)
    assert regime_as_of("1591", "2026-10-01").notes == (
        "Time-limited measures of the 1591 regime run past the last renewal the data records "
        f"(to 2026-09-12): a later renewal is UNVERIFIED; {what}.",)


def test_measures_renewed_apart_list_each_end_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """2206/regime.json flags as UNVERIFIED whether 2731 (2024) renewed the South Sudan
    travel ban and asset freeze or only the arms embargo. Read the narrow way (2731 and
    2781 for the arms embargo alone), on 1 July 2026 the travel ban and freeze ran out with
    2683 (2023) on 31 May 2024 and the embargo on 31 May 2026: the note names both ends."""
    monkeypatch.setenv("UNSC_REGIME_ASSUME_RENEWED", "false")
    info = load_regime_info("2206")
    arms = ("2428-OP4-arms-embargo",)
    narrow = replace(info, renewals=tuple(
        replace(r, measures=arms) if r.by in ("S/RES/2731 (2024)", "S/RES/2781 (2025)") else r
        for r in info.renewals))
    measures = list(regime_as_of("2206", "2025-01-01").measures)
    notes: list[str] = []
    kept = _renewed(measures, narrow, date(2026, 7, 1), notes)
    assert [m.id for m in kept] == ["2206-OP16-committee"]
    assert notes == ["Time-limited measures of the 2206 regime run past the last renewal the "
                     "data records (to 2024-05-31, 2026-05-31): a later renewal is "
                     "UNVERIFIED; treated as lapsed (regime_assume_renewed is off)."]
