"""Tweede Kamer open data (OData v4 JSON from the Gegevensmagazijn).

Which record a file holds is read from its content:
- a case (`Zaak`, with `Nummer` like 2023Z20877): the cabinet's appraisal
  (`Kabinetsappreciatie`) and, through `Document → HuidigeDocumentVersie`, the official id
  (`ExterneIdentifier`, kst-…) of the motion it is about;
- a page of votes (`Stemming`, expanded with `Besluit → Agendapunt → Zaak` and `Fractie`):
  one vote event per decision (`Besluit`) with its result ("Aangenomen." / "Verworpen.") and
  one party vote per record;
- a page of people (`Persoon`) or of parliamentary groups (`Fractie`).

Each file becomes one graph named after the record.  Statements come straight from the
record's fields, so they carry no text span; their provenance is the record's graph.
Unknown fields are ignored; a missing field the loader needs is an error naming it.

A vote is linked to a case only when its agenda item lists exactly one case.  The pages
in the corpus are expanded through the agenda item, which lists every motion of a debate,
and do not say which of them a decision is about: such votes are recorded with their
agenda item and its cases, and reported as unresolved.  (The `AgendapuntZaakBesluitVolgorde`
field orders decisions; it does not name the case, so it is not used to guess one.)
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from chinakg.loaders.base import LoadedDocument, Loader, decode_text, sha256
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from chinakg.errors import InputError
from chinakg.mapping import appraisal_concept, known_appraisal
from chinakg.namespaces import CK, ID, case_iri, document_iri, party_iri
from chinakg.resolve import People
from chinakg.timing import stage

ODATA_ENTITY = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/"
GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
CASE_NUMBER = re.compile(r"^\d{4}Z\d{5}$")
KST_ID = re.compile(r"^kst-\d{4,6}(-[0-9A-Z]{1,6})?-\d+$")
VOTE_OPTIONS = {"Voor", "Tegen", "Niet deelgenomen"}


class Record:
    """One open-data file's graph under construction."""

    def __init__(self, record_id: str, path: Path, digest: str) -> None:
        self.record_id = record_id
        self.path = path
        self.digest = digest
        self.node = ID[f"record/{record_id}"]
        self.graph = Graph()
        self.unresolved = 0
        g = self.graph
        g.add((self.node, RDF.type, CK.OpenDataRecord))
        g.add((self.node, CK.recordId, Literal(record_id)))
        g.add((self.node, CK.sourceFile, Literal(path.name)))
        g.add((self.node, CK.contentHash, Literal(digest)))
        g.add((self.node, RDFS.label, Literal(f"Tweede Kamer open data: {record_id}")))

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.graph.add((s, p, o))

    def report(self, kind: str, text: str, reason: str) -> None:
        self.unresolved += 1
        node = ID[f"unresolved/{self.record_id}/{self.unresolved}"]
        for p, o in ((RDF.type, CK.Unresolved), (CK.mentionKind, Literal(kind)), (RDFS.label, Literal(text)),
                     (CK.reason, Literal(reason)), (CK.quote, Literal(text))):
            self.add(node, p, o)
        self.add(self.node, CK.unresolved, node)

    def done(self) -> LoadedDocument:
        return LoadedDocument(self.record_id, self.graph, self.path, self.digest)


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


def _date(value: str | None) -> Literal | None:
    return Literal(value[:10], datatype=XSD.date) if value and re.match(r"\d{4}-\d{2}-\d{2}", value) else None


# ------------------------------------------------------------------------- cases

