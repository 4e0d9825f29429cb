"""Extracted facts -> the RDF graph of one document (its named graph), written with the
one GraphBuilder (chinakg.mapping.builder): each statement read from text with its evidence.

Names of people are resolved here (chinakg.resolve): a signature, a motion's submitter, an
asker or an answering minister becomes a person of the reference graph with their party or
office on the document's date, or an unresolved node with the reason.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from chinakg.dossier_dates import earliest_date
from chinakg.extractors.base import DocumentFacts, Evidence
from chinakg.mapping.appraisals import appraisal_concept
from chinakg.mapping.builder import GraphBuilder, Mapped
from chinakg.namespaces import CK, DOCKIND, ID, document_iri, dossier_iri, post_iri, slug
from chinakg.resolve import MemberMatch, People
from chinakg.sources import Source

KIND_CLASS = {
    "letter": CK.Letter, "motion": CK.Motion, "written-questions": CK.WrittenQuestions,
    "answers": CK.AnswersToWrittenQuestions, "debate-report": CK.DebateReport,
    # an amended motion is typed ck:AmendedMotion when the text names the motion it replaces
    "amended-motion": CK.Motion, "committee-report": CK.CommitteeReport, "handelingen": CK.HandelingenItem,
}


def document_id(facts: DocumentFacts, source: Source) -> str:
    return facts.official_id.value if facts.official_id else source.local_id


def map_document(facts: DocumentFacts, source: Source, people: People) -> Mapped:
    """A document's facts -> its graph: identity, dossiers, signatures, the motion's own
    facts, what its text says, and what stayed unresolved."""
    doc_id = document_id(facts, source)
    dg = GraphBuilder(doc_id, document_iri(doc_id))
    _identity(dg, facts, source)
    _dossiers(dg, facts)
    _signatures(dg, facts, people)
    _submitters(dg, facts, people)
    _motion(dg, facts)
    if facts.text is not None:
        map_text_facts(dg, facts, people)
    for found in facts.on_behalf_of:
        dg.add(dg.doc, CK.onBehalfOf, post_iri(found.value), found.evidence)
        dg.add(post_iri(found.value), RDFS.label, Literal(found.value, lang="nl"))
    for item in facts.unresolved + (facts.text.unresolved if facts.text else []):
        dg.unresolved(item.kind, item.text, item.reason, item.evidence)
    return Mapped(doc_id, dg.triples, source)


def _identity(dg: GraphBuilder, facts: DocumentFacts, source: Source) -> None:
    """Kind, ids, source file, label, dates, title, number and parliamentary year."""
    doc, doc_id = dg.doc, dg.doc_id
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


def _dossiers(dg: GraphBuilder, facts: DocumentFacts) -> None:
    for found in facts.dossiers:
        number, suffix, title = found.value
        dossier = dossier_iri(number, suffix)
        dg.add(dg.doc, CK.inDossier, dossier, found.evidence)
        dg.add(dossier, RDF.type, CK.Dossier)
        dg.add(dossier, CK.dossierNumber, Literal(number))
        dg.add(dossier, RDFS.label, Literal(f"{number[:2]} {number[2:]}" + (f" {suffix}" if suffix else "")))
        if suffix:
            dg.add(dossier, CK.dossierSuffix, Literal(suffix))
        if title:
            dg.add(dossier, DCTERMS.title, Literal(title), found.evidence)


def _motion(dg: GraphBuilder, facts: DocumentFacts) -> None:
    """What a motion replaces ("TER VERVANGING VAN …": an amended motion) and what it asks."""
    doc = dg.doc
    if facts.replaces:
        dg.triples.remove((doc, RDF.type, CK.Motion))
        dg.add(doc, RDF.type, CK.AmendedMotion, facts.replaces.evidence)
        _mentioned(dg, facts.replaces.value, CK.Motion)
        dg.add(doc, CK.replaces, document_iri(facts.replaces.value), facts.replaces.evidence)
    for found in facts.requests:
        dg.add(doc, CK.request, Literal(found.value), found.evidence)


def _submitters(dg: GraphBuilder, facts: DocumentFacts, people: People) -> None:
    """A motion's signatures, in order: the first is the submitter, the others co-submitters.
    Each is resolved to a member of parliament and their party on the motion's date."""
    day = facts.date.value if facts.date else None
    for position, found in enumerate(facts.submitters, start=1):
        node = ID[f"signature/{dg.doc_id}/{position}"]
        _member_signature(dg, dg.doc, node, position, found.value, people.member(found.value, day), found.evidence)


