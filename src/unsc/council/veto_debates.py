"""The General Assembly's follow-up of each veto since A/RES/76/262: the debate held, or the
emergency special session that made one unnecessary, with sources.

Shipped as ``data/council/veto_debates.csv`` (one row per veto day; the two vetoes of
24 February 2025 share one debate). The rows are the evidence the veto-initiative
deadline rule is tested against: every debate held fell within ten working days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from unsc.council._data import read_csv

__all__ = ["VetoDebate", "load_veto_debates"]


@dataclass(frozen=True)
class VetoDebate:
    """One veto's GA follow-up: ``follow_up`` is ``debate`` or
    ``emergency_special_session``; ``debate_date`` the (first) meeting day."""

    veto_date: date
    vetoed_by: tuple[str, ...]
    draft: str | None
    follow_up: str
    debate_date: date
    record: str
    special_report: str | None
    source: str
    verified: bool
    note: str

    def to_dict(self) -> dict[str, object]:
        return {"veto_date": self.veto_date.isoformat(), "vetoed_by": list(self.vetoed_by),
                "draft": self.draft, "follow_up": self.follow_up,
                "debate_date": self.debate_date.isoformat(), "record": self.record,
                "special_report": self.special_report, "source": self.source,
                "verified": self.verified, "note": self.note}


def load_veto_debates() -> list[VetoDebate]:
    """Every shipped GA follow-up, oldest veto first."""
    out = [VetoDebate(date.fromisoformat(r["veto_date"]), tuple(r["vetoed_by"].split("+")),
                      r["draft"] or None, r["follow_up"], date.fromisoformat(r["debate_date"]),
                      r["record"], r["special_report"] or None, r["source"],
                      r["verified"] == "yes", r["note"])
           for r in read_csv("veto_debates.csv")]
    return sorted(out, key=lambda d: d.veto_date)
