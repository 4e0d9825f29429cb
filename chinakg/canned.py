"""Canned queries: `.rq` files in queries/ with a header comment.

Header lines (comments before the first PREFIX/SELECT):
    # title: ...
    # description: ... (may continue on indented comment lines)
    # parameters:
    #   name (type, optional|required[, binds ?var]): description
    # columns: a, b, c
    # narrowing: ?var PATTERN
    # kept for each: PARAMETER
Parameter types: iri, document (an official or local id), theme and instrument (a concept
of the vocabularies, by its last path segment such as `xinjiang`, or its full IRI), party
and person (by the last segment of their IRI, `d66` or `tunahan-kuzu`, or the IRI), kind
(a class of the ontology: `Letter`, `letter`, `ck:Letter` or the IRI), string, date,
integer.  A theme, instrument, party, person or kind that is not known is an error naming
the nearest known ones.
Parameters are bound as typed RDF terms (see graph_store.base.bind_with_values), never
pasted into the query text.  A `narrowing` line names a variable and a graph pattern over
it and some parameters' variables: when one of those parameters is given, the pattern is
run first and the variable bound to the values it finds, so that every marked subquery
works on those alone (`motions?theme`: the motions on the theme, not all motions then
filtered).  The pattern must hold for every row the query keeps; the query's own filter
stays, and tests check that the rows are those of the query run without the narrowing.
A `kept for each` line names a parameter whose answers are kept beside the store for every
value the narrowing pattern finds (co-submission for each party that signed a motion), as
the listings are (chinakg.answers); another value runs the query.

A query file holds no PREFIX lines and no graph IRIs written out: `expand` puts in a PREFIX
line for each prefix the query uses (from chinakg.namespaces, where the named graphs have
the prefix `ckg:`), and a line `#@include NAME` is replaced by the fragment
`queries/_NAME.rq` (a block written once, such as a motion's submitters in order or its
latest appraisal).  The expanded text is plain SPARQL 1.1: `chinakg query --show NAME`
prints it, and the endpoint's examples are the same text.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, XSD
from rdflib.term import Node

from chinakg import answers
from chinakg.errors import ChinaKGError, QueryError
from chinakg.graph_store import QueryResult, Store
from chinakg.graph_store.base import Bindings, bind_with_values, frame, from_json
from chinakg.lookup import DOC_ID, INTEGER, IRI_VALUE
from chinakg.namespaces import CK, ID, INSTRUMENT, QUERY_PREFIXES, THEME, document_iri
from chinakg.resources import list_resources, resource_text
from chinakg.sparql_guard import masked

NARROWING_LINE = re.compile(r"^#\s*narrowing:\s*\?(\w+)\s+(.+)$")
KEPT_FOR_LINE = re.compile(r"^#\s*kept for each:\s*(\w+)\s*$")
PARAM_LINE = re.compile(r"^#\s+(\w+)\s+\((\w+)(?:,\s*(optional|required))?(?:,\s*binds\s+\?(\w+))?\):\s*(.*)$")
INCLUDE = re.compile(r"^(?P<indent>[ \t]*)#@include[ \t]+(?P<name>[\w-]+)[ \t]*$", re.MULTILINE)
FRAGMENT_PREFIX = "_"  # queries/_NAME.rq is a fragment, not a canned query


@dataclass
class Parameter:
    name: str
    type: str
    required: bool
    description: str
    variable: str = ""  # the query variable the value is bound to (default: the parameter's name)

    @property
    def binds(self) -> str:
        return self.variable or self.name


@dataclass
class CannedQuery:
    name: str
    title: str
    description: str
    columns: list[str]
    parameters: dict[str, Parameter] = field(default_factory=dict)
    text: str = ""
    #: (variable, graph pattern): see the module's text
    narrowing: list[tuple[str, str]] = field(default_factory=list)
    #: the parameter whose answers are kept for each value its narrowing finds ("" for none)
    kept_for: str = ""


def parse_header(name: str, text: str) -> CannedQuery:
    fields: dict[str, str] = {}
    params: dict[str, Parameter] = {}
    narrowing: list[tuple[str, str]] = []
    kept_for = ""
    current = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        narrow, kept_line = NARROWING_LINE.match(line), KEPT_FOR_LINE.match(line)
        if narrow:
            narrowing.append((narrow[1], narrow[2].strip()))
        elif kept_line:
            kept_for = kept_line[1]
        if narrow or kept_line:
            current = None
            continue
        m = PARAM_LINE.match(line)
        if current == "parameters" and m:
            params[m[1]] = Parameter(m[1], m[2], m[3] == "required", m[5].strip(), m[4] or "")
            continue
        key = re.match(r"^#\s*(title|description|parameters|columns):\s*(.*)$", line)
        if key:
            current = key[1]
            fields[current] = key[2].strip()
        elif current and current != "parameters":
            fields[current] += " " + line.lstrip("#").strip()
    if "title" not in fields or "columns" not in fields:
        raise QueryError(f"query {name}: header needs '# title:' and '# columns:'")
    columns = [c.strip() for c in fields["columns"].split(",")]
    query = CannedQuery(name, fields["title"], fields.get("description", ""), columns, params, text, narrowing,
                        kept_for)
    if kept_for and _kept_pattern(query) is None:
        raise QueryError(f"query {name}: '# kept for each: {kept_for}' needs a {' or '.join(KEPT_TYPES)} "
                         f"parameter {kept_for} that a '# narrowing:' pattern names")
    return query


def query_names() -> list[str]:
    return [n[:-3] for n in list_resources("queries", ".rq") if not n.startswith(FRAGMENT_PREFIX)]


def list_queries() -> list[CannedQuery]:
    return [get_query(n) for n in query_names()]


def get_query(name: str) -> CannedQuery:
    names = query_names()
    if name not in names:
        raise QueryError(f"no canned query named {name!r}; known: {', '.join(names)}")
    return parse_header(name, expand(resource_text("queries", f"{name}.rq")))


def expand(text: str) -> str:
    """A query file as plain SPARQL: fragments included, PREFIX lines for the prefixes it
    uses put after its header comment."""
    body = _include(text, ())
    lines = body.splitlines(keepends=True)
    header = 0
    while header < len(lines) and lines[header].startswith("#"):
        header += 1
    sparql = "".join(lines[header:])
    used = [f"PREFIX {p}: <{ns}>\n" for p, ns in QUERY_PREFIXES.items()
            if re.search(rf"(?<![\w<:/#?$-]){re.escape(p)}:", masked(sparql))]
    return "".join(lines[:header]) + "".join(used) + ("\n" if used else "") + sparql.lstrip("\n")


def _include(text: str, trail: tuple[str, ...]) -> str:
    def fragment(match: re.Match) -> str:
        name = match["name"]
        if name in trail:
            raise QueryError(f"query fragment {name} includes itself ({' -> '.join(trail + (name,))})")
        try:
            body = resource_text("queries", f"{FRAGMENT_PREFIX}{name}.rq")
        except ChinaKGError as exc:
            raise QueryError(f"#@include {name}: no fragment queries/{FRAGMENT_PREFIX}{name}.rq") from exc
        body = _include(body, trail + (name,))
        return "".join(match["indent"] + line if line.strip() else line
                       for line in body.rstrip("\n").splitlines(keepends=True))
    return INCLUDE.sub(fragment, text)


def bind_parameter(param: Parameter, value: str) -> Node:
    """A user's string -> the typed RDF term the query expects."""
    if param.type == "iri":
        if not IRI_VALUE.match(value):
            raise QueryError(f"parameter {param.name}: {value!r} is not an http(s) IRI")
        return URIRef(value)
    if param.type in ("theme", "instrument"):
        return _concept(param, value)
    if param.type == "document":
        if not DOC_ID.match(value):
            raise QueryError(f"parameter {param.name}: {value!r} is not a document id such as kst-35207-32")
        return document_iri(value)
    if param.type == "date":
        try:
            return Literal(dt.date.fromisoformat(value).isoformat(), datatype=XSD.date)
        except ValueError as exc:
            raise QueryError(f"parameter {param.name}: {value!r} is not a date YYYY-MM-DD") from exc
    if param.type == "integer":
        if not INTEGER.match(value):
            raise QueryError(f"parameter {param.name}: {value!r} is not an integer")
        return Literal(int(value), datatype=XSD.integer)
    return Literal(value)


