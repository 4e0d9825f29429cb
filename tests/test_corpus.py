"""The whole shared corpus built into one store: seeds, 1,558 motion XMLs, their open-data
cases, votes, people and parties.  Facts checked here were verified by reading the files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chinakg.canned import run_query


@pytest.fixture(scope="session")
def motion_rows(corpus) -> dict[str, dict[str, str]]:
    _, found = run_query(corpus[0], "motions")
    return {r["motion"]: r for r in found}


def test_everything_loads_and_the_schema_file_is_skipped(corpus, shared: Path) -> None:
    _, summary = corpus
    assert summary.rejected == []
    assert [Path(s.path).name for s in summary.skipped] == ["odata-metadata.xml"]
    xml_ids = {p.stem for p in (shared / "corpus" / "motions-xml").glob("*.xml")}
    assert len(xml_ids) == 1558 and xml_ids <= set(summary.loaded)
    cases = [i for i in summary.loaded if i.startswith("tk-zaak-")]
    assert len(cases) == len(list((shared / "corpus" / "odata" / "zaak-documents").glob("*.json")))


def test_every_motion_has_its_date_and_submitters(motion_rows, shared: Path) -> None:
    ids = [p.stem for p in (shared / "corpus" / "motions-xml").glob("*.xml")]
    undated = [i for i in ids if not motion_rows[i]["date"]]
    assert undated == ["kst-36446-86"]  # no date in its text, none in its metadata pointer: reported instead
    assert all(motion_rows[i]["submitters"] for i in ids)


def test_submitters_and_parties_of_china_motions(motion_rows) -> None:
    """Read in kst-35207-84.xml, -87.xml and their case records."""
    m = motion_rows["kst-35207-84"]
    assert (m["submitters"], m["parties"]) == ("Jan Paternotte;Derk Boswijk", "D66;CDA")
    assert (m["appraisal"], m["appraised_in"]) == ("Ontraden", "tk-zaak-2025Z06903")
    m = motion_rows["kst-35207-87"]
    assert m["submitters"] == "Tom van der Lee;Daniëlle Hirsch;Jan Paternotte;Eric van der Burg;Derk Boswijk"
    assert m["parties"] == "GroenLinks-PvdA;GroenLinks-PvdA;D66;VVD;CDA"
    assert m["request"] == ("verzoekt het kabinet om de handelsrelatie met Taiwan te verstevigen, bijvoorbeeld "
                            "in de chipindustrie")


def test_each_case_appraisal_reaches_its_motion(motion_rows, shared: Path) -> None:
    expected = {}
    for path in (shared / "corpus" / "odata" / "zaak-documents").glob("*.json"):
        record = json.loads(path.read_text())
        if record.get("Kabinetsappreciatie") and record.get("Soort") == "Motie":
            expected[path.stem] = record["Kabinetsappreciatie"]
    assert len(expected) > 1000
    assert {k: motion_rows[k]["appraisal"] for k in expected} == expected


def test_the_party_of_most_submitters_is_known(motion_rows, shared: Path) -> None:
    ids = [p.stem for p in (shared / "corpus" / "motions-xml").glob("*.xml")]
    parties = [p for i in ids for p in motion_rows[i]["parties"].split(";")]
    known = sum(1 for p in parties if p)
    # 91.9 % with the one roll call of December 2023; 99.3 % with every roll call of 2019-2025
    assert known / len(parties) >= 0.99, f"{known} of {len(parties)}"


def test_cross_document_queries_on_the_china_debate(corpus) -> None:
    """kst-35207-84 (Paternotte and Boswijk, 9 April 2025) asks for an EU Tibet strategy
    "naar voorbeeld van de Amerikaanse Resolve Tibet Act"; its case record says Ontraden.
    -87 and -88 (Van der Lee c.s.) are signed by Paternotte and Boswijk too."""
    store, _ = corpus
    china = {r["motion"]: r for r in run_query(store, "china-motions")[1]}
    assert "Tibet" in china["kst-35207-84"]["themes"].split(";")
    assert china["kst-35207-84"]["appraisal"] == "Ontraden"
    assert {"kst-35207-84", "kst-35207-87", "kst-35207-88", "kst-35207-89"} <= set(china)
    trail = run_query(store, "motion-trail", {"motion": "kst-35207-84"})[1]
    assert [(r["step"], r["date"], r["actor"]) for r in trail][0] == ("submitted", "2025-04-09",
                                                                      "Jan Paternotte;Derk Boswijk")
    assert ("appraised", "tk-zaak-2025Z06903", "Ontraden") in {(r["step"], r["document"], r["detail"]) for r in trail}
    pairs = {(r["person_a"], r["person_b"]): int(r["motions"]) for r in run_query(store, "co-submission")[1]}
    assert pairs[("Derk Boswijk", "Jan Paternotte")] >= 3
    evidence = run_query(store, "evidence", {"document": "kst-35207-84"})[1]
    quotes = {(r["predicate"], r["quote"]) for r in evidence}
    assert ("https://w3id.org/chinakg/def#submittedBy", "Paternotte") in quotes
    unresolved = run_query(store, "unresolved", {"kind": "date"})[1]
    assert [r["document"] for r in unresolved] == ["kst-36446-86"]


def _decisions_by_motion(shared: Path) -> dict[str, dict]:
    """From the open-data files alone: for each motion (kst id, through its case record), the
    decision that votes-by-case ties to its case (Besluit -> Zaak) and the party votes in it."""
    motion_of = {}
    for path in (shared / "corpus" / "odata" / "zaak-documents").glob("*.json"):
        zaak = json.loads(path.read_text())
        for doc in zaak.get("Document") or []:
            kst = (doc.get("HuidigeDocumentVersie") or {}).get("ExterneIdentifier") or ""
            if kst.startswith("kst-"):
                motion_of[zaak["Nummer"]] = kst
    found: dict[str, dict] = {}
    for path in sorted((shared / "corpus" / "odata" / "votes-by-case").glob("*.json")):
        for stemming in json.loads(path.read_text())["value"]:
            besluit = stemming["Besluit"]
            for zaak in besluit.get("Zaak") or []:
                result = besluit["BesluitTekst"].strip().rstrip(".")
                decision = found.setdefault(motion_of[zaak["Nummer"]], {"result": result, "votes": set()})
                decision["votes"].add((stemming["ActorFractie"], stemming["Soort"], stemming["FractieGrootte"]))
    return found


def test_every_decided_motion_has_its_result_and_party_votes(corpus, motion_rows, shared: Path) -> None:
    """Each of the 1,009 motions whose decision votes-by-case ties to its case has that
    result, and votes-by-party gives exactly the records' party votes (party, vote, seats)."""
    store, _ = corpus
    decisions = _decisions_by_motion(shared)
    assert len(decisions) == 1009
    assert {m: motion_rows[m]["vote_result"] for m in decisions} == {m: d["result"] for m, d in decisions.items()}
    party_name = {"GL-PvdA": "GroenLinks-PvdA"}  # the open data's short name of the joint group
    rows = run_query(store, "votes-by-party")[1]
    got: dict[str, set] = {}
    for r in rows:
        got.setdefault(r["motion"], set()).add((r["party"], r["vote"], int(r["seats"]) if r["seats"] else None))
    expected = {m: {(party_name.get(p, p), v, n) for p, v, n in d["votes"]} for m, d in decisions.items()}
    assert {m: got.get(m) for m in expected} == expected


