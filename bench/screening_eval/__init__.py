"""Screening-quality evaluation: a labelled, deterministic evaluation built from the real lists.

The evaluation is built from the UN Consolidated List and the OFAC SDN list in
``../shared/data`` (never copied into the repository) and run through unsc, nomenklatura's
logic-v2 and a plain Jaro-Winkler baseline by ``bench/bench_screening_quality.py``.
"""

from bench.screening_eval.dataset import Dataset, Pair, ScreenQuery, build_dataset

__all__ = ["Dataset", "Pair", "ScreenQuery", "build_dataset"]
