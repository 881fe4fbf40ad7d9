"""Command line: a thin layer over the stages. Errors are one line on stderr, never a traceback."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from ._version import __version__
from .build import build as run_build
from .build import write_atomic
from .cli_release import release
from .errors import CtocError
from .export import FORMATS
from .identifiers import DEFAULT_BASE
from .manifest import Source, load_manifest, source_from_path
from .paths import default_data_dir
from .query import format_rows, library
from .query import run as run_query
from .reference import Reference
from .remote import AUTH_ENV
from .report import render
from .serialize import format_for, nquads, serialize
from .store import DEFAULT_STORE, Staged, Store, open_store, prepare
from .summary import Summary
from .views import VIEWS, view


def _fail(exc: CtocError) -> None:
    click.echo(f"ctocgraph: error: {exc}", err=True)
    sys.exit(2)


def _jsonable(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (dt.date, dt.time)):
        return obj.isoformat()
    return obj


class _Group(click.Group):
    """Turns an unexpected exception into one line; CTOCGRAPH_DEBUG=1 shows the traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, SystemExit):
            raise
        except CtocError as exc:
            _fail(exc)
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


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="ctocgraph")
def main() -> None:
    """Build and query a knowledge graph of CTOC/COP annotated provisional agendas."""


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path), default=Path("out/ctocgraph.trig"),
              show_default=True,
              help="Dataset file; the format follows the extension (.trig, .nq, .ttl, .nt).")
@click.option("--strict", is_flag=True, help="Fail when any line is not understood or an error is found.")
@click.option("--symbol", help="Document symbol, for a SOURCE whose file name does not give it.")
@click.option("--lang", help="Language of SOURCE when its file name does not give it; without SOURCE, "
              "the manifest's languages to build (e.g. en or zh,en).")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=None,
              help="Data folder with manifest.toml and reference/ (default: ./data or the project's).")
@click.option("--store", "store_path", type=click.Path(path_type=Path), default=DEFAULT_STORE,
              show_default=True, help="Embedded store to load the built graph into.")
@click.option("--no-store", is_flag=True, help="Do not load the store.")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base of the data IRIs.")
@click.option("--dump", type=click.Choice(["model", "graph"]),
              help="Print the parsed model (JSON) or the graph (TriG) to stdout and stop.")
@click.option("--coverage", is_flag=True, help="Also print what every source line became.")
@click.option("--validator", type=click.Choice(["sparql", "pyshacl"]), default="sparql",
              show_default=True,
              help="SHACL engine: the shapes compiled to SPARQL on Oxigraph, or pyshacl.")
@click.option("--jobs", type=int, default=None,
              help="Parse and map in this many processes (0: one per core), keep each source in a "
                   "cache by content hash, and write N-Quads: the build for large corpora.")
@click.option("--no-cache", is_flag=True, help="With --jobs: neither read nor write the cache.")
def build(sources: tuple[Path, ...], output: Path, strict: bool, symbol: str | None,
          lang: str | None, data_dir: Path | None, store_path: Path, no_store: bool, base: str,
          dump: str | None, coverage: bool, validator: str, jobs: int | None,
          no_cache: bool) -> None:
    """Build the graph from the manifest in data/, or from the SOURCE files given."""
    from .storelock import build_lock

    # builds on one store are serialised: the second waits for the first (see storelock)
    locked = build_lock(store_path, lambda m: click.echo(f"ctocgraph: {m}", err=True)) \
        if not no_store and dump is None else contextlib.nullcontext()
    try:
        with locked:
            _build(sources, output, strict, symbol, lang, data_dir, store_path, no_store, base,
                   dump, coverage, validator, jobs, no_cache)
    except CtocError as exc:
        _fail(exc)


