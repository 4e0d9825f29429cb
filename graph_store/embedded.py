"""Embedded store: pyoxigraph on disk (RocksDB), or in memory when no path is given."""

from __future__ import annotations

import fcntl
import itertools
import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from chinakg.graph_store.base import Capabilities, QueryDataset, QueryResult, Store, bind_with_values
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from chinakg.errors import QueryError, StoreError
from chinakg.namespaces import PREFIXES
from chinakg.sparql_guard import names_dataset


class FolderLock:
    """An advisory lock (flock) on a store folder.  A writer holds it exclusively; a server
    holds it shared while its workers read, so that no build writes under them.  RocksDB
    readers opened read-only must not run beside a writer."""

    def __init__(self, path: str | Path, shared: bool) -> None:
        self._fd = os.open(path, os.O_RDONLY)
        try:
            fcntl.flock(self._fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._fd)
            raise StoreError(f"the store at {path} is in use by `chinakg serve`, a build, or a command reading it; "
                             "wait for it or stop it first, or use another folder") from None

    def release(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)  # closing the descriptor releases the lock
            self._fd = -1


def check_folder(path: str | Path, must_exist: bool) -> None:
    """Refuse a folder that holds no store when one must exist, and a folder that is not
    empty but has no RocksDB `CURRENT` file (damaged, or not a store at all): opening it for
    writing would start a new, empty store over the old files."""
    folder = Path(path)
    has_files = folder.is_dir() and any(folder.iterdir())
    if must_exist and not has_files:
        raise StoreError(f"there is no store at {path}: build one first (chinakg build … --store {path})")
    if has_files and not (folder / "CURRENT").is_file():
        raise StoreError(_damaged(path, "its RocksDB CURRENT file is missing"))


def _damaged(path: str | Path, why: str) -> str:
    return (f"the store at {path} is damaged or is not a chinakg store ({why}); nothing was changed. "
            f"Restore the folder from a copy, or build the store again into a new folder "
            f"(chinakg build … --store NEW-FOLDER)")


