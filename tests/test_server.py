"""`chinakg serve` as its users meet it: a real server process on 127.0.0.1 over a store
built from the seed documents, with SPARQLWrapper, rdflib's SPARQLStore, plain HTTP and
headless Chromium as clients."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from chinakg.graph_store import EmbeddedStore
from conftest import _free_port, wait_until_answering
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS, SKOS
from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper

from chinakg.canned import list_queries, run_query
from chinakg.namespaces import CK, ID, INSTRUMENT, THEME, VOID

MOTION = "https://w3id.org/chinakg/id/doc/kst-35925-V-48"
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
# Cross product of every triple with every triple: far too big to finish in the time limit.
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?a { ?s ?p ?o } GRAPH ?b { ?x ?y ?z } GRAPH ?c { ?u ?v ?w } }"


class Server:
    """`chinakg serve` in its own process; its log goes to a file in `logs`."""

    def __init__(self, store: str | Path, logs: Path, *args: str) -> None:
        exe = Path(sys.executable).parent / "chinakg"
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = logs / f"serve-{self.port}.log"
        with open(self.log, "wb") as log:  # a file, not a pipe: a full pipe would block the server
            self.proc = subprocess.Popen([str(exe), "serve", "--store", str(store), "--port", str(self.port), *args],
                                         stdout=subprocess.DEVNULL, stderr=log)
        problem = wait_until_answering(f"{self.url}/sparql?query=ASK%7B%7D", self.proc, 60)
        if problem:
            self.stop()
            raise RuntimeError(f"chinakg serve: {problem}: {self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def get(url: str, accept: str | None = None, data: bytes | None = None,
        headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    if accept:
        request.add_header("Accept", accept)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def get_from(server: Server, address: str, sparql: str) -> tuple[int, dict[str, str], bytes]:
    """GET a query from a loopback address of our choosing (the server limits per address)."""
    with socket.create_connection(("127.0.0.1", server.port), source_address=(address, 0), timeout=60) as conn:
        conn.sendall(f"GET /sparql?{urllib.parse.urlencode({'query': sparql})} HTTP/1.1\r\nHost: x\r\n"
                     "Accept: application/json\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, body


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> dict:
    """A store with the seeds, and what the library itself answers on it (to compare with)."""
    from chinakg.pipeline import build

    path = tmp_path_factory.mktemp("served") / "store"
    with EmbeddedStore(path) as store:
        assert not build(store, [shared / "corpus" / "seeds"]).rejected
        expected = {
            "triples": store.count(),
            "motions": run_query(store, "motions")[1],
            "citations": run_query(store, "citations", {"document": "kst-32735-286"})[1],
        }
    # a copy for the server that accepts updates, so the others see the seeds unchanged
    shutil.copytree(path, path.parent / "writable")
    return {"path": path, "writable": path.parent / "writable", **expected}


@pytest.fixture(scope="module")
def server(built: dict):
    srv = Server(built["path"], built["path"].parent)
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def strict_server(built: dict):
    """Short time limit, small row limit, another base IRI, updates with a token."""
    srv = Server(built["writable"], built["path"].parent, "--timeout", "2", "--max-rows", "5", "--base-iri", str(ID),
                 "--allow-updates", "--update-token", "s3cret-token")
    yield srv
    srv.stop()


def _exchange(server: Server, *requests: bytes) -> list[bytes]:
    """Send raw requests on one connection; the answers, split at each status line."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=20) as conn:
        try:
            for request in requests:
                conn.sendall(request)
            conn.shutdown(socket.SHUT_WR)
        except OSError:  # the server closed the connection after its answer, as it should
            pass
        received = b""
        try:
            while chunk := conn.recv(65536):
                received += chunk
        except ConnectionResetError:
            pass
    return [b"HTTP/1.1 " + part for part in received.split(b"HTTP/1.1 ")[1:]]


