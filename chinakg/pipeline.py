"""source -> loader -> extractors -> RDF mapping -> SHACL gate -> store.

`process` runs the stages for one file, one line each: parse (chinakg.loaders), extract
(chinakg.extractors), map (chinakg.mapping), gate (chinakg.validation).  `build` loads the
ontology, vocabularies and reference graph into their own named graphs, then hands every
input file to `process` (in worker processes) and stores the results a window at a time.
A file that cannot be read or whose graph has SHACL violations is rejected with a message
naming it; the other files go on, and nothing of a rejected document is stored (each
document is one atomic graph replacement).
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import resource
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import RDFS, Graph, Literal, URIRef

from chinakg import answers
from chinakg.base_graphs import ontology_graph, ontology_texts, vocabulary_graph, vocabulary_texts
from chinakg.canned import keep_answers
from chinakg.derive import Changes, before_writing, changes_for, derive
from chinakg.errors import DEBUG_ENV, ChinaKGError, InputError, NotADocument
from chinakg.extractors import extract
from chinakg.extractors.base import DocumentFacts
from chinakg.graph_store import Store, ntriples
from chinakg.loaders.base import read_bounded, sha256
from chinakg.loaders.registry import parse
from chinakg.mapping import Mapped, map_facts
from chinakg.mapping.builder import Triples
from chinakg.namespaces import CK, GRAPH_ONTOLOGY, GRAPH_REFERENCE, GRAPH_VOCAB, document_graph
from chinakg.refgraph import reference_ntriples, reference_text
from chinakg.resolve import People, prepared_people
from chinakg.settings import FILE_MEMORY_MB, FILE_SECONDS, MAX_FILE_MB
from chinakg.sources import file_name_of
from chinakg.timing import stage, take
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
    unresolved: list[str] = field(default_factory=list)  # "path: kind “text”: reason", one per unresolved mention
    triples: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # per stage, summed over processes


#: each base graph: the packaged texts it is read from, and its triples as N-Triples
BASE_GRAPHS: dict[URIRef, tuple[Callable[[], list[str]], Callable[[], str]]] = {
    GRAPH_ONTOLOGY: (ontology_texts, lambda: ntriples(ontology_graph())),
    GRAPH_VOCAB: (vocabulary_texts, lambda: ntriples(vocabulary_graph())),
    GRAPH_REFERENCE: (lambda: [reference_text()], reference_ntriples),
}
BASE_HASHES = f"SELECT ?g ?hash WHERE {{ GRAPH ?g {{ ?g <{CK.sourceHash}> ?hash }} }}"


def load_base_graphs(store: Store) -> bool:
    """Ontology, vocabularies and reference data, each in its own named graph.  A graph
    whose packaged files are unchanged (same ck:sourceHash) is left as it is; returns
    whether any was written."""
    stored = {row["g"]: row["hash"] for row in store.strings(BASE_HASHES)}
    written = False
    for graph, (texts, read_triples) in BASE_GRAPHS.items():
        digest = sha256("\n".join(texts()).encode("utf-8"))
        if stored.get(str(graph)) == digest:
            continue
        store.replace_graph(graph, read_triples() + ntriples([(graph, CK.sourceHash, Literal(digest))]))
        written = True
    return written


def _load_base_graphs(store: Store, changes: Changes) -> None:
    with stage("base graphs"):
        if load_base_graphs(store):
            changes.whole = True  # every derived fact may follow from them


def iter_files(paths: Iterable[Path], on_error: Callable[[Rejection], None]) -> Iterator[Path]:
    """Files under `paths`, sorted, skipping hidden files and following no link twice."""
    seen: set[Path] = set()

    def unreadable(error: OSError) -> None:
        on_error(Rejection(str(error.filename), f"the folder cannot be read ({error.strerror}); skipped"))

    for path in paths:
        if not path.exists():
            on_error(Rejection(str(path), "no such file or folder"))
            continue
        if path.is_file():
            yield path
            continue
        for root, dirs, files in os.walk(path, followlinks=True, onerror=unreadable):
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


#: at most this many files (in a window) are read in the build's own process, without workers
INLINE_FILES = 8
#: files read, checked and handed to the workers at a time; their documents are then
#: written in one transaction (so memory stays bounded however large the input)
WINDOW = 256


@dataclass
class Outcome:
    """What a worker made of one file: its documents as N-Triples, or why it was refused."""

    path: Path
    docs: list[tuple[str, str, str, list[str]]] = field(default_factory=list)  # id, sha256, N-Triples, warnings
    unresolved: list[str] = field(default_factory=list)
    rejected: str | None = None
    skipped: str | None = None
    seconds: dict[str, float] = field(default_factory=dict)


_people: People | None = None  # prepared once per process; workers get it from _init_worker


def people() -> People:
    """Name resolution over the reference graph, prepared on first use (kept between
    builds: `prepared_people`)."""
    global _people
    if _people is None:
        with stage("people"):
            _people = prepared_people()
    return _people


class OverTime(BaseException):
    """Raised (by a timer's signal) in a file's processing when it runs past its bound; a
    BaseException, so that no `except Exception` on the way takes it for a bug."""


@contextmanager
def time_bound(seconds: float | None) -> Iterator[None]:
    """Raise OverTime in the block after `seconds` (in the main thread only, where signals go)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise OverTime

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def process(path: Path, raw: bytes, seconds: float | None = FILE_SECONDS) -> Outcome:
    """Parse, extract, map and gate one file (in a worker process, or inline), in at most
    `seconds`; a file over its time or memory bound is rejected, and the build goes on."""
    outcome = Outcome(path)
    try:
        with time_bound(seconds):
            outcome = _process(path, raw, outcome)
    except OverTime:
        outcome = Outcome(path, rejected=f"its processing took longer than the {seconds:g} s one file may take; "
                          "not stored")
    except MemoryError:
        outcome = _out_of_memory(path, _memory_mb)
    outcome.seconds = take()
    return outcome


def _process(path: Path, raw: bytes, outcome: Outcome) -> Outcome:
    try:
        mapped = run_stages(path, raw)
        if mapped is not None:
            with stage("serialise"):
                triples = ntriples(mapped.triples)
            with stage("validate"):
                report = gate(mapped.triples, triples)
            if report.violations:
                details = "; ".join(f"{f.message} ({f.focus})" for f in report.violations[:5])
                raise InputError(str(path), f"SHACL violations, not stored: {details}")
            warnings = [f"{path}: {f.message} ({f.focus})" for f in report.warnings]
            outcome.docs = [(mapped.doc_id, mapped.sha256, triples, warnings)]
            outcome.unresolved = unresolved_notes(path, mapped.triples)
    except NotADocument as exc:
        outcome.skipped = exc.problem
    except ChinaKGError as exc:
        outcome.rejected = getattr(exc, "problem", str(exc))
    except MemoryError:
        raise  # a bound, reported by process(), not a bug
    except Exception as exc:  # a bug must cost one file, not the build
        if os.environ.get(DEBUG_ENV):
            raise
        outcome.rejected = (f"unexpected error, not stored ({type(exc).__name__}: {exc}); this is a bug in "
                            f"chinakg -- run with --debug for the traceback and please report it")
    return outcome


def run_stages(path: Path, raw: bytes, resolver: People | None = None) -> Mapped | None:
    """parse -> extract -> map: the graph of one file (None when it holds nothing by itself)."""
    with stage("parse"):
        parsed = parse(path, raw)
    if parsed is None:
        return None
    with stage("extract"):
        facts = extract(parsed)
        if isinstance(facts, DocumentFacts):
            check_fact_count(path, facts)
    with stage("map"):
        return map_facts(facts, parsed.source, resolver or _people or people())


#: the most facts one document may yield: the largest real document of the shared corpus
#: (kst-35207-32, 32 kB) yields 134; a text that yields thousands of mentions is not a
#: parliamentary document but a generated one, and mapping and checking it would take
#: minutes and gigabytes (2 MB of motion mentions: 33,000 facts, 170 s, 6.5 GB)
MAX_FACTS = 10_000


def fact_count(facts: DocumentFacts) -> int:
    own = (facts.signatories, facts.submitters, facts.requests, facts.dossiers, facts.on_behalf_of, facts.unresolved)
    text = facts.text
    found = (text.citations, text.motions, text.appraisals, text.subjects, text.parts, text.asked_by,
             text.addressed_to, text.answered_by, text.unresolved) if text else ()
    return sum(len(group) for group in (*own, *found))


def check_fact_count(path: Path, facts: DocumentFacts) -> None:
    count = fact_count(facts)
    if count > MAX_FACTS:
        raise InputError(str(path), f"the text yields {count:,} facts (motions named, citations, themes, …), more "
                         f"than the {MAX_FACTS:,} one document can hold; not stored")


def unresolved_notes(path: Path, graph: Graph | Triples) -> list[str]:
    """One line per mention the extractors could not resolve (a name, a date, a reference)."""
    notes = []
    for node in graph.objects(None, CK.unresolved):
        kind, text, reason = (graph.value(node, p) for p in (CK.mentionKind, RDFS.label, CK.reason))
        notes.append(f"{path}: {kind} “{text}”: {reason}")
    return sorted(notes)


def _process_pair(pair: tuple[Path, bytes]) -> Outcome:
    return process(*pair, seconds=_seconds)


_seconds: float | None = FILE_SECONDS  # a worker's bounds, set by _init_worker
_memory_mb: int | None = None


def _start_workers(count: int, bounds: tuple[float | None, int | None]) -> ProcessPoolExecutor:
    """Worker processes started fresh ("spawn", not fork: a pyrudof or RocksDB lock held by
    another thread at fork time would hang the child), each handed the prepared name
    index (a 0.6 MB pickle instead of 6 s of preparation per worker) and its bounds."""
    prepared = pickle.dumps(people(), protocol=pickle.HIGHEST_PROTOCOL)
    return ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn"), initializer=_init_worker,
                               initargs=(prepared, bounds))