class EmbeddedStore(Store):
    """`read_only=True` opens an existing store for reading only, and never creates or
    repairs one; several processes may do so, but never beside a writer: a reader holds the
    folder's lock shared, a writer exclusively, unless `lock=False` (for the server, which
    holds it already).  A folder that is not empty but has no RocksDB `CURRENT` file is
    refused as damaged, for writing too (RocksDB would start a new, empty store there).
    `union_default_graph=True` makes the default graph of queries the union of all named
    graphs (the server does this for its users; the library's own queries name their graphs)."""

    capabilities = Capabilities(atomic_batches=True, exclusive_writer=True, union_default_graph=True)
    #: the IRI relative IRIs in queries and updates resolve against (the server sets its base IRI)
    base_iri: str | None = None

    def __init__(self, path: str | Path | None = None, read_only: bool = False,
                 union_default_graph: bool = False, lock: bool = True) -> None:
        self._union = union_default_graph
        self.read_only = read_only and path is not None
        self._lock: FolderLock | None = None
        if path is None:
            self._store = ox.Store()
            self.description = "in-memory store"
            return
        self.description = f"embedded store at {path}" + (" (read-only)" if read_only else "")
        check_folder(path, must_exist=read_only)
        try:
            if not read_only:
                Path(path).mkdir(parents=True, exist_ok=True)
            self._lock = FolderLock(path, shared=read_only) if lock else None
            self._store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except (OSError, RuntimeError) as exc:
            if self._lock:
                self._lock.release()
            raise StoreError(_damaged(path, str(exc)) if read_only else f"cannot open the store at {path}: {exc}") \
                from exc

    def replace_graphs(self, items: list[tuple[URIRef, str]]) -> None:
        # One SPARQL update is one transaction in Oxigraph: all of it or nothing.
        self.check_writable()
        update = " ;\n".join(f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{triples}}} }}"
                              for graph, triples in items)
        try:
            self._store.update(update)
        except (OSError, SyntaxError, ValueError) as exc:
            names = ", ".join(str(graph) for graph, _ in items[:3]) + (" …" if len(items) > 3 else "")
            raise StoreError(f"cannot write graphs {names}: {exc}") from exc

    def remove_graph(self, graph: URIRef) -> None:
        self.update(f"DROP SILENT GRAPH <{graph}>")

    def update(self, sparql_update: str) -> None:
        """Run an update and flush it, so that stores opened read-only afterwards see it."""
        self.check_writable()
        try:
            self._store.update(sparql_update, base_iri=self.base_iri)
            self._store.flush()
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL update: {exc}") from exc
        except RuntimeError as exc:  # the engine refuses the update itself, e.g. CLEAR of a graph it has not
            raise QueryError(f"the update cannot be applied: {exc}") from exc
        except (OSError, ValueError) as exc:
            raise StoreError(f"update failed: {exc}") from exc

    def query(self, sparql: str, bindings: dict[str, Node] | None = None,
              max_rows: int | None = None, union_default: bool = False,
              dataset: QueryDataset | None = None) -> QueryResult:
        if bindings:
            sparql = bind_with_values(sparql, bindings)
        options: dict = {"base_iri": self.base_iri}
        if dataset is not None:  # the protocol's dataset replaces FROM and the union default
            options["default_graph"] = [ox.NamedNode(g) for g in dataset.default] or [ox.DefaultGraph()]
            options["named_graphs"] = [ox.NamedNode(g) for g in dataset.named]
        else:
            options["use_default_graph_as_union"] = ((self._union or union_default)
                                                     and not names_dataset(sparql))  # FROM wins, as SPARQL says
        try:
            result = self._store.query(sparql, **options)
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"query failed: {exc}") from exc
        if isinstance(result, ox.QueryBoolean):
            return QueryResult(kind="ask", boolean=bool(result))
        kept, truncated = _take(result, max_rows)
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            convert = converter()
            rows = [{n: convert(sol[n]) for n in names} for sol in kept]
            return QueryResult(kind="select", variables=names, rows=rows, truncated=truncated)
        graph = Graph()
        convert = converter()
        for triple in kept:
            graph.add((convert(triple.subject), convert(triple.predicate), convert(triple.object)))
        return QueryResult(kind="graph", graph=graph, truncated=truncated)

    def dump_nquads(self) -> bytes:
        return self._store.dump(format=ox.RdfFormat.N_QUADS)

    def write_dump(self, out: BinaryIO, fmt: str = "nquads") -> None:
        if fmt not in ("turtle", "nt", "nquads", "trig"):
            super().write_dump(out, fmt)
            return
        if fmt in ("turtle", "nt"):  # one graph: the union of every named graph, streamed
            triples = self._store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
            if fmt == "nt":
                ox.serialize(triples, out, format=ox.RdfFormat.N_TRIPLES)
                return
            prefixes = {name: str(ns) for name, ns in PREFIXES.items()}
            ox.serialize(triples, out, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
            return
        self._store.dump(out, format=ox.RdfFormat.N_QUADS if fmt == "nquads" else ox.RdfFormat.TRIG)

    def close(self) -> None:
        if not self.read_only:
            self._store.flush()
        del self._store  # dropping the last reference closes RocksDB (and waits for its compactions)
        if self._lock:
            self._lock.release()


def _take(result: object, max_rows: int | None) -> tuple[list, bool]:
    """The first `max_rows` items of a lazy result, and whether there were more."""
    if max_rows is None:
        return list(result), False  # type: ignore[call-overload]
    kept = list(itertools.islice(result, max_rows + 1))  # type: ignore[call-overload]
    return kept[:max_rows], len(kept) > max_rows


def converter() -> Callable[[object], Node | None]:
    """`from_oxigraph` for one result, remembering each term it has converted: a result
    repeats its terms (a party, a vote value, a date) and making rdflib terms is the slow part."""
    done: dict[object, Node | None] = {}

    def convert(term: object) -> Node | None:
        if term is None:
            return None
        found = done.get(term)
        if found is None:
            found = done[term] = from_oxigraph(term)
        return found
    return convert


def from_oxigraph(term: object) -> Node | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == str(XSD.string) else URIRef(datatype))
    raise StoreError(f"unexpected term in query result: {term!r}")
