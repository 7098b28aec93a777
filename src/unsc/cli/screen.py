"""`unsc screen` commands: name, batch, pairs, features.

Thin adapters over :mod:`unsc.screening`; ``--json`` output is the public contract.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.progress import Progress

from unsc.cli.render import console, emit_json, err_console, table
from unsc.screening import BatchReport, features_doc, screen_batch, screen_pairs

__all__ = ["app"]

app = typer.Typer(help="Screen names against the loaded sanctions lists.", no_args_is_help=True)

JSON = typer.Option(False, "--json", help="Machine-readable JSON on stdout.")
THRESHOLD = typer.Option(None, "--threshold", help="Match threshold 0..1 (default: setting "
                         "UNSC_MATCH_THRESHOLD).")
LIMIT = typer.Option(5, "--limit", min=1, help="Most candidates per query.")


@app.command("name")
def name(query: str = typer.Argument(..., help="Name in any script (\"Ri Won Ho\", \"조용철\")."),
         birth_date: str = typer.Option(None, "--birth-date", help="Date of birth as written "
                                        "(1964-07-17, 17/07/1964, 17 July 1964, 1964...)."),
         nationality: str = typer.Option(None, "--nationality", help="ISO code or country."),
         id_number: str = typer.Option(None, "--id-number", help="Passport, ID or IMO number."),
         schema: str = typer.Option(None, "--schema", help="Person, Organization or Vessel."),
         limit: int = LIMIT, threshold: float = THRESHOLD, as_json: bool = JSON) -> None:
    """Screen one name (audited); every hit says which list name matched and why."""
    from unsc.compliance import cli_audit

    result = cli_audit.screen_name({"name": query, "schema": schema, "birth_date": birth_date,
                                    "nationality": nationality, "id_number": id_number},
                                   limit, threshold)
    hits = result.hits
    for warning in result.warnings:  # stderr, so --json output stays the list of hits
        err_console.print(f"warning: {warning}", highlight=False)
    _stale_notes(result.versions)
    if as_json:
        emit_json(result.hit_dicts())  # each hit with the measures binding its entry
        return
    table(f"Screening {query!r}", ["score", "match", "reference", "list", "matched name",
                                   "measures", "why"],
          [(f"{h.score:.2f}", "MATCH" if h.match else "", h.entity.reference_number or
            h.entity.id, h.entity.list, h.matched_name,
            result.measures[h.entity.id].summary(citations=False), h.explanation)
           for h in hits])
    if not hits:
        console.print("No candidate found.")
    for h in hits:  # what a match obliges, with the paragraphs (`unsc lists show REF`)
        if h.match and result.measures[h.entity.id].bound:
            console.print(f"{h.entity.reference_number or h.entity.id}: "
                          f"{result.measures[h.entity.id].summary()}", highlight=False,
                          soft_wrap=True)


def _stale_notes(versions: list[dict[str, Any]]) -> None:
    """How old the lists screened against are, past ``stale_list_days`` (stderr)."""
    from unsc.lists.snapshot import stale_notices

    for notice in stale_notices(versions):
        err_console.print(f"note: {notice}", highlight=False, soft_wrap=True)


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    if not enabled:
        yield None
        return
    with Progress(console=err_console, transient=True) as bar:
        task = bar.add_task("Screening", total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total or None)


def _report(report: BatchReport, as_json: bool) -> None:
    if as_json:
        emit_json(report.to_dict())
        return
    console.print(f"{report.queries} queries screened in {report.seconds:.1f} s "
                  f"({report.matches} matching rows, {report.with_warnings} rows with "
                  f"warnings) -> {report.output}", highlight=False)
    if report.matches_by_list:
        console.print("matching rows by list: " + ", ".join(
            f"{k} {v}" for k, v in sorted(report.matches_by_list.items())), highlight=False)
    if report.cluster:
        console.print(f"Dask cluster {report.cluster['scheduler']}: {report.workers} workers, "
                      f"{report.threads} threads, {report.cluster['partitions']} partitions",
                      highlight=False)
    for p in report.problems[:50]:
        err_console.print(f"warning, {p.record}: {p.message}", highlight=False)
    if len(report.problems) > 50:
        err_console.print(f"... and {len(report.problems) - 50} more rows with warnings: see "
                          "the warnings column of the output", highlight=False)


@app.command("batch")
def batch(file: Path = typer.Argument(..., help="CSV or Parquet: id,name[,schema,birth_date,"
                                      "nationality,id_number]."),
          output: Path = typer.Option(..., "--output", "-o", help="CSV or Parquet result."),
          limit: int = LIMIT, threshold: float = THRESHOLD,
          scheduler: str = typer.Option(None, "--scheduler", help="Dask scheduler address "
                                        "(tcp://host:8786) or local[:N]: the workers read, "
                                        "screen and write partitions, and --output becomes a "
                                        "directory of parts plus _manifest.json (default: "
                                        "setting UNSC_DASK_SCHEDULER, else local processes)."),
          partitions: int = typer.Option(None, "--partitions", min=1, help="Partitions on a "
                                         "Dask cluster (default: 4 per worker thread)."),
          as_json: bool = JSON) -> None:
    """Screen a file of names in parallel (audited): one result group per input row; values
    that cannot be read are warnings on their row (the `warnings` column), never a skipped
    row."""
    from unsc.compliance import cli_audit

    with _progress(not as_json and err_console.is_terminal) as progress:
        report = screen_batch(file, output, limit=limit, threshold=threshold,
                              progress=progress, scheduler=scheduler, partitions=partitions)
    cli_audit.record_batch_file(report, limit, threshold)
    _report(report, as_json)
    from unsc.compliance.subjects import current_versions

    _stale_notes(current_versions())


@app.command("pairs")
def pairs(file: Path = typer.Argument(..., help="CSV or Parquet: id,name1,name2[,schema]."),
          output: Path = typer.Option(..., "--output", "-o", help="CSV or Parquet: id,score,"
                                      "match."),
          threshold: float = THRESHOLD, as_json: bool = JSON) -> None:
    """Score name pairs with the screening name comparison (no list needed)."""
    _report(screen_pairs(file, output, threshold=threshold), as_json)


@app.command("features")
def features(as_json: bool = JSON) -> None:
    """What each scoring feature means and weighs."""
    docs = features_doc()
    if as_json:
        emit_json(docs)
        return
    table("Screening features", ["feature", "weights", "meaning"],
          [(k, ", ".join(f"{n}={w}" for n, w in v["weights"].items()),  # type: ignore[attr-defined]
            v["description"]) for k, v in docs.items()])
