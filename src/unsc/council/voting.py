"""Council votes under Charter Article 27.

Art. 27(2): procedural matters need nine affirmative votes. Art. 27(3): other matters need
nine affirmative votes "including the concurring votes of the permanent members", so a
permanent member's "no" on a substantive question is a veto; since 1946-47 practice treats
a permanent member's abstention or absence as no veto. Art. 27(3) also obliges a party to a
dispute to abstain in decisions under Chapter VI and Art. 52(3): such members are taken out
of the voting pool before counting (they cannot vote, and a "no" from them is an error).

Announcement wording follows the S/PV records ("not adopted, owing to the negative vote of a
permanent member"; "failed to obtain the required number of votes"). A draft that fails
both ways is announced as vetoed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from functools import cache

import icu

from unsc.council.composition import council_for
from unsc.errors import NotFoundError, UnknownCodeError, VoteError

__all__ = ["REQUIRED_VOTES", "Outcome", "VoteResult", "cast_vote", "expand_rest", "iso3_codes",
           "parse_codes"]

REQUIRED_VOTES = 9


class Outcome(StrEnum):
    ADOPTED = "adopted"
    NOT_ADOPTED_VETO = "not_adopted_veto"
    NOT_ADOPTED_INSUFFICIENT_VOTES = "not_adopted_insufficient_votes"


ANNOUNCEMENTS = {
    Outcome.ADOPTED: "The draft resolution has been adopted.",
    Outcome.NOT_ADOPTED_VETO: ("The draft resolution has not been adopted, owing to the negative "
                               "vote of a permanent member of the Council."),
    Outcome.NOT_ADOPTED_INSUFFICIENT_VOTES: ("The draft resolution has not been adopted, having "
                                             "failed to obtain the required number of votes."),
}


@dataclass(frozen=True)
class VoteResult:
    """The counted vote: tallies, member lists, outcome and the President's announcement."""

    year: int
    procedural: bool
    outcome: Outcome
    yes: tuple[str, ...]
    no: tuple[str, ...]
    abstain: tuple[str, ...]
    absent: tuple[str, ...]
    obligatory_abstainers: tuple[str, ...]
    vetoed_by: tuple[str, ...]
    announcement: str
    notes: tuple[str, ...] = field(default=())

    @property
    def tally(self) -> str:
        """The usual "yes-no-abstain" shorthand, e.g. "13-2-0"."""
        return f"{len(self.yes)}-{len(self.no)}-{len(self.abstain)}"

    def to_dict(self) -> dict[str, object]:
        """The public JSON shape (the CLI contract): counts under yes/no/abstain/absent."""
        data = asdict(self)
        for key in ("yes", "no", "abstain", "absent"):
            data[f"{key}_members"] = list(data[key])
            data[key] = len(data[key])
        data["outcome"] = self.outcome.value
        data["vetoed_by"] = list(self.vetoed_by)
        data["obligatory_abstainers"] = list(self.obligatory_abstainers)
        data["notes"] = list(self.notes)
        data["tally"] = self.tally
        return data


