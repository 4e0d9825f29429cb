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

import multiprocessing
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from rdflib.term import Node

from chinakg.errors import ChinaKGError, QueryError, StoreError


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


def _worker_main(conn: Connection, location: str) -> None:
    """A worker process: open the store read-only, then answer jobs until the pipe closes."""
    from chinakg.graph_store import capabilities_of, open_store
    from chinakg.server import formats

    try:  # the union of the named graphs is the default graph, where the backend lets us say so
        store = open_store(location, read_only=True, union_default_graph=capabilities_of(location).union_default_graph)
    except ChinaKGError as exc:
        conn.send(("error", "StoreError", str(exc)))
        return
    conn.send(("ready", None, None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        sparql, bindings, accept, format_param, max_rows = job
        try:
            result = store.query(sparql, bindings, max_rows=max_rows)
            if accept is None and format_param is None:
                conn.send(("result", result, None))
                continue
            fmt = formats.negotiate(accept, formats.formats_for(result.kind), format_param)
            body = formats.serialize_result(result, fmt)
            conn.send(("answer", Answer(body, fmt.media_type, result.kind, result.truncated), None))
        except formats.NotAcceptable as exc:
            conn.send(("error", "NotAcceptable", str(exc)))
        except ChinaKGError as exc:
            conn.send(("error", type(exc).__name__, str(exc)))
        except Exception as exc:  # noqa: BLE001 - a worker reports every failure and lives on
            conn.send(("error", "StoreError", f"{type(exc).__name__}: {exc}"))


class _Worker:
    def __init__(self, context: Any, location: str) -> None:
        parent, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, location), daemon=True)
        self.process.start()
        child.close()
        self.conn: Connection = parent

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise StoreError(f"a query worker did not start within {timeout:.0f} s")
        status, kind, message = self.conn.recv()
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
                 max_rows: int | None = 10_000, start_timeout: float = 60.0) -> None:
        self.location = location
        self.size = workers
        self.timeout = timeout
        self.max_rows = max_rows
        self.start_timeout = start_timeout
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self._exclusive = threading.Lock()
        self.timeouts = 0  # how many queries were stopped, for the log and tests
        self._start_all()

    def _start_all(self) -> None:
        started = [_Worker(self._context, self.location) for _ in range(self.size)]
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
            worker = _Worker(self._context, self.location)
            try:
                worker.wait_ready(self.start_timeout)
            except StoreError:
                return
            self._idle.put(worker)
        threading.Thread(target=start, daemon=True).start()

    def run(self, sparql: str, bindings: dict[str, Node] | None = None, accept: str | None = None,
            format_param: str | None = None, max_rows: int | None = None) -> Any:
        """Answer a query: an Answer when `accept` or `format_param` is given (the bytes
        in the negotiated format), else a QueryResult.  Raises QueryError for malformed
        queries, QueryTimeout past the time limit, formats.NotAcceptable, StoreError."""
        from chinakg.server.formats import NotAcceptable

        deadline = time.monotonic() + self.timeout
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty as exc:
            raise ServerBusy(f"every query worker stayed busy for {self.timeout:g} s; try again later") from exc
        limit = self.max_rows if max_rows is None else max_rows
        try:
            worker.conn.send((sparql, bindings, accept, format_param, limit))
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                worker.kill()
                self.timeouts += 1
                self._replace()
                raise QueryTimeout(f"the query ran longer than the {self.timeout:g} s limit and was stopped")
            status, payload, message = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:
            worker.kill()
            self._replace()
            raise StoreError(f"the query worker failed: {exc}") from exc
        self._idle.put(worker)
        if status == "error":
            raise {"QueryError": QueryError, "NotAcceptable": NotAcceptable}.get(payload, StoreError)(message)
        return payload

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
