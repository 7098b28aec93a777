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
         new: str = typer.Argument(..., help="New version id."),
         page: int = typer.Option(None, "--page", min=1, help="Page of the report (50 rows "
                                  "a page by default); with --json, the paged report."),
         per_page: int = typer.Option(50, "--per-page", min=1, max=500,
                                      help="Rows a page."),
         kind: str = typer.Option("", "--kind", help="Only added, removed or amended."),
         list_type: str = typer.Option("", "--list-type", help="Only entries of this UN list "
                                       "type (DPRK, Al-Qaida...)."),
         field: str = typer.Option("", "--field", help="Only amendments of this field "
                                   "(names, comments, extra.X...)."),
         as_json: bool = JSON) -> None:
    """Entries added, removed and amended between two versions: summary counts, then one page
    of named entries and word-level before/after ([-removed-] {+added+}), as the web diff
    page shows them. `--json` without `--page` is the whole diff in one document."""
    if as_json and page is None and not (kind or list_type or field):
        emit_json(service.diff_versions(old, new).to_dict())
        return
    report = service.diff_page(old, new, kind=kind.strip(), list_type=list_type.strip(),
                               field=field.strip(), page=page or 1, per_page=per_page)
    if as_json:
        emit_json(report)
        return
    counts = report["summary"]
    console.print(f"{old} -> {new}: {counts['added']} added, {counts['removed']} removed, "
                  f"{counts['amended']} amended", highlight=False)
    if counts["fields"]:
        console.print("amended fields: " + ", ".join(f"{k} {v}" for k, v in
                                                     counts["fields"].items()),
                      highlight=False, soft_wrap=True)
    if report["rows"]:
        table(f"Page {report['page']} of {report['pages']} ({report['matching']} rows)",
              ["change", "ref", "name", "list type", "field", "before -> after"],
              [(r["kind"], r["ref"], r["caption"], ", ".join(r["list_types"]),
                r.get("field", ""), _change_text(r.get("change"))) for r in report["rows"]])
    if report["page"] < report["pages"]:
        console.print(f"next: --page {report['page'] + 1}", highlight=False)


def _change_text(change: dict[str, Any] | None) -> str:
    """A change for a terminal, readable without colour: wdiff's ``[-old-] {+new+}``."""
    if not change:
        return ""
    if change["type"] == "text":
        marks = {"delete": "[-{}-]", "insert": "{{+{}+}}", "equal": "{}", "skip": "{}"}
        before = "".join(marks[s["op"]].format(s["text"]) for s in change["short_old"])
        after = "".join(marks[s["op"]].format(s["text"]) for s in change["short_new"])
        return f"{before} -> {after}".replace("\n", " ")
    parts = [f"removed: {'; '.join(change['removed'])}" if change["removed"] else "",
             f"added: {'; '.join(change['added'])}" if change["added"] else "",
             "order changed" if change.get("reordered") else ""]
    return " / ".join(p for p in parts if p)


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
