"""Domain data for normalisation: Latin spellings of common Arabic-origin names, glued legal
forms, and Chinese business terms.

Kept apart from :mod:`unsc.screening.normalize` so the rules there stay readable. Every
table is deliberately small and conservative: a spelling is folded only when it is a
well-known transliteration of the same Arabic name (Umar = Omar, not Said = Sayed, which
are two names, سعيد and سيد), because a fold that joins two names raises false positives
for every customer called either.
"""

from __future__ import annotations

import re

__all__ = ["HAN_TERMS", "HAN_TERMS_RE", "LONG_LEGAL_FORMS", "NAME_VARIANTS", "squash",
           "undouble"]


def _fold(canonical: str, *spellings: str) -> dict[str, str]:
    return dict.fromkeys((canonical, *spellings), canonical)


NAME_VARIANTS: dict[str, str] = {
    **_fold("omar", "umar", "omer", "oumar", "umer"),
    **_fold("osama", "usama", "oussama", "ousama", "usamah", "osamah"),
}
"""Latin spellings of one Arabic given name -> the list's most frequent one (whole tokens).

Only names whose variants differ in the first vowel, which the scorer's strictness on
short tokens cannot forgive. A wider table (Muhammad, Yusuf, Husayn, Khalid... folded)
was measured on the quality benchmark and lost: typos of the list's own spelling moved
away from the folded form, and surname-sharing negatives rose; sound-alike keys already
pair Mohammed and Muhammad."""

LONG_LEGAL_FORMS = ("corporation", "incorporated", "company", "limited", "group")
"""Legal-form words long enough to recognise when glued to a name (SABALANCOMPANY); short
ones (co, ltd) end too many ordinary words (MOROCCO)."""

HAN_TERMS: dict[str, str] = {
    "有限责任公司": " llc ", "有限責任公司": " llc ", "股份有限公司": " jsc ",
    "有限公司": " ltd ", "公司": " company ", "集团": " group ", "集團": " group ",
    "贸易": " trading ", "貿易": " trading ", "商贸": " trading ", "商貿": " trading ",
    "船务": " shipping ", "船務": " shipping ", "航运": " shipping ", "航運": " shipping ",
    "海运": " shipping ", "海運": " shipping ", "船舶": " ship ", "物流": " logistics ",
    "国际": " international ", "國際": " international ", "香港": " hongkong ",
    "实业": " industrial ", "實業": " industrial ", "工业": " industry ",
    "工業": " industry ", "科技": " technology ", "技术": " technology ",
    "技術": " technology ", "投资": " investment ", "投資": " investment ",
    "控股": " holdings ", "银行": " bank ", "銀行": " bank ", "石油": " petroleum ",
    "能源": " energy ", "发展": " development ", "發展": " development ",
    "电子": " electronics ", "電子": " electronics ", "矿业": " mining ",
    "礦業": " mining ", "化工": " chemical ", "进出口": " import export ",
    "進出口": " import export ", "代理": " agency ",
}
"""Common Chinese company words -> the English word such companies use in Latin script
(華信船務(香港)有限公司 = HUAXIN SHIPPING (HONG KONG) LTD); the rest is pinyin."""
HAN_TERMS_RE = re.compile("|".join(sorted(map(re.escape, HAN_TERMS), key=len, reverse=True)))

_DOUBLED = re.compile(r"([b-df-hj-np-tv-z])\1+")


def undouble(token: str) -> str:
    """One consonant for a doubled one (SAYYED = SAYED, HAQQANI = HAQANI): transliterations
    write the Arabic shadda, or not, at will. Short tokens keep theirs: in DASS or ROSS
    the double letter is a good part of what little there is to tell names apart, and
    long ones may be two names glued (DJAMELLOUNICI), whose seam the scorer looks for."""
    return _DOUBLED.sub(r"\1", token) if 5 <= len(token) <= 10 else token


def squash(written: str) -> str:
    """A name written without spaces with every doubled consonant made single, whatever
    its length: the list's MOHAMMAD YAQOUB is indexed as ``mohamad`` + ``yaqoub`` (see
    :func:`undouble`), a customer's MOHAMMADYAQOUB is one long token that keeps its MM, and
    only squashed do the two written-together forms meet. Short strings are left alone:
    acronyms (KKS, KKBC) are told apart by their doubled letters."""
    return _DOUBLED.sub(r"\1", written) if len(written) >= 6 else written
