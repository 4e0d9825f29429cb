"""The registry -> the reference graph's triples (people, parties, chambers, cabinets,
dated terms, and the sources with their licences)."""

from __future__ import annotations

from collections import defaultdict

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from chinakg.names import title_case
from chinakg.namespaces import (
    CK,
    EERSTE_KAMER,
    ID,
    TWEEDE_KAMER,
    WD,
    cabinet_iri,
    ministry_iri,
    party_iri,
    person_iri,
    post_iri,
    slug,
)
from chinakg.refbuild.merge import Registry
from chinakg.refbuild.records import SOURCES, PersonRecord, TermRecord


def reference_graph(reg: Registry) -> Graph:
    """People, parties, chambers, cabinets and dated terms as RDF, in a stable order."""
    g = Graph()
    for p in reg.people:
        _person_triples(g, p)
    for key, party in sorted(reg.parties.items()):
        iri = party_iri(key)
        g.add((iri, RDF.type, CK.ParliamentaryParty))
        g.add((iri, RDFS.label, Literal(key)))
        g.add((iri, SKOS.prefLabel, Literal(key)))
        g.add((iri, CK.abbreviation, Literal(key)))
        for name in sorted(party["names"]):
            if name != key:
                g.add((iri, SKOS.altLabel, Literal(name)))
        if party.get("qid"):
            g.add((iri, OWL.sameAs, WD[party["qid"]]))
        if party.get("tk_id"):
            g.add((iri, CK.tkPartyId, Literal(party["tk_id"])))
    for chamber, label in ((TWEEDE_KAMER, "Tweede Kamer der Staten-Generaal"),
                           (EERSTE_KAMER, "Eerste Kamer der Staten-Generaal")):
        g.add((chamber, RDF.type, CK.Chamber))
        g.add((chamber, RDFS.label, Literal(label, lang="nl")))
    g.add((TWEEDE_KAMER, OWL.sameAs, WD["Q233262"]))  # as given in openkamer's parliament.json
    for cab in reg.cabinets:
        iri = cabinet_iri(cab["name"])
        g.add((iri, RDF.type, CK.Cabinet))
        g.add((iri, RDFS.label, Literal(cab["name"], lang="nl")))
        if cab["date_formed"]:
            g.add((iri, CK.formed, Literal(cab["date_formed"], datatype=XSD.date)))
        if cab["date_dissolved"]:
            g.add((iri, CK.dissolved, Literal(cab["date_dissolved"], datatype=XSD.date)))
        if cab["wikidata_id"]:
            g.add((iri, OWL.sameAs, WD[cab["wikidata_id"]]))
    counter: dict[str, int] = defaultdict(int)
    for t in sorted(reg.terms, key=lambda t: (t.person.key, t.kind, t.target, t.start, t.end, t.source)):
        base = f"term/{t.person.key}/{t.kind}-{slug(t.target)}-{t.start or 'undated'}"
        counter[base] += 1
        _term_triples(g, ID[f"{base}-{counter[base]}"], t)
    return g


def _person_triples(g: Graph, p: PersonRecord) -> None:
    iri = person_iri(p.key)
    g.add((iri, RDF.type, CK.Person))
    g.add((iri, RDFS.label, Literal(p.name() or f"{p.initials} {p.family}")))
    g.add((iri, CK.familyName, Literal(p.family)))
    for prop, value in ((CK.givenName, p.given), (CK.initials, p.initials), (CK.tkPersonId, p.tk_id),
                        (CK.parlementComId, p.pdc_id), (CK.parlamintId, p.parlamint_id),
                        (CK.openkamerId, p.openkamer_id)):
        if value:
            g.add((iri, prop, Literal(value)))
    if p.birth:
        g.add((iri, CK.birthDate, Literal(p.birth, datatype=XSD.date)))
    if p.qid:
        g.add((iri, OWL.sameAs, WD[p.qid]))
    if p.wikipedia:
        g.add((iri, RDFS.seeAlso, URIRef(p.wikipedia.replace(" ", "_"))))
    for source in sorted(p.sources):
        g.add((iri, PROV.wasDerivedFrom, ID[f"source/{source}"]))


