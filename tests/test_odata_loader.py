"""The Tweede Kamer open-data loader on the real records, and on broken or foreign JSON.
Expected values were read from the JSON files by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import load_one
from rdflib import Literal
from rdflib.namespace import RDF, RDFS, SKOS

from chinakg.errors import InputError
from chinakg.namespaces import APPRAISAL, CK, ID, document_iri
from chinakg.pipeline import load_file


@pytest.fixture(scope="module")
def odata(shared: Path) -> Path:
    return shared / "corpus" / "odata"


def test_case_record_gives_the_appraisal_of_its_motion(odata: Path, people) -> None:
    doc = load_one(odata / "zaak-documents" / "kst-35207-84.json", people)
    g = doc.graph
    assert doc.doc_id == "tk-zaak-2025Z06903"
    [appraisal] = list(g.subjects(RDF.type, CK.Appraisal))
    assert g.value(appraisal, CK.appraisalOf) == document_iri("kst-35207-84")
    assert g.value(appraisal, CK.appraisalValue) == APPRAISAL["ontraden"]
    assert g.value(appraisal, CK.appraisedIn) == ID["record/tk-zaak-2025Z06903"]
    assert g.value(ID["case/2025Z06903"], CK.caseOf) == document_iri("kst-35207-84")
    assert (document_iri("kst-35207-84"), RDF.type, CK.Motion) in g


def test_every_appraisal_value_in_the_corpus_is_in_the_scheme(odata: Path, people) -> None:
    from chinakg.base_graphs import vocabulary_graph

    notations = {str(n) for n in vocabulary_graph().objects(None, SKOS.notation)}
    values = {json.loads(p.read_text()).get("Kabinetsappreciatie") for p in (odata / "zaak-documents").glob("*.json")}
    assert values - {None} <= notations


def test_votes_page_records_decisions_and_party_votes_without_guessing_the_motion(odata: Path, people) -> None:
    g = load_one(odata / "votes" / "stemming-page-0785.json", people).graph
    events = set(g.subjects(RDF.type, CK.VoteEvent))
    assert len(events) == 8  # eight decisions, one party vote each on this page
    assert {str(g.value(e, CK.voteResult)) for e in events} == {"Aangenomen"}
    assert not list(g.subjects(CK.voteOnCase, None))  # every agenda item lists several cases
    reasons = [str(g.value(u, CK.reason)) for u in g.subjects(RDF.type, CK.Unresolved)]
    assert len(reasons) == 8 and all("does not say which case" in r for r in reasons)
    cda = [pv for pv in g.subjects(RDF.type, CK.PartyVote) if g.value(pv, CK.voter) == ID["party/cda"]]
    assert cda and all(int(g.value(pv, CK.seats)) == 5 for pv in cda)
    china = [i for i in g.subjects(RDFS.label, None) if "tweeminutendebat China" in str(g.value(i, RDFS.label))]
    assert len(china) == 1 and len(list(g.objects(china[0], CK.agendaCase))) == 14


def test_a_vote_on_an_agenda_item_with_one_case_is_linked(tmp_path: Path, odata: Path, people) -> None:
    page = json.loads((odata / "votes" / "stemming-page-0785.json").read_text())
    record = page["value"][0]
    record["Besluit"]["Agendapunt"]["Zaak"] = record["Besluit"]["Agendapunt"]["Zaak"][:1]
    page["value"] = [record]
    (tmp_path / "one.json").write_text(json.dumps(page))
    g = load_one(tmp_path / "one.json", people).graph
    number = record["Besluit"]["Agendapunt"]["Zaak"][0]["Nummer"]
    assert list(g.objects(None, CK.voteOnCase)) == [ID[f"case/{number}"]]


def test_a_decision_is_tied_to_the_case_it_decides_through_besluit_zaak(odata: Path, people) -> None:
    """votes-by-case/stemming-page-0039.json holds the decision on kst-35207-84 (case
    2025Z06903, adopted) with NSC's vote: Voor, 20 seats; the agenda item is not expanded
    with its cases, and none is needed."""
    from chinakg.namespaces import ELI_DL, OPENGOV

    g = load_one(odata / "votes-by-case" / "stemming-page-0039.json", people).graph
    [event] = list(g.subjects(CK.voteOnCase, ID["case/2025Z06903"]))
    assert str(g.value(event, CK.voteResult)) == "Aangenomen"
    assert {CK.VoteEvent, OPENGOV.VoteEvent, ELI_DL.Vote} <= set(g.objects(event, RDF.type))
    nsc = [pv for pv in g.objects(event, CK.partyVote) if g.value(pv, CK.voter) == ID["party/nsc"]]
    assert [(str(g.value(pv, CK.voteOption)), int(g.value(pv, CK.seats))) for pv in nsc] == [("Voor", 20)]
    assert (nsc[0], RDF.type, OPENGOV.Vote) in g
    linked = set(g.subjects(CK.voteOnCase, None))
    assert linked == set(g.subjects(RDF.type, CK.VoteEvent))  # every decision on the page names its case
    assert not [u for u in g.subjects(RDF.type, CK.Unresolved) if "case" in str(g.value(u, CK.reason))]


def test_people_and_party_pages_link_to_the_tweede_kamer_ids(odata: Path, people) -> None:
    g = load_one(odata / "people" / "fractie-page-1.json", people).graph
    assert g.value(ID["party/nsc"], CK.tkPartyId) == Literal("ad182a43-bc8c-40b3-894d-4a92515e70e7")
    g = load_one(odata / "people" / "persoon-page-1.json", people).graph
    links = {str(o) for o in g.objects(None, RDFS.seeAlso)}
    assert any(link.endswith("Persoon(6edaeec8-fad8-4c2c-8103-7aae8594e772)") for link in links)


def test_unknown_fields_are_ignored_and_missing_ones_named(tmp_path: Path, odata: Path, people) -> None:
    record = json.loads((odata / "zaak-documents" / "kst-35207-84.json").read_text())
    record["EenNieuwVeld"] = {"x": 1}
    (tmp_path / "extra.json").write_text(json.dumps(record))
    assert load_one(tmp_path / "extra.json", people).doc_id == "tk-zaak-2025Z06903"
    record["Nummer"] = None
    (tmp_path / "missing.json").write_text(json.dumps(record))
    with pytest.raises(InputError, match="the case record has no 'Nummer' field"):
        load_file(tmp_path / "missing.json", people)


def test_unknown_appraisal_value_is_reported(tmp_path: Path, odata: Path, people) -> None:
    record = json.loads((odata / "zaak-documents" / "kst-35207-84.json").read_text())
    record["Kabinetsappreciatie"] = "Heel misschien"
    (tmp_path / "odd.json").write_text(json.dumps(record))
    g = load_one(tmp_path / "odd.json", people).graph
    assert not list(g.subjects(RDF.type, CK.Appraisal))
    assert any("Heel misschien" in str(r) for r in g.objects(None, CK.reason))


@pytest.mark.parametrize("content, message", [
    ('{"Nummer": "2025Z06903", "Soort": "Motie", ', "not valid JSON"),
    ('{"hello": "world"}', "not a Tweede Kamer open-data record"),
    ('[1, 2, 3]', "not a Tweede Kamer open-data record"),
])
def test_bad_json_is_rejected_with_a_clear_message(tmp_path: Path, people, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(InputError, match=message):
        load_file(path, people)
