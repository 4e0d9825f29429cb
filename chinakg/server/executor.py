"""Queries run in worker processes, so that a query past its time limit can be stopped.

A SPARQL engine cannot be interrupted from another thread, so each worker is a process
with its own read-only handle on the store.  A request borrows an idle worker, sends it
the query and waits at most `timeout` seconds; a worker that does not answer in time is
killed and replaced, and the request fails with QueryTimeout.  Other queries keep their
own workers, so one expensive query does not hold up the rest.

A worker answers either with the serialised bytes in a negotiated format (for the
protocol endpoints) or with a QueryResult (for the pages the server renders itself).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import queue
import resource
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from rdflib import Graph

from chinakg.errors import ChinaKGError, QueryError, StoreError
from chinakg.graph_store.base import Bindings, QueryDataset


class QueryTimeout(ChinaKGError):
    """A query ran past the server's time limit and was stopped."""


class ServerBusy(ChinaKGError):
    """No worker became free within the time limit."""


@dataclass
class Answer:
    """Serialised query results: the body, its media type, and whether rows were cut off."""

    body: bytes
    media_type: str
    kind: str
    truncated: bool


@dataclass
class Bounds:
    """What one query may take: rows and bytes of its answer, and the worker's memory
    (its address space; past it the engine stops the worker, and the query is refused
    from then on).  A worker holding more than `retire_mb` after a query is replaced, so
    that the memory of one large answer is given back."""

    max_rows: int | None = 10_000
    max_bytes: int = 64 * 2**20
    memory_mb: int | None = 4096
    retire_mb: int = 768


