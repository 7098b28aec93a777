"""Tables of the service domain and their migrations."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection

__all__ = ["MIGRATIONS"]

MIGRATIONS: list[tuple[str, Callable[[Connection], None]]] = []
