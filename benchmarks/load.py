"""Load on `chinakg serve`: concurrent clients running canned queries and random DESCRIBEs.

    python benchmarks/load.py --store chinakg-store                 # starts its own server
    python benchmarks/load.py --url http://127.0.0.1:8000 --clients 32 --seconds 60

Each client loops until the time is up (loopback only: the script refuses other hosts),
from a loopback address of its own (127.0.0.2, 127.0.0.3, …), sending one request at a
time: a canned query as JSON (parameters left at their defaults; a required one -- the
summary's resource -- a random resource) or a DESCRIBE of a random motion, person, party,
theme or instrument as Turtle. At `--expensive-at` seconds one more client sends a query
that cannot finish (a triple cross product); the server's time limit must stop it with
503. The report gives, per kind of request, the count, the errors and the latency
percentiles, and compares the latency of the requests that ran while the expensive query
was running with those that did not.
`--json FILE` writes the figures for tests and notes.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SAMPLE = """PREFIX ck: <https://w3id.org/chinakg/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?x WHERE {
  { ?x a ck:Motion } UNION { ?x a ck:Person } UNION { ?x a ck:ParliamentaryParty } UNION { ?x a skos:Concept }
} LIMIT 3000"""


XSD = "http://www.w3.org/2001/XMLSchema#"
#: requests of the hostile client: (kind, raw request); each must get its deliberate answer
HOSTILE = {
    "service": ("GET /sparql?"
                + urllib.parse.urlencode({"query": "SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"})
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
    # integers beside xsd:gYear values, sorted: the engine (pyoxigraph 0.5.13) aborts on it
    "order-by-mixed": ("GET /sparql?" + urllib.parse.urlencode({"query": "SELECT ?o { VALUES ?o { " + " ".join(
        f'{i} "{1990 + i}"^^<{XSD}gYear>' for i in range(100)) + " } } ORDER BY ?o"})
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/csv\r\nConnection: close\r\n\r\n"),
    "length-negative": ("POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                        "Content-Length: -1\r\nConnection: close\r\n\r\nASK {}"),
    "host-forged": ("GET /.well-known/void HTTP/1.1\r\nHost: evil.example\r\nAccept: text/turtle\r\n"
                    "Connection: close\r\n\r\n"),
}
HOSTILE_EXPECTED = {"service": 400, "order-by-mixed": 200, "length-negative": 400, "host-forged": 200}


@dataclass
class Sample:
    kind: str  # "query:<name>", "describe" or "expensive"
    status: int
    started: float  # seconds since the load began
    seconds: float


def fetch(url: str, accept: str, timeout: float, source: str) -> int:
    """GET from the loopback address `source` (each client has its own, as real clients
    have theirs: the server limits the requests one address may have running)."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout, source_address=(source, 0))
    try:
        conn.request("GET", f"{parts.path}?{parts.query}" if parts.query else parts.path, headers={"Accept": accept})
        response = conn.getresponse()
        response.read()
        return response.status
    except OSError:
        return 0  # no answer at all (refused, reset, timed out)
    finally:
        conn.close()


def client_address(number: int) -> str:
    return f"127.0.{1 + number // 250}.{2 + number % 250}"


def raw_exchange(base: str, request: str, source: str, timeout: float) -> tuple[int, bytes]:
    """Send one raw request; the status and the body (0 when nothing came back)."""
    parts = urllib.parse.urlsplit(base)
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=timeout,
                                      source_address=(source, 0)) as conn:
            conn.sendall(request.encode("utf-8"))
            answer = b""
            while chunk := conn.recv(65536):
                answer += chunk
    except OSError:
        return 0, b""
    head, _, body = answer.partition(b"\r\n\r\n")
    return (int(head[9:12]) if head.startswith(b"HTTP/1.1 ") else 0), body


def hostile(base: str, start: float, stop: float, out: list[Sample], timeout: float, source: str) -> None:
    """One client looping the requests meant to hurt; a forged Host must not appear in the answer."""
    while (now := time.monotonic()) < stop:
        for kind, request in HOSTILE.items():
            status, body = raw_exchange(base, request, source, timeout)
            if kind == "host-forged" and b"evil.example" in body:
                status = -1  # the forged host was published
            out.append(Sample(kind, status, now - start, time.monotonic() - now))


