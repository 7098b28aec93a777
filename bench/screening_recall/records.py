"""The listed records the evaluation is built from, read with the project's own readers.

A query is what a person types, so each name is also kept in its *typed* form: accents
folded and apostrophe-like marks dropped (a customer on an ASCII keyboard types
``ABD AL-RAHMAN``, not ``‘ABD AL-RAHMAN``); OFAC writes people "SURNAME, Given", and a
customer name is "Given SURNAME". Perturbations apply to the typed form, so "one edit"
means one keystroke away from what the person meant to type.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bench.screening_recall.culture import culture_of

from unsc.lists.model import Entity, NameQuality
from unsc.lists.readers import read_list

__all__ = ["Record", "data_dir", "key", "list_paths", "load_records", "name_index",
           "split_of", "typed"]

ROOT = Path(__file__).resolve().parents[2]
UN_FILE = "un/un_consolidated_2026-05-08.xml"
OFAC_FILE = "ofac/sdn_2024-05-03.csv"
SPLITS = ("tune", "held")

_QUOTES = re.compile(r"[‘’'`´ʻʼʽʾʿ\"“”]")


def data_dir() -> Path:
    """Where the shared real data lives (``UNSC_SHARED_DATA`` or ``../shared/data``)."""
    path = Path(os.environ.get("UNSC_SHARED_DATA", ROOT.parent / "shared" / "data"))
    if not path.is_dir():
        raise FileNotFoundError(f"shared data not found at {path}; set UNSC_SHARED_DATA")
    return path


def list_paths() -> tuple[Path, Path]:
    return data_dir() / UN_FILE, data_dir() / OFAC_FILE


def typed(name: str) -> str:
    """The name as typed on an ASCII keyboard: accents folded, apostrophes dropped,
    whitespace collapsed. Letters outside ASCII that do not decompose (ø, ß) stay."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _QUOTES.sub("", text)
    return " ".join(text.split())


def key(name: str) -> str:
    """Order-free identity of a name: lower-case alphanumeric tokens, sorted. Two records
    carrying names with the same key cannot be told apart by the name alone."""
    tokens = re.sub(r"[^0-9a-z]+", " ", typed(name).lower()).split()
    return " ".join(sorted(tokens))


def natural(name: str, list_name: str, schema: str) -> str:
    """OFAC's "SURNAME, Given" as a customer writes it: "Given SURNAME"."""
    if list_name.startswith("ofac") and schema == "Person" and name.count(", ") == 1:
        last, first = name.split(", ")
        return f"{first} {last}"
    return name


def split_of(list_name: str, entity_id: str) -> str:
    """Tuning or held-out half, fixed by a hash of the record's list and id."""
    digest = hashlib.sha256(f"{list_name}:{entity_id}".encode()).digest()
    return SPLITS[digest[0] & 1]


def _latin(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    ascii_letters = sum(1 for c in letters if c.isascii())
    return len(letters) >= 2 and ascii_letters >= 0.9 * len(letters)


@dataclass(frozen=True)
class Record:
    """One listed entity as the evaluation sees it."""

    id: str
    list: str
    schema: str
    culture: str
    split: str
    caption: str
    names: tuple[str, ...]
    """Strong Latin-script names, typed form, natural order: the bases of queries."""
    birth_dates: tuple[str, ...]
    """Exact full dates of birth (YYYY-MM-DD) as listed."""
    entity: Entity


def _record(entity: Entity) -> Record:
    schema = str(entity.schema)
    names: list[str] = []
    for n in entity.names:
        if n.quality != NameQuality.STRONG or n.script is not None:
            continue
        text = typed(natural(n.value, entity.list, schema))
        if _latin(text) and text not in names:
            names.append(text)
    dobs = tuple(sorted({b.value for b in entity.birth_dates
                         if b.kind == "exact" and b.value and len(b.value) == 10}))
    return Record(entity.id, entity.list, schema, culture_of(entity),
                  split_of(entity.list, entity.id), entity.caption, tuple(names), dobs, entity)


@cache
def load_records() -> tuple[Record, ...]:
    """Every UN and OFAC record, in file order (UN first)."""
    out: list[Record] = []
    for path in list_paths():
        out += [_record(e) for e in read_list(path).entities]
    return tuple(out)


def name_index(records: Iterable[Record]) -> dict[str, frozenset[str]]:
    """Name key -> ids of the records carrying a name with that key (every name, weak
    aliases and original scripts included: a record that carries the queried name is a
    right answer)."""
    index: dict[str, set[str]] = defaultdict(set)
    for r in records:
        for n in r.entity.names:
            for form in {n.value, natural(n.value, r.list, r.schema)}:
                k = key(form)
                if k:
                    index[k].add(r.id)
    return {k: frozenset(v) for k, v in index.items()}


def by_id(records: Sequence[Record]) -> dict[str, Record]:
    return {r.id: r for r in records}
