"""The ``unsc`` command line: thin commands over the services.

One module per command group (``lists``, ``screen``, ``council``, ``regime``,
``exemptions``, ``service``). A command parses options, calls one service function and
one renderer. Every :class:`~unsc.errors.UnscError` becomes a clear message on stderr and
the class's exit code, never a traceback.
"""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer.core import TyperGroup

from unsc.cli import council, exemptions, lists, regime, screen, service, snapshot
from unsc.cli.render import console, fail
from unsc.errors import UnscError

__all__ = ["app", "main"]



class _ErrorReportingGroup(TyperGroup):
    """Root group that turns any UnscError raised by a command into a clear message and
    the class's exit code inside Click's own handling, so the console script and
    ``CliRunner`` behave the same and no traceback reaches the user."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except UnscError as exc:
            fail(exc)


app = typer.Typer(
    name="unsc",
    cls=_ErrorReportingGroup,
    help="UN Security Council sanctions: lists, screening, council votes, the 1718 regime.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
snapshot.register(lists.app)


def _version(value: bool) -> None:
    if value:
        from unsc import __version__

        console.print(f"unsc {__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    pass


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
    except KeyboardInterrupt:
        sys.exit(130)