def resources(base: str) -> list[str]:
    url = f"{base}/sparql?" + urllib.parse.urlencode({"query": SAMPLE})
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"}),
                                timeout=60) as response:
        rows = json.load(response)["results"]["bindings"]
    return [row["x"]["value"] for row in rows]


def canned(base: str) -> list[tuple[str, list[str]]]:
    """Each canned query's name with its required parameters; a required parameter must be
    an IRI (the summary's resource), which each request gives a random resource for."""
    with urllib.request.urlopen(urllib.request.Request(f"{base}/queries", headers={"Accept": "application/json"}),
                                timeout=60) as response:
        listing = json.load(response)
    found = []
    for q in listing:
        required = [p for p in q["parameters"] if p["required"]]
        if any(p["type"] != "iri" for p in required):
            raise SystemExit(f"canned query {q['name']} needs a parameter this script cannot choose")
        found.append((q["name"], [p["name"] for p in required]))
    return found


def client(base: str, names: list[tuple[str, list[str]]], iris: list[str], start: float, stop: float, seed: int,
           out: list[Sample], timeout: float) -> None:
    rng = random.Random(seed)
    while (now := time.monotonic()) < stop:
        if rng.random() < 0.5:
            name, required = rng.choice(names)
            given = urllib.parse.urlencode({p: rng.choice(iris) for p in required})
            kind, accept = f"query:{name}", "application/sparql-results+json"
            url = f"{base}/queries/{name}" + (f"?{given}" if given else "")
        else:
            query = f"DESCRIBE <{rng.choice(iris)}>"
            kind, url, accept = "describe", f"{base}/sparql?" + urllib.parse.urlencode({"query": query}), "text/turtle"
        status = fetch(url, accept, timeout, client_address(seed))
        out.append(Sample(kind, status, now - start, time.monotonic() - now))


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"p50": pick(0.50), "p90": pick(0.90), "p99": pick(0.99), "max": ordered[-1],
            "mean": statistics.fmean(ordered)}


def run(base: str, clients: int, seconds: float, expensive_at: float | None, timeout: float,
        with_hostile: bool = False) -> dict:
    host = urllib.parse.urlsplit(base).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"refusing to load {host}: this script only loads a server on the loopback interface")
    names, iris = canned(base), resources(base)
    samples: list[Sample] = []
    start = time.monotonic()
    stop = start + seconds
    threads = [threading.Thread(target=client, args=(base, names, iris, start, stop, i, samples, timeout))
               for i in range(clients)]
    expensive: list[Sample] = []
    if expensive_at is not None:
        def slow() -> None:
            time.sleep(expensive_at)
            began = time.monotonic()
            url = f"{base}/sparql?" + urllib.parse.urlencode({"query": EXPENSIVE})
            status = fetch(url, "application/sparql-results+json", timeout, client_address(clients))
            expensive.append(Sample("expensive", status, began - start, time.monotonic() - began))
        threads.append(threading.Thread(target=slow))
    attacks: list[Sample] = []
    if with_hostile:
        threads.append(threading.Thread(target=hostile, args=(base, start, stop, attacks, timeout,
                                                              client_address(clients + 1))))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result = report(samples, expensive, clients, seconds)
    if with_hostile:
        result["hostile"] = {kind: {"count": sum(a.kind == kind for a in attacks),
                                    "unexpected": sum(a.kind == kind and a.status != HOSTILE_EXPECTED[kind]
                                                      for a in attacks),
                                    **percentiles([a.seconds for a in attacks if a.kind == kind])}
                             for kind in HOSTILE}
    return result