def _signature_node(dg: GraphBuilder, signed: URIRef, node: URIRef, position: int, written: str,
                    ev: Evidence) -> None:
    """`signed` carries a ck:Signature at `position`, with the name as written."""
    dg.add(signed, CK.signature, node, ev)
    dg.add(node, RDF.type, CK.Signature)
    dg.add(node, CK.position, Literal(position, datatype=XSD.integer))
    dg.add(node, CK.signedAs, Literal(written), ev)


def _member_signature(dg: GraphBuilder, motion: URIRef, node: URIRef, position: int, written: str,
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
        dg.unresolved(_unresolved_kind(match), written, match.reason, ev)


def _unresolved_kind(match: MemberMatch) -> str:
    """What a member match leaves open: the person, or only their party."""
    return "party" if match.person is not None and match.party is None else "person"


def _mentioned(dg: GraphBuilder, doc_id: str, cls: URIRef | None = None) -> URIRef:
    """Another document named in this one: typed when the text says what it is."""
    iri = document_iri(doc_id)
    dg.add(iri, CK.officialId, Literal(doc_id))
    dg.add(iri, RDF.type, cls or CK.ParliamentaryDocument)
    return iri


CITATION_CLASS = {"motion": CK.Motion, "kamerstuk": None, "handelingen": CK.DebateReport,
                  "aanhangsel": None, "other": None}


def map_text_facts(dg: GraphBuilder, facts: DocumentFacts, people: People) -> None:
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
        # the motion's signatures as this document reports them: the party on the day the text
        # says it was submitted, else the one member of that name seated before this document's
        # date, with the party they had from when the motion's dossier was opened
        earliest = None if mention.day else earliest_date(mention.motion_id)
        for position, name in enumerate(mention.submitters, start=1):
            node = ID[f"signature/{dg.doc_id}/{slug(mention.motion_id)}-{position}"]
            match = people.member(name, mention.day) if mention.day else people.member_before(name, day, earliest)
            _member_signature(dg, motion, node, position, name, match, found.evidence)
    _appraisals(dg, facts)
    _subjects(dg, text.subjects)
    _questions(dg, facts, people)


def _appraisals(dg: GraphBuilder, facts: DocumentFacts) -> None:
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


def _subjects(dg: GraphBuilder, subjects: list) -> None:
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


def _questions(dg: GraphBuilder, facts: DocumentFacts, people: People) -> None:
    """Numbered questions and answers, who asked (with their party), whom they asked, who answered."""
    _parts(dg, facts)
    day = facts.submitted.value if facts.submitted else (facts.date.value if facts.date else None)
    _askers(dg, facts, people, day)
    text = facts.text
    assert text is not None
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
            dg.unresolved("person", f"{office}, {name}", reason, found.evidence)


def _parts(dg: GraphBuilder, facts: DocumentFacts) -> None:
    assert facts.text is not None
    questions: dict[int, URIRef] = {}
    for found in facts.text.parts:
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


def _askers(dg: GraphBuilder, facts: DocumentFacts, people: People, day: object) -> None:
    """Each asking member in order, as a ck:asker node with their own party: the one the
    questions state ("(DENK)", "(beiden CDA)"), else the one the reference graph gives for the date."""
    assert facts.text is not None
    for position, found in enumerate(facts.text.asked_by, start=1):
        name, party_written = found.value
        stated = people.party(party_written) if party_written else None
        match = people.member(name, day, stated)  # type: ignore[arg-type]
        node = ID[f"asker/{dg.doc_id}/{position}"]
        dg.add(dg.doc, CK.asker, node, found.evidence)
        dg.add(node, RDF.type, CK.Signature)
        dg.add(node, CK.position, Literal(position, datatype=XSD.integer))
        dg.add(node, CK.signedAs, Literal(name), found.evidence)
        if match.person is not None:
            dg.add(dg.doc, CK.askedBy, match.person, found.evidence)
            dg.add(node, CK.signer, match.person, found.evidence)
        else:
            dg.unresolved("person", name, match.reason, found.evidence)
        party = stated if party_written else match.party
        if party is not None:
            dg.add(node, CK.inParty, party, found.evidence)
            dg.add(dg.doc, CK.askedByParty, party, found.evidence)
        elif party_written:
            dg.unresolved("party", party_written, "no party of that name in the reference graph", found.evidence)


def _signatures(dg: GraphBuilder, facts: DocumentFacts, people: People) -> None:
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
            dg.unresolved("person", f"{sig.office}, {sig.name}", reason, found.evidence)
