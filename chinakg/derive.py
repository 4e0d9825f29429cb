"""The derived graphs: facts that follow from several sources together, worked out after
each build or removal by the update in queries/derived.ru -- `…/graph/derived` (so that the
canned queries read a decision's motion directly, `?vote ck:voteOn ?motion`, instead of
joining the vote records with the case records each time), `…/graph/links` (links out to
official pages and records, where an identifier gives the address) and `…/graph/aligned`
(the external superclasses and superproperties the ontology declares, stated).

The derived graph keeps a fingerprint of what it was worked out from (every stored source's
content hash, the base graphs' hashes and the text of the update): a build that stores
nothing new still derives again when the fingerprint differs, as after a build killed
between writing its documents and deriving, or after an upgrade that derives more.

The mark also dates the store's content for the dataset description (VoID/DCAT):
`dcterms:issued` when the derived graphs were first worked out in this store, and
`dcterms:modified` when they were last worked out, which is after every change.

After a build or removal that changed a few documents, and only when the derived graphs
were current before it, `derive` works out again only the facts about what the change can
touch (`Changes`): the resources the changed graphs mention, before and after the change,
the decisions and motions linked to them through cases and votes, and those motions'
signatures.  Every derived fact is about one subject (the variable on the INSERT's
`#@subjects` line) and follows from facts that mention it or reach it so; the facts about
those subjects are deleted and each INSERT runs with a VALUES block of them.  The result
is the same as working everything out again (tests/test_derive.py checks it on the shared
corpus); a change of the base graphs, or of more than SUBJECTS_AT_MOST resources, works
everything out again."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import BNode, Literal
from rdflib.namespace import DCTERMS, XSD

from chinakg.canned import expand
from chinakg.graph_store import Store
from chinakg.namespaces import CK, DERIVED_GRAPHS, GRAPH_DERIVED, GRAPH_ONTOLOGY, GRAPH_REFERENCE, GRAPH_VOCAB
from chinakg.resources import resource_text
from chinakg.sparql_guard import operations

DERIVED_UPDATE = "derived.ru"
SOURCES = f"""SELECT ?g ?hash WHERE {{
  {{ GRAPH ?g {{ ?source <{CK.contentHash}> ?hash }} }} UNION {{ GRAPH ?g {{ ?g <{CK.sourceHash}> ?hash }} }}
  FILTER (?g NOT IN ({', '.join(f'<{g}>' for g in DERIVED_GRAPHS)}))
}}"""
#: the derived graph's mark: the fingerprint it was worked out from and when (the dates are
#: absent in a store derived before they were kept)
MARK = f"""SELECT ?hash ?issued ?modified WHERE {{ GRAPH <{GRAPH_DERIVED}> {{
  <{GRAPH_DERIVED}> <{CK.sourceHash}> ?hash
  OPTIONAL {{ <{GRAPH_DERIVED}> <{DCTERMS.issued}> ?issued }}
  OPTIONAL {{ <{GRAPH_DERIVED}> <{DCTERMS.modified}> ?modified }} }} }}"""

#: a change that touches more resources than this is worked out whole (as fast, or faster)
SUBJECTS_AT_MOST = 20_000
#: a `#@subjects ?var` line of queries/derived.ru: where the subjects of an INSERT's facts are bound
SUBJECTS_LINE = re.compile(r"^(?P<indent>[ \t]*)#@subjects[ \t]+\?(?P<var>\w+)[ \t]*$", re.M)
_DROP = re.compile(r"^\s*DROP\s+SILENT\s+GRAPH\s+\S+\s*$", re.I)
#: the IRIs the graphs named mention (as subject or object); a blank node there is noted too
MENTIONS = """SELECT DISTINCT ?x WHERE { VALUES ?g { NAMES }
  GRAPH ?g { { ?x ?p ?o } UNION { ?s ?p ?x FILTER (!isLiteral(?x)) } } }"""
#: what the resources named reach: the decisions on a case named, the motions of a decision
#: named (by the derived link, as it stood, and by its case record, as it stands now)
REACHED = f"""SELECT DISTINCT ?y WHERE {{ VALUES ?x {{ NAMES }}
  {{ GRAPH ?g {{ ?y <{CK.voteOnCase}> ?x }} }}
  UNION {{ GRAPH <{GRAPH_DERIVED}> {{ ?x <{CK.voteOn}> ?y }} }}
  UNION {{ GRAPH ?g {{ ?x <{CK.voteOnCase}> ?case }} GRAPH ?h {{ ?case <{CK.caseOf}> ?y }} }} }}"""
#: the signatures of the motions named, in any graph
SIGNATURES = f"SELECT DISTINCT ?y WHERE {{ VALUES ?x {{ NAMES }} GRAPH ?g {{ ?x <{CK.signature}> ?y }} }}"
#: the derived facts about the resources named, and the derived graph's mark
FORGET = f"""DELETE {{ GRAPH ?dg {{ ?x ?p ?o }} }} WHERE {{ VALUES ?x {{ <{GRAPH_DERIVED}> NAMES }}
  GRAPH ?dg {{ ?x ?p ?o }} FILTER (?dg IN ({', '.join(f'<{g}>' for g in DERIVED_GRAPHS)})) }}"""


def _with_names(query: str, names: Iterable[str]) -> str:
    return query.replace("NAMES", " ".join(f"<{name}>" for name in names))


@dataclass
class Changes:
    """What a build or removal changed, for `derive`: the graphs written or removed, and
    the resources their content mentioned before (read by `before_writing`).  `whole`: work
    everything out again (a base graph changed, a graph held a blank node, or the derived
    graphs were not current before the change)."""

    graphs: set[str] = field(default_factory=set)
    mentioned: set[str] = field(default_factory=set)
    whole: bool = False


def changes_for(store: Store) -> Changes:
    """An empty record of changes: worked out in part only if the store is derived now."""
    return Changes(whole=not is_current(store))


def before_writing(store: Store, changes: Changes, graphs: Iterable[str]) -> None:
    """Note these graphs as changed, with what their stored content mentions (call it
    before they are replaced or removed)."""
    if changes.whole:
        return
    names = sorted(set(graphs) - changes.graphs)
    changes.graphs.update(names)
    if not names:
        return
    found = mentions(store, names)
    if found is None or len(changes.mentioned) + len(found) > SUBJECTS_AT_MOST:
        changes.whole = True
    else:
        changes.mentioned |= found


def changes_of_update(sparql_update: str, base_iri: str | None = None) -> Changes | None:
    """What an update of data alone (INSERT DATA and DELETE DATA operations) changes: the
    IRIs of its triples, as `Changes` for `derive`; None for any other update (its WHERE
    may touch anything), one that writes a base or derived graph, or one with a blank node
    or that the parser refuses (the store then reports it)."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateUpdate
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        operations_ = translateUpdate(parseUpdate(sparql_update), base=base_iri).algebra
    except (ParseException, ValueError, TypeError):  # the whole derive (after the store's own verdict)
        return None
    fixed = {str(g) for g in (*DERIVED_GRAPHS, GRAPH_ONTOLOGY, GRAPH_VOCAB, GRAPH_REFERENCE)}
    changes = Changes()
    for operation in operations_:
        if operation.name not in ("InsertData", "DeleteData"):
            return None
        quads = dict(operation.get("quads") or {})
        if fixed & {str(g) for g in quads}:
            return None
        for s, _p, o in [*(operation.get("triples") or []), *(t for ts in quads.values() for t in ts)]:
            if isinstance(s, BNode) or isinstance(o, BNode):
                return None
            changes.mentioned.update(str(term) for term in (s, o) if not isinstance(term, Literal))
    return changes


