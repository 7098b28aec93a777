"""The one entity model every list reader produces and every service consumes.

A UN record, an OFAC SDN row and a FollowTheMoney entity all become an :class:`Entity`, so
screening, diffs and exports never care which format a name came from. Values are plain,
immutable and JSON-friendly (``to_dict`` / ``from_dict``) because entries are stored as
JSON documents and diffed field by field.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from enum import StrEnum
from typing import Any

_FIELDS: dict[type, tuple[str, ...]] = {}
Props = dict[str, tuple[str, ...]]
"""FtM properties as published: property name -> values."""

__all__ = [
    "Address",
    "BirthDate",
    "DateKind",
    "Document",
    "Entity",
    "Link",
    "ListVersion",
    "Name",
    "NameQuality",
    "Sanction",
    "Schema",
    "VesselInfo",
]

_OPTIONAL = frozenset({"id", "schema", "properties", "full", "street2", "state", "po_box",
                       "datasets", "referents", "topics", "jurisdictions", "sanctions",
                       "links", "ftm_schema"})
"""Fields added for FollowTheMoney data, left out of ``to_dict`` while empty: documents of
UN and OFAC entries stay byte-identical to those stored before the fields existed, so
their content hashes (and every diff against an older version) do not change."""


def _props(data: Any) -> Props:
    return {str(k): tuple(str(v) for v in vs) for k, vs in (data or {}).items()}


class Schema(StrEnum):
    """FollowTheMoney schema names, so FtM data and yente clients need no translation."""

    PERSON = "Person"
    ORGANIZATION = "Organization"
    VESSEL = "Vessel"
    AIRPLANE = "Airplane"


class NameQuality(StrEnum):
    """How much a name can be trusted as an identifier.

    UN "Good" and OFAC "strong" aliases are STRONG; UN "Low" and OFAC "weak" aliases are
    WEAK (short nicknames, partial names) and count less in screening.
    """

    STRONG = "strong"
    WEAK = "weak"


class DateKind(StrEnum):
    EXACT = "exact"
    APPROXIMATE = "approximate"
    BETWEEN = "between"


@dataclass(frozen=True)
class Name:
    """One name of an entity.

    ``kind`` is "primary" for the listed name, else the alias type as published
    ("a.k.a.", "f.k.a.", "n.k.a." or "alias" when the source does not say). ``script`` is
    "original" for names in NAME_ORIGINAL_SCRIPT (Hangul, Arabic, Cyrillic...).
    """

    value: str
    kind: str = "primary"
    quality: NameQuality = NameQuality.STRONG
    script: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class BirthDate:
    """A date of birth as published: exact (full or partial ISO date), approximate, or a
    year range. ``value`` is "YYYY", "YYYY-MM" or "YYYY-MM-DD"; ranges use ``year_from`` and
    ``year_to``."""

    kind: DateKind = DateKind.EXACT
    value: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    note: str | None = None

    def years(self) -> tuple[int, int] | None:
        """The inclusive year span this date allows, or None when unknown."""
        if self.value:
            year = int(self.value[:4])
            return (year, year)
        if self.year_from is not None or self.year_to is not None:
            lo = self.year_from if self.year_from is not None else self.year_to
            hi = self.year_to if self.year_to is not None else self.year_from
            assert lo is not None and hi is not None
            return (min(lo, hi), max(lo, hi))
        return None


@dataclass(frozen=True)
class Document:
    """An identity document: passport, national ID, IMO number, registration..."""

    type: str | None = None
    number: str = ""
    country: str | None = None
    issued: str | None = None
    expires: str | None = None
    note: str | None = None
    id: str | None = None
    """The FtM Identification/Passport entity this came from, if any."""
    schema: str | None = None
    properties: Props = field(default_factory=dict, hash=False)
    """That entity's FtM properties as published (export writes them back unchanged)."""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        return cls(**{**data, "properties": _props(data.get("properties"))})


@dataclass(frozen=True)
class Address:
    """A postal address: its parts as published and, for FtM data, the full text and the
    Address entity it came from (``id``, ``properties``), so screening can compare a
    country and an export gives the address back unchanged."""

    street: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None
    note: str | None = None
    id: str | None = None
    full: str | None = None
    street2: str | None = None
    state: str | None = None
    po_box: str | None = None
    properties: Props = field(default_factory=dict, hash=False)

    def text(self) -> str:
        if self.full:
            return self.full
        parts = [self.po_box, self.street, self.street2, self.city, self.region, self.state,
                 self.postal_code, self.country]
        return ", ".join(p for p in parts if p)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Address:
        return cls(**{**data, "properties": _props(data.get("properties"))})


