"""The committed reference graph is what the converter makes from ../shared."""

from __future__ import annotations

from rdflib.namespace import OWL

from chinakg.namespaces import CK, WD, person_iri
from chinakg.refbuild import rebuild_reference
from chinakg.refgraph import load_reference_graph
from chinakg.resources import resource_text


def test_rebuild_reproduces_the_committed_files(shared, tmp_path) -> None:
    rebuild_reference(shared, tmp_path)
    assert (tmp_path / "reference.ttl").read_text(encoding="utf-8") == resource_text("reference", "reference.ttl")
    assert (tmp_path / "report.md").read_text(encoding="utf-8") == resource_text("reference", "report.md")


def test_report_names_the_shared_tweede_kamer_ids_and_gaps() -> None:
    report = resource_text("reference", "report.md")
    assert "## Tweede Kamer id shared by two people in openkamer (12)" in report
    assert "Jasper van Dijk" in report
    assert "## Terms whose end is before their start" in report


def test_people_carry_identifiers_from_every_source() -> None:
    g = load_reference_graph()
    kaag = person_iri("sigrid-kaag")
    assert [str(o).startswith(str(WD) + "Q") for o in g.objects(kaag, OWL.sameAs)] == [True]
    assert g.value(kaag, CK.parlamintId) is not None
    # a member elected in November 2023 gets the party of the roll call of 14 December 2023
    parties = {str(o) for t in g.subjects(CK.member, person_iri("caroline-van-der-plas"))
               for o in g.objects(t, CK.organization)}
    assert "https://w3id.org/chinakg/id/party/bbb" in parties
