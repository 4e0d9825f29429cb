"""Checks and rewrites of SPARQL text written by users, before the engine sees it.

`names_dataset` tells whether a query has FROM or FROM NAMED (such a query keeps its own
dataset instead of the union default graph).  Two faults of the engine are kept away from
users' queries here:

- SERVICE (a federated query) makes the engine call any URL it names, loopback services
  included.  `refuse_service` refuses such a query; the endpoint calls it for every query.
- pyoxigraph 0.5.13 aborts the whole process (a Rust panic, SIGABRT) when ORDER BY sorts
  values it cannot order consistently, for example integers beside xsd:gYear values.
  `total_order` rewrites each ORDER BY condition `E` into two: first a key naming E's kind
  of value (unbound, blank node, IRI, number, NaN, or the literal's datatype with or without
  a time zone), then E itself.  Within one kind the engine's order is total, and SPARQL
  leaves the order between literals of different types open, so the answers keep their
  standard order wherever the standard defines one.

`operations` splits an update into its operations, each with the prefixes declared before
it, for a caller that sends them one at a time.

`with_using` applies the protocol's `using-graph-uri` / `using-named-graph-uri` to an update:
it puts USING and USING NAMED clauses before the WHERE of each operation that has one
(INSERT/DELETE … WHERE), and refuses an update that names its own dataset (USING or WITH),
as the protocol says.

`with_values` pre-binds variables: it puts VALUES blocks of terms, already written as
SPARQL terms, where the query marks its parameters (graph_store.base.bind_with_values
writes rdflib terms so; chinakg.lookup writes them itself).

All of them work on a masked copy of the query in which the insides of strings, IRIs and
comments are blanked, so that a keyword inside a string or an IRI does not count.
"""

from __future__ import annotations

import re

from chinakg.errors import QueryError

_OPAQUE = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
                     r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'"
                     r'|<[^<>"{}|^`\\\x00-\x20]*>' r"|\#[^\n]*", re.S)
_FROM = re.compile(r"(?<![\w:?$@-])FROM(?![\w:-])", re.I)
_SERVICE = re.compile(r"(?<![\w:?$@-])SERVICE(?![\w:-])", re.I)
_WHERE_OPEN = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
#: a comment line in a query marking where bound parameters are in scope (else: the first WHERE group)
VALUES_MARKER = "#@parameters"
_ORDER_BY = re.compile(r"(?<![\w:?$@-])ORDER\s+BY(?![\w:-])", re.I)
_USING_OR_WITH = re.compile(r"(?<![\w:?$@-])(USING|WITH)(?![\w:-])", re.I)
_WHERE = re.compile(r"(?<![\w:?$@-])WHERE(?![\w:-])", re.I)
_DELETE_BEFORE = re.compile(r"(?<![\w:?$@-])DELETE$", re.I)  # searched just before a WHERE
_VARIABLE = re.compile(r"[?$]\w+")
_DIRECTION = re.compile(r"(ASC|DESC)\s*\(", re.I)
_CALL = re.compile(r"(?:[A-Za-z_][\w.-]*)?(?::[\w.-]*)?\s*\(|<_*>\s*\(")
_KEYWORDS = re.compile(r"(LIMIT|OFFSET|VALUES)(?![\w:-])", re.I)
_PROLOGUE = re.compile(r"(?<![\w:?$@-])(?:PREFIX\s+[\w.-]*:\s*<_*>|BASE\s*<_*>)", re.I)


def masked(sparql: str) -> str:
    """The query with the insides of strings and IRIs blanked and comments removed, each
    at its own position (the result has the same length)."""
    def blank(match: re.Match[str]) -> str:
        text = match.group(0)
        if text.startswith("#"):
            return " " * len(text)
        return text[0] + "_" * (len(text) - 2) + text[-1]
    return _OPAQUE.sub(blank, sparql)


def names_dataset(sparql: str) -> bool:
    """Whether the query names its own dataset (FROM or FROM NAMED)."""
    return bool(_FROM.search(masked(sparql)))


def refuse_service(sparql: str) -> None:
    """Raise QueryError when the query asks the engine to call another service."""
    if _SERVICE.search(masked(sparql)):
        raise QueryError("SERVICE (a federated query) is not allowed on this endpoint: "
                         "run the other service's part there and send its results with VALUES")


def total_order(sparql: str) -> str:
    """The query with every ORDER BY made safe for the engine (see the module's comment)."""
    mask = masked(sparql)
    pieces, done = [], 0
    for match in _ORDER_BY.finditer(mask):
        conditions, end = _conditions(mask, match.end())
        if not conditions:
            continue
        pieces.append(sparql[done:match.end()])
        pieces.append(" " + " ".join(_keyed(direction, sparql[start:stop]) for direction, start, stop in conditions)
                      + " ")
        done = end
    pieces.append(sparql[done:])
    return "".join(pieces)


