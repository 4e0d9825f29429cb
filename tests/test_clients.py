"""The tools people already use, against a real `chinakg serve` on the seed store:
SPARQLWrapper in every format it names, rdflib's SPARQLStore and SPARQLUpdateStore (read
side), a YASGUI-style form POST, each for SELECT, ASK, CONSTRUCT and DESCRIBE; one
default-graph rule for CLI, API and endpoint; FROM honoured; a base IRI; strict requests."""

from __future__ import annotations

import json
import shutil
import urllib.parse
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS
from SPARQLWrapper import JSON, JSONLD, N3, RDFXML, TURTLE, XML, SPARQLWrapper
from test_server import Server, get

from chinakg.api import KnowledgeGraph
from chinakg.cli import main
from chinakg.namespaces import BASE, CK, document_graph

MOTION = "https://w3id.org/chinakg/id/doc/kst-35925-V-48"
D66 = "https://w3id.org/chinakg/id/party/d66"
CONSTRUCT = f"CONSTRUCT {{ <{MOTION}> ?p ?o }} WHERE {{ GRAPH ?g {{ <{MOTION}> ?p ?o }} }}"
DESCRIBE = f"DESCRIBE <{MOTION}>"
ASK = f"ASK {{ <{MOTION}> a <{CK.Motion}> }}"
SELECT = f"SELECT ?p ?o WHERE {{ <{MOTION}> ?p ?o }}"
PARSE_AS = {"application/rdf+xml": "xml", "text/turtle": "turtle", "application/ld+json": "json-ld",
            "application/n-triples": "nt"}


@pytest.fixture(scope="module")
def served(seeds_store: Path):
    srv = Server(seeds_store, seeds_store.parent)
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def motion_triples(seeds_store: Path) -> int:
    with KnowledgeGraph(seeds_store, read_only=True) as kg:
        return len(kg.sparql(CONSTRUCT).graph)


def _graph_of(raw) -> Graph:
    media = raw.response.headers["Content-Type"].split(";")[0]
    return Graph().parse(data=raw.response.read(), format=PARSE_AS[media])


@pytest.mark.parametrize("fmt", [None, XML, RDFXML, TURTLE, N3, JSONLD, JSON], ids=lambda f: f or "default")
def test_sparqlwrapper_construct_and_describe_in_every_format_it_names(served: Server, motion_triples: int,
                                                                      fmt: str | None) -> None:
    for query in (CONSTRUCT, DESCRIBE):
        client = SPARQLWrapper(f"{served.url}/sparql")
        client.setQuery(query)
        if fmt:
            client.setReturnFormat(fmt)
        graph = _graph_of(client.query())
        assert (URIRef(MOTION), RDF.type, CK.Motion) in graph
        if query is CONSTRUCT:
            assert len(graph) == motion_triples
        else:
            assert len(graph) >= motion_triples


@pytest.mark.parametrize("fmt", [JSON, XML])
def test_sparqlwrapper_ask(served: Server, fmt: str) -> None:
    client = SPARQLWrapper(f"{served.url}/sparql")
    client.setQuery(ASK)
    client.setReturnFormat(fmt)
    result = client.queryAndConvert()
    if fmt == JSON:
        assert result["boolean"] is True
    else:
        assert result.getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize("store_class", ["SPARQLStore", "SPARQLUpdateStore"])
def test_rdflib_stores_read_select_ask_construct_describe(served: Server, motion_triples: int,
                                                          store_class: str) -> None:
    from rdflib.plugins.stores import sparqlstore

    url = f"{served.url}/sparql"
    store = sparqlstore.SPARQLStore(url) if store_class == "SPARQLStore" else \
        sparqlstore.SPARQLUpdateStore(query_endpoint=url, update_endpoint=url)
    graph = Graph(store=store)
    rows = list(graph.query(SELECT))
    assert (RDF.type, CK.Motion) in {(r.p, r.o) for r in rows}
    assert graph.query(ASK).askAnswer is True
    constructed = graph.query(CONSTRUCT).graph
    assert len(constructed) == motion_triples
    described = graph.query(DESCRIBE).graph
    assert (URIRef(MOTION), RDF.type, CK.Motion) in described