def load_case(zaak: dict, path: Path, digest: str) -> LoadedDocument:
    number = _need(zaak, "Nummer", path, "the case record")
    if not CASE_NUMBER.match(str(number)):
        raise InputError(str(path), f"case number '{number}' is not of the form 2023Z20877")
    rec = Record(f"tk-zaak-{number}", path, digest)
    guid = _guid(zaak, path, "the case record", required=False)
    case = _case(rec, zaak)
    rec.add(rec.node, DCTERMS.source, entity("Zaak", guid) if guid else case)
    documents = _documents_of(zaak, rec)
    cls = CK.Motion if zaak.get("Soort") == "Motie" else CK.ParliamentaryDocument
    for doc_id, doc in documents:
        iri = document_iri(doc_id)
        rec.add(iri, RDF.type, cls)
        rec.add(iri, CK.officialId, Literal(doc_id))
        rec.add(case, CK.caseOf, iri)
        if doc_guid := _guid(doc, path, f"document {doc_id} of the case", required=False):
            rec.add(iri, RDFS.seeAlso, entity("Document", doc_guid))
    value = zaak.get("Kabinetsappreciatie")
    if value and cls == CK.Motion:
        if not known_appraisal(value):
            rec.report("motion", value, f"unknown Kabinetsappreciatie value '{value}' (not in the appraisal scheme)")
        else:
            for doc_id, _ in documents:
                node = ID[f"appraisal/{rec.record_id}/{doc_id}"]
                rec.add(node, RDF.type, CK.Appraisal)
                rec.add(node, CK.appraisalOf, document_iri(doc_id))
                rec.add(node, CK.appraisalValue, appraisal_concept(value))
                rec.add(node, CK.appraisedIn, rec.node)
    return rec.done()


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
    if (started := _date(zaak.get("GestartOp"))) is not None:
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
            rec.report("document", ", ".join(sorted(ids)), "the case's document names several official ids")
    if not found:
        rec.report("document", str(zaak.get("Nummer")), "the case record names no official (kst-) document id")
    return found


# ------------------------------------------------------------------------- votes

def load_votes(records: list[dict], path: Path, digest: str, people: People) -> LoadedDocument:
    rec = Record(f"tk-stemming-{digest[:12]}", path, digest)
    for i, stemming in enumerate(records):
        what = f"vote record {i + 1}"
        besluit = _need(stemming, "Besluit", path, what)
        event = ID[f"vote/{_guid(besluit, path, what + ' (Besluit)')}"]
        _vote_event(rec, event, besluit, path, what)
        _party_vote(rec, event, stemming, people, path, what)
    return rec.done()


def _vote_event(rec: Record, event: URIRef, besluit: dict, path: Path, what: str) -> None:
    if (event, RDF.type, CK.VoteEvent) in rec.graph:
        return
    result = str(_need(besluit, "BesluitTekst", path, what + " (Besluit)")).strip().rstrip(".")
    rec.add(event, RDF.type, CK.VoteEvent)
    rec.add(event, CK.tkId, Literal(besluit["Id"]))
    rec.add(event, RDFS.seeAlso, entity("Besluit", besluit["Id"]))
    rec.add(event, CK.voteResult, Literal(result))
    if besluit.get("BesluitSoort"):
        rec.add(event, CK.decisionText, Literal(besluit["BesluitSoort"]))
    agenda = besluit.get("Agendapunt") or {}
    cases = [z for z in agenda.get("Zaak") or [] if z.get("Nummer") and CASE_NUMBER.match(z["Nummer"])]
    if _guid(agenda, path, what + " (Agendapunt)", required=False):
        item = ID[f"agenda-item/{agenda['Id']}"]
        rec.add(event, CK.onAgendaItem, item)
        rec.add(item, RDFS.label, Literal(agenda.get("Onderwerp") or agenda.get("Nummer") or agenda["Id"]))
        rec.add(item, RDFS.seeAlso, entity("Agendapunt", agenda["Id"]))
        for zaak in cases:
            rec.add(item, CK.agendaCase, _case(rec, zaak))
    if len(cases) == 1:
        rec.add(event, CK.voteOnCase, case_iri(cases[0]["Nummer"]))
    else:
        rec.report("motion", f"Besluit {besluit['Id']} ({result})",
                   f"the decision is recorded under an agenda item with {len(cases)} cases and the record "
                   "does not say which case was voted on")


