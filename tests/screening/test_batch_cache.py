"""The batch result cache stays within its byte budget and never changes a result."""

from __future__ import annotations

import pytest

from unsc.screening import Screener, batch


def _task(i: int, name: str) -> tuple[object, ...]:
    return (f"q{i}", name, "", "", "", "", i + 2, ())


def test_cache_is_bounded_in_bytes_and_results_do_not_change(
        real_screener: Screener, monkeypatch: pytest.MonkeyPatch) -> None:
    names = [f"Kim Yong {chr(65 + i % 26)}{chr(65 + i // 26)}ol" for i in range(300)]
    chunk = [_task(i, n) for i, n in enumerate(names * 2)]
    monkeypatch.setenv("UNSC_BATCH_CACHE_MB", "100")
    roomy = batch.screen_rows(real_screener, chunk, 3, None)
    assert len(batch._RESULTS.items) == 300  # every distinct query kept, repeats served
    monkeypatch.setenv("UNSC_BATCH_CACHE_MB", "0.05")
    batch._RESULTS.owner = None  # start empty under the small budget
    tight = batch.screen_rows(real_screener, chunk, 3, None)
    assert batch._RESULTS.bytes <= 50_000
    assert 0 < len(batch._RESULTS.items) < 300
    assert tight == roomy
