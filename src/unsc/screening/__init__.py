"""Screening: find people, companies and vessels on the lists despite transliteration,
typos and aliases, and say why.

Layers: :mod:`normalize` (scripts, particles, legal forms) and :mod:`korean` (romanisation
variants) turn names into tokens; :mod:`index` finds candidates; :mod:`compare` and
:mod:`features` score and explain them; :mod:`screener` ties these together for any set
of entities; :mod:`service` screens against the lists in the store; :mod:`batch` screens
files in parallel.
"""

from unsc.screening.batch import BatchReport, screen_batch, screen_pairs
from unsc.screening.features import features_doc
from unsc.screening.screener import Screener
from unsc.screening.service import current_screener, score_pair, screen
from unsc.screening.types import FeatureScore, Hit, Query

__all__ = [
    "BatchReport",
    "FeatureScore",
    "Hit",
    "Query",
    "Screener",
    "current_screener",
    "features_doc",
    "score_pair",
    "screen",
    "screen_batch",
    "screen_pairs",
]
