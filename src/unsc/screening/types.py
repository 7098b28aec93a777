"""The screening vocabulary: what a user asks (:class:`Query`) and what they get (:class:`Hit`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from unsc.errors import InputError
from unsc.lists.model import Entity

__all__ = ["SCHEMAS", "FeatureScore", "Hit", "Query"]

SCHEMAS = frozenset({"Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane",
                     "Asset", "PublicBody", "Thing"})
"""FollowTheMoney schemas a query may name."""
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class Query:
    """One thing to screen: a name plus the evidence that may confirm or refute a hit.

    ``schema`` is a FollowTheMoney schema ("Person", "Organization", "Vessel",
    "LegalEntity"...); ``nationality`` an ISO 3166 alpha-2 code or a country name;
    ``birth_date`` "YYYY", "YYYY-MM" or "YYYY-MM-DD"; ``id`` the caller's own reference,
    echoed in batch output. A query may carry only an ``id_number``.
    """

    name: str
    schema: str | None = None
    birth_date: str | None = None
    nationality: str | None = None
    id_number: str | None = None
    id: str | None = None

    def __post_init__(self) -> None:
        if self.schema and self.schema not in SCHEMAS:
            raise InputError(f"unknown schema {self.schema!r} (use one of "
                             f"{', '.join(sorted(SCHEMAS))})")
        if self.birth_date and not DATE_RE.match(self.birth_date):
            raise InputError(f"birth date {self.birth_date!r} is not YYYY, YYYY-MM or "
                             "YYYY-MM-DD")
        if not self.name.strip() and not (self.id_number or "").strip():
            raise InputError("a query needs a name or an id_number")


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
