"""The evidence that makes up a score. Each feature's docstring is its user-facing explanation.

A hit's score is the sum of the feature contributions, clipped to 0..1: the name
similarity carries it, the other features confirm, lower or (for a document number)
settle it. ``features_doc()`` publishes the docstrings, as nomenklatura does.
"""

from __future__ import annotations

from dataclasses import dataclass

from rigour.territories import lookup_territory

from unsc.lists.model import BirthDate, DateKind, Entity
from unsc.screening.index import doc_key
from unsc.screening.types import FeatureScore

__all__ = ["WEIGHTS", "birth_date", "features_doc", "id_number", "name_match",
           "nationality", "schema_mismatch", "weak_alias"]

WEIGHTS: dict[str, float] = {
    "name_match": 1.0, "weak_alias": 0.15, "birth_date_match": 0.05,
    "birth_date_conflict": 0.25, "nationality_match": 0.03, "nationality_conflict": 0.10,
    "schema_mismatch": 0.15, "id_number": 1.0,
}


def name_match(similarity: float, query_name: str, list_name: str) -> FeatureScore:
    """How alike the query name and the closest list name are, after transliteration to
    Latin, Korean syllable folding (Ri = Lee = Yi, Chol = Cheol), legal-form and particle
    normalisation: tokens are paired in any order, a typo in a long name part costs little,
    a different short part (Yong vs Song) costs it all, rare name parts weigh more."""
    return FeatureScore("name_match", similarity, WEIGHTS["name_match"], similarity,
                        f"{query_name!r} ~ {list_name!r}: {similarity:.2f}")


def weak_alias(similarity: float, list_name: str) -> FeatureScore:
    """The list name that matched is a weak alias (UN "Low" quality, OFAC "weak"): a short or
    partial name shared by many people, so the name evidence is discounted."""
    penalty = -WEIGHTS["weak_alias"] * similarity
    return FeatureScore("weak_alias", 1.0, WEIGHTS["weak_alias"], penalty,
                        f"{list_name!r} is a weak alias")


@dataclass(frozen=True)
class _Date:
    year: int
    month: int | None
    day: int | None


