"""`chinakg fetch`: documents from the official publication repository, and the Tweede
Kamer open-data records behind them, into a local cache that `chinakg build` reads.

    sru      the search service: which documents exist, and the URLs of their files
    http     the polite client (rate limit, retries with back-off)
    cache    one file per document or record, and the manifest
    odata    open-data cases, votes, people and parties; the SyncFeed
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from chinakg.errors import FetchError
from chinakg.fetch.cache import Cache
from chinakg.fetch.http import Client
from chinakg.fetch.odata import ODATA_URL, SYNCFEED_URL, ODataSummary, fetch_records, sync
from chinakg.fetch.sru import SRU_URL, Record, cql, cql_for_id, search

__all__ = ["Cache", "Client", "FetchRequest", "FetchSummary", "Sources", "fetch"]


@dataclass
class Sources:
    """The services' base URLs (the official ones by default)."""

    sru: str = SRU_URL
    odata: str = ODATA_URL
    syncfeed: str = SYNCFEED_URL


@dataclass
class FetchRequest:
    """What to fetch: documents by official id, every document of a dossier or of a search
    (`terms`, CQL), optionally within dates and of one kind; with `odata`, also their
    open-data records and what the SyncFeed lists as changed."""

    ids: tuple[str, ...] = ()
    dossier: str | None = None
    terms: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    doc_type: str | None = None
    odata: bool = False
    refresh: bool = False  # fetch again what the cache already holds

    def is_empty(self) -> bool:
        return not (self.ids or self.dossier or self.terms or self.odata)


@dataclass
class FetchSummary:
    fetched: list[str] = field(default_factory=list)  # document ids
    unchanged: list[str] = field(default_factory=list)  # already in the cache
    failed: list[tuple[str, str]] = field(default_factory=list)  # (id or search, why)
    odata: ODataSummary | None = None


def fetch(client: Client, cache: Cache, sources: Sources, request: FetchRequest) -> FetchSummary:
    """Fetch documents by id, and every document of a dossier or a search; then, with
    `odata`, their open-data records and what the SyncFeed says changed."""
    summary = FetchSummary()
    refresh = request.refresh
    for record in _records(client, sources, summary, request):
        _fetch_document(client, cache, record, summary, refresh)
    if request.odata:
        first_sync = "Zaak" not in cache.positions
        held = {e.id for e in cache.entries.values() if e.id.startswith("kst-") and "." not in e.id}
        todo = sorted(held if refresh else held - cases_cached(cache))
        summary.odata = fetch_records(client, cache, todo, sources.odata, refresh)
        # the first time, the cases were all just fetched: only find where the feed ends
        synced = sync(client, cache, sources.odata, sources.syncfeed, refetch=not first_sync)
        summary.odata.fetched += synced.fetched
        summary.odata.failed += synced.failed
        summary.odata.feed_entries = synced.feed_entries
    return summary


def cases_cached(cache: Cache) -> set[str]:
    """The Kamerstuk ids whose open-data case is in the cache (named in the cached cases)."""
    found: set[str] = set()
    for entry in cache.entries.values():
        path = cache.folder / entry.file
        if entry.id.startswith("tk-zaak-") and path.is_file():
            try:
                zaak = json.loads(path.read_bytes())
            except ValueError:
                continue
            for doc in zaak.get("Document") or []:
                version = doc.get("HuidigeDocumentVersie") or {}
                found.add(str(version.get("ExterneIdentifier") or ""))
    return found


def _records(client: Client, sources: Sources, summary: FetchSummary, request: FetchRequest) -> Iterator[Record]:
    for doc_id in request.ids:
        try:
            found = list(search(client, cql_for_id(doc_id), sources.sru, limit=1))
        except FetchError as exc:
            summary.failed.append((doc_id, exc.problem))
            continue
        if not found:
            summary.failed.append((doc_id, "the search service knows no publication with this id"))
        yield from found
    if request.dossier or request.terms:
        try:
            query = cql(request.terms, request.dossier, request.date_from, request.date_to, request.doc_type)
            yield from search(client, query, sources.sru)
        except FetchError as exc:
            summary.failed.append((exc.url, exc.problem))


MOTION_TITLE = re.compile(r"^(?:nader\s+)?(?:gewijzigde\s+)?motie\b", re.IGNORECASE)


def is_motion(record: Record) -> bool:
    """The search record says the document is a motion: its type ("Motie") or its title."""
    return "motie" in record.doc_type.lower() or bool(MOTION_TITLE.match(record.title))


def _fetch_document(client: Client, cache: Cache, record: Record, summary: FetchSummary, refresh: bool) -> None:
    """The document's XML and metadata.xml, or its PDF when there is no XML or the XML is of
    a kind chinakg does not read (only motions are read from XML; letters, reports and
    answers are read from their PDF's text), so that build reads whatever fetch saves."""
    doc_id = record.identifier
    if doc_id in summary.fetched or doc_id in summary.unchanged:
        return
    if cache.has(doc_id) and not refresh:
        summary.unchanged.append(doc_id)
        return
    use_xml = "xml" in record.urls and doc_id.startswith("kst-") and is_motion(record)
    files = [("metadata", f"{doc_id}.metadata", f"documents/{doc_id}.metadata.xml")] if use_xml else []
    files.append(("xml", doc_id, f"documents/{doc_id}.xml") if use_xml else ("pdf", doc_id, f"documents/{doc_id}.pdf"))
    missing = [m for m, _, _ in files if m not in record.urls and m != "metadata"]
    if missing:
        summary.failed.append((doc_id, f"the search record gives no {missing[0].upper()} file"))
        return
    try:  # every file first, then into the cache: a document is cached whole or not at all
        bodies = [(entry_id, record.urls[m], relative, client.get(record.urls[m]))
                  for m, entry_id, relative in files if m in record.urls]
    except FetchError as exc:
        summary.failed.append((doc_id, exc.problem))
        return
    for entry_id, url, relative, body in bodies:  # the document itself last: it marks the whole
        cache.put(entry_id, url, relative, body)
    summary.fetched.append(doc_id)