def report(samples: list[Sample], expensive: list[Sample], clients: int, seconds: float) -> dict:
    kinds = sorted({s.kind for s in samples})
    result: dict = {"clients": clients, "seconds": seconds, "requests": len(samples),
                    "per_second": len(samples) / seconds,
                    "errors": sum(s.status != 200 for s in samples),
                    "statuses": {str(k): sum(s.status == k for s in samples)
                                 for k in sorted({s.status for s in samples})},
                    "all": percentiles([s.seconds for s in samples]),
                    "kinds": {k: {"count": sum(s.kind == k for s in samples),
                                  "errors": sum(s.kind == k and s.status != 200 for s in samples),
                                  **percentiles([s.seconds for s in samples if s.kind == k])} for k in kinds}}
    if expensive:
        e = expensive[0]
        during = [s.seconds for s in samples if s.started < e.started + e.seconds and s.started + s.seconds > e.started]
        before = [s.seconds for s in samples if s.started + s.seconds <= e.started]
        result["expensive"] = asdict(e)
        result["during_expensive"] = percentiles(during) | {"count": len(during)}
        result["before_expensive"] = percentiles(before) | {"count": len(before)}
    return result


def print_report(r: dict) -> None:
    ms = lambda x: f"{1000 * x:,.0f}"  # noqa: E731
    print(f"{r['clients']} clients, {r['seconds']:.0f} s: {r['requests']} requests ({r['per_second']:.1f}/s), "
          f"{r['errors']} errors, statuses {r['statuses']}")
    print(f"{'request':32} {'count':>6} {'errors':>6} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for name, k in [("all", r["all"] | {"count": r["requests"], "errors": r["errors"]})] + list(r["kinds"].items()):
        print(f"{name:32} {k['count']:>6} {k['errors']:>6} {ms(k['p50']):>8} {ms(k['p90']):>8} "
              f"{ms(k['p99']):>8} {ms(k['max']):>8}")
    for kind, h in r.get("hostile", {}).items():
        print(f"hostile {kind:24} {h['count']:>6} {h['unexpected']:>6} {ms(h['p50']):>8} {ms(h['p90']):>8} "
              f"{ms(h['p99']):>8} {ms(h['max']):>8}  (answers other than {HOSTILE_EXPECTED[kind]} counted)")
    if "expensive" in r:
        e, d, b = r["expensive"], r["during_expensive"], r["before_expensive"]
        print(f"expensive query: status {e['status']} after {e['seconds']:.2f} s (sent at {e['started']:.1f} s)")
        if d and b:
            print(f"other requests before it: p50 {ms(b['p50'])} ms, p99 {ms(b['p99'])} ms ({b['count']}); "
                  f"while it ran: p50 {ms(d['p50'])} ms, p99 {ms(d['p99'])} ms ({d['count']}); "
                  f"ratio p50 {d['p50'] / b['p50']:.2f}, p99 {d['p99'] / b['p99']:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running server (loopback only); else one is started on --store")
    parser.add_argument("--store", help="store folder to serve when no --url is given")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--expensive-at", type=float, default=20.0, help="seconds; negative: no expensive query")
    parser.add_argument("--timeout", type=float, default=10.0, help="the started server's query time limit")
    parser.add_argument("--workers", type=int, default=2, help="the started server's query workers")
    parser.add_argument("--hostile", action="store_true",
                        help="one more client looping SERVICE, an ORDER BY the engine aborts on, a negative "
                             "Content-Length and a forged Host")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    server = None
    base = args.url
    if base is None:
        if not args.store:
            parser.error("give --url or --store")
        server, base = start_server(args.store, args.timeout, args.workers)
    try:
        result = run(base.rstrip("/"), args.clients, args.seconds,
                     args.expensive_at if args.expensive_at >= 0 else None, timeout=120.0, with_hostile=args.hostile)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
    print_report(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))


def start_server(store: str, timeout: float, workers: int) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).parent / "chinakg"
    proc = subprocess.Popen([str(exe), "serve", "--store", store, "--port", str(port), "--timeout", str(timeout),
                             "--workers", str(workers)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        if fetch(f"{base}/sparql?query=ASK%7B%7D", "application/sparql-results+json", 5, "127.0.0.1") == 200:
            return proc, base
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


if __name__ == "__main__":
    main()
