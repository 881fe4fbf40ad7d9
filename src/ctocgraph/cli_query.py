"""``ctocgraph query NAME``: one subcommand per query of the library, made from the query's own
header, so ``ctocgraph query --help`` lists the queries and ``ctocgraph query topics --help``
lists its parameters, their types and defaults, and its examples.

A parameter is given as ``--body wg-som`` or, as before, ``--param body=wg-som``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .cli_common import fail, open_for_query, parse_params, store_options
from .errors import CtocError, QueryError
from .query import LibraryQuery, Param, format_rows, library, stream, write_rows

# option names the store options take: a query parameter of the same name keeps only --param
_TAKEN = {"store", "engine", "endpoint", "auth-scheme", "timeout", "format", "base", "raw", "param",
          "help", "limit", "offset"}


class LibraryGroup(click.Group):
    """The query library as subcommands, read when asked (the library is a folder of files)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        try:
            return sorted(library())
        except CtocError:
            return []

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        try:
            q = library().get(name)
        except CtocError as exc:
            fail(exc)
        return _command(name, q) if q is not None else None

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        if args and not args[0].startswith("-") and self.get_command(ctx, args[0]) is None:
            fail(QueryError(f"no query named {args[0]!r}; available: "
                            f"{', '.join(self.list_commands(ctx))}"))
        return super().resolve_command(ctx, args)


def _command(name: str, q: LibraryQuery) -> click.Command:
    """The subcommand of one library query: its parameters as options, then the store's."""
    own = [p for p in q.params if p.name not in _TAKEN]

    def callback(params: tuple[str, ...], store_path: Path, engine: str, endpoint: str | None,
                 auth_scheme: str, timeout: float, fmt: str, base: str, raw: bool,
                 limit: int | None, offset: int, **named: str | None) -> None:
        try:
            values = {k.replace("_", "-"): v for k, v in named.items() if v is not None}
            values |= parse_params(params)
            store = open_for_query(engine, store_path, endpoint, timeout, auth_scheme)
            names, rows = stream(store, name, values, base=base, limit=limit, offset=offset)
            if fmt == "table":  # aligned columns need every row first
                click.echo(format_rows(names, list(rows), fmt, base, raw), nl=False)
            else:  # written as they come: a whole-corpus list is never held whole
                for piece in write_rows(names, rows, fmt, raw):
                    click.echo(piece, nl=False)
        except CtocError as exc:
            fail(exc)

    options: list[click.Parameter] = [
        click.Option([f"--{p.name}", p.name.replace("-", "_")], metavar=p.type.upper(),
                     help=f"{p.description} ({_when(p)}).") for p in own]
    options.append(click.Option(["--param", "-p", "params"], multiple=True,
                                help="NAME=VALUE, repeatable: the same as --NAME VALUE."))
    options.append(click.Option(["--limit"], type=click.IntRange(min=0), default=None,
                                metavar="N", help="At most N rows: a page of the answer."))
    options.append(click.Option(["--offset"], type=click.IntRange(min=0), default=0,
                                metavar="N", help="Skip the first N rows (with --limit: the "
                                "next page). Rows are in the query's own order."))
    command = click.Command(name, callback=store_options(callback), params=options,
                            help=_help(q), short_help=q.title, no_args_is_help=False)
    command.params += [p for p in getattr(command.callback, "__click_params__", [])][::-1]
    return command


def _when(p: Param) -> str:
    if p.optional:
        return "optional: every one when left out"
    return f"default: {p.default}" if p.default else "required"


def _help(q: LibraryQuery) -> str:
    parts = [q.title]
    if q.description:
        parts.append(q.description)
    if q.examples:
        parts.append("\b\nExamples:\n" + "\n".join(f"  {ex}" for ex in q.examples))
    return "\n\n".join(parts)


@click.group(cls=LibraryGroup)
def query() -> None:
    """Run a query of the library.

    `ctocgraph query NAME --help` shows its parameters.

    \b
    Examples:
      ctocgraph query governance --resolution 7/1
      ctocgraph query topics --body wg-som --lang zh --format csv
    """
