"""The oil-cap ledger: periods, conversion, thresholds, warnings, what-if caps, bad rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from unsc.compliance.oil_cap import (
    Delivery,
    _cap_measure,
    cap_report,
    ledger_report,
    period_bounds,
    read_ledger,
)
from unsc.errors import InputError, ListFormatError, NotFoundError

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "ledger.csv"
HEADER = "date,supplier,product,quantity,unit\n"


def ledger(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "ledger.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_period_labels() -> None:
    assert period_bounds("refined", 2018) == (date(2018, 1, 1), date(2018, 12, 31))
    assert period_bounds("refined", 2017) == (date(2017, 10, 1), date(2017, 12, 31))
    assert period_bounds("crude", 2018) == (date(2017, 12, 22), date(2018, 12, 21))
    with pytest.raises(InputError, match="2018"):
        period_bounds("crude", 2017)
    with pytest.raises(InputError, match="refined or crude"):
        period_bounds("diesel", 2018)


def test_refined_deliveries_over_the_cap(tmp_path: Path) -> None:
    path = ledger(tmp_path, "2018-01-10,A,refined,300000,barrels\n"
                            "2018-05-01,B,refined,25000,tonnes\n"
                            "2018-09-01,A,refined,30000,bbl\n")
    report = ledger_report(path, 2018)
    assert report["cap"] == 500000 and report["unit"] == "barrels"
    # by hand: 300,000 bbl + 25,000 t x 8.0 bbl/t (S/2022/431's ratio) + 30,000 bbl
    assert report["delivered"] == 530000
    assert report["exceeded"] is True and report["remaining"] == 0
    assert report["over_by"] == 30000
    assert report["measure"]["citation"] == "S/RES/2397 (2017) OP5"
    (warning,) = report["warnings"]
    assert warning["line"] == 4 and "exceed the cap by 30,000" in warning["message"]
    assert [e["percent"] for e in report["threshold_events"]] == [75.0, 90.0, 95.0]
    assert report["threshold_events"][0]["line"] == 3
    assert "cease" in report["threshold_events"][2]["action"]


def test_conversion_follows_the_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = ledger(tmp_path, "2019-01-10,A,crude,100000,tonnes\n")
    assert ledger_report(path, 2019, "crude")["delivered"] == pytest.approx(761900)
    monkeypatch.setenv("UNSC_BARRELS_PER_TONNE_CRUDE", "7.33")
    report = ledger_report(path, 2019, "crude")
    assert report["delivered"] == pytest.approx(733000)
    assert report["conversion"]["barrels_per_tonne"] == 7.33


def test_thresholds_are_a_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNSC_OIL_CAP_THRESHOLDS", "0.5")
    path = ledger(tmp_path, "2020-02-01,A,refined,260000,barrels\n")
    assert [e["percent"] for e in ledger_report(path, 2020)["threshold_events"]] == [50.0]


def test_crude_period_starts_on_22_december(tmp_path: Path) -> None:
    path = ledger(tmp_path, "2018-12-21,A,crude,100,barrels\n2018-12-22,A,crude,7,barrels\n"
                            "2017-12-22,A,crude,1000,barrels\n2017-12-21,A,crude,5,barrels\n")
    assert ledger_report(path, 2018, "crude")["delivered"] == 1100
    assert ledger_report(path, 2019, "crude")["delivered"] == 7


def test_caps_differ_under_the_what_if() -> None:
    real = ledger_report(EXAMPLE, 2022)
    hypo = ledger_report(EXAMPLE, 2022, what_if="S/2022/431")
    assert (real["cap"], hypo["cap"]) == (500000, 375000)
    assert real["exceeded"] is False and hypo["exceeded"] is True
    assert hypo["measure"]["id"] == "S/2022/431-refined-cap"
    assert hypo["cap_tonnes"] == 46875
    crude = ledger_report(EXAMPLE, 2022, "crude", "S/2022/431")
    assert crude["cap"] == 3000000 and crude["cap_tonnes"] == 393750
    # before the draft's vote (period 2021 ends 31 Dec 2021) nothing changes
    assert ledger_report(EXAMPLE, 2021, what_if="S/2022/431")["cap"] == 500000


def test_2017_quarter_uses_the_2375_cap() -> None:
    report = cap_report([], 2017)
    assert report["measure"]["id"] == "2375-OP14-refined-cap-2017"
    assert report["cap"] == 500000 and report["delivered"] == 0


def test_every_bad_row_is_reported_with_its_line(tmp_path: Path) -> None:
    path = ledger(tmp_path, "2018-01-10,A,refined,10,barrels\n"
                            "2018-02-30,A,refined,10,barrels\n"
                            "2018-03-01,,diesel,-5,gallons\n"
                            "2018-04-01,A\n")
    with pytest.raises(ListFormatError) as info:
        read_ledger(path)
    where = {(p.record, p.field) for p in info.value.problems}
    assert where == {("line 3", "date"), ("line 4", "supplier"), ("line 4", "product"),
                     ("line 4", "quantity"), ("line 4", "unit"), ("line 5", None)}
    assert "line 3" in str(info.value)


def test_bad_header_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("when,who,what\n")
    with pytest.raises(ListFormatError, match="header"):
        read_ledger(bad)
    with pytest.raises(InputError, match="cannot read"):
        read_ledger(tmp_path / "missing.csv")


def test_no_cap_before_2375() -> None:
    with pytest.raises(InputError, match="2375 OP14"):
        cap_report([], 2016, "refined")


def test_a_proposed_delivery_that_would_exceed_the_cap_is_flagged() -> None:
    done = read_ledger(EXAMPLE)
    small = Delivery(date(2022, 12, 1), "Supplier State C", "refined", 10000, "barrels")
    big = Delivery(date(2022, 12, 1), "Supplier State C", "refined", 6000, "tonnes")
    assert cap_report(done, 2022, proposed=small)["proposed"]["would_exceed"] is False
    report = cap_report(done, 2022, proposed=big)
    assert report["proposed"]["would_exceed"] is True
    assert report["proposed"]["message"] == "would exceed the cap by 8,000 barrels"
    assert report["delivered"] == 460000  # not added to the totals
    hypo = cap_report(done, 2022, what_if="S/2022/431", proposed=small)
    assert hypo["proposed"]["would_exceed"] is True


def test_a_period_under_a_cap_without_a_figure_has_no_numeric_cap() -> None:
    """2375 OP15 (11 September 2017) capped crude at the amount of the previous twelve
    months, a figure never published: on 1 October 2017 no numeric crude cap is in force
    (``period_bounds`` refuses such periods before this is reached)."""
    with pytest.raises(NotFoundError) as caught:
        _cap_measure("crude", date(2017, 10, 1), None)
    assert caught.value.message == "no numeric crude cap in force on 2017-10-01"
