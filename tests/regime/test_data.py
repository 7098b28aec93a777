"""The shipped regime data files: complete, cited, and honest about what is unverified."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from unsc.errors import ListFormatError, NotFoundError
from unsc.regime import data as regime_data
from unsc.regime import load_regime, load_what_if, what_if_symbols
from unsc.regime.registry import data_root

EXPECTED = ["S/RES/1718 (2006)", "S/RES/1874 (2009)", "S/RES/2087 (2013)", "S/RES/2094 (2013)",
            "S/RES/2270 (2016)", "S/RES/2321 (2016)", "S/RES/2356 (2017)", "S/RES/2371 (2017)",
            "S/RES/2375 (2017)", "S/RES/2397 (2017)", "S/RES/2664 (2022)"]


def test_every_resolution_from_1718_to_2397_and_2664_is_encoded_in_order() -> None:
    amendments = load_regime("1718")
    assert [a.symbol for a in amendments] == EXPECTED
    assert amendments[0].adopted == date(2006, 10, 14)
    assert amendments[-2].adopted == date(2017, 12, 22)


def test_every_measure_has_a_citation_source_and_verification_flag() -> None:
    for amendment in load_regime("1718"):
        for m in amendment.adds:
            assert m.citation.startswith(amendment.symbol), m.id
            assert m.source and m.scope, m.id
            assert m.verification in {"Y", "C", "N"}, m.id


def test_only_hs_89_in_2397_op6_is_marked_verified() -> None:
    verified = {(m.id, c) for a in load_regime("1718") for m in a.adds for c in m.hs_codes}
    assert verified == {("2397-OP6-export-ban", "89")}
    op6 = next(m for a in load_regime("1718") for m in a.adds if m.id == "2397-OP6-export-ban")
    assert "84" in op6.hs_inferred and op6.to_dict()["hs_inferred"]["verified"] is False


def test_paragraphs_match_the_fact_check() -> None:
    by_id = {m.id: m for a in load_regime("1718") for m in a.adds}
    assert by_id["2397-OP4-crude-cap"].citation == "S/RES/2397 (2017) OP4"
    assert by_id["2397-OP4-crude-cap"].cap == {
        "product": "crude", "amount": 4000000, "unit": "barrels", "amount_tonnes": 525000,
        "period": "twelve_months_from_12_22"}
    assert by_id["2397-OP5-refined-cap"].cap["amount"] == 500000  # type: ignore[index]
    assert by_id["2270-OP29-coal"].citation == "S/RES/2270 (2016) OP29"
    assert by_id["1718-OP8d-asset-freeze"].citation == "S/RES/1718 (2006) OP8(d)"
    assert by_id["2664-OP1-humanitarian-carveout"].verification == "Y"


def test_what_if_draft_carries_every_reported_element() -> None:
    draft = load_what_if("S/2022/431")
    assert what_if_symbols() == ["S/2022/431"]
    assert draft.amendment.adopted == date(2022, 5, 26)
    assert draft.amendment.adopted_text is False
    by_id = {m.id: m for m in draft.amendment.adds}
    assert by_id["S/2022/431-crude-cap"].cap["amount"] == 3000000  # type: ignore[index]
    assert by_id["S/2022/431-crude-cap"].cap["amount_tonnes"] == 393750  # type: ignore[index]
    assert by_id["S/2022/431-refined-cap"].cap["amount"] == 375000  # type: ignore[index]
    assert by_id["S/2022/431-refined-cap"].cap["amount_tonnes"] == 46875  # type: ignore[index]
    assert by_id["S/2022/431-import-ban-tobacco"].hs_inferred == ("24",)
    assert by_id["S/2022/431-export-ban-mineral-fuels"].hs_inferred == ("27",)
    assert by_id["S/2022/431-export-ban-watches"].hs_inferred == ("91",)
    assert "UNVERIFIED" in (by_id["S/2022/431-ict"].note or "")
    assert "multiple rocket launchers" in by_id["S/2022/431-delivery-systems"].scope
    assert {c["id"] for c in draft.exemption_categories} >= {"covid-19", "medical"}
    assert all(m.citation == "S/2022/431 (draft, not adopted)" for m in by_id.values())


def test_unknown_regime_and_draft_are_not_found() -> None:
    with pytest.raises(NotFoundError, match=r"unknown regime '9999'.*1718"):
        load_regime("9999")
    with pytest.raises(NotFoundError, match="S/2022/431"):
        load_what_if("S/2099/1")


def test_a_broken_data_file_reports_every_problem(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A copy of the shipped data with one broken resolution file added: load_regime
    itself refuses it, naming the file and every bad field at once."""
    root = tmp_path / "regime"
    shutil.copytree(Path(str(data_root())), root)
    bad = {"symbol": "S/RES/9999 (2030)", "adopted": "2030-02-30", "measures": [
        {"id": "x", "kind": "embargo", "direction": "sideways", "verification": "maybe",
         "hs_codes": ["77"]}]}
    (root / "1718" / "9999.json").write_text(json.dumps(bad), encoding="utf-8")
    monkeypatch.setattr(regime_data, "data_root", lambda: root)
    load_regime.cache_clear()
    try:
        with pytest.raises(ListFormatError, match=r"regime 1718 data files are invalid") as info:
            load_regime("1718")
    finally:
        load_regime.cache_clear()
    mine = [p for p in info.value.problems if p.file == "1718/9999.json"]
    assert {p.field for p in mine} >= {"adopted", "kind", "direction", "verification",
                                       "scope", "source", "hs_codes"}
    assert all(p.file == "1718/9999.json" for p in info.value.problems)
