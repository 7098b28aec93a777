"""Output-identity check for speed work: screen a fixed query set and write every result.

Usage (from the repository root; PYTHONPATH picks the tree under test):

    PYTHONPATH=src .venv/bin/python bench/check_identical.py OUT_DIR
    PYTHONPATH=/tmp/base/src .venv/bin/python bench/check_identical.py BASE_DIR
    for f in results.json batch.csv batch_report.json; do cmp OUT_DIR/$f BASE_DIR/$f; done

A change meant only to make screening faster must leave every answer byte-identical: ids,
exact scores (``repr``, not rounded), ranks, matched names, explanations, features and
warnings. The set: the speed bench's generated names (both mixes), Korean and Arabic-script
list names with typing slips, organisation names with qualifiers, queries with dates,
nationalities and document numbers, against UN + OFAC SDN and UN alone; ~3,000 name pairs
through ``score_pair``; and a batch CSV through ``screen_batch``. Each query set is screened
twice (the second time in reverse order, warm caches), and both passes must agree: a cache
must never change an answer.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import random
import sys
from pathlib import Path
from typing import Any

import unsc
from unsc.lists.model import Entity
from unsc.lists.readers import read_list
from unsc.screening import Hit, Query, Screener, score_pair, screen_batch

# Imported after unsc: the speed bench puts its own tree's src/ first on the path, and the
# tree under test is the one PYTHONPATH gives.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_screening_speed import generate, shared_data

_HANGUL_OR_ARABIC = ("\u0600", "\u06ff")


def _slip(rnd: random.Random, name: str) -> str:
    """One typing slip: a letter dropped, doubled, swapped with its neighbour, or an
    inserted one, or a space moved."""
    if len(name) < 4:
        return name
    p = rnd.randrange(1, len(name) - 1)
    kind = rnd.randrange(5)
    if kind == 0:
        return name[:p] + name[p + 1:]
    if kind == 1:
        return name[:p] + name[p] + name[p:]
    if kind == 2:
        return name[:p - 1] + name[p] + name[p - 1] + name[p + 1:]
    if kind == 3:
        return name[:p] + rnd.choice("aeiknorst") + name[p:]
    return name.replace(" ", "", 1)[:p] + " " + name.replace(" ", "", 1)[p:]


def cultured(un: list[Entity], n: int, seed: int = 11) -> list[str]:
    """Korean (DPRK regime) and Arabic-script list names, most with one or two slips."""
    rnd = random.Random(seed)
    korean = sorted(x.value for e in un for x in e.names
                    if (e.reference_number or "").startswith("KP"))
    arabic = sorted(x.value for e in un for x in e.names
                    if any(_HANGUL_OR_ARABIC[0] <= c <= _HANGUL_OR_ARABIC[1] for c in x.value))
    out: list[str] = []
    for i in range(n):
        name = rnd.choice(korean if i % 2 else arabic)
        for _ in range(rnd.choice((0, 1, 1, 2))):
            name = _slip(rnd, name)
        out.append(name)
    return out


def orgs(un: list[Entity], n: int, seed: int = 12) -> list[str]:
    """Organisation names with a qualifier, a possessive or an acronym alone."""
    rnd = random.Random(seed)
    names = sorted(x.value for e in un for x in e.names if e.schema != "Person")
    out = ["AEOI", "SHIG", "DPRK MINISTRY OF ATOMIC ENERGY INDUSTRY", "JSCARGUMENT",
           "KOREAN PEOPLE'S ARMY, RECONNAISSANCE GENERAL BUREAU"]
    for i in range(n):
        name = rnd.choice(names)
        out.append([f"NORTH KOREA'S {name}", f"{name} OF IRAN", _slip(rnd, name),
                    "".join(w[0] for w in name.split() if w)][i % 4])
    return out


def queries(names: list[str], seed: int) -> list[Query]:
    """Queries from names, some with a date of birth (in human formats), a nationality,
    a schema or a document number."""
    rnd = random.Random(seed)
    dates = ["1964-07-17", "1964-7-17", "17/07/1964", "17 July 1964", "1964", "1964-07-32",
             "not a date", "1975-01-01"]
    out: list[Query] = []
    for i, name in enumerate(names):
        if not name.strip():
            continue
        extra: dict[str, Any] = {}
        if i % 7 == 1:
            extra["birth_date"] = rnd.choice(dates)
        if i % 11 == 2:
            extra["nationality"] = rnd.choice(["kp", "ir", "af", "Iraq", "sy"])
        if i % 13 == 3:
            extra["schema"] = rnd.choice(["Person", "Organization", "Vessel"])
        if i % 97 == 5:
            extra["id_number"] = rnd.choice(["381 310-014", "9006043", "A123456"])
        out.append(Query(name, **extra))
    return out


def hit_record(hit: Hit) -> dict[str, Any]:
    """Everything a hit says, with exact floats."""
    return {**hit.to_dict(), "score_exact": repr(hit.score),
            "features_exact": [[f.name, repr(f.value), repr(f.weight), repr(f.contribution),
                                f.detail] for f in hit.features]}


def screen_all(screener: Screener, qs: list[Query]) -> list[Any]:
    """Results of every query, then checked against a second, reversed, warm pass."""
    first = [[hit_record(h) for h in screener.screen(q)] for q in qs]
    again = [[hit_record(h) for h in screener.screen(q)] for q in reversed(qs)]
    again.reverse()
    if again != first:
        raise SystemExit("a second (warm) pass gave other answers")
    return [[q.name, q.birth_date, q.nationality, q.schema, q.id_number, list(q.warnings), r]
            for q, r in zip(qs, first, strict=True)]


def pairs(names: list[str], n: int, seed: int = 13) -> list[list[Any]]:
    rnd = random.Random(seed)
    out: list[list[Any]] = []
    for i in range(n):
        a = rnd.choice(names)
        b = _slip(rnd, a) if i % 3 else rnd.choice(names)
        schema = [None, "Person", "Organization"][i % 3]
        out.append([a, b, schema, repr(score_pair(a, b, schema))])
    return out


def main() -> None:
    dest = Path(sys.argv[1])
    dest.mkdir(parents=True, exist_ok=True)
    print(f"unsc from {Path(unsc.__file__).parent}", file=sys.stderr)
    data = shared_data()
    un = read_list(data / "un" / "un_consolidated_2026-05-08.xml").entities
    sdn = read_list(data / "ofac" / "sdn_2024-05-03.csv").entities
    un_names = [x.value for e in un for x in e.names]
    all_names = [*un_names, *(x.value for e in sdn for x in e.names)]
    both, un_only = Screener([*un, *sdn]), Screener(un)
    mixed = generate(3000, all_names, seed=21)
    distinct = generate(3000, all_names, seed=22, distinct=True)
    extra = [*cultured(un, 500), *orgs(un, 300)]
    result: dict[str, Any] = {
        "both": screen_all(both, queries([*mixed, *distinct, *extra], 1)),
        "un": screen_all(un_only, queries([*generate(1500, un_names, seed=23, distinct=True),
                                           *cultured(un, 200, seed=24)], 2)),
        "pairs": pairs([*un_names[::3], *extra[:200]], 3000),
    }
    text = json.dumps(result, ensure_ascii=False, indent=0, sort_keys=True)
    (dest / "results.json").write_text(text, encoding="utf-8")
    src = dest / "batch_in.csv"
    rnd = random.Random(31)
    with src.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "name", "birth_date", "nationality"])
        for i, name in enumerate([*generate(3000, all_names, seed=32), *extra[:400],
                                  *generate(600, all_names, seed=33, distinct=True)]):
            writer.writerow([f"q{i}", name, rnd.choice(["", "", "1970", "17/07/1964", "x"]),
                             rnd.choice(["", "", "kp", "ir"])])
    os.environ["UNSC_SCREENING_WORKERS"] = "2"
    report = screen_batch(src, dest / "batch.csv", limit=5, screener=both, chunk_size=500)
    summary = {k: v for k, v in report.to_dict().items() if k not in ("seconds", "input", "output")}
    (dest / "batch_report.json").write_text(json.dumps(summary, sort_keys=True, indent=1))
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    print(f"results.json {digest} ({len(text):,} chars); batch {report.queries} rows -> "
          f"{report.rows} result rows, {report.matches} matches", file=sys.stderr)


if __name__ == "__main__":
    main()
