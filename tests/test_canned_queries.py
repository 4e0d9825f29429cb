"""Every canned query on a small hand-made graph (tests/fixtures/small.trig), in the
embedded store and in a real Oxigraph server.  Expected rows were worked out by hand from
the fixture: two motions (M1 kst-11111-1 by Alpha and Beta, M2 kst-11111-2 by Beta, Gamma and
an unresolved Delta), the open-data case of M1 (Ontraden) with a vote on it (Party One
Voor, Party Two Tegen, adopted), a letter kst-22222-5 that appraises M2 (Oordeel Kamer) and
cites M1, and written questions ah-tk-20242025-9 that cite M1."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from chinakg.graph_store import EmbeddedStore, RemoteStore, ntriples
from rdflib import Dataset, URIRef

from chinakg.base_graphs import ontology_graph, vocabulary_graph
from chinakg.canned import list_queries, run_query
from chinakg.derive import derive
from chinakg.namespaces import GRAPH_ONTOLOGY, GRAPH_VOCAB

FIXTURE = Path(__file__).parent / "fixtures" / "small.trig"
M1, M2 = "kst-11111-1", "kst-11111-2"


def load_fixture(store) -> None:
    ds = Dataset()
    ds.parse(FIXTURE, format="trig")
    for graph in ds.graphs():
        if isinstance(graph.identifier, URIRef) and len(graph):
            store.replace_graph(graph.identifier, ntriples(graph))
    store.replace_graph(GRAPH_ONTOLOGY, ntriples(ontology_graph()))
    store.replace_graph(GRAPH_VOCAB, ntriples(vocabulary_graph()))
    derive(store)  # as a build does: the decisions' motions


@pytest.fixture(scope="module", params=["embedded", "remote"])
def store(request):
    if request.param == "embedded":
        s = EmbeddedStore(None)
    else:
        s = RemoteStore(request.getfixturevalue("oxigraph_server"))
        for g in s.named_graphs():
            s.remove_graph(g)
    load_fixture(s)
    yield s
    if request.param == "remote":
        for g in s.named_graphs():
            s.remove_graph(g)
    s.close()


def q(store, name: str, **params: str) -> list[dict[str, str]]:
    return run_query(store, name, params)[1]


def as_set(cell: str) -> set[str]:
    return set(cell.split(";")) if cell else set()


def test_motion_trail(store) -> None:
    rows = q(store, "motion-trail", motion=M1)
    assert [(r["step"], r["date"], r["kind"], r["document"], r["actor"]) for r in rows] == [
        ("submitted", "2024-10-01", "motion", M1, "Ann Alpha;Bob Beta"),
        ("cited", "2025-02-09", "document", "ah-tk-20242025-9", ""),
        ("cited", "2025-03-01", "document", "kst-22222-5", "Mia Minister"),
        ("appraised", "", "open-data case", "tk-zaak-2024Z00001", ""),
        ("voted", "", "vote", "tk-stemming-aaaaaaaaaaaa", ""),
    ]
    assert rows[3]["detail"] == "Ontraden"
    assert rows[4]["detail"] == "Aangenomen -- Party One: Voor (10);Party Two: Tegen (5)"
    rows = q(store, "motion-trail", motion=M2)
    assert [(r["step"], r["date"], r["document"], r["actor"], r["detail"]) for r in rows] == [
        ("submitted", "2025-02-01", M2, "Bob Beta;Cas Gamma;Delta", "MOTIE VAN DE LEDEN BETA EN GAMMA"),
        ("appraised", "2025-03-01", "kst-22222-5", "Minister van Test", "Oordeel Kamer"),
        ("answered", "2025-03-01", "kst-22222-5", "Mia Minister", "responds to the motion"),
    ]


def test_advised_against(store) -> None:
    assert q(store, "advised-against") == [{
        "motion": M1, "date": "2024-10-01", "submitters": "Ann Alpha;Bob Beta", "parties": "Party One;Party Two",
        "appraisal": "Ontraden", "appraised_by": "tk-zaak-2024Z00001", "vote_result": "Aangenomen",
        "adopted_anyway": "yes"}]
    assert q(store, "advised-against", **{"from": "2024-10-02"}) == []


def test_party_activity(store) -> None:
    def counts(rows):
        return {r["party"]: (r["motions_submitted"], r["motions_decided"], r["motions_adopted"], r["questions_asked"])
                for r in rows}

    rows = {r["party"]: r for r in q(store, "party-activity")}
    assert counts(rows.values()) == {"Party One": ("2", "1", "1", "1"), "Party Two": ("2", "1", "1", "0")}
    assert as_set(rows["Party One"]["themes"]) == {"Tibet", "China in general", "Xinjiang and the Uyghurs"}
    # from 2025 on, only the motion without a vote: adopted is unknown (empty), not 0
    rows = q(store, "party-activity", **{"from": "2025-01-01"})
    assert counts(rows) == {"Party One": ("1", "0", "", "1"), "Party Two": ("1", "0", "", "0")}
    rows = q(store, "party-activity", theme="tibet")
    assert counts(rows) == {"Party One": ("1", "1", "1", "0"), "Party Two": ("1", "1", "1", "0")}
    # by position on the documents' dates: every document of the fixture is dated under its
    # first cabinet (2024-07-02 to 2025-06-03), whose coalition is Party One alone
    assert counts(q(store, "party-activity", position="coalition")) == {"Party One": ("2", "1", "1", "1")}
    assert counts(q(store, "party-activity", position="opposition")) == {"Party Two": ("2", "1", "1", "0")}


def test_minister_record(store) -> None:
    assert q(store, "minister-record") == [{
        "person": "Mia Minister", "office": "Minister van Test", "from": "2024-07-02", "to": "2025-06-03",
        "documents_signed": "1", "motions_appraised": "1", "ontraden": "0", "oordeel_kamer": "1"}]


def test_theme_timeline(store) -> None:
    rows = [(r["theme"], r["year"], r["documents"], r["motions"], r["letters"], r["questions"])
            for r in q(store, "theme-timeline")]
    assert rows == [("China in general", "2024", "1", "1", "0", "0"), ("China in general", "2025", "1", "0", "0", "1"),
                    ("Tibet", "2024", "1", "1", "0", "0"), ("Tibet", "2025", "1", "0", "1", "0"),
                    ("Xinjiang and the Uyghurs", "2025", "1", "1", "0", "0")]
    assert [r["year"] for r in q(store, "theme-timeline", theme="tibet")] == ["2024", "2025"]


def test_instruments_by_theme(store) -> None:
    rows = [(r["theme"], r["instrument"], r["scope"], r["documents"], r["first_date"], r["last_date"])
            for r in q(store, "instruments-by-theme")]
    assert rows == [("China in general", "Sanctions", "document", "1", "2024-10-01", "2024-10-01"),
                    ("Tibet", "Sanctions", "document", "2", "2024-10-01", "2025-03-01"),
                    ("Tibet", "Sanctions", "paragraph", "1", "2024-10-01", "2024-10-01")]


def test_co_submission(store) -> None:
    assert q(store, "co-submission") == [
        {"person_a": "Ann Alpha", "party_a": "Party One", "person_b": "Bob Beta", "party_b": "Party Two",
         "motions": "1", "cross_party": "yes"},
        {"person_a": "Bob Beta", "party_a": "Party Two", "person_b": "Cas Gamma", "party_b": "Party One",
         "motions": "1", "cross_party": "yes"}]
    assert len(q(store, "co-submission", party="https://w3id.org/chinakg/id/party/one")) == 2


def test_most_cited(store) -> None:
    rows = [(r["document"], r["title"], r["cited_by_count"], r["cited_by"]) for r in q(store, "most-cited")]
    assert rows == [(M1, "MOTIE VAN HET LID ALPHA C.S.", "2", "ah-tk-20242025-9;kst-22222-5"),
                    (M2, "MOTIE VAN DE LEDEN BETA EN GAMMA", "1", "kst-22222-5"),
                    ("kst-33333-3", "", "1", "kst-22222-5")]


def test_votes_by_party(store) -> None:
    # M1 is dated 2024-10-01, under the fixture's cabinet whose coalition is Party One alone
    expected = [{"motion": M1, "party": "Party One", "vote": "Voor", "seats": "10", "result": "Aangenomen",
                 "position": "coalition"},
                {"motion": M1, "party": "Party Two", "vote": "Tegen", "seats": "5", "result": "Aangenomen",
                 "position": "opposition"}]
    assert q(store, "votes-by-party") == expected
    assert q(store, "votes-by-party", motion=M1) == expected and q(store, "votes-by-party", motion=M2) == []
    assert q(store, "votes-by-party", theme="tibet") == expected and q(store, "votes-by-party", theme="taiwan") == []


def test_party_votes(store) -> None:
    assert [(r["party"], r["vote"], r["result"], r["decisions"]) for r in q(store, "party-votes")] == [
        ("Party One", "Voor", "Aangenomen", "1"), ("Party Two", "Tegen", "Aangenomen", "1")]


def test_evidence(store) -> None:
    expected = [{"subject": f"https://w3id.org/chinakg/id/doc/{M1}",
                 "predicate": "https://w3id.org/chinakg/def#submittedBy",
                 "object": "https://w3id.org/chinakg/id/person/ann", "document": M1, "quote": "Alpha",
                 "start": "100", "end": "105"}]
    assert q(store, "evidence") == expected
    assert q(store, "evidence", subject=f"https://w3id.org/chinakg/id/doc/{M1}") == expected
    assert q(store, "evidence", document=M2) == []


def test_unresolved(store) -> None:
    expected = [{"document": M2, "kind": "person", "text": "Delta",
                 "reason": "no member of parliament named 'Delta' in the reference graph"}]
    assert q(store, "unresolved") == expected
    assert q(store, "unresolved", kind="person") == expected and q(store, "unresolved", kind="date") == []


def test_china_motions(store) -> None:
    rows = {r["motion"]: r for r in q(store, "china-motions")}
    assert set(rows) == {M1, M2}
    assert as_set(rows[M1]["themes"]) == {"China in general", "Tibet"}
    assert (rows[M1]["submitters"], rows[M1]["parties"], rows[M1]["appraisal"], rows[M1]["vote_result"]) == (
        "Ann Alpha;Bob Beta", "Party One;Party Two", "Ontraden", "Aangenomen")
    assert (rows[M2]["appraisal"], rows[M2]["vote_result"]) == ("Oordeel Kamer", "")
    assert [r["motion"] for r in q(store, "china-motions", theme="xinjiang")] == [M2]


def test_motions_questions_citations_documents(store) -> None:
    motions = {r["motion"]: r for r in q(store, "motions")}
    assert (motions[M2]["appraisal"], motions[M2]["appraised_in"]) == ("Oordeel Kamer", "kst-22222-5")
    assert (motions[M1]["vote_result"], motions[M1]["referenced_by"]) == ("Aangenomen", "ah-tk-20242025-9;kst-22222-5")
    assert [r["motion"] for r in q(store, "motions", theme="xinjiang")] == [M2]
    [question] = q(store, "questions")
    assert (question["asked_by"], question["asked_by_party"], question["days_to_answer"], question["question_count"]) \
        == ("Cas Gamma", "Party One", "30", "1")
    assert {(r["citing"], r["cited"], r["kind"]) for r in q(store, "citations")} == {
        ("kst-22222-5", M1, "motion"), ("kst-22222-5", M2, "motion"), ("kst-22222-5", "kst-33333-3", "kamerstuk"),
        ("ah-tk-20242025-9", M1, "motion")}
    assert {r["document"] for r in q(store, "documents")} == {M1, M2, "kst-22222-5", "ah-tk-20242025-9"}


ID_ = "https://w3id.org/chinakg/id/"


def aspects(rows: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    found: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        found.setdefault(row["aspect"], []).append(row)
    return found


def test_summary_of_a_motion_a_letter_a_person_a_party_and_a_theme(store) -> None:
    m1 = aspects(q(store, "summary", resource=ID_ + "doc/" + M1))
    assert [(r["label"], r["n"], r["agent_label"]) for r in m1["submitter"]] == [
        ("Ann Alpha", "1", "Party One"), ("Bob Beta", "2", "Party Two")]
    assert [r["label"] for r in m1["request"]] == ["verzoekt de regering sancties te overwegen"]
    assert [(r["detail"], r["label"]) for r in m1["appraisal"]] == [("Ontraden", "tk-zaak-2024Z00001")]
    assert [r["detail"] for r in m1["decision"]] == ["Aangenomen"]
    assert "Party One: Voor (10)" in m1["decision"][0]["label"]
    assert [(r["detail"], r["date"]) for r in m1["document"]] == [("Motion", "2024-10-01")]
    assert {(r["label"], r["date"]) for r in m1["cited-by"]} == {("kst-22222-5", "2025-03-01"),
                                                                ("ah-tk-20242025-9", "2025-02-09")}
    letter = aspects(q(store, "summary", resource=ID_ + "doc/kst-22222-5"))
    assert [(r["label"], r["agent_label"]) for r in letter["signatory"]] == [("Mia Minister", "Minister van Test")]
    assert [(r["label"], r["detail"], r["agent_label"]) for r in letter["appraisal"]] == [
        (M2, "Oordeel Kamer", "Minister van Test")]
    assert {r["label"] for r in letter["cites"]} == {M1, M2, "kst-33333-3"}
    answers = aspects(q(store, "summary", resource=ID_ + "doc/ah-tk-20242025-9"))
    assert [r["n"] for r in answers["question"]] == ["1"]
    assert [(r["label"], r["agent_label"]) for r in answers["asker"]] == [("Cas Gamma", "Party One")]
    assert [r["label"] for r in answers["answerer"]] == ["Mia Minister"]
    bob = aspects(q(store, "summary", resource=ID_ + "person/bob"))
    assert {(r["label"], r["detail"], r["agent_label"]) for r in bob["motion"]} == {
        ("MOTIE VAN HET LID ALPHA C.S.", "co-submitter", "Party Two"),
        ("MOTIE VAN DE LEDEN BETA EN GAMMA", "submitter", "Party Two")}
    assert {(r["label"], r["n"]) for r in bob["co-submitter"]} == {("Ann Alpha", "1"), ("Cas Gamma", "1")}
    mia = aspects(q(store, "summary", resource=ID_ + "person/mia"))
    assert [(r["label"], r["date"], r["until"]) for r in mia["office"]] == [
        ("Minister van Test", "2024-07-02", "2025-06-03")]
    assert [r["detail"] for r in mia["signed"]] == [""]
    cas = aspects(q(store, "summary", resource=ID_ + "person/cas"))
    assert [r["item"] for r in cas["question"]] == [ID_ + "doc/ah-tk-20242025-9"]
    one = aspects(q(store, "summary", resource=ID_ + "party/one"))
    assert {r["item"] for r in one["motion"]} == {ID_ + "doc/" + M1, ID_ + "doc/" + M2}
    assert [(r["detail"], r["n"]) for r in one["vote"]] == [("Voor", "1")]
    tibet = aspects(q(store, "summary", resource="https://w3id.org/chinakg/vocab/theme/tibet"))
    assert {(r["date"], r["n"]) for r in tibet["year"]} == {("2024", "1"), ("2025", "1")}
    assert [r["item"] for r in tibet["motion"]] == [ID_ + "doc/" + M1]
    assert ("Sanctions", "2") in {(r["label"], r["n"]) for r in tibet["with"]}


def test_every_canned_query_is_tested_here() -> None:
    source = Path(__file__).read_text()
    assert {query.name for query in list_queries()} <= {name for name in _names_in(source)}


def _names_in(source: str) -> set[str]:
    import re

    return set(re.findall(r'q\(store, "([a-z-]+)"', source))


def test_each_canned_query_expands_to_plain_sparql(store) -> None:
    """`--show` text: no include line left, only declared prefixes, parsed by rdflib's own
    SPARQL parser, and run as it is (no parameters) it gives the canned query's rows."""
    from rdflib.plugins.sparql import prepareQuery

    from chinakg.canned import FRAGMENT_PREFIX, get_query

    shared_fragments = 0
    for query in list_queries():
        text = get_query(query.name).text
        assert not re.search(r"^\s*#@include", text, re.M) and not query.name.startswith(FRAGMENT_PREFIX)
        prepareQuery(text)  # raises on anything that is not SPARQL 1.1 (an undeclared prefix, say)
        shared_fragments += "# Fragment `" in text
        if any(p.required for p in query.parameters.values()):
            continue  # (summary) without its resource it is not a query anyone runs
        rows = store.query(text).rows
        expected = run_query(store, query.name, {})[1]
        assert len(rows) == len(expected), query.name
    # motions, china-motions, advised-against, motion-trail, votes-by-party and party-activity
    assert shared_fragments >= 6


def test_a_fragment_that_includes_itself_is_refused(monkeypatch) -> None:
    from chinakg import canned
    from chinakg.errors import QueryError

    monkeypatch.setattr(canned, "resource_text", lambda folder, name: "#@include loop\n")
    with pytest.raises(QueryError, match="includes itself"):
        canned.expand("SELECT * WHERE {\n  #@include loop\n}")