def _party_vote(rec: Record, event: URIRef, stemming: dict, people: People, path: Path, what: str) -> None:
    option = _need(stemming, "Soort", path, what)
    node = ID[f"party-vote/{_guid(stemming, path, what)}"]
    rec.add(event, CK.partyVote, node)
    rec.add(node, RDF.type, CK.PartyVote)
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
        rec.report("party", str(name), "no party of that name in the reference graph")
    if stemming.get("Vergissing"):
        rec.add(node, RDFS.comment, Literal("recorded as a mistake (Vergissing) by the party"))


# ------------------------------------------------------------------------- people and parties

def load_people(records: list[dict], path: Path, digest: str, people: People) -> LoadedDocument:
    rec = Record(f"tk-persoon-{digest[:12]}", path, digest)
    for i, persoon in enumerate(records):
        guid = str(_guid(persoon, path, f"person record {i + 1}"))
        person = people.by_tk_id.get(guid)
        parts = (persoon.get("Roepnaam"), persoon.get("Tussenvoegsel"), persoon.get("Achternaam"))
        name = " ".join(x for x in parts if x)
        if person is None:
            rec.report("person", name or guid, f"Tweede Kamer person {guid} is not in the reference graph "
                       "(run `chinakg reference rebuild`)")
            continue
        rec.add(person, RDFS.seeAlso, entity("Persoon", guid))
    return rec.done()


def load_parties(records: list[dict], path: Path, digest: str, people: People) -> LoadedDocument:
    rec = Record(f"tk-fractie-{digest[:12]}", path, digest)
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
    return rec.done()


# ------------------------------------------------------------------------- detection

def record_kind(data: Any) -> str:
    """'case', 'votes', 'people', 'parties' -- or '' for JSON of another shape."""
    if isinstance(data, dict) and "value" in data and isinstance(data["value"], list):
        context = str(data.get("@odata.context", ""))
        items = data["value"]
        if "#Stemming" in context or (items and isinstance(items[0], dict) and "Besluit" in items[0]):
            return "votes"
        data = items
    if isinstance(data, dict):
        # a case: Soort plus its number, its appraisal or its documents (a missing Nummer is
        # then reported by load_case, naming the field)
        is_case = "Soort" in data and ("Nummer" in data or "Kabinetsappreciatie" in data
                                       or ("Document" in data and "DocumentNummer" not in data))
        return "case" if is_case else ""
    if isinstance(data, list) and data and all(isinstance(x, dict) for x in data):
        first = data[0]
        if "Besluit" in first and "ActorFractie" in first:
            return "votes"
        if "Achternaam" in first:
            return "people"
        if "Afkorting" in first and "NaamNL" in first:
            return "parties"
    return ""


class ODataLoader(Loader):
    name = "json"

    def load(self, path: Path, raw: bytes, people: People) -> list[LoadedDocument]:
        try:
            with stage("parse"):
                data = json.loads(decode_text(path, raw))
        except json.JSONDecodeError as exc:
            raise InputError(str(path), f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from exc
        with stage("map"):  # open-data records map straight to RDF: no text to extract from
            try:
                return self._map(data, path, raw, people)
            except (AttributeError, TypeError, KeyError) as exc:  # a field of another type than documented
                raise InputError(str(path), f"an open-data record whose fields do not have the documented types "
                                 f"({type(exc).__name__}: {exc})") from exc

    def _map(self, data: object, path: Path, raw: bytes, people: People) -> list[LoadedDocument]:
        kind = record_kind(data)
        digest = sha256(raw)
        items = data["value"] if isinstance(data, dict) and isinstance(data.get("value"), list) else data
        if kind == "case":
            return [load_case(data, path, digest)]
        if kind == "votes":
            return [load_votes(items, path, digest, people)]
        if kind == "people":
            return [load_people(items, path, digest, people)]
        if kind == "parties":
            return [load_parties(items, path, digest, people)]
        raise InputError(str(path), "JSON that is not a Tweede Kamer open-data record this loader reads "
                         "(a Zaak, a page of Stemming, Persoon or Fractie)")