def test_a_yasgui_style_form_post_for_each_query_form(served: Server, motion_triples: int) -> None:
    """YASGUI posts a form with an Accept listing the result types first, then */*."""
    def post(query: str, accept: str) -> tuple[int, dict[str, str], bytes]:
        return get(f"{served.url}/sparql", accept=accept, data=urllib.parse.urlencode({"query": query}).encode(),
                   headers={"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"})

    select_accept = "application/sparql-results+json,*/*;q=0.9"
    status, _, body = post(SELECT, select_accept)
    pairs = {(b["p"]["value"], b["o"]["value"]) for b in json.loads(body)["results"]["bindings"]}
    assert status == 200 and len(pairs) == motion_triples
    status, _, body = post(ASK, select_accept)
    assert status == 200 and json.loads(body)["boolean"] is True
    for query in (CONSTRUCT, DESCRIBE):
        status, headers, body = post(query, "text/turtle,*/*;q=0.9")
        assert status == 200 and headers["Content-Type"].startswith("text/turtle")
        assert (URIRef(MOTION), RDF.type, CK.Motion) in Graph().parse(data=body, format="turtle")


# -- one default-graph rule, FROM, a base IRI ------------------------------------------

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _endpoint_number(served: Server, query: str) -> int:
    status, _, body = get(f"{served.url}/sparql?" + urllib.parse.urlencode({"query": query}), "text/csv")
    assert status == 200, body
    return int(body.split()[-1])


def _cli(store: Path, *args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--store", str(store)])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_default_graph_is_the_union_of_the_named_graphs_everywhere(served: Server, seeds_store: Path) -> None:
    with KnowledgeGraph(seeds_store, read_only=True) as kg:
        api = int(kg.sparql(COUNT).rows[0]["n"])
        total = kg.store.count()
        described = kg.sparql(f"DESCRIBE <{D66}>").graph
    cli = int(_cli(seeds_store, "sparql", COUNT, "--format", "csv").split()[-1])
    assert api == cli == _endpoint_number(served, COUNT) > 30_000
    assert api <= total  # a triple in two graphs counts once in the union
    assert (URIRef(D66), RDF.type, CK.ParliamentaryParty) in described


def test_from_and_from_named_are_honoured(served: Server, seeds_store: Path) -> None:
    graph = document_graph("kst-32735-286")  # a seed letter
    own = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    from_one = f"SELECT (COUNT(*) AS ?n) FROM <{graph}> WHERE {{ ?s ?p ?o }}"
    with KnowledgeGraph(seeds_store, read_only=True) as kg:
        expected = int(kg.sparql(own).rows[0]["n"])
        assert int(kg.sparql(from_one).rows[0]["n"]) == expected
        assert kg.sparql("ASK FROM <urn:no-such-graph> { ?s ?p ?o }").boolean is False
    assert 0 < expected < 5_000
    assert _endpoint_number(served, from_one) == expected
    status, _, body = get(f"{served.url}/sparql?" + urllib.parse.urlencode(
        {"query": "ASK FROM <urn:no-such-graph> { ?s ?p ?o }"}), "application/sparql-results+json")
    assert json.loads(body)["boolean"] is False
    named = f"SELECT DISTINCT ?g FROM NAMED <{graph}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    status, _, body = get(f"{served.url}/sparql?" + urllib.parse.urlencode({"query": named}), "text/csv")
    assert body.split()[1:] == [str(graph).encode()]


def test_relative_iris_resolve_against_the_base_iri(served: Server) -> None:
    status, _, body = get(f"{served.url}/sparql?" + urllib.parse.urlencode(
        {"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"}), "application/n-triples")
    assert status == 200, body
    assert body.decode().strip() == f'<{BASE}s> <{BASE}p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .'


# -- strict requests -------------------------------------------------------------------

def _form(served: Server, fields: list[tuple[str, str]], content_type: str = "application/x-www-form-urlencoded",
          raw: bytes | None = None) -> tuple[int, dict[str, str], bytes]:
    data = raw if raw is not None else urllib.parse.urlencode(fields).encode()
    return get(f"{served.url}/sparql", "application/sparql-results+json", data=data,
               headers={"Content-Type": content_type})


def test_a_request_with_two_operations_is_refused(served: Server) -> None:
    assert _form(served, [("query", "ASK {}"), ("query", "ASK { ?s ?p ?o }")])[0] == 400
    assert _form(served, [("query", "ASK {}"), ("update", "CLEAR ALL")])[0] == 400
    assert _form(served, [("update", "CLEAR ALL"), ("update", "DROP ALL")])[0] == 400
    assert _form(served, [("query", "ASK {}")])[0] == 200


def test_dataset_parameters_are_honoured_in_the_url_and_in_a_form_body(served: Server, seeds_store: Path) -> None:
    graph = str(document_graph("kst-32735-286"))
    with KnowledgeGraph(seeds_store, read_only=True) as kg:
        own = int(kg.sparql(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows[0]["n"])
        total = int(kg.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0]["n"])
    assert 0 < own < total
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

    def number(fields: list[tuple[str, str]]) -> int:
        status, _, body = _form(served, fields)
        assert status == 200, body
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])

    assert number([("query", count), ("default-graph-uri", graph)]) == own  # in the form body
    in_url = urllib.parse.urlencode({"query": count, "default-graph-uri": graph})
    status, _, body = get(f"{served.url}/sparql?{in_url}", "application/sparql-results+json")  # in the URL
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == own
    # the protocol's dataset replaces the query's FROM, and a graph not named is not in it
    assert number([("query", "SELECT (COUNT(*) AS ?n) FROM <urn:no-such-graph> WHERE { ?s ?p ?o }"),
                   ("default-graph-uri", graph)]) == own
    status, _, body = _form(served, [("query", "ASK { ?s ?p ?o }"), ("default-graph-uri", "urn:no-such-graph")])
    assert status == 200 and json.loads(body)["boolean"] is False
    named = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    status, _, body = get(f"{served.url}/sparql?" + urllib.parse.urlencode({"query": named, "named-graph-uri": graph}),
                          "text/csv")
    assert body.split()[1:] == [graph.encode()]
    assert number([("query", count), ("named-graph-uri", graph)]) == 0  # only named graphs: the default is empty
    status, _, body = _form(served, [("query", count), ("default-graph-uri", "not an IRI")])
    assert status == 400 and b"default-graph-uri" in body
    status, _, body = _form(served, [("query", count), ("using-graph-uri", graph)])
    assert status == 400 and b"using-graph-uri" in body


