"""The Python API: everything the command line does, for notebooks and scripts.

    from chinakg import KnowledgeGraph

    with KnowledgeGraph("chinakg-store") as kg:          # a folder, ":memory:" or a SPARQL URL
        kg.build(["../shared/corpus/seeds"])
        rows = kg.query("motions", theme="xinjiang")      # a list of dicts, one per row
        frame = rows.to_pandas()                          # when pandas is installed
        result = kg.sparql("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        kg.remove(["kst-35207-32"])
        print(kg.validate().text())
        kg.export("chinakg.nq")                           # or format="turtle", "trig", "jsonld", "nt"
        html = kg.report()

The command line (chinakg.cli) is a thin layer over this class: it parses options, calls
one method and turns the result into text and an exit code.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from chinakg.canned import CannedQuery, Rows, iter_rows, list_queries, run_rows
from chinakg.graph_store import QueryResult, Store, open_store
from chinakg.namespaces import GRAPH
from chinakg.settings import FILE_MEMORY_MB, FILE_SECONDS, MAX_FILE_MB
from chinakg.sparql_guard import total_order
from chinakg.validation import ValidationReport

if TYPE_CHECKING:  # building, fetching and validating are imported when they are used
    from chinakg.fetch import Client, FetchRequest, FetchSummary, Sources
    from chinakg.pipeline import BuildSummary

__all__ = ["KnowledgeGraph", "Rows", "Validation"]


@dataclass
class Validation:
    """The whole store checked against every shape, with the document each subject comes from."""

    report: ValidationReport
    owner: dict[str, str]  # subject IRI -> id of the document graph it is in

    @property
    def conforms(self) -> bool:
        return not self.report.violations

    def text(self) -> str:
        """The findings grouped by document and shape."""
        return self.report.text(self.owner)


class KnowledgeGraph:
    """A chinakg graph in a store: build it from documents, ask it questions, check,
    export and report on it."""

    def __init__(self, store: str | Path | Store | None = None, read_only: bool = False) -> None:
        self.store = store if isinstance(store, Store) else \
            open_store(None if store is None else str(store), read_only=read_only)
        self._owns_store = not isinstance(store, Store)

    def build(self, paths: Iterable[str | Path], force: bool = False, workers: int | None = None,
              max_file_mb: float = MAX_FILE_MB, progress: Callable[[Path], None] | None = None,
              file_seconds: float | None = FILE_SECONDS, file_memory_mb: int | None = FILE_MEMORY_MB) -> BuildSummary:
        """Load documents (files or folders) into the store; see `chinakg build`."""
        from chinakg.pipeline import build

        return build(self.store, [Path(p) for p in paths], progress=progress, force=force, workers=workers,
                     max_file_mb=max_file_mb, file_seconds=file_seconds, file_memory_mb=file_memory_mb)

    def remove(self, doc_ids: Iterable[str]) -> list[str]:
        """Take documents or open-data records out by id; returns the ids that were not stored."""
        from chinakg.pipeline import remove

        return remove(self.store, doc_ids)

    def query(self, name: str, **params: str) -> Rows:
        """Run a canned query by name (see `queries()`), parameters as keyword arguments;
        `from_=` stands for the parameter `from`, a Python keyword.  `.to_pandas()` on the
        rows gives a typed DataFrame."""
        return run_rows(self.store, name, {k.removesuffix("_"): str(v) for k, v in params.items()})

    def stream(self, name: str, **params: str) -> Iterator[dict[str, str]]:
        """The rows of a canned query one at a time, as `query` gives them: a kept answer is
        read row by row (the first of `evidence`'s 35,000 rows in a millisecond, not after
        all of them), any other answer as the engine gives it."""
        return iter_rows(self.store, name, {k.removesuffix("_"): str(v) for k, v in params.items()})

    def sparql(self, text: str) -> QueryResult:
        """Run any SPARQL 1.1 query on the store.  The default graph is the union of the
        named graphs, as at the endpoint (a query with FROM keeps the dataset it names); its
        ORDER BY is made safe for the engine (see sparql_guard)."""
        return self.store.query(total_order(text), union_default=True)

    def validate(self, say: Callable[[str], None] = lambda _m: None) -> Validation:
        """Check the whole store against every shape (the per-document gate's and the checks
        against the reference graph); `say` hears each stage, for progress."""
        from chinakg.validation import validate_store

        say("reading the store")
        buffer = io.BytesIO()
        self.store.write_dump(buffer, "nt")

        def rows(sparql: str) -> list[dict]:
            return self.store.query(sparql, union_default=True).rows

        report = validate_store(buffer.getvalue().decode("utf-8"), rows, say)
        return Validation(report, self._documents_of({f.focus for f in report.findings}))

    def _documents_of(self, focus: set[str]) -> dict[str, str]:
        """The document each focus node is stated in (for the report's grouping)."""
        prefix = str(GRAPH["doc/"])
        owner: dict[str, str] = {}
        iris = sorted(f for f in focus if f.startswith(("http://", "https://")))
        for start in range(0, len(iris), 500):
            values = " ".join(f"<{i}>" for i in iris[start:start + 500])
            for row in self.store.query(f"SELECT ?s ?g WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} "
                                        f'FILTER (STRSTARTS(STR(?g), "{prefix}")) }}').rows:
                owner[str(row["s"])] = str(row["g"])[len(prefix):]
        return owner

    def export(self, out: str | Path | BinaryIO, format: str = "nquads") -> None:
        """Write the whole graph: N-Quads, TriG and JSON-LD keep the named graphs; Turtle and
        N-Triples merge them.  A file is written whole or not at all."""
        if not isinstance(out, (str, Path)):
            self.store.write_dump(out, format)
            return
        path = Path(out)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.partial")
        try:
            with partial.open("wb") as handle:
                self.store.write_dump(handle, format)
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)

    def report(self, title: str = "chinakg report") -> str:
        """A self-contained HTML report (charts and key tables, nothing fetched to view it)."""
        from chinakg.report import build_report

        return build_report(self, title)

    @staticmethod
    def fetch(request: FetchRequest, cache: str | Path, client: Client | None = None,
              sources: Sources | None = None) -> FetchSummary:
        """Fetch documents (and with `request.odata` their open-data records) from the
        official services into a cache folder that `build` then reads."""
        from chinakg.fetch import Cache, Client, Sources, fetch

        return fetch(client or Client(), Cache(Path(cache)), sources or Sources(), request)

    @staticmethod
    def queries() -> list[CannedQuery]:
        """The canned queries with their titles, parameters and columns."""
        return list_queries()

    def close(self) -> None:
        if self._owns_store:
            self.store.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
