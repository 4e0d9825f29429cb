"""What a careful reader finds in the five seed documents, checked through the canned
queries on a store built from them.  Every expected value below was read from the seed
texts by hand (000: the letter on six China motions, undated; 001: "Nr. 379" of 30
November 2021; 002: kst-32735-286 of 4 February 2020; 003: the written questions of Van
der Lee with answers; 004: kst-35207-32)."""

from __future__ import annotations

from pathlib import Path

import pytest
from chinakg.loaders.text import prepare
from rdflib.namespace import RDF

from chinakg.canned import run_query
from chinakg.namespaces import CK

LETTER_000 = "local-21147d8c3ef9"
LETTER_001 = "local-148a5aa8772d"
# the answers state no Aanhangsel number of their own: "Zie ook Aanhangsel Handelingen, vergaderjaar
# 2022–2023, nr. 325" names the earlier notice of delay (the answers themselves are nr. 651)
ANSWERS_003 = "local-ea3303b99bac"


def rows(store, name: str, **params: str) -> dict[str, dict[str, str]]:
    columns, found = run_query(store, name, params)
    return {r[columns[0]]: r for r in found}


def test_documents(seed_store) -> None:
    docs = rows(seed_store, "documents")
    assert set(docs) == {LETTER_000, LETTER_001, "kst-32735-286", ANSWERS_003, "kst-35207-32"}
    assert docs["kst-32735-286"]["date"] == "2020-02-04"
    assert set(docs["kst-32735-286"]["dossiers"].split(";")) == {"35 207", "32 735"}
    assert docs[LETTER_001]["date"] == "2021-11-30"
    assert docs[ANSWERS_003]["date"] == "2022-11-08"
    assert docs["kst-35207-32"]["date"] == ""  # the text states no date: none is invented


def test_motions_named_in_the_letters(seed_store) -> None:
    motions = rows(seed_store, "motions")
    assert set(motions) == {
        "kst-32735-278", "kst-32735-293", "kst-32735-324", "kst-35207-11", "kst-35207-13", "kst-35207-21",
        "kst-35207-22", "kst-35207-23", "kst-35207-26", "kst-35207-27", "kst-35207-47", "kst-35207-48",
        "kst-35207-53", "kst-35207-7", "kst-35925-97", "kst-35925-V-48"}
    m = motions["kst-32735-278"]  # "de motie Karabulut mede ingediend door de Leden Van Ojik, Ploumen en Kuzu"
    assert m["submitters"] == "Sadet Karabulut;Bram van Ojik;Lilianne Ploumen;Tunahan Kuzu"
    assert m["parties"] == "SP;GroenLinks;PvdA;"  # Kuzu sat for three groups: left empty, not guessed
    assert (m["appraisal"], m["appraised_in"], m["referenced_by"]) == ("Ontraden", "kst-32735-286", "kst-32735-286")
    for motion in ("kst-35925-V-48", "kst-35207-47"):  # 001: "wordt ontraden", "wordt eveneens ontraden"
        assert (motions[motion]["appraisal"], motions[motion]["appraised_in"]) == ("Ontraden", LETTER_001)
        assert set(motions[motion]["referenced_by"].split(";")) == {LETTER_000, LETTER_001}
    assert motions["kst-35207-53"]["submitters"] == "Kati Piri;Jasper van Dijk"
    assert motions["kst-35207-53"]["parties"] == ";SP"  # Piri: PvdA, later GroenLinks-PvdA; 000 is undated
    assert motions["kst-32735-324"]["submitters"] == "Ruben Brekelmans"
    assert motions["kst-32735-324"]["request"].startswith("zowel nationaal als in Europees verband strategische")
    assert motions["kst-35925-97"]["submitters"] == "Ruben Brekelmans;Mulder"  # three Mulders had sat by then
    assert motions["kst-35207-7"]["parties"] == "SGP;CDA"
    assert motions["kst-35207-26"]["referenced_by"] == "kst-32735-286"
    assert all(m["appraisal"] == "" for k, m in motions.items()
               if k not in ("kst-32735-278", "kst-35925-V-48", "kst-35207-47"))


def test_questions(seed_store) -> None:
    [q] = rows(seed_store, "questions").values()
    assert q["document"] == ANSWERS_003
    assert (q["asked_by"], q["asked_by_party"]) == ("Tom van der Lee", "GroenLinks")
    assert set(q["addressed_to"].split(";")) == {
        "Minister van Buitenlandse Zaken", "Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking"}
    assert set(q["answered_by"].split(";")) == {"Wopke Hoekstra", "Liesje Schreinemacher"}
    assert (q["submitted"], q["answered"], q["days_to_answer"], q["question_count"]) == (
        "2022-09-09", "2022-11-08", "60", "10")