@cache
def iso3_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes known to ICU (the check behind "unknown country code")."""
    return frozenset(icu.Locale("", c).getISO3Country() for c in icu.Locale.getISOCountries())


def parse_codes(text: str | Iterable[str] | None) -> list[str]:
    """``"CHN, rus"`` or a list -> ``["CHN", "RUS"]``; keeps the token ``rest`` as is."""
    if text is None:
        return []
    items = text.split(",") if isinstance(text, str) else list(text)
    out = []
    for item in items:
        code = item.strip()
        if code:
            out.append("rest" if code.lower() == "rest" else code.upper())
    return out


def expand_rest(year: int, groups: dict[str, list[str]]) -> dict[str, list[str]]:
    """Replace the token ``rest`` in one group by every member of ``year`` not named elsewhere.

    ``rest`` is how a user says "everybody else voted in favour" without typing 13 codes.
    """
    holders = [name for name, codes in groups.items() if "rest" in codes]
    if not holders:
        return {k: list(v) for k, v in groups.items()}
    if len(holders) > 1 or groups[holders[0]].count("rest") > 1:
        raise VoteError("'rest' may appear in only one of --for/--against/--abstain/--absent")
    council = council_for(year)
    named = {c for codes in groups.values() for c in codes if c != "rest"}
    rest = [c for c in council.codes if c not in named]
    out = {}
    for name, codes in groups.items():
        out[name] = [c for c in codes if c != "rest"] + (rest if name == holders[0] else [])
    return out


def _check_codes(year: int, groups: Mapping[str, Sequence[str]]) -> None:
    try:
        council = council_for(year)
    except NotFoundError as exc:
        raise VoteError(exc.message) from None
    seen: dict[str, str] = {}
    for group, codes in groups.items():
        for code in codes:
            if code not in iso3_codes():
                raise UnknownCodeError(
                    f"unknown country code {code!r} in {group}: use ISO 3166 alpha-3 (e.g. FRA)")
            if code not in council:
                raise VoteError(f"{code} is not a member of the Security Council in {year}; "
                                f"members: {', '.join(council.codes)}")
            if code in seen:
                where = group if seen[code] == group else f"{seen[code]} and {group}"
                raise VoteError(f"{code} votes twice ({where}); each member has one vote "
                                "(Art. 27(1))")
            seen[code] = group


def cast_vote(year: int, yes: Sequence[str] = (), no: Sequence[str] = (),
              abstain: Sequence[str] = (), absent: Sequence[str] = (), procedural: bool = False,
              obligatory_abstainers: Sequence[str] = ()) -> VoteResult:
    """Count a Council vote of ``year`` and decide its outcome under Art. 27.

    Members not listed anywhere are recorded as absent (not participating), which is how
    the Council treats a member that does not vote. ``obligatory_abstainers`` are parties to
    a dispute under Chapter VI / Art. 52(3): they may appear nowhere else, or in abstain.
    """
    obliged = parse_codes(obligatory_abstainers)
    groups = {"yes": parse_codes(yes), "no": parse_codes(no), "abstain": parse_codes(abstain),
              "absent": parse_codes(absent)}
    notes: list[str] = []
    if obliged:
        if procedural:
            raise VoteError("Art. 27(3) obligatory abstention does not apply to procedural votes")
        for code in obliged:
            if code in groups["yes"] or code in groups["no"]:
                raise VoteError(f"{code} is a party to the dispute and must abstain "
                                "(Art. 27(3)); it cannot vote yes or no")
        groups["abstain"] = [c for c in groups["abstain"] if c not in obliged]
        groups["absent"] = [c for c in groups["absent"] if c not in obliged]
        groups["obligatory"] = obliged
        notes.append("Art. 27(3): " + ", ".join(obliged) + " abstained as parties to the dispute")
    groups = expand_rest(year, groups)
    _check_codes(year, groups)
    council = council_for(year)
    listed = {c for codes in groups.values() for c in codes}
    unlisted = [c for c in council.codes if c not in listed]
    absent_all = groups["absent"] + unlisted
    if unlisted:
        notes.append("not listed, counted absent: " + ", ".join(unlisted))
    vetoed_by: tuple[str, ...] = ()
    if procedural:
        outcome = (Outcome.ADOPTED if len(groups["yes"]) >= REQUIRED_VOTES
                   else Outcome.NOT_ADOPTED_INSUFFICIENT_VOTES)
        if groups["no"] and any(c in council.permanent for c in groups["no"]):
            notes.append("procedural vote: a permanent member's negative vote is not a veto")
    else:
        vetoed_by = tuple(c for c in groups["no"] if c in council.permanent)
        if vetoed_by:
            outcome = Outcome.NOT_ADOPTED_VETO
            if len(groups["yes"]) < REQUIRED_VOTES:
                notes.append("also short of the nine affirmative votes required")
        elif len(groups["yes"]) < REQUIRED_VOTES:
            outcome = Outcome.NOT_ADOPTED_INSUFFICIENT_VOTES
        else:
            outcome = Outcome.ADOPTED
    announcement = ANNOUNCEMENTS[outcome]
    if procedural:
        announcement = announcement.replace("draft resolution", "proposal")
    return VoteResult(
        year=year, procedural=procedural, outcome=outcome, yes=tuple(groups["yes"]),
        no=tuple(groups["no"]), abstain=tuple(groups["abstain"]) + tuple(obliged),
        absent=tuple(absent_all), obligatory_abstainers=tuple(obliged), vetoed_by=vetoed_by,
        announcement=announcement, notes=tuple(notes))