def _init_worker(prepared: bytes, bounds: tuple[float | None, int | None]) -> None:
    global _people, _seconds, _memory_mb
    _people = pickle.loads(prepared)
    _seconds, _memory_mb = bounds
    if _memory_mb:
        limit = _memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def build(store: Store, paths: Iterable[Path], progress: Callable[[Path], None] | None = None,
          force: bool = False, workers: int | None = None, max_file_mb: float = MAX_FILE_MB,
          window: int = WINDOW, file_seconds: float | None = FILE_SECONDS,
          file_memory_mb: int | None = FILE_MEMORY_MB) -> BuildSummary:
    """Load every file under `paths`.  A file whose content hash equals that of a stored
    source is skipped as unchanged (unless `force`); a changed one replaces its graph.
    Files are loaded and validated in `workers` processes (default: one per core; inline
    when there are few files); each document's graph is stored completely or not at all,
    and the documents of each `window` of files in one transaction where the store has
    atomic batches (`store.capabilities`; a remote server gets one request per graph).
    Each file may take `file_seconds` and a worker `file_memory_mb` of memory; a file over
    them is rejected, and a worker that dies costs only the file it was reading."""
    summary = BuildSummary()
    take()
    with stage("base graphs"):
        sources = stored_sources(store)
        stored = {} if force else {digest: doc_id for doc_id, (_, digest) in sources.items()}
        changes = Changes(whole=True) if force else changes_for(store)
    workers_pool = _Workers(workers or os.cpu_count() or 1, (file_seconds, file_memory_mb))
    try:
        _load_windows(store, _windows(iter_files(paths, summary.rejected.append), window), workers_pool,
                      (stored, sources), (summary, changes), progress, max_file_mb)
    finally:
        workers_pool.close()
    with stage("derive"):
        if summary.loaded or changes.whole:  # whole: not derived from what was stored before, or a base graph changed
            derive(store, changes)
    with stage("answers"):
        _keep_answers(store)
    summary.triples = _triples(store)
    _add_seconds(summary, take())
    return summary


