"""Rendering which Council measures bind a list entry (``unsc lists show``)."""

from __future__ import annotations

from unsc.cli.render import console, table
from unsc.regime import EntryMeasures

__all__ = ["print_binding"]


def print_binding(binding: EntryMeasures) -> None:
    """The binding measures as a table (citation, kind, exemptions), then the notes."""
    title = (f"Measures binding {binding.reference_number or binding.entry_id} on "
             f"{binding.as_of} ({binding.regime or 'no regime'}"
             + (f", listed {binding.listed_on}" if binding.listed_on else "") + ")")
    if binding.measures:
        table(title, ["citation", "kind", "exemptions"],
              [(b.measure.citation, b.measure.kind.value,
                "; ".join(f"{e.citation} ({e.kind.value})" for e in b.exemptions))
               for b in binding.measures])
    else:
        console.print(f"{title}: none", highlight=False)
    for note in binding.notes:
        console.print(f"note: {note}", highlight=False)
