"""`unsc council` commands: composition, votes, the veto initiative, veto history, drafts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from unsc.cli.render import console, emit_json, table
from unsc.council import service
from unsc.council.voting import VoteResult
from unsc.errors import InputError, NotFoundError

__all__ = ["app"]

app = typer.Typer(help="How the Security Council decides: members, votes, drafts, vetoes.",
                  no_args_is_help=True)
draft_app = typer.Typer(help="Draft resolutions as event-sourced timelines.",
                        no_args_is_help=True)
app.add_typer(draft_app, name="draft")

JSON = typer.Option(False, "--json", help="Machine-readable JSON on stdout.")


@app.command("members")
def members_cmd(year: int = typer.Option(..., "--year", help="Calendar year, 2015-2026."),
                json_: bool = JSON) -> None:
    """The fifteen members of the Council in YEAR, with terms and sources."""
    rows = service.members(year)
    if json_:
        emit_json({"year": year, "members": rows})
        return
    table(f"Security Council {year}", ["ISO3", "Member", "Seat", "Term"],
          [(r["iso3"], r["name"], "permanent" if r["permanent"] else "elected", r["term"])
           for r in rows])


@app.command("vote")
def vote_cmd(year: int = typer.Option(..., "--year", help="Year of the vote (membership)."),
             yes: str = typer.Option("", "--for", help="ISO3 codes voting yes, or 'rest'."),
             no: str = typer.Option("", "--against", help="ISO3 codes voting no, or 'rest'."),
             abstain: str = typer.Option("", "--abstain", help="ISO3 codes abstaining."),
             absent: str = typer.Option("", "--absent", help="ISO3 codes absent/not voting."),
             procedural: bool = typer.Option(False, "--procedural",
                                             help="A procedural vote (no veto, Art. 27(2))."),
             obliged: str = typer.Option("", "--party-to-dispute",
                                         help="Art. 27(3) obligatory abstainers (Chapter VI)."),
             json_: bool = JSON) -> None:
    """Count a vote under Article 27 and give the outcome and the President's announcement."""
    result = service.vote(year, yes, no, abstain, absent, procedural, obliged)
    if json_:
        emit_json(result.to_dict())
        return
    _show_vote(result)


def _show_vote(result: VoteResult) -> None:
    kind = "procedural" if result.procedural else "substantive"
    table(f"Vote {result.year} ({kind}): {result.tally}", ["Vote", "Count", "Members"],
          [(k, len(v), ", ".join(v)) for k, v in (("yes", result.yes), ("no", result.no),
           ("abstain", result.abstain), ("absent", result.absent))])
    console.print(f"[bold]{result.outcome.value}[/]: {result.announcement}")
    for note in result.notes:
        console.print(f"  note: {note}")


@app.command("veto-initiative")
def veto_initiative_cmd(
        veto_date: str = typer.Option(..., "--veto-date", help="Date of the veto (YYYY-MM-DD)."),
        debate_date: str | None = typer.Option(None, "--debate-date",
                                               help="Date of the GA debate, if known."),
        vetoed_by: str = typer.Option("", "--vetoed-by", help="Vetoing members (precedence)."),
        ess: bool = typer.Option(False, "--ess", help="An ESS on the same situation meets."),
        json_: bool = JSON) -> None:
    """GA follow-up of a veto (A/RES/76/262): meeting deadline, special report, debate day."""
    result = service.initiative(veto_date, debate_date, vetoed_by, ess)
    if json_:
        emit_json(result)
        return
    _show_initiative(result)


def _show_initiative(result: dict[str, Any]) -> None:
    table(f"Veto initiative for the veto of {result['veto_date']}", ["Item", "Value"],
          [(k, ", ".join(v) if isinstance(v, list) else v) for k, v in result.items()
           if k not in {"notes", "holidays_in_window", "vetoes_on_date"}])
    for v in result["vetoes_on_date"]:
        console.print(f"  veto: {v['draft']} by {', '.join(v['members'])} ({v['topic']})")
    for h in result["holidays_in_window"]:
        console.print(f"  holiday {h['date']} {h['name']} (verified: {h['verified']})")
    for note in result["notes"]:
        console.print(f"  note: {note}")