def _conditions(mask: str, at: int) -> tuple[list[tuple[str, int, int]], int]:
    """The ORDER BY conditions from `at`: (direction, start, end of the expression) each,
    and where the last one ends."""
    found: list[tuple[str, int, int]] = []
    while True:
        while at < len(mask) and mask[at].isspace():
            at += 1
        if at >= len(mask) or _KEYWORDS.match(mask, at):
            return found, at
        variable = _VARIABLE.match(mask, at)
        direction = _DIRECTION.match(mask, at)
        if variable:
            found.append(("ASC", at, variable.end()))
            at = variable.end()
        elif direction:
            close = _closing(mask, direction.end() - 1)
            found.append((direction.group(1).upper(), direction.end(), close))
            at = close + 1
        elif mask[at] == "(":
            close = _closing(mask, at)
            found.append(("ASC", at + 1, close))
            at = close + 1
        elif (call := _CALL.match(mask, at)) and call.end() > at + 1:
            close = _closing(mask, call.end() - 1)
            found.append(("ASC", at, close + 1))
            at = close + 1
        else:
            return found, at


def _closing(mask: str, opening: int) -> int:
    depth = 0
    for index in range(opening, len(mask)):
        if mask[index] == "(":
            depth += 1
        elif mask[index] == ")":
            depth -= 1
            if depth == 0:
                return index
    raise QueryError("malformed SPARQL: a parenthesis in ORDER BY is not closed")


def _keyed(direction: str, expression: str) -> str:
    e = f"({expression})"
    key = (f'COALESCE(IF(isNumeric({e}), IF({e} = {e}, "3", "2"), IF(isLiteral({e}), '
           f'CONCAT("4", STR(DATATYPE({e})), COALESCE(IF(TZ({e}) = "", " ", "Z"), "")), '
           f'IF(isIRI({e}), "1", "0"))), "")')
    return f"{direction}({key}) {direction}{e}"


def with_using(update: str, default: list[str], named: list[str]) -> str:
    """The update with USING <g> for each of `default` and USING NAMED <g> for each of
    `named` before the WHERE of every operation that has one (the protocol's dataset for
    updates).  Raises QueryError when the update already names its dataset."""
    mask = masked(update)
    if _USING_OR_WITH.search(mask):
        raise QueryError("the update names its own dataset (USING or WITH) and the request gives "
                         "using-graph-uri or using-named-graph-uri too: give the dataset one way")
    clause = " ".join([f"USING <{g}>" for g in default] + [f"USING NAMED <{g}>" for g in named]) + " "
    pieces, done, depth, counted = [], 0, 0, 0
    for match in _WHERE.finditer(mask):
        at = match.start()
        depth += mask.count("{", counted, at) - mask.count("}", counted, at)  # each brace counted once
        counted = at
        end = at
        while end and mask[end - 1].isspace():
            end -= 1
        if depth or _DELETE_BEFORE.search(mask, max(0, end - 7), end):  # inside a pattern, or DELETE WHERE { … }
            continue
        pieces += [update[done:at], clause]
        done = at
    return "".join(pieces) + update[done:]


def operations(update: str) -> list[str]:
    """The operations of an update (split at each `;` outside braces), each with the
    prefixes and base declared before it, so that each can be sent alone."""
    mask = masked(update)
    bounds, depth, start = [], 0, 0
    for index, char in enumerate(mask):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == ";" and depth == 0:
            bounds.append((start, index))
            start = index + 1
    bounds.append((start, len(update)))
    found, prologue = [], ""
    for begin, end in bounds:
        piece = mask[begin:end]
        declared = "".join(update[begin + m.start():begin + m.end()] + "\n" for m in _PROLOGUE.finditer(piece))
        if _PROLOGUE.sub("", piece).strip():
            found.append(prologue + update[begin:end].strip())
        prologue += declared
    return found


def with_values(sparql: str, terms: dict[str, str | tuple[str, ...]]) -> str:
    """Pre-bind variables to terms written as SPARQL terms (`<iri>`, `"5"^^<…#integer>`): a
    VALUES block is put on every `#@parameters` comment line of the query (a query may mark
    several subqueries, so that each is restricted before it aggregates), else at the start
    of its first WHERE group.  A variable given a tuple gets a VALUES block of its own, one
    row a term (none: no row)."""
    single = {name: term for name, term in terms.items() if not isinstance(term, tuple)}
    block = ""
    if single:
        block = f"\n  VALUES ({' '.join(f'?{name}' for name in single)}) {{ ({' '.join(single.values())}) }}\n"
    for name, several in terms.items():
        if isinstance(several, tuple):
            block += f"\n  VALUES ?{name} {{ {' '.join(several)} }}\n"
    if VALUES_MARKER in sparql:  # the query says where its parameters are in scope
        return sparql.replace(VALUES_MARKER, VALUES_MARKER + block)
    match = _WHERE_OPEN.search(sparql)
    if not match:
        raise QueryError("cannot bind parameters: the query has no WHERE clause")
    return sparql[: match.end()] + block + sparql[match.end():]
