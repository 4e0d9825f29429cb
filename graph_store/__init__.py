"""Store backends behind one interface: embedded (pyoxigraph on disk) and remote (SPARQL 1.1)."""

from __future__ import annotations

import os
from pathlib import Path

from chinakg.graph_store.base import QueryResult, Store
from chinakg.graph_store.embedded import EmbeddedStore
from chinakg.graph_store.remote import RemoteStore

DEFAULT_STORE = "chinakg-store"
STORE_ENV = "CHINAKG_STORE"

__all__ = ["DEFAULT_STORE", "STORE_ENV", "EmbeddedStore", "QueryResult", "RemoteStore", "Store",
           "open_store", "resolve_location"]


def resolve_location(location: str | None) -> str:
    """--store value, else $CHINAKG_STORE, else ./chinakg-store."""
    return location or os.environ.get(STORE_ENV) or DEFAULT_STORE


def open_store(location: str | None = None, read_only: bool = False, union_default_graph: bool = False) -> Store:
    """An http(s) URL opens a remote store; anything else is a folder for the embedded one.
    `read_only` opens an existing embedded store for reading, beside a writer;
    `union_default_graph` lets queries see every named graph as the default graph."""
    where = resolve_location(location)
    if where.startswith(("http://", "https://")):
        return RemoteStore(where)
    if where == ":memory:":
        return EmbeddedStore(None)
    return EmbeddedStore(Path(where), read_only=read_only, union_default_graph=union_default_graph)
