"""The official-XML motion loader on real motions of every variant in the corpus, and on
broken or foreign XML.  Expected values were read from the XML files by hand."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import load_one
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from chinakg.errors import InputError, NotADocument
from chinakg.namespaces import CK, ID, document_iri
from chinakg.pipeline import load_file


@pytest.fixture(scope="module")
def motions_dir(shared: Path) -> Path:
    return shared / "corpus" / "motions-xml"


def signatures(graph, doc_id: str) -> list[tuple[str, str | None, str | None]]:
    """(name as written, person slug, party slug) in signing order."""
    rows = []
    for sig in graph.objects(document_iri(doc_id), CK.signature):
        pos = int(graph.value(sig, CK.position))
        signer = graph.value(sig, CK.signer)
        party = graph.value(sig, CK.inParty)
        rows.append((pos, str(graph.value(sig, CK.signedAs)), signer and str(signer).rsplit("/", 1)[-1],
                     party and str(party).rsplit("/", 1)[-1]))
    return [r[1:] for r in sorted(rows)]


def unresolved(graph) -> list[tuple[str, str]]:
    return sorted((str(graph.value(u, CK.mentionKind)), str(graph.value(u, CK.reason)))
                  for u in graph.subjects(RDF.type, CK.Unresolved))


def test_pointer_only_motion_with_signature_group(motions_dir: Path, people) -> None:
    doc = load_one(motions_dir / "kst-19637-3186.xml", people)
    g, m = doc.graph, document_iri("kst-19637-3186")
    assert doc.doc_id == "kst-19637-3186"
    assert g.value(m, DCTERMS.date) == Literal("2023-12-21", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))
    assert str(g.value(m, CK.parliamentaryYear)) == "2023-2024"
    assert signatures(g, "kst-19637-3186") == [("Koekkoek", "marieke-koekkoek", "volt"),
                                               ("Podt", "anne-marijke-podt", "d66"),
                                               ("Ceder", "don-ceder", "christenunie")]
    assert g.value(m, CK.submittedBy) == ID["person/marieke-koekkoek"]
    assert set(g.objects(m, CK.coSubmittedBy)) == {ID["person/anne-marijke-podt"], ID["person/don-ceder"]}
    requests = [str(r) for r in g.objects(m, CK.request)]
    assert len(requests) == 1 and requests[0].startswith("verzoekt de regering zich ervoor in te zetten")


def test_embedded_metadata_and_a_single_signature(motions_dir: Path, people) -> None:
    g = load_one(motions_dir / "kst-19637-3404.xml", people).graph
    assert signatures(g, "kst-19637-3404") == [("Vondeling", "marina-vondeling", "pvv")]
    assert not [u for u in unresolved(g) if u[0] == "document"]  # metadata id agrees with the text


def test_amended_motion_replaces_the_earlier_one(motions_dir: Path, people) -> None:
    g = load_one(motions_dir / "kst-19637-3237.xml", people).graph
    m = document_iri("kst-19637-3237")
    assert (m, RDF.type, CK.AmendedMotion) in g
    assert g.value(m, CK.replaces) == document_iri("kst-19637-3219")
    assert signatures(g, "kst-19637-3237") == [("Keijzer", "mona-keijzer", "bbb")]


def test_two_dossiers_with_budget_chapters(motions_dir: Path, people) -> None:
    g = load_one(motions_dir / "kst-36410-XVI-101.xml", people).graph
    m = document_iri("kst-36410-XVI-101")
    assert set(g.objects(m, CK.inDossier)) == {ID["dossier/36410-XVI"], ID["dossier/36410-VI"]}
    assert [s[0] for s in signatures(g, "kst-36410-XVI-101")] == ["Dobbe", "Westerveld"]


def test_eu_council_dossier_number(motions_dir: Path, people) -> None:
    path = next(motions_dir.glob("kst-21501-02-*.xml"))
    doc = load_one(path, people)
    assert doc.doc_id == path.stem
    assert ID["dossier/21501-02"] in set(doc.graph.objects(document_iri(doc.doc_id), CK.inDossier))


def test_signatures_in_a_group_after_a_list(motions_dir: Path, people) -> None:
    """kst-25883-534 has no closing formula; the names stand in the last al-groep."""
    g = load_one(motions_dir / "kst-25883-534.xml", people).graph
    assert [s[0] for s in signatures(g, "kst-25883-534")] == ["Kostić", "Patijn", "Saris", "Van Kent", "Ceder"]


@pytest.mark.parametrize("name, first", [("kst-21501-20-2051", "Van Baarle"), ("kst-21501-20-2054", "Kahraman"),
                                         ("kst-23645-843", "El Abassi"), ("kst-36600-XII-15", "Veltman"),
                                         ("kst-28684-812", "Van der Plas"), ("kst-36547-41", "Diederik van Dijk")])
def test_titles_with_slips_are_still_motions(motions_dir: Path, people, name: str, first: str) -> None:
    g = load_one(motions_dir / f"{name}.xml", people).graph
    assert signatures(g, name)[0][0] == first


def test_a_motion_without_datumtekst_takes_the_date_of_issue_from_its_metadata(motions_dir: Path, people) -> None:
    g = load_one(motions_dir / "kst-23432-574.xml", people).graph
    assert g.value(document_iri("kst-23432-574"), DCTERMS.date) is not None
    g2 = load_one(motions_dir / "kst-36446-86.xml", people).graph  # no date anywhere: reported, not invented
    assert g2.value(document_iri("kst-36446-86"), DCTERMS.date) is None
    assert any(kind == "date" for kind, _ in unresolved(g2))


def test_extref_citations(motions_dir: Path, people) -> None:
    path = next(p for p in sorted(motions_dir.glob("*.xml")) if 'doc="kst-36600-XX-29"' in p.read_text())
    g = load_one(path, people).graph
    assert document_iri("kst-36600-XX-29") in set(g.objects(document_iri(path.stem), CK.cites))


def test_sidecar_metadata_is_read_with_its_document(tmp_path: Path, motions_dir: Path, people) -> None:
    shutil.copy(motions_dir / "kst-19637-3186.xml", tmp_path / "kst-19637-3186.xml")
    (tmp_path / "kst-19637-3186.metadata.xml").write_text(
        '<?xml version="1.0"?><metadata_gegevens>'
        '<metadata name="DC.identifier" scheme="OVERHEIDop.ParlID" content="kst-19637-9999"/>'
        '<metadata name="OVERHEIDop.vergaderjaar" content="2023-2024"/></metadata_gegevens>')
    g = load_one(tmp_path / "kst-19637-3186.xml", people).graph
    assert [r for k, r in unresolved(g) if k == "document"] == [
        "the metadata names another id than the text (kst-19637-3186)"]
    assert load_file(tmp_path / "kst-19637-3186.metadata.xml", people) == []  # read with its document
    (tmp_path / "kst-19637-3186.xml").unlink()
    with pytest.raises(InputError, match="without its document"):
        load_file(tmp_path / "kst-19637-3186.metadata.xml", people)


def test_impossible_dates_are_reported_not_stored(tmp_path: Path, motions_dir: Path, people) -> None:
    original = (motions_dir / "kst-19637-3186.xml").read_text()
    # a broken isodatum: the date as written still stands, the broken attribute is reported
    (tmp_path / "a.xml").write_text(original.replace('isodatum="2023-12-21"', 'isodatum="2020-02-31"'))
    g = load_one(tmp_path / "a.xml", people).graph
    assert str(g.value(document_iri("kst-19637-3186"), DCTERMS.date)) == "2023-12-21"
    assert ("date", "not a calendar date") in unresolved(g)
    # both impossible: no date at all
    (tmp_path / "b.xml").write_text(re.sub(r'isodatum="2023-12-21">21\s+december 2023',
                                           'isodatum="2020-02-31">31 februari 2020', original))
    g = load_one(tmp_path / "b.xml", people).graph
    assert g.value(document_iri("kst-19637-3186"), DCTERMS.date) is None
    assert [k for k, r in unresolved(g) if r == "not a calendar date"] == ["date", "date"]


@pytest.mark.parametrize("content, message", [
    ("<officiele-publicatie><kamerstuk><stuk><titel>MOTIE VAN", "not well-formed XML"),
    ("<html><body>hello</body></html>", "another schema: root element <html>"),
    ("<officiele-publicatie><kamerstuk><dossier><dossiernummer><dossiernr>35 207</dossiernr></dossiernummer>"
     "</dossier><stuk><stuknr>Nr. <ondernummer>3</ondernummer></stuknr><titel>BRIEF VAN DE MINISTER</titel>"
     "</stuk></kamerstuk></officiele-publicatie>", "document type this loader does not read"),
])
def test_bad_xml_is_rejected_with_a_clear_message(tmp_path: Path, people, content: str, message: str) -> None:
    path = tmp_path / "bad file é.xml"
    path.write_text(content)
    with pytest.raises(InputError, match=message) as info:
        load_file(path, people)
    assert info.value.path == str(path)


def test_the_odata_schema_description_is_skipped_not_rejected(shared: Path, people) -> None:
    with pytest.raises(NotADocument):
        load_file(shared / "corpus" / "odata" / "odata-metadata.xml", people)


def test_two_names_on_one_signature_line(motions_dir: Path, people) -> None:
    g = load_one(motions_dir / "kst-28684-759.xml", people).graph
    assert [s[0] for s in signatures(g, "kst-28684-759")] == [
        "Diederik van Dijk", "Boswijk", "Bikker", "van Nispen", "Mutluer"]
