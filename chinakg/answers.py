"""Answers of the canned listings, kept beside an embedded store until it changes.

A listing (every motion with its submitters, appraisal and vote; every party's vote on
every decision) takes the engine 0.1-5 s on the full corpus, most of it making the rows,
and its answer changes only when the store does.  So after each build or removal, once the
derived graphs are worked out, each canned query that needs no parameter is run once and
its answer kept in the folder `answers/` inside the store's folder: as SPARQL 1.1 Query
Results JSON (`NAME.json`, which the endpoint sends as it is) and as rows of strings in the
query's columns, one JSON object a line (`NAME.rows.jsonl`, for the command line and the
Python API, which can print the first rows before it has read the last).  Reading one
back takes milliseconds.

A kept answer is used only while it holds:
- every write of the embedded store forgets the answers first (it removes the manifest),
  and `keep` writes the manifest last, after every answer: a manifest on disk means no
  write has happened since the answers were worked out;
- the manifest names the digest of the packaged query files and of the modules that turn
  them into SPARQL; after an upgrade that changes them, the queries run again until the
  next build keeps new answers.
A question with parameters runs its query, except where the query keeps its answers for
each value of one parameter (`# kept for each:`, chinakg.canned): those are kept as
`NAME@PARAMETER=VALUE` beside the listings.  A remote store keeps no answers.

This module needs only the standard library (and chinakg's errors and folder lock, which
need nothing else), so that `chinakg query NAME` answers from a kept answer without loading
the RDF libraries.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from chinakg.errors import StoreError
from chinakg.folder import FolderLock, check_folder

FOLDER = "answers"
MANIFEST = "manifest.json"
CATALOGUE = "catalogue.json"  # the canned queries and the names the store knows, for chinakg.lookup
ROWS = ".rows.jsonl"
SHORT_NAME = re.compile(r"[\w-]+", re.ASCII)
#: the packaged files the text of a canned query comes from (the .rq files, the prefixes)
CODE = (("chinakg.queries", ""), ("chinakg", "namespaces.py"), ("chinakg", "canned.py"), ("chinakg", "answers.py"))


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The digest of the query files and the modules that expand them."""
    digest = hashlib.sha256()
    for package, name in CODE:
        root = resources.files(package)
        files = [root / name] if name else sorted((p for p in root.iterdir() if p.name.endswith((".rq", ".ru"))),
                                                  key=lambda p: p.name)
        for path in files:
            digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def answer_name(name: str, params: dict[str, str]) -> str | None:
    """The name an answer to query `name` asked with `params` is kept under: the query's
    name without parameters, NAME@PARAMETER=VALUE with one whose value is a short name
    (letters, digits, - and _), else None (no such answer is kept)."""
    if not params:
        return name
    if len(params) != 1:
        return None
    (key, value), = params.items()
    return f"{name}@{key}={value}" if SHORT_NAME.fullmatch(value) else None


def forget(store_folder: Path) -> None:
    """Make the kept answers unusable (before a write): remove the manifest."""
    (store_folder / FOLDER / MANIFEST).unlink(missing_ok=True)


def keep(store_folder: Path, answers: Iterable[tuple[str, bytes]], columns: dict[str, list[str]],
         triples: int | None = None, catalogue: dict | None = None) -> None:
    """Keep these answers (query name, SPARQL JSON) in place of any kept before, with each
    query's columns (the order its rows are shown in), the store's triple count and the
    catalogue of the queries (chinakg.lookup).  Each answer is written as it comes (`answers`
    may be worked out while the ones before it are written) and let go."""
    folder = store_folder / FOLDER
    folder.mkdir(exist_ok=True)
    forget(store_folder)
    for old in folder.iterdir():
        if old.name != MANIFEST and old.name.split(".")[0] not in columns:
            old.unlink()
    counts = {}
    for name, body in answers:
        _write(folder / f"{name}.json", body)
        bindings = json.loads(body)["results"]["bindings"]
        counts[name] = len(bindings)
        lines = (json.dumps({c: b[c]["value"] if c in b else "" for c in columns[name]}, ensure_ascii=False)
                 for b in bindings)
        _write(folder / f"{name}{ROWS}", "".join(line + "\n" for line in lines).encode("utf-8"))
    if catalogue is not None:
        _write(folder / CATALOGUE, json.dumps(catalogue, ensure_ascii=False).encode("utf-8"))
    manifest = {"code": code_digest(), "queries": {name: columns[name] for name in sorted(counts)},
                "rows": {name: counts[name] for name in sorted(counts)}, "triples": triples,
                "kept": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()}
    _write(folder / MANIFEST, json.dumps(manifest, indent=1).encode("utf-8"))