def test_a_china_motion_adopted_against_the_cabinets_advice(corpus) -> None:
    """kst-35207-84 (EU Tibet strategy): Ontraden in its case record 2025Z06903, adopted in
    the vote (stemming-page-0038/0039 of votes-by-case: NSC Voor with 20 seats, PVV Tegen 37)."""
    store, _ = corpus
    advised = {r["motion"]: r for r in run_query(store, "advised-against")[1]}
    assert (advised["kst-35207-84"]["vote_result"], advised["kst-35207-84"]["adopted_anyway"]) == ("Aangenomen", "yes")
    trail = run_query(store, "motion-trail", {"motion": "kst-35207-84"})[1]
    [voted] = [r for r in trail if r["step"] == "voted"]
    assert voted["detail"].startswith("Aangenomen -- ") and "NSC: Voor (20)" in voted["detail"]
    assert "PVV: Tegen (37)" in voted["detail"] and voted["detail"].count("NSC:") == 1
    activity = {r["party"]: r for r in run_query(store, "party-activity")[1]}
    assert all(int(r["motions_adopted"]) <= int(r["motions_decided"]) <= int(r["motions_submitted"])
               for r in activity.values() if r["motions_adopted"])
    assert sum(int(r["motions_decided"]) for r in activity.values()) > 1000