def mentions(store: Store, graphs: list[str]) -> set[str] | None:
    """The IRIs these graphs mention; None when one holds a blank node (no VALUES names it)."""
    found: set[str] = set()
    for start in range(0, len(graphs), 500):
        rows = store.query(_with_names(MENTIONS, graphs[start:start + 500])).rows
        for row in rows:
            if isinstance(row["x"], BNode):
                return None
            found.add(str(row["x"]))
    return found


def derive(store: Store, changes: Changes | None = None) -> int | None:
    """Work the derived graphs out again from what is stored, then mark them with the
    fingerprint of what they came from and the time (keeping the time they were first
    worked out).  With `changes` (see `Changes`), only the facts about what they touch are
    worked out, where that is possible; returns how many resources that was, or None when
    everything was worked out.  The update's operations run one at a time: the engine
    runs a long update in one transaction a third slower.  The first drops the derived
    graph and its mark (or the facts about the resources touched), and the mark is written
    last, so a derive cut short is done again."""
    issued = dates(store)[0]
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    touched = _touched(store, changes) if changes is not None else None
    text = expand(resource_text("queries", DERIVED_UPDATE))
    if touched is None:
        for operation in operations(text):
            store.update(operation)
    else:
        _derive_subjects(store, text, touched)
    stamp = f'"{{}}"^^<{XSD.dateTime}>'.format
    store.update(f'INSERT DATA {{ GRAPH <{GRAPH_DERIVED}> {{ <{GRAPH_DERIVED}> <{CK.sourceHash}> '
                 f'"{fingerprint(store)}" ; <{DCTERMS.issued}> {stamp((issued or now).isoformat())} ; '
                 f'<{DCTERMS.modified}> {stamp(now.isoformat())} }} }}')
    return None if touched is None else len(touched)


