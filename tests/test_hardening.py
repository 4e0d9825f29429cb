"""Inputs and requests meant to hurt: the build bounds each file in time and memory and
survives a dead worker; the endpoint refuses SERVICE, survives the engine's ORDER BY abort
and a query that exhausts a worker's memory, bounds answers in bytes, limits each client,
never publishes the Host header, and refuses a second server that would write."""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject
from test_server import EXPENSIVE, Server, _exchange, get, get_from

from chinakg.cli import main
from chinakg.errors import InputError, QueryError
from chinakg.sparql_guard import refuse_service, total_order

EXE = Path(sys.executable).parent / "chinakg"
XSD = "http://www.w3.org/2001/XMLSchema#"
# integers beside xsd:gYear values: pyoxigraph 0.5.13 aborts the process sorting them
MIXED = ("SELECT ?o WHERE { VALUES ?o { " + " ".join(f'{i} "{1990 + i}"^^<{XSD}gYear>' for i in range(100))
         + " } } ORDER BY ?o")
# each BIND doubles a string: 64 bytes * 2^26 = 4 GiB, past any worker's memory bound
DOUBLING = ('SELECT ?x WHERE { BIND("' + "a" * 64 + '" AS ?a0) '
            + " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(26)) + " BIND(STRLEN(?a26) AS ?x) }")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


# -- the SPARQL text checks ------------------------------------------------------------

@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:22/> { ?s ?p ?o } }",
    "select * { service silent <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * { ?s ?p ?o . SERVICE ?endpoint { ?s ?q ?r } }",
    "SELECT * {\n  # a comment\n  SERVICE\n<http://x/> { ?s ?p ?o } }",
])
def test_a_federated_query_is_refused(query: str) -> None:
    with pytest.raises(QueryError, match="SERVICE"):
        refuse_service(query)


@pytest.mark.parametrize("query", [
    'SELECT * { ?s ?p "SERVICE <http://x/>" }',
    "SELECT * { ?s <http://example.org/SERVICE> ?service }",
    "PREFIX service: <http://x/> SELECT * { ?s service:SERVICE ?o } # SERVICE <http://y/>",
    "SELECT ?service WHERE { ?service a ?t }",
])
def test_service_inside_a_string_an_iri_a_name_or_a_comment_is_not_refused(query: str) -> None:
    refuse_service(query)


def test_order_by_keeps_its_conditions_and_what_follows() -> None:
    rewritten = total_order('SELECT * { ?s ?p "ORDER BY ?x" } ORDER BY DESC(?o) ?s STR(?x) LIMIT 5')
    assert rewritten.count("ORDER BY") == 2  # the one in the string is left alone
    assert re.search(r"DESC\(COALESCE\(.*\)\) DESC\(\?o\) ASC\(COALESCE\(.*\)\) ASC\(\?s\) ASC\(COALESCE",
                     rewritten)
    assert rewritten.endswith(" LIMIT 5")
    inner = total_order("SELECT * { { SELECT ?x { ?x ?p ?o } ORDER BY ?o LIMIT 2 } } ORDER BY ?x")
    assert inner.count("isNumeric") == 2  # the subquery's ORDER BY and the outer one


