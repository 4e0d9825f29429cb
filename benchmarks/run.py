"""The chinakg benchmark: build speed, memory, query latency, against baselines measured
in the same run on the same machine.  A script, not a test; it prints figures and ratios.

    python benchmarks/run.py                        # the shared corpus, embedded and remote
    python benchmarks/run.py --scale 10 50          # plus the scale series (generated corpora)
    python benchmarks/run.py --virtuoso             # plus Virtuoso, when virtuoso-t is installed

What it measures:
1. a fresh build of the corpus (a child process, so peak memory is its own): documents/s,
   triples/s, seconds per stage summed over processes, peak resident memory of the main
   process and of the largest worker; then a rebuild with nothing changed;
2. the limit: the same quads (an N-Quads dump) bulk-loaded by pyoxigraph, on disk and in memory;
3. every canned query: the median of --repeat runs in the embedded store (as the API and the
   command line answer it: a listing from its kept answer; and by the engine), in a real Oxigraph
   server (loaded with one N-Quads upload), optionally in Virtuoso, and in the naive
   baseline: rdflib's in-memory Dataset with rdflib's SPARQL engine (cut off at --rdflib-timeout);
4. the scale series: corpora of N times the real one (benchmarks/scale.py), built and queried.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: queries run with parameters too (the unparameterised form of every query always runs)
PARAMETERISED = [
    ("motions", {"theme": "xinjiang"}),
    ("motion-trail", {"motion": "kst-35207-84"}),
    ("evidence", {"document": "kst-35207-84"}),
    ("votes-by-party", {"theme": "xinjiang"}),
    ("citations", {"document": "kst-32735-286"}),
    ("co-submission", {"party": "https://w3id.org/chinakg/id/party/d66"}),
    ("co-submission", {"party": "https://w3id.org/chinakg/id/party/groenlinks-pvda"}),
    ("votes-by-party", {"motion": "kst-35207-84"}),
    ("summary", {"resource": "https://w3id.org/chinakg/id/doc/kst-35207-84"}),
    ("summary", {"resource": "https://w3id.org/chinakg/id/person/tom-van-der-lee"}),
]


# -- building -------------------------------------------------------------------------------

def build_child(store: str, corpus: str) -> None:
    """Runs in a child process: build, rebuild, and print one JSON line of figures."""
    from chinakg.graph_store import EmbeddedStore

    from chinakg.pipeline import build

    with EmbeddedStore(store) as s:
        started = time.perf_counter()
        summary = build(s, [Path(corpus)])
        wall = time.perf_counter() - started
        started = time.perf_counter()
        again = build(s, [Path(corpus)])
        rebuild = time.perf_counter() - started
    print(json.dumps({
        "wall": wall, "rebuild": rebuild, "documents": len(summary.loaded), "rejected": len(summary.rejected),
        "unchanged_on_rebuild": len(again.unchanged), "triples": summary.triples, "stages": summary.seconds,
        "main_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }))


def measure_build(store: Path, corpus: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--build-child", str(store), str(corpus)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def print_build(label: str, b: dict) -> None:
    print(f"\n== build: {label}")
    print(f"  {b['documents']} documents ({b['rejected']} rejected), {b['triples']:,} triples in {b['wall']:.1f} s: "
          f"{b['documents'] / b['wall']:.0f} documents/s, {b['triples'] / b['wall']:,.0f} triples/s")
    stages = ", ".join(f"{k} {v:.1f}" for k, v in sorted(b["stages"].items(), key=lambda kv: -kv[1]))
    print(f"  seconds per stage, summed over processes: {stages}")
    print(f"  peak memory: main process {b['main_peak_mb']:.0f} MB, largest worker {b['worker_peak_mb']:.0f} MB")
    print(f"  rebuild with nothing changed: {b['rebuild']:.2f} s ({b['unchanged_on_rebuild']} unchanged) = "
          f"{100 * b['rebuild'] / b['wall']:.1f}% of the build")


def bulk_limit(nquads: Path, workdir: Path) -> dict:
    import pyoxigraph as ox

    figures = {}
    for label, location in (("disk", workdir / "bulk-store"), ("memory", None)):
        store = ox.Store(str(location)) if location else ox.Store()
        started = time.perf_counter()
        store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
        store.flush()
        figures[label] = (len(store), time.perf_counter() - started)
        del store
    return figures


# -- querying -------------------------------------------------------------------------------

def query_cases() -> list[tuple[str, dict[str, str]]]:
    from chinakg.canned import list_queries

    # a query with a required parameter (summary) runs only with it
    unparameterised = [(q.name, {}) for q in list_queries() if not any(p.required for p in q.parameters.values())]
    return unparameterised + PARAMETERISED


def label(name: str, params: dict[str, str]) -> str:
    return name + ("?" + "&".join(f"{k}={v.rsplit('/', 1)[-1]}" for k, v in params.items()) if params else "")


def time_queries(store: object, repeat: int, use_kept: bool = True) -> dict[str, tuple[float, int]]:
    """label -> (median seconds, rows) through chinakg's own query path: a listing read from
    its kept answer (chinakg.answers) where the store has one, unless not `use_kept`."""
    from chinakg.canned import run_rows

    figures = {}
    for name, params in query_cases():
        runs, rows = [], 0
        for _ in range(repeat):
            started = time.perf_counter()
            rows = len(run_rows(store, name, params, use_kept=use_kept))  # type: ignore[arg-type]
            runs.append(time.perf_counter() - started)
        figures[label(name, params)] = (statistics.median(runs), rows)
    return figures


def rdflib_child(nquads: str, timeout: float, repeat: int) -> None:
    """Runs in a child process: the naive baseline, one JSON line per query."""
    from chinakg.graph_store.base import bind_with_values
    from rdflib import Dataset

    from chinakg.canned import bindings_for, get_query

    started = time.perf_counter()
    dataset = Dataset(default_union=False)
    dataset.parse(nquads, format="nquads")
    print(json.dumps({"load": time.perf_counter() - started, "quads": len(dataset)}), flush=True)

    def alarm(*_: object) -> None:
        raise TimeoutError

    signal.signal(signal.SIGALRM, alarm)
    for name, params in query_cases():
        query = get_query(name)
        bindings = bindings_for(query, params)
        text = bind_with_values(query.text, bindings) if bindings else query.text
        runs, rows = [], None
        for _ in range(repeat):
            signal.setitimer(signal.ITIMER_REAL, timeout)
            started = time.perf_counter()
            try:
                rows = len(list(dataset.query(text)))
                runs.append(time.perf_counter() - started)
            except TimeoutError:
                runs.append(None)
                break
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            if runs[-1] > 5:  # one run is enough to compare a slow query
                break
        done = [r for r in runs if r is not None]
        print(json.dumps({"query": label(name, params), "seconds": statistics.median(done) if done and
                          None not in runs else None, "rows": rows}), flush=True)


def rdflib_baseline(nquads: Path, timeout: float, repeat: int) -> tuple[dict, dict]:
    out = subprocess.run([sys.executable, __file__, "--rdflib-child", str(nquads), str(timeout), str(repeat)],
                         check=True, capture_output=True, text=True).stdout
    lines = [json.loads(line) for line in out.strip().splitlines()]
    return lines[0], {line["query"]: (line["seconds"], line["rows"]) for line in lines[1:]}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, what: str) -> None:
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"{what} exited") from None
            time.sleep(0.3)
    raise RuntimeError(f"{what} did not start")


def oxigraph_remote(nquads: Path, corpus: Path, workdir: Path, repeat: int) -> tuple[float, float, dict]:
    """Start an Oxigraph server; build the corpus into it (one Graph Store Protocol PUT per
    document graph); start afresh and upload the quads in one request; time the queries; stop it."""
    from chinakg.graph_store import RemoteStore

    from chinakg.pipeline import build

    build_seconds = 0.0
    for phase in ("build", "upload"):
        exe = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
        port = free_port()
        location = workdir / f"oxigraph-{phase}"
        shutil.rmtree(location, ignore_errors=True)
        proc = subprocess.Popen([exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_for(f"{url}/query?query=ASK%7B%7D", proc, "oxigraph")
            started = time.perf_counter()
            if phase == "build":
                build(RemoteStore(url, timeout=300), [corpus])
                build_seconds = time.perf_counter() - started
                continue
            request = urllib.request.Request(f"{url}/store", data=nquads.read_bytes(), method="POST",
                                             headers={"Content-Type": "application/n-quads"})
            urllib.request.urlopen(request, timeout=600).read()
            upload = time.perf_counter() - started
            return build_seconds, upload, time_queries(RemoteStore(url, timeout=300), repeat)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    raise AssertionError("unreachable")


VIRTUOSO_INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{isql}
DirsAllowed = ., {dir}
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {dir}
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 300
"""


