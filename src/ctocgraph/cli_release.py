"""The ``release`` command (kept beside ``cli``, which registers it)."""

from __future__ import annotations

from pathlib import Path

import click

from .identifiers import DEFAULT_BASE
from .store import DEFAULT_STORE


@click.command("release")
@click.argument("outdir", type=click.Path(path_type=Path))
@click.option("--version", "version", required=True, help="The version of the release, X.Y.Z.")
@click.option("--date", "date", default=None,
              help="The date of the release, YYYY-MM-DD (default: $SOURCE_DATE_EPOCH; never the clock).")
@click.option("--previous", type=click.Path(path_type=Path), default=None,
              help="The release to compare with in the data changelog.")
@click.option("--store", "store_path", type=click.Path(path_type=Path), default=DEFAULT_STORE,
              show_default=True)
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base of the data IRIs.")
@click.option("--url", default=None, help="Where the release will be published (VoID, DCAT, the "
              "citation); default: the releases/X.Y.Z/ folder beside the base's id/.")
@click.option("--author", "authors", multiple=True,
              help="An author for CITATION.cff, 'Family, Given' or an organisation's name "
                   "(repeatable; default: The ctocgraph authors).")
@click.option("--raw", is_flag=True, help="CSV cells exactly as they are, even those a spreadsheet "
              "would run as formulas (by default they get a leading ').")
def release(outdir: Path, version: str, date: str | None, previous: Path | None, store_path: Path,
            base: str, url: str | None, authors: tuple[str, ...], raw: bool) -> None:
    """Write a citable release of the graph in the store to OUTDIR: the graph, tidy tables
    (CSV, Parquet), a data package and its codebook, VoID/DCAT, CITATION.cff, the data
    changelog and SHA256SUMS."""
    from .release import Options, make_release, release_date

    opts = Options(version, release_date(date), base, previous, url, authors or Options.authors, raw)
    counts = make_release(store_path, outdir, opts, lambda m: click.echo(f"ctocgraph: {m}", err=True))
    click.echo(f"wrote release {version} ({opts.date.isoformat()}) to {outdir}: "
               f"{len(counts)} tables, {sum(counts.values())} rows")