def _build(sources: tuple[Path, ...], output: Path, strict: bool, symbol: str | None,
           lang: str | None, data_dir: Path | None, store_path: Path, no_store: bool, base: str,
           dump: str | None, coverage: bool, validator: str, jobs: int | None,
           no_cache: bool) -> None:
    """The build command's work, with the store's build lock held."""
    data = data_dir or default_data_dir()
    reference = Reference(data / "reference")
    if sources:
        if (symbol or lang) and len(sources) > 1:
            raise CtocError("--symbol and --lang apply to a single SOURCE")
        chosen: list[Source] = [source_from_path(p, symbol, lang) for p in sources]
    else:
        # `--jobs` keeps the manifest parsed per entry in its cache: a rebuild parses the
        # changed entries only (10,000 sources: 277 -> 123 ms)
        kept = store_path.parent / "cache" if jobs is not None and not no_cache else None
        chosen = load_manifest(data, kept)
        if symbol:
            raise CtocError("--symbol applies to a single SOURCE")
        if lang:  # build only these languages of the manifest
            wanted = {x.strip() for x in lang.split(",") if x.strip()}
            chosen = [s for s in chosen if s.language in wanted]
            if not chosen:
                raise CtocError(f"the manifest has no source in {', '.join(sorted(wanted))}")
    if jobs is not None:
        _build_text(chosen, reference, output, strict, store_path, no_store, base, dump,
                    coverage, validator, jobs, no_cache)
        return
    result = run_build(chosen, reference, base=base, validator=validator)
    if dump == "model":
        click.echo(json.dumps(_jsonable(result.records), ensure_ascii=False, indent=2))
        return
    if dump == "graph":
        click.echo(serialize(result.dataset, "trig"))
        return
    click.echo(render(result, strict=strict, coverage=coverage))
    _refuse(result.summaries, strict)
    if not result.ok(strict=strict):
        click.echo("nothing written", err=True)
        sys.exit(1)
    fmt = format_for(output)
    quads = nquads(result.graphs) if fmt == "nquads" or not no_store else None
    text = quads if fmt == "nquads" and quads is not None else serialize(result.graphs, fmt)
    staged = None if no_store or quads is None else prepare(quads, store_path)
    _commit(output, text, staged, store_path, quads.count("\n") if quads else 0)


def _refuse(summaries: list[Summary], strict: bool) -> None:
    """``--strict`` takes whole sources only: a partial one is an input error (exit 2), named
    with what it lacks; nothing is written."""
    partial = [s for s in summaries if s.missing]
    if strict and partial:
        first = partial[0]
        more = f" (and {len(partial) - 1} more)" if len(partial) > 1 else ""
        _fail(CtocError(f"partial source refused by --strict: {'; '.join(first.missing)}{more}",
                        file=first.label))


def _commit(output: Path, text: str, staged: Staged | None, store_path: Path, quads: int,
            how: str = "") -> None:
    """Write the output and make the staged store version current: the slow work (loading
    the version) is done, so the two renames come back to back."""
    write_atomic(output, text, staged.switch if staged else None)
    click.echo(f"wrote {output}")
    if staged is not None:
        click.echo(f"loaded {quads} quads into {store_path}{how}")


def _build_text(chosen: list[Source], reference: Reference, output: Path, strict: bool,
                store_path: Path, no_store: bool, base: str, dump: str | None, coverage: bool,
                validator: str, jobs: int, no_cache: bool) -> None:
    """``build --jobs``: the same graph, made in worker processes and written as N-Quads."""
    from .fastbuild import build_text

    if output.suffix.lower() != ".nq":
        raise CtocError("--jobs writes N-Quads: give an output ending in .nq")
    if dump or validator != "sparql":
        raise CtocError("--jobs does not combine with --dump or --validator pyshacl")
    cache = None if no_cache else store_path.parent / "cache"
    result = build_text(chosen, reference, base=base, jobs=jobs, cache=cache,
                        store=None if no_store else store_path)
    click.echo(render(result, strict=strict, coverage=coverage))
    if cache is not None:
        click.echo(f"cache: {result.cache_hits} of {len(result.summaries)} sources unchanged")
    _refuse(result.summaries, strict)
    if not result.ok(strict=strict):
        click.echo("nothing written", err=True)
        sys.exit(1)
    how = (f" ({result.graphs_replaced} of {result.graph_count} graphs replaced)"
           if result.graphs_replaced is not None else "")
    result.write(output, result.staged.switch if result.staged else None)
    click.echo(f"wrote {output}")
    if result.staged is not None:
        click.echo(f"loaded {result.triples} quads into {store_path}{how}")