def _parse(value: str) -> _Date | None:
    parts = value.strip()[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 and parts[1] else None
        day = int(parts[2]) if len(parts) > 2 and parts[2] else None
    except ValueError:
        return None
    return _Date(year, month, day)


def _slip(a: _Date, b: _Date) -> bool:
    """One year apart, or one digit of the full date differs or two digits are swapped."""
    if abs(a.year - b.year) <= 1 and (a.month, a.day) == (b.month, b.day):
        return True
    sa = f"{a.year:04d}{a.month or 0:02d}{a.day or 0:02d}"
    sb = f"{b.year:04d}{b.month or 0:02d}{b.day or 0:02d}"
    diffs = [i for i in range(8) if sa[i] != sb[i]]
    if len(diffs) == 1:
        return True
    return (len(diffs) == 2 and diffs[1] == diffs[0] + 1
            and sa[diffs[0]] == sb[diffs[1]] and sa[diffs[1]] == sb[diffs[0]])


def _compare_one(query: _Date, listed: BirthDate) -> str:
    span = listed.years()
    if span is None:
        return "unknown"
    if listed.value is None or listed.kind == DateKind.BETWEEN:
        lo, hi = span
        if lo <= query.year <= hi:
            return "match"
        return "near" if lo - 1 <= query.year <= hi + 1 else "conflict"
    other = _parse(listed.value)
    if other is None:
        return "unknown"
    fields = [(query.year, other.year), (query.month, other.month), (query.day, other.day)]
    if all(a == b for a, b in fields if a is not None and b is not None):
        return "match"
    tolerance = 2 if listed.kind == DateKind.APPROXIMATE else 0
    if abs(query.year - other.year) <= tolerance or _slip(query, other):
        return "near"
    return "conflict"


def birth_date(query_value: str | None, entity: Entity) -> FeatureScore | None:
    """Date of birth: agreeing with any published date (exact, approximate or a year range)
    adds a little; a one-year or one-digit slip is treated as neutral (data entry); only a
    clear conflict with every published date lowers the score."""
    if not query_value or not entity.birth_dates:
        return None
    parsed = _parse(query_value)
    if parsed is None:
        return None
    outcomes = {_compare_one(parsed, b) for b in entity.birth_dates}
    listed = ", ".join(b.value or f"{b.year_from}-{b.year_to}" for b in entity.birth_dates)
    if "match" in outcomes:
        w = WEIGHTS["birth_date_match"]
        return FeatureScore("birth_date", 1.0, w, w, f"{query_value} matches {listed}")
    if "near" in outcomes or "unknown" in outcomes:
        return FeatureScore("birth_date", 0.5, 0.0, 0.0,
                            f"{query_value} is close to {listed} (slip tolerated)")
    w = WEIGHTS["birth_date_conflict"]
    return FeatureScore("birth_date", 0.0, w, -w, f"{query_value} conflicts with {listed}")


def _country(value: str) -> str | None:
    territory = lookup_territory(value.strip())
    return territory.code if territory is not None else None


def nationality(query_value: str | None, entity: Entity) -> FeatureScore | None:
    """Nationality (ISO code or country name): the same country adds a little; a different
    one lowers the score, since people on the lists may hold several nationalities. A
    company's jurisdiction (FtM ``jurisdiction``) counts as its nationality."""
    countries = (*entity.nationalities, *entity.jurisdictions)
    if not query_value or not countries:
        return None
    wanted = _country(query_value)
    if wanted is None:
        return None
    listed = {c for c in (_country(n) for n in countries) if c}
    if not listed:
        return None
    if wanted in listed:
        w = WEIGHTS["nationality_match"]
        return FeatureScore("nationality", 1.0, w, w, f"{wanted} is listed")
    w = WEIGHTS["nationality_conflict"]
    return FeatureScore("nationality", 0.0, w, -w,
                        f"{wanted} not in listed {', '.join(sorted(listed))}")


_GROUPS = {"Person": "person", "Organization": "org", "Company": "org", "PublicBody": "org",
           "Vessel": "vessel", "Airplane": "airplane"}


def schema_mismatch(query_schema: str | None, entity: Entity) -> FeatureScore | None:
    """The query is a person and the entry is not (or the other way round): a company named
    after a person is a different party."""
    wanted = _GROUPS.get(query_schema or "")
    if wanted is None or wanted == _GROUPS.get(str(entity.schema)):
        return None
    w = WEIGHTS["schema_mismatch"]
    return FeatureScore("schema_mismatch", 1.0, w, -w,
                        f"query is {query_schema}, entry is {entity.schema}")


def id_number(query_value: str | None, entity: Entity, rest: float) -> FeatureScore | None:
    """An identity-document number (passport, national ID, IMO...) equal to one on the entry,
    ignoring spaces, dashes and case: decisive, the hit scores 1.0 whatever the name says."""
    if not query_value:
        return None
    key = doc_key(query_value)
    numbers = [d.number for d in entity.documents]
    if entity.vessel and entity.vessel.imo:
        numbers.append(entity.vessel.imo)
    for number in numbers:
        if len(key) >= 5 and doc_key(number) == key:
            return FeatureScore("id_number", 1.0, WEIGHTS["id_number"], max(0.0, 1.0 - rest),
                                f"document {number.strip()} matches")
    return None


FEATURES = (name_match, weak_alias, birth_date, nationality, schema_mismatch, id_number)


def features_doc() -> dict[str, dict[str, object]]:
    """Every feature's explanation (its docstring) and weight, for users and the API."""
    out: dict[str, dict[str, object]] = {}
    for func in FEATURES:
        doc = " ".join((func.__doc__ or "").split())
        weights = {k: v for k, v in WEIGHTS.items() if k.startswith(func.__name__)}
        out[func.__name__] = {"description": doc, "weights": weights}
    return out
