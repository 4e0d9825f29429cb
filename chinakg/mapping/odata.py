"""Tweede Kamer open-data records -> RDF.

- a case (`Zaak`): the cabinet's appraisal (`Kabinetsappreciatie`) and, through
  `Document → HuidigeDocumentVersie`, the official id (`ExterneIdentifier`, kst-…) of the
  motion it is about;
- a page of votes (`Stemming`, expanded with `Besluit → Zaak`, `Besluit → Agendapunt` and `Fractie`):
  one vote event per decision (`Besluit`) with its result ("Aangenomen." / "Verworpen.") and
  one party vote per record;
- a page of people (`Persoon`) or of parliamentary groups (`Fractie`).

Each file becomes one graph named after the record.  Statements come straight from the
record's fields, so they carry no text span; their provenance is the record's graph.
Unknown fields are ignored; a missing field the mapping needs is an error naming it.

A decision is linked to the case it decides through `Besluit → Zaak`, the open data's own
link.  A record without it (pages expanded only through the agenda item, which lists every
motion of a debate) is linked to the agenda item's case only when the item lists exactly
one; otherwise the decision is kept with its agenda item and reported as unresolved.  (The
`AgendapuntZaakBesluitVolgorde` field orders decisions; it does not name the case, so it is
not used to guess one.)
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from chinakg.errors import InputError
from chinakg.mapping.appraisals import appraisal_concept, known_appraisal
from chinakg.mapping.builder import GraphBuilder, Mapped
from chinakg.namespaces import CK, ELI_DL, ID, OPENGOV, case_iri, document_iri, party_iri
from chinakg.resolve import People
from chinakg.sources import ODataRecords, Source

ODATA_ENTITY = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/"
GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
CASE_NUMBER = re.compile(r"^\d{4}Z\d{5}$")
KST_ID = re.compile(r"^kst-\d{4,6}(-[0-9A-Z]{1,6})?-\d+$")
DOCUMENT_NUMBER = re.compile(r"^\d{4}D\d{5}$")  # the Tweede Kamer's document number, e.g. 2025D15873
VOTE_OPTIONS = {"Voor", "Tegen", "Niet deelgenomen"}


class Record(GraphBuilder):
    """One open-data file's graph under construction, about the record node `…/id/record/<id>`."""

    def __init__(self, record_id: str, source: Source) -> None:
        super().__init__(record_id, ID[f"record/{record_id}"])
        self.path = source.path
        self.add(self.doc, RDF.type, CK.OpenDataRecord)
        self.add(self.doc, CK.recordId, Literal(record_id))
        self.add(self.doc, CK.sourceFile, Literal(source.file_name))
        self.add(self.doc, CK.contentHash, Literal(source.sha256))
        self.add(self.doc, RDFS.label, Literal(f"Tweede Kamer open data: {record_id}"))


def entity(kind: str, guid: str) -> URIRef:
    return URIRef(f"{ODATA_ENTITY}{kind}({guid})")


def _need(obj: dict, field: str, path: Path, what: str) -> Any:
    value = obj.get(field)
    if value is None or value == "":
        raise InputError(str(path), f"{what} has no '{field}' field")
    return value


def _guid(obj: dict, path: Path, what: str, required: bool = True) -> str | None:
    """The record's `Id`: a GUID, or an error naming the file (it becomes part of IRIs)."""
    if not required and obj.get("Id") in (None, ""):
        return None
    value = _need(obj, "Id", path, what)
    if not isinstance(value, str) or not GUID.match(value):
        raise InputError(str(path), f"{what}: Id {value!r} is not a GUID")
    return value


