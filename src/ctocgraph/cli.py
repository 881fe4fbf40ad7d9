"""Command line: a thin layer over the stages. Errors are one line on stderr, never a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ._version import __version__
from .cli_build import add, build
from .cli_common import AUTH_SCHEME, Group, fail, open_for_query, options_of, store_options
from .cli_query import query
from .cli_release import release
from .errors import CtocError
from .export import FORMATS
from .files import write_atomic
from .identifiers import DEFAULT_BASE
from .paths import default_data_dir
from .query import format_rows, library
from .store import DEFAULT_STORE, open_store
from .views import VIEWS, view

LANGUAGES = ["en", "zh", "fr", "es", "ru", "ar"]


@click.group(cls=Group)
@click.version_option(__version__, prog_name="ctocgraph")
@click.option("--quiet", "-q", is_flag=True,
              help="No progress, and of each source only its errors (before the command: "
                   "ctocgraph -q build).")
@click.pass_context
def main(ctx: click.Context, quiet: bool) -> None:
    """Build and query a knowledge graph of CTOC/COP annotated provisional agendas.

    Long steps show their progress on standard error: a bar on a terminal, a line every ten
    seconds otherwise.

    \b
    Start here:
      ctocgraph build                                   the corpus in data/, into the store
      ctocgraph query governance --resolution 7/1       how an act governs each session
      ctocgraph add my_agenda.pdf                       your own agenda, into the corpus
      ctocgraph explore && open out/explorer.html       the graph in a browser
    """
    from . import progress

    progress.mode = "off" if quiet else "auto"
    ctx.obj = {"quiet": quiet}


main.add_command(build)
main.add_command(add)
main.add_command(query)
main.add_command(release)


@main.command("queries")
def list_queries() -> None:
    """List the query library.

    Each query with its description, parameters (type, default) and examples; `ctocgraph
    query NAME --help` shows one.
    """
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
        fail(exc)


@main.command()
@click.argument("file", type=click.File("r", encoding="utf-8"))
@store_options
def sparql(file: Any, store_path: Path, engine: str, endpoint: str | None, auth_scheme: str,
           timeout: float, fmt: str, base: str, raw: bool) -> None:
    """Run an ad-hoc SELECT query.

    The query is read from FILE (or - for standard input).

    The usual prefixes (ctoc:, id:, rdfs:, dcterms:, eli:, org:, prov:, skos:, xsd: …) need no
    declaration; the store is read-only.

    \b
    Example:
      echo 'SELECT ?s ?date WHERE { ?s a ctoc:Session ; ctoc:startDate ?date }' |
        ctocgraph sparql -
    """
    from .adhoc import prepare_select

    try:
        text = prepare_select(file.read())
        store = open_for_query(engine, store_path, endpoint, timeout, auth_scheme)
        names, rows = store.select(text, {})
        click.echo(format_rows(names, rows, fmt, base, raw), nl=False)
    except CtocError as exc:
        fail(exc)


@main.command()
@click.option("--endpoint", required=True, help="SPARQL query URL of the server, e.g. "
              "http://127.0.0.1:7878/query.")
@click.option("--gsp", envvar="CTOCGRAPH_GSP", help="Graph Store Protocol URL (default: /store "
              "beside the endpoint; Virtuoso: /sparql-graph-crud-auth).")
@click.option("--update", "update_url", envvar="CTOCGRAPH_UPDATE", help="SPARQL Update URL "
              "(default: /update beside it; Virtuoso: /sparql-auth).")
@AUTH_SCHEME
@click.option("--store", "store_path", type=click.Path(path_type=Path), default=DEFAULT_STORE,
              show_default=True, help="The store whose graphs to publish.")
@click.option("--timeout", type=float, default=120.0, show_default=True)
def publish(endpoint: str, gsp: str | None, update_url: str | None, auth_scheme: str,
            store_path: Path, timeout: float) -> None:
    """Replace the graphs on a SPARQL server.

    Each named graph of the built dataset is uploaded to a staging graph and its count
    verified, then all are moved into place in one update: all or nothing.

    Credentials come from $CTOCGRAPH_AUTH=user:password.

    \b
    Examples:
      ctocgraph publish --endpoint http://127.0.0.1:7878/query
      CTOCGRAPH_AUTH=dba:secret ctocgraph publish --auth-scheme digest \\
        --endpoint http://127.0.0.1:8890/sparql \\
        --gsp http://127.0.0.1:8890/sparql-graph-crud-auth \\
        --update http://127.0.0.1:8890/sparql-auth
    """
    from .remote import Auth, built_graphs
    from .remote import publish as publish_graphs

    try:
        counts = publish_graphs(built_graphs(store_path), endpoint, gsp=gsp, update=update_url,
                                timeout=timeout, auth=Auth.from_env(auth_scheme))
        for name, n in counts.items():
            click.echo(f"published {name}: {n} triples (verified)")
    except CtocError as exc:
        fail(exc)


@main.command()
@click.argument("iri")
@click.option("--store", "store_path", type=click.Path(path_type=Path), default=DEFAULT_STORE,
              show_default=True)
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=None,
              help="Folder the source paths are relative to (default: ./data or the project's).")
@click.option("--base", default=DEFAULT_BASE, show_default=True)
def explain(iri: str, store_path: Path, data_dir: Path | None, base: str) -> None:
    """Print the source lines behind a resource.

    IRI is a full IRI or id:… .

    \b
    Examples:
      ctocgraph explain id:session/wg-som/4/item/2
      ctocgraph explain id:resolution/cop/7/1
    """
    from .explain import explain as find_lines
    from .explain import render as render_lines
    from .explain import verified_at

    try:
        store = open_store("oxigraph", store_path)
        excerpts = find_lines(store, iri, data_dir or default_data_dir(), base)
        click.echo(render_lines(iri, excerpts, base, verified_at(store, iri, base)), nl=False)
    except CtocError as exc:
        fail(exc)


_VIEW_OPTIONS = [
    click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True,
                 help="Language of the node labels (another where one has none)."),
    click.option("--store", "store_path", type=click.Path(path_type=Path), default=DEFAULT_STORE,
                 show_default=True),
    click.option("--base", default=DEFAULT_BASE, show_default=True),
]


_view_options = options_of(_VIEW_OPTIONS)


@main.command()
@click.argument("view_name", metavar="VIEW", type=click.Choice(list(VIEWS)))
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), required=True)
@click.option("--output", "-o", type=click.Path(path_type=Path), required=True)
@click.option("--raw", is_flag=True, help="CSV cells exactly as they are, even those a spreadsheet "
              "would run as formulas (by default they get a leading ').")
@_view_options
def export(view_name: str, fmt: str, output: Path, raw: bool, lang: str, store_path: Path,
           base: str) -> None:
    """Export a view for Gephi, Cytoscape, pandas.

    VIEW is governance, citations, documents, timeline or full; the formats are GraphML
    (yEd, Gephi), GEXF (Gephi), JSON node-link, Cytoscape JSON, DOT (Graphviz) and CSV (a
    nodes and an edges table).

    \b
    Examples:
      ctocgraph export governance --format gexf -o out/governance.gexf
      ctocgraph export citations --format csv -o out/citations.csv --lang zh
    """
    from .export import export as write_view

    try:
        g = view(open_store("oxigraph", store_path), view_name, lang)
        for path in write_view(g, fmt, output, raw):
            click.echo(f"wrote {path}")
        click.echo(f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
    except CtocError as exc:
        fail(exc)


@main.command()
@click.argument("view_name", metavar="VIEW", type=click.Choice(list(VIEWS)), default="full")
@click.option("--resolution", default="7/1", show_default=True,
              help="Resolution whose governance paths to show.")
@_view_options
def stats(view_name: str, resolution: str, lang: str, store_path: Path, base: str) -> None:
    """Counts and centralities of a view.

    The counts, the most cited resolutions, centralities and the governance paths of a
    resolution.

    \b
    Example:
      ctocgraph stats governance --resolution 8/2
    """
    from .export import stats as view_stats
    from .views import resolution_iri

    try:
        store = open_store("oxigraph", store_path)
        g = view(store, view_name, lang)
        click.echo(view_stats(g, view(store, "citations", lang), view(store, "governance", lang),
                              resolution_iri(resolution, base)), nl=False)
    except CtocError as exc:
        fail(exc)


@main.command()
@click.option("--output", "-o", type=click.Path(path_type=Path), default=Path("out/explorer.html"),
              show_default=True)
@click.option("--view", "view_name", type=click.Choice(list(VIEWS)), default="governance",
              show_default=True)
@click.option("--members", type=click.IntRange(1, 500), default=25, show_default=True,
              help="Members of each group the page holds, most recent first (a large view).")
@click.option("--aggregate", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True,
              help="Draw the view as groups: auto above 1,000 nodes; never draws every node "
                   "(a large page at scale).")
@_view_options
def explore(output: Path, view_name: str, members: int, aggregate: str, lang: str,
            store_path: Path, base: str) -> None:
    """Write an offline HTML explorer of a view.

    One self-contained page (no network needed) to pan, zoom, search and follow links. A view
    of more than 1,000 nodes is drawn as groups (a body's sessions, items and mandates, an
    issuer's resolutions) with counted relations; a click expands a group's most recent
    members.

    \b
    Examples:
      ctocgraph explore
      ctocgraph explore --view citations --lang zh -o out/citations.html
      ctocgraph explore --members 50 --aggregate always
    """
    from .explore import explorer

    try:
        store_name = "" if store_path == DEFAULT_STORE else str(store_path)
        page = explorer(open_store("oxigraph", store_path), view_name, lang, members=members,
                        aggregate=aggregate, base=base, store_name=store_name)
        write_atomic(output, page.html)
        drawn = (f"{page.groups} groups, {page.held} of the nodes in the page" if page.groups
                 else "every node in the page")
        click.echo(f"wrote {output} ({view_name} view: {page.nodes} nodes, {page.edges} edges; "
                   f"{drawn}; {len(page.html.encode()) / 1e6:.1f} MB)")
    except CtocError as exc:
        fail(exc)


@main.command("timeline")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=Path("out/timeline.svg"),
              show_default=True, help="A .svg or .png file.")
@_view_options
def timeline_chart(output: Path, lang: str, store_path: Path, base: str) -> None:
    """Draw the sessions on a time axis.

    The sessions of each body and their agenda topics, as SVG or PNG.

    \b
    Example:
      ctocgraph timeline -o out/timeline.png --lang zh
    """
    from .timeline import timeline

    try:
        click.echo(f"wrote {timeline(open_store('oxigraph', store_path), output, lang)}")
    except CtocError as exc:
        fail(exc)


@main.command()
@click.argument("outdir", type=click.Path(path_type=Path))
@click.option("--store", "store_path", type=click.Path(path_type=Path), default=DEFAULT_STORE,
              show_default=True)
@click.option("--base", default=DEFAULT_BASE, show_default=True)
@click.option("--site-url", default=None,
              help="Absolute URL the site is published at (sitemap, VoID); default: the base "
                   "without its id/ segment.")
def site(outdir: Path, store_path: Path, base: str, site_url: str | None) -> None:
    """Write the static linked-data site.

    A page per resource (HTML, Turtle, JSON-LD), the ontology, VoID and DCAT, dumps and a
    sitemap, from the graph in the store, to OUTDIR.

    \b
    Example:
      ctocgraph site out/site --site-url https://example.org/ctocgraph/
    """
    from .site import build_site
    from .store import dump_path

    try:
        files = build_site(dump_path(store_path), outdir, base, site_url,
                           lambda m: click.echo(f"ctocgraph: {m}", err=True))
        click.echo(f"wrote {files} files to {outdir}")
    except CtocError as exc:
        fail(exc)


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
    """Serve linked data and a SPARQL endpoint.

    Pages by content negotiation, and a read-only SPARQL endpoint at /sparql; the server
    follows the store after each build.

    \b
    Example:
      ctocgraph serve --port 8080
    """
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
        fail(exc)
