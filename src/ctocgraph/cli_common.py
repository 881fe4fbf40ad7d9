"""What every command shares: one-line errors, the command group that turns any failure into
one, and JSON for dumps."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

import click

from .errors import CtocError
from .identifiers import DEFAULT_BASE
from .remote import AUTH_ENV, SCHEME_ENV, SCHEMES
from .store import DEFAULT_STORE, Store, open_store


def fail(exc: CtocError) -> None:
    click.echo(f"ctocgraph: error: {exc}", err=True)
    sys.exit(2)


def jsonable(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):  # a named tuple: Span, Line
        return {name: jsonable(getattr(obj, name)) for name in obj._fields}
    if isinstance(obj, (list, tuple)):
        return [jsonable(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (dt.date, dt.time)):
        return obj.isoformat()
    return obj


class Group(click.Group):
    """Turns an unexpected exception into one line; CTOCGRAPH_DEBUG=1 shows the traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, SystemExit):
            raise
        except CtocError as exc:
            fail(exc)
        except BrokenPipeError:  # the reader went away (| head): not an error of ours
            os._exit(0)
        except OSError as exc:  # a full disk, no permission …: the path and the reason
            where = exc.filename or exc.filename2
            reason = exc.strerror or str(exc)
            click.echo(f"ctocgraph: error: {where}: {reason}" if where else
                       f"ctocgraph: error: {reason}", err=True)
            sys.exit(2)
        except Exception as exc:
            if os.environ.get("CTOCGRAPH_DEBUG"):
                raise
            click.echo(f"ctocgraph: internal error: {type(exc).__name__}: {exc} "
                       "(please report it; CTOCGRAPH_DEBUG=1 shows the traceback)", err=True)
            sys.exit(3)


def open_for_query(engine: str, store_path: Path, endpoint: str | None, timeout: float,
                   auth_scheme: str = "basic") -> Store:
    if endpoint:
        from .remote import Auth, RemoteStore

        return RemoteStore(endpoint, timeout, Auth.from_env(auth_scheme))
    return open_store(engine, store_path)


def parse_params(params: tuple[str, ...]) -> dict[str, str]:
    values = {}
    for p in params:
        if "=" not in p:
            raise CtocError(f"--param takes NAME=VALUE, got {p!r}")
        k, v = p.split("=", 1)
        values[k.strip()] = v.strip()
    return values


# how $CTOCGRAPH_AUTH is sent; the password itself never on the command line (ps shows it)
AUTH_SCHEME = click.option("--auth-scheme", type=click.Choice(SCHEMES), envvar=SCHEME_ENV,
                           default="basic", show_default=True,
                           help=f"How to send ${AUTH_ENV}=user:password: basic, or digest "
                           "(Virtuoso).")
STORE_OPTIONS = [
    click.option("--store", "store_path", type=click.Path(path_type=Path), default=DEFAULT_STORE,
                 show_default=True, help="The store built by `ctocgraph build`."),
    click.option("--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph",
                 show_default=True, help="Embedded engine to query the store with."),
    click.option("--endpoint", help="Query a remote SPARQL 1.1 endpoint instead "
                 f"(credentials from ${AUTH_ENV}=user:password)."),
    AUTH_SCHEME,
    click.option("--timeout", type=float, default=60.0, show_default=True,
                 help="Seconds to wait for a remote endpoint."),
    click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]),
                 default="table", show_default=True),
    click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base of the data IRIs."),
    click.option("--raw", is_flag=True, help="CSV/TSV cells exactly as they are, even those a "
                 "spreadsheet would run as formulas (by default they get a leading ')."),
]


def options_of(options: list[Any]) -> Any:
    """Apply a shared list of click options to a command, in the listed order."""
    def decorate(f: Any) -> Any:
        for option in reversed(options):
            f = option(f)
        return f

    return decorate


store_options = options_of(STORE_OPTIONS)