def _load_windows(store: Store, windows: Iterable[list[Path]], workers_pool: _Workers,
                  known: tuple[dict[str, str], dict[str, tuple[str, str]]], noted: tuple[BuildSummary, Changes],
                  progress: Callable[[Path], None] | None, max_mb: float) -> None:
    """Read each window's files and hand them to the workers, storing the window before
    meanwhile; the base graphs are stored while the workers start on the first window.
    `known`: the stored documents by content hash, and each stored id's file and hash;
    `noted`: the summary and the changes (for the derive) the windows are noted in."""
    stored, sources = known
    summary, changes = noted
    claimed: dict[str, str] = {}  # document id -> content hash, within this build
    waiting: _Window | None = None  # the window the workers have in hand while the one before is stored
    for batch in windows:
        todo: list[tuple[Path, bytes]] = []
        unchanged: list[tuple[str, str]] = []
        for path in batch:
            queued = _triage(path, stored, unchanged, summary, todo, max_mb)
            if progress and not queued:
                progress(path)
        started = _Window(unchanged, workers_pool.start(todo, progress))
        if waiting is None:  # the first window
            _load_base_graphs(store, changes)
        else:
            waiting.write(store, (claimed, sources), noted)
        waiting = started
    if waiting is None:  # no file at all
        _load_base_graphs(store, changes)
    else:
        waiting.write(store, (claimed, sources), noted)


