"""The commands that make the graph: ``build`` (the corpus or files named on the command line)
and ``add`` (a researcher's own agenda into the corpus, then the corpus rebuilt)."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

import click

from .build import write_atomic
from .cli_common import fail, jsonable
from .errors import CtocError
from .identifiers import DEFAULT_BASE
from .manifest import Source, load_manifest, source_from_path
from .paths import default_data_dir
from .reference import Reference
from .report import render
from .serialize import dataset_of, format_for, graphs_of, serialize
from .store import DEFAULT_STORE
from .summary import Summary
from .validate import validate


@click.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None,
              help="Dataset file; the format follows the extension (.trig, .nq, .ttl, .nt). "
                   "Default: out/ctocgraph.trig for the corpus, out/SOURCE-NAME.trig for files.")
@click.option("--strict", is_flag=True, help="Fail when any line is not understood or an error is found.")
@click.option("--symbol", help="Document symbol, for a SOURCE whose file name does not give it.")
@click.option("--lang", help="Language of SOURCE when its file name does not give it; without SOURCE, "
              "the manifest's languages to build (e.g. en or zh,en).")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=None,
              help="Data folder with manifest.toml and reference/ (default: ./data or the project's).")
@click.option("--store", "store_path", type=click.Path(path_type=Path), default=None,
              help=f"Embedded store to load the built graph into (default: {DEFAULT_STORE} for "
                   "the corpus; files named on the command line load a store only when given "
                   "one, since they are not the corpus: `ctocgraph add FILE` adds them).")
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
def build(sources: tuple[Path, ...], output: Path | None, strict: bool, symbol: str | None,
          lang: str | None, data_dir: Path | None, store_path: Path | None, no_store: bool,
          base: str, dump: str | None, coverage: bool, validator: str, jobs: int | None,
          no_cache: bool) -> None:
    """Build the graph from data/ or from files.

    Without SOURCE: the corpus the manifest in data/ lists, validated and loaded into the
    embedded store. With SOURCE files: those alone, to see what they give (the store is left
    as it was).

    \b
    Examples:
      ctocgraph build                          the corpus, into the embedded store
      ctocgraph build --lang en                only the corpus's English versions
      ctocgraph build my_agenda.txt --coverage one file, and what each line became
      ctocgraph build --jobs 0 -o out/all.nq   a large corpus, in every core, cached
    """
    from .storelock import build_lock

    if sources and store_path is None and not no_store and dump is None:
        # a file named here is not the corpus: loading it alone would replace the corpus
        click.echo("store left as it was: files named on the command line are not the corpus "
                   "(`ctocgraph add FILE` adds them; --store PATH loads them alone)", err=True)
        no_store = True
    store_path = store_path or DEFAULT_STORE
    if output is None:
        output = Path("out") / (f"{_stem(sources[0])}.trig" if sources else "ctocgraph.trig")

    # builds on one store are serialised: the second waits for the first (see storelock)
    locked = build_lock(store_path, lambda m: click.echo(f"ctocgraph: {m}", err=True)) \
        if not no_store and dump is None else contextlib.nullcontext()
    try:
        with locked:
            _build(sources, output, strict, symbol, lang, data_dir, store_path, no_store, base,
                   dump, coverage, validator, jobs, no_cache)
    except CtocError as exc:
        fail(exc)


def _build(sources: tuple[Path, ...], output: Path, strict: bool, symbol: str | None,
           lang: str | None, data_dir: Path | None, store_path: Path, no_store: bool, base: str,
           dump: str | None, coverage: bool, validator: str, jobs: int | None,
           no_cache: bool) -> None:
    """The build command's work, with the store's build lock held: one path whatever the
    options (see fastbuild): each source parsed and mapped to its block of canonical N-Quads
    (from the cache when unchanged), one dump, Oxigraph, the shapes compiled to SPARQL; rdflib
    only at the edges (TriG and Turtle output, ``--dump graph``, ``--validator pyshacl``)."""
    from .fastbuild import build_text

    data = data_dir or default_data_dir()
    reference = Reference(data / "reference")
    cache = None if no_cache else store_path.parent / "cache"
    if sources:
        if (symbol or lang) and len(sources) > 1:
            raise CtocError("--symbol and --lang apply to a single SOURCE")
        chosen: list[Source] = [source_from_path(p, symbol, lang) for p in sources]
    else:
        # the manifest kept parsed per entry in the cache: a rebuild parses the changed
        # entries only (10,000 sources: 277 -> 123 ms)
        chosen = load_manifest(data, cache)
        if symbol:
            raise CtocError("--symbol applies to a single SOURCE")
        if lang:  # build only these languages of the manifest
            wanted = {x.strip() for x in lang.split(",") if x.strip()}
            chosen = [s for s in chosen if s.language in wanted]
            if not chosen:
                raise CtocError(f"the manifest has no source in {', '.join(sorted(wanted))}")
    result = build_text(chosen, reference, base=base, jobs=_workers(jobs, len(chosen)),
                        cache=cache, store=None if no_store or dump else store_path,
                        output=None if dump else output)
    if dump == "model":
        click.echo(json.dumps(jsonable(result.records), ensure_ascii=False, indent=2))
        return
    if dump == "graph":
        click.echo(serialize(graphs_of(result.dump), "trig"))
        return
    if validator == "pyshacl":  # the reference implementation, on the graph as rdflib holds it
        result.validation = validate(dataset_of(graphs_of(result.dump)))
    click.echo(render(result, strict=strict, coverage=coverage, quiet=_quiet()))
    if cache is not None:
        click.echo(f"cache: {result.cache_hits} of {len(result.summaries)} sources unchanged")
    _refuse(result.summaries, strict)
    if not result.ok(strict=strict):
        click.echo("nothing written", err=True)
        sys.exit(1)
    switch = result.staged.switch if result.staged else None
    if format_for(output) == "nquads":
        result.write(output, switch)
    else:
        write_atomic(output, serialize(graphs_of(result.dump), format_for(output)), switch)
    click.echo(f"wrote {output}")
    if result.staged is not None:
        how = (f" ({result.graphs_replaced} of {result.graph_count} graphs replaced)"
               if result.graphs_replaced is not None else "")
        click.echo(f"loaded {result.triples} quads into {store_path}{how}")


# fewer sources than this are parsed in the build's own process: starting workers costs more
_IN_PROCESS = 64


def _workers(jobs: int | None, sources: int) -> int:
    """``--jobs N``: N worker processes (0: one per core); by default one per core for a
    large corpus, none for a few sources."""
    if jobs is not None:
        return jobs
    return 0 if sources >= _IN_PROCESS else 1


def _refuse(summaries: list[Summary], strict: bool) -> None:
    """``--strict`` takes whole sources only: a partial one is an input error (exit 2), named
    with what it lacks; nothing is written."""
    partial = [s for s in summaries if s.missing]
    if strict and partial:
        first = partial[0]
        more = f" (and {len(partial) - 1} more)" if len(partial) > 1 else ""
        fail(CtocError(f"partial source refused by --strict: {'; '.join(first.missing)}{more}",
                        file=first.label))


def _quiet() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx and (ctx.find_root().obj or {}).get("quiet"))


def _stem(path: Path) -> str:
    """``CTOC_COP_2018_1.en`` for ``CTOC_COP_2018_1.en.txt``: the output beside the corpus's."""
    return path.name.rsplit(".", 1)[0] if "." in path.name else path.name


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--symbol", help="Document symbol, for a FILE whose name and head do not give it.")
@click.option("--lang", help="Language of FILE, when its name does not give it (read from its "
              "headings otherwise).")
