"""ctocgraph: a knowledge graph of CTOC/COP annotated provisional agendas.

The public API, one verb per stage: ``read`` → ``normalize`` → ``parse`` → ``to_rdf`` →
``validate`` → ``load`` → ``query`` (``run``); ``build`` runs them all.
"""

from ._version import __version__
from .build import BuildResult, build, parse_source
from .errors import CtocError, ManifestError, ParseError, QueryError, SourceError, SymbolError
from .identifiers import DocumentSymbol, Iris, ResolutionRef
from .lexicon import Lexicon
from .manifest import Source, load_manifest, source_from_path
from .mapping import reference_to_rdf, to_rdf
from .normalize import normalize
from .parse import parse
from .query import run
from .read import read
from .reference import Reference
from .store import OxigraphStore, RdflibStore, load
from .validate import validate

__all__ = [
    "BuildResult", "CtocError", "DocumentSymbol", "Iris", "Lexicon", "ManifestError",
    "OxigraphStore", "ParseError", "QueryError", "RdflibStore", "Reference", "ResolutionRef",
    "Source", "SourceError", "SymbolError", "__version__", "build", "load", "load_manifest",
    "normalize", "parse", "parse_source", "read", "reference_to_rdf", "run", "source_from_path",
    "to_rdf", "validate",
]
