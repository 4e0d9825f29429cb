"""Extracted facts -> the RDF graph of one document (its named graph).

Every statement read from text gets a ck:Evidence node (PROV-O): the statement, the
source document, the span and quote in the normalised text, and the extractor.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from chinakg.extractors.base import DocumentFacts, Evidence
from chinakg.namespaces import CK, DOCKIND, ID, document_iri, dossier_iri, post_iri
from chinakg.resolve import PeopleIndex

KIND_CLASS = {
    "letter": CK.Letter, "motion": CK.Motion, "written-questions": CK.WrittenQuestions,
    "answers": CK.AnswersToWrittenQuestions, "debate-report": CK.DebateReport,
}


@dataclass
class SourceInfo:
    file_name: str
    sha256: str

    @property
    def local_id(self) -> str:
        return f"local-{self.sha256[:12]}"


class DocumentGraph:
    """Builds one document's graph; `add` records a statement with its evidence."""

    def __init__(self, doc_id: str) -> None:
        self.doc_id = doc_id
        self.doc = document_iri(doc_id)
        self.graph = Graph()
        self._evidence_count = 0

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal, ev: Evidence | None = None) -> None:
        self.graph.add((s, p, o))
        if ev is not None:
            self.evidence(s, p, o, ev)

    def evidence(self, s: URIRef, p: URIRef, o: URIRef | Literal, ev: Evidence) -> URIRef:
        self._evidence_count += 1
        node = ID[f"evidence/{self.doc_id}/{self._evidence_count}"]
        extractor = ID[f"extractor/{ev.extractor}/{ev.version}"]
        g = self.graph
        g.add((node, RDF.type, CK.Evidence))
        g.add((node, CK.statementSubject, s))
        g.add((node, CK.statementPredicate, p))
        g.add((node, CK.statementObject, o))
        g.add((node, PROV.wasDerivedFrom, self.doc))
        g.add((node, CK.startOffset, Literal(ev.start, datatype=XSD.integer)))
        g.add((node, CK.endOffset, Literal(ev.end, datatype=XSD.integer)))
        g.add((node, CK.quote, Literal(ev.quote)))
        g.add((node, PROV.wasAttributedTo, extractor))
        g.add((extractor, RDF.type, CK.Extractor))
        g.add((extractor, RDFS.label, Literal(ev.extractor)))
        g.add((extractor, CK.version, Literal(ev.version)))
        return node


def document_id(facts: DocumentFacts, source: SourceInfo) -> str:
    return facts.official_id.value if facts.official_id else source.local_id


def map_document(facts: DocumentFacts, source: SourceInfo, people: PeopleIndex) -> DocumentGraph:
    doc_id = document_id(facts, source)
    dg = DocumentGraph(doc_id)
    doc = dg.doc
    kind = facts.kind.value if facts.kind else None
    dg.add(doc, RDF.type, KIND_CLASS.get(kind, CK.ParliamentaryDocument), facts.kind.evidence if facts.kind else None)
    if kind:
        dg.add(doc, CK.documentKind, DOCKIND[kind])
    dg.add(doc, CK.sourceFile, Literal(source.file_name))
    dg.add(doc, CK.contentHash, Literal(source.sha256))
    if facts.official_id:
        dg.add(doc, CK.officialId, Literal(doc_id), facts.official_id.evidence)
    else:
        dg.add(doc, CK.localId, Literal(doc_id))
    dg.add(doc, RDFS.label, Literal(facts.title.value if facts.title else doc_id))
    for found, prop in ((facts.date, DCTERMS.date), (facts.submitted, CK.submittedOn), (facts.received, CK.receivedOn)):
        if found:
            dg.add(doc, prop, Literal(found.value.isoformat(), datatype=XSD.date), found.evidence)
    if facts.title:
        dg.add(doc, DCTERMS.title, Literal(facts.title.value), facts.title.evidence)
    if facts.sequence_number:
        dg.add(doc, CK.sequenceNumber, Literal(facts.sequence_number.value, datatype=XSD.integer),
               facts.sequence_number.evidence)
    if facts.year:
        dg.add(doc, CK.parliamentaryYear, Literal(facts.year.value), facts.year.evidence)
    for found in facts.dossiers:
        number, suffix, title = found.value
        dossier = dossier_iri(number, suffix)
        dg.add(doc, CK.inDossier, dossier, found.evidence)
        dg.add(dossier, RDF.type, CK.Dossier)
        dg.add(dossier, CK.dossierNumber, Literal(number))
        dg.add(dossier, RDFS.label, Literal(f"{number[:2]} {number[2:]}" + (f" {suffix}" if suffix else "")))
        if suffix:
            dg.add(dossier, CK.dossierSuffix, Literal(suffix))
        if title:
            dg.add(dossier, DCTERMS.title, Literal(title), found.evidence)
    _signatures(dg, facts, people)
    for found in facts.on_behalf_of:
        dg.add(doc, CK.onBehalfOf, post_iri(found.value), found.evidence)
        dg.add(post_iri(found.value), RDFS.label, Literal(found.value, lang="nl"))
    for item in facts.unresolved:
        _unresolved(dg, item.kind, item.text, item.reason, item.evidence)
    return dg


def _signatures(dg: DocumentGraph, facts: DocumentFacts, people: PeopleIndex) -> None:
    day = facts.date.value if facts.date else None
    for found in facts.signatories:
        sig = found.value
        node = ID[f"signature/{dg.doc_id}/{sig.position}"]
        post = post_iri(sig.office)
        dg.add(dg.doc, CK.signature, node, found.evidence)
        dg.add(node, RDF.type, CK.Signature)
        dg.add(node, CK.position, Literal(sig.position, datatype=XSD.integer))
        dg.add(node, CK.signedAs, Literal(sig.name), found.evidence)
        dg.add(node, CK.officeAs, Literal(sig.office), found.evidence)
        dg.add(node, CK.inOffice, post, found.evidence)
        dg.add(post, RDFS.label, Literal(sig.office, lang="nl"))
        person, reason = people.signatory(sig.office, sig.name, day)
        if person is not None:
            dg.add(node, CK.signer, person, found.evidence)
            dg.add(dg.doc, CK.signedBy, person, found.evidence)
        else:
            _unresolved(dg, "person", f"{sig.office}, {sig.name}", reason, found.evidence)


def _unresolved(dg: DocumentGraph, kind: str, text: str, reason: str, ev: Evidence) -> None:
    key = hashlib.sha1(f"{kind}|{text}|{ev.start}".encode()).hexdigest()[:10]
    node = ID[f"unresolved/{dg.doc_id}/{key}"]
    dg.add(dg.doc, CK.unresolved, node)
    dg.add(node, RDF.type, CK.Unresolved)
    dg.add(node, CK.mentionKind, Literal(kind))
    dg.add(node, RDFS.label, Literal(text))
    dg.add(node, CK.reason, Literal(reason))
    dg.add(node, CK.startOffset, Literal(ev.start, datatype=XSD.integer))
    dg.add(node, CK.endOffset, Literal(ev.end, datatype=XSD.integer))
    dg.add(node, CK.quote, Literal(ev.quote))
