"""source -> loader -> extractors -> RDF mapping -> SHACL gate -> store.

`build` loads the ontology, vocabularies and reference graph into their own named
graphs, then every input file.  A file that cannot be read or whose graph has SHACL
violations is rejected with a message naming it; the other files go on, and nothing of
a rejected document is stored (each document is one atomic graph replacement).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from chinakg.base_graphs import ontology_graph, vocabulary_graph
from chinakg.errors import ChinaKGError, InputError, NotADocument
from chinakg.graph_store import Store
from chinakg.loaders.base import LoadedDocument, sha256
from chinakg.loaders.registry import loader_for
from chinakg.namespaces import GRAPH_ONTOLOGY, GRAPH_REFERENCE, GRAPH_VOCAB, document_graph
from chinakg.refgraph import load_reference_graph
from chinakg.resolve import People
from chinakg.validation import gate


@dataclass
class Rejection:
    path: str
    reason: str


@dataclass
class BuildSummary:
    loaded: list[str] = field(default_factory=list)  # document ids
    rejected: list[Rejection] = field(default_factory=list)
    skipped: list[Rejection] = field(default_factory=list)  # readable, but no document in it
    unchanged: list[str] = field(default_factory=list)  # ids whose stored source has the same content hash
    warnings: list[str] = field(default_factory=list)
    triples: int = 0


def load_base_graphs(store: Store) -> Graph:
    """Ontology, vocabularies and reference data, each in its own named graph.
    Returns the reference graph for name resolution."""
    reference = load_reference_graph()
    store.replace_graph(GRAPH_ONTOLOGY, ontology_graph())
    store.replace_graph(GRAPH_VOCAB, vocabulary_graph())
    store.replace_graph(GRAPH_REFERENCE, reference)
    return reference


def iter_files(paths: Iterable[Path], on_error: Callable[[Rejection], None]) -> Iterator[Path]:
    """Files under `paths`, sorted, skipping hidden files and following no link twice."""
    seen: set[Path] = set()
    for path in paths:
        if not path.exists():
            on_error(Rejection(str(path), "no such file or folder"))
            continue
        if path.is_file():
            yield path
            continue
        for root, dirs, files in os.walk(path, followlinks=True):
            real = Path(root).resolve()
            if real in seen:
                on_error(Rejection(root, "symbolic-link loop; folder skipped"))
                dirs[:] = []
                continue
            seen.add(real)
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.startswith("."):
                    yield Path(root) / name


def build(store: Store, paths: Iterable[Path], progress: Callable[[Path], None] | None = None,
          force: bool = False) -> BuildSummary:
    """Load every file under `paths`.  A file whose content hash equals that of a stored
    source is skipped as unchanged (unless `force`); a changed one replaces its graph."""
    summary = BuildSummary()
    reference = load_base_graphs(store)
    people: People | None = None  # prepared on the first file that needs loading
    stored = {} if force else stored_hashes(store)
    claimed: dict[str, str] = {}  # document id -> content hash, within this build
    for path in iter_files(paths, summary.rejected.append):
        if progress:
            progress(path)
        try:
            raw = read(path)
            digest = sha256(raw)
            if (doc_id := stored.get(digest)) is not None:
                summary.unchanged.append(doc_id)
                claimed.setdefault(doc_id, digest)
                continue
            people = people or People(reference)
            for doc in load_bytes(path, raw, people):
                _check_duplicate(doc, claimed)
                _store(store, doc, summary)
        except NotADocument as exc:
            summary.skipped.append(Rejection(str(path), exc.problem))
        except ChinaKGError as exc:
            summary.rejected.append(Rejection(str(path), getattr(exc, "problem", str(exc))))
    summary.triples = store.count()
    return summary


STORED_HASHES = """PREFIX ck: <https://w3id.org/chinakg/def#>
SELECT ?g ?hash WHERE { GRAPH ?g { ?source ck:sourceFile ?file ; ck:contentHash ?hash } }"""


def stored_hashes(store: Store) -> dict[str, str]:
    """Content hash -> id of the stored document or record loaded from a file with it."""
    prefix = str(document_graph(""))
    return {str(row["hash"]): str(row["g"])[len(prefix):] for row in store.query(STORED_HASHES).rows
            if str(row["g"]).startswith(prefix)}


def remove(store: Store, doc_ids: Iterable[str]) -> list[str]:
    """Remove the graphs of these documents or records; returns the ids that were not stored."""
    present = {str(g) for g in store.document_graphs()}
    missing = []
    for doc_id in doc_ids:
        graph = document_graph(doc_id)
        if str(graph) in present:
            store.remove_graph(graph)
        else:
            missing.append(doc_id)
    return missing


def read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from exc


def load_file(path: Path, people: People) -> list[LoadedDocument]:
    return load_bytes(path, read(path), people)


def load_bytes(path: Path, raw: bytes, people: People) -> list[LoadedDocument]:
    """The file's content through the loader its first bytes call for."""
    return loader_for(path, raw[:4096]).load(path, raw, people)


def _check_duplicate(doc: LoadedDocument, claimed: dict[str, str]) -> None:
    earlier = claimed.setdefault(doc.doc_id, doc.sha256)
    if earlier != doc.sha256:
        raise InputError(str(doc.path), f"another file in this build already claims document id {doc.doc_id} "
                         "with different content; kept the first")


def _store(store: Store, doc: LoadedDocument, summary: BuildSummary) -> None:
    report = gate(doc.graph)
    if report.violations:
        details = "; ".join(f"{f.message} ({f.focus})" for f in report.violations[:5])
        raise InputError(str(doc.path), f"SHACL violations, not stored: {details}")
    summary.warnings += [f"{doc.path}: {f.message} ({f.focus})" for f in report.warnings]
    store.replace_graph(document_graph(doc.doc_id), doc.graph)
    summary.loaded.append(doc.doc_id)
