"""Shared fixtures: the ../shared data, a built seed store, a live Oxigraph server."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"


def require_shared() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"the shared data folder {SHARED} is absent; these tests read the real documents there")
    return SHARED


@pytest.fixture(scope="session")
def shared() -> Path:
    return require_shared()


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory, shared: Path):
    """An embedded on-disk store with the five seed documents built into it."""
    from chinakg.graph_store import EmbeddedStore

    from chinakg.pipeline import build

    path = tmp_path_factory.mktemp("seed-store")
    store = EmbeddedStore(path)
    summary = build(store, [shared / "corpus" / "seeds"])
    assert not summary.rejected, summary.rejected
    yield store
    store.close()


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> Path:
    """A store folder with the five seeds, built with `chinakg build`, one per test module
    (closed: a module may serve it, copy it or damage it)."""
    from click.testing import CliRunner

    from chinakg.cli import main

    store = tmp_path_factory.mktemp("seeds") / "store"
    result = CliRunner().invoke(main, ["build", str(shared / "corpus" / "seeds"), "--store", str(store)])
    assert result.exit_code == 0, result.output
    return store


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_answering(url: str, proc: subprocess.Popen, seconds: float) -> str | None:
    """Poll `url` until it answers; the problem as text if the process exits or time runs out."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return None
        except OSError:
            if proc.poll() is not None:
                return "the process exited"
            time.sleep(0.2)
    return f"no answer within {seconds:.0f} s"


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory):
    """A real Oxigraph SPARQL server (the `oxigraph` package) on 127.0.0.1, stopped afterwards."""
    exe = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(exe).exists():
        pytest.fail("the oxigraph server is not installed (pip install oxigraph); remote-store tests need it")
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph-server")
    proc = subprocess.Popen([exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    problem = wait_until_answering(f"{url}/query?query=ASK%7B%7D", proc, 30)
    if problem:
        proc.kill()
        pytest.fail(f"oxigraph: {problem} {proc.stderr.read().decode()}")
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def people():
    """Name resolution prepared from the packaged reference graph (as a build does)."""
    from chinakg.refgraph import load_reference_graph
    from chinakg.resolve import People

    return People(load_reference_graph())


def load_one(path: Path, people):
    """Load one file and return its only graph, after the SHACL gate (which must pass)."""
    from chinakg.pipeline import load_file
    from chinakg.validation import gate

    docs = load_file(path, people)
    assert len(docs) == 1, docs
    report = gate(docs[0].graph)
    assert not report.violations, report.text()
    return docs[0]


#: the lines of a dump that say when its store was built (dcterms:issued and modified)
BUILD_STAMPS = "<https://w3id.org/chinakg/graph/derived> <http://purl.org/dc/terms/"


def comparable(nquads: str) -> list[str]:
    """A dump's lines, sorted, without the build's time stamps: equal for equal builds."""
    return sorted(line for line in nquads.splitlines() if not line.startswith(BUILD_STAMPS))


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory: pytest.TempPathFactory, shared: Path):
    """The whole shared corpus built once into a store folder (closed after the build, so
    that servers can read it beside the tests): (folder, build summary)."""
    from chinakg.graph_store import EmbeddedStore

    from chinakg.pipeline import build

    path = tmp_path_factory.mktemp("corpus-store")
    with EmbeddedStore(path) as store:
        summary = build(store, [shared / "corpus"])
    return path, summary


@pytest.fixture(scope="session")
def corpus(corpus_build):
    """The built corpus opened read-only: (store, build summary)."""
    from chinakg.graph_store import EmbeddedStore

    store = EmbeddedStore(corpus_build[0], read_only=True)
    yield store, corpus_build[1]
    store.close()
