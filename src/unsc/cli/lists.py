"""`unsc lists` commands: load, versions, use, delete, show, diff, update, export.

Each command parses options, calls one function of :mod:`unsc.lists.service` (or
``update``/``export``) and renders the result; ``--json`` output is the public contract.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from unsc.cli.render import console, emit_json, err_console, table
from unsc.lists import service
from unsc.lists.model import Entity

__all__ = ["app"]

app = typer.Typer(help="Sanctions lists: load versions, choose the current one, show entries, "
                  "diff, update, export.",
                  no_args_is_help=True)

JSON = typer.Option(False, "--json", help="Machine-readable JSON on stdout.")


def _load_result(result: service.LoadResult, as_json: bool) -> None:
    # Every load, whatever adapter made it, is audited and delta re-screens the subjects.
    from unsc.compliance.subjects import after_list_load

    info = after_list_load(result, actor="cli")
    if as_json:
        emit_json(info)
    else:
        console.print(result.message, highlight=False)
        alerts = info["rescreen"]["alerts"]
        if alerts:
            console.print(f"{len(alerts)} new hit(s) for registered subjects: "
                          "see `unsc decisions queue`.", highlight=False)


FORCE = typer.Option(False, "--force", help="Load even if a load gate refuses (no entries, "
                     "shrinks more than max_shrink, completeness marker missing, future or "
                     "older date). Audited.")


@app.command("load")
def load(file: Path = typer.Argument(..., help="UN XML, OFAC CSV/XML or FtM JSON lines."),
         force: bool = FORCE,
         historical: bool = typer.Option(False, "--historical", help="Store as a non-current "
                                         "version (an older edition): screening is unchanged."),
         as_json: bool = JSON) -> None:
    """Load a list file as a new immutable version; it becomes current if the load gates
    pass (a no-op if the same bytes are stored)."""
    def run(progress: service.Progress | None = None) -> service.LoadResult:
        return service.load_list(file, force=force, historical=historical, actor="cli",
                                 progress=progress)

    if not as_json and console.is_terminal:
        with console.status(f"Loading {file} ...") as status:
            def progress(stage: str, done: int, total: int) -> None:  # FtM files stream
                status.update(f"Loading {file}: " + (
                    f"read {done * 100 // max(total, 1)} %" if stage == "read"
                    else f"{done:,} of {total:,} entities stored"))
            result = run(progress)
    else:
        result = run()
    _load_result(result, as_json)


@app.command("versions")
def versions(as_json: bool = JSON) -> None:
    """Stored versions, oldest publication first; * marks each list's current version."""
    found = service.list_versions()
    if as_json:
        emit_json([v.to_dict() for v in found])
        return
    table("List versions", ["", "version", "published", "persons", "others", "sha256"],
          [("*" if v.current else "", v.version, v.published, v.counts["individuals"],
            v.counts["entities"], v.sha256[:10]) for v in found])


@app.command("use")
def use(version: str = typer.Argument(..., help="Version id to make current (roll back or "
                                      "forward)."), as_json: bool = JSON) -> None:
    """Make a stored version the current one of its list (audited), then re-screen."""
    from unsc.compliance.subjects import rescreen_pending

    result = service.use_version(version, actor="cli")
    result["rescreen"] = rescreen_pending("cli").to_dict() if result["changed"] else None
    if as_json:
        emit_json(result)
    elif result["changed"]:
        console.print(f"{result['list']}: current version is now {version} "
                      f"(was {result['previous']})", highlight=False)
    else:
        console.print(f"{version} is already the current version of {result['list']}",
                      highlight=False)


@app.command("delete")
def delete(version: str = typer.Argument(..., help="Version id (not the current one)."),
           as_json: bool = JSON) -> None:
    """Delete a stored version that is not current, with its entries (audited)."""
    result = service.delete_version(version, actor="cli")
    if as_json:
        emit_json(result)
    else:
        console.print(f"deleted {version} ({result['entities']} entries)", highlight=False)


