"""Extracted facts -> the RDF graph of one document (its named graph).

Every statement read from text gets a ck:Evidence node (PROV-O): the statement, the
source document, the span and quote in the normalised text, and the extractor.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from chinakg.base_graphs import vocabulary_graph
from chinakg.extractors.base import DocumentFacts, Evidence
from chinakg.namespaces import APPRAISAL, CK, DOCKIND, ID, document_iri, dossier_iri, post_iri, slug
from chinakg.resolve import MemberMatch, People


@lru_cache(maxsize=1)
def appraisal_iris() -> dict[str, URIRef]:
    """skos:notation (the Kabinetsappreciatie value) -> appraisal concept."""
    return {str(notation): URIRef(concept) for concept, notation in vocabulary_graph().subject_objects(SKOS.notation)
            if str(concept).startswith(str(APPRAISAL))}

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


def map_document(facts: DocumentFacts, source: SourceInfo, people: People) -> DocumentGraph:
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
    _submitters(dg, facts, people)
    if facts.replaces:
        dg.graph.remove((doc, RDF.type, CK.Motion))
        dg.add(doc, RDF.type, CK.AmendedMotion, facts.replaces.evidence)
        _mentioned(dg, facts.replaces.value, CK.Motion)
        dg.add(doc, CK.replaces, document_iri(facts.replaces.value), facts.replaces.evidence)
    for found in facts.requests:
        dg.add(doc, CK.request, Literal(found.value), found.evidence)
    if facts.text is not None:
        map_text_facts(dg, facts, people)
    for found in facts.on_behalf_of:
        dg.add(doc, CK.onBehalfOf, post_iri(found.value), found.evidence)
        dg.add(post_iri(found.value), RDFS.label, Literal(found.value, lang="nl"))
    for item in facts.unresolved + (facts.text.unresolved if facts.text else []):
        _unresolved(dg, item.kind, item.text, item.reason, item.evidence)
    return dg


def _submitters(dg: DocumentGraph, facts: DocumentFacts, people: People) -> None:
    """A motion's signatures, in order: the first is the submitter, the others co-submitters.
    Each is resolved to a member of parliament and their party on the motion's date."""
    day = facts.date.value if facts.date else None
    for position, found in enumerate(facts.submitters, start=1):
        node = ID[f"signature/{dg.doc_id}/{position}"]
        _member_signature(dg, dg.doc, node, position, found.value, people.member(found.value, day), found.evidence)


def _signature_node(dg: DocumentGraph, signed: URIRef, node: URIRef, position: int, written: str,
                    ev: Evidence) -> None:
    """`signed` carries a ck:Signature at `position`, with the name as written."""
    dg.add(signed, CK.signature, node, ev)
    dg.add(node, RDF.type, CK.Signature)
    dg.add(node, CK.position, Literal(position, datatype=XSD.integer))
    dg.add(node, CK.signedAs, Literal(written), ev)


def _member_signature(dg: DocumentGraph, motion: URIRef, node: URIRef, position: int, written: str,
                      match: MemberMatch, ev: Evidence) -> None:
    """A member's signature on a motion: the first signs as submitter, the others as
    co-submitters; the party is the one resolved for the date; a weak or failed
    resolution is reported."""
    _signature_node(dg, motion, node, position, written, ev)
    if match.person is not None:
        dg.add(node, CK.signer, match.person, ev)
        dg.add(motion, CK.submittedBy if position == 1 else CK.coSubmittedBy, match.person, ev)
    if match.party is not None:
        dg.add(node, CK.inParty, match.party, ev)
    if match.reason:
        _unresolved(dg, _unresolved_kind(match), written, match.reason, ev)


def _unresolved_kind(match: MemberMatch) -> str:
    """What a member match leaves open: the person, or only their party."""
    return "party" if match.person is not None and match.party is None else "person"


def _mentioned(dg: DocumentGraph, doc_id: str, cls: URIRef | None = None) -> URIRef:
    """Another document named in this one: typed when the text says what it is."""
    iri = document_iri(doc_id)
    dg.add(iri, CK.officialId, Literal(doc_id))
    dg.add(iri, RDF.type, cls or CK.ParliamentaryDocument)
    return iri


CITATION_CLASS = {"motion": CK.Motion, "kamerstuk": None, "handelingen": CK.DebateReport,
                  "aanhangsel": None, "other": None}


def map_text_facts(dg: DocumentGraph, facts: DocumentFacts, people: People) -> None:
    text = facts.text
    assert text is not None
    day = facts.date.value if facts.date else None
    for found in text.citations:
        c = found.value
        if c.target is None:
            continue
        target = _mentioned(dg, c.target, CITATION_CLASS[c.kind])
        dg.add(dg.doc, CK.citesAnnexOf if c.kind == "other" else CK.cites, target, found.evidence)
    described: set[str] = set()
    for found in text.motions:
        mention = found.value
        if mention.motion_id is None:
            continue
        motion = _mentioned(dg, mention.motion_id, CK.Motion)
        if mention.responds:
            dg.add(dg.doc, CK.respondsTo, motion, found.evidence)
        if mention.motion_id in described:
            continue
        described.add(mention.motion_id)
        if mention.request:
            dg.add(motion, CK.request, Literal(mention.request.value), mention.request.evidence)
        for position, name in enumerate(mention.submitters, start=1):
            # the motion's signatures as this document reports them; the motion's own date
            # is not in the text, so the member is one who sat before this document's date
            node = ID[f"signature/{dg.doc_id}/{slug(mention.motion_id)}-{position}"]
            _member_signature(dg, motion, node, position, name, people.member_before(name, day), found.evidence)
    _appraisals(dg, facts)
    _subjects(dg, text.subjects)
    _questions(dg, facts, people)


