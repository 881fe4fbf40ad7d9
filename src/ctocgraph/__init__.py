"""ctocgraph: a knowledge graph of CTOC/COP annotated provisional agendas.

For a notebook: ``ctocgraph.open()`` gives the graph ``ctocgraph build`` made, to ask a library
query (``kg.query("governance", resolution="7/1")``), get a typed DataFrame (``kg.frame``) or a
networkx view (``kg.view``); see :mod:`ctocgraph.api`.

The stages, one verb each: ``read`` → ``normalize`` → ``parse`` → ``to_rdf`` → ``validate`` →
``load`` → ``query`` (``run``); ``build`` runs them all.

Names are imported when first used (PEP 562): ``import ctocgraph`` loads neither rdflib nor
pyoxigraph, and a command that reads one module pays for that module only.
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ._version import __version__

# public name → the module that defines it
_WHERE = {
    "open": "api", "KnowledgeGraph": "api",
    "BuildResult": "build", "build": "build", "parse_source": "build",
    "CtocError": "errors", "ManifestError": "errors", "ParseError": "errors",
    "QueryError": "errors", "SourceError": "errors", "SymbolError": "errors",
    "DocumentSymbol": "identifiers", "Iris": "identifiers", "ResolutionRef": "identifiers",
    "Lexicon": "lexicon",
    "Source": "manifest", "load_manifest": "manifest", "source_from_path": "manifest",
    "reference_to_rdf": "mapping", "to_rdf": "mapping",
    "normalize": "normalize", "parse": "parse", "run": "query", "read": "read",
    "Reference": "reference",
    "OxigraphStore": "store", "RdflibStore": "store", "load": "store",
    "validate": "validate",
}

__all__ = [
    "BuildResult", "CtocError", "DocumentSymbol", "Iris", "KnowledgeGraph", "Lexicon",
    "ManifestError", "OxigraphStore", "ParseError", "QueryError", "RdflibStore", "Reference",
    "ResolutionRef", "Source", "SourceError", "SymbolError", "__version__", "build", "load",
    "load_manifest", "normalize", "open", "parse", "parse_source", "read", "reference_to_rdf",
    "run", "source_from_path", "to_rdf", "validate",
]


class _Package(ModuleType):
    """The package, whose functions ``build``, ``parse``, ``normalize``, ``read`` and
    ``validate`` share their names with the modules that define them: loading such a module
    would set the package's attribute to the module (``from ctocgraph import normalize`` gave
    the module once ``ctocgraph.layout`` had imported it). That setting is passed over: the
    name is the function; the module is reached by ``from ctocgraph.build import …``."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, ModuleType) and _WHERE.get(name) == name:
            return
        super().__setattr__(name, value)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'ctocgraph' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value  # the next look-up is a plain attribute
    return value


def __dir__() -> list[str]:
    return __all__


sys.modules[__name__].__class__ = _Package


if TYPE_CHECKING:  # for type checkers and editors: the names as if imported here
    from .api import KnowledgeGraph, open
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