#: parameter type -> the namespace of the vocabulary concepts it names
CONCEPTS = {"theme": THEME, "instrument": INSTRUMENT}


def _concept(param: Parameter, value: str) -> URIRef:
    """A theme or instrument by its last path segment or full IRI; one the vocabulary does not
    have is an error naming the nearest ones ("xinjang": did you mean xinjiang?), not 0 rows."""
    namespace = CONCEPTS[param.type]
    key = value[len(str(namespace)):] if value.startswith(str(namespace)) else value
    known = _concepts(str(namespace))
    if key in known:
        return namespace[key]
    near = difflib.get_close_matches(key, sorted(known), n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(near)}?" if near else (
        f"; for example {'xinjiang' if param.type == 'theme' else 'export-control'}")
    raise QueryError(f"parameter {param.name}: {value!r} is not a {param.type} of the vocabulary{hint}")


@lru_cache(maxsize=2)
def _concepts(namespace: str) -> frozenset[str]:
    """The last path segments of the vocabulary's concepts in `namespace`."""
    from chinakg.base_graphs import vocabulary_graph

    return frozenset(str(c)[len(namespace):] for c in set(vocabulary_graph().subjects())
                     if str(c).startswith(namespace) and "/" not in str(c)[len(namespace):])


#: parameter type -> (namespace of the IRIs, SPARQL listing the known ones as ?x, an example)
NAMED = {
    "party": (str(ID["party/"]), f"SELECT DISTINCT ?x WHERE {{ GRAPH ?g {{ ?x a <{CK.ParliamentaryParty}> }} }}",
              "d66"),
    "person": (str(ID["person/"]), f"SELECT DISTINCT ?x WHERE {{ GRAPH ?g {{ ?x a <{CK.Person}> }} }}",
               "tunahan-kuzu"),
    "kind": (str(CK), f"SELECT DISTINCT ?x WHERE {{ GRAPH ?g {{ ?x a <{OWL.Class}> }} }}", "Letter"),
}


