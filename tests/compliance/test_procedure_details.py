"""The details a user reads of keys, sessions and the exemption procedure: whom a key
authenticates as, why a session or a key is refused, each event of a request with its
date and note, which roles count as consignee, and month arithmetic across a year end
(IAN No. 7: six months from approval)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.compliance._requests import exemption_request as _request
from unsc.compliance import exemptions as ex
from unsc.compliance import keys, sessions
from unsc.compliance.exemptions import Exemption
from unsc.compliance.shipment import Shipment
from unsc.errors import AuthError, ConflictError, InvalidDateError


def test_a_key_authenticates_as_its_row() -> None:
    key, made = keys.create_key("analyst", "night shift")
    who = keys.authenticate(f"  {key} ")
    assert (who.key_id, who.role, who.prefix, who.label) == (made.id, "analyst", key[5:11],
                                                             "night shift")
    assert who.name == f"key:{key[5:11]} (night shift)"
    with pytest.raises(AuthError) as info:
        keys.authenticate("")
    assert info.value.message == "an API key is required (header 'Authorization: ApiKey KEY')"
    with pytest.raises(AuthError) as info:
        keys.authenticate(key + "x")
    assert info.value.message == "unknown or revoked API key"


def test_a_session_is_its_keys_principal_and_refusals_say_why() -> None:
    key, _ = keys.create_key("viewer", "desk")
    token, _ = sessions.open_session(keys.authenticate(key))
    assert sessions.session_principal(token) == keys.authenticate(key)
    with pytest.raises(AuthError) as info:
        sessions.session_principal("no-such-token")
    assert info.value.message == "unknown session; please log in again"
    gone, _ = sessions.open_session(keys.authenticate(key), seconds=-5)
    with pytest.raises(AuthError) as info:
        sessions.session_principal(gone)
    assert info.value.message == "session expired; please log in again"
    assert sessions.close_session(token, "tester") is True
    with pytest.raises(AuthError) as info:
        sessions.session_principal(token)
    assert info.value.message == "this session was logged out; please log in again"
    assert sessions.close_session(token, "tester") is False


def test_a_session_of_a_key_revoked_behind_its_back_is_refused() -> None:
    """Revoking through unsc also ends the sessions; a key row revoked any other way
    (the store edited) still ends them, because every request re-reads the key."""
    from sqlalchemy import update

    from unsc.store import connect
    from unsc.store.service_tables import api_keys

    key, made = keys.create_key("viewer", "edited")
    token, _ = sessions.open_session(keys.authenticate(key))
    with connect(write=True) as conn:
        conn.execute(update(api_keys).where(api_keys.c.id == made.id)
                     .values(revoked_at="2026-01-01T00:00:00+00:00"))
    with pytest.raises(AuthError) as info:
        sessions.session_principal(token)
    assert info.value.message == "the key of this session was revoked"


def test_each_event_of_a_request_keeps_its_date_and_note() -> None:
    rid = ex.submit(_request(), "2021-03-01")["id"]
    ex.hold(rid, "CHN", "2021-03-02", "end-user details")
    ex.lift_hold(rid, "CHN", "2021-03-04", "details received")
    ex.hold(rid, "USA", "2021-03-05")
    with pytest.raises(ConflictError) as info:
        ex.decide(rid, "2021-03-06")
    assert info.value.message == (f"request {rid} is on hold by USA; the Committee cannot "
                                  "decide")
    ex.lift_hold(rid, "USA", "2021-03-06")
    done = ex.decide(rid, "2021-03-06")  # the deadline day itself: the period has run
    assert [(e["on"], e["action"], e["member"], e["note"]) for e in done["events"]] == [
        ("2021-03-01", "submit", None, "member_state"),
        ("2021-03-02", "hold", "CHN", "end-user details"),
        ("2021-03-04", "lift_hold", "CHN", "details received"),
        ("2021-03-05", "hold", "USA", None),
        ("2021-03-06", "lift_hold", "USA", None),
        ("2021-03-06", "decide", None, "no objection: approved by consensus")]
    with pytest.raises(ConflictError) as info:
        ex.hold(rid, "RUS", "2021-03-07")
    assert info.value.message == (f"request {rid} is approved; only pending requests take "
                                  "holds or objections")


def test_refusals_of_the_procedure_are_worded_exactly() -> None:
    rid = ex.submit(_request(), "2021-03-01")["id"]
    with pytest.raises(ConflictError) as info:
        ex.lift_hold(rid, "USA", "2021-03-02")
    assert info.value.message == f"USA has no hold on request {rid} (holds: none)"
    ex.hold(rid, "CHN", "2021-03-02")
    ex.hold(rid, "GBR", "2021-03-02")
    with pytest.raises(ConflictError) as info:
        ex.lift_hold(rid, "USA", "2021-03-02")
    assert info.value.message == f"USA has no hold on request {rid} (holds: CHN, GBR)"
    with pytest.raises(ConflictError) as info:
        ex.decide(rid, "2021-03-09")
    assert info.value.message == (f"request {rid} is on hold by CHN, GBR; the Committee "
                                  "cannot decide")
    with pytest.raises(ConflictError) as info:
        ex.decide(ex.submit(_request(), "2021-03-01")["id"], "2021-03-05")
    assert info.value.message.endswith("runs until 2021-03-06")
    with pytest.raises(InvalidDateError) as info:
        ex.hold(rid, "USA", "2021-02-30")
    assert info.value.message.startswith("date '2021-02-30'")
    with pytest.raises(InvalidDateError) as info:
        ex.decide(rid, "2021-02-30")
    assert info.value.message.startswith("decision date '2021-02-30'")


def test_objections_are_named_in_the_rejection() -> None:
    rid = ex.submit(_request(), "2021-03-01")["id"]
    ex.object_to(rid, "RUS", "2021-03-02")
    ex.object_to(rid, "CHN", "2021-03-03")
    rejected = ex.decide(rid, "2021-03-04")  # an objection needs no waiting
    assert rejected["events"][-1]["note"] == "objection by CHN, RUS: no consensus"
    assert (rejected["status"], rejected["decided_on"]) == ("rejected", "2021-03-04")


def test_without_a_date_the_procedure_uses_today() -> None:
    rid = ex.submit(_request())["id"]
    held = ex.hold(rid, "FRA")
    assert held["events"][-1]["on"] == date.today().isoformat()
    assert held["submitted_on"] == date.today().isoformat()


def test_six_months_from_july_end_in_january() -> None:
    rid = ex.submit(_request(), "2021-07-08")["id"]
    assert ex.decide(rid, "2021-07-15")["valid_until"] == "2022-01-15"


@pytest.mark.parametrize(("role", "counts"), [
    ("consignee", True), ("Recipient", True), ("END_USER", True), ("shipper", False),
    (None, False)])
def test_who_counts_as_a_consignee(role: str | None, counts: bool) -> None:
    """A named party in one of these roles must be a recipient of the exemption."""
    exemption = Exemption(3, ({"hs_code": "841370"},), ("Hospital",), date(2019, 1, 1),
                          date(2019, 12, 31))
    shipment = Shipment.from_dict({"date": "2019-03-01", "direction": "to_dprk",
                                   "goods": [{"hs_code": "841370"}],
                                   "parties": [{"name": "Someone Else", "role": role}]})
    assert exemption.covers(shipment.goods[0], shipment) is (not counts)