def test_a_partys_position_follows_the_cabinet_in_office(corpus, motion_rows) -> None:
    """The coalition of the Schoof cabinet (from 2 July 2024): PVV, VVD, NSC and BBB; the PVV
    withdrew on 3 June 2025, the NSC on 22 August 2025 (reference/supplement.ttl).  Before
    2 July 2024 Rutte IV: VVD, D66, CDA and ChristenUnie."""
    store, _ = corpus
    rows = run_query(store, "votes-by-party")[1]
    by_period: dict[str, dict[str, set[str]]] = {}
    for r in rows:
        day = motion_rows[r["motion"]]["date"]
        period = ("rutte-iv" if day < "2024-07-02" else "schoof" if day <= "2025-06-03"
                  else "without-pvv" if day <= "2025-08-22" else "without-nsc") if day else "undated"
        by_period.setdefault(period, {}).setdefault(r["position"], set()).add(r["party"])
    assert by_period["rutte-iv"]["coalition"] == {"VVD", "D66", "CDA", "ChristenUnie"}
    assert by_period["schoof"]["coalition"] == {"PVV", "VVD", "NSC", "BBB"}
    assert by_period["without-pvv"]["coalition"] == {"VVD", "NSC", "BBB"}
    assert "PVV" in by_period["without-pvv"]["opposition"]
    assert by_period["without-nsc"]["coalition"] == {"VVD", "BBB"}
    assert all(not (pos["coalition"] & pos["opposition"]) for pos in by_period.values() if "coalition" in pos)


def test_pyshacl_agrees_with_the_build_gate_on_the_whole_corpus(corpus) -> None:
    """The build's gate (pyrudof) accepted every document; pySHACL, the reference engine,
    finds the union of all document graphs conformant to the same core shapes."""
    from rdflib import Graph

    from chinakg.namespaces import GRAPH
    from chinakg.validation import _run, ontology_and_vocabularies, shapes_graph

    store, summary = corpus
    assert summary.rejected == [] and len(summary.loaded) > 3000
    data = Graph()
    prefix = str(GRAPH["doc/"])
    for graph in store.document_graphs():
        assert str(graph).startswith(prefix)
        data += store.graph(graph)
    data += ontology_and_vocabularies()
    report = _run(data, shapes_graph(False))
    assert report.conforms, report.text()[:3000]


def test_chinakg_validate_checks_the_whole_corpus_with_every_shape(corpus) -> None:
    """`chinakg validate` on the whole corpus: no violation; the only warnings are the
    reference check's motions whose submitter has no Tweede Kamer seat on the motion's date
    in the reference graph (its gaps), the same nine pySHACL reports on this corpus."""
    from chinakg.api import KnowledgeGraph

    validation = KnowledgeGraph(corpus[0]).validate()
    assert validation.report.violations == []
    warned = {f.focus for f in validation.report.warnings}
    assert warned and all(f.shape.endswith("SubmitterWasMemberShape") for f in validation.report.warnings)
    assert "https://w3id.org/chinakg/id/doc/kst-36410-XVI-85" in warned and len(warned) == 9


KIND_CLASS = {"letter": "Letter", "motion": "Motion", "amended-motion": "AmendedMotion",
              "committee-report": "CommitteeReport", "handelingen": "HandelingenItem",
              "written-questions": "WrittenQuestions", "answers": "AnswersToWrittenQuestions"}


def test_every_real_text_is_stored_with_its_kind_and_its_askers_parties(corpus, shared: Path) -> None:
    """The 62 texts of corpus/texts/ in the whole corpus: each stored, of the class its kind
    calls for (tests/gold/texts.json, read by hand); each asker with the party the questions give."""
    store, summary = corpus
    gold = json.loads((Path(__file__).parent / "gold" / "texts.json").read_text(encoding="utf-8"))
    gold.pop("_about")
    rows = store.query("PREFIX ck: <https://w3id.org/chinakg/def#> SELECT ?file ?class WHERE { GRAPH ?g { "
                       "?d ck:sourceFile ?file ; a ?class . FILTER(STRSTARTS(STR(?class), STR(ck:))) } }")
    classes: dict[str, set[str]] = {}
    for row in rows.rows:
        classes.setdefault(str(row["file"]), set()).add(str(row["class"]).rsplit("#", 1)[1])
    for name, facts in gold.items():
        assert classes.get(f"{name}.txt") == {KIND_CLASS[facts["kind"]]}, name
    by_file = {r["source"]: r["document"] for r in run_query(store, "documents")[1]}
    questions = {r["document"]: r for r in run_query(store, "questions")[1]}
    for name, facts in gold.items():
        if facts.get("askers"):
            row = questions[by_file[f"{name}.txt"]]
            parties = [p.lower() for p in row["asked_by_party"].split(";")]
            assert parties == [p.lower() for _, p in facts["askers"]], name


