"""How people write an organisation's name when they do not copy it from the list.

- **Acronyms**: the bracketed or slash-separated acronym a list name carries
  (``SHAHID HEMMAT INDUSTRIAL GROUP (SHIG)``, ``AL-ITIHAAD AL-ISLAMIYA / AIAI``), and the
  initials of a multi-word name (function words and legal forms left out, as in AEOI for
  ATOMIC ENERGY ORGANIZATION OF IRAN).
- **Country qualifiers** (``X OF THE DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA``, ``X (IRAN)``)
  and **possessives or prefixes** (``NORTH KOREA'S X``, ``DPRK X``, ``IRANIAN X``), for
  organisations whose country the record states: a DPRK or Iran programme, else the
  first address country.
- **Parent units** named with the unit (``DEFENCE INDUSTRIES ORGANISATION, 7TH OF TIR``),
  where the record's own comments name its parent ("Subordinate of ...", "Part of ...",
  "Owned or controlled by ...") and the parent is itself listed.
- **Legal form glued** to the name (``JSCARGUMENT``, ``HOERYONGSHIPPING COLTD`` is not
  produced: exactly one space between a legal form and a name word is dropped).
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Iterable

from bench.screening_recall.records import Record, key, typed
from followthemoney.types import registry

__all__ = ["LEGAL_FORMS", "acronym_index", "bracketed", "country_of", "glued",
           "initials", "parent_of", "possessive", "qualified"]

LEGAL_FORMS = frozenset({
    "LLC", "LTD", "LIMITED", "INC", "CO", "CORP", "JSC", "PJSC", "OJSC", "CJSC", "OAO",
    "ZAO", "PAO", "AO", "OOO", "TOO", "GMBH", "AG", "KG", "SA", "SAS", "SARL", "SRL", "SPA",
    "BV", "NV", "PLC", "LLP", "LP", "PTE", "FZE", "FZCO", "FZC", "DMCC", "SDN", "BHD", "SL",
    "SE", "LLC.", "COMPANY", "CORPORATION"})
"""Legal-form words, from the forms seen in the two lists (ISO 20275 abbreviations)."""
_FUNCTION = frozenset({"OF", "THE", "AND", "FOR", "IN", "ON", "AT", "TO", "DE", "DU", "DES",
                       "LA", "LE", "LES", "DEL", "Y", "E", "&", "WA", "VA"})
_BRACKET = re.compile(r"\(([A-Z][A-Z0-9&-]{1,11})\)")
_SLASH = re.compile(r"\s/\s*([A-Z][A-Z0-9&-]{1,11})\s*$")
_COUNTRY_WORDS = frozenset(n.upper() for n in registry.country.names.values())
_IRAN_PROGRAMMES = ("IRAN", "IRGC", "IFSR")


def _word(token: str) -> str:
    return token.strip(".,;:()").upper()


def bracketed(name: str) -> list[str]:
    """Acronyms the list name itself gives in brackets or after a slash."""
    found = _BRACKET.findall(name) + _SLASH.findall(name)
    return [a for a in found if a not in _COUNTRY_WORDS and sum(c.isalpha() for c in a) >= 2]


def initials(name: str) -> str | None:
    """First letters of the name's significant words, when there are at least three."""
    base = _SLASH.sub("", re.sub(r"\([^)]*\)", " ", name))
    words = [_word(t) for t in base.split()]
    words = [w for w in words if w and w not in _FUNCTION and w not in LEGAL_FORMS]
    if len(words) < 3 or not all(w[0].isalpha() for w in words):
        return None
    return "".join(w[0] for w in words)


def acronym_index(records: Iterable[Record]) -> dict[str, frozenset[str]]:
    """Acronym -> organisations that carry it (bracketed) or whose name has those initials."""
    index: dict[str, set[str]] = defaultdict(set)
    for r in records:
        if r.schema == "Person":
            continue
        for n in r.entity.names:
            text = typed(n.value)
            for a in bracketed(text):
                index[a].add(r.id)
            if (i := initials(text)) is not None:
                index[i].add(r.id)
    return {k: frozenset(v) for k, v in index.items()}


