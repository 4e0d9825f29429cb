"""The one builder every source's graph is written with: statements, their evidence, and
what could not be resolved.

Every statement read from text gets a ck:Evidence node (PROV-O): the statement, the
source document, the span and quote in the normalised text, and the extractor.  Open-data
records carry no text, so their statements have no evidence node; their provenance is the
record's graph.  An unresolved mention is a ck:Unresolved node
`…/id/unresolved/<document or record id>/<key>` hanging from the document or record.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD
from rdflib.term import Node

from chinakg.extractors.base import Evidence
from chinakg.namespaces import CK, ID
from chinakg.sources import Source

Triple = tuple[Node, Node, Node]


class Triples:
    """A source's triples, each once, in the order they were first added.  The mapping
    writes into this and not into an rdflib Graph, whose store costs about 30 µs a triple
    (a build writes some 600,000); `graph()` gives the rdflib Graph when one is wanted."""

    def __init__(self) -> None:
        self._triples: dict[Triple, None] = {}

    def add(self, triple: Triple) -> None:
        self._triples[triple] = None

    def remove(self, triple: Triple) -> None:
        self._triples.pop(triple, None)

    def __contains__(self, triple: object) -> bool:
        return triple in self._triples

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def objects(self, subject: Node | None, predicate: Node) -> Iterator[Node]:
        """The objects of `predicate` (of any subject when `subject` is None)."""
        return (o for s, p, o in self._triples if p == predicate and (subject is None or s == subject))

    def value(self, subject: Node | None, predicate: Node) -> Node | None:
        return next(self.objects(subject, predicate), None)

    def graph(self) -> Graph:
        g = Graph()
        for triple in self._triples:
            g.add(triple)
        return g


@dataclass
class Mapped:
    """One source document or open-data record turned into its triples."""

    doc_id: str
    triples: Triples
    source: Source

    @property
    def sha256(self) -> str:
        return self.source.sha256

    @cached_property
    def graph(self) -> Graph:
        """The triples as an rdflib Graph (made on first use: the build does not need it)."""
        return self.triples.graph()


class GraphBuilder:
    """Builds the graph of one document or record; `doc` is the node it is about."""

    def __init__(self, doc_id: str, doc: URIRef) -> None:
        self.doc_id = doc_id
        self.doc = doc
        self.triples = Triples()
        self._evidence_count = 0
        self._extractors: set[URIRef] = set()  # described in the graph already
        self._unresolved_count = 0

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal, ev: Evidence | None = None) -> None:
        self.triples.add((s, p, o))
        if ev is not None:
            self.evidence(s, p, o, ev)

    def evidence(self, s: URIRef, p: URIRef, o: URIRef | Literal, ev: Evidence) -> URIRef:
        self._evidence_count += 1
        node = ID[f"evidence/{self.doc_id}/{self._evidence_count}"]
        extractor = ID[f"extractor/{ev.extractor}/{ev.version}"]
        g = self.triples
        g.add((node, RDF.type, CK.Evidence))
        g.add((node, CK.statementSubject, s))
        g.add((node, CK.statementPredicate, p))
        g.add((node, CK.statementObject, o))
        g.add((node, PROV.wasDerivedFrom, self.doc))
        g.add((node, CK.startOffset, Literal(ev.start, datatype=XSD.integer)))
        g.add((node, CK.endOffset, Literal(ev.end, datatype=XSD.integer)))
        g.add((node, CK.quote, Literal(ev.quote)))
        g.add((node, PROV.wasAttributedTo, extractor))
        if extractor not in self._extractors:
            self._extractors.add(extractor)
            g.add((extractor, RDF.type, CK.Extractor))
            g.add((extractor, RDFS.label, Literal(ev.extractor)))
            g.add((extractor, CK.version, Literal(ev.version)))
        return node

    def unresolved(self, kind: str, text: str, reason: str, ev: Evidence | None = None) -> URIRef:
        """A mention that could not be resolved (a name, a date, a reference), with the reason.
        With evidence the node carries its span; without (open data) it quotes the value."""
        self._unresolved_count += 1
        where = ev.start if ev is not None else f"#{self._unresolved_count}"
        key = hashlib.sha1(f"{kind}|{text}|{where}".encode()).hexdigest()[:10]
        node = ID[f"unresolved/{self.doc_id}/{key}"]
        self.add(self.doc, CK.unresolved, node)
        self.add(node, RDF.type, CK.Unresolved)
        self.add(node, CK.mentionKind, Literal(kind))
        self.add(node, RDFS.label, Literal(text))
        self.add(node, CK.reason, Literal(reason))
        if ev is None:
            self.add(node, CK.quote, Literal(text))
            return node
        self.add(node, CK.startOffset, Literal(ev.start, datatype=XSD.integer))
        self.add(node, CK.endOffset, Literal(ev.end, datatype=XSD.integer))
        self.add(node, CK.quote, Literal(ev.quote))
        return node
