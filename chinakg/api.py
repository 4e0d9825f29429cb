"""The Python API: the same build and queries as the command line, for notebooks and scripts.

    from chinakg import KnowledgeGraph

    with KnowledgeGraph("chinakg-store") as kg:          # a folder, ":memory:" or a SPARQL URL
        kg.build(["../shared/corpus/seeds"])
        rows = kg.query("motions", theme="xinjiang")      # a list of dicts, one per row
        frame = rows.to_pandas()                          # when pandas is installed
        result = kg.sparql("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from chinakg.canned import CannedQuery, list_queries, run_query
from chinakg.errors import ChinaKGError
from chinakg.graph_store import QueryResult, Store, open_store
from chinakg.pipeline import BuildSummary, build


class Rows(list):
    """Rows of a canned query: a list of {column: value} dicts (strings, '' where empty)."""

    def __init__(self, columns: list[str], rows: Iterable[dict[str, str]]) -> None:
        super().__init__(rows)
        self.columns = columns

    def to_pandas(self) -> Any:
        """The rows as a pandas DataFrame with the query's columns in order."""
        try:
            import pandas as pd
        except ImportError as exc:
            raise ChinaKGError("to_pandas() needs pandas: pip install pandas") from exc
        return pd.DataFrame(list(self), columns=self.columns)


class KnowledgeGraph:
    """A chinakg graph in a store: build it from documents, ask it questions."""

    def __init__(self, store: str | Path | Store | None = None) -> None:
        self.store = store if isinstance(store, Store) else open_store(None if store is None else str(store))
        self._owns_store = not isinstance(store, Store)

    def build(self, paths: Iterable[str | Path]) -> BuildSummary:
        """Load documents (files or folders) into the store; see `chinakg build`."""
        return build(self.store, [Path(p) for p in paths])

    def query(self, name: str, **params: str) -> Rows:
        """Run a canned query by name (see `queries()`), parameters as keyword arguments."""
        columns, rows = run_query(self.store, name, {k: str(v) for k, v in params.items()})
        return Rows(columns, rows)

    def sparql(self, text: str) -> QueryResult:
        """Run any SPARQL 1.1 query on the store."""
        return self.store.query(text)

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
