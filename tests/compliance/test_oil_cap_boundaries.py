"""The oil-cap ledger at its boundaries: thresholds and the cap *reached* (not only
exceeded), and the first and last day of each period.

Figures from the resolutions: S/RES/2397 (2017) OP5 caps refined products at 500,000
barrels for twelve months from 1 January 2018 (and each year after); OP4 caps crude at
4,000,000 barrels for twelve months from 22 December 2017; S/RES/2375 (2017) OP14 capped
refined products at 500,000 barrels for 1 October to 31 December 2017. Threshold events
follow the setting ``oil_cap_thresholds`` (default 0.75 / 0.90 / 0.95: at 95 % Member States
must cease supplies; the 75 % and 90 % notifications are UNVERIFIED, docs/settings.md).
Thresholds by hand on a
500,000 bbl cap: 75 % = 375,000; 90 % = 450,000; 95 % = 475,000.
"""

from __future__ import annotations

from datetime import date

import pytest

from unsc.compliance.oil_cap import Delivery, cap_report, period_bounds

NOTIFY = "Committee Secretary notifies Member States"
CEASE = "Member States must immediately cease supplies for the rest of the period"


def bbl(day: str, quantity: float, line: int, product: str = "refined",
        supplier: str = "A") -> Delivery:
    return Delivery(date.fromisoformat(day), supplier, product, quantity, "barrels", line)


def test_each_threshold_fires_on_the_delivery_that_reaches_it_exactly() -> None:
    rows = [bbl("2018-01-10", 374_999, 2), bbl("2018-02-10", 1, 3),   # 375,000 = 75 %
            bbl("2018-03-10", 75_000, 4),                             # 450,000 = 90 %
            bbl("2018-04-10", 24_999, 5), bbl("2018-05-10", 1, 6)]    # 475,000 = 95 %
    report = cap_report(rows, 2018)
    assert [(e["threshold"], e["line"], e["delivered"], e["action"])
            for e in report["threshold_events"]] == [
        (0.75, 3, 375_000, NOTIFY), (0.90, 4, 450_000, NOTIFY), (0.95, 6, 475_000, CEASE)]
    assert [e["percent"] for e in report["threshold_events"]] == [75.0, 90.0, 95.0]
    assert report["warnings"] == [] and report["exceeded"] is False
    assert report["remaining"] == 25_000


def test_one_barrel_short_of_a_threshold_fires_nothing() -> None:
    report = cap_report([bbl("2018-01-10", 374_999, 2)], 2018)
    assert report["threshold_events"] == []


def test_one_delivery_can_cross_several_thresholds() -> None:
    report = cap_report([bbl("2018-01-10", 480_000, 2)], 2018)
    assert [(e["threshold"], e["line"]) for e in report["threshold_events"]] == [
        (0.75, 2), (0.90, 2), (0.95, 2)]


def test_the_cap_reached_exactly_is_not_exceeded() -> None:
    """2397 OP5: "up to 500,000 barrels": delivering exactly the cap is allowed."""
    report = cap_report([bbl("2018-01-10", 300_000, 2), bbl("2018-06-10", 200_000, 3)], 2018)
    assert (report["delivered"], report["remaining"], report["over_by"]) == (500_000, 0, 0)
    assert report["exceeded"] is False and report["warnings"] == []
    proposed = cap_report([bbl("2018-01-10", 499_999, 2)], 2018,
                          proposed=bbl("2018-06-10", 1, 0))["proposed"]
    assert proposed["would_exceed"] is False and proposed["message"] == "within the cap"
    assert proposed["remaining_before"] == 1


def test_one_barrel_over_the_cap_is_a_warning_and_later_ones_too() -> None:
    rows = [bbl("2018-01-10", 500_000, 2), bbl("2018-06-10", 1, 3, supplier="B"),
            bbl("2018-07-10", 10, 4, supplier="C")]
    report = cap_report(rows, 2018)
    assert report["exceeded"] is True and report["over_by"] == 11
    first, second = report["warnings"]
    assert (first["line"], first["supplier"], first["delivered_before"]) == (3, "B", 500_000)
    assert first["message"] == "delivery would exceed the cap by 1 barrels"
    assert (second["line"], second["message"]) == (4, "delivery after the cap was exceeded")
    assert report["by_supplier"] == {"A": 500_000, "B": 1, "C": 10}
    over = cap_report([bbl("2018-01-10", 500_000, 2)], 2018,
                      proposed=bbl("2018-06-10", 1, 0))["proposed"]
    assert over["would_exceed"] is True and over["remaining_before"] == 0
    assert over["message"] == "would exceed the cap by 1 barrels"


