"""The screening vocabulary: what a user asks (:class:`Query`) and what they get (:class:`Hit`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from unsc import settings
from unsc.dates import read_partial_date
from unsc.errors import InputError, LimitError
from unsc.lists.model import Entity

__all__ = ["SCHEMAS", "FeatureScore", "Hit", "Query", "max_name_chars"]

SCHEMAS = frozenset({"Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane",
                     "Asset", "PublicBody", "Thing"})
"""FollowTheMoney schemas a query may name."""


def max_name_chars() -> int:
    """Longest name screened (setting ``max_name_chars``): bounds the work of one query."""
    return int(settings.get("max_name_chars"))


@dataclass(frozen=True)
class Query:
    """One thing to screen: a name plus the evidence that may confirm or refute a hit.

    ``schema`` is a FollowTheMoney schema ("Person", "Organization", "Vessel",
    "LegalEntity"...); ``nationality`` an ISO 3166 alpha-2 code or a country name;
    ``birth_date`` as a person typed it (1964-07-17, 17/07/1964, 17 July 1964, 1964...):
    it is read leniently and stored as "YYYY", "YYYY-MM" or "YYYY-MM-DD"; what cannot be
    read is dropped and said in ``warnings``, because a date must never stop a person
    being screened by name. ``id`` is the caller's own reference, echoed in batch output.
    A query may carry only an ``id_number``. A name longer than the ``max_name_chars``
    setting is refused (:class:`LimitError`, HTTP 422): no real name is that long, and the work of
    a query grows with its length.
    """

    name: str
    schema: str | None = None
    birth_date: str | None = None
    nationality: str | None = None
    id_number: str | None = None
    id: str | None = None
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.schema and self.schema not in SCHEMAS:
            raise InputError(f"unknown schema {self.schema!r} (use one of "
                             f"{', '.join(sorted(SCHEMAS))})")
        if not self.name.strip() and not (self.id_number or "").strip():
            raise InputError("a query needs a name or an id_number")
        limit = max_name_chars()
        if len(self.name) > limit:
            raise LimitError(f"name is {len(self.name)} characters long; at most {limit} "
                             "are screened (setting UNSC_MAX_NAME_CHARS)")
        if self.id_number and len(self.id_number) > limit:
            raise LimitError(f"id_number is {len(self.id_number)} characters long; at most "
                             f"{limit} are accepted")
        if self.birth_date is not None:
            read = read_partial_date(self.birth_date)
            object.__setattr__(self, "birth_date", read.value)
            if read.warning:
                object.__setattr__(self, "warnings", (*self.warnings, read.warning))


@dataclass(frozen=True)
class FeatureScore:
    """One piece of evidence: its raw ``value``, its ``weight`` and what it added to the score."""

    name: str
    value: float
    weight: float
    contribution: float
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "value": round(self.value, 4), "weight": self.weight,
                "contribution": round(self.contribution, 4), "detail": self.detail}


@dataclass(frozen=True)
class Hit:
    """A list entry that may be the queried party, with the score and the reasons for it."""

    entity: Entity
    score: float
    match: bool
    matched_name: str
    query_name: str
    features: list[FeatureScore] = field(default_factory=list)
    explanation: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the CLI ``--json`` output and the API body)."""
        return {
            "entity_id": self.entity.id,
            "reference_number": self.entity.reference_number,
            "list": self.entity.list,
            "caption": self.entity.caption,
            "schema": str(self.entity.schema),
            "score": round(self.score, 4),
            "match": self.match,
            "matched_name": self.matched_name,
            "query_name": self.query_name,
            "explanation": self.explanation,
            "features": [f.to_dict() for f in self.features],
        }
