"""Every UN sanctions regime as cited data, and which measures bind a real list entry.

The entries come from the real Consolidated List files in ../shared/data (read with the
project's reader); the expected regimes and dates come from the issue and the sources in
each regime's regime.json, not from the code under test.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import shared_data_dir
from unsc.errors import NotFoundError
from unsc.lists.model import Entity
from unsc.lists.un_xml import read_un_xml
from unsc.regime import (
    binding_measures,
    entry_measures,
    load_regime,
    load_regime_info,
    regime_as_of,
    regime_for_entry,
    regime_ids,
    regime_list,
    resolve_regime,
)
from unsc.regime.registry import is_citable

# The fourteen regimes of the 2026-05-08 list (issue 14), by UN_LIST_TYPE.
ON_THE_2026_LIST = {"Al-Qaida": "1267", "Taliban": "1988", "DPRK": "1718", "Iran": "1737",
                    "Iraq": "1518", "DRC": "1533", "Libya": "1970", "Somalia": "751",
                    "CAR": "2127", "Sudan": "1591", "Yemen": "2140", "Haiti": "2653",
                    "GB": "2048", "SouthSudan": "2206"}
ENDED = {"1572": date(2016, 4, 28), "1521": date(2016, 5, 25), "2374": date(2023, 9, 1)}


@cache
def entries(day: str) -> tuple[Entity, ...]:
    path = shared_data_dir() / "un" / f"un_consolidated_{day}.xml"
    return tuple(read_un_xml(path).entities)


def first(day: str, prefix: str, listed_before: str = "9999") -> Entity:
    return next(e for e in entries(day) if (e.reference_number or "").startswith(prefix)
                and (e.listed_on or "") < listed_before)


def test_seventeen_regimes_are_shipped_and_load() -> None:
    assert set(regime_ids()) == set(ON_THE_2026_LIST.values()) | set(ENDED)
    for rid in regime_ids():
        assert load_regime(rid), rid
        info = load_regime_info(rid)
        assert info.committee["name"] and info.sources and info.criteria, rid


def test_every_source_in_every_regime_is_a_symbol_or_url() -> None:
    for rid in regime_ids():
        info = load_regime_info(rid)
        cells = [*info.sources, *(c.source for c in info.criteria),
                 *(e.source for e in info.timeline), *(r.source for r in info.renewals),
                 str(info.committee.get("source"))]
        for amendment in load_regime(rid):
            cells.append(amendment.source)
            for m in amendment.adds:
                cells.append(m.source)
                cells.extend(e.source for e in m.exemptions)
        bad = [c for c in cells if not is_citable(c)]
        assert not bad, (rid, bad)


@pytest.mark.parametrize(("list_type", "regime"), sorted(ON_THE_2026_LIST.items()))
def test_one_entry_of_each_regime_on_the_2026_list_is_bound_with_citations(
        list_type: str, regime: str) -> None:
    entry = next(e for e in entries("2026-05-08") if list_type in e.programmes)
    assert regime_for_entry(entry.reference_number, entry.regimes) == regime
    found = entry_measures(entry, "2026-05-08")
    assert found.regime == regime and found.regime_status == "active"
    assert found.bound, (entry.reference_number, found.notes)
    assert found.listed_on == entry.listed_on
    for bm in found.measures:
        assert bm.measure.citation.startswith("S/RES/"), bm.measure.id
        assert bm.measure.source and bm.measure.verification in "YCN"
    kinds = {bm.measure.kind.value for bm in found.measures}
    assert kinds & {"asset_freeze", "travel_ban"}, kinds
    data = found.to_dict()
    assert data["bound"] is True and data["measures"][0]["citation"]
    assert [b.to_dict() for b in binding_measures(entry, "2026-05-08")] == data["measures"]


def test_the_2026_list_carries_exactly_the_fourteen_regimes() -> None:
    found = {regime_for_entry(e.reference_number, e.regimes) for e in entries("2026-05-08")}
    assert found == set(ON_THE_2026_LIST.values())


def test_iran_entries_bound_on_2026_01_01_not_on_2025_06_01() -> None:
    entry = first("2026-05-08", "IRe")
    assert entry_measures(entry, "2026-01-01").bound
    cited = {b.measure.citation for b in entry_measures(entry, "2026-01-01").measures}
    assert "S/RES/1737 (2006) OP12" in cited
    restored = entry_measures(entry, "2026-01-01").measures[0].measure
    assert restored.restored_by == "S/RES/2231 (2015) OP11-12 (snapback)"
    before = entry_measures(entry, "2025-06-01")
    assert not before.bound and before.regime_status == "terminated"
    assert any("2231" in n for n in before.notes)
    # under 1737 before Implementation Day; under 2231 Annex B 6(c) until Transition Day
    assert "S/RES/1737 (2006) OP12" in {b.measure.citation for b in
                                        entry_measures(entry, "2015-01-01").measures}
    annex_b = {b.measure.id for b in entry_measures(entry, "2020-01-01").measures}
    assert annex_b == {"2231-AnnexB-6c-asset-freeze"}
    assert not entry_measures(entry, "2023-10-19").bound


def test_iran_status_through_termination_and_snapback() -> None:
    info = load_regime_info("1737")
    assert info.status_on(date(2010, 1, 1)).status == "active"
    assert info.status_on(date(2016, 1, 16)).status == "terminated"
    assert info.status_on(date(2025, 9, 27)).status == "terminated"
    assert info.status_on(date(2025, 9, 28)).status == "active"
    snap = next(a for a in load_regime("1737") if a.kind == "snapback")
    assert snap.unverified and "1737-OP12-asset-freeze" in snap.restores


def test_regime_list_on_the_2026_list_date() -> None:
    statuses = {r.info.id: r for r in regime_list("2026-05-08")}
    assert {k for k, r in statuses.items() if r.status.status == "active"} == \
        set(ON_THE_2026_LIST.values())
    for rid, ended_on in ENDED.items():
        assert statuses[rid].status.status == "ended" and statuses[rid].status.on == ended_on
        assert statuses[rid].measure_count == 0
    early = {r.info.id: r.status.status for r in regime_list("2012-01-01")}
    assert early["2653"] == "not_established" and early["1572"] == "active"


@pytest.mark.parametrize(("day", "prefix", "regime", "bound_on", "not_bound_on"), [
    ("2015-03-27", "CIi", "1572", "2015-03-27", "2016-05-01"),
    ("2015-03-27", "LRi", "1521", "2015-03-27", "2015-09-03"),
    ("2020-03-20", "MLi", "2374", "2020-03-20", "2023-09-01"),
])
def test_entries_of_ended_regimes_in_old_list_files(day: str, prefix: str, regime: str,
                                                    bound_on: str, not_bound_on: str) -> None:
    entry = first(day, prefix)
    assert regime_for_entry(entry.reference_number, entry.regimes) == regime
    assert entry_measures(entry, bound_on).bound
    after = entry_measures(entry, not_bound_on)
    assert not after.bound


def test_no_measure_binds_an_entry_before_its_listing() -> None:
    entry = next(e for e in entries("2026-05-08") if e.reference_number == "KPi.064")
    assert entry.listed_on == "2017-12-22"
    assert entry_measures(entry, "2017-12-22").bound
    early = entry_measures(entry, "2017-12-21")
    assert not early.bound and any("Listed on 2017-12-22" in n for n in early.notes)


def test_travel_bans_bind_persons_and_guinea_bissau_has_no_freeze() -> None:
    org = first("2026-05-08", "QDe")
    kinds = {b.measure.kind.value for b in entry_measures(org, "2026-05-08").measures}
    assert "travel_ban" not in kinds and "asset_freeze" in kinds
    gb = entry_measures(first("2026-05-08", "GBi"), "2026-05-08")
    assert [b.measure.citation for b in gb.measures] == ["S/RES/2048 (2012) OP4"]
    assert gb.measures[0].exemptions[0].citation == "S/RES/2048 (2012) OP5"


def test_the_2664_carve_out_and_which_regimes_it_covers() -> None:
    def carve(entry: Entity, day: str) -> set[str]:
        return {e.citation for b in entry_measures(entry, day).measures
                for e in b.exemptions if "2664" in e.citation or "2761" in e.citation}
    libya = first("2026-05-08", "LYi")
    assert carve(libya, "2026-05-08") == {"S/RES/2664 (2022) OP1"}
    assert carve(libya, "2022-01-01") == set()
    qd = first("2026-05-08", "QDi")
    assert carve(qd, "2023-06-01") == {"S/RES/2664 (2022) OP1, OP4"}
    assert carve(qd, "2026-05-08") == {"S/RES/2761 (2024) OP1"}
    ta = first("2026-05-08", "TAi")
    assert {e.citation for b in entry_measures(ta, "2026-05-08").measures
            for e in b.exemptions} >= {"S/RES/2615 (2021) OP1", "S/RES/2664 (2022) OP1"}
    iran = [e for b in entry_measures(first("2026-05-08", "IRi"), "2026-05-08").measures
            for e in b.exemptions if "2664" in e.citation]
    assert iran and all(e.verification == "N" for e in iran)
    assert carve(first("2026-05-08", "GBi"), "2026-05-08") == set()


def test_unverified_renewals_are_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    sudan = first("2026-05-08", "SDi", listed_before="2024-01-01")
    current = entry_measures(sudan, "2026-05-08")  # 2791 (2025) runs to 12 Sep 2026
    assert all(b.measure.renewal == "S/RES/2791 (2025)" and b.measure.renewal_verified
               for b in current.measures)
    past = entry_measures(sudan, "2026-10-01")  # no later renewal in the data
    assert past.bound and all(b.measure.renewal_verified is False for b in past.measures)
    assert any("UNVERIFIED" in n for n in past.notes)
    assert entry_measures(sudan, "2025-01-01").measures[0].measure.renewal == \
        "S/RES/2750 (2024)"
    monkeypatch.setenv("UNSC_REGIME_ASSUME_RENEWED", "false")
    assert entry_measures(sudan, "2026-05-08").bound
    lapsed = entry_measures(sudan, "2026-10-01")
    assert not lapsed.bound and any("lapsed" in n for n in regime_as_of("1591",
                                                                        "2026-10-01").notes)


def test_names_aliases_and_prefixes_find_the_regime() -> None:
    assert resolve_regime("2713") == resolve_regime("Al-Shabaab") == "751"
    assert resolve_regime("isil") == resolve_regime("1989") == "1267"
    assert resolve_regime("DPRK") == "1718" and resolve_regime("2231") == "1737"
    assert regime_for_entry("QDi.123") == "1267"
    assert regime_for_entry("TAI.1") == "1988"  # the 2015 file's typo
    assert regime_for_entry("XXi.1") is None
    with pytest.raises(NotFoundError, match="unknown regime"):
        resolve_regime("x" * 300)
    ofac = entry_measures({"id": "ofac-1", "list": "ofac-sdn", "schema": "Person"})
    assert not ofac.bound and "national list" in ofac.notes[0]


def test_a_hit_dict_without_regimes_is_resolved_by_its_prefix(shared_data: Path) -> None:
    hit = {"entity_id": "un-SOi.017", "reference_number": "SOi.017", "list": "un",
           "schema": "Person"}
    found = entry_measures(hit, "2026-05-08")
    assert found.regime == "751" and found.bound
