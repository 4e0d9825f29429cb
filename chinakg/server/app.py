"""`chinakg serve`: the graph as a linked-data publication over HTTP (standard library only).

Routes:
    /                      home page
    /sparql                SPARQL 1.1 Protocol (GET, POST form or application/sparql-query);
                           the query page when called without a query
    /queries               the canned queries (JSON or HTML)
    /queries/{name}        run one: ?param=value, results in any SELECT format or HTML
    /.well-known/void      VoID and DCAT description of the dataset
    /dump                  the whole dataset: ?format=nquads|trig|turtle
    /{path}                the resource <base IRI + path>, as HTML, Turtle, JSON-LD or N-Triples

Queries run in worker processes (see executor.py) with a time limit and a row limit.
Updates are refused with 403 unless the server was started with allow_updates and a token;
after each update the derived graphs are worked out again (chinakg.derive).
"""

from __future__ import annotations

import hmac
import json
import math
import re
import sys
import threading
import time
import traceback
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from rdflib import URIRef

from chinakg import answers
from chinakg.canned import CannedQuery, bindings_for, get_query, kept_answer, list_queries
from chinakg.derive import MARK, changes_of_update, derive, is_current
from chinakg.errors import ChinaKGError, QueryError, StoreError
from chinakg.graph_store import QueryDataset, QueryResult, Store, capabilities_of, hold_for_server, open_store
from chinakg.graph_store.base import Bindings, from_json
from chinakg.namespaces import BASE, sparql_prefixes
from chinakg.server import dataset, finder, formats, pages
from chinakg.server.cache import AnswerCache, Cached, StoreState
from chinakg.server.executor import Answer, Bounds, QueryPool, QueryTimeout, ServerBusy, bounded_body
from chinakg.sparql_guard import refuse_service, total_order, with_using

MAX_BODY = 1_000_000  # bytes of a POSTed query or update
HOST_HEADER = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$")
UPDATE_FORM = ("update",)
#: the protocol's dataset parameters (default graphs, named graphs) of a query and of an update
QUERY_DATASET = ("default-graph-uri", "named-graph-uri")
UPDATE_DATASET = ("using-graph-uri", "using-named-graph-uri")
ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass
class ServerConfig:
    store: str
    host: str = "127.0.0.1"
    port: int = 8000
    base_iri: str = BASE
    public_url: str | None = None  # where clients reach the server; default: the address it listens on
    timeout: float = 30.0
    max_rows: int = 10_000
    max_result_mb: float = 64.0  # bytes of one answer; rows past it are cut off, as past max_rows
    worker_memory_mb: int | None = 4096  # address space of a query worker
    workers: int = 2
    per_client: int | None = None  # requests one client address may have running; default: workers - 1 (≥ 1)
    allow_updates: bool = False
    update_token: str | None = None
    license: str = dataset.DEFAULT_LICENSE
    cache_mb: float = 256.0  # answers of canned queries and pages kept until the next update; 0: none
    publisher: dataset.Publisher = field(default_factory=dataset.Publisher)
    log: Any = field(default=sys.stderr, repr=False)


class HTTPError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


