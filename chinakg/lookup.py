"""A canned question with parameters, answered for the command line without the RDF libraries.

chinakg.canned binds parameters as rdflib terms, and loading rdflib (with the modules that
need it) costs a command some 0.2 s, most of its time for a lookup such as `chinakg query
motion-trail -p motion=kst-35207-84`.  So the answers' folder of an embedded store also
holds the catalogue of the canned queries (chinakg.canned.catalogue, kept with the answers
and valid while they are): each query's SPARQL as `chinakg query --show` prints it, its
columns, parameters and narrowings, and the names the store knows (parties, persons, kinds,
themes, instruments).  `answer` binds the parameters from it as SPARQL terms, narrows as
chinakg.canned does, runs the query in pyoxigraph and gives the rows as strings.

It takes only what it can bind exactly as chinakg.canned binds it.  For anything else (a name
written another way, a value of the wrong form, a parameter the query does not take, a store
it cannot open as it is) it gives None, and the caller goes through chinakg.canned, which
reports the problem.  tests/test_lookup.py checks that the text it runs is the text
chinakg.canned runs, for every canned query with parameters.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from chinakg import answers
from chinakg.folder import UNFINISHED_LOAD
from chinakg.sparql_guard import with_values

#: the forms of parameter values (chinakg.canned refuses the others, with a message)
IRI_VALUE = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
DOC_ID = re.compile(r"^(kst|ah|kv|h|local)-[0-9A-Za-z-]+$")
INTEGER = re.compile(r"^-?\d+$")
XSD = "http://www.w3.org/2001/XMLSchema#"
_PLAIN = re.compile(r'^[^"\\\n\r]*$')  # a string rdflib writes as "…" with nothing escaped

Rows = list[dict[str, str]]


def answer(store_folder: Path, name: str, params: dict[str, str]) -> tuple[list[str], Rows] | None:
    """The columns and rows of canned query `name` asked with `params`, or None where this
    path does not answer (see the module's text)."""
    catalogue = answers.catalogue(store_folder)
    query = None if catalogue is None else catalogue["queries"].get(name)
    terms = None if query is None else bound_terms(catalogue, query, params)  # type: ignore[arg-type]
    return None if terms is None else _run(store_folder, query, terms)  # type: ignore[arg-type]


def bound_terms(catalogue: dict, query: dict, params: dict[str, str]) -> dict[str, str] | None:
    """The query variables the parameters bind, each to its SPARQL term, or None."""
    if not _complete(query, params):
        return None
    terms = {}
    for key, value in params.items():
        spec = query["parameters"][key]
        term = parameter_term(catalogue, spec["type"], value)
        if term is None:
            return None
        terms[spec["binds"]] = term
    return terms


def _complete(query: dict, params: dict[str, str]) -> bool:
    specs = query["parameters"]
    return set(params) <= set(specs) and all(k in params for k, spec in specs.items() if spec["required"])


def parameter_term(catalogue: dict, kind: str, value: str) -> str | None:
    """A parameter's value as the SPARQL term chinakg.canned binds, or None."""
    if kind == "iri":
        return f"<{value}>" if IRI_VALUE.match(value) else None
    if kind == "document":
        return f"<{catalogue['document']}{value}>" if DOC_ID.match(value) else None
    if kind in catalogue["names"]:
        return _named(catalogue["names"][kind], kind, value)
    if kind == "date":
        try:
            return f'"{dt.date.fromisoformat(value).isoformat()}"^^<{XSD}date>'
        except ValueError:
            return None
    if kind == "integer":
        return f'"{int(value)}"^^<{XSD}integer>' if INTEGER.match(value) else None
    return f'"{value}"' if kind == "string" and _PLAIN.match(value) else None


def _named(names: dict, kind: str, value: str) -> str | None:
    """A party, person, kind, theme or instrument by its short name or IRI, if known."""
    namespace, known = names["namespace"], names["known"]
    key = value.removeprefix(namespace)
    if kind == "kind":  # `Letter`, `letter`, `ck:Letter`: as chinakg.canned.named
        key = key.removeprefix("ck:")
        match = next((k for k in known if k == key or k.lower() == key.lower()), None)
    else:
        match = key if key in known else None
    return None if match is None else f"<{namespace}{match}>"


def _run(store_folder: Path, query: dict, terms: dict[str, str]) -> tuple[list[str], Rows] | None:
    import pyoxigraph as ox

    with answers.held_shared(store_folder) as held:
        if not held or (store_folder / UNFINISHED_LOAD).exists():
            return None  # opening the store says what to do
        try:
            store = ox.Store.read_only(str(store_folder))
            solutions = store.query(sparql_text(store, query, terms))
            names = [v.value for v in solutions.variables]
            columns = query["columns"]
            rows = [{c: "" if (t := row.get(c)) is None else t.value for c in columns}
                    for row in (dict(zip(names, solution, strict=True)) for solution in solutions)]
        except (OSError, RuntimeError, SyntaxError, ValueError):
            return None
    return columns, rows


def sparql_text(store: object, query: dict, terms: dict[str, str]) -> str:
    """The query's text with the terms bound and each narrowing variable bound to the
    values its pattern finds in `store` (a pyoxigraph Store), as chinakg.canned binds them."""
    bound: dict[str, str | tuple[str, ...]] = dict(terms)
    for narrowing in query["narrowing"]:
        variable = narrowing["variable"]
        given = {name: term for name, term in terms.items() if name in narrowing["names"]}
        if not given:
            continue
        found = store.query(with_values(narrowing["select"], given))  # type: ignore[attr-defined]
        values = tuple(str(solution[variable]) for solution in found if solution[variable] is not None)
        if variable in terms:
            values = tuple(value for value in values if value == terms[variable])
        bound[variable] = values
    return with_values(query["text"], bound)