def test_request_framing_that_cannot_be_trusted_is_refused_and_the_connection_closed(server: Server) -> None:
    query = b"ASK {}"
    follow = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n"
    for header, status in ((b"Content-Length: -1", b"400"), (b"Content-Length: abc", b"400"),
                           (b"Transfer-Encoding: chunked", b"411"), (b"", b"411")):
        head = b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
        answers = _exchange(server, head + (header + b"\r\n" if header else b"") + b"\r\n" + query, follow)
        # one answer: the body is not read as the next request (it used to run as one, or hang)
        assert len(answers) == 1 and answers[0].startswith(b"HTTP/1.1 " + status), (header, answers)
        assert b"Connection: close" in answers[0]
    [answer] = _exchange(server, b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: bad host/x\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400") and b"Host header" in answer
    # a well-framed POST keeps the connection for the next request
    good = (b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
            b"Accept: application/json\r\nContent-Length: 6\r\n\r\n" + query)
    answers = _exchange(server, good, follow)
    assert [a[:12] for a in answers] == [b"HTTP/1.1 200", b"HTTP/1.1 200"]


# -- SPARQL 1.1 Protocol ------------------------------------------------------------------

@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_select_in_every_results_format(server: Server, built: dict, fmt: str) -> None:
    client = SPARQLWrapper(f"{server.url}/sparql")
    client.setQuery(f"SELECT ?motion WHERE {{ GRAPH ?g {{ ?motion a <{CK.Motion}> }} }}")
    client.setReturnFormat(fmt)
    raw = client.query()
    body = raw.response.read()
    expected = {row["motion"] for row in built["motions"]}
    if fmt == JSON:
        found = {b["motion"]["value"].rsplit("/", 1)[-1] for b in json.loads(body)["results"]["bindings"]}
    elif fmt == XML:
        found = {u.decode().rsplit("/", 1)[-1] for u in re.findall(rb"<uri>([^<]+)</uri>", body)}
    elif fmt == CSV:
        rows = list(csv.reader(io.StringIO(body.decode())))
        assert rows[0] == ["motion"]
        found = {r[0].rsplit("/", 1)[-1] for r in rows[1:]}
    else:
        lines = body.decode().splitlines()
        assert lines[0] == "?motion"
        found = {line.strip("<>").rsplit("/", 1)[-1] for line in lines[1:]}
    assert found == expected and len(found) == 16


def test_ask_construct_and_post_forms(server: Server, built: dict) -> None:
    client = SPARQLWrapper(f"{server.url}/sparql")
    client.setQuery(f"ASK {{ <{MOTION}> a <{CK.Motion}> }}")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True
    client.setQuery(f"CONSTRUCT {{ <{MOTION}> ?p ?o }} WHERE {{ GRAPH ?g {{ <{MOTION}> ?p ?o }} }}")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().response.read(), format="turtle")
    assert (URIRef(MOTION), RDF.type, CK.Motion) in graph
    # POST application/sparql-query and the default graph as the union of all graphs
    status, headers, body = get(f"{server.url}/sparql", accept="application/sparql-results+json",
                                data=b"SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                                headers={"Content-Type": "application/sparql-query"})
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+json")
    union = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    assert 0 < union <= built["triples"]
    # POST form-encoded, answer in N-Triples
    form = urllib.parse.urlencode({"query": f"DESCRIBE <{MOTION}>"}).encode()
    status, headers, body = get(f"{server.url}/sparql", accept="application/n-triples", data=form,
                                headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and headers["Content-Type"].startswith("application/n-triples")
    assert f"<{MOTION}> <{RDF.type}> <{CK.Motion}> ." in body.decode()


def test_rdflib_sparqlstore_reads_the_endpoint(server: Server, built: dict) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(f"{server.url}/sparql", returnFormat="json"))
    rows = list(graph.query(f"SELECT ?p ?o WHERE {{ <{MOTION}> ?p ?o }}"))
    assert (CK.submittedBy, URIRef("https://w3id.org/chinakg/id/person/tunahan-kuzu")) in {(r.p, r.o) for r in rows}
    assert (URIRef(MOTION), RDF.type, CK.Motion) in graph  # triples() through the protocol
    count = next(iter(graph.query(COUNT_ALL)))[0]
    assert int(count) == built["triples"]


def test_malformed_query_gets_400_with_the_parsers_message(server: Server) -> None:
    status, _, body = get(f"{server.url}/sparql?" + urllib.parse.urlencode({"query": "SELECT ?x WHERE { ?x"}))
    assert status == 400
    assert b"malformed SPARQL" in body and b"error at" in body


def test_updates_are_refused_by_default(server: Server, built: dict) -> None:
    for content_type, body in (("application/sparql-update", b"DROP ALL"),
                               ("application/x-www-form-urlencoded", b"update=DROP+ALL")):
        status, _, message = get(f"{server.url}/sparql", data=body, headers={"Content-Type": content_type})
        assert status == 403 and b"read-only" in message
    assert get(f"{server.url}/sparql?update=DROP+ALL")[0] == 405  # an update is never a GET
    client = SPARQLWrapper(f"{server.url}/sparql")
    client.setQuery(COUNT_ALL)
    client.setReturnFormat(JSON)
    assert int(client.query().convert()["results"]["bindings"][0]["n"]["value"]) == built["triples"]


def test_the_dataset_parameters_of_the_protocol_name_the_dataset(server: Server) -> None:
    query = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }", "default-graph-uri": "http://example.org/g"})
    status, _, body = get(f"{server.url}/sparql?{query}", "application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is False  # a graph the store does not have: empty
    query = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    assert json.loads(get(f"{server.url}/sparql?{query}", "application/sparql-results+json")[2])["boolean"] is True


# -- time limit, row limit, updates with a token ------------------------------------------

def test_a_query_past_the_time_limit_is_stopped_and_others_still_answer(strict_server: Server) -> None:
    started = time.monotonic()
    status, _, body = get(f"{strict_server.url}/sparql?" + urllib.parse.urlencode({"query": EXPENSIVE}))
    elapsed = time.monotonic() - started
    assert status == 503 and b"2 s limit" in body
    assert elapsed < 10  # stopped near its 2 s limit, not run to the end
    status, _, body = get_from(strict_server, "127.0.0.5", "ASK {}")  # another client
    assert status == 200 and json.loads(body)["boolean"] is True
    status, headers, _ = get_from(strict_server, "127.0.0.1", "ASK {}")  # the same client rests as long
    assert status == 429 and int(headers["Retry-After"]) <= 2
    time.sleep(int(headers["Retry-After"]) + 0.2)
    status, _, body = get(f"{strict_server.url}/sparql?query=ASK%7B%7D", accept="application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_results_are_cut_at_the_row_limit_and_say_so(strict_server: Server) -> None:
    query = urllib.parse.urlencode({"query": "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }"})
    status, headers, body = get(f"{strict_server.url}/sparql?{query}", accept="text/csv")
    assert status == 200
    assert len(body.decode().strip().splitlines()) == 1 + 5
    assert headers["X-Chinakg-Truncated"] == "true" and headers["X-Chinakg-Result-Limit"] == "5"
    status, headers, _ = get(f"{strict_server.url}/sparql?query=ASK%7B%7D")
    assert "X-Chinakg-Truncated" not in headers


def test_updates_need_the_flag_and_the_right_token(strict_server: Server) -> None:
    triple = "<https://w3id.org/chinakg/id/test/a> <http://www.w3.org/2000/01/rdf-schema#label> \"added\""
    update = f"INSERT DATA {{ GRAPH <https://w3id.org/chinakg/graph/test> {{ {triple} }} }}".encode()
    ask = f"{strict_server.url}/sparql?" + urllib.parse.urlencode({"query": f"ASK {{ {triple} }}"})
    headers = {"Content-Type": "application/sparql-update"}
    assert get(f"{strict_server.url}/sparql", data=update, headers=headers)[0] == 401
    wrong = {**headers, "Authorization": "Bearer nope"}
    assert get(f"{strict_server.url}/sparql", data=update, headers=wrong)[0] == 403
    assert json.loads(get(ask, accept="application/sparql-results+json")[2])["boolean"] is False
    status, _, body = get(f"{strict_server.url}/sparql", data=update,
                          headers={**headers, "Authorization": "Bearer s3cret-token"})
    assert status == 204, strict_server.log.read_text()[-3000:]
    assert json.loads(get(ask, accept="application/sparql-results+json")[2])["boolean"] is True


def test_pages_carry_validators_and_an_update_changes_them(strict_server: Server) -> None:
    """ETag/Last-Modified name the store's state: 304 while it holds, a new tag and the new
    answer after an update (the kept answers are dropped)."""
    def label(text: str) -> None:
        triple = f'<https://w3id.org/chinakg/id/test/etag> <http://www.w3.org/2000/01/rdf-schema#label> "{text}"'
        update = f"INSERT DATA {{ GRAPH <https://w3id.org/chinakg/graph/test-etag> {{ {triple} }} }}".encode()
        assert get(f"{strict_server.url}/sparql", data=update, headers={
            "Content-Type": "application/sparql-update", "Authorization": "Bearer s3cret-token"})[0] == 204

    label("first")
    page = f"{strict_server.url}/test/etag"
    status, headers, body = get(page, "text/turtle")
    assert status == 200 and b'"first"' in body and headers["X-Chinakg-Cache"] == "miss"
    tag = headers["ETag"]
    status, again, body_again = get(page, "text/turtle")
    assert again["X-Chinakg-Cache"] == "hit" and again["ETag"] == tag and body_again == body
    status, not_modified, empty = get(page, "text/turtle", headers={"If-None-Match": tag})
    assert status == 304 and empty == b"" and not_modified["ETag"] == tag
    label("second")
    status, changed, body = get(page, "text/turtle", headers={"If-None-Match": tag})
    assert status == 200 and changed["ETag"] != tag and b'"second"' in body
    assert changed["X-Chinakg-Cache"] == "miss"


def test_an_update_is_followed_by_the_derived_summaries(strict_server: Server) -> None:
    """The canned queries read the motions' summaries (ckg:summaries); after an update the
    endpoint works them out again, so a signature added by the update is among the
    motion's submitters, and taken out again it is gone."""
    def submitters() -> list[str]:
        status, _, body = get(f"{strict_server.url}/queries/motions?motion=kst-35207-11",
                              "application/sparql-results+json")
        assert status == 200
        return [b["submitters"]["value"] for b in json.loads(body)["results"]["bindings"]]

    def update(text: str) -> None:
        assert get(f"{strict_server.url}/sparql", data=text.encode(), headers={
            "Content-Type": "application/sparql-update", "Authorization": "Bearer s3cret-token"})[0] == 204

    assert submitters() == ["Sadet Karabulut"]  # the letter kst-35207-32 reports her signature
    signature = ("<https://w3id.org/chinakg/id/doc/kst-35207-11> ck:signature <https://w3id.org/chinakg/id/test/sig> . "
                 "<https://w3id.org/chinakg/id/test/sig> ck:position 2 ; ck:signedAs \"Jan Testlid\" .")
    prefix = "PREFIX ck: <https://w3id.org/chinakg/def#> "
    update(f"{prefix}INSERT DATA {{ GRAPH <https://w3id.org/chinakg/graph/test-sig> {{ {signature} }} }}")
    assert submitters() == ["Sadet Karabulut;Jan Testlid"]
    update("DROP GRAPH <https://w3id.org/chinakg/graph/test-sig>")
    assert submitters() == ["Sadet Karabulut"]


def test_the_server_lets_a_burst_of_clients_wait_to_be_accepted(server: Server) -> None:
    """The listening socket's queue (`ss` prints it as Send-Q) holds a burst of new
    connections: at socketserver's default of 5 the kernel dropped the SYNs of a burst and
    each such client waited a second to try again (the load test's p99 was 1,046 ms)."""
    listed = subprocess.run(["ss", "-ltnH", f"sport = :{server.port}"], capture_output=True, text=True, check=True)
    [line] = listed.stdout.splitlines()
    state, _waiting, queue = line.split()[:3]
    assert state == "LISTEN" and int(queue) >= 128


def test_the_base_iri_decides_which_path_serves_which_resource(strict_server: Server) -> None:
    # base IRI https://w3id.org/chinakg/id/: the motion is at /doc/..., not /id/doc/...
    status, _, body = get(f"{strict_server.url}/doc/kst-35925-V-48", accept="text/turtle")
    assert status == 200
    described = Graph().parse(data=body, format="turtle")  # cut off at this server's 5 rows
    assert any(URIRef(MOTION) in (s, o) for s, _, o in described)
    assert get(f"{strict_server.url}/id/doc/kst-35925-V-48", accept="text/turtle")[0] == 404


# -- canned queries over HTTP ---------------------------------------------------------------

def test_a_repeated_canned_query_is_answered_from_what_was_kept(server: Server) -> None:
    from email.utils import parsedate_to_datetime

    url = f"{server.url}/queries/motions?motion=kst-35925-V-48"
    first = get(url, "text/tab-separated-values")
    second = get(url, "text/tab-separated-values")
    assert first[0] == second[0] == 200 and first[2] == second[2] and first[2].count(b"\n") > 1
    assert second[1]["X-Chinakg-Cache"] == "hit" and second[1]["ETag"] == first[1]["ETag"]
    assert parsedate_to_datetime(first[1]["Last-Modified"]).year >= 2026
    other = get(url, "text/csv")  # another format is another answer
    assert other[2] != first[2] and other[1]["ETag"] == first[1]["ETag"]
    assert get(url, "text/csv", headers={"If-None-Match": f'W/{first[1]["ETag"]}, "x"'})[0] == 304


def test_canned_queries_are_listed_and_run_over_http(server: Server, built: dict) -> None:
    status, _, body = get(f"{server.url}/queries", accept="application/json")
    listing = json.loads(body)
    assert status == 200 and [q["name"] for q in listing] == [q.name for q in list_queries()]
    motions = next(q for q in listing if q["name"] == "motions")
    assert "theme" in [p["name"] for p in motions["parameters"]]
    status, headers, body = get(f"{server.url}/queries/citations?document=kst-32735-286", accept="text/csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    assert rows == built["citations"] and len(rows) > 3
    status, _, body = get(f"{server.url}/queries/motions?format=json")
    assert len(json.loads(body)["results"]["bindings"]) == len(built["motions"])


@pytest.mark.parametrize(("path", "status", "message"), [
    ("/queries/no-such-query", 404, b"no canned query named"),
    ("/queries/motions?colour=red", 400, b"has no parameter colour"),
    ("/queries/motions?theme=%22%7D%20DROP", 400, b"is not a theme"),
    ("/queries/citations?document=kst-1%3E%20%7D", 400, b"is not a document id"),
    ("/queries/motions?format=png", 406, b"format 'png' is not available"),
])
def test_canned_query_errors(server: Server, path: str, status: int, message: bytes) -> None:
    got, _, body = get(server.url + path)
    assert got == status and message in body


# -- linked data ------------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "expected"), [
    ("/id/doc/kst-35925-V-48", (URIRef(MOTION), CK.submittedBy, ID["person/tunahan-kuzu"])),
    ("/id/person/tunahan-kuzu", (ID["person/tunahan-kuzu"], RDFS.label, Literal("Tunahan Kuzu"))),
    ("/vocab/theme/xinjiang", (THEME.xinjiang, SKOS.prefLabel, Literal("Xinjiang and the Uyghurs", lang="en"))),
    ("/id/party/d66", (ID["party/d66"], RDFS.label, Literal("D66"))),
    ("/vocab/instrument/export-control",
     (INSTRUMENT["export-control"], SKOS.prefLabel, Literal("Export control", lang="en"))),
])
@pytest.mark.parametrize(("accept", "parse_as"), [
    ("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt"),
    ("application/ld+json;q=0.4, text/turtle;q=0.9", "turtle"),
])
def test_content_negotiation_on_resources(server: Server, path: str, expected: tuple, accept: str,
                                          parse_as: str) -> None:
    status, headers, body = get(server.url + path, accept=accept)
    assert status == 200 and headers["Vary"] == "Accept"
    graph = Graph().parse(data=body, format=parse_as)
    assert expected in graph


def test_resource_html_and_errors(server: Server) -> None:
    status, headers, body = get(server.url + "/vocab/theme/xinjiang", accept="text/html,*/*;q=0.8")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b"Xinjiang and the Uyghurs" in body
    assert get(server.url + "/id/doc/kst-00000-1", accept="text/turtle")[0] == 404
    status, _, body = get(server.url + "/.well-known/void", accept="text/html")
    assert status == 200 and b"void:triples" in body and b"<pre>" in body
    assert get(server.url + "/id/doc/kst-35925-V-48", accept="image/png")[0] == 406
    assert get(server.url + "/id/doc/kst-35925-V-48?format=turtle")[1]["Content-Type"].startswith("text/turtle")


# -- dataset description and dumps -----------------------------------------------------------

def test_void_and_dcat_describe_the_dataset(server: Server, built: dict) -> None:
    status, _, body = get(server.url + "/.well-known/void", accept="text/turtle")
    assert status == 200
    g = Graph().parse(data=body, format="turtle")
    dataset = next(g.subjects(VOID.sparqlEndpoint, None))  # the other void:Datasets are those it links to
    assert (dataset, RDF.type, VOID.Dataset) in g
    assert (dataset, RDF.type, DCAT.Dataset) in g
    assert int(g.value(dataset, VOID.triples)) == built["triples"]
    assert g.value(dataset, VOID.sparqlEndpoint) == URIRef(f"{server.url}/sparql")
    assert g.value(dataset, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    sources = {str(s) for s in g.objects(dataset, DCTERMS.source)}
    assert "https://w3id.org/chinakg/id/source/parlamint" in sources
    assert "https://opendata.tweedekamer.nl/" in sources
    assert len(list(g.objects(dataset, DCAT.distribution))) == 3
    partitions = {g.value(p, VOID["class"]): int(g.value(p, VOID.entities))
                  for p in g.objects(dataset, VOID.classPartition)}
    assert partitions[CK.Motion] >= 16


def test_dumps_hold_the_whole_dataset(server: Server, built: dict) -> None:
    status, headers, body = get(server.url + "/dump?format=nquads")
    assert status == 200 and headers["Content-Type"].startswith("application/n-quads")
    dataset = Dataset()
    dataset.parse(data=body, format="nquads")
    assert len(list(dataset.quads((None, None, None, None)))) == built["triples"]
    status, headers, body = get(server.url + "/dump", accept="text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert (URIRef(MOTION), RDF.type, CK.Motion) in Graph().parse(data=body, format="turtle")


# -- pages in a real browser -------------------------------------------------------------------

def _chromium_dom(url: str) -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.fail("Chromium is not installed (Debian package 'chromium'); .ci/run installs it")
    return subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=10000",
                           "--dump-dom", url], capture_output=True, text=True, timeout=120).stdout


def test_motion_page_in_chromium_shows_facts_with_their_evidence(server: Server) -> None:
    dom = _chromium_dom(server.url + "/id/doc/kst-35925-V-48")
    assert "<h1>kst-35925-V-48</h1>" in dom
    properties = dom[dom.index('id="properties"'):dom.index('id="incoming"')]
    submitted = re.search(r'submitted by</a></td><td><a href="([^"]+)"[^>]*>Tunahan Kuzu</a>(.*?)</td>', properties,
                          re.S)
    assert submitted, properties[:2000]
    assert submitted.group(1) == "../person/tunahan-kuzu"  # relative: works under any mount path
    assert "Motie van het lid Kuzu (Kamerstuk 35 925 V, nr. 48" in submitted.group(2)  # the quoted evidence
    assert "characters" in submitted.group(2)
    incoming = dom[dom.index('id="incoming"'):]
    assert "appraisal of" in incoming and "wordt ontraden" in incoming


def test_query_page_in_chromium_runs_a_canned_query_into_a_table(server: Server, built: dict) -> None:
    dom = _chromium_dom(server.url + "/sparql?example=motions&run=1")
    count = re.search(r'<p id="count">(\d+) rows', dom)
    assert count and int(count.group(1)) == len(built["motions"])
    table = dom[dom.index('<table id="results">'):]
    header = re.findall(r"<th[^>]*>([^<]+)</th>", table[:table.index("</tr>")])
    assert header == next(q.columns for q in list_queries() if q.name == "motions")
    assert ">kst-35925-V-48<" in table
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"?https?:", dom)  # nothing from outside


@pytest.mark.remote
def test_a_remote_store_can_be_served(oxigraph_server: str, shared: Path, tmp_path: Path) -> None:
    """`chinakg serve --store http://…`: the server passes queries to the SPARQL server behind it."""
    from chinakg.graph_store import RemoteStore

    from chinakg.pipeline import build

    build(RemoteStore(oxigraph_server), [shared / "corpus" / "seeds"])
    expected = run_query(RemoteStore(oxigraph_server), "documents")[1]
    srv = Server(oxigraph_server, tmp_path)
    try:
        status, _, body = get(f"{srv.url}/queries/documents", accept="text/csv")
        assert status == 200 and list(csv.DictReader(io.StringIO(body.decode()))) == expected
        status, _, body = get(f"{srv.url}/id/doc/kst-35925-V-48", accept="text/turtle")
        assert (URIRef(MOTION), RDF.type, CK.Motion) in Graph().parse(data=body, format="turtle")
    finally:
        srv.stop()
