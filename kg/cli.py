"""The `kg` command line. Each command checks its arguments and calls one library function.

The commands live in kg/commands/, one module per family; here are the app and the exit codes.
Exit codes: 0 ok; 1 the input or data was refused (a clear message on stderr);
2 usage or internal error.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import typer

from kg.commands import build, check, export, link, query, serve_push
from kg.commands.common import ERROR, INTERRUPTED
from kg.errors import REFUSED, KgError, exit_code

app = typer.Typer(
    name="kg",
    help="Build and query a knowledge graph of conflict actors, places and events from news reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# in the order `kg --help` lists them
app.command()(build.build)
app.command(cls=query.QueryCommand)(query.query)
app.command()(export.export)
app.command()(build.remove)
app.command()(query.stats)
app.command(name="eval")(check.eval_)
app.command()(check.validate)
app.command(help=check.REASON_HELP)(check.reason)
app.command()(link.link)
app.command()(serve_push.push)
app.command()(serve_push.serve)
app.command()(export.viz)


def main(args: Sequence[str] | None = None, prog_name: str | None = None) -> None:
    """Entry point: run the app and map refusals and crashes to exit codes 1 and 2.

    `args` default to the command line's; always ends by raising SystemExit with the exit code.
    """
    logging.basicConfig(level=logging.ERROR, format="kg: %(message)s")
    try:
        code = app(args=None if args is None else list(args), prog_name=prog_name, standalone_mode=False)
    except KgError as err:
        raise SystemExit(_exit_with(str(err), exit_code(err))) from None
    except typer.Exit as exc:
        raise SystemExit(exc.exit_code) from None
    except _click_errors() as err:
        _show(err)
        raise SystemExit(ERROR) from None
    except KeyboardInterrupt:
        raise SystemExit(_exit_with("interrupted", INTERRUPTED)) from None
    except Exception as err:  # a crash is an internal error (exit 2), never a bare traceback
        from kg.store import explain

        if (known := explain(err)) is not None:  # a damaged store or a full disk: the data, not a bug
            raise SystemExit(_exit_with(known, REFUSED)) from None
        logging.getLogger("kg").debug("internal error", exc_info=True)
        raise SystemExit(_exit_with(f"internal error: {type(err).__name__}: {err}", ERROR)) from None
    if code == INTERRUPTED:  # typer's answer to Ctrl-C (a build stopped by it exits on its own)
        raise SystemExit(_exit_with("interrupted", INTERRUPTED))
    raise SystemExit(code if isinstance(code, int) else 0)


def _show(err: Exception) -> None:
    """Click's own message for a usage error; for an abort (which has none), what click prints."""
    show = getattr(err, "show", None)
    if callable(show):
        show()
    else:
        typer.echo("Aborted!", err=True)


def _click_errors() -> tuple[type[Exception], ...]:
    """Click's usage errors, also those of the copy of click that recent typer releases carry."""
    import click

    vendored = tuple(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")
    return (click.ClickException, click.exceptions.Abort, typer.Abort, *vendored)


def _exit_with(message: str, code: int) -> int:
    typer.echo(f"kg: {message}", err=True)
    return code