def test_order_by_over_values_of_mixed_types_answers_in_standard_order(tmp_path: Path) -> None:
    """The engine aborts on this sort; through `chinakg sparql` (a process of its own, so that an
    abort shows as its exit code) it answers, numbers in numeric order, years in theirs."""
    store = tmp_path / "store"
    code, out = run("build", str(tmp_path / "nothing"), "--store", str(store))  # creates the store
    proc = subprocess.run([str(EXE), "sparql", MIXED, "--format", "csv", "--store", str(store)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    values = proc.stdout.split()[1:]
    assert len(values) == 200
    numbers = [int(v) for v in values if len(v) < 4]
    years = [int(v) for v in values if len(v) == 4]
    assert numbers == list(range(100)) and years == list(range(1990, 2090))


# -- the endpoint ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def bounded(seeds_store: Path):
    srv = Server(seeds_store, seeds_store.parent, "--timeout", "8", "--max-result-mb", "0.05",
                 "--worker-memory-mb", "1024", "--per-client", "1")
    yield srv
    srv.stop()


def _query(server: Server, sparql: str, accept: str = "application/sparql-results+json",
           headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    return get(f"{server.url}/sparql?" + urllib.parse.urlencode({"query": sparql}), accept, headers=headers)


def test_the_endpoint_does_not_call_a_service(bounded: Server) -> None:
    with socket.socket() as listener:  # a local service the query names
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(2)
        port = listener.getsockname()[1]
        status, _, body = _query(bounded, f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}")
        assert status == 400 and b"SERVICE" in body
        with pytest.raises(TimeoutError):
            listener.accept()  # nothing connected to it


def test_an_order_by_the_engine_would_abort_on_is_answered(bounded: Server) -> None:
    status, _, body = _query(bounded, MIXED, "text/csv")
    assert status == 200, body
    assert len(body.split()) == 201


def test_a_query_that_exhausts_a_worker_costs_that_query_only(bounded: Server) -> None:
    status, _, body = _query(bounded, DOUBLING)
    assert status == 500 and b"stopped on this query" in body, body
    started = time.monotonic()
    status, _, body = _query(bounded, DOUBLING)  # not run again: no worker is lost to it
    assert status == 400 and b"refused" in body and time.monotonic() - started < 1
    status, _, body = _query(bounded, "ASK { ?s ?p ?o }")
    assert status == 200 and b"true" in body


def test_answers_are_bounded_in_bytes_and_say_they_were_cut(bounded: Server) -> None:
    status, headers, body = _query(bounded, "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 5000")
    assert status == 200
    assert headers.get("X-Chinakg-Truncated") == "true"
    assert 0 < len(body) <= 0.05 * 2**20
    status, headers, body = _query(bounded, "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", "text/turtle")
    assert status == 200 and headers.get("X-Chinakg-Truncated") == "true" and len(body) <= 0.05 * 2**20


def test_the_host_header_is_not_published(bounded: Server) -> None:
    status, _, body = get(f"{bounded.url}/.well-known/void", "text/turtle", headers={"Host": "evil.example"})
    assert status == 200
    assert b"evil.example" not in body and f"127.0.0.1:{bounded.port}".encode() in body


def test_one_client_cannot_take_every_worker(bounded: Server) -> None:
    """--per-client 1: a second request from the same address while the first runs gets 429,
    another address is answered; after a query past the time limit, its address rests."""
    answers: list[int] = []
    slow = threading.Thread(target=lambda: answers.append(get_from(bounded, "127.0.0.3", EXPENSIVE)[0]))
    slow.start()
    time.sleep(1.0)
    status, headers, _ = get_from(bounded, "127.0.0.3", "ASK { ?s ?p ?o }")
    assert status == 429 and headers.get("Retry-After") == "1"
    assert get_from(bounded, "127.0.0.4", "ASK { ?s ?p ?o }")[0] == 200
    slow.join()
    assert answers == [503]
    status, headers, body = get_from(bounded, "127.0.0.3", "ASK { ?s ?p ?o }")
    assert status == 429 and b"time limit" in body and 1 <= int(headers["Retry-After"]) <= 8


def _serve(store: Path, *args: str) -> subprocess.CompletedProcess:
    """`chinakg serve` that is expected to refuse to start."""
    return subprocess.run([str(EXE), "serve", "--store", str(store), "--port", "0", *args],
                          capture_output=True, text=True, timeout=120)


def test_a_second_server_that_would_write_is_refused(bounded: Server, seeds_store: Path) -> None:
    proc = _serve(seeds_store, "--allow-updates", "--update-token", "t")
    assert proc.returncode == 2 and "in use" in proc.stderr, proc.stderr


def test_no_server_starts_beside_one_that_writes(seeds_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(seeds_store, store)
    writer = Server(store, tmp_path, "--allow-updates", "--update-token", "t")
    try:
        proc = _serve(store)
        assert proc.returncode == 2 and "in use" in proc.stderr, proc.stderr
        status, _, _ = get(f"{writer.url}/sparql", data=b"INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> 1 } }",
                           headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer t"})
        assert status == 204
    finally:
        writer.stop()


# -- the build -------------------------------------------------------------------------

def _slow_letter() -> str:
    """A letter naming 3,000 motions: under the facts a document may hold, but some 9 s of
    work on this project's machine (222,000 triples to map and check)."""
    head = ["Tweede Kamer der Staten-Generaal", "Vergaderjaar 2023-2024", "35 207 China",
            "Nr. 99 BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN",
            "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal", "Den Haag, 1 maart 2024", ""]
    body = [f"In reactie op de motie van het lid Van Baarle (Kamerstuk 35 207, nr. {n}) meld ik het volgende."
            for n in range(1, 3001)]
    return "\n".join([*head, *body, "De Minister van Buitenlandse Zaken,", "H.G.J. Bruins Slot"])


def _inputs(folder: Path, shared: Path) -> int:
    """The seeds and five real texts, and the slow letter; returns how many are good."""
    folder.mkdir()
    good = sorted((shared / "corpus" / "seeds").glob("*.txt")) + sorted((shared / "corpus" / "texts").glob("kst-*"))[:5]
    for path in good:
        shutil.copy(path, folder / path.name)
    (folder / "zz-slow.txt").write_text(_slow_letter(), encoding="utf-8")
    return len(good)


def _loaded(output: str) -> int:
    return int(re.search(r"(\d+) documents loaded", output).group(1))


@pytest.mark.slow
def test_a_file_past_its_time_bound_is_rejected_and_the_rest_loaded(tmp_path: Path, shared: Path) -> None:
    good = _inputs(tmp_path / "in", shared)
    # the memory bound raised, so that the time bound is the one that stops it (before the
    # gate checked large graphs in parts, a worker once ran out of its default 3 GB first)
    code, out = run("build", str(tmp_path / "in"), "--workers", "2", "--max-file-seconds", "2",
                    "--max-file-memory-mb", "8192", "--store", str(tmp_path / "store"))
    assert code == 1, out
    assert "zz-slow.txt: its processing took longer than the 2 s one file may take; not stored" in out
    assert _loaded(out) == good


def _workers_of(pid: int) -> list[int]:
    """The build's worker processes (its children running the multiprocessing entry point)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid and b"multiprocessing-fork" in cmdline:
            found.append(int(entry.name))
    return found


@pytest.mark.slow
def test_a_worker_killed_mid_build_costs_no_file_and_the_build_ends(tmp_path: Path, shared: Path) -> None:
    """SIGKILL (what the OOM killer sends) to a worker while it reads the slow letter: the
    files it may have held are run again, the build ends instead of waiting for ever."""
    good = _inputs(tmp_path / "in", shared)
    proc = subprocess.Popen([str(EXE), "build", str(tmp_path / "in"), "--workers", "2", "--max-file-seconds", "6",
                             "--store", str(tmp_path / "store")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    deadline = time.monotonic() + 60
    while len(workers := _workers_of(proc.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(3)  # the good files are done by now; the slow letter is still being read
    for worker in _workers_of(proc.pid):
        os.kill(worker, signal.SIGKILL)
    out, _ = proc.communicate(timeout=300)
    assert workers, out
    assert proc.returncode == 1, out
    assert _loaded(out) == good, out
    assert re.search(r"zz-slow\.txt: (its processing took longer|the worker process reading it died)", out), out


@pytest.mark.slow
def test_a_file_past_its_memory_bound_is_rejected_and_the_build_goes_on(tmp_path: Path, shared: Path) -> None:
    """A worker allowed too little memory for anything: every file is rejected with the
    reason, and the build ends with its summary."""
    _inputs(tmp_path / "in", shared)
    code, out = run("build", str(tmp_path / "in"), "--workers", "2", "--max-file-memory-mb", "256",
                    "--store", str(tmp_path / "store"))
    assert code == 1 and _loaded(out) == 0, out
    reasons = re.findall(r"^rejected: .*?: (.*)$", out, re.M)
    assert len(reasons) == 11
    assert all("more than the 256 MB" in r or "worker process reading it died" in r for r in reasons), reasons


def _compressed_pdf(line: str, lines: int) -> bytes:
    """One page whose text layer is `line` repeated: its stream is Flate-compressed, so the
    file is a small fraction of its text."""
    writer = PdfWriter()
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page = writer.add_blank_page(595, 842)
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject(
        {NameObject("/F1"): writer._add_object(font)})})
    stream = DecodedStreamObject()
    stream.set_data(("BT /F1 9 Tf 40 800 Td 12 TL\n" + f"({line}) '\n" * lines + "ET").encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(stream.flate_encode())
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_that_expands_past_the_text_bound_is_refused(tmp_path: Path, monkeypatch) -> None:
    from chinakg.loaders import text

    monkeypatch.setattr(text, "MAX_PDF_TEXT", 50_000)
    raw = _compressed_pdf("De Kamer, gehoord de beraadslaging, verzoekt de regering", 2000)
    assert len(raw) < 10_000  # ~110,000 characters of text in a few kB
    path = tmp_path / "bomb.pdf"
    with pytest.raises(InputError, match=r"bomb\.pdf: its text expands to over 50,000 characters"):
        text.PdfLoader().parse(path, raw)
    small = _compressed_pdf("De Kamer, gehoord de beraadslaging, verzoekt de regering", 20)
    assert "gehoord de beraadslaging" in text.PdfLoader().parse(path, small).text.body


# -- expected conditions get their own message -----------------------------------------

def test_nesting_too_deep_and_an_impossible_date_in_open_data_are_named_not_bugs(tmp_path: Path, shared: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "deep.json").write_text("[" * 200_000 + "]" * 200_000)
    record = (shared / "corpus" / "odata" / "zaak-documents" / "kst-19637-3186.json").read_text(encoding="utf-8")
    assert '"GestartOp": "2023-12-21T00:00:00+01:00"' in record and '"Kabinetsappreciatie": "Ontraden"' in record
    (folder / "case.json").write_text(record.replace('"GestartOp": "2023-12-21T', '"GestartOp": "2023-02-29T'))
    code, out = run("build", str(folder), "--store", str(tmp_path / "store"))
    assert "deep.json: its structure is nested too deeply to read" in out
    assert "case.json: date “2023-02-29T00:00:00+01:00”: GestartOp '2023-02-29T00:00:00+01:00' is not a day" in out
    assert "bug" not in out and "Traceback" not in out
    assert code == 1 and "1 documents loaded" in out  # the case record, with its appraisal
    code, out = run("sparql", "SELECT ?v WHERE { GRAPH ?g { ?a <https://w3id.org/chinakg/def#appraisalOf> "
                    "<https://w3id.org/chinakg/id/doc/kst-19637-3186> ; <https://w3id.org/chinakg/def#appraisalValue> "
                    "?v } }", "--format", "csv", "--store", str(tmp_path / "store"))
    assert code == 0 and out.split()[1:] == ["https://w3id.org/chinakg/vocab/appraisal/ontraden"], out


def test_a_full_disk_is_named_not_a_bug(tmp_path: Path, shared: Path) -> None:
    store = tmp_path / "store"
    code, out = run("build", str(shared / "corpus" / "seeds" / "002_54dab813ef9c6552.txt"), "--store", str(store))
    assert code == 0, out
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([str(EXE), "export", "--store", str(store)], stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=120)
    assert proc.returncode == 2
    assert "No space left on device" in proc.stderr and "bug" not in proc.stderr
    code, out = run("export", "--store", str(store), "-o", str(tmp_path / "new" / "folder" / "graph.nq"))
    assert code == 0 and (tmp_path / "new" / "folder" / "graph.nq").stat().st_size > 1000


def test_xml_results_refuse_a_character_xml_cannot_carry(bounded: Server) -> None:
    query = 'SELECT ?x WHERE { BIND("a\\u0001b" AS ?x) }'
    status, _, body = _query(bounded, query, "application/sparql-results+xml")
    assert status == 406 and b"U+0001" in body
    status, _, body = _query(bounded, query)
    assert status == 200 and b"a\\u0001b" in body


# -- the endpoint under fuzzing --------------------------------------------------------

TERMS = st.one_of(
    st.integers(-10**6, 10**6).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(lambda d: f'"{d}"^^<{XSD}decimal>'),
    st.sampled_from([f'"NaN"^^<{XSD}double>', f'"INF"^^<{XSD}double>', f'"-0.0e0"^^<{XSD}double>', "1e3"]),
    st.tuples(st.integers(1, 2999), st.sampled_from(["", "Z", "+14:00", "-05:00"]))
      .map(lambda y: f'"{y[0]:04d}{y[1]}"^^<{XSD}gYear>'),
    st.dates().map(lambda d: f'"{d.isoformat()}"^^<{XSD}date>'),
    st.datetimes().map(lambda d: f'"{d.isoformat()}"^^<{XSD}dateTime>'),
    st.text(st.characters(codec="utf-8", exclude_characters='"\\\n\r'), max_size=5).map(lambda t: f'"{t}"'),
    st.sampled_from(['"x"@en', '"y"@nl', "true", "false", "<urn:a>", "<http://example.org/b>", '"z"^^<urn:t>',
                     f'"not a number"^^<{XSD}integer>', f'"2020-13-45"^^<{XSD}date>', "UNDEF"]),
)
SERVICE_FORMS = st.sampled_from(["SERVICE", "service", "SeRvIcE", "SERVICE SILENT"])
LENGTHS = st.one_of(st.none(), st.sampled_from(["-1", "abc", "1e3", " 5", "99999999999", "0", "+3", "0x10"]),
                    st.integers(0, 40).map(str))
HOSTS = st.one_of(st.none(), st.text(st.characters(codec="ascii"), max_size=30), st.sampled_from(
    ["evil.example", "127.0.0.1:1", "[::1]:80", "a b", "x/../y", "localhost:99999", ""]))
EXPECTED_STATUSES = {200, 400, 403, 404, 405, 406, 411, 413, 429, 503}


@st.composite
def hostile_requests(draw: st.DrawFn) -> bytes:
    """A raw request: an ORDER BY over random mixed values, a SERVICE call, or a query in a
    body whose Content-Length may lie, each with a random Host header."""
    kind = draw(st.sampled_from(["order", "service", "body"]))
    host = draw(HOSTS if kind != "order" else st.sampled_from([None, "127.0.0.1", "evil.example", "localhost:80"]))
    headers = f"Host: {host}\r\n" if host is not None else ""
    if kind == "order":
        values = " ".join(draw(st.lists(TERMS, min_size=50, max_size=200)))
        direction = draw(st.sampled_from(["?o", "DESC(?o)", "ASC(STR(?o))", "(?o + 1)", "DESC(?o) ?o"]))
        query = f"SELECT ?o WHERE {{ VALUES ?o {{ {values} }} }} ORDER BY {direction}"
        target = "/sparql?" + urllib.parse.urlencode({"query": query})
        return f"GET {target} HTTP/1.1\r\n{headers}Accept: text/csv\r\nConnection: close\r\n\r\n".encode()
    if kind == "service":
        query = f"SELECT * WHERE {{ {draw(SERVICE_FORMS)} <http://127.0.0.1:{draw(st.integers(1, 65535))}/> " \
                "{ ?s ?p ?o } }"
        target = "/sparql?" + urllib.parse.urlencode({"query": query})
        return f"GET {target} HTTP/1.1\r\n{headers}Connection: close\r\n\r\n".encode()
    body = b"ASK { ?s ?p ?o }"
    length = draw(LENGTHS)
    framing = f"Content-Length: {length}\r\n" if length is not None else ""
    if draw(st.booleans()):
        framing += "Transfer-Encoding: chunked\r\n"
    return (f"POST /sparql HTTP/1.1\r\n{headers}Content-Type: application/sparql-query\r\n{framing}"
            "Connection: close\r\n\r\n").encode("latin-1", "replace") + body


FUZZ_EXAMPLES = int(os.environ.get("CHINAKG_FUZZ_EXAMPLES", 60))


@settings(max_examples=FUZZ_EXAMPLES * 2, deadline=None, derandomize=not os.environ.get("CHINAKG_FUZZ_RANDOM"),
          suppress_health_check=list(HealthCheck))
@given(request=hostile_requests())
def test_fuzzed_order_by_service_length_and_host_never_break_the_endpoint(bounded: Server, request: bytes) -> None:
    """Every answer is a deliberate one (no 500: no engine abort, no unexpected error), and
    the server answers a plain query after it."""
    answer = b"".join(_exchange(bounded, request))
    status = int(answer[9:12]) if answer.startswith(b"HTTP/1.1 ") else None
    assert status in EXPECTED_STATUSES, (request[:300], answer[:300])
    if b"ORDER BY" in urllib.parse.unquote_to_bytes(request.replace(b"+", b" ")):
        assert status == 200, answer[:300]
    if b"SERVICE" in urllib.parse.unquote_to_bytes(request.replace(b"+", b" ")).upper():
        assert status == 400, answer[:300]
    assert get_from(bounded, "127.0.0.9", "ASK {}")[0] == 200


def test_a_worker_holding_too_much_memory_after_a_query_is_replaced(seeds_store: Path) -> None:
    """A worker whose resident memory is over `retire_mb` after answering is replaced by a
    fresh one, so that the memory of a large answer is given back to the system."""
    from chinakg.server.executor import Bounds, QueryPool

    pool = QueryPool(str(seeds_store), workers=1, bounds=Bounds(retire_mb=1))  # every worker holds more than 1 MB
    try:
        first = pool._idle.queue[0].process.pid
        assert pool.run("ASK { ?s ?p ?o }").boolean is True
        deadline = time.monotonic() + 60
        while not pool._idle.qsize() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert pool._idle.queue[0].process.pid != first
        assert pool.run("ASK { ?s ?p ?o }").boolean is True
    finally:
        pool.close()
    kept = QueryPool(str(seeds_store), workers=1)  # the default bound: the worker stays
    try:
        first = kept._idle.queue[0].process.pid
        kept.run("ASK { ?s ?p ?o }")
        assert kept._idle.queue[0].process.pid == first
    finally:
        kept.close()
