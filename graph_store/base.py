"""The store interface every backend implements.

A store is an RDF dataset: each source document lives in its own named graph, and
ontology, vocabularies and reference data have named graphs of their own.  Replacing a
graph is atomic: a reader sees the old triples or the new ones, never a mixture.
Query results come back as rdflib terms whatever the backend.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import BinaryIO

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from chinakg.errors import QueryError
from chinakg.namespaces import GRAPH

_WHERE_OPEN = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
#: a comment line in a query marking where bound parameters are in scope (else: the first WHERE group)
VALUES_MARKER = "#@parameters"


@dataclass
class QueryResult:
    """The answer to a SPARQL query: rows for SELECT, a boolean for ASK, a graph otherwise."""

    kind: str  # "select", "ask" or "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Node | None]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None
    #: True when rows or triples were cut off at the `max_rows` the caller asked for
    truncated: bool = False


class Store(ABC):
    """An RDF dataset with atomic per-graph replacement and SPARQL 1.1 queries."""

    #: a short human description ("embedded store at ./chinakg-store")
    description: str = ""

    @abstractmethod
    def replace_graph(self, graph: URIRef, content: Graph) -> None:
        """Make `graph` hold exactly the triples of `content`, atomically."""

    def replace_graphs(self, items: list[tuple[URIRef, str]]) -> None:
        """Replace several graphs, each given as N-Triples text.  Each graph is replaced
        completely or not at all (backends that can do so replace all of them at once)."""
        for graph, ntriples in items:
            content = Graph()
            content.parse(data=ntriples, format="nt")
            self.replace_graph(graph, content)

    @abstractmethod
    def remove_graph(self, graph: URIRef) -> None:
        """Remove a named graph; removing an absent graph is not an error."""

    @abstractmethod
    def query(self, sparql: str, bindings: dict[str, Node] | None = None,
              max_rows: int | None = None) -> QueryResult:
        """Run a SPARQL 1.1 query.  `bindings` pre-bind variables to RDF terms; with
        `max_rows`, at most that many rows (or triples) are kept and `truncated` says so."""

    @abstractmethod
    def update(self, sparql_update: str) -> None:
        """Run a SPARQL 1.1 update."""

    @abstractmethod
    def dump_nquads(self) -> bytes:
        """The whole dataset as N-Quads."""

    def write_dump(self, out: BinaryIO, fmt: str = "nquads") -> None:
        """Write the dataset to a binary stream: `nquads`, `trig`, or `turtle` (the union of
        all graphs as one graph)."""
        data = self.dump_nquads()
        if fmt == "nquads":
            out.write(data)
            return
        dataset = Dataset()
        dataset.parse(data=data, format="nquads")
        if fmt == "trig":
            out.write(dataset.serialize(format="trig", encoding="utf-8"))
            return
        union = Graph()
        for s, p, o, _g in dataset.quads((None, None, None, None)):
            union.add((s, p, o))
        out.write(union.serialize(format="turtle", encoding="utf-8"))

    @abstractmethod
    def close(self) -> None:
        """Release the store."""

    # Shared helpers, written once on top of query().

    def named_graphs(self) -> list[URIRef]:
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(row["g"] for row in result.rows if row["g"] is not None)

    def document_graphs(self) -> list[URIRef]:
        """The named graphs that hold one source document each."""
        prefix = str(GRAPH["doc/"])
        return [g for g in self.named_graphs() if str(g).startswith(prefix)]

    def graph(self, graph: URIRef) -> Graph:
        """A copy of one named graph as an rdflib Graph."""
        result = self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        assert result.graph is not None
        return result.graph

    def count(self, graph: URIRef | None = None) -> int:
        where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "GRAPH ?g { ?s ?p ?o }"
        result = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
        return int(result.rows[0]["n"])  # type: ignore[arg-type]

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def bind_with_values(sparql: str, bindings: dict[str, Node]) -> str:
    """Pre-bind variables: a VALUES block holding the serialised RDF terms is put on every
    `#@parameters` comment line of the query (a query may mark several subqueries, so that
    each is restricted before it aggregates), else at the start of its first WHERE group.
    Terms are serialised by rdflib (IRIs and literals escaped), never pasted as text."""
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(_term_n3(term) for term in bindings.values())
    block = f"\n  VALUES ({names}) {{ ({values}) }}\n"
    if VALUES_MARKER in sparql:  # the query says where its parameters are in scope
        return sparql.replace(VALUES_MARKER, VALUES_MARKER + block)
    match = _WHERE_OPEN.search(sparql)
    if not match:
        raise QueryError("cannot bind parameters: the query has no WHERE clause")
    return sparql[: match.end()] + block + sparql[match.end():]


def _term_n3(term: Node) -> str:
    if isinstance(term, (URIRef, Literal)):
        return term.n3()
    raise QueryError(f"cannot bind {term!r}: only IRIs and literals can be parameters")
