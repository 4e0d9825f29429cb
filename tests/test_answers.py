"""Kept answers (chinakg.answers): each canned listing worked out once per store state and
read back instead of running the query again.  Every test compares a kept answer with the
engine's own answer on the same store, so a kept answer is right exactly when the query is
(tests/test_canned_queries.py checks the queries themselves on hand-worked rows)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from chinakg.graph_store import EmbeddedStore
from click.testing import CliRunner
from test_canned_queries import M1, M2, load_fixture

from chinakg import answers
from chinakg.canned import get_query, keep_answers, list_queries, run_rows
from chinakg.cli import main
from chinakg.errors import QueryError
from chinakg.namespaces import document_graph
from chinakg.tables import format_rows

#: runs the command line, then fails if rdflib was loaded; exits with the command's code
NO_RDFLIB = ("import sys\nfrom chinakg.cli import main\ncode = 0\n"
             "try:\n    main(sys.argv[1:])\nexcept SystemExit as exit:\n    code = exit.code\n"
             "assert 'rdflib' not in sys.modules, 'rdflib was loaded'\nsys.exit(code)\n")
LISTINGS = [q.name for q in list_queries() if not any(p.required for p in q.parameters.values())]


def same_as_engine(store: EmbeddedStore, name: str) -> None:
    kept, run = run_rows(store, name), run_rows(store, name, use_kept=False)
    assert kept.kept and not run.kept
    assert kept.columns == run.columns == get_query(name).columns
    assert list(kept) == list(run), name
    assert [{c: t[c] for c in kept.columns} for t in kept.terms] == run.terms, name  # typed terms too


@pytest.fixture()
def fixture_store(tmp_path: Path):
    """The hand-made fixture of test_canned_queries in an on-disk store, answers kept."""
    store = EmbeddedStore(tmp_path / "store")
    load_fixture(store)
    assert keep_answers(store) == len(LISTINGS) + 2  # and co-submission for each of the two parties
    yield store
    store.close()


def test_every_listing_is_kept_and_reads_back_as_the_engine_answers(fixture_store: EmbeddedStore) -> None:
    assert len(LISTINGS) >= 15  # every canned query without a required parameter
    assert "summary" not in LISTINGS  # it needs a resource
    motions = run_rows(fixture_store, "motions")
    assert {r["motion"] for r in motions} >= {M1}  # not an empty answer
    for name in LISTINGS:
        same_as_engine(fixture_store, name)


def test_a_question_with_parameters_runs_its_query(fixture_store: EmbeddedStore) -> None:
    rows = run_rows(fixture_store, "motion-trail", {"motion": M1})
    assert not rows.kept and rows and {r["motion"] for r in rows} == {M1}


def test_co_submission_is_kept_for_each_party_that_signed_a_motion(fixture_store: EmbeddedStore) -> None:
    """`# kept for each: party`: the answer for each party the narrowing finds is kept and
    reads back as the engine's answer for that party; another party runs the query."""
    folder = fixture_store.answers_folder()
    assert answers.kept(folder, "co-submission@party=one") and answers.kept(folder, "co-submission@party=two")
    for party in ("one", "two"):
        kept = run_rows(fixture_store, "co-submission", {"party": party})
        run = run_rows(fixture_store, "co-submission", {"party": party}, use_kept=False)
        assert kept.kept and not run.kept and len(kept) == 2  # Ann-Bob and Bob-Cas: each pair has a member of each
        assert list(kept) == list(run)
        assert [{c: t[c] for c in kept.columns} for t in kept.terms] == run.terms
    full_iri = run_rows(fixture_store, "co-submission", {"party": "https://w3id.org/chinakg/id/party/one"})
    assert full_iri.kept and list(full_iri) == list(run_rows(fixture_store, "co-submission", {"party": "one"}))
    with pytest.raises(QueryError, match="not a party known to the store"):  # not of the store's namespace
        run_rows(fixture_store, "co-submission", {"party": "https://example.org/party/one"})
    with pytest.raises(QueryError, match="not a party known to the store"):
        run_rows(fixture_store, "co-submission", {"party": "three"})
    assert not run_rows(fixture_store, "motions", {"theme": "tibet"}).kept  # no `kept for each`: the query runs