@main.command("queries")
def list_queries() -> None:
    """List the query library with descriptions and parameters."""
    try:
        for name, q in library().items():
            click.echo(f"{name}: {q.title}")
            if q.description:
                click.echo(f"    {q.description}")
            for p in q.params:
                default = (" (optional)" if p.optional
                           else f" (default {p.default})" if p.default else "")
                click.echo(f"    --param {p.name}=<{p.type}>{default}  {p.description}")
            for ex in q.examples:
                click.echo(f"    e.g. {ex}")
    except CtocError as exc:
        _fail(exc)


def _store(engine: str, store_path: Path, endpoint: str | None, timeout: float) -> Store:
    if endpoint:
        from .remote import RemoteStore

        return RemoteStore(endpoint, timeout)
    return open_store(engine, store_path)


def _params(params: tuple[str, ...]) -> dict[str, str]:
    values = {}
    for p in params:
        if "=" not in p:
            raise CtocError(f"--param takes NAME=VALUE, got {p!r}")
        k, v = p.split("=", 1)
        values[k.strip()] = v.strip()
    return values


_STORE_OPTIONS = [
    click.option("--store", "store_path", type=click.Path(path_type=Path), default=DEFAULT_STORE,
                 show_default=True, help="The store built by `ctocgraph build`."),
    click.option("--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph",
                 show_default=True, help="Embedded engine to query the store with."),
    click.option("--endpoint", help="Query a remote SPARQL 1.1 endpoint instead "
                 f"(basic auth from ${AUTH_ENV}=user:password)."),
    click.option("--timeout", type=float, default=60.0, show_default=True,
                 help="Seconds to wait for a remote endpoint."),
    click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]),
                 default="table", show_default=True),
    click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base of the data IRIs."),
    click.option("--raw", is_flag=True, help="CSV/TSV cells exactly as they are, even those a "
                 "spreadsheet would run as formulas (by default they get a leading ')."),
]


def _options(options: list[Any]) -> Any:
    """Apply a shared list of click options to a command, in the listed order."""
    def decorate(f: Any) -> Any:
        for option in reversed(options):
            f = option(f)
        return f

    return decorate


_store_options = _options(_STORE_OPTIONS)


@main.command()
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, help="NAME=VALUE, repeatable.")
@_store_options
def query(name: str, params: tuple[str, ...], store_path: Path, engine: str,
          endpoint: str | None, timeout: float, fmt: str, base: str, raw: bool) -> None:
    """Run a query of the library (see `ctocgraph queries`)."""
    try:
        store = _store(engine, store_path, endpoint, timeout)
        names, rows = run_query(store, name, _params(params), base=base)
        click.echo(format_rows(names, rows, fmt, base, raw), nl=False)
    except CtocError as exc:
        _fail(exc)


@main.command()
@click.argument("file", type=click.File("r", encoding="utf-8"))
@_store_options
def sparql(file: Any, store_path: Path, engine: str, endpoint: str | None, timeout: float,
           fmt: str, base: str, raw: bool) -> None:
    """Run an ad-hoc SELECT query from FILE (or - for standard input)."""
    try:
        store = _store(engine, store_path, endpoint, timeout)
        names, rows = store.select(file.read(), {})
        click.echo(format_rows(names, rows, fmt, base, raw), nl=False)
    except CtocError as exc:
        _fail(exc)


