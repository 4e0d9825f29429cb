"""Store backends behind one interface, and the one place that picks a backend.

A location names a store: an `http(s)://` URL is a SPARQL 1.1 server (RemoteStore),
`:memory:` an in-memory store, anything else a folder for the embedded pyoxigraph store.
`backend_for` reads a location, `open_store` opens it; what a backend can do is in its
`capabilities` (atomic batches, one exclusive writer, a configurable default graph).

To add a backend: implement `Store` (graph_store/base.py) in a module of its own, give
it `capabilities`, and add a line to BACKENDS.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from chinakg.graph_store.base import Capabilities, QueryDataset, QueryResult, Store, ntriples
from chinakg.graph_store.embedded import EmbeddedStore
from chinakg.graph_store.remote import RemoteStore

from chinakg.errors import StoreError
from chinakg.folder import FolderLock, check_folder
from chinakg.settings import DEFAULT_STORE, DUMP_FORMATS, STORE_ENV, resolve_location

__all__ = ["DEFAULT_STORE", "DUMP_FORMATS", "STORE_ENV", "Capabilities", "EmbeddedStore", "QueryDataset", "QueryResult",
           "RemoteStore", "Store", "backend_for",
           "capabilities_of", "hold_for_server", "ntriples", "open_store", "resolve_location"]

#: (does this location name the backend?, the backend), tried in order
BACKENDS: list[tuple[Callable[[str], bool], type[Store]]] = [
    (lambda where: where.startswith(("http://", "https://")), RemoteStore),
    (lambda where: True, EmbeddedStore),  # a folder, or ":memory:"
]
MEMORY = ":memory:"


def backend_for(location: str | None) -> type[Store]:
    where = resolve_location(location)
    return next(backend for matches, backend in BACKENDS if matches(where))


def capabilities_of(location: str | None) -> Capabilities:
    return backend_for(location).capabilities


def open_store(location: str | None = None, read_only: bool = False, union_default_graph: bool = False,
               lock: bool = True) -> Store:
    """Open the store a location names.  `read_only` opens an existing store for reading
    (beside a writer, for a server's workers) and refuses writes; `union_default_graph` lets
    queries see every named graph as the default graph, and is refused by a backend whose
    server decides that itself; `lock=False` opens without taking the folder's lock (for
    a server that holds it already, and its workers)."""
    where = resolve_location(location)
    backend = backend_for(where)
    if union_default_graph and not backend.capabilities.union_default_graph:
        raise StoreError(f"{where}: the server decides its default graph; it cannot be set to the union here")
    if backend is RemoteStore:
        return RemoteStore(where, read_only=read_only)
    if where == MEMORY:
        return EmbeddedStore(None, union_default_graph=union_default_graph)
    return EmbeddedStore(Path(where), read_only=read_only, union_default_graph=union_default_graph, lock=lock)


def hold_for_server(location: str, writes: bool) -> FolderLock | None:
    """For a backend with one exclusive writer: the lock a server holds while it serves
    the folder.  A read-only server holds it shared, so that no build (and no server that
    writes) runs under its readers; a server that accepts updates holds it exclusively, so
    that no other server or reader sees the store change under it.  The server's own
    handles are then opened with `lock=False`.  None for other backends."""
    if not capabilities_of(location).exclusive_writer or location == MEMORY:
        return None
    check_folder(location, must_exist=True)
    return FolderLock(location, shared=not writes)
