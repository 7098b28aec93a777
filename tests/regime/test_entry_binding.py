"""Which measures bind a list entry on a day, and what the answer says when none does
(src/unsc/regime/binding.py). Entries from the UN list of 8 May 2026; measure ids are those
of data/regime/1718/*.json and data/regime/1737/regime.json.

KPi.033 (Ri Won Ho) was listed on 30 November 2016 (LISTED_ON in the file): on 1 July 2017 the
asset freezes of 1718 OP8(d) and 2094 OP27 and the travel bans of 1718 OP8(e) and 2094 OP10
bind him; on 1 January 2016 nothing did. IRe.001 is bound in 2020 by the 2231 Annex B
freeze only, the 1737 regime being terminated on Implementation Day (S/RES/2231 OP7(a)).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from unsc.lists.model import Entity
from unsc.lists.un_xml import read_un_xml
from unsc.regime import entry_measures


@pytest.fixture(scope="module")
def un(shared_data: Path) -> dict[str, Entity]:
    entities = read_un_xml(shared_data / "un" / "un_consolidated_2026-05-08.xml").entities
    return {str(e.reference_number): e for e in entities}


def _shown(entry: Any, on: str) -> dict[str, Any]:
    data = entry_measures(entry, on).to_dict()
    data["measures"] = [m["id"] for m in data["measures"]]
    return data


def test_a_listed_person_on_a_day_after_listing(un: dict[str, Entity]) -> None:
    assert _shown(un["KPi.033"], "2017-07-01") == {
        "entry": "un-KPi.033", "reference_number": "KPi.033", "regime": "1718",
        "regime_name": "Democratic People's Republic of Korea (non-proliferation)",
        "regime_status": "active", "listed_on": "2016-11-30", "as_of": "2017-07-01",
        "bound": True, "measures": ["1718-OP8d-asset-freeze", "1718-OP8e-travel-ban",
                                    "2094-OP10-travel-ban", "2094-OP27-freeze"],
        "territory_measures": 24,
        "notes": ["24 further measure(s) of the regime bind States as to the DPRK itself: "
                  "`unsc regime show 1718 --as-of 2017-07-01`."]}


def test_before_listing_nothing_binds(un: dict[str, Entity]) -> None:
    shown = _shown(un["KPi.033"], "2016-01-01")
    assert (shown["bound"], shown["measures"], shown["territory_measures"]) == (False, [], 0)
    assert (shown["regime"], shown["regime_status"], shown["listed_on"]) == (
        "1718", "active", "2016-11-30")
    assert shown["notes"] == ["Listed on 2016-11-30, after 2016-01-01: no measure bound it yet."]


def test_a_terminated_regime_says_so(un: dict[str, Entity]) -> None:
    shown = _shown(un["IRe.001"], "2020-01-01")
    assert (shown["regime"], shown["regime_status"], shown["measures"]) == (
        "1737", "terminated", ["2231-AnnexB-6c-asset-freeze"])
    assert shown["notes"] == [
        "On 2020-01-01 the 1737 regime is terminated (S/RES/2231 (2015) OP7(a)): "
        "Implementation Day: the 1737-1929 measures terminated; 2231 Annex B restrictions "
        "(asset freeze and travel ban on the 2231 List to 18 Oct 2023)",
        "4 further measure(s) of the regime bind States as to the Iran itself: "
        "`unsc regime show 1737 --as-of 2020-01-01`."]


@pytest.mark.parametrize(("entry", "note"), [
    ({"id": "whatif-1", "list": "whatif:S/2022/431", "schema": "Person"},
     "A designation the draft S/2022/431 would have made: no Council measure binds it "
     "(see `unsc regime show 1718 --what-if`)."),
    ({"entity_id": "ofac-1", "list": "ofac-sdn", "schema": "Person"},
     "An entry of ofac-sdn, a national list: no Security Council measure binds it as such "
     "(national law may)."),
    ({"id": "un-ZZi.001", "list": "un", "schema": "Person", "reference_number": "ZZi.001"},
     "No shipped regime matches the entry 'ZZi.001' (its list type or reference prefix is "
     "unknown)."),
])
def test_entries_no_council_measure_binds(entry: dict[str, Any], note: str) -> None:
    shown = _shown(entry, "2022-06-01")
    assert shown == {"entry": entry.get("id") or entry.get("entity_id"),
                     "reference_number": entry.get("reference_number"), "regime": None,
                     "regime_name": None, "regime_status": None, "listed_on": None,
                     "as_of": "2022-06-01", "bound": False, "measures": [],
                     "territory_measures": 0, "notes": [note]}


def test_a_dprk_only_list_entry_is_a_un_entry(un: dict[str, Entity]) -> None:
    """The 2015 DPRK-only file is list "un-1718": its entries are Council designations."""
    entry = {"id": "un-KPi.033", "list": "un-1718", "schema": "Person",
             "reference_number": "KPi.033", "listed_on": "2016-11-30"}
    assert _shown(entry, "2017-07-01")["bound"] is True
