"""Embedded store: pyoxigraph on disk (RocksDB), or in memory when no path is given."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from chinakg.graph_store.base import QueryResult, Store, bind_with_values
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from chinakg.errors import QueryError, StoreError


class EmbeddedStore(Store):
    def __init__(self, path: str | Path | None = None) -> None:
        try:
            if path is None:
                self._store = ox.Store()
                self.description = "in-memory store"
            else:
                Path(path).mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
                self.description = f"embedded store at {path}"
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}") from exc

    def replace_graph(self, graph: URIRef, content: Graph) -> None:
        triples = content.serialize(format="nt")
        # One SPARQL update is one transaction in Oxigraph: all of it or nothing.
        update = f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{triples}}} }}"
        try:
            self._store.update(update)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot write graph {graph}: {exc}") from exc

    def remove_graph(self, graph: URIRef) -> None:
        self._store.update(f"DROP SILENT GRAPH <{graph}>")

    def query(self, sparql: str, bindings: dict[str, Node] | None = None) -> QueryResult:
        if bindings:
            sparql = bind_with_values(sparql, bindings)
        try:
            result = self._store.query(sparql)
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"query failed: {exc}") from exc
        if isinstance(result, ox.QueryBoolean):
            return QueryResult(kind="ask", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            rows = [{n: from_oxigraph(sol[n]) for n in names} for sol in result]
            return QueryResult(kind="select", variables=names, rows=rows)
        graph = Graph()
        for triple in result:
            graph.add((from_oxigraph(triple.subject), from_oxigraph(triple.predicate),
                       from_oxigraph(triple.object)))
        return QueryResult(kind="graph", graph=graph)

    def dump_nquads(self) -> bytes:
        return self._store.dump(format=ox.RdfFormat.N_QUADS)

    def close(self) -> None:
        self._store.flush()
        del self._store


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
