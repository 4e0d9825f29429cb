"""The derived graphs: facts that follow from several sources together, worked out after
each build or removal by the update in queries/derived.ru -- `…/graph/derived` (so that the
canned queries read a decision's motion directly, `?vote ck:voteOn ?motion`, instead of
joining the vote records with the case records each time) and `…/graph/aligned` (the
external superclasses and superproperties the ontology declares, stated).

The derived graph keeps a fingerprint of what it was worked out from (every stored source's
content hash and the base graphs' hashes): a build that stores nothing new still derives
again when the fingerprint differs, as after a build killed between writing its documents
and deriving."""

from __future__ import annotations

import hashlib

from chinakg.canned import expand
from chinakg.graph_store import Store
from chinakg.namespaces import CK, GRAPH_DERIVED
from chinakg.resources import resource_text

DERIVED_UPDATE = "derived.ru"
SOURCES = f"""SELECT ?g ?hash WHERE {{
  {{ GRAPH ?g {{ ?source <{CK.contentHash}> ?hash }} }} UNION {{ GRAPH ?g {{ ?g <{CK.sourceHash}> ?hash }} }}
  FILTER (?g != <{GRAPH_DERIVED}>)
}}"""
MARK = f"SELECT ?hash WHERE {{ GRAPH <{GRAPH_DERIVED}> {{ <{GRAPH_DERIVED}> <{CK.sourceHash}> ?hash }} }}"


def derive(store: Store) -> None:
    """Work the derived graphs out again from what is stored (one update: one transaction
    in the embedded store), then mark them with the fingerprint of what they came from."""
    store.update(expand(resource_text("queries", DERIVED_UPDATE)))
    store.update(f'INSERT DATA {{ GRAPH <{GRAPH_DERIVED}> {{ <{GRAPH_DERIVED}> <{CK.sourceHash}> '
                 f'"{fingerprint(store)}" }} }}')


def fingerprint(store: Store) -> str:
    lines = sorted(f"{row['g']} {row['hash']}" for row in store.query(SOURCES).rows)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def is_current(store: Store) -> bool:
    """Whether the derived graphs were worked out from what is stored now."""
    marks = [str(row["hash"]) for row in store.query(MARK).rows]
    return marks == [fingerprint(store)]
