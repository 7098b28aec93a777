"""`kill -9` during `unsc lists load` (a real subprocess) at several points: start-up and
parsing, the moment the write transaction starts, deep inside it (the SQLite write-ahead
log grown by megabytes), and after the commit. The store must hold either the whole new
version with its pointer and audit record, or no trace of it, and every earlier record
(see bench/reliability/_kills.py, which the reliability table also uses)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench.reliability._kills import kill_load, prepare


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("kill-template")
    prepare(home)
    return home


@pytest.fixture(scope="module")
def write_starts(template: Path, tmp_path_factory: pytest.TempPathFactory) -> float:
    """Seconds from start to the first write (itself a kill: as the write begins)."""
    home = tmp_path_factory.mktemp("kill-first-write") / "home"
    prepare(home, template)
    verdict = kill_load(home, wal_bytes=1)
    assert verdict.ok and not verdict.loaded, verdict
    assert "already finished" not in verdict.point, verdict
    return verdict.seconds


@pytest.mark.parametrize("point", ["delay 0.2", "delay 0.7", "wal 8000000", "committed -"])
def test_kill_during_load_leaves_the_store_whole(template: Path, write_starts: float,
                                                 tmp_path: Path, point: str) -> None:
    kind, value = point.split()
    home = tmp_path / "home"
    prepare(home, template)
    if kind == "delay":  # start-up and parsing: a fraction of the time to the first write
        verdict = kill_load(home, delay=float(value) * write_starts)
        fraction = float(value)
        while verdict.loaded and fraction > 0.05:
            # the load ran faster than when its first write was timed (a machine whose
            # other work just stopped): the store must still be whole, and the kill is
            # tried again earlier, so it does land during start-up and parsing
            assert verdict.ok, verdict
            fraction /= 2
            home = tmp_path / f"home-{fraction:.3f}"
            prepare(home, template)
            verdict = kill_load(home, delay=fraction * write_starts)
    elif kind == "wal":  # deep inside the write transaction, before its commit
        verdict = kill_load(home, wal_bytes=int(value))
    else:  # as soon as the version row is visible: while the subject is re-screened
        verdict = kill_load(home, committed=True)
    assert verdict.ok, verdict
    assert "already finished" not in verdict.point, verdict
    assert verdict.loaded == (kind == "committed"), verdict
