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
