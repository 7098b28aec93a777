"""`unsc exemptions` commands: humanitarian exemption requests and Committee decisions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from unsc.cli.render import emit_json, table
from unsc.errors import InputError

__all__ = ["app"]

app = typer.Typer(help="1718 humanitarian exemption requests (IAN No. 7) and the "
                  "Committee's no-objection procedure.", no_args_is_help=True)

JSON = typer.Option(False, "--json", help="Machine-readable output.")
DATE = typer.Option(None, "--date", help="Date YYYY-MM-DD (default: today).")
MEMBER = typer.Option(..., "--member", help="Committee member, ISO alpha-3 (e.g. USA).")
NOTE = typer.Option(None, "--note", help="Free-text note kept with the event.")


def _out(record: dict[str, Any], as_json: bool) -> None:
    if as_json:
        return emit_json(record)
    table(f"Exemption request {record['id']}", ["field", "value"],
          [(k, record[k]) for k in ("submitter", "channel", "status", "deadline",
                                    "valid_from", "valid_until", "holds", "objections")])


@app.command("submit")
def submit(request: Path = typer.Argument(..., help="REQUEST.json (format in the README)."),
           on: str | None = DATE, as_json: bool = JSON) -> None:
    """Submit a request; the no-objection period starts on --date."""
    from unsc.compliance import exemptions

    try:
        data = json.loads(request.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read request {request}: {exc}") from None
    _out(exemptions.submit(data, on), as_json)


@app.command("list")
def list_(status: str | None = typer.Option(None, "--status", help="pending, approved or "
                                            "rejected."), as_json: bool = JSON) -> None:
    """All requests, optionally by status."""
    from unsc.compliance import exemptions

    rows = exemptions.list_requests(status)
    if as_json:
        return emit_json(rows)
    table("Exemption requests", ["id", "submitter", "status", "deadline", "valid_until"],
          [(r["id"], r["submitter"], r["status"], r["deadline"], r["valid_until"])
           for r in rows])


@app.command("show")
def show(request_id: int, as_json: bool = JSON) -> None:
    """One request with its full event history."""
    from unsc.compliance import exemptions

    _out(exemptions.get_request(request_id), as_json)


@app.command("hold")
def hold(request_id: int, member: str = MEMBER, on: str | None = DATE,
         note: str | None = NOTE, as_json: bool = JSON) -> None:
    """A member places a hold (no decision until lifted)."""
    from unsc.compliance import exemptions

    _out(exemptions.hold(request_id, member, on, note), as_json)


@app.command("lift-hold")
def lift_hold(request_id: int, member: str = MEMBER, on: str | None = DATE,
              note: str | None = NOTE, as_json: bool = JSON) -> None:
    """The member lifts its hold."""
    from unsc.compliance import exemptions

    _out(exemptions.lift_hold(request_id, member, on, note), as_json)


@app.command("object")
def object_(request_id: int, member: str = MEMBER, on: str | None = DATE,
            note: str | None = NOTE, as_json: bool = JSON) -> None:
    """A member objects (consensus fails: the request will be rejected)."""
    from unsc.compliance import exemptions

    _out(exemptions.object_to(request_id, member, on, note), as_json)


@app.command("decide")
def decide(request_id: int, on: str | None = DATE, as_json: bool = JSON) -> None:
    """Close the no-objection procedure: approved, rejected, or an error saying why not yet."""
    from unsc.compliance import exemptions

    _out(exemptions.decide(request_id, on), as_json)


@app.command("categories")
def categories(what_if: str = typer.Option("S/2022/431", "--what-if",
                                           help="Draft whose category model to show."),
               as_json: bool = JSON) -> None:
    """Humanitarian categories a what-if draft exempts as a whole (UNVERIFIED inference)."""
    from unsc.compliance import exemptions

    rows = exemptions.categories(what_if)
    if as_json:
        return emit_json(rows)
    table(f"Exemption categories under what-if {what_if} (UNVERIFIED)", ["id", "name", "HS"],
          [(c["id"], c["name"], " ".join(c["hs_codes"])) for c in rows])
