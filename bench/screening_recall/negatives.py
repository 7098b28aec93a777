"""Common names from many cultures that are not on the lists: "must not match" queries.

Frequent given names x frequent surnames of each culture, in the usual Latin spelling
(the common-name table the earlier quality bench used, from public frequency lists), as two-part
names in the culture's own order, plus twice as many three-part names (two given names, or a
given and a father's name). A name is removed, and counted, when a listed name carries
all of its words (``Ahmed Saleh`` for ``SALEH, Ahmed Ali``; equal names included), or
the same letters spaced otherwise, in any word order (``Li Fang Wei`` for ``LI, Fangwei``):
screening *should* raise such a name for review, so an alert on it is not false.
Romanisation variants of listed names (``Alexander Sokolov`` / ``ALEKSANDR SOKOLOV``) are
not removed by this rule; the report lists the negatives that alert so they can be judged.
"""

from __future__ import annotations

import hashlib
import random
from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import permutations

from bench.screening_recall.records import SPLITS, key

__all__ = ["CULTURES", "common_names"]

# culture -> (given names, surnames, surname_first)
CULTURES: dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]] = {
    "korean": (("Min Jun", "Seo Yeon", "Ji Hoon", "Ha Eun", "Do Yun", "Ji Woo", "Hyun Woo",
                "Su Bin", "Jae Won", "Eun Ji", "Sang Hoon", "Mi Kyung", "Dong Hyun"),
               ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim",
                "Han", "Oh"), True),
    "chinese": (("Wei", "Fang", "Xiuying", "Jun", "Lei", "Jing", "Tao", "Ming", "Hui",
                 "Yan", "Xiaoming", "Li Na"),
                ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou",
                 "Xu", "Sun"), True),
    "arabic": (("Mohammed", "Ahmed", "Omar", "Youssef", "Khalid", "Fatima", "Aisha",
                "Ibrahim", "Layla", "Tariq", "Nour", "Samir"),
               ("Haddad", "Khoury", "Mansour", "Nasser", "Saleh", "Hamdan", "Farouk",
                "Aziz", "Sabbagh", "Qasim", "Bakri", "Darwish"), False),
    "persian": (("Reza", "Mehdi", "Hossein", "Zahra", "Maryam", "Amir", "Hamid", "Saeed",
                 "Parisa", "Dariush"),
                ("Hosseini", "Mohammadi", "Ahmadi", "Rezaei", "Moradi", "Karimi", "Rahimi",
                 "Jafari", "Sadeghi", "Tehrani"), False),
    "russian": (("Ivan", "Sergei", "Alexander", "Dmitry", "Andrei", "Mikhail", "Nikolai",
                 "Pavel", "Yuri", "Vladimir"),
                ("Ivanov", "Smirnov", "Kuznetsov", "Popov", "Vasiliev", "Sokolov",
                 "Mikhailov", "Novikov", "Fedorov", "Morozov"), False),
    "hispanic": (("Jose", "Juan", "Maria", "Carlos", "Luis", "Ana", "Jorge", "Pedro",
                  "Miguel", "Carmen", "Sofia"),
                 ("Garcia", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez",
                  "Perez", "Sanchez", "Ramirez", "Torres", "Flores"), False),
    "english": (("James", "John", "Robert", "Michael", "William", "Mary", "Patricia",
                 "Jennifer", "Linda", "Elizabeth", "David"),
                ("Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis",
                 "Wilson", "Anderson", "Taylor", "Thomas"), False),
    "indian": (("Rahul", "Priya", "Amit", "Sunita", "Rajesh", "Anjali", "Vikram", "Pooja",
                "Suresh", "Deepak", "Kavita"),
               ("Sharma", "Patel", "Singh", "Kumar", "Gupta", "Reddy", "Iyer", "Das",
                "Mehta", "Joshi", "Nair"), False),
    "turkish": (("Mehmet", "Mustafa", "Ahmet", "Ayse", "Emine", "Hasan", "Huseyin",
                 "Fatma", "Murat", "Elif"),
                ("Yilmaz", "Kaya", "Demir", "Sahin", "Celik", "Yildiz", "Yildirim",
                 "Ozturk", "Aydin", "Arslan"), False),
    "african": (("Oluwaseun", "Chinedu", "Amina", "Kwame", "Abdullahi", "Ngozi", "Tendai",
                 "Fatou", "Moussa", "Grace"),
                ("Okafor", "Adeyemi", "Mensah", "Diallo", "Traore", "Mwangi", "Ndlovu",
                 "Okonkwo", "Abubakar", "Banda"), False),
}


def split_of_name(name: str) -> str:
    return SPLITS[hashlib.sha256(name.encode()).digest()[0] & 1]


def _contained(listed: Iterable[str]) -> Callable[[str], bool]:
    """Whether some listed name (given by its key) has every word of a name, or is the
    same letters spaced otherwise in some word order (names of up to four words)."""
    by_word: dict[str, list[frozenset[str]]] = defaultdict(list)
    joined: set[str] = set()
    for k in listed:
        split = k.split()
        words = frozenset(split)
        for w in words:
            by_word[w].append(words)
        if len(split) <= 4:
            joined.update("".join(p) for p in permutations(split))

    def contained(name: str) -> bool:
        split = key(name).split()
        words = frozenset(split)
        first = min(words, key=lambda w: (len(by_word.get(w, ())), w))
        if any(words <= listed_words for listed_words in by_word.get(first, ())):
            return True
        return any("".join(p) in joined for p in permutations(split))
    return contained


def common_names(listed: Iterable[str], seed: int,
                 ) -> tuple[list[tuple[str, str, str]], int]:
    """((name, culture, split) ..., number removed as carried by a listed name), from the
    keys of every listed name. Deterministic in ``seed``."""
    contained = _contained(listed)
    rng = random.Random(f"{seed}|negatives")
    out: list[tuple[str, str, str]] = []
    removed = 0
    for culture, (given, surnames, surname_first) in CULTURES.items():
        names = [f"{s} {g}" if surname_first else f"{g} {s}" for g in given for s in surnames]
        triples = [(g, h, s) for g in given for h in given if g != h for s in surnames]
        for g, h, s in rng.sample(triples, min(2 * len(names), len(triples))):
            names.append(f"{s} {g} {h}" if surname_first else f"{g} {h} {s}")
        for name in dict.fromkeys(names):
            if contained(name):
                removed += 1
                continue
            out.append((name, culture, split_of_name(name)))
    return out, removed