def _triples(store: Store) -> int:
    """The store's triple count: kept with the answers, else counted (0.2 s on the corpus)."""
    folder = store.answers_folder()
    kept = answers.kept_triples(folder) if folder is not None else None
    return store.count() if kept is None else kept


def _keep_answers(store: Store) -> None:
    """Keep the answers of the canned listings, unless those kept still hold (a build that
    wrote nothing, with the same queries)."""
    folder = store.answers_folder()
    if folder is not None and not answers.is_kept(folder):
        keep_answers(store)


@dataclass
class _Window:
    """A window of files on its way: the unchanged ones (document id, content hash), and
    the outcomes of the others, which `outcomes` waits for."""

    unchanged: list[tuple[str, str]]
    outcomes: Callable[[], list[Outcome]]

    def write(self, store: Store, owners: tuple[dict[str, str], dict[str, tuple[str, str]]],
              noted: tuple[BuildSummary, Changes]) -> None:
        """Claim the unchanged documents, then store the others (in input order, as if the
        window had been read after the one before was stored)."""
        for doc_id, digest in self.unchanged:
            owners[0].setdefault(doc_id, digest)
        outcomes = self.outcomes()
        if outcomes:
            _write(store, outcomes, owners, noted)


class _Workers:
    """Runs `process` over a window of files: inline for a few files, else in a pool of
    spawned workers started on first need and kept for the rest of the build.  A window is
    handed to the pool at once (`start`), so the workers read it while the window before is
    stored.  When a worker dies (stopped by the system for lack of memory, say), the files
    that may have been in its hands run again one at a time, each in a pool of its own: a
    file that kills its worker again is rejected; the other files go on in a fresh pool."""

    def __init__(self, count: int, bounds: tuple[float | None, int | None]) -> None:
        self.count = count
        self.bounds = bounds
        self.pool: ProcessPoolExecutor | None = None

    def start(self, todo: list[tuple[Path, bytes]],
              progress: Callable[[Path], None] | None) -> Callable[[], list[Outcome]]:
        """Hand these files over; the call returned waits for their outcomes, in order."""
        done = progress or (lambda _path: None)
        if self.pool is None and (len(todo) <= INLINE_FILES or self.count == 1):
            return lambda: self._inline(todo, done)
        if self.pool is None:
            self.pool = _start_workers(self.count, self.bounds)
        futures = [self.pool.submit(_process_pair, pair) for pair in todo]
        return lambda: self._collect(todo, futures, done)

    def _inline(self, todo: list[tuple[Path, bytes]], done: Callable[[Path], None]) -> list[Outcome]:
        outcomes = []
        for pair in todo:
            outcomes.append(process(*pair, seconds=self.bounds[0]))
            done(pair[0])
        return outcomes

    def _collect(self, todo: list[tuple[Path, bytes]], futures: list[Future],
                 done: Callable[[Path], None]) -> list[Outcome]:
        outcomes: list[Outcome | None] = [None] * len(todo)
        submitted = list(enumerate(futures))
        while submitted:
            failed, cancelled = [], []
            for index, future in submitted:
                try:
                    outcomes[index] = _result(future, todo[index][0], self.bounds[1])
                    done(todo[index][0])
                except BrokenProcessPool:
                    failed.append(index)
                except CancelledError:  # the pool was shut down when another window's worker died
                    cancelled.append(index)
            if failed:
                self.close()
            # the files in a worker's hands when it died are among the first unfinished ones
            # (the pool hands out work in order, at most one ahead of its workers)
            suspects, pending = failed[:self.count + 1], sorted(failed[self.count + 1:] + cancelled)
            for index in suspects:
                outcomes[index] = self._alone(todo[index])
                done(todo[index][0])
            if pending and self.pool is None:
                self.pool = _start_workers(self.count, self.bounds)
            submitted = [(index, self.pool.submit(_process_pair, todo[index])) for index in pending] if pending else []
        return [outcome for outcome in outcomes if outcome is not None]

    def _alone(self, pair: tuple[Path, bytes]) -> Outcome:
        alone = _start_workers(1, self.bounds)
        try:
            return _result(alone.submit(_process_pair, pair), pair[0], self.bounds[1])
        except BrokenProcessPool:
            return Outcome(pair[0], rejected="the worker process reading it died (stopped by the system, most "
                           "likely for lack of memory); not stored")
        finally:
            alone.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def _result(future: Future, path: Path, memory_mb: int | None) -> Outcome:
    """A worker's outcome for one file.  A worker so short of memory that even reporting
    it fails sends the MemoryError itself: that costs the file, like any bound."""
    try:
        return future.result()
    except MemoryError:
        return _out_of_memory(path, memory_mb)


