"""The screening-recall evaluation (bench/screening_recall) is reproducible, split by
record, and each perturbation is what its label says. The checks here are written
independently of the generator: their own Damerau-Levenshtein distance, their own
keyboard geometry, and the bench's own date reader rather than unsc's."""

from __future__ import annotations

import hashlib
import random
import unicodedata
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from bench.screening_recall import dates, orgs
from bench.screening_recall.culture import culture_of, reads_korean
from bench.screening_recall.dataset import (
    DOB_CLASSES,
    SCRIPT_CLASSES,
    SINGLE_EDIT,
    Dataset,
    Query,
    Sizes,
    build,
)
from bench.screening_recall.metrics import tuned_threshold
from bench.screening_recall.negatives import common_names
from bench.screening_recall.records import key, load_records, name_index, split_of
from bench.screening_recall.typos import NEIGHBOURS, VOWELS


@pytest.fixture(scope="module")
def data(shared_data: Path) -> Dataset:
    assert (shared_data / "un").is_dir()
    return build(1718, Sizes.quick())


def damerau_levenshtein(a: str, b: str) -> int:
    """Unrestricted Damerau-Levenshtein distance (Lowrance and Wagner 1975)."""
    inf = len(a) + len(b)
    last_row: dict[str, int] = {}
    d = [[inf] * (len(b) + 2) for _ in range(len(a) + 2)]
    for i in range(len(a) + 1):
        d[i + 1][0], d[i + 1][1] = inf, i
    for j in range(len(b) + 1):
        d[0][j + 1], d[1][j + 1] = inf, j
    for i in range(1, len(a) + 1):
        last_match_col = 0
        for j in range(1, len(b) + 1):
            k, l_ = last_row.get(b[j - 1], 0), last_match_col
            cost = 0 if a[i - 1] == b[j - 1] else 1
            if cost == 0:
                last_match_col = j
            d[i + 1][j + 1] = min(d[i][j] + cost, d[i + 1][j] + 1, d[i][j + 1] + 1,
                                  d[k][l_] + (i - k - 1) + 1 + (j - l_ - 1))
        last_row[a[i - 1]] = i
    return d[len(a) + 1][len(b) + 1]


def test_own_distance_is_right() -> None:
    assert damerau_levenshtein("KIM", "KIM") == 0
    assert damerau_levenshtein("KIM KWANG IL", "KIM KAWNG IL") == 1
    assert damerau_levenshtein("RI WON HO", "RIW ON HO") == 1
    assert damerau_levenshtein("CA", "ABC") == 2
    assert damerau_levenshtein("ABDUL BAQI", "ABUDL BQAI") == 2
    assert damerau_levenshtein("KITTEN", "SITTING") == 3


def _keyboard_neighbours() -> dict[str, set[str]]:
    """Key centres on a QWERTY board, rows offset by half a key: keys less than 1.2 key
    widths apart touch."""
    rows = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
    centre = {ch: (c + 0.5 * r, float(r)) for r, row in enumerate(rows) for c, ch in enumerate(row)}
    return {a: {b for b, (x2, y2) in centre.items()
                if b != a and ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 < 1.2}
            for a, (x1, y1) in centre.items()}


def test_keyboard_neighbours_match_the_layout() -> None:
    assert {k: set(v) for k, v in NEIGHBOURS.items()} == _keyboard_neighbours()
    assert set(NEIGHBOURS["s"]) == set("awedxz")


def _queries(data: Dataset, cls: str) -> list[Query]:
    found = [q for q in data.queries if q.cls == cls]
    assert found, f"no {cls} query"
    return found


def test_build_is_deterministic_under_a_fixed_seed(data: Dataset) -> None:
    again = build(1718, Sizes.quick())
    assert [(q.qid, q.text, q.birth_date, q.expected) for q in again.queries] == \
        [(q.qid, q.text, q.birth_date, q.expected) for q in data.queries]
    assert again.pairs == data.pairs
    other = build(7, Sizes.quick())
    assert [q.text for q in other.queries] != [q.text for q in data.queries]


