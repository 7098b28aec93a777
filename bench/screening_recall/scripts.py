"""Latin names written in other scripts, by ICU's Latin-to-X transliterators.

A customer file, a foreign registry or a visa form may give a listed person's name in
Cyrillic, Greek, Hebrew, Armenian, Georgian, Arabic, Hangul or Katakana. ICU (PyICU, the
``Latin-X`` transforms of CLDR) writes the Latin name as a reader of that script would.
The transforms work on lower case (Georgian has no capitals). Their output is kept as ICU
writes it, vowel points included: Hebrew and Arabic without them lose the vowels of the
name altogether (ICU writes short vowels as marks).
"""

from __future__ import annotations

from functools import cache

import icu

__all__ = ["SCRIPTS", "convert"]

SCRIPTS = ("Cyrillic", "Greek", "Hebrew", "Armenian", "Georgian", "Arabic", "Hangul",
           "Katakana")


@cache
def _transliterator(script: str) -> icu.Transliterator:
    return icu.Transliterator.createInstance(f"Latin-{script}")


def convert(name: str, script: str) -> str:
    """``name`` in ``script``."""
    return str(_transliterator(script).transliterate(name.lower()))
