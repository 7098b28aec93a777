"""The UN Consolidated List reader on every real file in ../shared/data/un."""

from __future__ import annotations

import pytest
from lxml import etree

from tests.lists._data import manifest, parsed, un_dir, un_file
from unsc.lists.model import DateKind, NameQuality, Schema
from unsc.lists.un_xml import read_un_xml, split_alias

ROWS = manifest()


@pytest.mark.parametrize("row", ROWS, ids=[r["file"] for r in ROWS])
def test_counts_match_manifest(row: dict[str, str]) -> None:
    version = parsed(un_dir() / row["file"])
    counts = version.counts()
    assert version.sha256 == row["sha256"]
    assert version.published == row["dateGenerated"][:10]
    assert version.generated == row["dateGenerated"]
    assert counts["individuals"] == int(row["individuals"])
    assert counts["entities"] == int(row["entities"])
    dprk = [e for e in version.entities if "DPRK" in e.programmes]
    assert sum(e.schema == Schema.PERSON for e in dprk) == int(row["dprk_individuals"])
    assert sum(e.schema != Schema.PERSON for e in dprk) == int(row["dprk_entities"])
    assert all(e.regimes == ("1718",) for e in dprk)
    expected = dict(part.split("=") for part in row["list_types"].split(";"))
    assert counts["by_list_type"] == {k: int(v) for k, v in expected.items()}
    assert counts["by_list_type"].get("Iran", 0) == int(row["iran_records"])
    assert version.list == ("un-1718" if set(expected) == {"DPRK"} else "un")


def test_the_manifest_parametrisation_covers_every_file() -> None:
    """ROWS is read at import: were manifest.csv empty or short, the test above would run
    for fewer files without a word. The directory holds 11 UN list files (counted with ls),
    and the manifest must name each."""
    files = sorted(p.name for p in un_dir().glob("*.xml"))
    assert len(files) == 11
    assert sorted(r["file"] for r in ROWS) == files


def test_kpi_033_fields() -> None:
    version = parsed(un_file("2026-05-08"))
    entity = next(e for e in version.entities if e.reference_number == "KPi.033")
    assert entity.id == "un-KPi.033"
    assert entity.caption == "RI WON HO"
    assert entity.listed_on == "2016-11-30"
    assert entity.regimes == ("1718",) and entity.programmes == ("DPRK",)
    assert [(b.kind, b.value) for b in entity.birth_dates] == [(DateKind.EXACT, "1964-07-17")]
    assert [(d.type, d.number) for d in entity.documents] == [("Passport", "381310014")]
    assert entity.nationalities == ("kp",)


def test_stray_spaces_are_stripped() -> None:
    raw = un_file("2026-05-08").read_bytes()
    assert b"<FIRST_NAME> GEDO </FIRST_NAME>" in raw  # the quirk is really in the file
    version = read_un_xml(un_file("2026-05-08"))
    names = {e.caption for e in version.entities}
    assert "GEDO HAMDAN AHMED" in names
    assert all(e.reference_number == e.reference_number.strip() for e in version.entities
               if e.reference_number)


def test_alias_quality_script_and_dates_follow_the_xml() -> None:
    path = un_file("2026-05-08")
    root = etree.parse(str(path)).getroot()
    by_ref = {e.reference_number: e for e in read_un_xml(path).entities}
    checked = {"low": 0, "fka": 0, "script": 0, "between": 0, "approx": 0}
    for el in root.iter("INDIVIDUAL", "ENTITY"):
        entity = by_ref[(el.findtext("REFERENCE_NUMBER") or "").strip()]
        for alias in el.iter("INDIVIDUAL_ALIAS", "ENTITY_ALIAS"):
            name, quality = (alias.findtext("ALIAS_NAME") or "").strip(), alias.findtext("QUALITY")
            if name and quality == "Low":
                assert any(n.quality == NameQuality.WEAK for n in entity.names
                           if n.value == " ".join(name.split()))
                checked["low"] += 1
            if name and quality == "f.k.a.":
                assert any(n.kind == "f.k.a." for n in entity.names
                           if n.value == " ".join(name.split()))
                checked["fka"] += 1
        script = (el.findtext("NAME_ORIGINAL_SCRIPT") or "").strip()
        if script:
            assert any(n.script == "original" for n in entity.names)
            checked["script"] += 1
        for dob in el.iter("INDIVIDUAL_DATE_OF_BIRTH"):
            kind = (dob.findtext("TYPE_OF_DATE") or "").upper()
            if kind == "BETWEEN":
                span = (int(dob.findtext("FROM_YEAR")), int(dob.findtext("TO_YEAR")))
                assert any((b.year_from, b.year_to) == span for b in entity.birth_dates)
                checked["between"] += 1
            if kind == "APPROXIMATELY":
                assert any(b.kind == DateKind.APPROXIMATE for b in entity.birth_dates)
                checked["approx"] += 1
    assert all(checked.values()), checked


def test_alias_lists_are_split_into_names() -> None:
    """IRi.014 publishes three spellings in one alias; each becomes a name of its own with
    the alias's quality and kind, and the alias as published is kept too."""
    by_ref = {e.reference_number: e for e in parsed(un_file("2026-05-08")).entities}
    names = by_ref["IRi.014"].names
    whole = next(n for n in names if n.value == "Mohammad Islami; Mohamed Islami; Mohammed Islami")
    for part in ("Mohammad Islami", "Mohamed Islami", "Mohammed Islami"):
        found = next(n for n in names if n.value == part)
        assert (found.kind, found.quality, found.script) == (whole.kind, whole.quality, None)


def test_bracketed_original_script_becomes_its_own_name() -> None:
    by_ref = {e.reference_number: e for e in parsed(un_file("2026-05-08")).entities}
    names = {n.value: n for n in by_ref["QDi.279"].names}
    assert names["Abdelali Abou Dher"].quality == NameQuality.WEAK
    assert names["Abdelali Abou Dher"].script is None
    assert names["عبد العالي ابو ذر"].script == "original"
    assert names["عبد العالي ابو ذر"].quality == NameQuality.WEAK
    # Arabic first, Latin spellings in the bracket (TAi.154), and Cyrillic (QDi.396).
    tai = {n.value: n.script for n in by_ref["TAi.154"].names}
    assert tai["حاجى مالك نورزى"] == "original" and tai["Haji Malek Noorzai"] is None
    assert {n.value: n.script for n in by_ref["QDi.396"].names}["Амир Хазмат"] == "original"


@pytest.mark.parametrize("value", [
    "Al-Qaida Organization in the Arabian Peninsula (AQAP)",   # same-script abbreviation
    "Hilarion Santos, III (third)",
    "Ezatullah Haqqani (previously listed as)",
    "Leader (Hong Kong) International Trading Limited",
    "Safia Farkash Mohammed Al-Hadad, born 1 Jan. 1953 (Oman passport no.03825239, "
    "date of issue 4 May 2014, expiry 3 May 2024.)",
    "RI WON HO",
])
def test_alias_splitting_is_conservative(value: str) -> None:
    assert split_alias(value) == []