@dataclass(frozen=True)
class Sanction:
    """One FtM Sanction entity on a listed entity: who imposed it, under which programme,
    since when. ``properties`` holds it as published; the accessors read the common ones."""

    id: str
    properties: Props = field(default_factory=dict, hash=False)

    def _first(self, *names: str) -> str | None:
        for name in names:
            for value in self.properties.get(name, ()):
                return value
        return None

    @property
    def authority(self) -> str | None:
        return self._first("authority")

    @property
    def program(self) -> str | None:
        """The programme's name (FtM ``program``), else its code (``programId``)."""
        return self._first("program", "programId")

    @property
    def listing_date(self) -> str | None:
        return self._first("listingDate", "startDate")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Sanction:
        return cls(id=str(data["id"]), properties=_props(data.get("properties")))


@dataclass(frozen=True)
class Link:
    """A relationship between two entities (FtM Ownership, Directorship, Family,
    Associate, UnknownLink...), kept on each listed end. ``source`` and ``target`` are the
    FtM edge's ends (owner/asset, director/organization, person/relative...)."""

    id: str
    schema: str
    source: str
    target: str
    properties: Props = field(default_factory=dict, hash=False)

    def other(self, entity_id: str) -> str:
        """The id at the other end from ``entity_id``."""
        return self.target if self.source == entity_id else self.source

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Link:
        return cls(id=str(data["id"]), schema=str(data["schema"]), source=str(data["source"]),
                   target=str(data["target"]), properties=_props(data.get("properties")))


@dataclass(frozen=True)
class VesselInfo:
    imo: str | None = None
    flag: str | None = None
    call_sign: str | None = None
    vessel_type: str | None = None
    tonnage: str | None = None
    gross_tonnage: str | None = None
    owner: str | None = None