@app.command("show")
def show(ref: str = typer.Argument(..., help="Reference number (KPi.033) or id (un-KPi.033)."),
         as_of: str = typer.Option(None, "--as-of", help="Date YYYY-MM-DD: the entry as it "
                                   "stood then."),
         list_name: str = typer.Option(None, "--list", help="Only this list (un, ofac-sdn...)."),
         as_json: bool = JSON) -> None:
    """Show one entry, as of today or as of a date."""
    entity = service.show_entry(ref, as_of, list_name)
    # Which Council measures bind the entry on that date (issue 14): unsc.regime.
    from unsc.cli.binding import print_binding
    from unsc.regime import entry_measures

    binding = entry_measures(entity, as_of)
    if as_json:
        emit_json({**entity.to_dict(), "binding_measures": binding.to_dict()})
    else:
        _print_entity(entity)
        print_binding(binding)


def _print_entity(e: Entity) -> None:
    rows: list[tuple[str, Any]] = [
        ("id", e.id), ("list", e.list), ("schema", e.schema.value),
        ("reference", e.reference_number), ("programmes", ", ".join(e.programmes)),
        ("regimes", ", ".join(e.regimes)), ("listed on", e.listed_on),
        ("names", "\n".join(f"{n.value} ({n.kind}, {n.quality.value}"
                            f"{', ' + n.script if n.script else ''})" for n in e.names)),
        ("born", "; ".join(b.value or f"{b.year_from}-{b.year_to}" for b in e.birth_dates)),
        ("nationalities", ", ".join(e.nationalities)),
        ("documents", "\n".join(f"{d.type or ''} {d.number}" for d in e.documents)),
        ("comments", e.comments)]
    table(e.caption, ["field", "value"], [r for r in rows if r[1]])


@app.command("diff")
def diff(old: str = typer.Argument(..., help="Old version id (see `unsc lists versions`)."),
         new: str = typer.Argument(..., help="New version id."), as_json: bool = JSON) -> None:
    """Entries added, removed and amended (with field-level changes) between two versions."""
    result = service.diff_versions(old, new)
    if as_json:
        emit_json(result.to_dict())
        return
    console.print(f"{old} -> {new}: {len(result.added)} added, {len(result.removed)} removed, "
                  f"{len(result.amended)} amended", highlight=False)
    rows = [("added", r, "") for r in result.added] + [("removed", r, "") for r in
                                                        result.removed]
    rows += [("amended", a.ref, ", ".join(c.field for c in a.changes)) for a in result.amended]
    if rows:
        table("Changes", ["change", "ref", "fields"], rows)


@app.command("update")
def update_cmd(url: str = typer.Option(None, "--url", help="Override the un_list_url setting."),
               force: bool = FORCE, as_json: bool = JSON) -> None:
    """Download the current UN Consolidated List, validate it and load it."""
    from unsc.lists.update import update_un_list  # deferred: httpx import

    _load_result(update_un_list(url, force=force, actor="cli"), as_json)


@app.command("export")
def export(fmt: str = typer.Option("ftm", "--format", help="ftm, csv or json."),
           version: str = typer.Option(None, "--version", help="Version id (default: the "
                                       "current version of every list)."),
           output: Path = typer.Option(None, "--output", help="File to write (default: stdout)."),
           as_json: bool = JSON) -> None:
    """Export entities as FollowTheMoney JSON lines, CSV or JSON."""
    from unsc.lists import export as export_mod  # deferred: followthemoney import
    if output is None:
        count = export_mod.export_entities(fmt, sys.stdout, version)
    else:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            count = export_mod.export_entities(fmt, handle, version)
    summary = {"format": fmt, "version": version, "entities": count,
               "output": str(output) if output else None}
    if as_json and output is not None:
        emit_json(summary)
    else:
        err_console.print(f"exported {count} entities as {fmt}", highlight=False)