@main.command()
@click.option("--endpoint", required=True, help="SPARQL query URL of the server, e.g. "
              "http://127.0.0.1:7878/query.")
@click.option("--gsp", help="Graph Store Protocol URL (default: /store beside the endpoint).")
@click.option("--update", "update_url", help="SPARQL Update URL (default: /update beside it).")
@click.option("--store", "store_path", type=click.Path(path_type=Path), default=DEFAULT_STORE,
              show_default=True, help="The store whose graphs to publish.")
@click.option("--timeout", type=float, default=120.0, show_default=True)
def publish(endpoint: str, gsp: str | None, update_url: str | None, store_path: Path,
            timeout: float) -> None:
    """Replace each named graph of the built dataset on a SPARQL server, all or nothing."""
    from .remote import graphs_of
    from .remote import publish as publish_graphs
    from .store import dump_path

    try:
        dump = dump_path(store_path)
        if not dump.is_file():
            raise CtocError(f"no built dataset at {dump}; run `ctocgraph build` first")
        counts = publish_graphs(graphs_of(dump), endpoint, gsp=gsp, update=update_url,
                                timeout=timeout)
        for name, n in counts.items():
            click.echo(f"published {name}: {n} triples (verified)")
    except CtocError as exc:
        _fail(exc)


@main.command()
@click.argument("iri")
@click.option("--store", "store_path", type=click.Path(path_type=Path), default=DEFAULT_STORE,
              show_default=True)
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=None,
              help="Folder the source paths are relative to (default: ./data or the project's).")
@click.option("--base", default=DEFAULT_BASE, show_default=True)
def explain(iri: str, store_path: Path, data_dir: Path | None, base: str) -> None:
    """Print the source lines behind a resource (full IRI or id:…)."""
    from .explain import explain as find_lines
    from .explain import render as render_lines

    try:
        store = open_store("oxigraph", store_path)
        excerpts = find_lines(store, iri, data_dir or default_data_dir(), base)
        click.echo(render_lines(iri, excerpts, base), nl=False)
    except CtocError as exc:
        _fail(exc)


_VIEW_OPTIONS = [
    click.option("--lang", default="en", show_default=True, help="Language of the node labels."),
    click.option("--store", "store_path", type=click.Path(path_type=Path), default=DEFAULT_STORE,
                 show_default=True),
    click.option("--base", default=DEFAULT_BASE, show_default=True),
]
_view_options = _options(_VIEW_OPTIONS)


@main.command()
@click.argument("view_name", metavar="VIEW", type=click.Choice(list(VIEWS)))
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), required=True)
@click.option("--output", "-o", type=click.Path(path_type=Path), required=True)
@click.option("--raw", is_flag=True, help="CSV cells exactly as they are, even those a spreadsheet "
              "would run as formulas (by default they get a leading ').")
@_view_options
def export(view_name: str, fmt: str, output: Path, raw: bool, lang: str, store_path: Path,
           base: str) -> None:
    """Export a view (governance, citations, documents, timeline, full) for other tools."""
    from .export import export as write_view

    try:
        g = view(open_store("oxigraph", store_path), view_name, lang)
        for path in write_view(g, fmt, output, raw):
            click.echo(f"wrote {path}")
        click.echo(f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
    except CtocError as exc:
        _fail(exc)


@main.command()
@click.argument("view_name", metavar="VIEW", type=click.Choice(list(VIEWS)), default="full")
@click.option("--resolution", default="7/1", show_default=True,
              help="Resolution whose governance paths to show.")
@_view_options
def stats(view_name: str, resolution: str, lang: str, store_path: Path, base: str) -> None:
    """Counts, most cited resolutions, centralities and governance paths of a view."""
    from .export import stats as view_stats
    from .views import resolution_iri

    try:
        store = open_store("oxigraph", store_path)
        g = view(store, view_name, lang)
        click.echo(view_stats(g, view(store, "citations", lang), view(store, "governance", lang),
                              resolution_iri(resolution, base)), nl=False)
    except CtocError as exc:
        _fail(exc)


@main.command()
@click.option("--output", "-o", type=click.Path(path_type=Path), default=Path("out/explorer.html"),
              show_default=True)
@click.option("--view", "view_name", type=click.Choice(list(VIEWS)), default="full", show_default=True)
@_view_options
def explore(output: Path, view_name: str, lang: str, store_path: Path, base: str) -> None:
    """Write a self-contained interactive HTML explorer of a view (opens offline)."""
    from .explore import explorer

    try:
        g = view(open_store("oxigraph", store_path), view_name, lang)
        write_atomic(output, explorer(g, lang))
        click.echo(f"wrote {output} ({g.number_of_nodes()} nodes, {g.number_of_edges()} edges)")
    except CtocError as exc:
        _fail(exc)


@main.command("timeline")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=Path("out/timeline.svg"),
              show_default=True, help="A .svg or .png file.")
