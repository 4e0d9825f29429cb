"""Remote store: any SPARQL 1.1 server, through the SPARQL 1.1 Protocol (query, update)
and the Graph Store HTTP Protocol (bulk replacement of one graph, dataset dump).

Endpoints are derived from one URL:
- `http://host:7878` (no path): Oxigraph's layout, /query, /update and /store;
- `http://host:3030/ds/sparql` or `.../query`: Fuseki's layout, .../update and .../data;
- any other URL is the query endpoint; pass `update_url` and `gsp_url` explicitly.
"""

from __future__ import annotations

import itertools
import re
import urllib.error
import urllib.parse
import urllib.request

from chinakg.graph_store.base import (
    Bindings,
    Capabilities,
    QueryDataset,
    QueryResult,
    Store,
    bind_with_values,
    from_json,
)
from rdflib import Graph, URIRef
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from chinakg.errors import QueryError, StoreError

_COMMENT_LINE = re.compile(r"^[ \t]*#[^\n]*\n?", re.MULTILINE)
_FORM = re.compile(r"^\s*(?:(?:PREFIX|BASE)[^\n]*\n|#[^\n]*\n|\s)*(SELECT|ASK|CONSTRUCT|DESCRIBE)",
                   re.IGNORECASE)


def endpoints_for(url: str) -> tuple[str, str, str]:
    """(query, update, graph store) endpoints for a server URL; see the module text."""
    parsed = urllib.parse.urlparse(url)
    path = parsed.path.rstrip("/")
    root = url.rstrip("/")
    if not path:
        return f"{root}/query", f"{root}/update", f"{root}/store"
    for tail in ("/sparql", "/query"):
        if path.endswith(tail):
            base = root[: -len(tail)]
            return root, f"{base}/update", f"{base}/data" if tail == "/sparql" else f"{base}/store"
    return root, root, root


class RemoteStore(Store):
    """A SPARQL 1.1 server.  Each graph is replaced by one Graph Store Protocol PUT, atomic
    on the server, but a batch is several requests (no `atomic_batches`); the server's own
    configuration decides its default graph (no `union_default_graph`).  `read_only=True`
    refuses every write."""

    capabilities = Capabilities(atomic_batches=False, exclusive_writer=False, union_default_graph=False)

    def __init__(self, url: str, update_url: str | None = None, gsp_url: str | None = None,
                 timeout: float = 60.0, read_only: bool = False) -> None:
        query_url, default_update, default_gsp = endpoints_for(url)
        self.query_url = query_url
        self.update_url = update_url or default_update
        self.gsp_url = gsp_url or default_gsp
        self.timeout = timeout
        self.read_only = read_only
        self.description = f"remote store at {url}" + (" (read-only)" if read_only else "")

    # -- writing: Graph Store Protocol, one request per graph
    def replace_graphs(self, items: list[tuple[URIRef, str]]) -> None:
        """One Graph Store Protocol PUT per graph: each is atomic on the server."""
        self.check_writable()
        for graph, ntriples in items:
            self._gsp("PUT", graph, ntriples.encode("utf-8"))

    def remove_graph(self, graph: URIRef) -> None:
        self.update(f"DROP SILENT GRAPH <{graph}>")

    def update(self, sparql_update: str) -> None:
        self.check_writable()
        data = urllib.parse.urlencode({"update": sparql_update}).encode()
        request = urllib.request.Request(self.update_url, data=data, method="POST")
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        self._send(request)

    def _gsp(self, method: str, graph: URIRef, body: bytes | None = None) -> bytes:
        url = f"{self.gsp_url}?{urllib.parse.urlencode({'graph': str(graph)})}"
        request = urllib.request.Request(url, data=body, method=method)
        request.add_header("Content-Type", "application/n-triples")
        return self._send(request)

    def _send(self, request: urllib.request.Request) -> bytes:
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:500]
            raise StoreError(f"{request.get_method()} {request.full_url}: HTTP {exc.code} {detail}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"cannot reach {request.full_url}: {exc}") from exc

    # -- reading: SPARQL 1.1 Protocol through SPARQLWrapper
    def query(self, sparql: str, bindings: Bindings | None = None,
              max_rows: int | None = None, union_default: bool = False,
              dataset: QueryDataset | None = None) -> QueryResult:
        result = self._query(sparql, bindings, dataset)  # the server decides its default graph
        if max_rows is not None:
            if result.kind == "select" and len(result.rows) > max_rows:
                result.rows, result.truncated = result.rows[:max_rows], True
            elif result.graph is not None and len(result.graph) > max_rows:
                kept = Graph()
                for triple in itertools.islice(result.graph, max_rows):
                    kept.add(triple)
                result.graph, result.truncated = kept, True
        return result

    def _query(self, sparql: str, bindings: Bindings | None,
               dataset: QueryDataset | None = None) -> QueryResult:
        if bindings:
            sparql = bind_with_values(sparql, bindings)
        form_match = _FORM.match(sparql)
        form = form_match.group(1).upper() if form_match else "SELECT"
        client = SPARQLWrapper(self.query_url)
        client.setMethod(POST)
        client.setTimeout(int(self.timeout))
        for graph in dataset.default if dataset else ():
            client.addDefaultGraph(graph)
        for graph in dataset.named if dataset else ():
            client.addNamedGraph(graph)
        # SPARQLWrapper guesses the query form from keywords and can be misled by words in
        # comments ("loaded" -> LOAD, an update): send the query without its comment lines.
        client.setQuery(_COMMENT_LINE.sub("", sparql))
        client.setReturnFormat(TURTLE if form in ("CONSTRUCT", "DESCRIBE") else JSON)
        try:
            raw = client.query()
        except QueryBadFormed as exc:
            raise QueryError(f"malformed SPARQL: {exc}") from exc
        except (SPARQLWrapperException, urllib.error.URLError, OSError) as exc:
            raise StoreError(f"query to {self.query_url} failed: {exc}") from exc
        if form in ("CONSTRUCT", "DESCRIBE"):
            graph = Graph()
            graph.parse(data=raw.response.read(), format="turtle")
            return QueryResult(kind="graph", graph=graph)
        data = raw.convert()
        if "boolean" in data:
            return QueryResult(kind="ask", boolean=bool(data["boolean"]))
        names = data["head"].get("vars", [])
        rows = [{n: from_json(b.get(n)) for n in names} for b in data["results"]["bindings"]]
        return QueryResult(kind="select", variables=names, rows=rows)

    def dump_nquads(self) -> bytes:
        request = urllib.request.Request(self.gsp_url, method="GET")
        request.add_header("Accept", "application/n-quads")
        return self._send(request)

    def close(self) -> None:
        """Nothing to release: every request opens and closes its own connection."""
