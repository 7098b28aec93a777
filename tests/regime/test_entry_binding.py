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
    assert shown["regime_name"] == "Democratic People's Republic of Korea (non-proliferation)"
    stamped = {"id": "un-KPi.033", "list": "un", "schema": "Person",
               "reference_number": "KPi.033", "listed_on": "2016-11-30T00:00:00+00:00"}
    assert _shown(stamped, "2016-01-01")["notes"] == shown["notes"]  # a time part is ignored


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


def test_an_entry_before_its_regime_existed_with_no_list_or_schema_given() -> None:
    """S/RES/1718 (2006) was adopted on 14 October 2006 (SC/8853). An entry given by its
    reference number alone (no list, schema or listing date) is a UN entry; on 1 January
    2006 no measure of the regime existed, and the answer says so in three notes."""
    shown = _shown({"reference_number": "KPi.033"}, "2006-01-01")
    assert (shown["regime"], shown["regime_status"], shown["bound"], shown["measures"]) == (
        "1718", "not_established", False, [])
    assert shown["notes"] == [
        "On 2006-01-01 the 1718 regime is not_established (S/RES/1718 (2006)): "
        "established on 2006-10-14",
        "No resolution of the 1718 regime had been adopted by 2006-01-01.",
        "No measure of the 1718 regime binds a listed entry on 2006-01-01."]
    person = _shown({"reference_number": "KPi.033", "schema": "Person"}, "2006-01-01")
    assert person["notes"][-1] == "No measure of the 1718 regime binds a listed person on " \
        "2006-01-01."


def test_the_regimes_field_decides_over_an_unknown_reference_prefix() -> None:
    """The list reader sets ``regimes`` from UN_LIST_TYPE; it wins over the prefix."""
    entry = {"id": "un-ZZi.001", "list": "un", "schema": "Person", "reference_number": "ZZi.001",
             "regimes": ["1718"]}
    assert _shown(entry, "2017-07-01")["regime"] == "1718"


def test_the_day_defaults_to_today_and_a_bad_day_is_named() -> None:
    from datetime import date

    from unsc.errors import InputError

    assert entry_measures({"reference_number": "KPi.033"}).as_of == date.today()
    with pytest.raises(InputError) as err:
        entry_measures({"reference_number": "KPi.033"}, "2017-02-30")
    assert str(err.value) == ("as-of date '2017-02-30' is not a valid calendar date; "
                              "expected YYYY-MM-DD")
