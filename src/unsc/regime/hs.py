"""Harmonized System codes: validation and prefix matching.

The 1718 resolutions name goods in words; only 2397 wrote HS codes into the text. A measure
therefore matches a good by HS prefix (chapter "89", heading "2701", subheading "271012").
A declared code is validated before any check: digits only (dots and spaces are ignored),
an even length of 2 to 10 digits (chapter, heading, subheading, national lines), and a chapter
that exists in the HS nomenclature (01-97; 77 is reserved, 98-99 are for national use).
"""

from __future__ import annotations

from collections.abc import Iterable

from unsc.errors import UnknownCodeError

__all__ = ["KNOWN_CHAPTERS", "hs_overlap", "normalise_hs"]

KNOWN_CHAPTERS = frozenset(f"{n:02d}" for n in range(1, 98) if n != 77)


def normalise_hs(code: object, where: str = "HS code") -> str:
    """The digits of a valid HS code, or :class:`UnknownCodeError` saying what is wrong."""
    if not isinstance(code, str | int):
        raise UnknownCodeError(f"{where}: {code!r} is not an HS code (expected 2-10 digits)")
    text = str(code).strip().replace(".", "").replace(" ", "")
    if not text.isdigit() or not text.isascii():
        raise UnknownCodeError(f"{where}: {code!r} is malformed; an HS code has digits only "
                               "(e.g. 2701 or 2701.12)")
    if not 2 <= len(text) <= 10 or len(text) % 2:
        raise UnknownCodeError(f"{where}: {code!r} has {len(text)} digits; expected 2, 4, 6, 8 "
                               "or 10 (chapter, heading, subheading, national line)")
    if text[:2] not in KNOWN_CHAPTERS:
        raise UnknownCodeError(f"{where}: {code!r} is in chapter {text[:2]}, which does not "
                               "exist in the HS (chapters 01-97, 77 reserved)")
    return text


def hs_overlap(code: str, prefixes: Iterable[str]) -> tuple[str, bool] | None:
    """The first prefix that overlaps ``code`` and whether the code is *broader* than it.

    ``("2701", False)``: the declared code lies inside the banned heading. ``("2701",
    True)``: the declared code (e.g. chapter 27) is wider than the banned heading, so it may
    contain banned goods and cannot be cleared without a more specific code.
    """
    for prefix in prefixes:
        if code.startswith(prefix):
            return prefix, False
    for prefix in prefixes:
        if prefix.startswith(code):
            return prefix, True
    return None
