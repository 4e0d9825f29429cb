"""Find and browse: a search over the names and titles in the graph (accent- and
case-insensitive), and lists of documents by kind, year, party and theme with counts per
value (facets, as datasette shows them).  Both read an index worked out from the store with
a few queries the first time it is needed, and again after the store changes.
"""

from __future__ import annotations

import threading
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib.term import Node

from chinakg.canned import get_query
from chinakg.graph_store import QueryResult
from chinakg.namespaces import document_iri, sparql_prefixes

Run = Callable[[str, dict[str, Node] | None], QueryResult]

#: everything with a name a reader would search for: people, parties, concepts, documents
NAMES = sparql_prefixes(graphs=True) + """SELECT ?x ?label ?kind WHERE {
  { GRAPH ckg:reference { ?x a ck:Person ; rdfs:label ?label } BIND ("person" AS ?kind) }
  UNION { GRAPH ckg:reference { ?x a ck:ParliamentaryParty ; rdfs:label|skos:altLabel ?label } BIND ("party" AS ?kind) }
  UNION { GRAPH ckg:vocabularies { ?x skos:inScheme ?scheme ; skos:prefLabel|skos:altLabel ?label }
          VALUES (?scheme ?kind) { (<https://w3id.org/chinakg/vocab/scheme/themes> "theme")
                                   (<https://w3id.org/chinakg/vocab/scheme/instruments> "instrument") } }
  UNION { GRAPH ?g { ?x ck:sourceFile ?file ; dcterms:title|ck:officialId ?label } BIND ("document" AS ?kind) }
  UNION { GRAPH ?g { ?case ck:caseOf ?x ; dcterms:title ?label } BIND ("document" AS ?kind) }
}"""
#: then each document's parties, themes and (for a motion) its case's subject; the documents
#: themselves come from the canned query `documents`, so browse counts what it lists
# (each branch starts from the party link: the path ck:signature|ck:asker took 109 s)
PARTIES = sparql_prefixes(graphs=True) + """SELECT DISTINCT ?x ?party WHERE {
  { GRAPH ?g { ?sig ck:inParty ?p . ?x ck:signature ?sig } }
  UNION { GRAPH ?g { ?sig ck:inParty ?p . ?x ck:asker ?sig } }
  UNION { GRAPH ?g { ?x ck:askedByParty ?p } }
  GRAPH ckg:reference { ?p rdfs:label ?party }
}"""
THEMES = sparql_prefixes(graphs=True) + """SELECT DISTINCT ?x ?theme WHERE {
  GRAPH ?g { ?x ck:theme ?t ; ck:sourceFile ?file }
  GRAPH ckg:vocabularies { ?t skos:prefLabel ?theme FILTER (lang(?theme) = "en") }
}"""
SUBJECTS = sparql_prefixes(graphs=True) + """SELECT ?x ?subject WHERE {
  GRAPH ?g { ?case ck:caseOf ?x ; dcterms:title ?subject } }"""

KIND_ORDER = {"person": 0, "party": 1, "theme": 2, "instrument": 3, "document": 4}
FACETS = ("kind", "year", "party", "theme")


def fold(text: str) -> str:
    """Lower case without accents: "Doğukan Ergin" and "dogukan ergin" fold the same."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass
class Hit:
    iri: str
    label: str
    kind: str


@dataclass
class Document:
    iri: str
    id: str
    kind: str
    date: str
    title: str
    parties: set[str] = field(default_factory=set)
    themes: set[str] = field(default_factory=set)

    def value(self, facet: str) -> set[str]:
        return {"kind": {self.kind}, "year": {self.date[:4]} if self.date else set(),
                "party": self.parties, "theme": self.themes}[facet]


@dataclass
class Index:
    names: list[tuple[str, Hit]]  # (folded label, hit)
    documents: list[Document]


class Finder:
    """The index of one store state, worked out when first asked for."""

    def __init__(self, run: Run) -> None:
        self.run = run
        self._lock = threading.Lock()
        self._index: tuple[str, Index] | None = None

    def index(self, state: str) -> Index:
        with self._lock:
            if self._index is None or self._index[0] != state:
                self._index = (state, self._build())
            return self._index[1]

    def _build(self) -> Index:
        names: dict[tuple[str, str], Hit] = {}
        for row in self.run(NAMES, None).rows:
            label, iri = str(row["label"]), str(row["x"])
            if label.strip():
                names.setdefault((fold(label), iri), Hit(iri, label, str(row["kind"])))
        subjects = {str(r["x"]): str(r["subject"]) for r in self.run(SUBJECTS, None).rows}
        docs: dict[str, Document] = {}
        for row in self.run(get_query("documents").text, None).rows:
            doc_id = str(row["document"])
            iri = str(document_iri(doc_id))
            title = subjects.get(iri) or str(row["title"] or "")
            docs.setdefault(iri, Document(iri, doc_id, str(row["type"]), str(row["date"] or ""), title))
        for row in self.run(PARTIES, None).rows:
            if str(row["x"]) in docs:
                docs[str(row["x"])].parties.add(str(row["party"]))
        for row in self.run(THEMES, None).rows:
            if str(row["x"]) in docs:
                docs[str(row["x"])].themes.add(str(row["theme"]))
        ordered = sorted(docs.values(), key=lambda d: (d.date, d.id), reverse=True)
        return Index(sorted(((k[0], h) for k, h in names.items()), key=lambda x: x[0]), ordered)


def search(index: Index, text: str, limit: int = 100) -> list[Hit]:
    """Every named thing whose name holds all the words of `text` (accents and case aside):
    exact names first, then names that start with the words, then the rest; one hit per thing."""
    words = fold(text).split()
    if not words:
        return []
    whole = " ".join(words)
    found: dict[str, tuple[tuple[int, int, int, str], Hit]] = {}
    for folded, hit in index.names:
        if all(w in folded for w in words):
            rank = (0 if folded == whole else 1 if folded.startswith(whole) else 2,
                    KIND_ORDER.get(hit.kind, 9), len(folded), folded)
            if hit.iri not in found or rank < found[hit.iri][0]:
                found[hit.iri] = (rank, hit)
    return [hit for _, hit in sorted(found.values(), key=lambda x: x[0])][:limit]


def browse(index: Index, chosen: dict[str, str]) -> tuple[list[Document], dict[str, Counter]]:
    """The documents with every chosen facet value, and per facet the counts of its values
    among them."""
    docs = [d for d in index.documents if all(v in d.value(f) for f, v in chosen.items() if v)]
    counts: dict[str, Counter] = defaultdict(Counter)
    for d in docs:
        for facet in FACETS:
            counts[facet].update(d.value(facet))
    return docs, counts