@dataclass(frozen=True)
class Entity:
    """A listed person, organisation, vessel or aircraft.

    ``id`` is stable across versions of the same list (``un-KPi.033``, ``ofac-12345``) so
    versions can be diffed by id. ``programmes`` are the file's own programme names
    (UN_LIST_TYPE "DPRK", OFAC "DPRK3"); ``regimes`` are the Security Council sanctions
    regimes they map to ("1718"). Countries are ISO 3166-1 alpha-2 codes in lower case
    where the source name could be resolved, else the source text.
    """

    id: str
    list: str
    schema: Schema
    names: tuple[Name, ...]
    reference_number: str | None = None
    source_id: str | None = None
    programmes: tuple[str, ...] = ()
    regimes: tuple[str, ...] = ()
    listed_on: str | None = None
    birth_dates: tuple[BirthDate, ...] = ()
    birth_places: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()
    documents: tuple[Document, ...] = ()
    addresses: tuple[Address, ...] = ()
    gender: str | None = None
    titles: tuple[str, ...] = ()
    positions: tuple[str, ...] = ()
    comments: str | None = None
    vessel: VesselInfo | None = None
    extra: dict[str, str] = field(default_factory=dict)
    datasets: tuple[str, ...] = ()
    """The entity's own FtM datasets (an OpenSanctions export mixes sources); empty for
    UN and OFAC files, whose entities belong to ``list`` alone."""
    referents: tuple[str, ...] = ()
    """Other ids this entity was merged from (FtM ``referents``)."""
    topics: tuple[str, ...] = ()
    jurisdictions: tuple[str, ...] = ()
    sanctions: tuple[Sanction, ...] = ()
    links: tuple[Link, ...] = ()
    ftm_schema: str | None = None
    """The FtM schema as published when ``schema`` is coarser (Company, PublicBody and
    LegalEntity are screened as organisations)."""
    properties: Props = field(default_factory=dict)
    """For entities read from FtM: every property as published (after FtM's cleaning).
    The typed fields above are what unsc's services read; this is what an export and
    ``/entities`` give back, so nothing kept is re-derived lossily."""

    @property
    def caption(self) -> str:
        """The primary name, as a screen or a report shows the entity."""
        for name in self.names:
            if name.kind == "primary" and name.script is None:
                return name.value
        return self.names[0].value if self.names else self.id

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; enums become their values, tuples lists."""
        plain: dict[str, Any] = _plain(self)
        return plain

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        vessel = data.get("vessel")
        return cls(
            id=data["id"],
            list=data["list"],
            schema=Schema(data["schema"]),
            names=tuple(
                Name(
                    value=n["value"],
                    kind=n.get("kind", "primary"),
                    quality=NameQuality(n.get("quality", "strong")),
                    script=n.get("script"),
                    note=n.get("note"),
                )
                for n in data.get("names", [])
            ),
            reference_number=data.get("reference_number"),
            source_id=data.get("source_id"),
            programmes=tuple(data.get("programmes", ())),
            regimes=tuple(data.get("regimes", ())),
            listed_on=data.get("listed_on"),
            birth_dates=tuple(
                BirthDate(
                    kind=DateKind(b.get("kind", "exact")),
                    value=b.get("value"),
                    year_from=b.get("year_from"),
                    year_to=b.get("year_to"),
                    note=b.get("note"),
                )
                for b in data.get("birth_dates", [])
            ),
            birth_places=tuple(data.get("birth_places", ())),
            nationalities=tuple(data.get("nationalities", ())),
            documents=tuple(Document.from_dict(d) for d in data.get("documents", [])),
            addresses=tuple(Address.from_dict(a) for a in data.get("addresses", [])),
            gender=data.get("gender"),
            titles=tuple(data.get("titles", ())),
            positions=tuple(data.get("positions", ())),
            comments=data.get("comments"),
            vessel=VesselInfo(**vessel) if vessel else None,
            extra=dict(data.get("extra", {})),
            datasets=tuple(data.get("datasets", ())),
            referents=tuple(data.get("referents", ())),
            topics=tuple(data.get("topics", ())),
            jurisdictions=tuple(data.get("jurisdictions", ())),
            sanctions=tuple(Sanction.from_dict(x) for x in data.get("sanctions", [])),
            links=tuple(Link.from_dict(x) for x in data.get("links", [])),
            ftm_schema=data.get("ftm_schema"),
            properties=_props(data.get("properties")),
        )


@dataclass(frozen=True)
class ListVersion:
    """One published edition of a list, as read from one file.

    ``published`` is the file's own date (UN dateGenerated, OFAC Publish_Date), in ISO
    8601 (YYYY-MM-DD; the legacy SDN.CSV states none, see the OFAC CSV reader);
    ``sha256`` identifies the exact bytes so a reload of the same file is a no-op.
    """

    list: str
    published: str
    sha256: str
    source: str
    entities: tuple[Entity, ...]
    fmt: str = ""
    generated: str | None = None
    """The full timestamp the file states (UN dateGenerated), when it has one."""
    incomplete: tuple[str, ...] = ()
    """Why the file may be cut short although it parsed: its format's completeness marker
    is missing (SDN.CSV's end-of-file byte, an FtM export's stated count). The load gates
    refuse such a version unless forced; the reader only reports."""
    dropped: dict[str, int] = field(default_factory=dict)
    """What the reader did not keep, by reason, with counts (FtM files: values FtM refuses,
    schemas unsc does not keep...); empty when nothing was dropped."""

    def counts(self) -> dict[str, Any]:
        """Individuals, entities (organisations, vessels, aircraft) and records per programme."""
        individuals = sum(1 for e in self.entities if e.schema == Schema.PERSON)
        by_type: dict[str, int] = {}
        for entity in self.entities:
            for programme in entity.programmes or ("",):
                by_type[programme] = by_type.get(programme, 0) + 1
        return {
            "individuals": individuals,
            "entities": len(self.entities) - individuals,
            "by_list_type": dict(sorted(by_type.items())),
        }


def _plain(value: Any) -> Any:
    """Like ``_plain(dataclasses.asdict(x))`` but without asdict's deep copies: loads
    convert every entry, and this is several times faster."""
    names = _FIELDS.get(type(value))
    if names is None and is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS.setdefault(type(value), tuple(f.name for f in fields(value)))
    if names is not None:
        out = {}
        for name in names:
            item = getattr(value, name)
            if name in _OPTIONAL and not item:
                continue
            out[name] = _plain(item)
        return out
    if value is None or (isinstance(value, str) and not isinstance(value, StrEnum)):
        return value
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
