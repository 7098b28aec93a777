"""Normalisation: scripts, Korean romanisation variants, particles and legal forms."""

from __future__ import annotations

import pytest

from unsc.screening.normalize import normalize, skeleton


@pytest.mark.parametrize("variant", ["Ri Won-ho", "RI WON HO", "Ri Wonho", "Lee Won Ho",
                                     "Rhee Won-Ho", "Yi Wonho", "리원호"])
def test_korean_spellings_of_one_name_agree(variant: str) -> None:
    assert normalize(variant).tokens == normalize("RI WON HO").tokens


@pytest.mark.parametrize(("a", "b"), [
    ("Pak Pong Ju", "Park Bong Ju"), ("Bak Pong Ju", "Pak Pong Ju"),
    ("Jo Yong Chol", "Cho Yong Cheol"), ("Chang Song Thaek", "Jang Song Taek"),
    ("Chong Chol Hyok", "Jeong Cheol Hyeok"), ("Jung Chul Hyuk", "Chung Chol Hyok"),
    ("Kim Kwang Il", "Kim Gwang Il"), ("CHO'NG CHOL", "Jong Chol"),
])
def test_romanisation_systems_fold_to_one_key(a: str, b: str) -> None:
    assert normalize(a).tokens == normalize(b).tokens
    assert normalize(a).korean


def test_different_given_names_stay_different() -> None:
    assert normalize("Kim Yong Chol").tokens != normalize("Kim Song Chol").tokens


def test_hangul_is_transliterated_syllable_by_syllable() -> None:
    assert normalize("조용철").tokens == normalize("JO YONG CHOL").tokens


@pytest.mark.parametrize(("hangul", "letters"), [
    ("스미스", ("smis",)),                       # Smith: SEU-MI-SEU
    ("크시아오홍 마", ("ksiaohong", "ma")),      # Xiaohong MA: KEU-SI-A-O-HONG
    ("스헬류 송", ("shelyu", "song")),           # Shelly SONG
])
def test_a_foreign_name_in_hangul_loses_the_vowel_korean_adds_to_a_lone_consonant(
        hangul: str, letters: tuple[str, ...]) -> None:
    assert normalize(hangul).plain == letters


@pytest.mark.parametrize(("hangul", "letters"), [
    ("김금순", ("gimgeumsun",)),      # KIM KUM SUN: 금 has a final, the EU is the name's
    ("금성 은행", ("geumseong", "eunhaeng")),
    ("으뜸", ("euteum",)),            # 으: a vowel, no consonant to carry
])
def test_a_korean_name_in_hangul_keeps_its_eu(hangul: str, letters: tuple[str, ...]) -> None:
    assert normalize(hangul).plain == letters


def test_a_long_legal_form_glued_before_a_name_is_split_but_not_groupement() -> None:
    assert normalize("COMPANYABROS", True).plain == ("company", "abros")
    assert normalize("LIMITEDTRIMIX", True).plain == ("limited", "trimix")
    assert normalize("GROUPEMENT AGRICOLE", True).plain == ("groupement", "agricole")


def test_non_korean_names_are_left_alone() -> None:
    assert normalize("John Smith").tokens == ("john", "smith")
    assert not normalize("Bambang Sukirno").korean


def test_cyrillic_goes_through_icu() -> None:
    assert normalize("Умаров Доку Хаматович").tokens == ("umarov", "doku", "hamatovic")


def test_arabic_particles_are_split_and_unified() -> None:
    assert normalize("Abd al-Rahman").tokens == ("abd", "al", "rahman")
    assert normalize("Abdulrahman Ali").tokens == ("abd", "al", "rahman", "ali")
    assert normalize("Ibn Khaldun").tokens == normalize("bin Khaldun").tokens
    assert normalize("El-Masri").tokens == ("al", "masri")


def test_arabic_script_meets_latin_on_consonant_skeleton() -> None:
    tokens = normalize("محمد").tokens
    assert tokens[0].startswith("~")
    assert skeleton(tokens[0]) == skeleton("mohammad") == skeleton("muhammad")


def test_legal_forms_are_normalised_with_rigour() -> None:
    assert normalize("Tanchon Commercial Bank Co., Ltd.", org=True).tokens[-1] == "llc"
    a = normalize("KOREA MINING DEVELOPMENT TRADING CORPORATION", org=True).tokens
    assert a == normalize("Korea Mining Development Trading Corp.", org=True).tokens


def test_din_compounds_and_ur_particle() -> None:
    assert normalize("Sirajuddin Haqqani").tokens == ("siraj", "al", "din", "haqani")
    assert normalize("Siraj ud-Din Haqqani").tokens == normalize("Sirajuddin Haqqani").tokens
    assert normalize("Mati ur-Rehman").tokens == ("mati", "al", "rehman")
