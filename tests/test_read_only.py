"""A command that only reads never creates, changes or repairs a store: it opens the store
read-only (sharing the folder's lock with other readers, `chinakg serve` among them), a
missing store is named with exit code 2, and a damaged one is reported as damaged and left
exactly as it was -- by reading commands and by a build."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from chinakg.cli import main

READING = [["query", "documents"], ["sparql", "ASK { ?s ?p ?o }"], ["export", "--format", "nt"], ["validate"],
           ["report", "-o", "{tmp}/report.html"]]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def fingerprint(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.parametrize("command", READING, ids=lambda c: c[0])
def test_a_reading_command_on_a_missing_store_names_it_and_creates_nothing(tmp_path: Path, command) -> None:
    missing = tmp_path / "typo-store"
    code, out = run(*[c.replace("{tmp}", str(tmp_path)) for c in command], "--store", str(missing))
    assert code == 2 and f"there is no store at {missing}" in out
    assert not missing.exists()


def test_a_damaged_store_is_reported_and_left_as_it_was(tmp_path: Path, seeds_store: Path) -> None:
    """RocksDB's CURRENT file removed: a read-write open would start a new, empty store and
    delete the old files; every command refuses instead, however often it is run."""
    damaged = tmp_path / "damaged"
    shutil.copytree(seeds_store, damaged)
    (damaged / "CURRENT").unlink()
    before = fingerprint(damaged)
    assert any(name.endswith(".sst") for name in before)
    for _ in range(2):
        code, out = run("query", "documents", "--store", str(damaged))
        assert code == 2 and "is damaged or is not a chinakg store" in out and "nothing was changed" in out
        assert "a bug in chinakg" not in out
    code, out = run("build", str(tmp_path / "nothing-here"), "--store", str(damaged))
    assert code == 2 and "is damaged" in out
    assert fingerprint(damaged) == before


def test_reading_commands_do_not_change_the_store(tmp_path: Path, seeds_store: Path) -> None:
    before = fingerprint(seeds_store)
    for command in READING:
        code, out = run(*[c.replace("{tmp}", str(tmp_path)) for c in command], "--store", str(seeds_store))
        assert code == 0, (command, out)
    assert fingerprint(seeds_store) == before


def test_reading_beside_another_reader_but_not_beside_a_writer(seeds_store: Path) -> None:
    """Readers share the folder's lock (a running `chinakg serve` holds it shared too); a
    build, which writes, is refused while they read, and a reader while a build writes."""
    from chinakg.graph_store import hold_for_server, open_store

    held = hold_for_server(str(seeds_store), writes=False)  # what a read-only `chinakg serve` holds
    try:
        code, out = run("query", "documents", "--format", "csv", "--store", str(seeds_store))
        assert code == 0 and len(out.splitlines()) == 6
        code, out = run("remove", "kst-35207-32", "--store", str(seeds_store))
        assert code == 2 and "in use" in out
    finally:
        held.release()
    with open_store(str(seeds_store)):  # a writer
        code, out = run("query", "documents", "--store", str(seeds_store))
        assert code == 2 and "in use" in out