class Publication:
    """The server's state: configuration, query workers, a store handle for dumps and
    updates, and the statistics counted at start."""

    def __init__(self, config: ServerConfig) -> None:
        if config.allow_updates and not config.update_token:
            raise ChinaKGError("updates need a token: give --update-token or $CHINAKG_UPDATE_TOKEN")
        if not config.base_iri.endswith(("/", "#")):
            raise ChinaKGError(f"the base IRI must end with / or #: {config.base_iri}")
        self.config = config
        self.site = pages.Site(config.base_iri)
        # A store with one exclusive writer (the embedded one) is read by worker processes
        # that open it read-only; the shared lock keeps builds from writing under them.
        self.exclusive = capabilities_of(config.store).exclusive_writer
        self._serving_lock = hold_for_server(config.store, writes=config.allow_updates)
        self.store: Store = self._open_reader()
        bounds = Bounds(max_rows=config.max_rows, max_bytes=int(config.max_result_mb * 2**20),
                        memory_mb=config.worker_memory_mb)
        self.pool = QueryPool(config.store, workers=config.workers, timeout=config.timeout, bounds=bounds,
                              base_iri=config.base_iri)
        self.queries: list[CannedQuery] = list_queries()
        self._void: dict[str, Any] = {}
        self._lock = threading.Lock()
        self.per_client = config.per_client or max(1, config.workers - 1)
        self._running: dict[str, int] = {}  # client address -> requests running (entries at 0 are dropped)
        self._resting: dict[str, float] = {}  # client address -> until when it is refused (monotonic seconds)
        self.stats = self._statistics()
        self.state = StoreState(*self._marks())
        self.cache = AnswerCache(int(config.cache_mb * 2**20))
        self.finder = finder.Finder(self.run_whole)
        # worked out while the server starts answering, so that the first search does not wait
        threading.Thread(target=self.finder.index, args=(self.state.etag,), daemon=True).start()

    def _marks(self) -> tuple[str, float | None]:
        """The derived graph's fingerprint and modification time: what the store holds."""
        rows = self.run(MARK).rows
        if not rows:
            return "", None
        modified = rows[0].get("modified")
        stamp = modified.toPython() if modified is not None else None
        return str(rows[0]["hash"]), stamp.timestamp() if hasattr(stamp, "timestamp") else None

    @contextmanager
    def client_slot(self, address: str) -> Iterator[Callable[[], None]]:
        """Hold one of the `per_client` requests a client address may have running at once,
        so that one client cannot take every worker; past it the request gets 429.  Yields
        the release, which the handler calls before it answers (a client's next request may
        come the moment it has the answer)."""
        with self._lock:
            rest = self._resting.get(address, 0.0) - time.monotonic()
            if rest > 0:
                raise HTTPError(HTTPStatus.TOO_MANY_REQUESTS, "this client's last query ran past the time limit; "
                                f"send the next in {rest:.0f} s", {"Retry-After": str(math.ceil(rest))})
            if self._running.get(address, 0) >= self.per_client:
                raise HTTPError(HTTPStatus.TOO_MANY_REQUESTS, f"this client already has {self.per_client} "
                                "request(s) running; wait for an answer before sending the next", {"Retry-After": "1"})
            self._running[address] = self._running.get(address, 0) + 1
        held = [True]

        def release() -> None:
            with self._lock:
                if held[0]:
                    held[0] = False
                    self._running[address] -= 1
                    if not self._running[address]:
                        del self._running[address]
        try:
            yield release
        finally:
            release()

    def run(self, sparql: str, bindings: Bindings | None = None) -> Any:
        return self.pool.run(sparql, bindings)

    def run_whole(self, sparql: str, bindings: Bindings | None = None) -> Any:
        """The server's own listings (the search index): not cut at the clients' row limit."""
        return self.pool.run(sparql, bindings, max_rows=WHOLE)

    def _statistics(self) -> dict[str, int]:
        names = {"documents": dataset.STATISTICS["documents"], "triples": dataset.STATISTICS["triples"]}
        return {name: dataset.count(self.run, sparql) for name, sparql in names.items()}

    def rest(self, address: str) -> None:
        """A client whose query ran past the time limit waits as long before its next one,
        so that a client looping expensive queries holds a worker at most half the time."""
        with self._lock:
            now = time.monotonic()
            if len(self._resting) > 10_000:  # bounded: forget those whose rest is over
                self._resting = {a: until for a, until in self._resting.items() if until > now}
            self._resting[address] = now + self.config.timeout

    def void(self, service_url: str) -> Any:
        """The VoID/DCAT graph for the service URL (counted once until an update; the URL
        comes from the configuration, so there is one entry)."""
        with self._lock:
            if service_url not in self._void:
                self._void[service_url] = dataset.describe_dataset(self.run, service_url, self.config.base_iri,
                                                                   self.config.license, self.config.publisher)
            return self._void[service_url]

    def _open_reader(self) -> Store:
        return open_store(self.config.store, read_only=self.exclusive, lock=False)  # this server holds the lock

    def update(self, sparql_update: str) -> None:
        """Run an update while no worker reads the store, then let fresh workers read it."""
        self.pool.exclusive(lambda: self._write(sparql_update))
        with self._lock:
            self._void.clear()
            self.state.changed()
            self.cache.clear()
        self.stats = self._statistics()

    def _write(self, sparql_update: str) -> None:
        """Run the update, then work the derived graphs out again from what it left (the
        summaries the canned queries read follow every change; an update of the derived
        graphs themselves is overwritten by them)."""
        if not self.exclusive:
            self._update_and_derive(self.store, sparql_update)
            return
        self.store.close()  # no reader may be open beside the writer
        try:
            writer = open_store(self.config.store, lock=False)  # this server holds the lock
            writer.base_iri = self.config.base_iri  # type: ignore[attr-defined]
            try:
                self._update_and_derive(writer, sparql_update)
            finally:
                writer.close()
        finally:
            self.store = self._open_reader()

    def _update_and_derive(self, store: Store, sparql_update: str) -> None:
        """An update of data alone (INSERT DATA, DELETE DATA) on a store derived before it
        is derived again in part, for the resources its triples name; any other everything."""
        changes = changes_of_update(sparql_update, self.config.base_iri)
        if changes is not None and not is_current(store):
            changes = None
        store.update(sparql_update)
        derive(store, changes)

    def close(self) -> None:
        self.pool.close()
        self.store.close()
        if self._serving_lock:
            self._serving_lock.release()