def _out_of_memory(path: Path, memory_mb: int | None) -> Outcome:
    bound = f"the {memory_mb} MB one file may take" if memory_mb else "the memory there is"
    return Outcome(path, rejected=f"its processing needed more than {bound}; not stored")


def _add_seconds(summary: BuildSummary, seconds: dict[str, float]) -> None:
    for name, value in seconds.items():
        summary.seconds[name] = summary.seconds.get(name, 0.0) + value


def _windows(items: Iterable[Path], size: int) -> Iterator[list[Path]]:
    window: list[Path] = []
    for item in items:
        window.append(item)
        if len(window) == size:
            yield window
            window = []
    if window:
        yield window


def _triage(path: Path, stored: dict[str, str], unchanged: list[tuple[str, str]], summary: BuildSummary,
            todo: list[tuple[Path, bytes]], max_mb: float) -> bool:
    """Read a file: unchanged ones are noted (in `unchanged`: their id and hash, claimed
    when their window is stored), unreadable ones rejected, the rest queued (returns
    whether it was queued)."""
    try:
        raw = read(path, max_mb)
    except InputError as exc:
        summary.rejected.append(Rejection(str(path), exc.problem))
        return False
    digest = sha256(raw)
    doc_id = stored.get(digest)
    if doc_id is not None:
        summary.unchanged.append(doc_id)
        unchanged.append((doc_id, digest))
        return False
    todo.append((path, raw))
    return True