@_view_options
def timeline_chart(output: Path, lang: str, store_path: Path, base: str) -> None:
    """Draw the sessions of each body and their agenda topics on a time axis (SVG or PNG)."""
    from .timeline import timeline

    try:
        click.echo(f"wrote {timeline(open_store('oxigraph', store_path), output, lang)}")
    except CtocError as exc:
        _fail(exc)


@main.command()
@click.argument("outdir", type=click.Path(path_type=Path))
@click.option("--store", "store_path", type=click.Path(path_type=Path), default=DEFAULT_STORE,
              show_default=True)
@click.option("--base", default=DEFAULT_BASE, show_default=True)
@click.option("--site-url", default=None,
              help="Absolute URL the site is published at (sitemap, VoID); default: the base "
                   "without its id/ segment.")
def site(outdir: Path, store_path: Path, base: str, site_url: str | None) -> None:
    """Write the static linked-data site of the graph in the store to OUTDIR."""
    from .site import build_site
    from .store import dump_path

    try:
        files = build_site(dump_path(store_path), outdir, base, site_url,
                           lambda m: click.echo(f"ctocgraph: {m}", err=True))
        click.echo(f"wrote {files} files to {outdir}")
    except CtocError as exc:
        _fail(exc)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8080, show_default=True, type=int)
@click.option("--store", "store_path", type=click.Path(path_type=Path), default=DEFAULT_STORE,
              show_default=True)
@click.option("--site", "site_dir", type=click.Path(path_type=Path), default=None,
              help="A site written by `ctocgraph site`, served as it is (default: the site of "
                   "the store's current version, written beside it, followed after each build).")
@click.option("--base", default=DEFAULT_BASE, show_default=True)
@click.option("--timeout", default=10.0, show_default=True, type=float,
              help="Seconds a SPARQL query may run.")
@click.option("--max-bytes", default=20_000_000, show_default=True, type=int,
              help="Largest SPARQL result served, in bytes.")
@click.option("--max-memory", default=512, show_default=True, type=int,
              help="MiB of memory a query worker may use before its query is stopped (503).")
@click.option("--workers", default=4, show_default=True, type=int,
              help="Query worker processes.")
def serve(host: str, port: int, store_path: Path, site_dir: Path | None, base: str, timeout: float,
          max_bytes: int, max_memory: int, workers: int) -> None:
    """Serve the graph as linked data, with a read-only SPARQL endpoint at /sparql."""
    from .server import Options
    from .server import serve as run_server

    try:
        if not (store_path / "oxigraph").is_dir():
            raise CtocError(f"no store at {store_path}; run `ctocgraph build` first")
        click.echo(f"serving {store_path} on http://{host}:{port}/ "
                   f"(SPARQL: http://{host}:{port}/sparql)", err=True)
        run_server(store_path, site_dir, host, port,
                   Options(timeout, max_bytes, workers, max_memory * 2**20, base))
    except CtocError as exc:
        _fail(exc)

main.add_command(release)  # defined in cli_release (this module is at its size limit)