def test_the_kept_answers_of_the_corpus_are_what_the_engine_answers(corpus) -> None:
    """The build kept every listing's answer (chinakg.answers); each reads back as the
    engine answers it now, row for row, on the whole corpus."""
    from chinakg.canned import list_queries, run_rows

    store, _ = corpus
    listings = [q.name for q in list_queries() if not any(p.required for p in q.parameters.values())]
    for name in listings:
        kept, engine = run_rows(store, name), run_rows(store, name, use_kept=False)
        assert kept.kept and not engine.kept, name
        assert list(kept) == list(engine), name
    assert len(run_rows(store, "motions")) > 1000
    parties = [row["party"] for row in store.strings(
        "SELECT DISTINCT ?party WHERE { GRAPH ?g { ?s <https://w3id.org/chinakg/def#inParty> ?party } }")]
    assert len(parties) > 10
    for party in (p.rsplit("/", 1)[1] for p in parties):  # co-submission is kept for each party that signed
        kept, engine = run_rows(store, "co-submission", {"party": party}), run_rows(
            store, "co-submission", {"party": party}, use_kept=False)
        assert kept.kept and list(kept) == list(engine), party


@pytest.mark.parametrize(("name", "param", "values"), [
    ("motions", "theme", ["xinjiang", "tibet", "hong-kong", "taiwan", "forced-labour", "freedom-of-religion"]),
    ("co-submission", "party", ["d66", "vvd", "sp", "pvv", "groenlinks-pvda"]),
    ("votes-by-party", "theme", ["xinjiang", "tibet", "hong-kong", "taiwan", "forced-labour"]),
])
def test_a_narrowed_lookup_gives_the_rows_of_the_whole_query(corpus, name: str, param: str, values: list[str]) -> None:
    """`narrowing` (motions?theme, co-submission?party) binds the motions first; the rows
    are those the query gives with only its own filter, and there are some."""
    from chinakg.canned import NAMED, _cell, bind_parameter, bindings_for, get_query, named

    store, query = corpus[0], get_query(name)
    assert query.narrowing
    found = 0
    for value in values:
        spec = query.parameters[param]
        alone = {spec.binds: named(spec, value, store.query) if spec.type in NAMED else bind_parameter(spec, value)}
        narrowed = bindings_for(query, {param: value}, store.query)
        assert isinstance(narrowed["m"], tuple)
        rows = [[[_cell(r.get(c)) for c in query.columns] for r in store.query(query.text, b).rows]
                for b in (alone, narrowed)]
        assert rows[0] == rows[1], value
        found += len(rows[0])
    assert found > 10


def test_command_line_lookups_on_the_corpus_give_the_engines_rows(corpus, corpus_build) -> None:
    """chinakg.lookup (the command line's path without rdflib) on the real corpus: the rows of
    chinakg.canned's own run, for a lookup by each kind of parameter."""
    from chinakg import lookup
    from chinakg.canned import run_rows

    store, found = corpus[0], 0
    for name, params in (("motions", {"theme": "xinjiang"}), ("motion-trail", {"motion": "kst-35207-84"}),
                         ("evidence", {"document": "kst-35207-84"}), ("votes-by-party", {"theme": "xinjiang"}),
                         ("summary", {"resource": "https://w3id.org/chinakg/id/person/tom-van-der-lee"}),
                         ("documents", {"kind": "letter"}), ("co-submission", {"party": "pvv"})):
        answered = lookup.answer(corpus_build[0], name, params)
        assert answered is not None, name
        rows = run_rows(store, name, params, use_kept=False)
        assert answered == (rows.columns, list(rows)), name
        found += len(rows) > 0
    assert found == 7