def test_split_is_by_record_and_disjoint(data: Dataset) -> None:
    records = load_records()
    for r in records:
        digest = hashlib.sha256(f"{r.list}:{r.id}".encode()).hexdigest()
        assert r.split == ("held" if int(digest[:2], 16) % 2 else "tune")
        assert split_of(r.list, r.id) == r.split
    splits = Counter(r.split for r in records)
    assert 0.45 < splits["held"] / len(records) < 0.55
    by_id = {r.id: r for r in records}
    per_split: dict[str, set[str]] = {"tune": set(), "held": set()}
    for q in data.queries:
        if q.target is not None:
            assert by_id[q.target].split == q.split, q
            per_split[q.split].add(q.target)
    assert per_split["tune"] and per_split["held"]
    assert not per_split["tune"] & per_split["held"]


def test_each_cell_is_capped_and_covers_every_culture(data: Dataset) -> None:
    cells = Counter((q.cls, q.culture, q.split) for q in data.queries if q.target)
    for (cls, _, _), n in cells.items():
        cap = (data.sizes.script if cls in SCRIPT_CLASSES else data.sizes.dob
               if cls in DOB_CLASSES else data.sizes.name)
        assert n <= max(cap, data.sizes.org), (cls, n)
    for culture in ("korean", "arabic", "cyrillic", "han", "latin"):
        assert cells[("two_edits", culture, "held")] > 0


def test_one_edit_classes_are_exactly_one_edit_and_two_edits_two(data: Dataset) -> None:
    for cls in SINGLE_EDIT:
        for q in _queries(data, cls):
            assert damerau_levenshtein(q.base, q.text) == 1, q
    twos = _queries(data, "two_edits")
    for q in twos:
        assert damerau_levenshtein(q.base, q.text) == 2, q
    # short tokens are not avoided: some second edits land in a token of 1-3 letters
    short = [q for q in twos if any(len(t) <= 3 and t not in q.base.split()
                                    for t in q.text.split())]
    assert short


def _one_removed(longer: str, shorter: str) -> list[int]:
    return [i for i in range(len(longer)) if longer[:i] + longer[i + 1:] == shorter]


def test_letter_errors_are_what_their_label_says(data: Dataset) -> None:
    near = _keyboard_neighbours()
    for q in _queries(data, "insertion"):
        spots = _one_removed(q.text, q.base)
        assert spots, q
        ok = False
        for i in spots:
            extra = q.text[i].lower()
            around = [q.text[j].lower() for j in (i - 1, i + 1) if 0 <= j < len(q.text)]
            ok = ok or any(extra == a or extra in near.get(a, set()) for a in around)
        assert ok, q
    for q in _queries(data, "deletion"):
        assert _one_removed(q.base, q.text), q
    for q in _queries(data, "substitution"):
        diff = [i for i, (a, b) in enumerate(zip(q.base, q.text, strict=True)) if a != b]
        assert len(diff) == 1, q
        assert q.text[diff[0]].lower() in near[q.base[diff[0]].lower()], q
    for q in _queries(data, "transposition"):
        diff = [i for i, (a, b) in enumerate(zip(q.base, q.text, strict=True)) if a != b]
        assert len(diff) == 2 and diff[1] == diff[0] + 1, q
        i = diff[0]
        assert q.text[i] == q.base[i + 1] and q.text[i + 1] == q.base[i], q
    for q in _queries(data, "doubled"):
        assert any(q.text[i] == q.text[i + 1] for i in _one_removed(q.text, q.base)
                   if i + 1 < len(q.text)), q
    for q in _queries(data, "dropped_double"):
        assert any(q.base[i].lower() == q.base[i + 1].lower()
                   for i in _one_removed(q.base, q.text) if i + 1 < len(q.base)), q


def _letters(text: str) -> str:
    return text.replace(" ", "").replace("-", "")


