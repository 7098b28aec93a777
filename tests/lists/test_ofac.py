"""OFAC SDN.CSV and sdn.xml-schema readers on the real files."""

from __future__ import annotations

import pytest
from lxml import etree

from tests.lists._data import ofac_dir, parsed, sdn_rows
from unsc.lists.model import DateKind, Schema
from unsc.lists.ofac_remarks import parse_dob, parse_remarks
from unsc.lists.readers import read_list

DPRK = {"DPRK", "DPRK2", "DPRK3", "DPRK4", "DPRK-NKSPEA"}


@pytest.mark.parametrize("name", ["sdn_2021-08-18.csv", "sdn_2024-05-03.csv"])
def test_sdn_csv_counts(name: str) -> None:
    path = ofac_dir() / name
    rows = sdn_rows(path)
    version = parsed(path)
    assert version.list == "ofac-sdn" and version.fmt == "ofac-csv"
    assert version.published == name[4:14]
    assert len(version.entities) == len(rows)
    individuals = sum(r[2].strip() == "individual" for r in rows)
    assert version.counts()["individuals"] == individuals
    dprk_rows = sum(bool(DPRK & {p.strip(" []") for p in r[3].split("] [")}) for r in rows)
    assert sum(bool(DPRK & set(e.programmes)) for e in version.entities) == dprk_rows
    assert all(e.regimes == () for e in version.entities)  # US measures, not Council ones
    related = sum(e.extra.get("related_regimes") == "1718" for e in version.entities)
    assert related == dprk_rows


def test_sdn_csv_remarks_parsed() -> None:
    version = parsed(ofac_dir() / "sdn_2024-05-03.csv")
    by_id = {e.id: e for e in version.entities}
    lazarus = by_id["ofac-27307"]
    assert lazarus.caption == "LAZARUS GROUP" and lazarus.programmes == ("DPRK3",)
    assert {"HIDDEN COBRA", "GUARDIANS OF PEACE"} <= {n.value for n in lazarus.names}
    kim = by_id["ofac-12211"]
    assert kim.caption == "KIM, Yong Chol" and kim.extra["natural_name"] == "Yong Chol KIM"
    assert [(b.kind, b.value) for b in kim.birth_dates] == [
        (DateKind.APPROXIMATE, "1947"), (DateKind.APPROXIMATE, "1946")]
    assert kim.birth_places == ("Pyongan-Pukto, North Korea",)
    vessel = by_id["ofac-4243"]
    assert vessel.schema == Schema.VESSEL and vessel.vessel is not None
    assert vessel.vessel.imo == "7406784" and vessel.vessel.flag == "pa"
    assert {n.value for n in vessel.names if n.kind == "f.k.a."} == {"ANA I", "SAND SWAN"}
    komid = by_id["ofac-9345"]
    assert komid.programmes == ("NPWMD", "DPRK2")
    # every row whose Remarks say "Passport N (Country)" yields that document
    rows = sdn_rows(ofac_dir() / "sdn_2024-05-03.csv")
    with_passport = [r for r in rows if "; Passport " in r[11] or r[11].startswith("Passport ")]
    assert len(with_passport) > 100
    for row in with_passport:
        entity = by_id[f"ofac-{row[0].strip()}"]
        assert any(d.type == "Passport" for d in entity.documents), row[0]


def test_remarks_grammar() -> None:
    remarks = parse_remarks(
        "DOB 21 Jan 1971; alt. DOB 1960 to 1962; POB Roubaix, France; nationality Korea, "
        "North; Passport 381310014 (Korea, North) issued 05 Mar 2010; Gender Male; "
        "Vessel Registration Identification IMO 8712362; a.k.a. 'BILAL; KUMKAL'.")
    assert remarks.birth_dates[0].value == "1971-01-21"
    assert (remarks.birth_dates[1].year_from, remarks.birth_dates[1].year_to) == (1960, 1962)
    assert remarks.birth_places == ["Roubaix, France"]
    assert remarks.nationalities == ["kp"]
    passport = remarks.documents[0]
    assert (passport.number, passport.country, passport.issued) == ("381310014", "kp",
                                                                    "2010-03-05")
    assert remarks.imo == "8712362" and remarks.gender == "male"
    assert [a.value for a in remarks.aliases] == ["BILAL; KUMKAL"]
    assert parse_dob("not a date").note == "not a date"


def test_nonsdn_xml() -> None:
    path = ofac_dir() / "ofac_consolidated_nonsdn_2025-03-28.xml"
    root = etree.parse(str(path)).getroot()
    ns = {"o": root.nsmap[None]}
    record_count = int(root.findtext("o:publshInformation/o:Record_Count", namespaces=ns))
    individuals = len(root.findall("o:sdnEntry[o:sdnType='Individual']", namespaces=ns))
    version = read_list(path)
    assert version.list == "ofac-nonsdn" and version.published == "2025-03-28"
    assert len(version.entities) == record_count
    assert version.counts()["individuals"] == individuals
    haniya = next(e for e in version.entities if e.id == "ofac-9639")
    assert haniya.caption == "HANIYA, Ismail Abdul Salah"
    assert {n.value for n in haniya.names} >= {"HANIYA, Ismail", "HANIYYA, Ismaeel"}
    assert haniya.birth_dates[0].value == "1962" and haniya.programmes == ("NS-PLC",)