@app.command("vetoes")
def vetoes_cmd(by: str = typer.Option("member", "--by", help="member | topic | decade"),
               chart: Path | None = typer.Option(None, "--chart",
                                                 help="Write a PNG or SVG chart per year."),
               file: Path | None = typer.Option(None, "--file", help="Historical veto CSV."),
               verified_only: bool = typer.Option(False, "--verified-only",
                                                  help="Leave out vetoes marked unverified."),
               json_: bool = JSON) -> None:
    """Veto counts from 1946 on (historical file + shipped and recorded later vetoes)."""
    result = service.veto_counts(by, chart, file, verified_only)
    if json_:
        emit_json(result)
        return
    table(f"Vetoes by {by}, {result['first']} to {result['last']} ({result['vetoes']} drafts; "
          f"{result['unverified']} unverified)", [by, "name", "vetoes"],
          [(r["key"], r["name"], r["count"]) for r in result["counts"]])
    if chart is not None:
        console.print(f"chart written to {result['chart']}")


@app.command("veto-record")
def veto_record_cmd(date: str = typer.Option(..., "--date"),
                    members: str = typer.Option(..., "--members", help="e.g. RUS or CHN,RUS"),
                    topic: str = typer.Option(..., "--topic"),
                    source: str = typer.Option(..., "--source", help="Where you read it."),
                    draft: str | None = typer.Option(None, "--draft", help="S/yyyy/nnn"),
                    meeting: str | None = typer.Option(None, "--meeting", help="S/PV.nnnn"),
                    verified: bool = typer.Option(False, "--verified"),
                    json_: bool = JSON) -> None:
    """Record a veto cast after the shipped history (stored; counted by `vetoes`)."""
    result = service.record_veto(date, members, topic, source, draft, meeting, verified)
    if json_:
        emit_json(result)
        return
    console.print(f"recorded veto #{result['id']} of {result['date']} by "
                  f"{', '.join(result['members'])}")


def _parse_data(data: str | None, text_file: Path | None) -> dict[str, Any]:
    payload: dict[str, Any] = {}
    if data:
        try:
            loaded = json.loads(data)
        except json.JSONDecodeError as exc:
            raise InputError(f"--data is not valid JSON: {exc}") from None
        if not isinstance(loaded, dict):
            raise InputError("--data must be a JSON object, e.g. '{\"level\": \"expert\"}'")
        payload.update(loaded)
    if text_file is not None:
        if not text_file.is_file():
            raise NotFoundError(f"file {text_file} does not exist")
        payload["text"] = text_file.read_text(encoding="utf-8")
    return payload


def _label(source: str) -> str:
    """A step's source, short: a RECONSTRUCTION label without its long explanation."""
    if source.startswith("RECONSTRUCTION"):
        return source.split(":", 1)[0]
    return source


def _show(summary: dict[str, Any]) -> None:
    table(f"Draft {summary['symbol'] or summary['id']}: {summary['title']}", ["Field",
                                                                            "Value"], [
        ("state", summary["state"]), ("symbol", summary["symbol"]),
        ("penholders", ", ".join(summary["penholders"])),
        ("shared with", ", ".join(summary["shared_with"])),
        ("revisions", len(summary["revisions"])), ("negotiation rounds", len(summary["rounds"])),
        ("written comments", len(summary["comments"])), ("in blue", summary["blue_date"]),
        ("vote", summary["vote"]["tally"] if summary["vote"] else None),
        ("outcome", summary["outcome"]), ("announcement", summary["announcement"])])
    if summary["revisions"]:
        table("Revisions", ["#", "Date", "Words", "Note"],
              [(r["number"], r["date"], r["words"], r["note"]) for r in summary["revisions"]])


@draft_app.command("import")
def draft_import_cmd(file: Path = typer.Argument(..., help="Draft timeline JSON."),
                     replace: bool = typer.Option(False, "--replace"),
                     json_: bool = JSON) -> None:
    """Validate a timeline file by replaying it, then store it (all or nothing)."""
    draft, _state = service.import_draft(file, replace)
    summary = service.draft_summary(draft)
    emit_json(summary) if json_ else _show(summary)