EXPECTED_CITATIONS = {
    (ANSWERS_003, "kst-35925-97", "motion"), (ANSWERS_003, "ah-tk-20222023-325", "aanhangsel"),
    ("kst-32735-286", "ah-tk-20182019-3894", "aanhangsel"), ("kst-32735-286", "ah-tk-20182019-3922", "aanhangsel"),
    ("kst-32735-286", "h-tk-20192020-47", "handelingen"), ("kst-32735-286", "kst-32735-278", "motion"),
    ("kst-32735-286", "kst-35207-26", "motion"),
    ("kst-35207-32", "kst-26485-255", "kamerstuk"), ("kst-35207-32", "kst-35207-1", "other"),
    ("kst-35207-32", "kst-35207-29", "kamerstuk"),
    *(("kst-35207-32", f"kst-35207-{n}", "motion") for n in (7, 11, 13, 21, 22, 23, 27)),
    (LETTER_001, "kst-26485-377", "kamerstuk"), (LETTER_001, "kst-35207-47", "motion"),
    (LETTER_001, "kst-35925-V-48", "motion"), (LETTER_001, "kst-35925-XVII-54", "kamerstuk"),
    *((LETTER_000, c, "kamerstuk") for c in ("kst-22112-3210", "kst-27771-1", "kst-29023-283", "kst-29477-731",
                                              "kst-32735-146", "kst-35207-42", "kst-35207-43", "kst-35925-V-12",
                                              "kst-35925-XVII-54")),
    *((LETTER_000, c, "motion") for c in ("kst-32735-293", "kst-32735-324", "kst-35207-47", "kst-35207-48",
                                           "kst-35207-53", "kst-35925-V-48")),
    (LETTER_000, "kst-35788-77", "other"),
}


def test_citations(seed_store) -> None:
    columns, found = run_query(seed_store, "citations")
    assert {(r["citing"], r["cited"], r["kind"]) for r in found} == EXPECTED_CITATIONS


def test_letters_respond_to_the_motions_they_answer(seed_store) -> None:
    result = seed_store.query("""PREFIX ck: <https://w3id.org/chinakg/def#>
        SELECT ?doc ?m WHERE { GRAPH ?g { ?d ck:respondsTo ?mi . ?d ck:officialId|ck:localId ?doc .
                                          ?mi ck:officialId ?m } }""")
    pairs = {(str(r["doc"]), str(r["m"])) for r in result.rows}
    assert ("kst-32735-286", "kst-32735-278") in pairs and ("kst-32735-286", "kst-35207-26") not in pairs
    assert {m for d, m in pairs if d == LETTER_000} == {
        "kst-32735-324", "kst-35207-47", "kst-35925-V-48", "kst-35207-53", "kst-32735-293", "kst-35207-48"}
    assert {m for d, m in pairs if d == LETTER_001} == {"kst-35925-V-48", "kst-35207-47"}


@pytest.mark.parametrize("seed", ["000_01de8c817880d3a9.txt", "002_54dab813ef9c6552.txt", "003_bae6a21c06046bbe.txt"])
def test_every_quote_is_the_text_at_its_span(seed_store, shared: Path, seed: str) -> None:
    text, _ = prepare((shared / "corpus" / "seeds" / seed).read_text(encoding="utf-8"))
    result = seed_store.query(f"""PREFIX ck: <https://w3id.org/chinakg/def#> PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?s ?e ?q WHERE {{ GRAPH ?g {{ ?ev a ck:Evidence ; ck:startOffset ?s ; ck:endOffset ?e ; ck:quote ?q ;
                                            prov:wasDerivedFrom ?d . ?d ck:sourceFile "{seed}" }} }}""")
    assert len(result.rows) > 20
    for r in result.rows:
        assert text.body[int(r["s"]):int(r["e"])] == str(r["q"])


def test_questions_and_answers_are_linked_parts(seed_store) -> None:
    graph = seed_store.graph("https://w3id.org/chinakg/graph/doc/" + ANSWERS_003)
    questions = set(graph.subjects(RDF.type, CK.Question))
    answers = set(graph.subjects(RDF.type, CK.Answer))
    assert len(questions) == len(answers) == 10
    assert {graph.value(a, CK.answers) for a in answers} == questions


def test_queries_give_identical_results_in_a_remote_store(seed_store, oxigraph_server: str) -> None:
    """The seed graphs copied into a real Oxigraph server: every canned query of this
    issue answers the same there."""
    from chinakg.graph_store import RemoteStore, ntriples

    remote = RemoteStore(oxigraph_server)
    try:
        for graph in seed_store.named_graphs():
            remote.replace_graph(graph, ntriples(seed_store.graph(graph)))
        for name in ("documents", "motions", "questions", "citations"):
            assert run_query(remote, name) == run_query(seed_store, name), name
    finally:
        for graph in remote.named_graphs():
            remote.remove_graph(graph)
        remote.close()