def test_only_utf8_bodies_are_accepted(served: Server) -> None:
    query = 'ASK { ?s ?p "Zoë" }'.encode("latin-1")
    status, _, body = _form(served, [], "application/sparql-query; charset=ISO-8859-1", raw=query)
    assert status == 415 and b"UTF-8" in body
    status, _, body = _form(served, [], "application/sparql-query", raw=query)  # latin-1 bytes, no charset
    assert status == 400 and b"not UTF-8" in body
    status, _, body = _form(served, [], "application/sparql-query; charset=utf-8", raw='ASK { ?s ?p "Zoë" }'.encode())
    assert status == 200


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_get_405_with_allow(served: Server, method: str) -> None:
    import urllib.request

    request = urllib.request.Request(f"{served.url}/sparql", data=b"<a> <b> <c> .", method=method,
                                     headers={"Content-Type": "text/turtle"})
    try:
        urllib.request.urlopen(request, timeout=30)
        raise AssertionError("expected 405")
    except urllib.error.HTTPError as exc:
        assert exc.code == 405
        assert exc.headers["Allow"] == "GET, HEAD, POST, OPTIONS"
        assert exc.headers["Content-Type"].startswith("text/plain")


# -- parameters by short name ----------------------------------------------------------

@pytest.mark.parametrize(("query", "param", "short", "iri", "wrong", "nearest"), [
    ("documents", "kind", "letter", str(CK.Letter), "Leter", "Letter"),
    ("minister-record", "person", "liesje-schreinemacher", "https://w3id.org/chinakg/id/person/liesje-schreinemacher",
     "liesje-schreinmacher", "liesje-schreinemacher"),
    ("co-submission", "party", "d66", D66, "d67", "d66"),
])
def test_a_party_person_or_kind_by_short_name_or_iri_and_a_wrong_one_named(
        served: Server, seeds_store: Path, query: str, param: str, short: str, iri: str, wrong: str,
        nearest: str) -> None:
    by_short = _cli(seeds_store, "query", query, "-p", f"{param}={short}", "--format", "csv")
    assert by_short == _cli(seeds_store, "query", query, "-p", f"{param}={iri}", "--format", "csv")
    if query != "co-submission":  # the seeds have no co-submitted motion of D66; the others have rows
        assert len(by_short.splitlines()) > 1
    result = CliRunner().invoke(main, ["query", query, "-p", f"{param}={wrong}", "--store", str(seeds_store)])
    assert result.exit_code == 2 and f"did you mean {nearest}?" in result.output
    status, _, body = get(f"{served.url}/queries/{query}?{param}={short}&format=csv")
    assert status == 200 and body.decode().replace("\r\n", "\n") == by_short
    status, _, body = get(f"{served.url}/queries/{query}?{param}={wrong}&format=csv")
    assert status == 400 and f"did you mean {nearest}?".encode() in body


