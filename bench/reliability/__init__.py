"""Reliability under faults and hostile input, one table per module (issue 9).

Every public module here (name without a leading underscore) defines the same interface,
which ``bench/bench_reliability.py`` runs in name order and writes to docs/reliability.md:

- ``TITLE: str`` - the section heading;
- ``COLUMNS: list[str]`` - the table's columns, in order;
- ``run(quick: bool) -> list[dict[str, object]]`` - the rows (keys are COLUMNS); ``quick``
  bounds the work for a fast check;
- ``NOTES: str`` - the goals and the method, printed under the table.

Everything runs locally (temporary stores, loopback only) and in bounded time.
"""