class Handler(BaseHTTPRequestHandler):
    server_version = "chinakg"
    protocol_version = "HTTP/1.1"
    timeout = 60  # seconds a client may take to send its request
    publication: Publication  # set on the subclass made by make_server

    # -- plumbing
    def do_GET(self) -> None:  # noqa: N802 - the http.server naming
        self._dispatch("GET")

    def do_HEAD(self) -> None:  # noqa: N802
        self._dispatch("HEAD")

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch("POST")

    def do_PUT(self) -> None:  # noqa: N802 - no graph store protocol here: 405, not 501
        self._not_allowed()

    def do_DELETE(self) -> None:  # noqa: N802
        self._not_allowed()

    def do_PATCH(self) -> None:  # noqa: N802
        self._not_allowed()

    def _not_allowed(self) -> None:
        self.release_slot = lambda: None
        self.close_connection = True  # whatever body came with it is not read: the connection closes
        self._send_text(HTTPStatus.METHOD_NOT_ALLOWED, f"{self.command} is not accepted here: read with GET or "
                        "HEAD, query and update with POST to /sparql", {"Allow": "GET, HEAD, POST, OPTIONS"})

    def do_OPTIONS(self) -> None:  # noqa: N802
        self.send_response(HTTPStatus.NO_CONTENT)
        self._cors()
        self.send_header("Access-Control-Allow-Methods", "GET, POST, HEAD, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Accept, Content-Type, Authorization")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _dispatch(self, method: str) -> None:
        url = urllib.parse.urlsplit(self.path)
        self.url_path = urllib.parse.unquote(url.path)
        self.params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        self.form_params: dict[str, list[str]] = {}  # a POSTed form's fields, once read
        self.release_slot: Callable[[], None] = lambda: None  # the client's slot, given back before answering
        self.body_length: int | None = None  # a POST body's length, once its framing is checked
        self.body_read = False
        self.validators: dict[str, str] = {}  # ETag and Last-Modified, for what the store state decides
        self.cache_key: tuple[str, ...] | None = None  # where to keep this answer, if it may be kept
        try:
            self._check_framing(method)
            with self.publication.client_slot(self.client_address[0]) as self.release_slot:
                self._route(method)
        except HTTPError as exc:
            self._send_text(exc.status, exc.message, exc.headers)
        except formats.NotAcceptable as exc:
            self._send_text(HTTPStatus.NOT_ACCEPTABLE, str(exc))
        except QueryTimeout as exc:
            self.publication.rest(self.client_address[0])
            self._send_text(HTTPStatus.SERVICE_UNAVAILABLE, str(exc))
        except ServerBusy as exc:
            self._send_text(HTTPStatus.SERVICE_UNAVAILABLE, str(exc), {"Retry-After": "5"})
        except QueryError as exc:
            self._send_text(HTTPStatus.BAD_REQUEST, str(exc))
        except (StoreError, ChinaKGError) as exc:
            self._send_text(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc))
        except (BrokenPipeError, ConnectionResetError):
            return
        except Exception:  # noqa: BLE001 - a bug: log it, answer 500, keep serving
            self.log_message("internal error on %s %s\n%s", method, self.path, traceback.format_exc())
            self._send_text(HTTPStatus.INTERNAL_SERVER_ERROR, "internal server error (logged on the server)")

    def _check_framing(self, method: str) -> None:
        """Refuse what would let a request's bytes be read wrongly: a malformed Host, a POST
        body without a length it can be read by (missing, negative, not a number, chunked),
        or over MAX_BODY.  The connection is closed after such an answer, since what follows
        on it cannot be told apart from the next request."""
        host = self.headers.get("Host")
        if host is not None and not HOST_HEADER.match(host):
            raise HTTPError(HTTPStatus.BAD_REQUEST, "the Host header is not a host name or address with a port")
        if method != "POST":
            return
        if self.headers.get("Transfer-Encoding"):
            raise HTTPError(HTTPStatus.LENGTH_REQUIRED, "chunked request bodies are not accepted: send the body "
                            "with a Content-Length")
        given = self.headers.get("Content-Length")
        if given is None:
            raise HTTPError(HTTPStatus.LENGTH_REQUIRED, "a POST needs a Content-Length")
        if not given.strip().isdigit():
            raise HTTPError(HTTPStatus.BAD_REQUEST, f"Content-Length {given!r} is not a number of bytes")
        if int(given) > MAX_BODY:
            raise HTTPError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the request body is over {MAX_BODY} bytes")
        self.body_length = int(given)

    def _body(self) -> str:
        """The POST body, read whole (its framing was checked), in UTF-8: the only charset
        the SPARQL protocol's media types allow here."""
        assert self.body_length is not None
        charset = re.search(r";\s*charset=\"?([^\s;\"]+)", self.headers.get("Content-Type") or "", re.I)
        raw = self.rfile.read(self.body_length)
        self.body_read = True
        if charset and charset.group(1).lower() not in ("utf-8", "utf8"):
            raise HTTPError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, f"the body's charset is {charset.group(1)}; "
                            "send it in UTF-8")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise HTTPError(HTTPStatus.BAD_REQUEST, f"the body is not UTF-8 ({exc.reason} at byte {exc.start})") \
                from None

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the http.server signature
        log = self.publication.config.log
        if log is not None:
            log.write(f"{self.address_string()} {format % args}\n")

    def _cors(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")

    def _send(self, status: int, body: bytes, media_type: str, headers: dict[str, str] | None = None) -> None:
        self.release_slot()
        if self.command == "POST" and not getattr(self, "body_read", True):
            self.close_connection = True  # its body was not read: the connection cannot carry another request
        self.send_response(status)
        if self.close_connection:
            self.send_header("Connection", "close")
        charset = "; charset=utf-8" if media_type.startswith("text/") or "json" in media_type or "xml" in media_type \
            else ""
        self.send_header("Content-Type", media_type + charset)
        self.send_header("Content-Length", str(len(body)))
        self._cors()
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if status == 200 and self.validators:
            for name, value in self.validators.items():
                self.send_header(name, value)
            if self.cache_key is not None:
                self.publication.cache.put(self.cache_key, Cached(body, media_type, tuple((headers or {}).items())))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_text(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self._send(status, (message.rstrip() + "\n").encode("utf-8"), "text/plain", headers)

    def _accept(self) -> str:
        return self.headers.get("Accept") or "*/*"

    def _format(self) -> str | None:
        """The `format` parameter.  It may repeat (SPARQLWrapper sends `format=tsv&format=
        text/tab-separated-values`) as long as every value names the same format."""
        values = self.params.get("format") or []
        names = {formats.canonical_name(v) for v in values}
        if len(names) > 1:
            raise HTTPError(HTTPStatus.BAD_REQUEST, f"the format parameter names different formats: {values}")
        return values[0] if values else None

    def _param(self, name: str) -> str | None:
        values = self.params.get(name)
        if values and len(values) > 1:
            raise HTTPError(HTTPStatus.BAD_REQUEST, f"give the parameter {name!r} once")
        return values[0] if values else None

    def _service_url(self) -> str:
        """Where clients reach the server, for published links: --public-url, else the
        address it listens on.  Never the request's Host header, which any client sets."""
        config = self.publication.config
        if config.public_url:
            return config.public_url
        host = f"[{config.host}]" if ":" in config.host else config.host
        return f"http://{host}:{self.server.server_address[1]}/"

    # -- routes
    def _route(self, method: str) -> None:
        path = self.url_path
        if path == "/sparql/":  # the protocol tests' address, and a common spelling
            path = "/sparql"
        if method == "POST" and path != "/sparql":
            raise HTTPError(HTTPStatus.METHOD_NOT_ALLOWED, f"POST is only for /sparql, not {path}", {"Allow": "GET"})
        if path == "/sparql":
            return self._sparql(method)
        if path != "/dump":  # canned queries and pages: validators, and answers kept until the store changes
            return self._cached(lambda: self._page(path))
        return self._dump()

    def _page(self, path: str) -> None:
        if path == "/queries" or path == "/queries/":
            return self._queries()
        if path.startswith("/queries/"):
            return self._canned(path[len("/queries/"):])
        if path == "/.well-known/void":
            return self._void()
        if path == "/":
            return self._home()
        if path == "/search":
            return self._search()
        if path == "/browse":
            return self._browse()
        return self._resource(path)

    def _cached(self, answer: Callable[[], None]) -> None:
        """Answer with the store state's validators: 304 when the client has this state's
        answer, the kept answer when there is one, else `answer()` (and keep what it sends)."""
        state = self.publication.state
        self.validators = {"ETag": state.etag, "Last-Modified": state.last_modified, "Cache-Control": "no-cache"}
        if state.matches(self.headers.get("If-None-Match")):
            self.release_slot()
            self.send_response(HTTPStatus.NOT_MODIFIED)
            for name, value in self.validators.items():
                self.send_header(name, value)
            self._cors()
            self.end_headers()
            return
        self.cache_key = (state.etag, self.path, self._accept())
        kept = self.publication.cache.get(self.cache_key)
        if kept is not None:
            self.validators["X-Chinakg-Cache"] = "hit"
            return self._send(200, kept.body, kept.media_type, dict(kept.headers))
        self.validators["X-Chinakg-Cache"] = "miss"
        answer()

    def _sparql(self, method: str) -> None:
        query, update = self._read_operation(method)
        if update is not None:
            return self._update(self._using(update))
        if query is None:
            fmt = formats.negotiate(self._accept(), (formats.HTML, formats.JSON_RESULTS))
            if fmt is formats.HTML:
                return self._send(200, pages.query_page(self.publication.queries, self.publication.site, "/sparql"),
                                  "text/html")
            raise HTTPError(HTTPStatus.BAD_REQUEST, "no query: give ?query=... or POST one")
        refuse_service(query)
        answer = self.publication.pool.run(total_order(query), accept=self._accept(), format_param=self._format(),
                                           dataset=self._query_dataset())
        self._send_answer(answer)

    def _dataset(self, names: tuple[str, str], other: tuple[str, str], kind: str) -> tuple[list[str], list[str]]:
        """The graph IRIs of the protocol's two dataset parameters `names` (default, named),
        from the URL and a posted form; the parameters `other` belong to the other `kind` of
        operation and are refused."""
        for name in other:
            if name in self.params or name in self.form_params:
                raise HTTPError(HTTPStatus.BAD_REQUEST, f"{name} is not for {kind}: {kind} take {' and '.join(names)}")
        given = tuple(self.params.get(name, []) + self.form_params.get(name, []) for name in names)
        for name, iris in zip(names, given, strict=True):
            for iri in iris:
                if not _safe_iri(iri) or not ABSOLUTE_IRI.match(iri):
                    raise HTTPError(HTTPStatus.BAD_REQUEST, f"{name} must be an absolute IRI, not {iri!r}")
        return given

    def _query_dataset(self) -> QueryDataset | None:
        """The protocol's dataset for a query (default-graph-uri, named-graph-uri), if given."""
        default, named = self._dataset(QUERY_DATASET, UPDATE_DATASET, "queries")
        return QueryDataset(tuple(default), tuple(named)) if default or named else None

    def _using(self, update: str) -> str:
        """The update with the protocol's dataset (using-graph-uri, using-named-graph-uri) put in."""
        default, named = self._dataset(UPDATE_DATASET, QUERY_DATASET, "updates")
        return with_using(update, default, named) if default or named else update

    def _read_operation(self, method: str) -> tuple[str | None, str | None]:
        """(query, update) from the request, per the SPARQL 1.1 Protocol."""
        if any(name in self.params for name in UPDATE_FORM) and method == "GET":
            raise HTTPError(HTTPStatus.METHOD_NOT_ALLOWED, "updates are not accepted with GET: POST them",
                            {"Allow": "POST"})
        if method != "POST":
            return self._param("query"), None
        body = self._body()
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type == "application/sparql-query":
            return body, None
        if content_type == "application/sparql-update":
            return None, body
        if content_type == "application/x-www-form-urlencoded":
            return self._form_operation(urllib.parse.parse_qs(body, keep_blank_values=True))
        raise HTTPError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                        f"POST a query as application/sparql-query or a form, not {content_type or 'no type'}")

    def _form_operation(self, form: dict[str, list[str]]) -> tuple[str | None, str | None]:
        """(query, update) from a POSTed form: exactly one of them, given once."""
        self.form_params = form
        if "format" in form:
            self.params.setdefault("format", form["format"])
        given = [name for name in ("query", "update") if name in form]
        if not given:
            raise HTTPError(HTTPStatus.BAD_REQUEST, "the form has neither 'query' nor 'update'")
        if len(given) > 1 or len(form[given[0]]) > 1:
            raise HTTPError(HTTPStatus.BAD_REQUEST, "give one query or one update per request, once")
        text = form[given[0]][0]
        return (text, None) if given[0] == "query" else (None, text)

    def _update(self, update: str) -> None:
        config = self.publication.config
        if not config.allow_updates:
            raise HTTPError(HTTPStatus.FORBIDDEN, "this endpoint is read-only: updates are refused")
        given = (self.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
        if not given:
            raise HTTPError(HTTPStatus.UNAUTHORIZED, "updates need 'Authorization: Bearer <token>'",
                            {"WWW-Authenticate": 'Bearer realm="chinakg"'})
        if not token_matches(given, config.update_token):
            raise HTTPError(HTTPStatus.FORBIDDEN, "the update token is wrong")
        refuse_service(update)
        self.publication.update(total_order(update))
        self._send(HTTPStatus.NO_CONTENT, b"", "text/plain")

    def _send_answer(self, answer: Any) -> None:
        headers = {"Vary": "Accept"}
        if answer.truncated:
            headers["X-Chinakg-Truncated"] = "true"
            headers["X-Chinakg-Result-Limit"] = str(self.publication.config.max_rows)
        self._send(200, answer.body, answer.media_type, headers)

    def _queries(self) -> None:
        queries = self.publication.queries
        fmt = formats.negotiate(self._accept(), (formats.HTML, formats.Format("json", "application/json")),
                                self._format())
        if fmt is formats.HTML:
            return self._send(200, pages.queries_page(queries, self.publication.site, "/queries"), "text/html",
                              {"Vary": "Accept"})
        listing = [{"name": q.name, "title": q.title, "description": q.description, "columns": q.columns,
                    "url": f"queries/{q.name}",
                    "parameters": [{"name": p.name, "type": p.type, "required": p.required,
                                    "description": p.description} for p in q.parameters.values()]}
                   for q in queries]
        self._send(200, json.dumps(listing, ensure_ascii=False, indent=2).encode(), "application/json",
                   {"Vary": "Accept"})

    def _canned(self, name: str) -> None:
        try:
            query = get_query(name)
        except QueryError as exc:
            raise HTTPError(HTTPStatus.NOT_FOUND, str(exc)) from exc
        given = {k: self._param(k) or "" for k in self.params if k != "format"}
        bindings = bindings_for(query, given, self.publication.run)
        fmt = formats.negotiate(self._accept(), (*formats.SELECT_FORMATS, formats.HTML),
                                self._format())
        kept = kept_answer(self.publication.store, query, given)
        if kept is not None:
            return self._send_kept(query, kept, fmt)
        if fmt is formats.HTML:
            result = self.publication.pool.run(query.text, bindings)
            return self._send(200, pages.table_page(query.title, result, self.publication.site, self.url_path),
                              "text/html", {"Vary": "Accept"})
        answer = self.publication.pool.run(query.text, bindings, format_param=fmt.name)
        self._send_answer(answer)

    def _send_kept(self, query: CannedQuery, kept: answers.Kept, fmt: formats.Format) -> None:
        """A canned query's kept answer, cut at the row limit like any other.  JSON and CSV
        are made from the kept JSON directly (JSON within the limits is sent as it is, unread);
        the other formats through rdflib terms."""
        body = kept.body()
        limit, max_bytes = self.publication.config.max_rows, int(self.publication.config.max_result_mb * 2**20)
        truncated = limit is not None and kept.count > limit
        if fmt is formats.JSON_RESULTS and not truncated and len(body) <= max_bytes:
            return self._send_answer(Answer(body, fmt.media_type, "select", False))
        data = json.loads(body)
        names, bindings = data["head"]["vars"], data["results"]["bindings"][:limit]
        if fmt is formats.JSON_RESULTS:
            body = json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False).encode()
        elif fmt is formats.CSV_RESULTS:
            body = formats.results_csv(names, ([b[v]["value"] if v in b else "" for v in names] for b in bindings))
        else:
            body = None
        if body is not None and len(body) <= max_bytes:
            return self._send_answer(Answer(body, fmt.media_type, "select", truncated))
        result = QueryResult("select", names, [{v: from_json(b.get(v)) for v in names} for b in bindings],
                             truncated=truncated)
        if fmt is formats.HTML:
            return self._send(200, pages.table_page(query.title, result, self.publication.site, self.url_path),
                              "text/html", {"Vary": "Accept"})
        body = bounded_body(result, fmt, max_bytes)
        self._send_answer(Answer(body, fmt.media_type, "select", result.truncated))

    def _void(self) -> None:
        fmt = formats.negotiate(self._accept(), (*formats.GRAPH_FORMATS, formats.HTML), self._format())
        graph = self.publication.void(self._service_url())
        if fmt is formats.HTML:  # a browser: the Turtle, readable in the page
            text = formats.serialize_graph(graph, formats.TURTLE).decode("utf-8")
            body = pages.text_page("Dataset description (VoID, DCAT)", text, self.publication.site, self.url_path)
            return self._send(200, body, "text/html", {"Vary": "Accept"})
        self._send(200, formats.serialize_graph(graph, fmt), fmt.media_type, {"Vary": "Accept"})

    def _dump(self) -> None:
        fmt = formats.negotiate(self._accept(), formats.DUMP_FORMATS, self._format())
        self.send_response(200)
        self.send_header("Content-Type", fmt.media_type + "; charset=utf-8")
        extension = {"nquads": "nq", "trig": "trig", "turtle": "ttl"}[fmt.name]
        self.send_header("Content-Disposition", f'attachment; filename="chinakg.{extension}"')
        self.send_header("Connection", "close")  # streamed without a length: the end of the body is the close
        self._cors()
        self.end_headers()
        self.close_connection = True
        if self.command != "HEAD":
            self.publication.store.write_dump(self.wfile, fmt.name)

    def _home(self) -> None:
        fmt = formats.negotiate(self._accept(), (formats.HTML, *formats.GRAPH_FORMATS),
                                self._format())
        if fmt is not formats.HTML:  # machines asking for the site root get the dataset description
            return self._send(200, formats.serialize_graph(self.publication.void(self._service_url()), fmt),
                              fmt.media_type, {"Vary": "Accept"})
        vocabularies = self.publication.run(VOCABULARIES).rows
        _, counts = finder.browse(self.publication.finder.index(self.publication.state.etag), {})
        body = pages.home_page(self.publication.stats, vocabularies, counts, self.publication.site, "/")
        self._send(200, body, "text/html", {"Vary": "Accept"})

    def _search(self) -> None:
        text = self._param("q") or ""
        hits = finder.search(self.publication.finder.index(self.publication.state.etag), text)
        fmt = formats.negotiate(self._accept(), (formats.HTML, formats.Format("json", "application/json")),
                                self._format())
        if fmt is formats.HTML:
            return self._send(200, pages.search_page(text, hits, self.publication.site, self.url_path), "text/html",
                              {"Vary": "Accept"})
        listing = [{"iri": h.iri, "label": h.label, "kind": h.kind} for h in hits]
        self._send(200, json.dumps(listing, ensure_ascii=False).encode(), "application/json", {"Vary": "Accept"})

    def _browse(self) -> None:
        chosen = {facet: self._param(facet) or "" for facet in finder.FACETS}
        docs, counts = finder.browse(self.publication.finder.index(self.publication.state.etag), chosen)
        body = pages.browse_page(docs, counts, chosen, self.publication.site, self.url_path)
        self._send(200, body, "text/html", {"Vary": "Accept"})

    def _resource(self, path: str) -> None:
        iri = URIRef(self.publication.config.base_iri + path.lstrip("/"))
        if not _safe_iri(str(iri)):
            raise HTTPError(HTTPStatus.NOT_FOUND, f"no resource at {path}")
        fmt = formats.negotiate(self._accept(), formats.PAGE_FORMATS, self._format())
        run = self.publication.run
        if iri == pages.ONTOLOGY_IRI:  # /def: the whole ontology, so that /def#Term dereferences
            return self._ontology(fmt)
        if fmt is formats.HTML:
            description = pages.describe(run, iri)
            if not description.found:
                raise HTTPError(HTTPStatus.NOT_FOUND, f"nothing is known about <{iri}>")
            body = pages.resource_page(description, self.publication.site, path)
            return self._send(200, body, "text/html", {"Vary": "Accept"})
        result = pages.describe_graph(run, iri)
        if not result.graph:
            raise HTTPError(HTTPStatus.NOT_FOUND, f"nothing is known about <{iri}>")
        self._send(200, formats.serialize_graph(result.graph, fmt), fmt.media_type, {"Vary": "Accept"})

    def _ontology(self, fmt: formats.Format) -> None:
        run = self.publication.run
        if fmt is formats.HTML:
            body = pages.ontology_page(run, self.publication.site, self.url_path)
            return self._send(200, body, "text/html", {"Vary": "Accept"})
        graph = pages.ontology_graph(run).graph
        if not graph:
            raise HTTPError(HTTPStatus.NOT_FOUND, "the store holds no ontology graph")
        self._send(200, formats.serialize_graph(graph, fmt), fmt.media_type, {"Vary": "Accept"})


WHOLE = 10**9  # rows: no limit in practice
VOCABULARIES = sparql_prefixes() + """
SELECT ?c ?label ?schemeLabel WHERE {
  VALUES ?scheme { <https://w3id.org/chinakg/vocab/scheme/themes> <https://w3id.org/chinakg/vocab/scheme/instruments> }
  GRAPH ?g { ?c skos:inScheme ?scheme ; skos:prefLabel ?label . ?scheme skos:prefLabel ?schemeLabel }
  FILTER(lang(?label) = "en" && lang(?schemeLabel) = "en")
} ORDER BY ?schemeLabel ?label"""


def token_matches(given: str, expected: str | None) -> bool:
    """Whether the update token is right, compared in constant time (no timing oracle)."""
    return expected is not None and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def _safe_iri(iri: str) -> bool:
    """An IRI that can be written between < > in SPARQL without escaping anything."""
    return not any(c in iri for c in '<>"{}|\\^` \n\r\t')


class Listener(ThreadingHTTPServer):
    """The HTTP server: a thread per connection.  Up to `request_queue_size` connections
    may wait to be accepted; at socketserver's default of 5, a burst of clients overflows
    the queue, the kernel drops their SYNs and each waits a second before it tries again
    (the load test's p99 was 1,046 ms for answers that take 6 ms)."""

    request_queue_size = 1024
    daemon_threads = True


def make_server(config: ServerConfig) -> tuple[ThreadingHTTPServer, Publication]:
    """A ready server (call serve_forever) and its publication; close both when done."""
    publication = Publication(config)
    handler = type("BoundHandler", (Handler,), {"publication": publication})
    try:
        server = Listener((config.host, config.port), handler)
    except OSError as exc:
        publication.close()
        raise ChinaKGError(f"cannot listen on {config.host}:{config.port}: {exc}") from exc
    return server, publication