def test_space_vowel_and_order_changes_are_what_their_label_says(data: Dataset) -> None:
    for q in _queries(data, "space_hyphen"):
        assert _letters(q.text) == _letters(q.base) and q.text != q.base, q
    for q in _queries(data, "dropped_vowels"):
        before, after = q.base.split(" "), q.text.split(" ")
        assert len(before) == len(after), q
        changed = [(b, a) for b, a in zip(before, after, strict=True) if b != a]
        assert len(changed) == 1, q
        b, a = changed[0]
        assert a[0] == b[0], q
        rest = iter(b)
        assert all(ch in rest for ch in a), q  # a subsequence of the token
        removed = Counter(b) - Counter(a)
        assert removed and set(removed) <= VOWELS, q
    for q in _queries(data, "word_order"):
        assert q.schema == "Person", q
        assert sorted(q.text.split()) == sorted(q.base.split()) and q.text != q.base, q
    for q in _queries(data, "exact"):
        assert q.text == q.base


def test_dates_render_and_parse_back_with_the_bench_reader(data: Dataset) -> None:
    day = date(1964, 7, 17)
    samples = {"iso": "1964-07-17", "iso_month_unpadded": "1964-7-17",
               "dmy_slash": "17/07/1964", "dmy_dot": "17.07.1964",
               "d_month_y": "17 July 1964", "month_d_y": "July 17, 1964",
               "d_mon_y_upper": "17-JUL-1964", "ymd_slash": "1964/07/17",
               "d_mon_y": "17 Jul 1964", "year": "1964"}
    for fmt, text in samples.items():
        assert dates.render(day, fmt) == text
    assert dates.render(date(1964, 7, 7), "iso_day_unpadded") == "1964-07-7"
    rng = random.Random(3)
    for _ in range(500):
        d = date(1900, 1, 1) + timedelta(days=rng.randrange(45000))
        for fmt in dates.FORMATS:
            assert dates.parse(dates.render(d, fmt)) == (d.year if fmt == "year" else d)
    with pytest.raises(ValueError):
        dates.parse("1964-07-32")
    dob = [q for q in data.queries if q.cls in DOB_CLASSES]
    assert {q.cls for q in dob} == set(DOB_CLASSES)
    for q in dob:
        assert q.birth_date and q.text == q.base
        born = date.fromisoformat(q.detail)
        assert dates.parse(q.birth_date) == (born.year if q.cls == "dob_year" else born), q
        assert q.target is not None and q.detail in load_records_by_id()[q.target].birth_dates


_BY_ID: dict[str, object] = {}


def load_records_by_id() -> dict[str, object]:
    if not _BY_ID:
        _BY_ID.update({r.id: r for r in load_records()})
    return _BY_ID  # type: ignore[return-value]


def test_queries_have_one_right_answer_family(data: Dataset) -> None:
    index = name_index(load_records())
    for q in data.queries:
        if q.target is None:
            continue
        assert q.target in q.expected
        assert q.base in load_records_by_id()[q.target].names  # type: ignore[attr-defined]
        assert not (index.get(key(q.text), frozenset()) - q.expected), q


def test_negatives_are_common_names_that_are_not_listed(data: Dataset) -> None:
    index = name_index(load_records())
    negatives = [q for q in data.queries if q.cls == "negative"]
    assert {q.split for q in negatives} == {"tune", "held"}
    listed = [set(k.split()) for k in index]
    for q in negatives:
        assert key(q.text) not in index and q.expected == frozenset()
        words = set(key(q.text).split())
        assert not any(words <= other for other in listed), q.text
    names, removed = common_names(index, 1718)
    assert removed == data.negatives_removed > 0
    assert len(names) > 2000
    kept = {(n, c) for n, c, _ in names}
    assert ("Ahmed Saleh", "arabic") not in kept  # SALEH, Ahmed Ali
    assert ("Li Fang Wei", "chinese") not in kept  # LI, Fangwei (OFAC ent_num 11447)
    assert ("Liu Fang Wei", "chinese") in kept     # LIU is not LI