def named(param: Parameter, value: str, run: Callable[[str], QueryResult]) -> URIRef:
    """A party, person or kind by its short name or IRI, checked against those the store
    knows (`run` answers SPARQL: a store's query, or the server's workers)."""
    namespace, _, example = NAMED[param.type]
    key = value.removeprefix(namespace).removeprefix("ck:") if param.type == "kind" else value.removeprefix(namespace)
    known = known_names(param.type, run)
    match = next((k for k in sorted(known) if k == key or (param.type == "kind" and k.lower() == key.lower())), None)
    if match is not None:
        return URIRef(namespace + match)
    near = difflib.get_close_matches(key, sorted(known), n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(near)}?" if near else f"for example {example}"
    raise QueryError(f"parameter {param.name}: {value!r} is not a {param.type} known to the store; {hint}")


def known_names(kind: str, run: Callable[[str], QueryResult]) -> set[str]:
    """The short names of the parties, persons or kinds (`kind`) the store knows."""
    namespace, listing, _ = NAMED[kind]
    return {str(row["x"])[len(namespace):] for row in run(listing).rows
            if str(row["x"]).startswith(namespace) and "/" not in str(row["x"])[len(namespace):]}


def bindings_for(query: CannedQuery, params: dict[str, str],
                 run: Callable[[str], QueryResult] | None = None) -> Bindings:
    """The query variables to pre-bind for these parameter values; checks names and types.
    `run` answers the SPARQL that lists the known parties, persons and kinds (without it,
    a full IRI is taken as it is and a short name is refused, and no narrowing is done)."""
    unknown = set(params) - set(query.parameters)
    if unknown:
        raise QueryError(f"query {query.name} has no parameter {', '.join(sorted(unknown))}; "
                         f"it takes: {', '.join(query.parameters) or 'none'}")
    missing = [p.name for p in query.parameters.values() if p.required and p.name not in params]
    if missing:
        raise QueryError(f"query {query.name} needs parameter {', '.join(missing)}")
    bound: dict[str, Node] = {}
    for name, value in params.items():
        param = query.parameters[name]
        if param.type in NAMED:
            bound[param.binds] = named(param, value, run) if run else bind_parameter(
                Parameter(param.name, "iri", param.required, param.description, param.variable), value)
        else:
            bound[param.binds] = bind_parameter(param, value)
    return narrowed(query, bound, run) if run else bound