def test_kept_for_each_needs_a_narrowing_that_names_the_parameter() -> None:
    from chinakg.canned import parse_header

    head = "# title: t\n# columns: a\n# parameters:\n#   party (party, optional): a party\n"
    with pytest.raises(QueryError, match="kept for each: party"):
        parse_header("t", head + "# kept for each: party\nSELECT ?a WHERE { ?a ?b ?party }\n")
    query = parse_header("t", head + "# narrowing: ?m GRAPH ?g { ?m ck:signature/ck:inParty ?party }\n"
                         "# kept for each: party\nSELECT ?a WHERE { ?a ?b ?party }\n")
    assert query.kept_for == "party"
    assert answers.answer_name("t", {"party": "d66"}) == "t@party=d66"
    assert answers.answer_name("t", {"party": "../d66"}) is None  # never a path
    assert answers.answer_name("t", {"party": "d66", "kind": "x"}) is None
    assert answers.answer_name("t", {}) == "t"


def test_any_write_forgets_the_answers_and_the_engine_answers_the_new_state(fixture_store: EmbeddedStore) -> None:
    before = run_rows(fixture_store, "motions")
    assert before.kept and M1 in {r["motion"] for r in before}
    fixture_store.remove_graph(document_graph(M1))
    assert not answers.is_kept(fixture_store.answers_folder())
    after = run_rows(fixture_store, "motions")
    assert not after.kept and list(after) == list(run_rows(fixture_store, "motions", use_kept=False))
    assert list(after) != list(before)  # the motion's own graph is gone: not the stale answer
    keep_answers(fixture_store)
    again = run_rows(fixture_store, "motions")
    assert again.kept and list(again) == list(after)


def test_removing_documents_keeps_the_answers_of_what_is_left(fixture_store: EmbeddedStore) -> None:
    from chinakg.pipeline import remove

    before = run_rows(fixture_store, "documents")
    assert remove(fixture_store, [M2]) == []
    assert answers.is_kept(fixture_store.answers_folder())
    after = run_rows(fixture_store, "documents")
    assert after.kept and len(after) == len(before) - 1 and M2 not in {r["document"] for r in after}
    for name in LISTINGS:
        same_as_engine(fixture_store, name)


def test_a_failed_write_forgets_them_too(fixture_store: EmbeddedStore) -> None:
    with pytest.raises(Exception, match="malformed"):
        fixture_store.update("INSERT DATA { this is not SPARQL }")
    assert not answers.is_kept(fixture_store.answers_folder())
    assert not run_rows(fixture_store, "motions").kept


