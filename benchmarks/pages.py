"""How fast the pages are: each page kind served by `chinakg serve` on a built store, timed
over HTTP from this machine, with the endpoint's answer cache off so that every request
is worked out again.  A script, not a test; it prints figures and ratios.

    python benchmarks/pages.py --store STORE                 # this checkout
    python benchmarks/pages.py --store STORE --baseline EXE  # and another chinakg (an older
                                                             # checkout's), in the same run

For each page: the median and 90th percentile of --repeat requests (a new connection each),
its size, and -- as the floor in the same run -- the median of the same resource's RDF
(Turtle), which runs the store's description queries without a page; with --baseline, the
other chinakg's median for the same page and the ratio.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PAGES = [
    ("motion", "/id/doc/kst-35207-84"),
    ("person", "/id/person/tom-van-der-lee"),
    ("letter", "/id/doc/kst-32735-286"),
    ("party", "/id/party/d66"),
    ("theme", "/vocab/theme/xinjiang"),
    ("instrument", "/vocab/instrument/export-control"),
    ("home", "/"),
    ("search", "/search?q=van+der+lee"),
    ("browse", "/browse?kind=motion&year=2025"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """`chinakg serve` (this one or --baseline) on the store, answer cache off."""

    def __init__(self, exe: str, store: Path, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        with open(log, "wb") as out:
            self.proc = subprocess.Popen([exe, "serve", "--store", str(store), "--port", str(self.port),
                                          "--cache-mb", "0"], stdout=subprocess.DEVNULL, stderr=out,
                                         cwd=tempfile.gettempdir())
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/sparql?query=ASK%7B%7D", timeout=5).read()
                break
            except OSError:
                time.sleep(0.3)
        else:
            self.stop()
            raise SystemExit(f"{exe} serve did not answer: see {log}")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=20)


def timed(url: str, accept: str = "text/html") -> tuple[float, int]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as answer:
        body = answer.read()
    return time.perf_counter() - start, len(body)


def measure(url: str, repeat: int, accept: str = "text/html") -> tuple[float, float, int]:
    timed(url, accept)  # the first request warms the workers' query parsing, not the answer
    runs = [timed(url, accept) for _ in range(repeat)]
    times = sorted(t for t, _ in runs)
    return statistics.median(times), times[max(0, int(len(times) * 0.9) - 1)], runs[-1][1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--baseline", help="another chinakg executable to compare with, in the same run")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    exe = shutil.which("chinakg") or str(Path(sys.executable).parent / "chinakg")
    logs = Path(tempfile.mkdtemp(prefix="chinakg-pages-"))
    here = Served(exe, args.store, logs / "serve.log")
    time.sleep(3)  # the search index is worked out in the background at start
    base = Served(args.baseline, args.store, logs / "baseline.log") if args.baseline else None
    try:
        print(f"pages on {args.store}, {args.repeat} requests each, answer cache off")
        print(f"{'page':<11}{'median ms':>10}{'p90 ms':>8}{'KB':>7}{'RDF ms':>8}{'page/RDF':>9}"
              + (f"{'baseline ms':>12}{'ratio':>7}" if base else ""))
        for name, path in PAGES:
            median, p90, size = measure(here.url + path, args.repeat)
            line = f"{name:<11}{median * 1000:>10.1f}{p90 * 1000:>8.1f}{size / 1024:>7.0f}"
            if path.startswith(("/id/", "/vocab/")):
                rdf, _, _ = measure(here.url + path, args.repeat, "text/turtle")
                line += f"{rdf * 1000:>8.1f}{median / rdf:>9.2f}"
            else:
                line += f"{'':>8}{'':>9}"
            if base:
                try:
                    old, _, _ = measure(base.url + path, args.repeat)
                    line += f"{old * 1000:>12.1f}{median / old:>7.2f}"
                except OSError as exc:  # a page the baseline does not have (search, browse)
                    line += f"{'(' + type(exc).__name__ + ')':>12}"
            print(line, flush=True)
    finally:
        here.stop()
        if base:
            base.stop()


if __name__ == "__main__":
    main()
