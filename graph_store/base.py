"""The store interface every backend implements.

A store is an RDF dataset: each source document lives in its own named graph, and
ontology, vocabularies and reference data have named graphs of their own.  Replacing a
graph is atomic: a reader sees the old triples or the new ones, never a mixture.
Query results come back as rdflib terms whatever the backend.

Writes take one payload type: a graph's triples as N-Triples text (`ntriples(triples)` makes
it from an rdflib Graph or any other iterable of rdflib triples).  What a backend can and
cannot do is said by its `capabilities`, never found out by checking its class.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from chinakg.errors import ChinaKGError, QueryError, StoreError
from chinakg.namespaces import GRAPH, PREFIXES
from chinakg.sparql_guard import with_values

#: query variables pre-bound to a term, or to several (a VALUES block of their own)
Bindings = dict[str, Node | tuple[Node, ...]]


@dataclass(frozen=True)
class QueryDataset:
    """The dataset a request names through the SPARQL protocol (default-graph-uri and
    named-graph-uri): it replaces the query's own FROM / FROM NAMED and the union default.
    A graph not named is not in it: with only `named`, the default graph is empty."""

    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()


@dataclass(frozen=True)
class Capabilities:
    """What a backend guarantees."""

    #: `replace_graphs` writes all the graphs it is given in one transaction (else each
    #: graph is replaced atomically, one after the other)
    atomic_batches: bool
    #: one writer at a time, held by a lock on the store's folder; readers open it
    #: read-only and must not run beside a writer (a server holds the lock shared)
    exclusive_writer: bool
    #: the default graph of queries can be made the union of the named graphs
    union_default_graph: bool


def ntriples(triples: Iterable[tuple[Node, Node, Node]]) -> str:
    """The one write payload: triples (an rdflib Graph, the mapping's Triples) as N-Triples
    text, one line each, written as rdflib's N-Triples serialiser writes them."""
    written: dict[Node, str] = {}  # each term once: a document names its subjects and predicates many times

    def term(node: Node) -> str:
        text = written.get(node)
        if text is None:
            text = written[node] = _nt_term(node)
        return text

    return "".join(f"{term(s)} {term(p)} {term(o)} .\n" for s, p, o in triples)


def _nt_term(term: Node) -> str:
    if not isinstance(term, Literal):
        return term.n3()
    quoted = '"' + term.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r") + '"'
    if term.language:
        return f"{quoted}@{term.language}"
    return f"{quoted}^^<{term.datatype}>" if term.datatype else quoted


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

    def to_pandas(self) -> Any:
        """SELECT rows as a pandas DataFrame, each column typed from its values (see `frame`)."""
        return frame(self.variables, self.rows)


#: datatypes whose values become integers, numbers, days or booleans in a DataFrame
_INTEGERS = {XSD.integer, XSD.int, XSD.long, XSD.short, XSD.nonNegativeInteger, XSD.positiveInteger,
             XSD.gYear}
_NUMBERS = _INTEGERS | {XSD.decimal, XSD.double, XSD.float}


def frame(columns: list[str], rows: list[dict[str, Node | None]]) -> Any:
    """A pandas DataFrame of result rows: a column whose values are all integers (or years)
    is Int64, all numbers Float64, all xsd:date datetime64, all booleans boolean, else
    string; an unbound value is missing (NA), never ''."""
    try:
        import pandas as pd
    except ImportError as exc:
        raise ChinaKGError("to_pandas() needs pandas: pip install 'chinakg[dataframe]'") from exc
    return pd.DataFrame({c: _column(pd, [row.get(c) for row in rows]) for c in columns}, columns=columns)


def _column(pd: Any, terms: list[Node | None]) -> Any:
    kinds = {t.datatype if isinstance(t, Literal) and t.datatype else "text" for t in terms if t is not None}
    present = [t for t in terms if t is not None]
    if present and kinds <= _INTEGERS:
        return pd.array([None if t is None else int(str(t)[:4] if t.datatype == XSD.gYear else str(t))
                         for t in terms], dtype="Int64")
    if present and kinds <= _NUMBERS:
        return pd.array([None if t is None else float(str(t)) for t in terms], dtype="Float64")
    if present and kinds == {XSD.date}:
        return pd.to_datetime(pd.Series([None if t is None else str(t) for t in terms], dtype="string"))
    if present and kinds == {XSD.boolean}:
        return pd.array([None if t is None else str(t) == "true" for t in terms], dtype="boolean")
    return pd.array([None if t is None else str(t) for t in terms], dtype="string")


class Store(ABC):
    """An RDF dataset with atomic per-graph replacement and SPARQL 1.1 queries."""

    #: a short human description ("embedded store at ./chinakg-store")
    description: str = ""
    capabilities: Capabilities = Capabilities(atomic_batches=False, exclusive_writer=False,
                                              union_default_graph=False)
    read_only: bool = False

    def replace_graph(self, graph: URIRef, data: str) -> None:
        """Make `graph` hold exactly the triples of `data` (N-Triples), atomically."""
        self.replace_graphs([(graph, data)])

    @abstractmethod
    def replace_graphs(self, items: list[tuple[URIRef, str]]) -> None:
        """Replace several graphs, each given as N-Triples text.  Each graph is replaced
        completely or not at all; with `capabilities.atomic_batches` all of them at once."""

    @abstractmethod
    def remove_graph(self, graph: URIRef) -> None:
        """Remove a named graph; removing an absent graph is not an error."""

    @abstractmethod
    def query(self, sparql: str, bindings: Bindings | None = None,
              max_rows: int | None = None, union_default: bool = False,
              dataset: QueryDataset | None = None) -> QueryResult:
        """Run a SPARQL 1.1 query.  `bindings` pre-bind variables to RDF terms; with
        `max_rows`, at most that many rows (or triples) are kept and `truncated` says so.
        `union_default` makes the default graph the union of the named graphs (for users'
        queries: the one rule of CLI, API and endpoint) where the backend decides that; a
        query with FROM or FROM NAMED keeps the dataset it names; `dataset` (the protocol's)
        replaces both."""

    def strings(self, sparql: str) -> list[dict[str, str]]:
        """A SELECT query's rows as plain strings (an IRI's address, a literal's lexical
        form), a variable left unbound left out: for the build's own bookkeeping queries,
        which need no RDF terms."""
        return [{name: str(term) for name, term in row.items() if term is not None}
                for row in self.query(sparql).rows]

    @abstractmethod
    def update(self, sparql_update: str) -> None:
        """Run a SPARQL 1.1 update."""

    def check_writable(self) -> None:
        """Raise StoreError when the store was opened for reading only."""
        if self.read_only:
            raise StoreError(f"the {self.description} was opened for reading only")

    def answers_folder(self) -> Path | None:
        """The folder where answers of the canned listings are kept for the store as it is
        (chinakg.answers), or None for a backend that keeps none."""
        return None

    def results_json(self, sparql: str) -> bytes:
        """A SELECT query's answer as SPARQL 1.1 Query Results JSON, for kept answers."""
        raise StoreError(f"the {self.description} keeps no answers")

    @abstractmethod
    def dump_nquads(self) -> bytes:
        """The whole dataset as N-Quads."""

    def write_dump(self, out: BinaryIO, fmt: str = "nquads") -> None:
        """Write the dataset to a binary stream (see DUMP_FORMATS): N-Quads, TriG and JSON-LD
        keep the named graphs; Turtle and N-Triples hold the union of all graphs as one graph.
        The command line (`chinakg export`) and the server's dumps both write through here."""
        data = self.dump_nquads()
        if fmt == "nquads":
            out.write(data)
            return
        dataset = Dataset()
        dataset.parse(data=data, format="nquads")
        for prefix, ns in PREFIXES.items():
            dataset.bind(prefix, ns)
        if fmt in ("trig", "jsonld"):
            out.write(dataset.serialize(format="json-ld" if fmt == "jsonld" else "trig", encoding="utf-8"))
            return
        union = Graph()
        for prefix, ns in PREFIXES.items():
            union.bind(prefix, ns)
        for s, p, o, _g in dataset.quads((None, None, None, None)):
            union.add((s, p, o))
        out.write(union.serialize(format="nt" if fmt == "nt" else "turtle", encoding="utf-8"))

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


def bind_with_values(sparql: str, bindings: Bindings) -> str:
    """Pre-bind variables to RDF terms (see sparql_guard.with_values), each serialised by
    rdflib (IRIs and literals escaped), never pasted as text."""
    return with_values(sparql, {name: tuple(_term_n3(t) for t in term) if isinstance(term, tuple) else _term_n3(term)
                                for name, term in bindings.items()})


def _term_n3(term: Node) -> str:
    if isinstance(term, (URIRef, Literal)):
        return term.n3()
    raise QueryError(f"cannot bind {term!r}: only IRIs and literals can be parameters")


def from_json(binding: dict | None) -> Node | None:
    """A term of SPARQL 1.1 Query Results JSON as an rdflib term."""
    if binding is None:
        return None
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    datatype = binding.get("datatype")
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        datatype = None
    return Literal(value, lang=binding.get("xml:lang"), datatype=URIRef(datatype) if datatype else None)
