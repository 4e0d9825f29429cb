"""The derived graph (`…/graph/derived`): facts that follow from several sources together,
worked out after each build or removal by the update in queries/derived.ru, so that the
canned queries read a decision's motion directly (`?vote ck:voteOn ?motion`) instead of
joining the vote records with the case records each time."""

from __future__ import annotations

from chinakg.canned import expand
from chinakg.graph_store import Store
from chinakg.namespaces import GRAPH_DERIVED
from chinakg.resources import resource_text

DERIVED_UPDATE = "derived.ru"


def derive(store: Store) -> None:
    """Work the derived graph out again from what is stored (one update: one transaction
    in the embedded store)."""
    store.update(expand(resource_text("queries", DERIVED_UPDATE)))


def has_derived(store: Store) -> bool:
    return bool(store.query(f"ASK {{ GRAPH <{GRAPH_DERIVED}> {{ ?s ?p ?o }} }}").boolean)