def virtuoso_remote(nquads: Path, workdir: Path, repeat: int) -> tuple[float, dict] | None:
    """Virtuoso Open-Source from Debian's package, started here and stopped afterwards."""
    exe = shutil.which("virtuoso-t")
    isql = shutil.which("isql-vt") or shutil.which("isql")
    if not exe or not isql:
        return None
    from chinakg.graph_store import RemoteStore

    vdir = workdir / "virtuoso"
    vdir.mkdir(exist_ok=True)
    shutil.copy(nquads, vdir / "data.nq")
    isql_port, http_port = free_port(), free_port()
    ini = vdir / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=vdir, isql=isql_port, http=http_port))
    proc = subprocess.Popen([exe, "+configfile", str(ini), "+foreground"], cwd=vdir,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{http_port}/sparql"
        wait_for(f"{url}?query=ASK%7B%7D", proc, "virtuoso")
        started = time.perf_counter()
        script = (f"ld_dir('{vdir}', 'data.nq', 'http://example.org/unused');\nrdf_loader_run();\ncheckpoint;\n")
        subprocess.run([isql, f"127.0.0.1:{isql_port}", "dba", "dba"], input=script, text=True, check=True,
                       capture_output=True, timeout=1200)
        upload = time.perf_counter() - started
        return upload, time_queries(RemoteStore(url, timeout=300), repeat)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()


def print_queries(columns: dict[str, dict], baseline: str | None, limit: float | None = None) -> None:
    """A table of medians; the last column is the baseline's time over the embedded one (a
    lower bound, "> Nx", when the baseline was cut off at `limit` seconds)."""
    names = list(next(iter(columns.values())))
    heads = list(columns)
    print(f"  {'query':40s} {'rows':>6s} " + " ".join(f"{h:>12s}" for h in heads)
          + (f" {'rdflib/embedded':>16s}" if baseline else ""))
    for name in names:
        cells = []
        for head in heads:
            seconds, _ = columns[head].get(name, (None, None))
            cells.append(f"{seconds * 1000:10.1f}ms" if seconds is not None else f"{'> limit':>12s}")
        rows = columns[heads[0]][name][1]
        ratio = ""
        if baseline:
            slow, fast = columns[baseline].get(name, (None, None))[0], columns[heads[0]][name][0]
            if slow and fast:
                ratio = f"{slow / fast:15.0f}x"
            else:
                ratio = f"{'> ' + format(limit / fast, '.0f') + 'x':>16s}" if limit and fast else f"{'> limit':>16s}"
        print(f"  {name:40s} {rows:6d} " + " ".join(f"{c:>12s}" for c in cells) + f" {ratio}")


# -- the run --------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description="chinakg benchmark")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rdflib-timeout", type=float, default=120.0)
    parser.add_argument("--scale", type=int, nargs="*", default=[])
    parser.add_argument("--no-remote", action="store_true")
    parser.add_argument("--no-rdflib", action="store_true")
    parser.add_argument("--virtuoso", action="store_true")
    parser.add_argument("--scale-kept-only", action="store_true",
                        help="at the scale factors, time the canned queries as served (kept answers, lookups) "
                             "and not the engine column, whose listings take minutes at 50x")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="chinakg-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"chinakg benchmark, {os.cpu_count()} cores, corpus {args.corpus}, work in {workdir}")

    store = workdir / "store"
    shutil.rmtree(store, ignore_errors=True)
    built = measure_build(store, args.corpus)
    print_build("the shared corpus", built)

    from chinakg.graph_store import EmbeddedStore

    nquads = workdir / "corpus.nq"
    with EmbeddedStore(store) as s:
        nquads.write_bytes(s.dump_nquads())
        embedded = time_queries(s, args.repeat)
        engine = time_queries(s, args.repeat, use_kept=False)
    print("\n== the limit: pyoxigraph bulk_load of the same quads")
    for where, (count, seconds) in bulk_limit(nquads, workdir).items():
        print(f"  {where}: {count:,} quads in {seconds:.2f} s = {count / seconds:,.0f} quads/s; chinakg's build "
              f"writes {built['triples'] / built['wall']:,.0f} triples/s with parsing, extraction and "
              f"validation = {built['wall'] / seconds:.1f}x the bulk load")

    columns = {"embedded": embedded, "engine": engine}
    if not args.no_remote:
        remote_build, upload, columns["oxigraph"] = oxigraph_remote(nquads, args.corpus, workdir, args.repeat)
        print(f"\n== Oxigraph server: chinakg build into it in {remote_build:.1f} s (one PUT per document graph, "
              f"{remote_build / built['wall']:.1f}x the embedded build); one N-Quads upload of "
              f"{built['triples']:,} quads in {upload:.1f} s")
    if args.virtuoso:
        found = virtuoso_remote(nquads, workdir, args.repeat)
        if found is None:
            print("\n== Virtuoso: virtuoso-t is not installed (apt-get install virtuoso-opensource)")
        else:
            upload, columns["virtuoso"] = found
            print(f"\n== Virtuoso: bulk loader (ld_dir, rdf_loader_run) in {upload:.1f} s")
    if not args.no_rdflib:
        loaded, columns["rdflib"] = rdflib_baseline(nquads, args.rdflib_timeout, args.repeat)
        print(f"\n== rdflib baseline: {loaded['quads']:,} quads parsed into a Dataset in {loaded['load']:.1f} s; "
              f"queries cut off after {args.rdflib_timeout:.0f} s")
    print("\n== canned queries: median of", args.repeat, "runs (ms)")
    print_queries(columns, "rdflib" if "rdflib" in columns else None, args.rdflib_timeout)

    for factor in args.scale:
        from scale import generate

        scaled = workdir / f"corpus-{factor}x"
        files = generate(args.corpus, scaled, factor)
        scaled_store = workdir / f"store-{factor}x"
        shutil.rmtree(scaled_store, ignore_errors=True)
        b = measure_build(scaled_store, scaled)
        print_build(f"{factor}x the shared corpus ({files} files)", b)
        print(f"  growth against 1x: documents {b['documents'] / built['documents']:.1f}x, build time "
              f"{b['wall'] / built['wall']:.1f}x, worker memory {b['worker_peak_mb'] / built['worker_peak_mb']:.1f}x, "
              f"main memory {b['main_peak_mb'] / built['main_peak_mb']:.1f}x")
        with EmbeddedStore(scaled_store) as s:
            times = time_queries(s, max(1, args.repeat // 2))
            by_engine = {} if args.scale_kept_only else time_queries(s, max(1, args.repeat // 2), use_kept=False)
        print(f"  canned queries at {factor}x (ms, and growth against 1x; kept answers, then the engine):")
        for name, (seconds, rows) in times.items():
            line = f"    {name:40s} {rows:7d} rows {seconds * 1000:9.1f} ms {seconds / embedded[name][0]:5.1f}x"
            if name in by_engine:
                run, run_base = by_engine[name][0], engine[name][0]
                line += f"   engine {run * 1000:9.0f} ms {run / run_base:5.1f}x"
            print(line)
        shutil.rmtree(scaled, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--build-child":
        build_child(sys.argv[2], sys.argv[3])
    elif len(sys.argv) > 1 and sys.argv[1] == "--rdflib-child":
        rdflib_child(sys.argv[2], float(sys.argv[3]), int(sys.argv[4]))
    else:
        sys.path.insert(0, str(Path(__file__).parent))
        main()
