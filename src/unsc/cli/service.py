"""Top-level service commands: ``serve``, ``keys``, ``audit``, ``decisions``, ``subjects``."""

from __future__ import annotations

from pathlib import Path

import typer

from unsc import settings
from unsc.cli.render import console, emit_json, err_console, table

__all__ = ["register"]

keys_app = typer.Typer(help="API keys (stored hashed) and their roles.", no_args_is_help=True)
audit_app = typer.Typer(help="The hash-chained audit trail.", no_args_is_help=True)
decisions_app = typer.Typer(help="Hit decisions and the review queue.", no_args_is_help=True)
subjects_app = typer.Typer(help="Registered subjects and delta re-screening.",
                           no_args_is_help=True)
JSON = typer.Option(False, "--json", help="Print JSON.")


def serve(host: str = typer.Option(None, help="Bind address (default: setting host)."),
          port: int = typer.Option(None, help="Port (default: setting port)."),
          workers: int = typer.Option(None, "--workers", min=1, help="Server processes "
                                      "sharing the port and the store (default: setting "
                                      "serve_workers); each holds its own screening index."),
          json_out: bool = JSON) -> None:
    """Start the REST API and the web UI (uvicorn) on the local store."""
    import uvicorn

    from unsc.api import create_app
    from unsc.compliance import audit, keys, subjects

    host = host or str(settings.get("host"))
    port = port or int(settings.get("port"))
    workers = workers or int(settings.get("serve_workers"))
    first_key = keys.ensure_bootstrap_key()
    audit.record_settings(actor="serve")
    subjects.rescreen_pending(actor="serve")  # lists loaded while the service was down
    status = subjects.service_status()
    if json_out:
        emit_json({"host": host, "port": port, "workers": workers, "admin_key": first_key,
                   "lists": status["versions"]})
    if first_key:
        console.print(f"First start: one-time admin key (store it now, it is not shown "
                      f"again):\n  [bold]{first_key}[/]", highlight=False)
    if not status["versions"]:
        console.print("No list loaded yet. Load one with [bold]unsc lists load FILE[/] or "
                      "fetch the UN list with [bold]unsc lists update[/].", highlight=False)
    from unsc.lists.snapshot import stale_notices

    for notice in stale_notices(status["versions"]):
        console.print(f"note: {notice}", highlight=False, soft_wrap=True)
    console.print(f"Serving on http://{host}:{port}/ui/ (API docs: /docs)"
                  + (f", {workers} processes" if workers > 1 else ""), highlight=False)
    if workers > 1:  # each process imports the factory: the app cannot be passed built
        uvicorn.run("unsc.api:create_app", factory=True, host=host, port=port,
                    workers=workers, log_level="warning")
    else:
        uvicorn.run(create_app(), host=host, port=port, log_level="warning")


@keys_app.command("create")
def keys_create(role: str = typer.Option(..., help="viewer, analyst or admin"),
                label: str = typer.Option(None, help="Who or what holds the key."),
                json_out: bool = JSON) -> None:
    """Create a key; the key itself is printed once."""
    from unsc.compliance import keys

    key, info = keys.create_key(role, label, actor="cli")
    if json_out:
        emit_json({"key": key, "role": info.role, "id": info.id})
    else:
        console.print(f"{info.role} key (shown once): [bold]{key}[/]", highlight=False)


@keys_app.command("list")
def keys_list(json_out: bool = JSON) -> None:
    """Keys by id, prefix and role (never the keys themselves)."""
    from unsc.compliance import keys

    found = keys.list_keys()
    if json_out:
        emit_json([k.to_dict() for k in found])
    else:
        table("API keys", ["id", "prefix", "role", "label", "created", "revoked"],
              [(k.id, k.prefix, k.role, k.label, k.created_at, k.revoked_at) for k in found])


@keys_app.command("revoke")
def keys_revoke(key_id: int, json_out: bool = JSON) -> None:
    """Revoke a key by id; its sessions end at once."""
    from unsc.compliance import keys

    info = keys.revoke_key(key_id, actor="cli")
    emit_json(info.to_dict()) if json_out else console.print(f"revoked key {info.id}")


@audit_app.command("verify")
def audit_verify(checkpoint: list[Path] = typer.Option(
        [], "--checkpoint", help="A file from `unsc audit checkpoint` (repeatable): prove no "
        "record at or before it was removed or rewritten."),
        json_out: bool = JSON) -> None:
    """Check seq, hash chain, MACs, checkpoints and the tables cross-checked against their
    records; exit 1 and name the first problem."""
    from unsc.compliance import audit

    result = audit.verify([audit.read_checkpoint(p) for p in checkpoint])
    emit_json(result.to_dict()) if json_out else console.print(result.message, highlight=False)
    if not result.ok:
        raise typer.Exit(1)


@audit_app.command("checkpoint")
def audit_checkpoint(output: Path = typer.Option(None, "--output", "-o", help="Also write "
                                                 "the checkpoint to this file."),
                     json_out: bool = JSON) -> None:
    """Print the signed head (seq, hash) of the trail; keep it off this machine."""
    from unsc.compliance import audit

    body = audit.checkpoint(actor="cli")
    text = audit.canonical_json(body)
    if output is not None:
        audit.write_checkpoint(output, body)
    if json_out:
        emit_json(body)
    else:
        console.print(text, highlight=False, soft_wrap=True)


