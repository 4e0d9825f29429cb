"""Every namespace and IRI pattern the project uses, in one place."""

from __future__ import annotations

import re

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

from chinakg.settings import BASE

CK = Namespace(BASE + "def#")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
THEME = Namespace(BASE + "vocab/theme/")
INSTRUMENT = Namespace(BASE + "vocab/instrument/")
APPRAISAL = Namespace(BASE + "vocab/appraisal/")
DOCKIND = Namespace(BASE + "vocab/document-kind/")
SCHEME = Namespace(BASE + "vocab/scheme/")

ELI = Namespace("http://data.europa.eu/eli/ontology#")
ELI_DL = Namespace("http://data.europa.eu/eli/eli-draft-legislation-ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
OPENGOV = Namespace("http://www.w3.org/ns/opengov#")
PERSON = Namespace("http://www.w3.org/ns/person#")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
WD = Namespace("http://www.wikidata.org/entity/")
VOID = Namespace("http://rdfs.org/ns/void#")

# Named graphs that are not documents.
GRAPH_ONTOLOGY = GRAPH["ontology"]
GRAPH_VOCAB = GRAPH["vocabularies"]
GRAPH_REFERENCE = GRAPH["reference"]
GRAPH_DERIVED = GRAPH["derived"]  # facts joined from several sources (chinakg.derive)
GRAPH_ALIGNED = GRAPH["aligned"]  # the external superclasses and superproperties, stated (chinakg.derive)
GRAPH_LINKS = GRAPH["links"]  # links out to official pages and records, from identifiers (chinakg.derive)
GRAPH_SUMMARIES = GRAPH["summaries"]  # per-motion submitters, appraisal and votes, worked out once (chinakg.derive)
#: the graphs chinakg.derive works out again after every change
DERIVED_GRAPHS = (GRAPH_DERIVED, GRAPH_SUMMARIES, GRAPH_LINKS, GRAPH_ALIGNED)

# The two chambers of the States General.
TWEEDE_KAMER = ID["organization/tweede-kamer"]
EERSTE_KAMER = ID["organization/eerste-kamer"]

PREFIXES: dict[str, Namespace] = {
    "ck": CK,
    "eli": ELI,
    "eli-dl": ELI_DL,
    "org": ORG,
    "opengov": OPENGOV,
    "person": PERSON,
    "schema": SCHEMA,
    "prov": PROV,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "foaf": FOAF,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "sh": SH,
    "wd": WD,
    "theme": THEME,
    "instrument": INSTRUMENT,
    "appraisal": APPRAISAL,
    "dockind": DOCKIND,
}

#: what canned queries may use: the prefixes above and `ckg:` for the named graphs that
#: are not documents (`GRAPH ckg:reference { … }`)
QUERY_PREFIXES: dict[str, Namespace] = {**PREFIXES, "ckg": GRAPH}

_SLUG_STRIP = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """A lower-case ASCII slug for use in IRIs ('Jasper van Dijk' -> 'jasper-van-dijk')."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _SLUG_STRIP.sub("-", ascii_text.lower()).strip("-")


def document_iri(doc_id: str) -> URIRef:
    """IRI of a parliamentary document, from its official or local id."""
    return ID[f"doc/{doc_id}"]


def document_graph(doc_id: str) -> URIRef:
    """Named graph holding everything one source document says."""
    return GRAPH[f"doc/{doc_id}"]


def dossier_iri(number: str, suffix: str | None = None) -> URIRef:
    return ID[f"dossier/{number}" + (f"-{suffix}" if suffix else "")]


def case_iri(number: str) -> URIRef:
    """A Tweede Kamer case (Zaak) by its number, e.g. 2023Z20877."""
    return ID[f"case/{number}"]


def person_iri(key: str) -> URIRef:
    return ID[f"person/{key}"]


def party_iri(key: str) -> URIRef:
    return ID[f"party/{slug(key)}"]


def post_iri(key: str) -> URIRef:
    return ID[f"post/{slug(key)}"]


def ministry_iri(key: str) -> URIRef:
    return ID[f"ministry/{slug(key)}"]


def cabinet_iri(key: str) -> URIRef:
    return ID[f"cabinet/{slug(key)}"]


def sparql_prefixes(graphs: bool = False) -> str:
    """PREFIX lines for every namespace above, for queries built in code (with `graphs`, also
    `ckg:` for the named graphs)."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in (QUERY_PREFIXES if graphs else PREFIXES).items())
