"""`kill -9` during `unsc lists load` (a real subprocess) at several points: start-up,
parsing, inside the write transaction (the SQLite write-ahead log growing), after the
commit. The store must hold either the whole new version with its pointer and audit
record, or no trace of it, and every earlier record (see bench/reliability/_kills.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench.reliability._kills import full_load_seconds, kill_load, prepare


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("kill-template")
    prepare(home)
    return home


@pytest.fixture(scope="module")
def seconds(template: Path, tmp_path_factory: pytest.TempPathFactory) -> float:
    return full_load_seconds(tmp_path_factory.mktemp("kill-timing") / "home", template)


@pytest.mark.parametrize("point", ["delay 0.15", "delay 0.5", "wal 1", "wal 2000000",
                                   "wal 8000000", "delay 1.1"])
def test_kill_during_load_leaves_the_store_whole(template: Path, seconds: float,
                                                 tmp_path: Path, point: str) -> None:
    kind, value = point.split()
    home = tmp_path / "home"
    prepare(home, template)
    if kind == "delay":  # a fraction of an uninterrupted load's wall time
        verdict = kill_load(home, delay=float(value) * seconds)
    else:
        verdict = kill_load(home, wal_bytes=int(value))
    assert verdict.ok, verdict
    if kind == "wal":  # the write transaction had started and not committed
        assert not verdict.loaded and "already finished" not in verdict.point, verdict
    if point == "delay 1.1":
        assert verdict.loaded, verdict
