"""Boundaries of time and goods in the shipment check: the day a resolution takes effect,
an exemption's first and last valid day, and HS prefixes at chapter, heading and line.

Adoption dates (press.un.org): S/RES/2270 on 2 March 2016, S/RES/2321 on 30 November 2016,
S/RES/2371 on 5 August 2017, S/RES/2397 on 22 December 2017. Each takes effect on the day
it is adopted and the measure it supersedes ends the day before. IAN No. 7: an approved
humanitarian exemption is valid for six months from approval (setting
``exemption_validity_months``).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from unsc.compliance import exemptions
from unsc.compliance.exemptions import Exemption
from unsc.compliance.shipment import Good, Party, Shipment, Verdict, check_shipment
from unsc.regime.model import Direction

ROOT = Path(__file__).resolve().parents[2]


def check(day: str, direction: str, hs: str, desc: str = "", **kw: Any) -> Verdict:
    shipment = Shipment.from_dict({"date": day, "direction": direction,
                                   "goods": [{"hs_code": hs, "description": desc}],
                                   "parties": kw.pop("parties", [])})
    return check_shipment(shipment, exemptions=kw.pop("exemptions", []), **kw)


def ids(verdict: Verdict) -> list[str]:
    return [t.measure.id for t in verdict.triggers]


@pytest.mark.parametrize(("day", "verdict", "measures"), [
    ("2016-03-01", "permitted", []),
    ("2016-03-02", "prohibited", ["2270-OP29-coal"]),                     # 2270 OP29
    ("2016-11-29", "prohibited", ["2270-OP29-coal"]),
    ("2016-11-30", "permitted_with_reporting", ["2321-OP26-coal-cap"]),   # 2321 OP26
    ("2017-08-04", "permitted_with_reporting", ["2321-OP26-coal-cap"]),
    ("2017-08-05", "prohibited", ["2371-OP8-coal-iron"]),                 # 2371 OP8
])
def test_coal_exports_change_on_the_adoption_day(day: str, verdict: str,
                                                 measures: list[str]) -> None:
    result = check(day, "from_dprk", "2701", "anthracite")
    assert (result.verdict, ids(result)) == (verdict, measures)


@pytest.mark.parametrize(("day", "verdict"), [("2017-12-21", "permitted"),
                                              ("2017-12-22", "prohibited")])
def test_2397_bans_start_on_22_december_2017(day: str, verdict: str) -> None:
    """2397 OP7 (machinery to the DPRK) and OP6 (vessels, HS 89, from the DPRK)."""
    machinery = check(day, "to_dprk", "8429", "bulldozers")
    vessels = check(day, "from_dprk", "8901")
    assert (machinery.verdict, vessels.verdict) == (verdict, verdict)
    if verdict == "prohibited":
        assert ids(machinery) == ["2397-OP7-import-ban"]
        assert ids(vessels) == ["2397-OP6-export-ban"]


@pytest.mark.parametrize(("hs", "broader"), [("89", False), ("8901", False),
                                             ("890110", False), ("8901100000", False)])
def test_hs_89_covers_the_chapter_and_every_line_in_it(hs: str, broader: bool) -> None:
    """2397 OP6 names HS 89 itself (read in the text: hs_verified)."""
    result = check("2018-03-01", "from_dprk", hs)
    trig = next(t for t in result.triggers if t.measure.id == "2397-OP6-export-ban")
    assert trig.hs_verified is True and result.verdict == "prohibited"
    assert ("broader" in trig.reason) is broader
    assert f"HS {hs} falls under HS 89" in trig.reason


@pytest.mark.parametrize("hs", ["88", "8801", "9001"])
def test_codes_next_to_chapter_89_are_not_vessels(hs: str) -> None:
    result = check("2018-03-01", "from_dprk", hs)
    assert "2397-OP6-export-ban" not in ids(result)


def test_a_chapter_wider_than_a_banned_heading_is_prohibited_as_broader() -> None:
    """Chapter 27 holds heading 2701 (coal, banned by 2371 OP8): it cannot be cleared."""
    result = check("2018-03-01", "from_dprk", "27")
    trig = next(t for t in result.triggers if t.measure.id == "2371-OP8-coal-iron")
    assert "declared HS 27 is broader than the covered HS 2701" in trig.reason
    assert check("2018-03-01", "from_dprk", "2702", "lignite").verdict == "permitted"


def _exemption(valid_from: str, valid_until: str, hs: str = "841370",
               recipients: tuple[str, ...] = ("County People's Hospital",)) -> Exemption:
    return Exemption(7, ({"hs_code": hs, "description": "pumps", "quantity": 1, "unit": "u"},),
                     recipients, date.fromisoformat(valid_from), date.fromisoformat(valid_until))


def _pumps(day: str, hs: str = "8413.70", consignee: str | None = None) -> Shipment:
    parties = [{"name": consignee, "role": "consignee"}] if consignee else []
    return Shipment.from_dict({"date": day, "direction": "to_dprk", "parties": parties,
                               "goods": [{"hs_code": hs, "description": "water pumps"}]})


@pytest.mark.parametrize(("day", "covered"), [
    ("2019-01-06", False), ("2019-01-07", True), ("2019-07-07", True), ("2019-07-08", False)])
def test_an_exemption_is_valid_on_its_first_and_last_day_only(day: str, covered: bool) -> None:
    exemption = _exemption("2019-01-07", "2019-07-07")
    shipment = _pumps(day)
    assert exemption.covers(shipment.goods[0], shipment) is covered
    verdict = check_shipment(shipment, exemptions=[exemption])
    assert verdict.verdict == ("permitted_under_exemption" if covered else "prohibited")
    assert verdict.exemptions == ((exemption.label,) if covered else ())


def test_an_exemption_covers_narrower_codes_not_wider_ones() -> None:
    """An exemption for HS 8413.70 covers 8413.70.10 but not the whole heading 8413."""
    exemption = _exemption("2019-01-07", "2019-07-07")
    narrow, wide = _pumps("2019-03-01", "8413.70.10"), _pumps("2019-03-01", "8413")
    assert exemption.covers(narrow.goods[0], narrow)
    assert not exemption.covers(wide.goods[0], wide)
    other = _pumps("2019-03-01", "8413.81")
    assert not exemption.covers(other.goods[0], other)


def test_an_exemption_covers_only_its_recipients_as_consignees() -> None:
    exemption = _exemption("2019-01-07", "2019-07-07")
    for name, covered in (("county people's hospital", True), ("County Hospital", False),
                          (None, True)):
        shipment = _pumps("2019-03-01", consignee=name)
        assert exemption.covers(shipment.goods[0], shipment) is covered, name
    shipper_only = Shipment(date(2019, 3, 1), Direction.TO_DPRK, (Good("841370"),),
                            (Party("Somebody Else", "shipper"),))
    assert exemption.covers(shipper_only.goods[0], shipper_only)


def test_a_stored_approval_is_valid_six_months_to_the_day() -> None:
    """Approved on 7 January 2019 (IAN No. 7, six months): valid 7 Jan to 7 Jul 2019."""
    request = json.loads((ROOT / "docs/examples/exemption_request.json").read_text())
    rid = exemptions.submit(request, "2019-01-01")["id"]
    done = exemptions.decide(rid, "2019-01-07")
    assert (done["valid_from"], done["valid_until"]) == ("2019-01-07", "2019-07-07")
    for day, count in (("2019-01-06", 0), ("2019-01-07", 1), ("2019-07-07", 1),
                       ("2019-07-08", 0)):
        assert len(exemptions.approved_exemptions(date.fromisoformat(day))) == count, day
    assert check_shipment(_pumps("2019-07-07")).verdict == "permitted_under_exemption"
    assert check_shipment(_pumps("2019-07-08")).verdict == "prohibited"


def test_validity_runs_to_the_same_day_or_the_months_last_day() -> None:
    """Six months from 31 August end on 28 February (no 31 February); from 29 February
    2020 nine months end on 29 November 2020."""
    request = json.loads((ROOT / "docs/examples/exemption_request.json").read_text())
    rid = exemptions.submit(request, "2018-08-20")["id"]
    assert exemptions.decide(rid, "2018-08-31")["valid_until"] == "2019-02-28"
    nine = dict(request, duration_months=9, justification="harvest season transport")
    rid = exemptions.submit(nine, "2020-02-20")["id"]
    assert exemptions.decide(rid, "2020-02-29")["valid_until"] == "2020-11-29"
    rid = exemptions.submit(request, "2020-06-25")["id"]
    assert exemptions.decide(rid, "2020-06-30")["valid_until"] == "2020-12-30"
