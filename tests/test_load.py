"""The server under load: 32 clients for 60 s on loopback, through benchmarks/load.py.

The script starts `chinakg serve` on the seed store, runs every canned query and random
DESCRIBEs from 32 clients, one query that cannot finish, and one client looping requests
meant to hurt (SERVICE, an ORDER BY the engine aborts on, a negative Content-Length, a
forged Host).  Asserted here: no request fails, every kind of request was answered, the
expensive query is stopped by the time limit (503), each hostile request got its
deliberate answer.  The latency figures are printed for the issue note, never asserted.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from chinakg import canned

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_32_clients_for_60_seconds_get_no_errors_and_the_expensive_query_is_cut_off(shared, tmp_path) -> None:
    from chinakg.graph_store import EmbeddedStore

    from chinakg.pipeline import build

    with EmbeddedStore(tmp_path / "store") as store:
        assert len(build(store, [shared / "corpus" / "seeds"]).loaded) == 5
    out = tmp_path / "load.json"
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "load.py"), "--store",
                           str(tmp_path / "store"), "--clients", "32", "--seconds", "60", "--expensive-at", "20",
                           "--timeout", "5", "--hostile", "--json", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    print(proc.stdout)
    result = json.loads(out.read_text())
    assert result["errors"] == 0, result["statuses"]
    expected = {f"query:{q.name}" for q in canned.list_queries()} | {"describe"}
    assert set(result["kinds"]) == expected
    assert result["requests"] >= 32 * 10
    assert result["expensive"]["status"] == 503
    assert result["during_expensive"]["count"] > 0  # the others were answered while it ran
    for kind, hostile in result["hostile"].items():  # SERVICE, an ORDER BY that aborts the engine, -1, a forged Host
        assert hostile["count"] > 0 and hostile["unexpected"] == 0, (kind, hostile)