# -- the aligned vocabularies, stated --------------------------------------------------

ALIGNED_COUNTS = """PREFIX ck: <https://w3id.org/chinakg/def#>
SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE {
  VALUES ?c { <http://www.w3.org/ns/opengov#Motion> ck:Motion <http://xmlns.com/foaf/0.1/Person> ck:Person }
  ?x a ?c
} GROUP BY ?c"""


def test_the_data_answers_in_the_vocabularies_it_aligns_to(tmp_path: Path, seeds_store: Path) -> None:
    """Without a reasoner: every ck:Motion is an opengov:Motion, every ck:Person a foaf:Person,
    every ck:officialId a dcterms:identifier; each stated triple follows from a stored one
    and an axiom of the ontology; a removed document takes its own with it."""
    with KnowledgeGraph(seeds_store, read_only=True) as kg:
        counts = {str(r["c"]).rsplit("/", 1)[-1].split("#")[-1] + ("@ck" if str(r["c"]).startswith(str(CK)) else ""):
                  int(r["n"]) for r in kg.sparql(ALIGNED_COUNTS).rows}
        ids = kg.sparql("PREFIX ck: <https://w3id.org/chinakg/def#> PREFIX dct: <http://purl.org/dc/terms/> "
                        "SELECT (COUNT(*) AS ?n) WHERE { ?d ck:officialId ?id "
                        "FILTER NOT EXISTS { ?d dct:identifier ?id } }").rows[0]["n"]
        unfounded = kg.sparql("""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/chinakg/graph/aligned> { ?x a ?super }
              FILTER NOT EXISTS { GRAPH <https://w3id.org/chinakg/graph/ontology> { ?c rdfs:subClassOf+ ?super }
                                  GRAPH ?g { ?x a ?c } } }""").rows[0]["n"]
    assert counts["Motion"] == counts["Motion@ck"] > 10
    assert counts["Person"] == counts["Person@ck"] > 500
    assert int(ids) == 0 and int(unfounded) == 0
    store = tmp_path / "store"
    shutil.copytree(seeds_store, store)
    letter_aligned = f"ASK {{ GRAPH <{BASE}graph/aligned> {{ <{BASE}id/doc/kst-32735-286> ?p ?o }} }}"
    with KnowledgeGraph(store, read_only=True) as kg:
        assert kg.sparql(letter_aligned).boolean is True
    _cli(store, "remove", "kst-32735-286")
    with KnowledgeGraph(store, read_only=True) as kg:
        assert kg.sparql(letter_aligned).boolean is False


# -- links out, the ontology's terms, the dataset description ---------------------------------

LETTER = f"{BASE}id/doc/kst-32735-286"  # a seed letter with its official id
FOAF_PAGE = URIRef("http://xmlns.com/foaf/0.1/page")


