"""`unsc regime` commands: every regime's status, one regime as of a date, what-if diffs,
shipment checks and oil caps (the last three are 1718 only)."""

from __future__ import annotations

from pathlib import Path

import typer

from unsc.cli.render import emit_json, table

__all__ = ["app"]

app = typer.Typer(help="UN sanctions regimes: status and measures as of a date; for 1718 "
                  "also what-ifs, shipment and oil-cap checks.", no_args_is_help=True)

AS_OF = typer.Option(None, "--as-of", help="Date YYYY-MM-DD (default: today).")
WHAT_IF = typer.Option(None, "--what-if", help="Replay a failed draft, e.g. S/2022/431.")
JSON = typer.Option(False, "--json", help="Machine-readable output.")


@app.command("list")
def list_regimes(as_of: str | None = AS_OF, as_json: bool = JSON) -> None:
    """Every regime with its status (active, terminated, ended) and measures on a date."""
    from unsc.regime import regime_list

    found = regime_list(as_of)
    if as_json:
        return emit_json([r.to_dict() for r in found])
    table(f"UN sanctions regimes as of {found[0].as_of if found else as_of}",
          ["regime", "name", "status", "since", "measures", "list types"],
          [(r.info.id, r.info.name, r.status.status, r.status.on, r.measure_count,
            ", ".join(r.info.list_types)) for r in found])


@app.command("show")
def show(regime: str = typer.Argument("1718", help="Regime id or alias (1267, ISIL, 2713...)."),
         as_of: str | None = AS_OF, what_if: str | None = WHAT_IF,
         as_json: bool = JSON) -> None:
    """Measures in force on a date, each with its citation and verification flag."""
    from unsc.regime import regime_as_of

    state = regime_as_of(regime, as_of, what_if)
    if as_json:
        return emit_json(state.to_dict())
    status = state.info.status_on(state.as_of).status if state.info else ""
    table(f"Regime {state.regime} ({state.info.name if state.info else ''}, {status}) as of "
          f"{state.as_of}" + (f" (what-if {what_if})" if what_if else ""),
          ["id", "kind", "dir", "citation", "V"],
          [(m.id, m.kind.value, m.direction.value if m.direction else "", m.citation,
            m.verification) for m in state.measures])
    for note in state.notes:
        typer.echo(f"note: {note}")


@app.command("diff")
def diff(regime: str = typer.Argument("1718"),
         what_if: str = typer.Option(..., "--what-if", help="Draft symbol, e.g. S/2022/431."),
         as_of: str | None = AS_OF, as_json: bool = JSON) -> None:
    """The real regime and the regime under a what-if draft, side by side."""
    from unsc.regime import regime_diff

    result = regime_diff(regime, what_if, as_of)
    if as_json:
        return emit_json(result.to_dict())
    rows = [("changed", a.id, b.id, b.scope) for a, b in result.changed]
    rows += [("added", "", m.id, m.scope) for m in result.added]
    rows += [("removed", m.id, "", m.scope) for m in result.removed]
    table(f"{regime} vs what-if {what_if} on {result.as_of}",
          ["change", "current", "what-if", "scope"], rows)
    table("Elements of the draft", ["element", "status"],
          [(e["element"], e["status"]) for e in result.elements])


@app.command("check")
def check(shipment: Path = typer.Argument(..., help="SHIPMENT.json (format in the README)."),
          as_of: str | None = typer.Option(None, "--as-of", help="Date (default: shipment's)."),
          what_if: str | None = WHAT_IF, as_json: bool = JSON) -> None:
    """Verdict on a shipment, with every triggering measure and its citation."""
    from unsc.compliance.shipment import check_shipment_file

    verdict = check_shipment_file(shipment, as_of, what_if)
    if as_json:
        return emit_json(verdict.to_dict())
    typer.echo(f"verdict: {verdict.verdict}")
    table("Measures", ["id", "citation", "effect", "reason"],
          [(t.measure.id, t.measure.citation, t.effect, t.reason) for t in verdict.triggers])
    for route in verdict.exemption_route:
        typer.echo(f"exemption route: {route['citation']} ({route['kind']}): "
                   f"{route['procedure']}")
    for note in verdict.notes:
        typer.echo(f"note: {note}")


@app.command("oil-cap")
def oil_cap(ledger: Path = typer.Argument(..., help="LEDGER.csv: date,supplier,product,"
                                          "quantity,unit"),
            period: int = typer.Option(..., "--period", help="Period label (year)."),
            product: str = typer.Option("refined", "--product", help="refined or crude."),
            what_if: str | None = WHAT_IF, as_json: bool = JSON) -> None:
    """Cap, delivered, remaining and threshold events for one period of the ledger."""
    from unsc.compliance.oil_cap import ledger_report

    report = ledger_report(ledger, period, product, what_if)
    if as_json:
        return emit_json(report)
    table(f"{product} cap {period} ({report['measure']['citation']})",
          ["cap", "delivered", "remaining", "exceeded"],
          [(report["cap"], report["delivered"], report["remaining"], report["exceeded"])])
    for event in report["threshold_events"]:
        typer.echo(f"{event['date']}: {event['percent']}% reached - {event['action']}")
    for warning in report["warnings"]:
        typer.echo(f"warning: line {warning['line']}: {warning['message']}")