def narrowed(query: CannedQuery, bound: dict[str, Node], run: Callable[[str], QueryResult]) -> Bindings:
    """The bindings with each `narrowing` variable bound to the values its pattern finds
    for the bound parameters it names (intersected with a value the variable has)."""
    result: Bindings = dict(bound)
    for variable, pattern in query.narrowing:
        names = narrowing_names(query, variable, pattern)
        given = {name: term for name, term in bound.items() if name in names}
        if not given:
            continue
        found = run(bind_with_values(narrowing_select(variable, pattern), given)).rows
        values = tuple(row[variable] for row in found if row[variable] is not None)
        if variable in bound:
            values = tuple(value for value in values if value == bound[variable])
        result[variable] = values
    return result


def narrowing_names(query: CannedQuery, variable: str, pattern: str) -> set[str]:
    """The variables of the query's parameters that a narrowing pattern names."""
    mask = masked(pattern)
    return {p.binds for p in query.parameters.values()
            if p.binds != variable and re.search(rf"[?$]{p.binds}\b", mask)}


def narrowing_select(variable: str, pattern: str) -> str:
    """The query that finds a narrowing variable's values (parameters go at its marker)."""
    return expand(f"SELECT DISTINCT ?{variable} WHERE {{\n#@parameters\n{pattern} }}")


def catalogue(store: Store) -> dict:
    """What chinakg.lookup needs to bind and run the canned queries without the RDF
    libraries: each query's text, columns, parameters and narrowings, and the names the
    store and the vocabularies know (kept with the answers, valid while they are)."""
    queries = {q.name: {"text": q.text, "columns": q.columns,
                        "parameters": {p.name: {"type": p.type, "required": p.required, "binds": p.binds}
                                       for p in q.parameters.values()},
                        "narrowing": [{"variable": v, "select": narrowing_select(v, pattern),
                                       "names": sorted(narrowing_names(q, v, pattern))} for v, pattern in q.narrowing]}
               for q in list_queries()}
    names = {kind: {"namespace": NAMED[kind][0], "known": sorted(known_names(kind, store.query))} for kind in NAMED}
    for kind, namespace in CONCEPTS.items():
        names[kind] = {"namespace": str(namespace), "known": sorted(_concepts(str(namespace)))}
    return {"queries": queries, "names": names, "document": str(document_iri(""))}


class Rows(list):
    """Rows of a canned query: a list of {column: value} dicts (strings, '' where empty).
    `terms` gives the RDF terms the strings come from, for typed DataFrames (made when
    first asked for, from `make_terms`, where the rows come from a kept answer)."""

    def __init__(self, columns: list[str], rows: Iterable[dict[str, str]],
                 terms: list[dict[str, Node | None]] | None = None,
                 make_terms: Callable[[], list[dict[str, Node | None]]] | None = None) -> None:
        super().__init__(rows)
        self.columns = columns
        self._terms = terms
        self._make_terms = make_terms
        #: whether the rows were read from the answer kept for the store as it is (chinakg.answers)
        self.kept = make_terms is not None

    @property
    def terms(self) -> list[dict[str, Node | None]] | None:
        if self._terms is None and self._make_terms is not None:
            self._terms = self._make_terms()
        return self._terms

    def to_pandas(self) -> Any:
        """The rows as a pandas DataFrame with the query's columns in order, each typed from
        its values (integers, numbers, dates; missing values as missing)."""
        if self.terms is None:
            terms = [{c: None if not row.get(c) else Literal(row[c]) for c in self.columns} for row in self]
        else:
            terms = self.terms
        return frame(self.columns, terms)


def run_rows(store: Store, name: str, params: dict[str, str] | None = None, use_kept: bool = True) -> Rows:
    """Run a canned query: its Rows (strings, '' where unbound, with the terms kept).  A
    query asked without parameters is read from its kept answer where the store has one
    (unless not `use_kept`: then the engine runs it)."""
    return _rows(store, get_query(name), params, use_kept)


def _rows(store: Store, query: CannedQuery, params: dict[str, str] | None, use_kept: bool = True) -> Rows:
    found = kept_rows(store, query, params) if use_kept else None
    if found is not None:
        return found
    result = store.query(query.text, bindings_for(query, params or {}, store.query))
    terms = [{c: row.get(c) for c in query.columns} for row in result.rows]
    return Rows(query.columns, [{c: _cell(row[c]) for c in query.columns} for row in terms], terms)


