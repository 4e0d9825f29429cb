"""Embedded store: pyoxigraph on disk (RocksDB), or in memory when no path is given."""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from chinakg.graph_store.base import Bindings, Capabilities, QueryDataset, QueryResult, Store, bind_with_values
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from chinakg import answers
from chinakg.errors import QueryError, StoreError
from chinakg.folder import UNFINISHED_LOAD, FolderLock, check_folder, damaged, unfinished_load
from chinakg.namespaces import PREFIXES
from chinakg.sparql_guard import names_dataset


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
        self._path = None if path is None else Path(path)
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
            raise StoreError(damaged(path, str(exc)) if read_only else f"cannot open the store at {path}: {exc}") \
                from exc
        if (self._path / UNFINISHED_LOAD).exists():
            if read_only:
                self.close()
                raise StoreError(unfinished_load(path))
            try:
                self._undo_unfinished_load()
            except StoreError:
                self.close()
                raise

    def replace_graphs(self, items: list[tuple[URIRef, str]]) -> None:
        # A SPARQL update is one transaction in Oxigraph: all or nothing.  New graphs go
        # through the bulk loader, twice as fast on disk, made all or nothing by its undo list.
        self._before_write()
        try:
            if self._all_new(items):  # nothing to drop: one N-Quads load, which parses faster than an update
                self._load_new(_nquads(items), [str(graph) for graph, _ in items])
            else:
                self._store.update(" ;\n".join(f"DROP SILENT GRAPH <{graph}> ;\n"
                                                f"INSERT DATA {{ GRAPH <{graph}> {{\n{triples}}} }}"
                                                for graph, triples in items))
        except (OSError, SyntaxError, ValueError) as exc:
            names = ", ".join(str(graph) for graph, _ in items[:3]) + (" …" if len(items) > 3 else "")
            raise StoreError(f"cannot write graphs {names}: {exc}") from exc

    def _load_new(self, nquads: str, graphs: list[str]) -> None:
        """Graphs none of which is stored yet.  On disk the bulk loader writes them, which is
        not one transaction: their names are put in the folder's undo list first and taken
        out once the graphs are on disk, and a load that fails or is cut short (a killed
        build) is undone by dropping them (at once, or when the store is next opened)."""
        if self._path is None:
            self._store.load(nquads, format=ox.RdfFormat.N_QUADS)
            return
        undo = self._path / UNFINISHED_LOAD
        partial = undo.with_suffix(".part")
        partial.unlink(missing_ok=True)  # whatever was left there (opening a named pipe would block)
        with partial.open("w", encoding="utf-8") as file:
            json.dump(graphs, file)
            file.flush()
            os.fsync(file.fileno())
        partial.replace(undo)
        try:
            self._store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
            self._store.flush()
        except BaseException:
            try:
                self._undo_unfinished_load()
            except StoreError:
                self.close()
                raise
            raise
        undo.unlink()

    def _undo_unfinished_load(self) -> None:
        """Drop the graphs of a bulk load that did not finish (see `_load_new`)."""
        assert self._path is not None
        undo = self._path / UNFINISHED_LOAD
        if not undo.is_file():  # a named pipe put in its place would block the reader
            raise StoreError(f"{unfinished_load(self._path)}; but {undo} is not a regular file")
        try:
            graphs = json.loads(undo.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreError(f"{unfinished_load(self._path)}; but its list {undo} cannot be read ({exc})") from exc
        if graphs:  # the answers were forgotten when the load began (every write forgets them first)
            self.update(" ;\n".join(f"DROP SILENT GRAPH <{graph}>" for graph in graphs))
        undo.unlink()

    def _all_new(self, items: list[tuple[URIRef, str]]) -> bool:
        """Whether no graph of `items` is stored yet, and none is given twice."""
        names = [str(graph) for graph, _ in items]
        return len(set(names)) == len(names) and not any(
            self._store.contains_named_graph(ox.NamedNode(name)) for name in names)

    def remove_graph(self, graph: URIRef) -> None:
        self.update(f"DROP SILENT GRAPH <{graph}>")

    def update(self, sparql_update: str) -> None:
        """Run an update and flush it, so that stores opened read-only afterwards see it."""
        self._before_write()
        try:
            self._store.update(sparql_update, base_iri=self.base_iri)
            self._store.flush()
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL update: {exc}") from exc
        except RuntimeError as exc:  # the engine refuses the update itself, e.g. CLEAR of a graph it has not
            raise QueryError(f"the update cannot be applied: {exc}") from exc
        except (OSError, ValueError) as exc:
            raise StoreError(f"update failed: {exc}") from exc

    def _before_write(self) -> None:
        """Refuse a write to a read-only store; forget the answers kept for the store as it was."""
        self.check_writable()
        if self._path is not None:
            answers.forget(self._path)

    def answers_folder(self) -> Path | None:
        return self._path

    def results_json(self, sparql: str) -> bytes:
        result = self._store.query(sparql)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("only a SELECT query's answer is kept")
        return result.serialize(format=ox.QueryResultsFormat.JSON)

    def _evaluate(self, sparql: str, options: dict) -> object:
        """The engine's answer, its errors made ours."""
        try:
            return self._store.query(sparql, **options)
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"query failed: {exc}") from exc

    def strings(self, sparql: str) -> list[dict[str, str]]:
        result = self._evaluate(sparql, {"base_iri": self.base_iri})
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("only a SELECT query's rows are strings")
        names = [v.value for v in result.variables]
        return [{name: term.value for name, term in zip(names, solution, strict=True) if term is not None}
                for solution in result]

    def query(self, sparql: str, bindings: Bindings | None = None,
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
        result = self._evaluate(sparql, options)
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

    def count(self, graph: URIRef | None = None) -> int:
        if graph is not None:
            return super().count(graph)
        # every quad but those of the default graph (which chinakg leaves empty), counted by the
        # engine's own length (0.26 s on the full corpus; the COUNT query takes 0.44 s)
        return len(self._store) - sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

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


def _nquads(items: list[tuple[URIRef, str]]) -> str:
    """Graphs given as N-Triples text, as one N-Quads text (each line ends `<graph> .`)."""
    return "".join(f"{line.rstrip().removesuffix('.').rstrip()} <{graph}> .\n"
                   for graph, triples in items for line in triples.splitlines() if line.strip())


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