def test_answers_worked_out_by_other_queries_are_not_used(fixture_store: EmbeddedStore,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(answers, "code_digest", lambda: "queries of another version")
    assert not answers.is_kept(fixture_store.answers_folder())
    assert not run_rows(fixture_store, "motions").kept


def test_a_damaged_manifest_is_not_trusted(fixture_store: EmbeddedStore) -> None:
    manifest = fixture_store.answers_folder() / answers.FOLDER / answers.MANIFEST
    manifest.write_text("{not json", encoding="utf-8")
    assert not run_rows(fixture_store, "motions").kept
    assert list(run_rows(fixture_store, "motions")) == list(run_rows(fixture_store, "motions", use_kept=False))


def test_build_keeps_the_answers_and_a_no_op_build_leaves_them(seeds_store: Path, shared: Path) -> None:
    manifest = seeds_store / answers.FOLDER / answers.MANIFEST
    assert manifest.is_file()
    kept_at = manifest.stat().st_mtime_ns
    result = CliRunner().invoke(main, ["build", str(shared / "corpus" / "seeds"), "--store", str(seeds_store)])
    assert result.exit_code == 0, result.output
    assert "0 documents loaded" in result.output
    assert manifest.stat().st_mtime_ns == kept_at  # nothing written, nothing worked out again
    with EmbeddedStore(seeds_store, read_only=True) as store:
        for name in ("motions", "documents", "evidence", "citations"):
            same_as_engine(store, name)


def test_the_command_line_prints_a_kept_answer_without_loading_rdflib(seeds_store: Path) -> None:
    with EmbeddedStore(seeds_store, read_only=True) as store:
        engine = run_rows(store, "documents", use_kept=False)
    assert len(engine) == 5
    for fmt in ("csv", "tsv", "json", "table"):
        done = subprocess.run([sys.executable, "-c", NO_RDFLIB, "query", "documents", "--format", fmt,
                               "--store", str(seeds_store)], capture_output=True, text=True, timeout=60,
                              env={**os.environ, "PYTHONPATH": str(Path(__file__).parent)})
        assert done.returncode == 0, done.stderr
        assert done.stdout == format_rows(engine.columns, engine, fmt), fmt


def test_the_command_line_prints_an_answer_kept_for_a_party_without_loading_rdflib(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "store") as store:
        load_fixture(store)
        keep_answers(store)
        engine = run_rows(store, "co-submission", {"party": "two"}, use_kept=False)
    assert len(engine) == 2
    done = subprocess.run([sys.executable, "-c", NO_RDFLIB, "query", "co-submission", "-p", "party=two", "--format",
                           "csv", "--store", str(tmp_path / "store")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == format_rows(engine.columns, engine, "csv")


def test_the_endpoint_sends_kept_answers_cut_at_its_row_limit(seeds_store: Path) -> None:
    from test_server import Server

    with EmbeddedStore(seeds_store, read_only=True) as store:
        engine = run_rows(store, "evidence", use_kept=False)
    assert len(engine) > 20
    logs = seeds_store.parent / "logs"
    logs.mkdir(exist_ok=True)
    server = Server(seeds_store, logs, "--max-rows", "20")
    try:
        with urllib.request.urlopen(f"{server.url}/queries/evidence?format=json", timeout=30) as response:
            assert response.headers["X-Chinakg-Truncated"] == "true"
            body = json.loads(response.read())
        rows = [{c: b[c]["value"] if c in b else "" for c in engine.columns} for b in body["results"]["bindings"]]
        assert rows == list(engine)[:20]
        with urllib.request.urlopen(f"{server.url}/queries/documents?format=csv", timeout=30) as response:
            lines = response.read().decode().splitlines()
        assert len(lines) == 6 and lines[0] == ",".join(get_query("documents").columns)
    finally:
        server.stop()


def test_stream_gives_the_rows_of_query_one_at_a_time(seeds_store: Path) -> None:
    from chinakg import KnowledgeGraph

    with KnowledgeGraph(seeds_store, read_only=True) as kg:
        streamed = kg.stream("evidence")
        first = next(streamed)
        whole = kg.query("evidence")
        assert whole.kept and first == whole[0]
        assert [first, *streamed] == list(whole)
        one = kg.query("evidence", document=first["document"])  # a lookup runs its query
        assert not one.kept and one and list(kg.stream("evidence", document=first["document"])) == list(one)


def test_a_named_pipe_in_place_of_a_kept_file_is_not_read(fixture_store: EmbeddedStore) -> None:
    """Reading a FIFO would block; a kept file that is not a regular file is not trusted."""
    folder = fixture_store.answers_folder() / answers.FOLDER
    rows = folder / f"motions{answers.ROWS}"
    rows.unlink()
    os.mkfifo(rows)
    assert not run_rows(fixture_store, "motions").kept
    assert run_rows(fixture_store, "documents").kept  # the other answers still hold
    manifest = folder / answers.MANIFEST
    manifest.unlink()
    os.mkfifo(manifest)
    assert not answers.is_kept(fixture_store.answers_folder())
    assert list(run_rows(fixture_store, "documents")) == list(run_rows(fixture_store, "documents", use_kept=False))


def test_the_endpoint_sends_the_answer_kept_for_a_party(tmp_path: Path) -> None:
    from test_server import Server

    with EmbeddedStore(tmp_path / "store") as store:
        load_fixture(store)
        keep_answers(store)
        engine = run_rows(store, "co-submission", {"party": "one"}, use_kept=False)
    kept = answers.kept(tmp_path / "store", "co-submission@party=one")
    assert kept is not None and len(engine) == 2
    server = Server(tmp_path / "store", tmp_path)
    try:
        with urllib.request.urlopen(f"{server.url}/queries/co-submission?party=one&format=json", timeout=30) as got:
            body = got.read()
    finally:
        server.stop()
    assert body == kept.body()  # the kept file, sent as it is
    bindings = json.loads(body)["results"]["bindings"]
    assert [{c: b[c]["value"] if c in b else "" for c in engine.columns} for b in bindings] == list(engine)