def _write(store: Store, outcomes: list[Outcome], owners: tuple[dict[str, str], dict[str, tuple[str, str]]],
           noted: tuple[BuildSummary, Changes]) -> None:
    """Store the documents of a window in one transaction, in input order.  `owners`: the
    content each document id has in this build, and the file each stored id came from;
    `noted`: the summary, and the changes for the derive (what a replaced graph held)."""
    claimed, sources = owners
    summary, changes = noted
    batch: list[tuple[URIRef, str]] = []
    for outcome in outcomes:
        _add_seconds(summary, outcome.seconds)
        if outcome.skipped:
            summary.skipped.append(Rejection(str(outcome.path), outcome.skipped))
            continue
        if outcome.rejected:
            summary.rejected.append(Rejection(str(outcome.path), outcome.rejected))
            continue
        clash = next((doc_id for doc_id, digest, _, _ in outcome.docs
                      if claimed.setdefault(doc_id, digest) != digest), None)
        if clash:
            summary.rejected.append(Rejection(str(outcome.path), f"another file in this build already claims "
                                              f"document id {clash} with different content; kept the first"))
            continue
        if taken := _stored_from_another_file(outcome, sources):
            summary.rejected.append(Rejection(str(outcome.path), taken))
            continue
        for doc_id, _digest, triples, warnings in outcome.docs:
            batch.append((document_graph(doc_id), triples))
            summary.loaded.append(doc_id)
            summary.warnings += warnings
        summary.unresolved += outcome.unresolved
    if batch:
        with stage("store"):
            before_writing(store, changes, [str(graph) for graph, _ in batch])
            store.replace_graphs(batch)


STORED_HASHES = """PREFIX ck: <https://w3id.org/chinakg/def#>
SELECT ?g ?file ?hash WHERE { GRAPH ?g { ?source ck:sourceFile ?file ; ck:contentHash ?hash } }"""


def stored_sources(store: Store) -> dict[str, tuple[str, str]]:
    """Id of each stored document or record -> (name of the file it was loaded from, its hash)."""
    prefix = str(document_graph(""))
    return {row["g"][len(prefix):]: (row["file"], row["hash"]) for row in store.strings(STORED_HASHES)
            if row["g"].startswith(prefix)}


def _stored_from_another_file(outcome: Outcome, sources: dict[str, tuple[str, str]]) -> str | None:
    """A document id already stored from a file of another name is not taken over silently:
    a text "letter" claiming a motion's id would replace the motion (rebuilding the same file
    replaces its document, as it should)."""
    name = file_name_of(outcome.path)  # as the stored ck:sourceFile writes it
    for doc_id, _digest, _, _ in outcome.docs:
        stored_file = sources.get(doc_id, (name, ""))[0]
        if stored_file != name:
            return (f"document id {doc_id} is already stored, loaded from the file {stored_file}; this file claims "
                    f"it with other content and is not stored (`chinakg remove {doc_id}` first to replace it)")
    return None


def remove(store: Store, doc_ids: Iterable[str]) -> list[str]:
    """Remove the graphs of these documents or records; returns the ids that were not stored."""
    present = {str(g) for g in store.document_graphs()}
    changes = changes_for(store)
    missing, removed = [], 0
    for doc_id in doc_ids:
        graph = document_graph(doc_id)
        if str(graph) in present:
            before_writing(store, changes, [str(graph)])
            store.remove_graph(graph)
            removed += 1
        else:
            missing.append(doc_id)
    if removed:  # the derived graph and the kept answers follow what is stored
        derive(store, changes)
        _keep_answers(store)
    return missing


def read(path: Path, max_mb: float = MAX_FILE_MB) -> bytes:
    """The file's bytes; refused, naming the file, when it cannot be read or is too large."""
    limit = int(max_mb * 1024 * 1024)
    raw = read_bounded(path, limit)
    if len(raw) > limit:
        size = path.stat().st_size / 1024 / 1024
        raise InputError(str(path), f"the file is {size:.1f} MB, over the limit of {limit / 1024 / 1024:.0f} MB "
                                    f"for one document (--max-file-mb raises it)")
    return raw


def load_file(path: Path, people: People) -> list[Mapped]:
    return load_bytes(path, read(path), people)


def load_bytes(path: Path, raw: bytes, people: People) -> list[Mapped]:
    """The graph of one file, without gate or store (for tests and notebooks)."""
    mapped = run_stages(path, raw, people)
    return [] if mapped is None else [mapped]