@pytest.mark.parametrize(("product", "year", "first", "last"), [
    ("refined", 2017, "2017-10-01", "2017-12-31"),   # 2375 OP14
    ("refined", 2018, "2018-01-01", "2018-12-31"),   # 2397 OP5
    ("refined", 2023, "2023-01-01", "2023-12-31"),
    ("crude", 2018, "2017-12-22", "2018-12-21"),     # 2397 OP4
    ("crude", 2023, "2022-12-22", "2023-12-21"),
])
def test_the_first_and_last_day_of_a_period_count_and_the_days_around_do_not(
        product: str, year: int, first: str, last: str) -> None:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    assert period_bounds(product, year) == (start, end)
    rows = [bbl(first, 1, 2, product), bbl(last, 10, 3, product),
            bbl(date.fromordinal(start.toordinal() - 1).isoformat(), 100, 4, product),
            bbl(date.fromordinal(end.toordinal() + 1).isoformat(), 1000, 5, product)]
    report = cap_report(rows, year, product)
    assert (report["delivered"], report["deliveries"]) == (11, 2)
    assert report["period"] == {"label": year, "start": first, "end": last}


def test_caps_and_citations_per_period() -> None:
    assert cap_report([], 2017)["measure"]["citation"] == "S/RES/2375 (2017) OP14"
    refined = cap_report([], 2018)
    assert (refined["cap"], refined["measure"]["citation"]) == (500_000, "S/RES/2397 (2017) OP5")
    crude = cap_report([], 2018, "crude")
    assert (crude["cap"], crude["cap_tonnes"]) == (4_000_000, 525_000)
    assert crude["measure"]["citation"] == "S/RES/2397 (2017) OP4"


def test_tonnes_convert_with_the_factor_the_resolution_implies() -> None:
    """2397 OP4 pairs 4,000,000 barrels with 525,000 tonnes: 7.619 barrels a tonne (to 3
    places); 525,000 t of crude is therefore 3,999,975 bbl, just under the cap."""
    crude = Delivery(date(2018, 3, 1), "A", "crude", 525_000, "tonnes", 2)
    report = cap_report([crude], 2018, "crude")
    assert report["delivered"] == 3_999_975 and report["exceeded"] is False
    assert report["conversion"] == {"barrels_per_tonne": 7.619,
                                    "setting": "UNSC_BARRELS_PER_TONNE_CRUDE"}
    refined = Delivery(date(2018, 3, 1), "A", "refined", 62_500, "tonnes", 2)
    assert cap_report([refined], 2018)["delivered"] == 500_000  # 8.0 bbl/t, S/2022/431