@click.option("--status", type=click.Choice(["official", "rendition"]), default=None,
              help="What the text is, when known: the official text as published, or a "
              "rendition written for the project (default: not said).")
@click.option("--note", help="A note kept in the manifest entry (where the file came from).")
@click.option("--replace", is_flag=True,
              help="Replace the corpus's text of the same symbol and language.")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=None,
              help="Data folder with manifest.toml (default: ./data or the project's).")
@click.option("--no-build", is_flag=True, help="Record the files only; do not rebuild.")
@click.pass_context
def add(ctx: click.Context, files: tuple[Path, ...], symbol: str | None, lang: str | None,
        status: str | None, note: str | None, replace: bool, data_dir: Path | None,
        no_build: bool) -> None:
    """Add your agendas to the corpus and rebuild.

    Each FILE (text, PDF or DOCX) is read first (a file that is not an agenda is refused and
    nothing changes), copied into data/sources/ under the naming convention
    (CTOC_COP_2018_1.en.txt: its symbol and language, read from its name, its head or its
    headings), and recorded in data/manifest.toml with its sha256; then the corpus is built
    into the embedded store, as `ctocgraph build` does.

    \b
    Examples:
      ctocgraph add ~/agendas/CAC_COSP_2017_1.en.pdf
      ctocgraph add my_agenda.txt --symbol E/CN.15/2016/1 --lang fr --note "from a web copy"
    """
    from .addsource import add_sources

    data = data_dir or default_data_dir()
    try:
        added = add_sources(data, list(files), symbol=symbol, lang=lang, status=status,
                            note=note, replace=replace)
    except CtocError as exc:
        fail(exc)
    for a in added:
        said = {"added": "added as", "replaced": "replaced", "unchanged": "already in the corpus as"}
        click.echo(f"{a.source.symbol} [{a.source.language}]: {said[a.action]} {a.file}")
    if not no_build:
        ctx.invoke(build, data_dir=data_dir)