def test_culture_rule_reads_the_record(shared_data: Path) -> None:
    assert reads_korean("KIM KWANG IL") and reads_korean("KOREA RYONBONG GENERAL CORPORATION")
    assert not reads_korean("WEIHAI HUIJIANG TRADE LIMITED")
    assert not reads_korean("Ashot MKRTYCHEV")
    records = load_records()
    cultures = {r.id: r.culture for r in records}
    assert cultures["un-KPi.016"] == "korean"  # JANG BOM SU, DPRK programme
    for r in records:
        nat = [n.lower() for n in r.entity.nationalities]
        if nat[:1] == ["kp"]:
            assert r.culture == "korean", r.id
        if nat[:1] == ["cn"] and not any(n.script for n in r.entity.names):
            assert r.culture == "han", r.id
        if nat[:1] == ["ru"] and not any(n.script for n in r.entity.names):
            assert r.culture == "cyrillic", r.id
        if r.id.startswith("un-TAi") and not r.entity.nationalities:
            assert r.culture == "arabic", r.id
        assert culture_of(r.entity) == r.culture
    assert set(Counter(cultures.values())) == {"korean", "arabic", "cyrillic", "han", "latin"}


def test_organisation_forms_are_what_their_label_says(data: Dataset) -> None:
    assert orgs.bracketed("SHAHID HEMMAT INDUSTRIAL GROUP (SHIG)") == ["SHIG"]
    assert orgs.bracketed("AL-HARAMAIN FOUNDATION (PAKISTAN)") == []
    assert orgs.initials("ATOMIC ENERGY ORGANIZATION OF IRAN") == "AEOI"
    assert orgs.glued(random.Random(1), "JSC ARGUMENT") == "JSCARGUMENT"
    for q in _queries(data, "acronym_bracketed"):
        assert f"({q.text})" in q.base or q.base.rstrip().endswith(q.text), q
    for q in _queries(data, "acronym_initials"):
        assert q.text == orgs.initials(q.base) and len(q.text) >= 3, q
    for q in _queries(data, "qualifier"):
        assert q.text.startswith(q.base) and len(q.text) > len(q.base), q
    for q in _queries(data, "possessive"):
        assert q.text.endswith(" " + q.base), q
    for q in _queries(data, "legal_glued"):
        spaces = [i for i, ch in enumerate(q.base) if ch == " "]
        assert any(q.base[:i] + q.base[i + 1:] == q.text for i in spaces), q
    for q in _queries(data, "parent_unit"):
        assert q.base in q.text and q.detail.upper() in q.text.upper(), q


_SCRIPT_NAMES = {"cyrillic": "CYRILLIC", "greek": "GREEK", "hebrew": "HEBREW",
                 "armenian": "ARMENIAN", "georgian": "GEORGIAN", "arabic": "ARABIC",
                 "hangul": "HANGUL", "katakana": "KATAKANA"}


def test_script_conversions_are_in_their_script(data: Dataset) -> None:
    for cls in SCRIPT_CLASSES:
        script = _SCRIPT_NAMES[cls.removeprefix("script_")]
        total = inside = 0
        for q in _queries(data, cls):
            assert q.schema in ("Person", "Organization"), q
            letters = [c for c in q.text if c.isalpha()]
            mine = sum(1 for c in letters if unicodedata.name(c, "").startswith(script))
            assert mine >= 0.5 * len(letters), q  # ICU leaves a few Latin letters (q, y)
            total, inside = total + len(letters), inside + mine
        assert inside >= 0.9 * total, cls
    labels = Counter(p.label for p in data.pairs)
    assert labels[1] > 0 and labels[0] > 0
    for p in data.pairs:
        if p.label == 0:
            assert key(p.latin) != key(next(q.base for q in data.queries
                                             if q.cls == p.cls and q.text == p.other))


def test_tuned_threshold_keeps_the_false_alert_budget() -> None:
    scores = [i / 1000 for i in range(1000)]
    t = tuned_threshold(scores, 0.002)
    assert sum(s >= t for s in scores) == 2
    assert tuned_threshold([1.0] * 10, 0.002) > 1.0


def test_write_docs_appends_its_section_and_keeps_the_others(tmp_path: Path) -> None:
    from bench.screening_recall.report import BEGIN, END, write_docs

    doc = tmp_path / "benchmarks.md"
    doc.write_text("# B\n\n<!-- section: lists -->\nkeep me\n<!-- end section: lists -->\n")
    write_docs(doc, "first")
    write_docs(doc, "second")
    text = doc.read_text()
    assert "keep me" in text and "second" in text and "first" not in text
    assert text.count(BEGIN) == 1 and text.count(END) == 1
