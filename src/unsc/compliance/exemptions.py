"""Humanitarian exemption requests and the 1718 Committee's no-objection procedure.

Requests follow Implementation Assistance Notice No. 7 (2397 OP25; updated 30 Nov 2020 and
2 Jun 2023): who submits and through which channel, the nature of the aid, recipients and
how they were selected, items with HS codes and quantities, and the duration. The Committee
decides by consensus of its fifteen members: a request is approved when its no-objection
period has run with no hold outstanding and no objection; a hold suspends the decision
until the member lifts it; one objection rejects it. Approved exemptions are valid for six
months, nine with a well-founded justification (settings). The length of the no-objection
period is UNVERIFIED and a setting.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from unsc import settings
from unsc.dates import parse_date
from unsc.errors import ConflictError, InputError, NotFoundError, Problem, UnknownCodeError
from unsc.regime.hs import normalise_hs
from unsc.store import connect, serialise
from unsc.store import regime_tables as repo

__all__ = [
    "CHANNELS",
    "SUBMITTER_TYPES",
    "Exemption",
    "approved_exemptions",
    "categories",
    "decide",
    "get_request",
    "hold",
    "lift_hold",
    "list_requests",
    "object_to",
    "submit",
    "validate_request",
]

CHANNELS = ("member_state", "resident_coordinator", "committee_secretary", "direct")
SUBMITTER_TYPES = ("member_state", "un_agency", "icrc", "ifrc", "ioc",
                   "international_org", "ngo")
_DIRECT = {"un_agency", "icrc", "ifrc", "ioc"}


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def validate_request(data: Any, source: str = "request") -> dict[str, Any]:
    """A request as the store keeps it; every problem is reported at once.

    Channel rules (IAN No. 7): UN agencies, the ICRC, the IFRC and the IOC may submit
    directly; other international organisations and NGOs go through a Member State (named
    in ``via``), failing that the UN Resident Coordinator, failing that the Committee
    Secretary; a Member State submits for itself.
    """
    if not isinstance(data, dict):
        raise InputError(f"{source}: expected a JSON object")
    problems: list[Problem] = []

    def need(fld: str) -> str:
        value = str(data.get(fld) or "").strip()
        if not value:
            problems.append(Problem(source, None, fld, "missing"))
        return value

    submitter, nature = need("submitter"), need("nature")
    stype, channel = need("submitter_type"), need("channel")
    if stype and stype not in SUBMITTER_TYPES:
        problems.append(Problem(source, None, "submitter_type",
                                f"{stype!r}: expected one of {', '.join(SUBMITTER_TYPES)}"))
    if channel and channel not in CHANNELS:
        problems.append(Problem(source, None, "channel",
                                f"{channel!r}: expected one of {', '.join(CHANNELS)}"))
    if channel == "direct" and stype in ("international_org", "ngo"):
        problems.append(Problem(source, None, "channel", "only UN agencies, the ICRC, the IFRC "
                                "and the IOC submit directly; NGOs and other organisations go "
                                "through a Member State, the Resident Coordinator or the "
                                "Committee Secretary (IAN No. 7)"))
    if stype == "member_state" and channel not in ("member_state", ""):
        problems.append(Problem(source, None, "channel", "a Member State submits as "
                                "member_state"))
    if channel == "member_state" and stype != "member_state" and not data.get("via"):
        problems.append(Problem(source, None, "via", "name the Member State forwarding it"))
    items = []
    for n, raw in enumerate(data.get("items") or []):
        if not isinstance(raw, dict):
            problems.append(Problem(source, f"items[{n}]", None, "expected an object"))
            continue
        try:
            code = normalise_hs(raw.get("hs_code"), f"{source}: items[{n}].hs_code")
        except UnknownCodeError as exc:
            problems.append(Problem(source, f"items[{n}]", "hs_code", exc.message))
            continue
        qty = raw.get("quantity")
        if isinstance(qty, bool) or not isinstance(qty, int | float) or qty <= 0:
            problems.append(Problem(source, f"items[{n}]", "quantity",
                                    f"{qty!r} is not a positive number"))
        items.append({"hs_code": code, "description": str(raw.get("description") or ""),
                      "quantity": qty, "unit": raw.get("unit")})
    if not items and not any(p.record and p.record.startswith("items") for p in problems):
        problems.append(Problem(source, None, "items", "list at least one item"))
    recipients = [str(r).strip() for r in data.get("recipients") or [] if str(r).strip()]
    if not recipients:
        problems.append(Problem(source, None, "recipients", "list at least one recipient"))
    justification = str(data.get("justification") or "").strip() or None
    longest = int(settings.get("exemption_extended_validity_months"))
    default = int(settings.get("exemption_validity_months"))
    duration = data.get("duration_months", default)
    if isinstance(duration, bool) or not isinstance(duration, int) or not 1 <= duration <= longest:
        problems.append(Problem(source, None, "duration_months",
                                f"{duration!r}: expected 1 to {longest} months"))
    elif duration > default and not justification:
        problems.append(Problem(source, None, "justification", f"more than {default} months "
                                "needs a well-founded justification (IAN No. 7)"))
    if problems:
        raise InputError(f"{source} is invalid:\n" + "\n".join(f"  - {p}" for p in problems))
    return {"regime": "1718", "submitter": submitter, "submitter_type": stype,
            "channel": channel, "via": data.get("via"), "nature": nature, "items": items,
            "recipients": recipients, "selection_criteria": data.get("selection_criteria"),
            "duration_months": duration, "justification": justification}


def _member(code: str) -> str:
    text = (code or "").strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", text):
        raise UnknownCodeError(f"Committee member {code!r}: expected an ISO 3166 alpha-3 "
                               "code such as USA or CHN")
    return text


def _load(conn: Any, request_id: int) -> dict[str, Any]:
    row = repo.get_request(conn, request_id)
    if row is None:
        raise NotFoundError(f"no exemption request {request_id}")
    return row


def _view(conn: Any, row: dict[str, Any]) -> dict[str, Any]:
    events = repo.list_events(conn, row["id"])
    holds = _active_holds(events)
    return {**{k: v.isoformat() if isinstance(v, date) else v for k, v in row.items()},
            "holds": sorted(holds), "objections": sorted(
                {e["member"] for e in events if e["action"] == "object"}),
            "events": [{"on": e["day"].isoformat(), "action": e["action"],
                        "member": e["member"], "note": e["note"]} for e in events]}


def _active_holds(events: list[dict[str, Any]]) -> set[str]:
    holds: set[str] = set()
    for event in events:
        if event["action"] == "hold":
            holds.add(event["member"])
        elif event["action"] == "lift_hold":
            holds.discard(event["member"])
    return holds


def submit(data: Any, on: date | str | None = None) -> dict[str, Any]:
    """Record a request; its no-objection period starts on ``on`` (default today)."""
    values = validate_request(data)
    day = parse_date(on, "submission date", default=date.today())
    values.update(submitted_on=day, status="pending", deadline=day + timedelta(
        days=int(settings.get("exemption_no_objection_days"))))
    with connect(write=True) as conn:
        request_id = repo.insert_request(conn, values)
        repo.add_event(conn, request_id, day, "submit", note=values["channel"])
        return _view(conn, _load(conn, request_id))


def _pending_event(request_id: int, member: str, on: date | str | None, action: str,
                   note: str | None) -> dict[str, Any]:
    code = _member(member)
    day = parse_date(on, "date", default=date.today())
    with connect(write=True) as conn:
        serialise(conn, f"unsc.exemptions.{request_id}")
        row = _load(conn, request_id)
        if row["status"] != "pending":
            raise ConflictError(f"request {request_id} is {row['status']}; only pending "
                                "requests take holds or objections")
        holds = _active_holds(repo.list_events(conn, request_id))
        if action == "lift_hold" and code not in holds:
            raise ConflictError(f"{code} has no hold on request {request_id} "
                                f"(holds: {', '.join(sorted(holds)) or 'none'})")
        if action == "hold" and code in holds:
            raise ConflictError(f"{code} already holds request {request_id}")
        repo.add_event(conn, request_id, day, action, code, note)
        return _view(conn, _load(conn, request_id))


def hold(request_id: int, member: str, on: date | str | None = None,
         note: str | None = None) -> dict[str, Any]:
    """A member places a hold: no decision until it is lifted."""
    return _pending_event(request_id, member, on, "hold", note)


def lift_hold(request_id: int, member: str, on: date | str | None = None,
              note: str | None = None) -> dict[str, Any]:
    """The member that placed a hold lifts it."""
    return _pending_event(request_id, member, on, "lift_hold", note)


def object_to(request_id: int, member: str, on: date | str | None = None,
              note: str | None = None) -> dict[str, Any]:
    """A member objects: consensus is impossible and the request will be rejected."""
    return _pending_event(request_id, member, on, "object", note)


def decide(request_id: int, on: date | str | None = None) -> dict[str, Any]:
    """Close the no-objection procedure on ``on``: approve, reject, or refuse to decide yet."""
    day = parse_date(on, "decision date", default=date.today())
    with connect(write=True) as conn:
        # One decision per request even with two deciders at once (PostgreSQL would let
        # both read "pending"; SQLite writers are serialised already).
        serialise(conn, f"unsc.exemptions.{request_id}")
        row = _load(conn, request_id)
        if row["status"] != "pending":
            raise ConflictError(f"request {request_id} was already {row['status']}")
        events = repo.list_events(conn, request_id)
        objections = sorted({e["member"] for e in events if e["action"] == "object"})
        holds = _active_holds(events)
        if objections:
            values: dict[str, Any] = {"status": "rejected", "decided_on": day}
            note = "objection by " + ", ".join(objections) + ": no consensus"
        elif holds:
            raise ConflictError(f"request {request_id} is on hold by "
                                f"{', '.join(sorted(holds))}; the Committee cannot decide")
        elif day < row["deadline"]:
            raise ConflictError(f"the no-objection period of request {request_id} runs until "
                                f"{row['deadline'].isoformat()}")
        else:
            values = {"status": "approved", "decided_on": day, "valid_from": day,
                      "valid_until": _add_months(day, int(row["duration_months"]))}
            note = "no objection: approved by consensus"
        repo.update_request(conn, request_id, values)
        repo.add_event(conn, request_id, day, "decide", note=note)
        return _view(conn, _load(conn, request_id))


def get_request(request_id: int) -> dict[str, Any]:
    with connect() as conn:
        return _view(conn, _load(conn, request_id))


def list_requests(status: str | None = None) -> list[dict[str, Any]]:
    with connect() as conn:
        return [_view(conn, r) for r in repo.list_requests(conn, status)]


@dataclass(frozen=True)
class Exemption:
    """An approved exemption, as the shipment check uses it."""

    id: int
    items: tuple[dict[str, Any], ...]
    recipients: tuple[str, ...]
    valid_from: date
    valid_until: date

    @property
    def label(self) -> str:
        return (f"1718 Committee exemption {self.id} (valid {self.valid_from.isoformat()} to "
                f"{self.valid_until.isoformat()})")

    def covers(self, good: Any, shipment: Any) -> bool:
        """The exemption lists the good's HS code (or a wider one), the date is in its
        validity and, if the shipment names consignees, one of them is a recipient."""
        if not self.valid_from <= shipment.date <= self.valid_until:
            return False
        if not any(good.hs_code.startswith(i["hs_code"]) for i in self.items):
            return False
        wanted = {r.casefold() for r in self.recipients}
        consignees = [p.name.casefold() for p in shipment.parties
                      if (p.role or "").lower() in ("consignee", "recipient", "end_user")]
        return not consignees or any(c in wanted for c in consignees)


def approved_exemptions(on: date) -> list[Exemption]:
    """Approved exemptions valid on ``on``, from the store."""
    with connect() as conn:
        rows = repo.list_requests(conn, "approved", valid_on=on)
    return [Exemption(r["id"], tuple(r["items"]), tuple(r["recipients"]), r["valid_from"],
                      r["valid_until"]) for r in rows]


def categories(what_if: str = "S/2022/431") -> list[dict[str, Any]]:
    """The humanitarian categories a what-if draft would exempt without a request.

    S/2022/431 would have exempted humanitarian goods by well-defined categories and
    COVID-19 relief as a package; the categories and their HS codes are the project's
    UNVERIFIED inference (the draft's list was not found). Under ``--what-if`` the shipment
    check treats goods in a category as covered.
    """
    from unsc.regime.data import load_what_if

    draft = load_what_if(what_if)
    return [{**c, "what_if": draft.amendment.symbol, "verified": False}
            for c in draft.exemption_categories]