@audit_app.command("rotate-key")
def audit_rotate_key(json_out: bool = JSON) -> None:
    """Sign new records with a fresh key; the rotation is recorded, old records verify."""
    from unsc.compliance import audit

    rec = audit.rotate_key(actor="cli")
    if json_out:
        emit_json(rec.to_dict())
    else:
        console.print(f"audit key {rec.payload['old_key_id']} -> {rec.payload['new_key_id']} "
                      f"(record {rec.seq})", highlight=False)


@audit_app.command("export")
def audit_export(output: Path = typer.Option(None, "--output", "-o", help="JSON lines file "
                                             "(default: stdout)."),
                 json_out: bool = JSON) -> None:
    """Export every record as JSON lines (to stdout unless --output names a file; with
    --output, --json prints a summary)."""
    import sys

    from unsc.compliance import audit

    if output is None:  # the records themselves are the JSON output
        count = 0
        for rec in audit.iter_records():
            sys.stdout.write(audit.canonical_json(rec.to_dict()) + "\n")
            count += 1
        err_console.print(f"{count} records exported", highlight=False)
        return
    count = audit.export(output)
    if json_out:
        emit_json({"output": str(output), "records": count})
    else:
        console.print(f"{count} records written to {output}")


@audit_app.command("list")
def audit_list(limit: int = 20, action: str = typer.Option(None), json_out: bool = JSON) -> None:
    """The newest records."""
    from unsc.compliance import audit

    records, _ = audit.list_records(limit, 0, action)
    if json_out:
        emit_json([r.to_dict() for r in records])
    else:
        table("Audit trail", ["seq", "at", "actor", "action"],
              [(r.seq, r.at, r.actor, r.action) for r in records])


@decisions_app.command("queue")
def decisions_queue(status: str = "pending", json_out: bool = JSON) -> None:
    """The review queue (pending = open + escalated)."""
    from unsc.compliance import decisions

    found = decisions.review_queue(status)
    if json_out:
        emit_json([a.to_dict() for a in found])
    else:
        table("Review queue", ["id", "subject", "entry", "score", "source", "status"],
              [(a.id, a.query.get("name"), a.caption, f"{a.score:.2f}", a.source, a.status)
               for a in found])


@decisions_app.command("decide")
def decisions_decide(alert_id: int, decision: str = typer.Option(
        ..., help="true_match, false_positive or escalate"),
        reason: str = typer.Option(..., help="Why (required)."),
        actor: str = typer.Option("cli", help="Who decides (recorded)."),
        json_out: bool = JSON) -> None:
    """Decide an alert."""
    from unsc.compliance import decisions

    made = decisions.decide(alert_id, decision, reason, actor)
    emit_json(made.to_dict()) if json_out else console.print(
        f"alert {alert_id}: {made.decision} (decision {made.id})")


@decisions_app.command("list")
def decisions_list(limit: int = 50, json_out: bool = JSON) -> None:
    """Recorded decisions, newest first."""
    from unsc.compliance import decisions

    found = decisions.list_decisions(limit)
    if json_out:
        emit_json([d.to_dict() for d in found])
    else:
        table("Decisions", ["id", "alert", "entry", "decision", "actor", "at", "reason"],
              [(d.id, d.alert_id, d.entity_id, d.decision, d.actor, d.at, d.reason)
               for d in found])


@subjects_app.command("add")
def subjects_add(ref: str, name: str, kind: str = "customer", schema: str = "Person",
                 birth_date: str = typer.Option(None), nationality: str = typer.Option(None),
                 id_number: str = typer.Option(None), json_out: bool = JSON) -> None:
    """Register (or update) a subject and screen it against the current lists."""
    from unsc.compliance import subjects

    subject, raised = subjects.register_subject(
        ref, name, kind=kind, schema=schema, birth_date=birth_date, nationality=nationality,
        id_number=id_number, actor="cli")
    if json_out:
        emit_json({"subject": subject.to_dict(), "alerts": [a.to_dict() for a in raised]})
    else:
        console.print(f"subject {subject.ref}: {len(raised)} new alert(s)")


@subjects_app.command("list")
def subjects_list(json_out: bool = JSON) -> None:
    """Registered subjects."""
    from unsc.compliance import subjects

    found = subjects.list_subjects()
    if json_out:
        emit_json([s.to_dict() for s in found])
    else:
        table("Subjects", ["ref", "kind", "name", "schema", "born", "nationality", "id"],
              [(s.ref, s.kind, s.name, s.schema, s.birth_date, s.nationality, s.id_number)
               for s in found])


@subjects_app.command("rescreen")
def subjects_rescreen(json_out: bool = JSON) -> None:
    """Screen subjects against entries changed since each list's last re-screening."""
    from unsc.compliance import subjects

    result = subjects.rescreen_pending(actor="cli")
    if json_out:
        emit_json(result.to_dict())
    else:
        for part in result.lists:
            console.print(f"{part['list']}: {part['old']} -> {part['new']}, "
                          f"{part['changed_entries']} changed entries screened")
        console.print(f"{result.subjects} subjects, {len(result.alerts)} new alert(s)")


def register(app: typer.Typer) -> None:
    """Attach the service commands to the root app."""
    app.command("serve")(serve)
    app.add_typer(keys_app, name="keys")
    app.add_typer(audit_app, name="audit")
    app.add_typer(decisions_app, name="decisions")
    app.add_typer(subjects_app, name="subjects")