def iter_rows(store: Store, name: str, params: dict[str, str] | None = None) -> Iterator[dict[str, str]]:
    """The rows of `run_rows` one at a time; a kept answer is read as they are asked for."""
    query = get_query(name)
    found = kept_answer(store, query, params)
    return found.iter_rows() if found is not None else iter(_rows(store, query, params, use_kept=False))


def kept_answer(store: Store, query: CannedQuery, params: dict[str, str] | None = None) -> answers.Kept | None:
    """The answer kept for the store as it is to `query` asked without parameters, or with
    the one it keeps answers for (`kept for each`), or None."""
    folder = store.answers_folder()
    if params and set(params) != {query.kept_for}:
        return None
    if params:  # kept by short name: d66 for https://w3id.org/chinakg/id/party/d66 too
        params = {query.kept_for: params[query.kept_for].removeprefix(
            KEPT_TYPES[query.parameters[query.kept_for].type])}
    key = answers.answer_name(query.name, params or {})
    if folder is None or key is None:
        return None
    found = answers.kept(folder, key)
    return found if found is not None and found.columns == query.columns else None


def kept_rows(store: Store, query: CannedQuery, params: dict[str, str] | None = None) -> Rows | None:
    """The rows of the answer kept for the store as it is, or None."""
    found = kept_answer(store, query, params)
    if found is None:
        return None
    return Rows(query.columns, found.rows(), make_terms=lambda: [{c: from_json(b.get(c)) for c in query.columns}
                                                                 for b in found.bindings()])


def keep_answers(store: Store) -> int:
    """Run each canned query that needs no parameter and keep its answer beside the store
    (chinakg.answers); how many were kept (0 for a store that keeps none)."""
    folder = store.answers_folder()
    if folder is None:
        return 0
    queries = list_queries()
    asked = [(q.name, q, q.text) for q in queries if not any(p.required for p in q.parameters.values())]
    for query in (q for q in queries if q.kept_for):
        asked += [(key, query, text) for key, text in _kept_values(store, query)]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # the engine runs them side by side
        bodies = pool.map(store.results_json, [text for _, _, text in asked])  # while the ones before are written
        answers.keep(folder, zip([key for key, _, _ in asked], bodies, strict=True),
                     {key: q.columns for key, q, _ in asked}, triples=store.count(), catalogue=catalogue(store))
    return len(asked)


#: parameter types whose answers can be kept for each value: (namespace of the values)
KEPT_TYPES = {**{kind: NAMED[kind][0] for kind in ("party", "person")},
              **{kind: str(namespace) for kind, namespace in CONCEPTS.items()}}


def _kept_pattern(query: CannedQuery) -> str | None:
    """The narrowing pattern that names the `kept for each` parameter's variable, or None."""
    param = query.parameters.get(query.kept_for)
    if param is None or param.type not in KEPT_TYPES:
        return None
    return next((pattern for variable, pattern in query.narrowing
                 if variable != param.binds and re.search(rf"[?$]{param.binds}\b", masked(pattern))), None)


def _kept_values(store: Store, query: CannedQuery) -> list[tuple[str, str]]:
    """(answer name, query text bound and narrowed) for each value of the `kept for each`
    parameter that its narrowing pattern finds in the store (by short name: d66)."""
    param, pattern = query.parameters[query.kept_for], _kept_pattern(query)
    namespace = KEPT_TYPES[param.type]
    found = store.strings(expand(f"SELECT DISTINCT ?{param.binds} WHERE {{ {pattern} }}"))
    asked = []
    for value in sorted(row[param.binds] for row in found if row.get(param.binds, "").startswith(namespace)):
        key = answers.answer_name(query.name, {param.name: value[len(namespace):]})
        if key is not None:
            bound = narrowed(query, {param.binds: URIRef(value)}, store.query)
            asked.append((key, bind_with_values(query.text, bound)))
    return asked


def run_query(store: Store, name: str, params: dict[str, str] | None = None) -> tuple[list[str], list[dict[str, str]]]:
    """Run a canned query; rows are plain strings, '' where unbound."""
    rows = run_rows(store, name, params)
    return rows.columns, list(rows)


def _cell(term: Node | None) -> str:
    return "" if term is None else str(term)