def _term_triples(g: Graph, iri: URIRef, t: TermRecord) -> None:
    person = person_iri(t.person.key)
    g.add((iri, CK.member, person))
    g.add((iri, PROV.wasDerivedFrom, ID[f"source/{t.source}"]))
    if t.start:
        g.add((iri, CK.startDate, Literal(t.start, datatype=XSD.date)))
    if t.end:
        g.add((iri, CK.endDate, Literal(t.end, datatype=XSD.date)))
    if t.kind == "party":
        g.add((iri, RDF.type, CK.PartyMembership))
        g.add((iri, CK.organization, party_iri(t.target)))
    elif t.kind == "seat":
        g.add((iri, RDF.type, CK.SeatMembership))
        g.add((iri, CK.organization, TWEEDE_KAMER if t.target == "tweede-kamer" else EERSTE_KAMER))
        if t.target == "tweede-kamer":
            g.add((person, RDF.type, CK.MemberOfParliament))
    else:
        post = post_iri(t.target)
        g.add((iri, RDF.type, CK.OfficeTerm))
        g.add((iri, CK.post, post))
        is_sos = t.target.lower().startswith("staatssecretaris")
        g.add((post, RDF.type, CK.StateSecretaryPost if is_sos else CK.MinisterPost))
        g.add((post, RDFS.label, Literal(t.target, lang="nl")))
        if t.ministry:
            ministry = ministry_iri(t.ministry)
            g.add((post, CK.postIn, ministry))
            g.add((ministry, RDF.type, CK.Ministry))
            g.add((ministry, RDFS.label, Literal(f"Ministerie van {title_case(t.ministry)}", lang="nl")))
        if t.cabinet:
            g.add((iri, CK.inCabinet, cabinet_iri(t.cabinet)))


def source_triples(g: Graph) -> None:
    for key, (path, label, licence) in SOURCES.items():
        iri = ID[f"source/{key}"]
        g.add((iri, RDF.type, PROV.Entity))
        g.add((iri, RDFS.label, Literal(label)))
        g.add((iri, DCTERMS.source, Literal(f"../shared/{path}")))
        g.add((iri, DCTERMS.license, URIRef(licence)))


def coalition_report(reg: Registry, supplement: Graph | None) -> None:
    """The parties of each cabinet's ministers (on the day they took office) beside the
    coalition the supplement records.  The ministers' parties are not the coalition: many
    ministers have no party term in the shared sources (Rutte III's give only D66 and VVD),
    so coalitions are hand-written facts (reference/supplement.ttl), and this report checks
    that every minister's party is in the recorded coalition."""
    recorded: dict[URIRef, set[URIRef]] = defaultdict(set)  # cabinet -> its coalition's parties
    for m in (supplement or Graph()).subjects(RDF.type, CK.CoalitionMembership):
        recorded[supplement.value(m, CK.coalitionOf)].add(supplement.value(m, CK.coalitionParty))
    for cab in reg.cabinets:
        parties = set()
        for t in reg.terms:
            if t.kind == "office" and t.cabinet == cab["name"] and t.start:
                held = {p.target for p in reg.terms if p.kind == "party" and p.person is t.person
                        and p.start and p.start <= t.start and (not p.end or t.start <= p.end)}
                parties |= held if len(held) == 1 else set()
        coalition = recorded.get(cabinet_iri(cab["name"]), set())
        outside = sorted(p for p in parties if party_iri(p) not in coalition)
        state = ("no coalition recorded" if not coalition else
                 f"not in the recorded coalition: {', '.join(outside)}" if outside else "all in the recorded coalition")
        reg.report.add("Cabinets: the parties of their ministers and the recorded coalition",
                       f"{cab['name']}: ministers' parties {', '.join(sorted(parties)) or 'none known'}; {state}")
