"""Screening time per request: a deadline, and screening turns taken in arrival order.

Why not a timeout that abandons the work: a Python thread cannot be stopped from outside,
so a request "timed out" that way keeps burning CPU after its answer. Instead:

- every screening request gets a deadline (``api_request_seconds`` from its start); the
  batch loop (``subjects.screen_many``) calls :func:`screening_turn`'s pacer before each
  name, which stops the batch past the deadline (503, nothing recorded). The work per
  name is bounded by the input limits (name length, names per query), so the thread stops
  within one name of its deadline: the server is actually freed;
- at most ``api_screen_concurrency`` requests screen at once (default 1: screening is
  pure Python, so a second thread adds no throughput, only contention for the interpreter
  lock, which is what made ``/healthz`` wait behind heavy batches). The others wait, in
  arrival order and blocked rather than spinning, until their own deadline;
- a batch that has screened for ``SLICE`` seconds gives up its turn (between two names)
  whenever another request waits, and queues again: requests share the screening time
  round-robin, so a single ``/screen`` is answered within a slice of arriving, not after
  the 500-name batch ahead of it.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from unsc import settings
from unsc.errors import TimeLimitError

__all__ = ["SLICE", "Pacer", "deadline", "screening_slot", "screening_turn"]

Pacer = Callable[[int, int], None]
"""Called with (names done, names in the request) before each name is screened."""
SLICE = 0.05
"""Seconds a request screens before it lets a waiting request take a turn."""


def deadline() -> float:
    """The monotonic time by which a request starting now must be done screening."""
    return time.monotonic() + float(settings.get("api_request_seconds"))


class _Gate:
    """Up to ``size`` holders at once; waiters are admitted first come, first served."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.active = 0
        self.queue: deque[object] = deque()
        self.cond = threading.Condition()

    def acquire(self, until: float) -> None:
        me = object()
        with self.cond:
            self.queue.append(me)
            while not (self.active < self.size and self.queue[0] is me):
                remaining = until - time.monotonic()
                if remaining <= 0:
                    self.queue.remove(me)
                    self.cond.notify_all()
                    raise TimeLimitError(
                        "the service is busy screening other requests and this one ran "
                        "out of its time (setting api_request_seconds) waiting; retry later")
                self.cond.wait(remaining)
            self.queue.popleft()
            self.active += 1
            self.cond.notify_all()

    def release(self) -> None:
        with self.cond:
            self.active -= 1
            self.cond.notify_all()

    @property
    def waiting(self) -> bool:
        return bool(self.queue)


_gates: dict[int, _Gate] = {}
_gates_lock = threading.Lock()


def _gate() -> _Gate:
    size = max(1, int(settings.get("api_screen_concurrency")))
    with _gates_lock:
        found = _gates.get(size)
        if found is None:
            found = _gates[size] = _Gate(size)
        return found


@contextmanager
def screening_turn(until: float) -> Iterator[Pacer]:
    """Hold a screening turn until the block ends; yields the pacer for the batch loop.
    TimeLimitError when no turn frees up by ``until`` or the batch runs past it."""
    gate = _gate()
    gate.acquire(until)
    holding, turn_started = True, time.monotonic()

    def pace(done: int, total: int) -> None:
        nonlocal holding, turn_started
        now = time.monotonic()
        if now > until:
            raise TimeLimitError(f"screening stopped after {done} of {total} names: the "
                                 "request ran over its time (setting api_request_seconds); "
                                 "send smaller batches")
        if gate.waiting and now - turn_started >= SLICE:
            gate.release()
            holding = False
            gate.acquire(until)
            holding, turn_started = True, time.monotonic()

    try:
        yield pace
    finally:
        if holding:
            gate.release()


@contextmanager
def screening_slot(until: float) -> Iterator[None]:
    """A turn for a single screening (no batch loop to pace)."""
    with screening_turn(until):
        yield
