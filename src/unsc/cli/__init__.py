"""The ``unsc`` command line: thin commands over the services.

One module per command group (``lists``, ``screen``, ``council``, ``regime``,
``exemptions``, ``service``). A command parses options, calls one service function and
one renderer. Every :class:`~unsc.errors.UnscError` becomes a clear message on stderr and
the class's exit code, never a traceback.
"""

from __future__ import annotations

import sys

import typer

from unsc.cli import council, exemptions, lists, regime, screen, service
from unsc.cli.render import fail
from unsc.errors import UnscError

__all__ = ["app", "main"]

app = typer.Typer(
    name="unsc",
    help="UN Security Council sanctions: lists, screening, council votes, the 1718 regime.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(lists.app, name="lists")
app.add_typer(screen.app, name="screen")
app.add_typer(council.app, name="council")
app.add_typer(regime.app, name="regime")
app.add_typer(exemptions.app, name="exemptions")
service.register(app)


def main() -> None:
    """Console-script entry point."""
    try:
        app(standalone_mode=True)
    except UnscError as exc:
        fail(exc)
    except KeyboardInterrupt:
        sys.exit(130)