@draft_app.command("example")
def draft_example_cmd(symbol: str = typer.Argument("S/2022/431"), json_: bool = JSON) -> None:
    """Store a shipped example timeline (S/2022/431, the 26 May 2022 DPRK draft)."""
    draft, _state = service.import_example(symbol)
    summary = service.draft_summary(draft)
    emit_json(summary) if json_ else _show(summary)


@draft_app.command("list")
def draft_list_cmd(json_: bool = JSON) -> None:
    """Stored drafts with their state and outcome."""
    rows = service.list_drafts()
    if json_:
        emit_json([{k: r[k] for k in ("id", "title", "state", "symbol", "outcome")}
                   for r in rows])
        return
    table("Drafts", ["Draft", "State", "Outcome", "Title"],  # the S/ symbol once it has one
          [(r["symbol"] or r["id"], r["state"], r["outcome"], r["title"]) for r in rows])


@draft_app.command("show")
def draft_show_cmd(ref: str = typer.Argument(..., help="Draft id or S/ symbol."),
                   json_: bool = JSON) -> None:
    """The replayed state of one draft."""
    summary = service.show_draft(ref)
    emit_json(summary) if json_ else _show(summary)


@draft_app.command("replay")
def draft_replay_cmd(ref: str = typer.Argument(...), json_: bool = JSON) -> None:
    """Replay the timeline event by event, printing the state after each."""
    steps = service.replay_steps(ref)
    if json_:
        emit_json(steps)
        return
    table(f"Replay of {ref}", ["#", "Date", "Event", "State", "Detail", "Source"],
          [(s["seq"], s["date"], s["type"], s["state"], s["detail"], _label(s["source"]))
           for s in steps["steps"]])
    if any(s["source"].startswith("RECONSTRUCTION") for s in steps["steps"]):
        console.print("RECONSTRUCTION: the revision texts are illustrative paraphrases, not "
                      "the negotiated text (see `unsc council draft show`).", highlight=False)
    console.print(f"[bold]{steps['outcome']}[/]: {steps['announcement']}")


@draft_app.command("event")
def draft_event_cmd(ref: str = typer.Argument(..., help="Draft id (new id for 'created')."),
                    type_: str = typer.Argument(..., metavar="TYPE",
                                                help="created, zero_draft, shared, round, "
                                                "comments, revision, silence, silence_broken, "
                                                "silence_extended, silence_passed, blue, vote, "
                                                "withdrawn"),
                    date: str = typer.Option(..., "--date", help="ISO date or date-time."),
                    data: str | None = typer.Option(None, "--data", help="JSON object."),
                    text_file: Path | None = typer.Option(None, "--text-file",
                                                          help="Revision text from a file."),
                    json_: bool = JSON) -> None:
    """Append one event; refused with the reason if illegal in the draft's state."""
    state = service.add_event(ref, type_, date, _parse_data(data, text_file))
    result = {"id": ref, "event": type_, "state": state.state.value, "outcome": state.outcome}
    emit_json(result) if json_ else console.print(
        f"{ref}: {type_} recorded; state {state.state.value}")


@draft_app.command("diff")
def draft_diff_cmd(ref: str = typer.Argument(...), rev_a: int = typer.Argument(...),
                   rev_b: int = typer.Argument(...), json_: bool = JSON) -> None:
    """Word-level differences between two revisions (0 = zero draft)."""
    result = service.diff_draft(ref, rev_a, rev_b)
    emit_json(result.to_dict()) if json_ else console.print(result.summary(), markup=False)


@draft_app.command("export")
def draft_export_cmd(ref: str = typer.Argument(...),
                     out: Path | None = typer.Option(None, "--out", help="Write to a file."),
                     json_: bool = JSON) -> None:
    """The stored timeline as JSON (the format `draft import` reads)."""
    data = service.export_draft(ref)
    if out is None:
        emit_json(data)
        return
    service.write_json(out, data)
    emit_json({"written": str(out)}) if json_ else console.print(f"written to {out}")
