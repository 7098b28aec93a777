"""`unsc lists snapshot`: load the UN list bundled with the package (a first start offline).

Registered on the ``lists`` group from here, so the group's own module stays as it is.
``scripts/run.sh`` calls it when the download of the current list fails.
"""

from __future__ import annotations

import typer

from unsc.cli.render import console, emit_json, err_console

__all__ = ["register", "snapshot_cmd"]


def snapshot_cmd(as_json: bool = typer.Option(False, "--json",
                                              help="Machine-readable JSON on stdout.")) -> None:
    """Load the UN Consolidated List snapshot shipped with unsc, unless a UN list is
    already loaded; says which list, its date and age, and how to update it."""
    from unsc.compliance.subjects import after_list_load
    from unsc.lists import snapshot

    snap = snapshot.bundled()
    loaded, present = snapshot.load_bundled(actor="cli")
    info = after_list_load(loaded, actor="cli") if loaded is not None else None
    version = loaded.version if loaded is not None else present.version if present else ""
    published = loaded.published if loaded is not None else present.published if present else ""
    ages = snapshot.list_ages([{"list": snap.list, "version": version, "published": published}])
    if as_json:
        emit_json({"snapshot": snap.to_dict(), "loaded": loaded is not None,
                   "version": version, "load": info, "list_ages": ages})
        return
    if loaded is not None:
        console.print(f"{loaded.message} from the bundled snapshot {snap.file}",
                      highlight=False, soft_wrap=True)
    else:
        console.print(f"a {snap.list} list is already loaded ({version}, published "
                      f"{published}); the bundled snapshot of {snap.published} was not loaded",
                      highlight=False, soft_wrap=True)
    if ages[0]["stale"]:
        err_console.print(f"note: {ages[0]['message']}", highlight=False, soft_wrap=True)


def register(lists_app: typer.Typer) -> None:
    lists_app.command("snapshot")(snapshot_cmd)