def _appraisals(dg: DocumentGraph, facts: DocumentFacts) -> None:
    assert facts.text is not None
    office = post_iri(facts.signatories[0].value.office) if facts.signatories else None
    for found in facts.text.appraisals:
        a = found.value
        motion = _mentioned(dg, a.motion_id, CK.Motion)
        node = ID[f"appraisal/{dg.doc_id}/{a.motion_id}"]
        dg.add(node, RDF.type, CK.Appraisal)
        dg.add(node, CK.appraisalOf, motion, found.evidence)
        dg.add(node, CK.appraisalValue, appraisal_concept(a.value), found.evidence)
        dg.add(node, CK.appraisedIn, dg.doc)
        dg.add(dg.doc, CK.respondsTo, motion, found.evidence)
        if office is not None:
            dg.add(node, CK.appraisedBy, office, facts.signatories[0].evidence)
        if facts.date:
            dg.add(node, CK.appraisalDate, Literal(facts.date.value.isoformat(), datatype=XSD.date))


def known_appraisal(notation: str) -> bool:
    return notation in appraisal_iris()


def appraisal_concept(notation: str) -> URIRef:
    """The appraisal concept whose skos:notation is `notation` (the Kabinetsappreciatie value)."""
    return appraisal_iris()[notation]


def _subjects(dg: DocumentGraph, subjects: list) -> None:
    for found in subjects:
        s = found.value
        concept = URIRef(s.concept)
        prop = CK.theme if s.scheme == "theme" else CK.instrument
        dg.add(dg.doc, prop, concept, found.evidence)
        start, end = s.paragraph
        passage = ID[f"passage/{dg.doc_id}/{start}-{end}"]
        dg.add(passage, RDF.type, CK.Passage)
        dg.add(passage, CK.partOf, dg.doc)
        dg.add(passage, CK.startOffset, Literal(start, datatype=XSD.integer))
        dg.add(passage, CK.endOffset, Literal(end, datatype=XSD.integer))
        dg.add(passage, prop, concept, found.evidence)


def _questions(dg: DocumentGraph, facts: DocumentFacts, people: People) -> None:
    text = facts.text
    assert text is not None
    questions: dict[int, URIRef] = {}
    for found in text.parts:
        part = found.value
        node = ID[f"part/{dg.doc_id}/{part.role}-{part.number}"]
        dg.add(node, RDF.type, CK.Question if part.role == "question" else CK.Answer, found.evidence)
        dg.add(node, CK.partOf, dg.doc)
        dg.add(node, CK.questionNumber, Literal(part.number, datatype=XSD.integer), found.evidence)
        dg.add(node, CK.text, Literal(part.text), found.evidence)
        if part.role == "question":
            questions[part.number] = node
        elif part.number in questions:
            dg.add(node, CK.answers, questions[part.number], found.evidence)
    day = facts.submitted.value if facts.submitted else (facts.date.value if facts.date else None)
    for found in text.asked_by:
        name, party_written = found.value
        match = people.member(name, day)
        if match.person is not None:
            dg.add(dg.doc, CK.askedBy, match.person, found.evidence)
        else:
            _unresolved(dg, "person", name, match.reason, found.evidence)
        if party_written:
            party = people.party(party_written)
            if party is not None:
                dg.add(dg.doc, CK.askedByParty, party, found.evidence)
            else:
                _unresolved(dg, "party", party_written, "no party of that name in the reference graph",
                            found.evidence)
    for found in text.addressed_to:
        post = post_iri(found.value)
        dg.add(dg.doc, CK.addressedTo, post, found.evidence)
        dg.add(post, RDFS.label, Literal(found.value, lang="nl"))
    answered_on = facts.received.value if facts.received else day
    for found in text.answered_by:
        office, name = found.value
        person, reason = people.signatory(office, name, answered_on)
        if person is not None:
            dg.add(dg.doc, CK.answeredBy, person, found.evidence)
        else:
            _unresolved(dg, "person", f"{office}, {name}", reason, found.evidence)


def _signatures(dg: DocumentGraph, facts: DocumentFacts, people: People) -> None:
    day = facts.date.value if facts.date else None
    for found in facts.signatories:
        sig = found.value
        node = ID[f"signature/{dg.doc_id}/{sig.position}"]
        post = post_iri(sig.office)
        _signature_node(dg, dg.doc, node, sig.position, sig.name, found.evidence)
        dg.add(node, CK.officeAs, Literal(sig.office), found.evidence)
        dg.add(node, CK.inOffice, post, found.evidence)
        dg.add(post, RDFS.label, Literal(sig.office, lang="nl"))
        person, term, reason = people.offices.holding(sig.office, sig.name, day)
        if person is not None:
            dg.add(node, CK.signer, person, found.evidence)
            dg.add(dg.doc, CK.signedBy, person, found.evidence)
        if term is not None:
            dg.add(node, CK.officeTerm, term, found.evidence)
        if person is None:
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
