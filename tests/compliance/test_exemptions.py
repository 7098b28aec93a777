"""Humanitarian exemption requests (IAN No. 7) and the no-objection procedure."""

from __future__ import annotations

from datetime import date

import pytest

from tests.compliance._requests import exemption_request as request
from unsc.compliance import exemptions as ex
from unsc.errors import ConflictError, InputError, NotFoundError, UnknownCodeError


def test_submit_sets_the_no_objection_deadline() -> None:
    rec = ex.submit(request(), "2021-03-01")
    assert rec["status"] == "pending" and rec["deadline"] == "2021-03-06"
    assert rec["items"][0]["hs_code"] == "841370"
    assert [e["action"] for e in rec["events"]] == ["submit"]


def test_deadline_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNSC_EXEMPTION_NO_OBJECTION_DAYS", "10")
    assert ex.submit(request(), "2021-03-01")["deadline"] == "2021-03-11"


def test_consensus_approval_with_six_month_validity() -> None:
    rid = ex.submit(request(), "2021-03-01")["id"]
    with pytest.raises(ConflictError, match="runs until 2021-03-06"):
        ex.decide(rid, "2021-03-04")
    rec = ex.decide(rid, "2021-03-08")
    assert rec["status"] == "approved"
    assert (rec["valid_from"], rec["valid_until"]) == ("2021-03-08", "2021-09-08")
    with pytest.raises(ConflictError, match="already approved"):
        ex.decide(rid, "2021-03-09")
    assert [r["id"] for r in ex.list_requests("approved")] == [rid]


def test_nine_months_needs_a_justification() -> None:
    with pytest.raises(InputError, match="justification"):
        ex.submit(request(duration_months=9))
    rec = ex.submit(request(duration_months=9, justification="pandemic transport delays"),
                    "2021-01-31")
    assert ex.decide(rec["id"], "2021-02-28")["valid_until"] == "2021-11-28"
    with pytest.raises(InputError, match="1 to 9 months"):
        ex.submit(request(duration_months=12, justification="x"))


def test_hold_blocks_the_decision_until_lifted() -> None:
    rid = ex.submit(request(), "2021-03-01")["id"]
    rec = ex.hold(rid, "chn", "2021-03-03", "needs end-user details")
    assert rec["holds"] == ["CHN"]
    with pytest.raises(ConflictError, match="on hold by CHN"):
        ex.decide(rid, "2021-03-10")
    with pytest.raises(ConflictError, match="USA has no hold"):
        ex.lift_hold(rid, "USA", "2021-03-11")
    with pytest.raises(ConflictError, match="already holds"):
        ex.hold(rid, "CHN", "2021-03-11")
    assert ex.lift_hold(rid, "CHN", "2021-03-12")["holds"] == []
    assert ex.decide(rid, "2021-03-12")["status"] == "approved"


def test_one_objection_breaks_consensus() -> None:
    rid = ex.submit(request(), "2021-03-01")["id"]
    ex.object_to(rid, "RUS", "2021-03-02", "dual-use concern")
    rec = ex.decide(rid, "2021-03-06")
    assert rec["status"] == "rejected" and rec["objections"] == ["RUS"]
    assert "no consensus" in rec["events"][-1]["note"]
    with pytest.raises(ConflictError, match="rejected"):
        ex.hold(rid, "USA", "2021-03-07")
    assert ex.approved_exemptions(date(2021, 4, 1)) == []


def test_channels_follow_ian_7() -> None:
    with pytest.raises(InputError, match="only UN agencies"):
        ex.submit(request(channel="direct"))
    with pytest.raises(InputError, match="via"):
        ex.submit(request(via=None))
    assert ex.submit(request(channel="resident_coordinator", via=None))["status"] == "pending"
    agency = request(submitter="UNICEF", submitter_type="un_agency", channel="direct", via=None)
    assert ex.submit(agency)["channel"] == "direct"


def test_every_problem_in_a_request_is_reported() -> None:
    bad = request(submitter="", channel="fax", items=[{"hs_code": "77", "quantity": 0},
                                                      {"hs_code": "3004", "quantity": -1}],
                  recipients=[])
    with pytest.raises(InputError) as info:
        ex.submit(bad)
    text = str(info.value)
    for word in ("submitter", "channel", "items[0]", "chapter 77", "items[1]", "recipients"):
        assert word in text, word
    assert ex.list_requests() == []  # nothing stored


def test_unknown_request_and_member() -> None:
    with pytest.raises(NotFoundError):
        ex.get_request(42)
    rid = ex.submit(request(), "2021-03-01")["id"]
    with pytest.raises(UnknownCodeError, match="alpha-3"):
        ex.hold(rid, "United States")


def test_a_decision_without_a_date_is_taken_today() -> None:
    """Submitted on 1 March 2019, the no-objection period is long over: deciding without a
    date approves the request today, and its validity starts today."""
    rid = ex.submit(request(), "2019-03-01")["id"]
    before = date.today().isoformat()
    done = ex.decide(rid)
    after = date.today().isoformat()
    assert done["status"] == "approved"
    assert done["decided_on"] in (before, after) and done["valid_from"] == done["decided_on"]
    assert done["events"][-1] == {"on": done["decided_on"], "action": "decide", "member": None,
                                  "note": "no objection: approved by consensus"}