def _write(path: Path, body: bytes) -> None:
    """Write a file whole or not at all: into a temporary file, then renamed over it."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.unlink(missing_ok=True)  # whatever was left there (opening a named pipe would block)
    temporary.write_bytes(body)
    os.replace(temporary, path)


def kept_triples(store_folder: Path) -> int | None:
    """The store's triple count when the answers were kept, while they still hold."""
    manifest = _manifest(store_folder)
    triples = None if manifest is None else manifest.get("triples")
    return triples if isinstance(triples, int) else None


def is_kept(store_folder: Path) -> bool:
    """Whether the folder holds answers worked out from the store as it is, by this code."""
    return _manifest(store_folder) is not None


def kept(store_folder: Path, name: str) -> Kept | None:
    """The kept answer to the canned query `name`, or None."""
    manifest = _manifest(store_folder)
    if manifest is None or name not in manifest["queries"]:
        return None
    found = Kept(manifest["queries"][name], manifest["rows"][name], store_folder / FOLDER / f"{name}.json")
    # regular files only: a named pipe or device put in their place would block the reader
    return found if found.path.is_file() and found.rows_path().is_file() else None


def catalogue(store_folder: Path) -> dict | None:
    """The catalogue kept with the answers (chinakg.canned.catalogue), while they hold."""
    path = store_folder / FOLDER / CATALOGUE
    if _manifest(store_folder) is None or not path.is_file():
        return None
    try:
        found = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def _manifest(store_folder: Path) -> dict | None:
    path = store_folder / FOLDER / MANIFEST
    if not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) and manifest.get("code") == code_digest() else None


def read_locked(store_folder: Path, name: str) -> Kept | None:
    """`kept`, holding the folder's lock shared while reading (so that no build writes
    meanwhile); None when there is no such answer or a writer holds the folder.  A folder
    that holds answers but no intact store is StoreError, as opening it would be."""
    if not (store_folder / FOLDER / MANIFEST).is_file():
        return None
    with held_shared(store_folder) as held:
        return kept(store_folder, name) if held else None


@contextmanager
def held_shared(store_folder: Path) -> Iterator[bool]:
    """The store folder's lock held shared for the block (True), or False where a writer
    holds it; a damaged store is StoreError, as opening it would be, not read around."""
    check_folder(store_folder, must_exist=True)
    try:
        lock = FolderLock(store_folder, shared=True)
    except (StoreError, OSError):
        yield False
        return
    try:
        yield True
    finally:
        lock.release()


@dataclass(frozen=True)
class Kept:
    """A kept answer: the query's columns, how many rows it has and where its SPARQL JSON is."""

    columns: list[str]
    count: int
    path: Path

    def body(self) -> bytes:
        """The answer as SPARQL 1.1 Query Results JSON."""
        return self.path.read_bytes()

    def rows(self) -> list[dict[str, str]]:
        """The rows as {column: string}, '' where unbound."""
        lines = self.rows_path().read_bytes()  # one JSON object a line: read as one array, in C
        return json.loads(b"[" + lines.rstrip(b"\n").replace(b"\n", b",") + b"]") if lines else []

    def iter_rows(self) -> Iterator[dict[str, str]]:
        """The rows one at a time, as they are read (some 256 KB of lines parsed at a time)."""
        with self.rows_path().open("rb") as lines:
            while chunk := lines.readlines(2**18):
                yield from json.loads(b"[" + b",".join(line.rstrip(b"\n") for line in chunk) + b"]")

    def rows_path(self) -> Path:
        return self.path.with_name(self.path.name.removesuffix(".json") + ROWS)

    def bindings(self) -> list[dict]:
        """The rows as the JSON's bindings ({variable: {"type": …, "value": …}})."""
        return json.loads(self.body())["results"]["bindings"]
