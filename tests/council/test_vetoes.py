"""Veto history: counts reproduce the shared file; quirks; recorded vetoes; the chart."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from unsc.council import service
from unsc.council.chart import vetoes_chart
from unsc.council.vetoes import counts, load_shipped_recent, parse_history
from unsc.errors import InputError, ListFormatError

NAME_TO_CODE = {"China": "CHN", "France": "FRA", "Russia": "RUS", "USSR": "SUN", "USA": "USA",
                "UK": "GBR"}


def history_file(shared_data: Path) -> Path:
    return shared_data / "vetoes" / "unsc_vetoes_1946_sept2022.csv"


def independent_member_counts(path: Path) -> Counter[str]:
    """Counted here from the CSV's member_veto1..3 columns, without the code under test."""
    tally: Counter[str] = Counter()
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for col in ("member_veto1", "member_veto2", "member_veto3"):
                if row[col].strip():
                    tally[NAME_TO_CODE[row[col].strip()]] += 1
    return tally


def test_counts_per_permanent_member_reproduce_the_file(shared_data: Path) -> None:
    path = history_file(shared_data)
    vetoes = parse_history(path)
    assert len(vetoes) == 214
    assert dict(counts(vetoes, "member")) == dict(independent_member_counts(path))


def test_the_dummy_columns_undercount(shared_data: Path) -> None:
    """Why member_veto1..3 wins: the 0/1 columns miss France's Namibia triple vetoes."""
    with history_file(shared_data).open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    dummy_france = sum(int(r["France"]) for r in rows)
    named_france = independent_member_counts(history_file(shared_data))["FRA"]
    assert dummy_france < named_france
    assert dict(counts(parse_history(history_file(shared_data)), "member"))["FRA"] == named_france


def test_quirks_are_normalised(shared_data: Path) -> None:
    vetoes = parse_history(history_file(shared_data))
    first = vetoes[0]
    assert first.draft is None and first.meeting == "S/PV.23"  # meeting symbol in draft column
    multi = [v for v in vetoes if v.meeting and "S/2020/661" in v.meeting]
    assert multi and "\n" not in multi[0].meeting  # type: ignore[operator]
    dprk = [v for v in vetoes if v.draft == "S/2022/431"]
    assert len(dprk) == 1 and dprk[0].members == ("CHN", "RUS")


def test_topic_and_decade_counts(shared_data: Path) -> None:
    vetoes = parse_history(history_file(shared_data))
    by_topic = dict(counts(vetoes, "topic"))
    with history_file(shared_data).open(newline="", encoding="utf-8") as fh:
        expected = Counter(r["crisis_topic"] for r in csv.DictReader(fh))
    assert by_topic == dict(expected)
    decades = counts(vetoes, "decade")
    assert [k for k, _ in decades] == sorted(k for k, _ in decades)
    assert sum(n for _, n in decades) == 214
    with pytest.raises(InputError, match="member, topic or decade"):
        counts(vetoes, "colour")


def test_shipped_recent_vetoes_are_after_the_file_and_flagged() -> None:
    recent = load_shipped_recent()
    assert min(v.date.isoformat() for v in recent) > "2022-07-08"
    assert all(v.source for v in recent)
    assert all(v.verified for v in recent if "unverified" not in v.source.lower())
    assert {m for v in recent for m in v.members} <= {"CHN", "FRA", "GBR", "RUS", "USA"}


def test_every_recent_source_is_a_document_symbol_or_url() -> None:
    """Issue 14: a source is something a reader can open, never a search-result number."""
    from unsc.regime.registry import is_citable

    for v in load_shipped_recent():
        assert is_citable(v.source), (v.date, v.source)
        assert "find_string" not in v.source and "third-party list (" not in v.source


def test_the_two_vetoes_of_amendments_on_24_february_2025() -> None:
    recent = load_shipped_recent()
    day = [v for v in recent if v.date.isoformat() == "2025-02-24"]
    assert len(day) == 2 and all(v.members == ("RUS",) for v in day)
    assert all("amendment" in v.agenda.lower() and "2774 (2025)" in v.agenda for v in day)
    assert all(v.verified and "ga12677" in v.source for v in day)
    dec = next(v for v in recent if v.date.isoformat() == "2023-12-22")
    assert dec.members == ("USA",) and dec.verified and "sc15546" in dec.source
    # two records, so counted as two Russian vetoes
    assert dict(counts(day, "member")) == {"RUS": 2}


def test_recorded_veto_is_counted_once(shared_data: Path) -> None:
    path = history_file(shared_data)
    before = service.veto_counts("member", path=path)
    service.record_veto("2026-01-15", "FRA", "Test topic", "test source", draft="S/2026/1")
    service.record_veto("2022-09-30", "RUS", "Ukraine", "dup of shipped", draft="S/2022/720")
    after = service.veto_counts("member", path=path)
    assert after["vetoes"] == before["vetoes"] + 1
    fra = {r["key"]: r["count"] for r in after["counts"]}["FRA"]
    assert fra == {r["key"]: r["count"] for r in before["counts"]}["FRA"] + 1
    with pytest.raises(InputError, match="permanent members"):
        service.record_veto("2026-01-15", "DEU", "x", "y")


def test_broken_history_reports_every_problem(tmp_path: Path, shared_data: Path) -> None:
    text = history_file(shared_data).read_text(encoding="utf-8").splitlines(keepends=True)
    bad = tmp_path / "bad.csv"
    bad.write_text(text[0] + text[1].replace("2/16/1946", "16.2.1946")
                   + text[2].replace(",USSR,", ",Atlantis,"), encoding="utf-8")
    with pytest.raises(ListFormatError) as info:
        parse_history(bad)
    assert len(info.value.problems) == 2
    assert {p.field for p in info.value.problems} == {"date", "member_veto"}


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_chart_is_written(tmp_path: Path, shared_data: Path, suffix: str) -> None:
    vetoes = parse_history(history_file(shared_data))
    out = vetoes_chart(vetoes, tmp_path / f"vetoes{suffix}")
    data = out.read_bytes()
    if suffix == ".png":
        assert data.startswith(b"\x89PNG") and len(data) > 20_000
    else:
        text = data.decode("utf-8")
        assert "<svg" in text and "USSR (90)" in text and "Year" in text
    with pytest.raises(InputError, match=r"\.png or \.svg"):
        vetoes_chart(vetoes, tmp_path / "chart.pdf")