def _touched(store: Store, changes: Changes) -> list[str] | None:
    """The resources whose derived facts a change can alter (sorted), or None: work
    everything out."""
    if changes.whole:
        return None
    now = mentions(store, sorted(changes.graphs))
    if now is None:
        return None
    touched = changes.mentioned | now
    for query in (REACHED, SIGNATURES):  # decisions and motions reached, then the motions' signatures
        if len(touched) > SUBJECTS_AT_MOST:
            return None
        touched |= _names(store, query, touched)
    return sorted(touched) if len(touched) <= SUBJECTS_AT_MOST else None


def _names(store: Store, query: str, names: set[str]) -> set[str]:
    found: set[str] = set()
    ordered = sorted(names)
    for start in range(0, len(ordered), 2_000):
        found |= {row["y"] for row in store.strings(_with_names(query, ordered[start:start + 2_000]))
                  if row.get("y")}
    return found


def _derive_subjects(store: Store, text: str, touched: list[str]) -> None:
    """Forget the derived facts about `touched` (and the mark), then run each INSERT of
    the update for them alone (the DROPs are left out)."""
    values = " ".join(f"<{name}>" for name in touched)
    store.update(FORGET.replace("NAMES", values))
    for operation in operations(text):
        body = "\n".join(line for line in operation.splitlines() if not line.lstrip().startswith(("PREFIX", "#")))
        if _DROP.match(body):
            continue
        if not SUBJECTS_LINE.search(operation):
            raise ValueError(f"{DERIVED_UPDATE}: an INSERT without a #@subjects line: {body.strip()[:80]}")
        store.update(SUBJECTS_LINE.sub(lambda m: f"{m['indent']}VALUES ?{m['var']} {{ {values} }}", operation))


def dates(store: Store) -> tuple[dt.datetime | None, dt.datetime | None]:
    """(issued, modified) of the store's content, from the derived graph's mark."""
    rows = store.query(MARK).rows
    if not rows:
        return None, None
    return _datetime(rows[0].get("issued")), _datetime(rows[0].get("modified"))


def _datetime(term: object) -> dt.datetime | None:
    value = getattr(term, "toPython", lambda: None)()
    return value if isinstance(value, dt.datetime) else None


def fingerprint(store: Store) -> str:
    lines = sorted(f"{row['g']} {row['hash']}" for row in store.strings(SOURCES))
    lines.append(hashlib.sha256(resource_text("queries", DERIVED_UPDATE).encode("utf-8")).hexdigest())
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def is_current(store: Store) -> bool:
    """Whether the derived graphs were worked out from what is stored now."""
    marks = [row["hash"] for row in store.strings(MARK)]
    return marks == [fingerprint(store)]