_COUNTRY_FORMS: dict[str, tuple[str, str, str, str]] = {
    # code: (long, short, prefix, adjective)
    "kp": ("THE DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA", "NORTH KOREA", "DPRK", "NORTH KOREAN"),
    "ir": ("THE ISLAMIC REPUBLIC OF IRAN", "IRAN", "IRAN", "IRANIAN"),
}


def country_of(record: Record) -> str | None:
    """The organisation's country as the record states it."""
    e = record.entity
    if "1718" in e.regimes or any(p.startswith("DPRK") for p in e.programmes):
        return "kp"
    if "1737" in e.regimes or any(p.startswith(_IRAN_PROGRAMMES) for p in e.programmes):
        return "ir"
    for code in [a.country for a in e.addresses] + list(e.nationalities):
        if code and code.lower() in registry.country.names:
            return code.lower()
    return None


def _forms(code: str) -> tuple[str, str, str, str]:
    if code in _COUNTRY_FORMS:
        return _COUNTRY_FORMS[code]
    short = registry.country.names[code].upper()
    return short, short, short, short


def _case(text: str, like: str) -> str:
    return text if like.isupper() else text.title()


def _has_country(name: str, short: str) -> bool:
    return set(key(short).split()) <= set(key(name).split())


def qualified(rng: random.Random, name: str, code: str) -> str | None:
    """The name with the country after it: OF THE ..., (COUNTRY), ", COUNTRY"."""
    long, short, _, _ = _forms(code)
    if _has_country(name, short):
        return None
    form = rng.choice((f"{name} OF {long}", f"{name} ({short})", f"{name}, {short}"))
    return name + _case(form[len(name):], name)


def possessive(rng: random.Random, name: str, code: str) -> str | None:
    """The country before the name: NORTH KOREA'S X, DPRK X, IRANIAN X."""
    _, short, prefix, adjective = _forms(code)
    if _has_country(name, short):
        return None
    head = rng.choice((f"{short}'S", prefix, adjective))
    return f"{_case(head, name)} {name}"


_PARENT = re.compile(
    r"(?:subordinate(?: entity| organi[sz]ation)? (?:of|to)|part of|subsidiary of|"
    r"owned or controlled by(?:,? or acts? (?:or purports to act )?(?:for or )?on behalf of,?)?|"
    r"front company for|a unit of)\s+(?:the\s+)?([A-Z][^.;,\n]{1,80})", re.IGNORECASE)


def parent_of(record: Record, names: dict[str, frozenset[str]],
              acronyms: dict[str, frozenset[str]]) -> tuple[str, str] | None:
    """(parent as the comment writes it, parent record id), when the comment names a
    listed organisation other than this one."""
    if record.schema == "Person" or not record.entity.comments:
        return None
    for m in _PARENT.finditer(record.entity.comments):
        words = typed(m.group(1)).replace("(", " ( ").split()
        words = words[:next((i for i, w in enumerate(words) if w in {"(", "and", "which"}),
                            len(words))][:8]
        while words:
            text = " ".join(words).strip(" -–—")
            text = text[:-2] if text.endswith("'s") else text
            ids = names.get(key(text), frozenset()) | acronyms.get(text.upper(), frozenset())
            ids = ids - {record.id}
            if ids and len(ids) <= 3:
                return text, sorted(ids)[0]
            words = words[:-1]
    return None


def with_parent(rng: random.Random, name: str, parent: str) -> str:
    """The unit named with its parent: "P, X", "P X", "X (P)", "X OF P"."""
    parent = parent.upper() if name.isupper() else parent
    return rng.choice((f"{parent}, {name}", f"{parent} {name}", f"{name} ({parent})",
                       f"{name} {_case('OF', name)} {parent}"))


def glued(rng: random.Random, name: str) -> str | None:
    """One legal-form word written together with the name word next to it."""
    tokens = name.split(" ")
    spots = [i for i in range(len(tokens) - 1)
             if (_word(tokens[i]) in LEGAL_FORMS) != (_word(tokens[i + 1]) in LEGAL_FORMS)
             and tokens[i][-1:].isalnum() and tokens[i + 1][:1].isalnum()]
    if not spots:
        return None
    i = rng.choice(spots)
    return " ".join([*tokens[:i], tokens[i] + tokens[i + 1], *tokens[i + 2:]])