def test_documents_and_people_link_to_their_official_pages(served: Server, seeds_store: Path) -> None:
    status, _, body = get(f"{served.url}/id/doc/kst-32735-286", "text/turtle")
    assert status == 200
    graph = Graph().parse(data=body, format="turtle")
    letter = URIRef(LETTER)
    address = "https://zoek.officielebekendmakingen.nl/kst-32735-286"
    assert (letter, FOAF_PAGE, URIRef(address + ".html")) in graph
    assert (letter, CK.officialPdf, URIRef(address + ".pdf")) in graph
    assert (letter, CK.officialXml, URIRef(address + ".xml")) in graph
    with KnowledgeGraph(seeds_store, read_only=True) as kg:
        # every document with an official id has its page, and no document without one
        rows = kg.sparql(f"""SELECT ?id ?page WHERE {{ GRAPH ?g {{ ?d <{CK.officialId}> ?id }}
            OPTIONAL {{ GRAPH <{BASE}graph/links> {{ ?d <{FOAF_PAGE}> ?page }} }} }}""").rows
        assert rows and all(str(r["page"]) == f"https://zoek.officielebekendmakingen.nl/{r['id']}.html" for r in rows)
        assert not kg.sparql(f"""ASK {{ GRAPH ?g {{ ?d <{CK.localId}> ?id }}
            GRAPH <{BASE}graph/links> {{ ?d <{FOAF_PAGE}> ?page }} }}""").boolean
        # a person's Parlement.com id and Tweede Kamer id are links too
        people = kg.sparql(f"""SELECT ?pdc ?page ?tk ?record WHERE {{
            GRAPH <{BASE}graph/reference> {{ ?p <{CK.parlementComId}> ?pdc ; <{CK.tkPersonId}> ?tk }}
            GRAPH <{BASE}graph/links> {{ ?p <{FOAF_PAGE}> ?page ; <{RDFS.seeAlso}> ?record }} }}""").rows
    assert len(people) > 500
    assert all(str(r["page"]) == f"https://www.parlement.com/id/{r['pdc']}/" for r in people)
    assert all(str(r["record"]).endswith(f"/Persoon({r['tk']})") for r in people)


def test_the_ontology_and_each_hash_term_dereference(served: Server) -> None:
    from chinakg.base_graphs import ontology_graph

    terms = {str(t) for t in ontology_graph().subjects() if str(t).startswith(str(CK))}
    assert len(terms) > 80
    for accept, fmt in (("text/turtle", "turtle"), ("application/ld+json", "json-ld")):
        status, _, body = get(f"{served.url}/def", accept)
        assert status == 200
        served_graph = Graph().parse(data=body, format=fmt)
        assert {str(t) for t in served_graph.subjects() if str(t).startswith(str(CK))} == terms
        assert (CK.Motion, RDFS.subClassOf, URIRef("http://www.w3.org/ns/opengov#Motion")) in served_graph
        assert len(list(served_graph.objects(CK.Motion, RDFS.label))) == 2  # English and Dutch
    status, _, body = get(f"{served.url}/def", "text/html")
    html = body.decode()
    assert status == 200
    for term in terms:  # /def#Motion scrolls to the term's own section
        assert f'<section id="{term[len(str(CK)):]}">' in html, term
    motion = html[html.index('<section id="Motion">'):]
    assert "http://www.w3.org/ns/opengov#Motion" in motion[:motion.index("</section>")]


def test_the_dataset_description_has_publisher_dates_and_linksets(served: Server, seeds_store: Path) -> None:
    from rdflib.namespace import DCTERMS, FOAF, OWL, XSD

    void = URIRef("http://rdfs.org/ns/void#")
    status, _, body = get(f"{served.url}/.well-known/void", "text/turtle")
    assert status == 200
    g = Graph().parse(data=body, format="turtle")
    dataset = URIRef(f"{served.url}/.well-known/void#dataset")
    publisher = g.value(dataset, DCTERMS.publisher)
    assert str(g.value(publisher, FOAF.name)) == "chinakg"
    issued, modified = g.value(dataset, DCTERMS.issued), g.value(dataset, DCTERMS.modified)
    assert issued.datatype == modified.datatype == XSD.dateTime and issued.toPython() <= modified.toPython()
    linksets = {g.value(ls, URIRef(void + "objectsTarget")): ls for ls in g.subjects(RDF.type, URIRef(void + "Linkset"))
                if g.value(ls, URIRef(void + "linkPredicate")) == OWL.sameAs}
    wikidata = linksets[URIRef("https://www.wikidata.org/")]
    assert g.value(wikidata, URIRef(void + "subjectsTarget")) == dataset
    with KnowledgeGraph(seeds_store, read_only=True) as kg:
        links = kg.sparql(f"""SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?o WHERE {{ GRAPH ?g {{
            ?s <{OWL.sameAs}> ?o FILTER (STRSTARTS(STR(?o), "http://www.wikidata.org/entity/")) }} }} }}""").rows
    assert int(g.value(wikidata, URIRef(void + "triples"))) == int(links[0]["n"]) > 500
    targets = {str(t) for t in linksets} | {str(g.value(ls, URIRef(void + "objectsTarget")))
                                            for ls in g.subjects(RDF.type, URIRef(void + "Linkset"))}
    assert {"https://opendata.tweedekamer.nl/", "https://www.officielebekendmakingen.nl/"} <= targets