def _worker_main(conn: Connection, location: str, bounds: Bounds, base_iri: str | None) -> None:
    """A worker process: open the store read-only, then answer jobs until the pipe closes."""
    from chinakg.graph_store import capabilities_of, open_store
    from chinakg.server import formats

    if bounds.memory_mb:
        limit = bounds.memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:  # the union of the named graphs is the default graph, where the backend lets us say so
        store = open_store(location, read_only=True, union_default_graph=capabilities_of(location).union_default_graph,
                           lock=False)  # the server holds the folder's lock for its workers
    except ChinaKGError as exc:
        conn.send(("error", "StoreError", str(exc)))
        return
    if hasattr(store, "base_iri"):
        store.base_iri = base_iri  # relative IRIs in queries resolve against the server's base IRI
    conn.send(("ready", None, None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        sparql, bindings, accept, format_param, max_rows, query_dataset = job
        try:
            result = store.query(sparql, bindings, max_rows=max_rows, dataset=query_dataset)
            if accept is None and format_param is None:
                conn.send(("result", result, _retire(bounds)))
                continue
            fmt = formats.negotiate(accept, formats.formats_for(result.kind), format_param)
            body = bounded_body(result, fmt, bounds.max_bytes)
            conn.send(("answer", Answer(body, fmt.media_type, result.kind, result.truncated), _retire(bounds)))
        except formats.NotAcceptable as exc:
            conn.send(("error", "NotAcceptable", str(exc)))
        except MemoryError:
            conn.send(("error", "QueryError", f"the query needs more than the {bounds.memory_mb} MB a query may "
                       "take; narrow it or add LIMIT"))
        except ChinaKGError as exc:
            conn.send(("error", type(exc).__name__, str(exc)))
        except Exception as exc:  # noqa: BLE001 - a worker reports every failure and lives on
            conn.send(("error", "StoreError", f"{type(exc).__name__}: {exc}"))


def bounded_body(result: Any, fmt: Any, max_bytes: int) -> bytes:
    """The serialised result, its rows (or triples) cut until it fits in `max_bytes`."""
    from chinakg.server import formats

    body = formats.serialize_result(result, fmt)
    while len(body) > max_bytes and (result.rows or result.graph):
        items = result.rows or list(result.graph)
        keep = int(len(items) * max_bytes / len(body) * 0.9)
        if result.rows:
            result.rows = result.rows[:keep]
        else:
            kept = Graph()
            for triple in items[:keep]:
                kept.add(triple)
            result.graph = kept
        result.truncated = True
        body = formats.serialize_result(result, fmt)
    return body


def _retire(bounds: Bounds) -> bool:
    """Whether this worker holds more memory than it should keep between queries."""
    try:
        with open("/proc/self/statm") as statm:
            resident_pages = int(statm.read().split()[1])
    except (OSError, ValueError, IndexError):
        return False
    return resident_pages * resource.getpagesize() > bounds.retire_mb * 2**20


class _Worker:
    def __init__(self, context: Any, location: str, bounds: Bounds, base_iri: str | None) -> None:
        parent, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, location, bounds, base_iri), daemon=True)
        self.process.start()
        child.close()
        self.conn: Connection = parent

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise StoreError(f"a query worker did not start within {timeout:.0f} s")
        try:
            status, kind, message = self.conn.recv()
        except (EOFError, OSError):
            status, message = "error", f"a query worker stopped while starting (exit {self.process.exitcode})"
        if status != "ready":
            self.kill()
            raise StoreError(message)

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class QueryPool:
    """`workers` processes answering SPARQL queries on the store at `location`."""

    def __init__(self, location: str, workers: int = 2, timeout: float = 30.0,
                 bounds: Bounds | None = None, start_timeout: float = 60.0, base_iri: str | None = None) -> None:
        self.location = location
        self.base_iri = base_iri
        self.size = workers
        self.timeout = timeout
        self.bounds = bounds or Bounds()
        self.max_rows = self.bounds.max_rows
        self.start_timeout = start_timeout
        self._fatal: OrderedDict[str, str] = OrderedDict()  # queries that stopped a worker -> why
        self.fatal_limit = 1000
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self._exclusive = threading.Lock()
        self.timeouts = 0  # how many queries were stopped, for the log and tests
        self.stopped = 0  # how many workers died on a query
        self._start_all()

    def _start_all(self) -> None:
        started = [_Worker(self._context, self.location, self.bounds, self.base_iri) for _ in range(self.size)]
        try:
            for worker in started:
                worker.wait_ready(self.start_timeout)
        except StoreError:
            for worker in started:
                worker.kill()
            raise
        for worker in started:
            self._idle.put(worker)

    def _replace(self) -> None:
        """Start a worker in place of a killed one (in the background: it takes a second)."""
        def start() -> None:
            if self._closed:
                return
            worker = _Worker(self._context, self.location, self.bounds, self.base_iri)
            try:
                worker.wait_ready(self.start_timeout)
            except StoreError:
                return
            self._idle.put(worker)
        threading.Thread(target=start, daemon=True).start()

    def run(self, sparql: str, bindings: Bindings | None = None, accept: str | None = None,
            format_param: str | None = None, max_rows: int | None = None,
            dataset: QueryDataset | None = None) -> Any:
        """Answer a query: an Answer when `accept` or `format_param` is given (the bytes
        in the negotiated format), else a QueryResult; `dataset` is the protocol's.  Raises
        QueryError for malformed queries, QueryTimeout past the time limit,
        formats.NotAcceptable, StoreError."""
        from chinakg.server.formats import NotAcceptable

        key = _job_key(sparql, bindings) + (repr(dataset) if dataset else "")
        if key in self._fatal:
            raise QueryError(f"this query stopped the query engine before ({self._fatal[key]}); it is refused")
        deadline = time.monotonic() + self.timeout
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty as exc:
            raise ServerBusy(f"every query worker stayed busy for {self.timeout:g} s; try again later") from exc
        limit = self.max_rows if max_rows is None else max_rows
        try:
            worker.conn.send((sparql, bindings, accept, format_param, limit, dataset))
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                worker.kill()
                self.timeouts += 1
                self._replace()
                raise QueryTimeout(f"the query ran longer than the {self.timeout:g} s limit and was stopped")
            status, payload, extra = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:
            why = self._stopped(worker, key)
            raise StoreError(f"the query engine stopped on this query ({why}); the query is refused from "
                             "now on, other queries are not affected") from exc
        if status == "error":
            self._idle.put(worker)
            raise {"QueryError": QueryError, "NotAcceptable": NotAcceptable}.get(payload, StoreError)(extra)
        if extra:  # the worker holds too much memory after this answer: give it back
            worker.kill()
            self._replace()
        else:
            self._idle.put(worker)
        return payload

    def _stopped(self, worker: _Worker, key: str) -> str:
        """A worker died on a query: replace it, and remember the query so that it is not
        run again (a query that aborts the engine would otherwise stop worker after worker)."""
        worker.kill()
        self._replace()
        code = worker.process.exitcode
        why = (f"the engine aborted (signal {-code}): past the memory bound of {self.bounds.memory_mb} MB, or "
               "a fault of the engine" if code is not None and code < 0 else f"the worker exited with {code}")
        self._fatal[key] = why
        while len(self._fatal) > self.fatal_limit:
            self._fatal.popitem(last=False)
        self.stopped += 1
        return why

    def exclusive(self, action: Callable[[], None]) -> None:
        """Run `action` (an update) with no worker holding the store: wait until every
        worker is idle, stop them all, run it, and start fresh workers that see its result."""
        with self._exclusive:
            stopped = []
            try:
                for _ in range(self.size):
                    stopped.append(self._idle.get(timeout=self.timeout + self.start_timeout))
            except queue.Empty as exc:
                for worker in stopped:
                    self._idle.put(worker)
                raise ServerBusy("the query workers stayed busy; the update was not run") from exc
            for worker in stopped:
                worker.kill()
            try:
                action()
            finally:
                self._start_all()

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().kill()
            except queue.Empty:
                break


def _job_key(sparql: str, bindings: Bindings | None) -> str:
    text = sparql + "\n" + repr(sorted((bindings or {}).items()))
    return hashlib.sha256(" ".join(text.split()).encode("utf-8", "surrogatepass")).hexdigest()
