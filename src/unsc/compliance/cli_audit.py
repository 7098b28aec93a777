"""Audit records for screenings run from the command line.

The README promises that screenings are audited, and a compliance team screening a
customer file with ``unsc screen batch`` needs that record as much as one screening
through the API. A CLI name screening is recorded like an API one (query, list versions,
results). A file batch is recorded by content rather than row by row: the SHA-256 of the
input and of the written output, with counts and list versions, so an auditor can prove
which results came from which file without a million-row payload. The setting
``cli_audit`` turns these records off (the README says so).
"""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

from unsc import settings
from unsc.compliance import audit, subjects
from unsc.screening.batch import BatchReport

__all__ = ["cli_actor", "enabled", "record_batch_file", "screen_name"]


def cli_actor() -> str:
    """``cli:<login name>``: who ran the command, as far as the OS says."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no passwd entry (some containers)
        return "cli"


def enabled() -> bool:
    return bool(settings.get("cli_audit"))


def screen_name(query: dict[str, Any], limit: int, threshold: float | None,
                ) -> subjects.ScreenResult:
    """Screen one query for ``unsc screen name``; audited unless ``cli_audit`` is off."""
    return subjects.screen_query(query, cli_actor(), limit, threshold, audited=enabled())


def _sha256(path: Path) -> str | None:
    """The file's SHA-256, or None when it cannot be read (the record says so)."""
    from unsc.screening.batchio import file_sha256

    try:
        return file_sha256(path)
    except OSError:
        return None


def record_batch_file(report: BatchReport, limit: int, threshold: float | None,
                      ) -> audit.AuditRecord | None:
    """Record a finished ``unsc screen batch`` run (None when ``cli_audit`` is off)."""
    if not enabled():
        return None
    output = Path(report.output)
    if output.is_dir():  # a Dask run's parts: the manifest holds each part's SHA-256
        output = output / "_manifest.json"
    payload = {"input": report.input, "input_sha256": _sha256(Path(report.input)),
               "output": report.output, "output_sha256": _sha256(output),
               "queries": report.queries, "rows": report.rows, "matches": report.matches,
               "rows_with_warnings": report.with_warnings, "limit": limit, "threshold": threshold,
               "versions": subjects.current_versions()}
    return audit.record("screen.batch.file", payload, cli_actor())
