"""Lookups from the command line without the RDF libraries (chinakg.lookup): for every canned
query with parameters, the SPARQL text it binds and runs is the text chinakg.canned binds and
runs, and the rows are the engine's rows; a value it cannot bind exactly goes the whole way,
which reports the problem."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from chinakg.graph_store import EmbeddedStore
from chinakg.graph_store.base import bind_with_values
from test_answers import NO_RDFLIB
from test_canned_queries import M1, load_fixture

from chinakg import answers, lookup
from chinakg.canned import bindings_for, get_query, keep_answers, list_queries, run_rows
from chinakg.tables import format_rows

LETTER = "kst-22222-5"  # the fixture's letter, which cites M1
#: a value of each parameter type the fixture (tests/fixtures/small.trig) has rows for
FIXTURE_VALUES = {"document": M1, "theme": "tibet", "party": "one", "person": "bob", "kind": "Motion",
                  "date": "2024-12-31", "iri": "https://w3id.org/chinakg/id/doc/kst-11111-1", "string": "coalition"}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("lookup") / "store"
    with EmbeddedStore(path) as store:
        load_fixture(store)
        keep_answers(store)
    return path


def cases() -> list[tuple[str, dict[str, str]]]:
    """Each canned query with each of its parameters alone, and with all of them."""
    found = []
    for query in list_queries():
        params = {name: FIXTURE_VALUES[p.type] for name, p in query.parameters.items()}
        required = {name: value for name, value in params.items() if query.parameters[name].required}
        found += [(query.name, {**required, name: value}) for name, value in params.items()]
        if len(params) > 1:
            found.append((query.name, params))
    return found


def assert_same_as_canned(folder: Path, name: str, params: dict[str, str]) -> int:
    """The text and rows of the lookup equal those of chinakg.canned; the number of rows."""
    catalogue = answers.catalogue(folder)
    assert catalogue is not None
    entry = catalogue["queries"][name]
    terms = lookup.bound_terms(catalogue, entry, params)
    assert terms is not None, (name, params)
    with EmbeddedStore(folder, read_only=True) as store:
        expected = bind_with_values(get_query(name).text, bindings_for(get_query(name), params, store.query))
        text = lookup.sparql_text(ox.Store.read_only(str(folder)), entry, terms)
        rows = run_rows(store, name, params, use_kept=False)
    assert text == expected, (name, params)
    columns, found = lookup.answer(folder, name, params)  # type: ignore[misc]
    assert columns == rows.columns and found == list(rows), (name, params)
    return len(found)


def test_every_parameter_of_every_query_binds_as_chinakg_canned_binds_it(folder: Path) -> None:
    every = cases()
    assert len(every) >= 25 and {t for q in list_queries() for t in (p.type for p in q.parameters.values())} \
        <= set(FIXTURE_VALUES)
    rows = {(name, tuple(params)): assert_same_as_canned(folder, name, params) for name, params in every}
    assert sum(1 for n in rows.values() if n) >= len(every) // 2  # most of them find rows: not an empty graph
    assert rows[("motion-trail", ("motion",))] > 0 and rows[("co-submission", ("party",))] == 2


def test_names_are_taken_as_chinakg_canned_takes_them(folder: Path) -> None:
    catalogue = answers.catalogue(folder)
    assert catalogue is not None
    term = lookup.parameter_term
    assert term(catalogue, "party", "one") == term(catalogue, "party", "https://w3id.org/chinakg/id/party/one") \
        == "<https://w3id.org/chinakg/id/party/one>"
    assert term(catalogue, "kind", "motion") == term(catalogue, "kind", "ck:Motion") \
        == "<https://w3id.org/chinakg/def#Motion>"
    assert term(catalogue, "theme", "tibet") == "<https://w3id.org/chinakg/vocab/theme/tibet>"
    assert term(catalogue, "integer", "007") == '"7"^^<http://www.w3.org/2001/XMLSchema#integer>'
    # what it cannot bind exactly is left to chinakg.canned, which says what is wrong
    for kind, value in (("party", "three"), ("theme", "tibett"), ("document", "kst 1"), ("date", "2024-13-01"),
                        ("iri", "not an iri"), ("string", 'a "quoted" word'), ("integer", "1.5")):
        assert term(catalogue, kind, value) is None, (kind, value)


def test_a_question_it_cannot_answer_goes_the_whole_way(folder: Path) -> None:
    assert lookup.answer(folder, "motions", {"theme": "tibett"}) is None
    assert lookup.answer(folder, "motions", {"colour": "red"}) is None
    assert lookup.answer(folder, "summary", {}) is None  # a required parameter is missing
    assert lookup.answer(folder, "no-such-query", {"theme": "tibet"}) is None
    assert lookup.answer(folder.parent / "elsewhere", "motions", {"theme": "tibet"}) is None


def test_the_command_line_answers_a_lookup_without_loading_rdflib(folder: Path) -> None:
    with EmbeddedStore(folder, read_only=True) as store:
        expected = {(name, value): run_rows(store, name, {key: value}, use_kept=False)
                    for name, key, value in (("motion-trail", "motion", M1), ("citations", "document", LETTER))}
    for (name, value), rows in expected.items():
        assert rows
        key = "motion" if name == "motion-trail" else "document"
        done = subprocess.run([sys.executable, "-c", NO_RDFLIB, "query", name, "-p", f"{key}={value}", "--format",
                               "csv", "--store", str(folder)], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert done.stdout == format_rows(rows.columns, rows, "csv")


def test_a_misspelt_name_on_the_command_line_still_gets_its_message(folder: Path) -> None:
    done = subprocess.run([sys.executable, "-c", "from chinakg.cli import main; main()", "query", "motions",
                           "-p", "theme=tibett", "--store", str(folder)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "did you mean tibet" in done.stderr, done.stderr
