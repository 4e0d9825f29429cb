"""The derived graphs worked out in part: after a change of a few real documents (a case
record, a minister's letter, a page of votes, a motion's XML taken out, put back or
changed), the derived graphs a build or removal leaves equal those worked out whole from
the same store, and only the resources the change touches were worked out again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from chinakg.graph_store import EmbeddedStore

import chinakg.pipeline as pipeline
from chinakg.canned import run_query
from chinakg.derive import derive
from chinakg.namespaces import DERIVED_GRAPHS, GRAPH_DERIVED

pytestmark = pytest.mark.slow


def derived_facts(store: EmbeddedStore) -> set[tuple[str, str, str, str]]:
    """Every triple of the derived graphs, but the mark (its fingerprint and dates)."""
    found = set()
    for graph in DERIVED_GRAPHS:
        for row in store.strings(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"):
            if row["s"] != str(GRAPH_DERIVED):
                found.add((str(graph), row["s"], row["p"], row["o"]))
    return found


@pytest.fixture(scope="module")
def store(corpus_build, tmp_path_factory: pytest.TempPathFactory):
    """A copy of the built shared corpus, to change."""
    path = tmp_path_factory.mktemp("derive") / "store"
    shutil.copytree(corpus_build[0], path)
    with EmbeddedStore(path) as opened:
        yield opened


@pytest.fixture
def worked(monkeypatch) -> list[int | None]:
    """What each derive of the build or removal returned (resources worked out, None: all)."""
    returned: list[int | None] = []

    def noted(store, changes=None):
        returned.append(derive(store, changes))
        return returned[-1]

    monkeypatch.setattr(pipeline, "derive", noted)
    return returned


def check_in_part(store: EmbeddedStore, worked: list[int | None]) -> set[tuple[str, str, str, str]]:
    """The change was worked out in part, and as if worked out whole; the facts."""
    assert len(worked) == 1 and worked[0] is not None and 0 < worked[0] < 5_000, worked
    in_part = derived_facts(store)
    derive(store)
    assert derived_facts(store) == in_part
    return in_part


def motion(store: EmbeddedStore, motion_id: str) -> dict[str, str]:
    return run_query(store, "motions", {"motion": motion_id})[1][0]


def graph_of(store: EmbeddedStore, file_name: str) -> str:
    """The id of the one stored document or record loaded from a file of this name."""
    [doc_id] = [doc_id for doc_id, (file, _) in pipeline.stored_sources(store).items() if file == file_name]
    return doc_id


def test_a_case_record_taken_out_and_put_back(store, worked, shared: Path) -> None:
    # kst-35207-84 (Paternotte/Boswijk, 2025) was voted on: its case record links the votes to it
    assert motion(store, "kst-35207-84")["vote_result"] == "Aangenomen"
    case = graph_of(store, "kst-35207-84.json")
    before = derived_facts(store)
    assert pipeline.remove(store, [case]) == []
    after = check_in_part(store, worked)
    assert motion(store, "kst-35207-84")["vote_result"] == ""  # no case, so no decision is on it
    assert before - after and after <= before
    worked.clear()
    summary = pipeline.build(store, [shared / "corpus" / "odata" / "zaak-documents" / "kst-35207-84.json"])
    assert summary.loaded == [case]
    assert check_in_part(store, worked) == before
    assert motion(store, "kst-35207-84")["vote_result"] == "Aangenomen"


def test_a_letter_that_reports_signatures_taken_out_and_put_back(store, worked, shared: Path) -> None:
    # kst-35207-32 (a seed letter) reports Karabulut's motion kst-35207-11, which has no record of its own
    assert motion(store, "kst-35207-11")["submitters"] == "Sadet Karabulut"
    before = derived_facts(store)
    pipeline.remove(store, ["kst-35207-32"])
    check_in_part(store, worked)
    assert not run_query(store, "motions", {"motion": "kst-35207-11"})[1]
    worked.clear()
    assert pipeline.build(store, [shared / "corpus" / "seeds"]).loaded == ["kst-35207-32"]
    assert check_in_part(store, worked) == before


def test_a_page_of_votes_taken_out(store, worked) -> None:
    page = graph_of(store, "stemming-page-0001.json")
    before = derived_facts(store)
    pipeline.remove(store, [page])
    after = check_in_part(store, worked)
    assert before - after  # its decisions' summaries and links to their motions are gone


def test_a_changed_motion_replaces_its_facts(store, worked, shared: Path, tmp_path: Path) -> None:
    """The same file with another second signer: the old signer's derived facts go, the
    new one's come (the content a replaced graph held is read before it is replaced)."""
    text = (shared / "corpus" / "motions-xml" / "kst-35207-84.xml").read_text(encoding="utf-8")
    assert "Boswijk" in text
    changed = tmp_path / "kst-35207-84.xml"
    changed.write_text(text.replace("Boswijk", "Dassen"), encoding="utf-8")
    assert pipeline.build(store, [changed]).loaded == ["kst-35207-84"]
    check_in_part(store, worked)
    assert "Boswijk" not in motion(store, "kst-35207-84")["submitters"]


def test_an_update_of_data_alone_is_derived_in_part(store) -> None:
    """INSERT DATA and DELETE DATA name their triples, so what they touch is known; any
    other update, or one that writes a base graph or a blank node, is derived whole."""
    from chinakg.derive import changes_of_update

    signature = ("<https://w3id.org/chinakg/id/doc/kst-35207-11> ck:signature <https://w3id.org/chinakg/id/test/sig> . "
                 "<https://w3id.org/chinakg/id/test/sig> ck:position 2 ; ck:signedAs \"Jan Testlid\" .")
    data = f" DATA {{ GRAPH <https://w3id.org/chinakg/graph/test-sig> {{ {signature} }} }}"
    prefix = "PREFIX ck: <https://w3id.org/chinakg/def#> "
    for update, submitters in ((f"{prefix}INSERT{data}", "Sadet Karabulut;Jan Testlid"),
                               (f"{prefix}DELETE{data}", "Sadet Karabulut")):
        changes = changes_of_update(update)
        assert changes is not None and "https://w3id.org/chinakg/id/doc/kst-35207-11" in changes.mentioned
        store.update(update)
        assert derive(store, changes) is not None
        assert motion(store, "kst-35207-11")["submitters"] == submitters
        in_part = derived_facts(store)
        derive(store)
        assert derived_facts(store) == in_part
    assert changes_of_update(f"{prefix}DELETE WHERE {{ GRAPH ?g {{ ?s ck:caseOf ?m }} }}") is None
    reference = "<https://w3id.org/chinakg/graph/reference>"
    assert changes_of_update(f"INSERT DATA {{ GRAPH {reference} {{ <urn:a> <urn:b> <urn:c> }} }}") is None
    assert changes_of_update("INSERT DATA { GRAPH <urn:g> { _:a <urn:b> <urn:c> } }") is None