def test_a_whole_report_with_fractions_of_a_barrel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every figure of one report, worked out by hand (refined, 2018, cap 500,000 bbl;
    tonnes at 8.0 bbl/t; figures rounded to 3 decimals):

    line 2, 1 Mar, A: 375,000.0004 bbl -> 375,000.0004 (75 % reached)
    line 3, 1 Apr, B: 9,375.00005 t = 75,000.0004 bbl -> 450,000.0008 (90 % reached)
    line 4, 1 May, A: 50,000 bbl -> 500,000.0008 (95 % reached; over the cap by 0.0008)
    line 5, 1 Jun, C: 1.2346 bbl -> 500,001.2354 (after the cap was exceeded)
    """
    monkeypatch.setenv("UNSC_OIL_CAP_THRESHOLDS", "0.75,0.90,0.95")
    rows = [bbl("2018-03-01", 375_000.0004, 2),
            Delivery(date(2018, 4, 1), "B", "refined", 9_375.00005, "tonnes", 3),
            bbl("2018-05-01", 50_000, 4), bbl("2018-06-01", 1.2346, 5, supplier="C")]
    proposed = Delivery(date(2018, 7, 1), "D", "refined", 0.0004, "barrels")
    assert cap_report(rows, 2018, proposed=proposed) == {
        "product": "refined",
        "period": {"label": 2018, "start": "2018-01-01", "end": "2018-12-31"},
        "cap": 500_000.0, "cap_tonnes": None, "unit": "barrels",  # OP5 names barrels only
        "delivered": 500_001.235, "remaining": 0.0, "exceeded": True, "over_by": 1.235,
        "threshold_events": [
            {"threshold": 0.75, "percent": 75.0, "date": "2018-03-01", "line": 2,
             "supplier": "A", "delivered": 375_000.0, "action": NOTIFY},
            {"threshold": 0.90, "percent": 90.0, "date": "2018-04-01", "line": 3,
             "supplier": "B", "delivered": 450_000.001, "action": NOTIFY},
            {"threshold": 0.95, "percent": 95.0, "date": "2018-05-01", "line": 4,
             "supplier": "A", "delivered": 500_000.001, "action": CEASE}],
        "warnings": [
            {"line": 4, "date": "2018-05-01", "supplier": "A", "quantity_barrels": 50_000.0,
             "delivered_before": 450_000.001, "cap": 500_000.0,
             "message": "delivery would exceed the cap by 0 barrels"},
            {"line": 5, "date": "2018-06-01", "supplier": "C", "quantity_barrels": 1.235,
             "delivered_before": 500_000.001, "cap": 500_000.0,
             "message": "delivery after the cap was exceeded"}],
        "measure": {"id": "2397-OP5-refined-cap", "citation": "S/RES/2397 (2017) OP5",
                    "what_if": None},
        "what_if": None, "deliveries": 4,
        "proposed": {"date": "2018-07-01", "supplier": "D", "quantity_barrels": 0.0,
                     "would_exceed": True, "remaining_before": 0.0,
                     "message": "would exceed the cap by 1 barrels"},
        "by_supplier": {"A": 425_000.0, "B": 75_000.0, "C": 1.235},
        "conversion": {"barrels_per_tonne": 8.0, "setting": "UNSC_BARRELS_PER_TONNE_REFINED"}}
    assert cap_report(rows, 2018)["proposed"] is None


def test_small_figures_keep_three_decimals(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNSC_OIL_CAP_THRESHOLDS", "0.33333")
    report = cap_report([bbl("2018-01-02", 166_665.0004, 2), bbl("2018-01-03", 0.0004, 3)],
                        2018, proposed=bbl("2018-02-01", 0.0012, 0))
    (event,) = report["threshold_events"]
    # 33.333 % of 500,000 = 166,665 bbl, reached by line 2 (166,665.0004)
    assert (event["percent"], event["line"], event["delivered"]) == (33.33, 2, 166_665.0)
    assert report["delivered"] == 166_665.001 and report["remaining"] == 333_334.999
    assert report["proposed"]["quantity_barrels"] == 0.001
    assert report["proposed"]["remaining_before"] == 333_334.999


def test_a_nothing_delivery_at_the_cap_is_no_warning() -> None:
    report = cap_report([bbl("2018-01-10", 500_000, 2), bbl("2018-02-10", 0, 3)], 2018)
    assert report["warnings"] == [] and report["exceeded"] is False


def test_out_of_order_rows_are_counted_in_date_order() -> None:
    rows = [bbl("2018-09-01", 100_000, 2), bbl("2018-02-01", 400_000, 3)]
    (first, second) = cap_report(rows, 2018)["threshold_events"][:2]
    assert (first["line"], first["date"], second["line"]) == (3, "2018-02-01", 2)


def test_periods_before_the_caps_are_refused_in_words() -> None:
    from unsc.errors import InputError

    with pytest.raises(InputError) as info:
        period_bounds("crude", 2017)
    assert info.value.message == ("crude periods start with 2018 (22 Dec 2017 - 21 Dec "
                                  "2018); 2375 OP15 set no published figure before it")
    with pytest.raises(InputError) as info:
        period_bounds("refined", 2016)
    assert info.value.message == "refined-product caps start with 2375 OP14 (1 Oct 2017)"
    with pytest.raises(InputError) as info:
        period_bounds("diesel", 2018)
    assert info.value.message == "product 'diesel': expected refined or crude"


def test_warnings_give_barrels_to_three_decimals() -> None:
    """Ledgers carry fractions of a barrel; warnings round them to three decimals, as the
    totals do. By hand: 499,000 + 1,234.56789 = 500,234.56789 (over by 234.57, shown as
    235); then 10.12345 more, after the cap was exceeded."""
    report = cap_report([bbl("2018-01-10", 499_000, 2), bbl("2018-02-10", 1_234.56789, 3),
                         bbl("2018-03-10", 10.12345, 4)], 2018)
    assert [(w["line"], w["quantity_barrels"], w["delivered_before"], w["message"])
            for w in report["warnings"]] == [
        (3, 1_234.568, 499_000, "delivery would exceed the cap by 235 barrels"),
        (4, 10.123, 500_234.568, "delivery after the cap was exceeded")]
