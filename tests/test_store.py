"""The same store tests against the embedded store and a live Oxigraph server."""

from __future__ import annotations

import pytest
from chinakg.graph_store import EmbeddedStore, RemoteStore, Store, ntriples
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, XSD

from chinakg.errors import QueryError

EX = "http://example.org/"
G1, G2 = URIRef(EX + "g1"), URIRef(EX + "g2")


def graph_of(*labels: str) -> Graph:
    g = Graph()
    for i, label in enumerate(labels):
        g.add((URIRef(f"{EX}s{i}"), RDFS.label, Literal(label)))
    return g


@pytest.fixture(params=["embedded", "remote"])
def store(request: pytest.FixtureRequest, tmp_path) -> Store:
    if request.param == "embedded":
        s: Store = EmbeddedStore(tmp_path / "store")
    else:
        s = RemoteStore(request.getfixturevalue("oxigraph_server"))
        for g in s.named_graphs():
            s.remove_graph(g)
    yield s
    s.close()


def labels(store: Store, graph: URIRef) -> set[str]:
    result = store.query(f"SELECT ?l WHERE {{ GRAPH <{graph}> {{ ?s <{RDFS.label}> ?l }} }}")
    return {str(r["l"]) for r in result.rows}


def test_replace_graph_replaces_exactly_that_graph(store: Store) -> None:
    store.replace_graph(G1, ntriples(graph_of("a", "b")))
    store.replace_graph(G2, ntriples(graph_of("x")))
    store.replace_graph(G1, ntriples(graph_of("c")))
    assert labels(store, G1) == {"c"}
    assert labels(store, G2) == {"x"}
    assert store.count() == 2
    assert store.named_graphs() == [G1, G2]


def test_remove_graph_leaves_the_others(store: Store) -> None:
    store.replace_graph(G1, ntriples(graph_of("a")))
    store.replace_graph(G2, ntriples(graph_of("x", "y")))
    store.remove_graph(G1)
    store.remove_graph(URIRef(EX + "absent"))  # not an error
    assert store.named_graphs() == [G2]
    assert store.count(G2) == 2


def test_bound_parameters_are_terms_not_text(store: Store) -> None:
    store.replace_graph(G1, ntriples(graph_of("a", 'quote " and } brace')))
    q = "SELECT ?s WHERE { GRAPH ?g { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } }"
    assert [str(r["s"]) for r in store.query(q, {"l": Literal("a")}).rows] == [EX + "s0"]
    assert [str(r["s"]) for r in store.query(q, {"l": Literal('quote " and } brace')}).rows] == [EX + "s1"]
    assert store.query(q, {"l": Literal("a } UNION { ?s ?p ?l")}).rows == []


def test_typed_literals_and_query_forms(store: Store) -> None:
    g = Graph()
    g.add((URIRef(EX + "d"), URIRef(EX + "date"), Literal("2020-02-04", datatype=XSD.date)))
    store.replace_graph(G1, ntriples(g))
    row = store.query(f"SELECT ?d WHERE {{ GRAPH ?g {{ ?s <{EX}date> ?d }} }}").rows[0]
    assert row["d"] == Literal("2020-02-04", datatype=XSD.date)
    assert store.query("ASK { GRAPH ?g { ?s ?p ?o } }").boolean is True
    copy = store.graph(G1)
    assert len(copy) == 1 and (URIRef(EX + "d"), URIRef(EX + "date"), Literal("2020-02-04", datatype=XSD.date)) in copy
    assert f"<{G1}>".encode() in store.dump_nquads()


def test_malformed_query_raises_query_error(store: Store) -> None:
    with pytest.raises(QueryError):
        store.query("SELEC ?x WHERE { ?x ?y }")
