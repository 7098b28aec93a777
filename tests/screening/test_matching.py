"""Matching on the real UN and OFAC lists: the records analysts actually look for."""

from __future__ import annotations

import pytest

from unsc.lists.model import Entity, Name, NameQuality, Schema
from unsc.screening import Hit, Query, Screener, score_pair


def _refs(hits: list[Hit]) -> list[str]:
    return [h.entity.reference_number or h.entity.id for h in hits]


def _top_un(hits: list[Hit]) -> Hit:
    return next(h for h in hits if h.entity.list == "un")


@pytest.mark.parametrize("name", ["Ri Won-ho", "RI WON HO", "Ri Wonho", "Lee Won Ho"])
def test_ri_won_ho_found_from_spellings(real_screener: Screener, name: str) -> None:
    hit = _top_un(real_screener.screen(Query(name), limit=5))
    assert hit.entity.reference_number == "KPi.033"
    assert hit.match and hit.score >= 0.95


def test_ri_won_ho_found_from_passport_alone(real_screener: Screener) -> None:
    hits = real_screener.screen(Query("", id_number="381310014"))
    assert "KPi.033" in _refs(hits)
    hit = _top_un(hits)
    assert hit.match and hit.score == 1.0
    assert any(f.name == "id_number" and f.contribution > 0 for f in hit.features)


@pytest.mark.parametrize("name", ["Jo Yong Chol", "Cho Yong Chol", "조용철", "JO YONG CHEOL"])
def test_jo_yong_chol_found(real_screener: Screener, name: str) -> None:
    hit = _top_un(real_screener.screen(Query(name, schema="Person")))
    assert hit.entity.reference_number == "KPi.034"
    assert hit.match


def test_kim_yong_chol_is_not_kim_song_chol(real_screener: Screener) -> None:
    hits = real_screener.screen(Query("KIM YONG CHOL"), limit=10)
    song = [h for h in hits if h.entity.reference_number == "KPi.030"]  # KIM SONG CHOL
    assert all(not h.match for h in song)
    assert _top_un(hits).entity.reference_number == "KPi.024"
    assert score_pair("KIM YONG CHOL", "KIM SONG CHOL") < 0.7


def test_komid_found_from_ofac_spellings(real_screener: Screener,
                                         real_entities: list[Entity]) -> None:
    """Every OFAC name of the OFAC KOMID record finds UN KPe.001."""
    komid = next(e for e in real_entities if e.list != "un"
                 and e.caption == "KOREA MINING DEVELOPMENT TRADING CORPORATION")
    assert len(komid.names) >= 2
    for name in komid.names:
        hit = _top_un(real_screener.screen(Query(name.value, schema="Organization")))
        assert hit.entity.reference_number == "KPe.001", name.value
        assert hit.match


@pytest.mark.parametrize(("query", "ref"), [
    ("Korea Tangun Trading Corp.", "KPe.008"),
    ("CHONGCHONGANG SHIPPING COMPANY LIMITED", "KPe.022"),
    ("Ocean Maritime Management Co Ltd", "KPe.020"),
])
def test_kpe_entities_found_from_ofac_style_names(real_screener: Screener, query: str,
                                                  ref: str) -> None:
    hit = _top_un(real_screener.screen(Query(query, schema="Organization")))
    assert hit.entity.reference_number == ref
    assert hit.match


def test_cyrillic_query_found_where_list_has_the_name(real_screener: Screener) -> None:
    hit = _top_un(real_screener.screen(Query("Умаров Доку Хаматович")))
    assert hit.entity.reference_number == "QDi.290"
    assert hit.match


def test_arabic_query_finds_latin_name(real_screener: Screener) -> None:
    hit = _top_un(real_screener.screen(Query("أيمن محمد ربيع الظواهري")))
    assert hit.entity.reference_number == "QDi.006"


def test_typos_word_order_and_particles(real_screener: Screener) -> None:
    assert _top_un(real_screener.screen(Query("Ayman al-Zawahri"))).entity.reference_number \
        == "QDi.006"
    assert _top_un(real_screener.screen(Query("Zawahiri, Ayman"))).entity.reference_number \
        == "QDi.006"


def test_common_names_do_not_match(real_screener: Screener) -> None:
    for name in ["John Smith", "Olga Ivanova", "David Cohen", "Juan Perez"]:
        assert not any(h.match for h in real_screener.screen(Query(name))), name


def test_weak_alias_counts_less() -> None:
    entity = Entity(id="t-1", list="test", schema=Schema.PERSON, names=(
        Name("ABDUL RAHMAN YASIN"), Name("Abu Ahmad", kind="a.k.a.", quality=NameQuality.WEAK)))
    screener = Screener([entity])
    strong = screener.screen(Query("Abdul Rahman Yasin"))[0]
    weak = screener.screen(Query("Abu Ahmad"))[0]
    assert weak.score < strong.score
    assert any(f.name == "weak_alias" and f.contribution < 0 for f in weak.features)
    assert "weak" in weak.explanation


def test_screen_many_and_limit(real_screener: Screener) -> None:
    results = list(real_screener.screen_many([Query("Ri Won Ho"), Query("Jo Yong Chol")],
                                             limit=1))
    assert [len(r) for r in results] == [1, 1]


def test_spacing_slips_both_ways() -> None:
    listed = Entity(id="t-2", list="test", schema=Schema.ORGANIZATION,
                    names=(Name("CHONMYONG SHIPPING CO"),))
    spaced = Entity(id="t-3", list="test", schema=Schema.PERSON,
                    names=(Name("WIJI JOKO SANTOSO"),))
    screener = Screener([listed, spaced])
    assert screener.screen(Query("Chon Myong Shipping Company Limited"))[0].entity.id == "t-2"
    hit = screener.screen(Query("Wijijoko Santoso"))[0]
    assert hit.entity.id == "t-3" and hit.match
