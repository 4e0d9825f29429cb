"""Crash safety: a build killed with SIGKILL at random moments, again and again.

The build runs in its own process group (its worker processes die with it, as in a power
cut) over real documents, writing a transaction every 12 files so that the kills land
between, and during, many writes.  After every kill the store must open, and every graph
in it must be exactly the graph a clean build gives for that document (complete, never
part of one); the next build picks up the work, and a last build without a kill leaves
the same store as a clean build, which validates.  (Before each resumed build a random
third of the stored documents is removed, so that it has work to do when it is killed.)
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from chinakg.graph_store import EmbeddedStore
from click.testing import CliRunner

from chinakg.cli import main
from chinakg.pipeline import build, remove

KILLS = int(os.environ.get("CHINAKG_CRASH_KILLS", 20))
DERIVED = {"<https://w3id.org/chinakg/graph/derived>", "<https://w3id.org/chinakg/graph/aligned>",
           "<https://w3id.org/chinakg/graph/links>", "<https://w3id.org/chinakg/graph/summaries>"}
BUILD = """
import sys
from pathlib import Path
from chinakg.graph_store import EmbeddedStore
from chinakg.pipeline import build, remove

if __name__ == "__main__":
    with EmbeddedStore(sys.argv[1]) as store:
        build(store, [Path(sys.argv[2])], force=sys.argv[3] == "force", workers=2, window=12)
"""


def graphs_of(store_path: Path) -> dict[str, frozenset[str]]:
    """Graph name -> its N-Quads lines, read from the store at `store_path` (without the
    time stamps of the build, which differ between two builds of the same files)."""
    from conftest import comparable

    with EmbeddedStore(store_path) as store:
        dump = store.dump_nquads().decode("utf-8")
    graphs: dict[str, set[str]] = {}
    for line in comparable(dump):
        body, graph = line[:-2].rsplit(" ", 1)
        graphs.setdefault(graph, set()).add(body)
    return {g: frozenset(lines) for g, lines in graphs.items()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, shared) -> Path:
    """The seeds, 60 motions in official XML and their open-data cases: 125 files."""
    folder = tmp_path_factory.mktemp("crash") / "input"
    folder.mkdir()
    for seed in (shared / "corpus" / "seeds").iterdir():
        shutil.copy(seed, folder)
    motions = sorted((shared / "corpus" / "motions-xml").glob("kst-36*.xml"))[:60]
    for motion in motions:
        shutil.copy(motion, folder)
        case = shared / "corpus" / "odata" / "zaak-documents" / f"{motion.stem}.json"
        shutil.copy(case, folder / f"{motion.stem}.case.json")
    return folder


@pytest.fixture(scope="module")
def clean(tmp_path_factory, corpus) -> dict[str, frozenset[str]]:
    path = tmp_path_factory.mktemp("clean") / "store"
    with EmbeddedStore(path) as store:
        summary = build(store, [corpus], workers=1)
    assert not summary.rejected and len(summary.loaded) == 125
    return graphs_of(path)


@pytest.mark.slow
def test_a_build_killed_at_random_moments_leaves_whole_documents_and_the_next_build_completes(
        tmp_path, corpus, clean) -> None:
    store = tmp_path / "store"
    script = tmp_path / "build.py"
    script.write_text(BUILD)
    rng = random.Random(20261126)
    started = time.monotonic()  # how long an uninterrupted build of a fresh store takes
    subprocess.run([sys.executable, str(script), str(tmp_path / "timing"), str(corpus), "resume"], check=True)
    duration = time.monotonic() - started
    kills = attempts = partial = 0
    while kills < KILLS and attempts < 3 * KILLS:
        attempts += 1
        mode = "force" if attempts % 2 else "resume"  # --force rewrites every stored graph: kills land mid-write
        if mode == "resume":  # leave the resumed build work to do: take a random third of the documents out
            with EmbeddedStore(store) as opened:
                docs = sorted(str(g).rsplit("/doc/", 1)[1] for g in opened.document_graphs())
                remove(opened, rng.sample(docs, len(docs) // 3))
        proc = subprocess.Popen([sys.executable, str(script), str(store), str(corpus), mode],
                                start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.2, 0.7 * duration))
        if proc.poll() is None:  # still building: kill it and its workers
            kills += 1
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        assert proc.returncode in (-signal.SIGKILL, 0), proc.stderr.read().decode() if proc.stderr else ""
        stored = graphs_of(store)  # the store opens
        for graph, quads in stored.items():
            if graph in DERIVED:  # they follow from the documents stored; the next build brings them up to date
                continue
            assert quads == clean[graph], f"attempt {attempts}: {graph} is not the graph a clean build gives"
        partial += 0 < len(stored) < len(clean)
    print(f"build {duration:.1f} s; {kills} kills in {attempts} attempts, {partial} left a part-built store")
    assert kills == KILLS
    proc = subprocess.run([sys.executable, str(script), str(store), str(corpus), "resume"], capture_output=True)
    assert proc.returncode == 0, proc.stderr.decode()
    assert graphs_of(store) == clean
    result = CliRunner().invoke(main, ["validate", "--store", str(store)])
    assert result.exit_code == 0 and "0 violations" in result.output, result.output
