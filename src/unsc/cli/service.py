"""Top-level service commands: ``serve``, ``keys``, ``audit``."""

from __future__ import annotations

import typer

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Attach the service commands to the root app."""
