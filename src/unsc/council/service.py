"""Council services the adapters call: one function per user action, store included.

Kept apart from the pure domain modules (composition, voting, drafts, calendar) because it
touches the store; adapters (CLI, API, web) import from here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from unsc.council._data import data_dir
from unsc.council.calendar import parse_date
from unsc.council.composition import council_for, member_name
from unsc.council.diff import RevisionDiff, diff_revisions
from unsc.council.drafts import Draft, DraftState, Event, apply
from unsc.council.veto_initiative import veto_initiative
from unsc.council.vetoes import (
    MEMBER_CODES,
    MEMBER_NAMES,
    Veto,
    counts,
    load_history,
    load_shipped_recent,
)
from unsc.council.voting import VoteResult, cast_vote, parse_codes
from unsc.errors import InputError, NotFoundError
from unsc.store import council_tables as repo

__all__ = [
    "add_event", "all_vetoes", "diff_draft", "draft_summary", "example_ids", "export_draft",
    "import_draft", "import_example", "initiative", "list_drafts", "members", "record_veto",
    "replay_steps", "show_draft", "veto_counts", "vote", "write_json",
]


def vote(year: int, yes: str | None = None, no: str | None = None, abstain: str | None = None,
         absent: str | None = None, procedural: bool = False,
         obligatory_abstainers: str | None = None) -> VoteResult:
    """A vote from comma-separated ISO3 lists (``rest`` = every member not named elsewhere)."""
    return cast_vote(year, parse_codes(yes), parse_codes(no), parse_codes(abstain),
                     parse_codes(absent), procedural, parse_codes(obligatory_abstainers))


def members(year: int) -> list[dict[str, Any]]:
    return [{"iso3": m.iso3, "name": m.name, "permanent": m.permanent, "term": m.term,
             "source": m.source} for m in council_for(year).members]


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotFoundError(f"file {path} does not exist") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path} is not valid JSON: {exc}") from None


def import_draft(path: Path, replace: bool = False) -> tuple[Draft, DraftState]:
    """Validate (replay) a draft JSON file and store it atomically."""
    draft = Draft.from_dict(_read_json(path))
    return draft, repo.save_draft(draft, replace=replace)


def example_ids() -> list[str]:
    return sorted(p.name.removesuffix(".json").replace("-", "/")
                  for p in data_dir().joinpath("drafts").iterdir() if p.name.endswith(".json"))


def import_example(symbol: str, replace: bool = True) -> tuple[Draft, DraftState]:
    """Store a shipped example timeline (e.g. ``S/2022/431``)."""
    name = symbol.strip().replace("/", "-") + ".json"
    node = data_dir().joinpath("drafts", name)
    if not node.is_file():
        raise NotFoundError(f"no example {symbol!r}; available: {', '.join(example_ids())}")
    draft = Draft.from_dict(json.loads(node.read_text(encoding="utf-8")))
    return draft, repo.save_draft(draft, replace=replace)


def add_event(ref: str, type_: str, date: str, data: dict[str, Any]) -> DraftState:
    if type_ == "created":
        draft = Draft(ref, (Event("created", date, data),))
        return repo.save_draft(draft)
    return repo.append_event(ref, Event(type_, date, data))


def draft_summary(draft: Draft) -> dict[str, Any]:
    """What `draft show` and `draft replay` print: the replayed state of a stored timeline."""
    s = draft.state()
    return {
        "id": draft.id, "title": s.title, "state": s.state.value, "symbol": s.symbol,
        "penholders": s.penholders, "shared_with": s.shared_with,
        "revisions": [{"number": r.number, "date": r.date, "note": r.note, "words":
                       len(r.text.split())} for r in s.revisions],
        "rounds": s.rounds, "comments": s.comments, "silence": s.silence_history,
        "blue_date": s.blue_date, "outcome": s.outcome, "announcement": s.announcement,
        "vote": s.vote.to_dict() if s.vote else None, "events": len(draft.events),
        "note": draft.note,
    }


def export_draft(ref: str) -> dict[str, Any]:
    return repo.get_draft(ref).to_dict()


def diff_draft(ref: str, rev_a: int, rev_b: int) -> RevisionDiff:
    return diff_revisions(repo.get_draft(ref).state(), rev_a, rev_b)


def all_vetoes(path: Path | None = None) -> list[Veto]:
    return load_history(path, repo.list_recorded_vetoes())


def veto_counts(by: str, chart: Path | None = None, path: Path | None = None,
                verified_only: bool = False) -> dict[str, Any]:
    """Counts (and optionally a chart) over the whole history, or its verified part only."""
    vetoes = [v for v in all_vetoes(path) if v.verified or not verified_only]
    rows = counts(vetoes, by)
    out: dict[str, Any] = {
        "by": by, "vetoes": len(vetoes), "first": vetoes[0].date.isoformat(),
        "last": vetoes[-1].date.isoformat(),
        "unverified": sum(1 for v in vetoes if not v.verified),
        "counts": [{"key": k, "name": MEMBER_NAMES.get(k, k) if by == "member" else k,
                    "count": n} for k, n in rows]}
    if chart is not None:
        # matplotlib takes ~1 s to import: load it only when a chart is asked for.
        from unsc.council.chart import vetoes_chart

        out["chart"] = str(vetoes_chart(vetoes, chart))
    return out


def record_veto(date: str, members_: Sequence[str] | str, topic: str, source: str,
                draft: str | None = None, meeting: str | None = None,
                verified: bool = False) -> dict[str, Any]:
    """Record a veto cast after the shipped history (members as ISO3, permanent only)."""
    day = parse_date(date, "veto date")
    codes = parse_codes(members_)
    allowed = set(MEMBER_CODES.values())
    bad = [c for c in codes if c not in allowed]
    if not codes or bad:
        raise InputError(f"vetoing members must be permanent members ({', '.join(sorted(allowed))})"
                         + (f"; got {', '.join(bad)}" if bad else ""))
    for c in codes:
        if c != "SUN":
            member_name(c)
    if not topic.strip() or not source.strip():
        raise InputError("a recorded veto needs a topic and a source")
    key = repo.record_veto(day.isoformat(), codes, topic.strip(), source.strip(), draft, meeting,
                           verified=verified)
    return {"id": key, "date": day.isoformat(), "members": codes, "topic": topic,
            "draft": draft, "source": source, "verified": verified}


def _detail(state: DraftState, kind: str) -> str:
    if kind == "created":
        return ", ".join(state.penholders)
    if kind == "blue":
        return state.symbol or ""
    if kind == "vote":
        return state.vote.tally if state.vote else ""
    if kind in {"zero_draft", "revision"}:
        return f"revision {len(state.revisions) - 1}"
    return ""


def list_drafts() -> list[dict[str, Any]]:
    return [draft_summary(d) for d in repo.list_drafts()]


def show_draft(ref: str) -> dict[str, Any]:
    return draft_summary(repo.get_draft(ref))


def replay_steps(ref: str) -> dict[str, Any]:
    """The timeline replayed one event at a time, for `draft replay`."""
    draft = repo.get_draft(ref)
    state = DraftState()
    steps = []
    for seq, event in enumerate(draft.events, start=1):
        apply(state, event)
        detail = _detail(state, event.type)
        steps.append({"seq": seq, "date": event.date, "type": event.type,
                      "state": state.state.value, "detail": detail,
                      "source": _source(event.data)})
    return {"id": draft.id, "steps": steps, "state": state.state.value,
            "outcome": state.outcome, "announcement": state.announcement,
            "tally": state.vote.tally if state.vote else None}


def _source(data: Mapping[str, Any]) -> str:
    """What an event rests on, as its file says: a verified source, or a label such as
    RECONSTRUCTION (an illustrative text) or "date illustrative"."""
    for key in ("provenance", "note", "notes"):
        value = data.get(key)
        if value:
            return str(value)
    return ""


def write_json(path: Path, data: Any) -> None:
    """Write JSON atomically (temp file + rename) so a failed export leaves nothing half-done."""
    import os
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def initiative(veto_date: str, debate_date: str | None = None, vetoed_by: str | None = None,
               ess_meets: bool = False) -> dict[str, Any]:
    """The veto-initiative computation, with the vetoes known on that date attached.

    When ``vetoed_by`` is not given, the speakers-list precedence (OP2) is taken from the
    vetoes the history knows for that day (shipped, recorded, and the historical file when
    it can be found).
    """
    day = parse_date(veto_date, "veto date")
    try:
        known = [v for v in all_vetoes() if v.date == day]
    except NotFoundError:  # no historical file here: shipped and recorded vetoes still count
        recorded = [r for r in repo.list_recorded_vetoes() if r["date"] == day.isoformat()]
        known = [v for v in load_shipped_recent() if v.date == day]
        known += [Veto(day, tuple(str(r["members"]).split(",")), str(r["topic"]), r["draft"],
                       r["meeting"], str(r["agenda"]), str(r["source"]), bool(r["verified"]))
                  for r in recorded]
    codes = parse_codes(vetoed_by)
    if not codes:
        codes = list(dict.fromkeys(m for v in known for m in v.members))
    data = veto_initiative(day, debate_date, codes, ess_meets).to_dict()
    data["vetoes_on_date"] = [v.to_dict() for v in known]
    return data
