"""The dataset's description for /.well-known/void: VoID statistics and a DCAT record
(title, licence, sources, distributions, the SPARQL service).

Statistics are counted on the store when the server starts and after each update.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, XSD

from chinakg.derive import MARK
from chinakg.graph_store import QueryResult
from chinakg.namespaces import (
    CK,
    ELI,
    GRAPH,
    GRAPH_ALIGNED,
    ORG,
    PROV,
    RDFS,
    SKOS,
    VOID,
    sparql_prefixes,
)

#: the licence of the compiled graph: the strictest of its sources (ParlaMint-NL asks attribution)
DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
#: where the documents and open-data records come from (both publish under CC0)
DOCUMENT_SOURCES = (
    ("https://www.officielebekendmakingen.nl/", "Officiële bekendmakingen (KOOP): parliamentary papers"),
    ("https://opendata.tweedekamer.nl/", "Tweede Kamer open data: cases, appraisals, votes, people, parties"),
)
#: the datasets chinakg links into: (key, dataset IRI, title, the IRI space of its resources)
LINK_TARGETS = (
    ("wikidata", "https://www.wikidata.org/", "Wikidata", "http://www.wikidata.org/entity/"),
    ("tk-opendata", "https://opendata.tweedekamer.nl/", "Tweede Kamer open data (Gegevensmagazijn)",
     "https://gegevensmagazijn.tweedekamer.nl/"),
    ("publications", "https://www.officielebekendmakingen.nl/", "Officiële bekendmakingen: the official publications",
     "https://zoek.officielebekendmakingen.nl/"),
    ("parlement-com", "https://www.parlement.com/", "Parlement.com (PDC): biographies", "https://www.parlement.com/"),
    ("wikipedia-nl", "https://nl.wikipedia.org/", "Wikipedia (Dutch)", "https://nl.wikipedia.org/"),
    ("tweedekamer-nl", "https://www.tweedekamer.nl/", "Tweede Kamer: the motions' pages", "https://www.tweedekamer.nl/"),
)
LINK_PREDICATES = (OWL.sameAs, RDFS.seeAlso, FOAF.page, CK.officialPdf, CK.officialXml, DCTERMS.source)
SD = "http://www.w3.org/ns/sparql-service-description#"
IANA = "https://www.iana.org/assignments/media-types/"

STATISTICS = {
    "triples": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    "entities": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?s)) }",
    "documents": f"SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ GRAPH ?g {{ ?d <{CK.sourceFile}> ?f }} }}",
}
CLASSES = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } } GROUP BY ?c ORDER BY ?c"
PROPERTIES = "SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?p ORDER BY ?p"
REFERENCE_SOURCES = sparql_prefixes() + f"""
SELECT ?source ?label ?license WHERE {{
  GRAPH <{GRAPH['reference']}> {{ ?source a prov:Entity ; rdfs:label ?label ; dcterms:license ?license }}
}} ORDER BY ?source"""

#: links into each target dataset, per predicate; the aligned graph's restatements are left out
LINKS = f"""SELECT ?p ?space (COUNT(*) AS ?n) WHERE {{
  {{ SELECT DISTINCT ?p ?space ?s ?o WHERE {{
      VALUES ?p {{ {" ".join(f"<{p}>" for p in LINK_PREDICATES)} }}
      VALUES ?space {{ {" ".join(f'"{space}"' for *_, space in LINK_TARGETS)} }}
      GRAPH ?g {{ ?s ?p ?o }}
      FILTER (?g != <{GRAPH_ALIGNED}> && isIRI(?o) && STRSTARTS(STR(?o), ?space))
  }} }}
}} GROUP BY ?p ?space ORDER BY ?space ?p"""

@dataclass
class Publisher:
    """Who publishes the dataset: a name, and an IRI when the publisher has one."""

    name: str = "chinakg"
    iri: str | None = None


def describe_dataset(run: Callable[[str], QueryResult], service_url: str, base_iri: str,
                     license_iri: str = DEFAULT_LICENSE, publisher: Publisher | None = None) -> Graph:
    """VoID and DCAT for the store that `run` queries, published at `service_url`."""
    root = service_url.rstrip("/") + "/"
    dataset = URIRef(root + ".well-known/void#dataset")
    endpoint = URIRef(root + "sparql")
    g = Graph()
    g.bind("void", VOID)
    g.bind("dcat", DCAT)
    g.bind("dcterms", DCTERMS)
    g.bind("sd", SD)
    add = g.add
    add((dataset, RDF.type, VOID.Dataset))
    add((dataset, RDF.type, DCAT.Dataset))
    add((dataset, DCTERMS.title, Literal("chinakg: Dutch parliamentary documents on China policy and human rights",
                                          lang="en")))
    add((dataset, DCTERMS.description, Literal(
        "Motions, ministers' letters and written questions of the Tweede Kamer on China policy and human "
        "rights, with their submitters, parties, the cabinet's appraisals, votes and citations; every "
        "extracted statement carries the quoted sentence it came from.", lang="en")))
    add((dataset, DCTERMS.license, URIRef(license_iri)))
    add((dataset, DCAT.landingPage, URIRef(root)))
    add((dataset, VOID.uriSpace, Literal(base_iri)))
    add((dataset, VOID.sparqlEndpoint, endpoint))
    for keyword in ("China", "human rights", "Tweede Kamer", "motions", "parliamentary documents"):
        add((dataset, DCAT.keyword, Literal(keyword, lang="en")))
    for vocabulary in (CK, ELI, ORG, PROV, SKOS, DCTERMS):
        add((dataset, VOID.vocabulary, URIRef(str(vocabulary))))
    _publisher(g, dataset, root, publisher or Publisher())
    _dates(g, dataset, run)
    _sources(g, dataset, run)
    _distributions(g, dataset, root)
    _linksets(g, dataset, root, run)
    _service(g, dataset, endpoint)
    _statistics(g, dataset, run)
    return g


def _service(g: Graph, dataset: URIRef, endpoint: URIRef) -> None:
    """The SPARQL endpoint, as a DCAT data service and a SPARQL service description."""
    g.add((endpoint, RDF.type, DCAT.DataService))
    g.add((endpoint, RDF.type, URIRef(SD + "Service")))
    g.add((endpoint, DCAT.endpointURL, endpoint))
    g.add((endpoint, URIRef(SD + "endpoint"), endpoint))
    g.add((endpoint, DCAT.servesDataset, dataset))
    g.add((endpoint, URIRef(SD + "supportedLanguage"), URIRef(SD + "SPARQL11Query")))
    g.add((dataset, DCAT.accessService, endpoint))


def _publisher(g: Graph, dataset: URIRef, root: str, publisher: Publisher) -> None:
    agent = URIRef(publisher.iri or root + ".well-known/void#publisher")
    g.add((dataset, DCTERMS.publisher, agent))
    g.add((agent, RDF.type, FOAF.Agent))
    g.add((agent, FOAF.name, Literal(publisher.name)))


def _dates(g: Graph, dataset: URIRef, run: Callable[[str], QueryResult]) -> None:
    """issued and modified: when the store's derived graphs were first and last worked out
    (after every build or removal that changed something; see chinakg.derive)."""
    for row in run(MARK).rows[:1]:
        for prop, value in ((DCTERMS.issued, row.get("issued")), (DCTERMS.modified, row.get("modified"))):
            if value is not None:
                g.add((dataset, prop, value))


def _linksets(g: Graph, dataset: URIRef, root: str, run: Callable[[str], QueryResult]) -> None:
    """A void:Linkset per target dataset and link predicate, with the number of links."""
    targets = {space: (key, URIRef(iri), title) for key, iri, title, space in LINK_TARGETS}
    for row in run(LINKS).rows:
        key, target, title = targets[str(row["space"])]
        predicate = URIRef(str(row["p"]))
        local = predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        linkset = URIRef(f"{root}.well-known/void#links-{key}-{local}")
        g.add((linkset, RDF.type, VOID.Linkset))
        g.add((linkset, VOID.subjectsTarget, dataset))
        g.add((linkset, VOID.objectsTarget, target))
        g.add((linkset, VOID.linkPredicate, predicate))
        g.add((linkset, VOID.triples, Literal(int(row["n"]), datatype=XSD.integer)))  # type: ignore[arg-type]
        g.add((dataset, VOID.subset, linkset))
        g.add((target, RDF.type, VOID.Dataset))
        g.add((target, DCTERMS.title, Literal(title, lang="en")))
        g.add((target, VOID.uriSpace, Literal(str(row["space"]))))


def _sources(g: Graph, dataset: URIRef, run: Callable[[str], QueryResult]) -> None:
    for url, label in DOCUMENT_SOURCES:
        g.add((dataset, DCTERMS.source, URIRef(url)))
        g.add((URIRef(url), RDFS.label, Literal(label, lang="en")))
        g.add((URIRef(url), DCTERMS.license, URIRef("https://creativecommons.org/publicdomain/zero/1.0/")))
    for row in run(REFERENCE_SOURCES).rows:
        g.add((dataset, DCTERMS.source, row["source"]))
        g.add((row["source"], RDFS.label, row["label"]))
        g.add((row["source"], DCTERMS.license, row["license"]))


def _distributions(g: Graph, dataset: URIRef, root: str) -> None:
    for name, media_type, title in (("nquads", "application/n-quads", "every named graph, N-Quads"),
                                    ("trig", "application/trig", "every named graph, TriG"),
                                    ("turtle", "text/turtle", "all graphs merged, Turtle")):
        url = URIRef(f"{root}dump?format={name}")
        dist = URIRef(f"{root}.well-known/void#dump-{name}")
        g.add((dataset, DCAT.distribution, dist))
        g.add((dataset, VOID.dataDump, url))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(title, lang="en")))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCAT.accessURL, url))
        g.add((dist, DCAT.mediaType, URIRef(IANA + media_type)))
        g.add((dist, DCTERMS.license, g.value(dataset, DCTERMS.license)))


def count(run: Callable[[str], QueryResult], sparql: str) -> int:
    rows = run(sparql).rows
    return int(rows[0]["n"]) if rows and rows[0]["n"] is not None else 0  # type: ignore[arg-type]


def _statistics(g: Graph, dataset: URIRef, run: Callable[[str], QueryResult]) -> None:
    def integer(n: int) -> Literal:
        return Literal(n, datatype=XSD.integer)

    counts = {name: count(run, sparql) for name, sparql in STATISTICS.items()}
    g.add((dataset, VOID.triples, integer(counts["triples"])))
    g.add((dataset, VOID.entities, integer(counts["entities"])))
    g.add((dataset, VOID.documents, integer(counts["documents"])))
    classes = run(CLASSES).rows
    properties = run(PROPERTIES).rows
    g.add((dataset, VOID.classes, integer(len(classes))))
    g.add((dataset, VOID.properties, integer(len(properties))))
    for row in classes:
        part = BNode()
        g.add((dataset, VOID.classPartition, part))
        g.add((part, VOID["class"], row["c"]))
        g.add((part, VOID.entities, integer(int(row["n"]))))  # type: ignore[arg-type]
    for row in properties:
        part = BNode()
        g.add((dataset, VOID.propertyPartition, part))
        g.add((part, VOID.property, row["p"]))
        g.add((part, VOID.triples, integer(int(row["n"]))))  # type: ignore[arg-type]