def _date(rec: Record, field: str, value: str | None) -> Literal | None:
    """The day of an OData timestamp; a day that does not exist (2023-02-29) is unresolved."""
    if not value or not re.match(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        day = datetime.date.fromisoformat(value[:10])
    except ValueError:
        rec.unresolved("date", value, f"{field} {value!r} is not a day of the calendar; the date is left out")
        return None
    return Literal(day.isoformat(), datatype=XSD.date)


# ------------------------------------------------------------------------- cases

def map_case(zaak: dict, source: Source, people: People) -> Record:
    path = source.path
    number = _need(zaak, "Nummer", path, "the case record")
    if not CASE_NUMBER.match(str(number)):
        raise InputError(str(path), f"case number '{number}' is not of the form 2023Z20877")
    rec = Record(f"tk-zaak-{number}", source)
    guid = _guid(zaak, path, "the case record", required=False)
    case = _case(rec, zaak)
    rec.add(rec.doc, DCTERMS.source, entity("Zaak", guid) if guid else case)
    documents = _documents_of(zaak, rec)
    cls = CK.Motion if zaak.get("Soort") == "Motie" else CK.ParliamentaryDocument
    for doc_id, doc in documents:
        iri = document_iri(doc_id)
        rec.add(iri, RDF.type, cls)
        rec.add(iri, CK.officialId, Literal(doc_id))
        rec.add(case, CK.caseOf, iri)
        if doc_guid := _guid(doc, path, f"document {doc_id} of the case", required=False):
            rec.add(iri, RDFS.seeAlso, entity("Document", doc_guid))
        if DOCUMENT_NUMBER.match(str(doc.get("DocumentNummer") or "")):  # its address on tweedekamer.nl
            rec.add(iri, CK.tkDocumentNumber, Literal(doc["DocumentNummer"]))
    value = zaak.get("Kabinetsappreciatie")
    if value and cls == CK.Motion:
        if not known_appraisal(value):
            rec.unresolved("motion", value,
                           f"unknown Kabinetsappreciatie value '{value}' (not in the appraisal scheme)")
        else:
            for doc_id, _ in documents:
                node = ID[f"appraisal/{rec.doc_id}/{doc_id}"]
                rec.add(node, RDF.type, CK.Appraisal)
                rec.add(node, CK.appraisalOf, document_iri(doc_id))
                rec.add(node, CK.appraisalValue, appraisal_concept(value))
                rec.add(node, CK.appraisedIn, rec.doc)
    return rec


def _case(rec: Record, zaak: dict) -> URIRef:
    case = case_iri(zaak["Nummer"])
    rec.add(case, RDF.type, CK.Case)
    rec.add(case, CK.caseNumber, Literal(zaak["Nummer"]))
    if guid := _guid(zaak, rec.path, f"case {zaak['Nummer']}", required=False):
        rec.add(case, CK.tkId, Literal(guid))
        rec.add(case, RDFS.seeAlso, entity("Zaak", guid))
    if zaak.get("Onderwerp"):
        rec.add(case, DCTERMS.title, Literal(zaak["Onderwerp"]))
        rec.add(case, RDFS.label, Literal(zaak["Onderwerp"]))
    if (started := _date(rec, "GestartOp", zaak.get("GestartOp"))) is not None:
        rec.add(case, DCTERMS.date, started)
    return case


def _documents_of(zaak: dict, rec: Record) -> list[tuple[str, dict]]:
    """(official id, Document) for each document of the case that has a kst- id."""
    found: list[tuple[str, dict]] = []
    for doc in zaak.get("Document") or []:
        version = doc.get("HuidigeDocumentVersie") or {}
        publications = version.get("DocumentPublicatie") or []
        ids = {version.get("ExterneIdentifier")} | {p.get("Identifier") for p in publications}
        ids = {i for i in ids if i and KST_ID.match(i)}
        if len(ids) == 1:
            found.append((ids.pop(), doc))
        elif len(ids) > 1:
            rec.unresolved("document", ", ".join(sorted(ids)), "the case's document names several official ids")
    if not found:
        rec.unresolved("document", str(zaak.get("Nummer")), "the case record names no official (kst-) document id")
    return found


# ------------------------------------------------------------------------- votes

def map_votes(records: list[dict], source: Source, people: People) -> Record:
    path, digest = source.path, source.sha256
    rec = Record(f"tk-stemming-{digest[:12]}", source)
    for i, stemming in enumerate(records):
        what = f"vote record {i + 1}"
        besluit = _need(stemming, "Besluit", path, what)
        event = ID[f"vote/{_guid(besluit, path, what + ' (Besluit)')}"]
        _vote_event(rec, event, besluit, path, what)
        _party_vote(rec, event, stemming, people, path, what)
    return rec


def _vote_event(rec: Record, event: URIRef, besluit: dict, path: Path, what: str) -> None:
    """The decision (Besluit) as a vote event with its result, tied to the case it decides."""
    if (event, RDF.type, CK.VoteEvent) in rec.triples:
        return
    result = str(_need(besluit, "BesluitTekst", path, what + " (Besluit)")).strip().rstrip(".")
    # typed in the vocabularies the ontology aligns ck:VoteEvent with, so that graphs that
    # do no OWL reasoning find it as a Popolo vote event and an ELI-DL vote
    for cls in (CK.VoteEvent, OPENGOV.VoteEvent, ELI_DL.Vote):
        rec.add(event, RDF.type, cls)
    rec.add(event, CK.tkId, Literal(besluit["Id"]))
    rec.add(event, RDFS.seeAlso, entity("Besluit", besluit["Id"]))
    rec.add(event, CK.voteResult, Literal(result))
    if besluit.get("BesluitSoort"):
        rec.add(event, CK.decisionText, Literal(besluit["BesluitSoort"]))
    on_agenda = _agenda_item(rec, event, besluit.get("Agendapunt") or {}, path, what)
    decided = _numbered(besluit.get("Zaak"))
    for zaak in decided or (on_agenda if len(on_agenda) == 1 else []):
        rec.add(event, CK.voteOnCase, _case(rec, zaak))
    if not decided and len(on_agenda) != 1:
        rec.unresolved("motion", f"Besluit {besluit['Id']} ({result})",
                       f"the decision names no case (Besluit.Zaak) and is recorded under an agenda item with "
                       f"{len(on_agenda)} cases, so the record does not say which case was voted on")


def _numbered(zaken: object) -> list[dict]:
    """The cases (Zaak records, one or a list) that have a well-formed number."""
    items = zaken if isinstance(zaken, list) else [zaken] if isinstance(zaken, dict) else []
    return [z for z in items if isinstance(z, dict) and z.get("Nummer") and CASE_NUMBER.match(str(z["Nummer"]))]


def _agenda_item(rec: Record, event: URIRef, agenda: dict, path: Path, what: str) -> list[dict]:
    """The agenda item the decision was taken under, with the cases it lists (returned)."""
    cases = _numbered(agenda.get("Zaak"))
    if _guid(agenda, path, what + " (Agendapunt)", required=False):
        item = ID[f"agenda-item/{agenda['Id']}"]
        rec.add(event, CK.onAgendaItem, item)
        rec.add(item, RDFS.label, Literal(agenda.get("Onderwerp") or agenda.get("Nummer") or agenda["Id"]))
        rec.add(item, RDFS.seeAlso, entity("Agendapunt", agenda["Id"]))
        for zaak in cases:
            rec.add(item, CK.agendaCase, _case(rec, zaak))
    return cases


def _party_vote(rec: Record, event: URIRef, stemming: dict, people: People, path: Path, what: str) -> None:
    option = _need(stemming, "Soort", path, what)
    node = ID[f"party-vote/{_guid(stemming, path, what)}"]
    rec.add(event, CK.partyVote, node)
    rec.add(node, RDF.type, CK.PartyVote)
    rec.add(node, RDF.type, OPENGOV.Vote)
    if option not in VOTE_OPTIONS:
        raise InputError(str(path), f"{what}: unknown vote '{option}' (expected Voor, Tegen or Niet deelgenomen)")
    rec.add(node, CK.voteOption, Literal(option))
    if isinstance(stemming.get("FractieGrootte"), int):
        rec.add(node, CK.seats, Literal(stemming["FractieGrootte"], datatype=XSD.integer))
    name = stemming.get("ActorFractie") or (stemming.get("Fractie") or {}).get("Afkorting")
    party = people.party(name) if name else None
    if party is not None:
        rec.add(node, CK.voter, party)
    else:
        rec.unresolved("party", str(name), "no party of that name in the reference graph")
    if stemming.get("Vergissing"):
        rec.add(node, RDFS.comment, Literal("recorded as a mistake (Vergissing) by the party"))


# ------------------------------------------------------------------------- people and parties

def map_people(records: list[dict], source: Source, people: People) -> Record:
    path, digest = source.path, source.sha256
    rec = Record(f"tk-persoon-{digest[:12]}", source)
    for i, persoon in enumerate(records):
        guid = str(_guid(persoon, path, f"person record {i + 1}"))
        person = people.by_tk_id.get(guid)
        parts = (persoon.get("Roepnaam"), persoon.get("Tussenvoegsel"), persoon.get("Achternaam"))
        name = " ".join(x for x in parts if x)
        if person is None:
            rec.unresolved("person", name or guid, f"Tweede Kamer person {guid} is not in the reference graph "
                           "(run `chinakg reference rebuild`)")
            continue
        rec.add(person, RDFS.seeAlso, entity("Persoon", guid))
    return rec


def map_parties(records: list[dict], source: Source, people: People) -> Record:
    path, digest = source.path, source.sha256
    rec = Record(f"tk-fractie-{digest[:12]}", source)
    for i, fractie in enumerate(records):
        guid = str(_guid(fractie, path, f"party record {i + 1}"))
        name = fractie.get("Afkorting") or fractie.get("NaamNL") or guid
        party = people.party(name) or (people.party(fractie["NaamNL"]) if fractie.get("NaamNL") else None)
        if party is None:
            party = party_iri(name)
            rec.add(party, RDF.type, CK.ParliamentaryParty)
            rec.add(party, RDFS.label, Literal(name))
        rec.add(party, CK.tkPartyId, Literal(guid))
        rec.add(party, RDFS.seeAlso, entity("Fractie", guid))
        if fractie.get("NaamNL"):
            rec.add(party, SKOS.altLabel, Literal(fractie["NaamNL"], lang="nl"))
    return rec




MAPPERS = {"case": map_case, "votes": map_votes, "people": map_people, "parties": map_parties}


def map_records(records: ODataRecords, people: People) -> Mapped:
    """An open-data file's records -> the record's graph."""
    try:
        rec = MAPPERS[records.kind](records.data, records.source, people)
    except (AttributeError, TypeError, KeyError) as exc:  # a field of another type than documented
        raise InputError(str(records.source.path), f"an open-data record whose fields do not have the documented "
                         f"types ({type(exc).__name__}: {exc})") from exc
    return Mapped(rec.doc_id, rec.triples, records.source)
