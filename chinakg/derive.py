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
`dcterms:modified` when they were last worked out, which is after every change."""

from __future__ import annotations

import datetime as dt
import hashlib

from rdflib.namespace import DCTERMS, XSD

from chinakg.canned import expand
from chinakg.graph_store import Store
from chinakg.namespaces import CK, DERIVED_GRAPHS, GRAPH_DERIVED
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

def derive(store: Store) -> None:
    """Work the derived graphs out again from what is stored, then mark them with the
    fingerprint of what they came from and the time (keeping the time they were first
    worked out).  The update's operations run one at a time: the engine runs a long
    update in one transaction a third slower.  The first drops the derived graph and its
    mark, and the mark is written last, so a derive cut short is done again."""
    issued = dates(store)[0]
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for operation in operations(expand(resource_text("queries", DERIVED_UPDATE))):
        store.update(operation)
    stamp = f'"{{}}"^^<{XSD.dateTime}>'.format
    store.update(f'INSERT DATA {{ GRAPH <{GRAPH_DERIVED}> {{ <{GRAPH_DERIVED}> <{CK.sourceHash}> '
                 f'"{fingerprint(store)}" ; <{DCTERMS.issued}> {stamp((issued or now).isoformat())} ; '
                 f'<{DCTERMS.modified}> {stamp(now.isoformat())} }} }}')


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
