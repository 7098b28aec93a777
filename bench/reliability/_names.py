"""Real listed names (the UN list of 2026-05-08) for request payloads."""

from __future__ import annotations

from functools import lru_cache

from bench.reliability._server import UN_FILE

__all__ = ["listed_names"]


@lru_cache(maxsize=1)
def listed_names() -> list[str]:
    from unsc.lists.readers import read_list

    names = [n.value for e in read_list(UN_FILE).entities for n in e.names if n.value]
    return sorted(set(names))
