"""Tweede Kamer open data: the records behind fetched documents, and the SyncFeed.

For each fetched Kamerstuk the case (`Zaak`) whose document carries its id, expanded with
`Document → HuidigeDocumentVersie → DocumentPublicatie` (the shape the open-data loader
reads); then, following the links, the votes on that case (`Stemming` expanded with
`Besluit → Zaak`, `Besluit → Agendapunt`, `Fractie`, `Persoon`, every page of them), the members
who voted individually (`Persoon`) and the parliamentary groups (`Fractie`).

The SyncFeed (`Feed?category=Zaak&skiptoken=…`, Atom) lists every changed entity in
order.  `sync` reads it from the position saved in the cache's manifest, re-fetches the
cached cases that changed (and their votes), and saves the new position after every
page, so a second run fetches only what changed since the first.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field

from chinakg.errors import FetchError
from chinakg.fetch.cache import Cache
from chinakg.fetch.http import Client, parse_xml
from chinakg.settings import ODATA_URL, SYNCFEED_URL

CASE_EXPAND = "Document($expand=HuidigeDocumentVersie($expand=DocumentPublicatie))"
# the decision with the case it decides (Besluit -> Zaak: how chinakg ties a vote to its
# motion) and the agenda item it was taken under
VOTE_EXPAND = "Besluit($expand=Zaak,Agendapunt),Fractie,Persoon"
ATOM = "{http://www.w3.org/2005/Atom}"


@dataclass
class ODataSummary:
    fetched: list[str] = field(default_factory=list)  # manifest ids
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (what, why)
    no_case: list[str] = field(default_factory=list)  # documents without an open-data case
    feed_entries: int = 0


def _get_json(client: Client, url: str) -> dict:
    body = client.get(url, "application/json")
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise FetchError(url, f"the open-data service answered with malformed JSON: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("value"), list):
        raise FetchError(url, "the open-data service answered without a 'value' list")
    return data


def _pages(client: Client, url: str) -> list[dict]:
    """Every record of a collection, following @odata.nextLink."""
    records: list[dict] = []
    seen = set()
    while url and url not in seen:
        seen.add(url)
        data = _get_json(client, url)
        records += data["value"]
        url = data.get("@odata.nextLink", "")
    return records


def _pages_or_failed(client: Client, url: str, summary: ODataSummary, what: str) -> list[dict] | None:
    """`_pages`, or None with the failure noted in the summary under `what`."""
    try:
        return _pages(client, url)
    except FetchError as exc:
        summary.failed.append((what, exc.problem))
        return None


def _query(base: str, entity: str, **options: str) -> str:
    return f"{base}/{entity}?" + urllib.parse.urlencode({f"${k}": v for k, v in options.items()}, safe="$(),/:'=")


def fetch_records(client: Client, cache: Cache, doc_ids: Iterable[str], base: str = ODATA_URL,
                  refresh: bool = False) -> ODataSummary:
    summary = ODataSummary()
    cases: list[dict] = []
    for doc_id in doc_ids:
        if not doc_id.startswith("kst-"):
            continue  # only Kamerstukken have cases with an appraisal
        url = _query(base, "Zaak", filter=f"Document/any(d:d/HuidigeDocumentVersie/ExterneIdentifier eq '{doc_id}')",
                     expand=CASE_EXPAND)
        found = _pages_or_failed(client, url, summary, f"case of {doc_id}")
        if found is None:
            continue
        if not found:
            summary.no_case.append(doc_id)
        for zaak in found:
            _store_case(cache, url, zaak, summary)
            cases.append(zaak)
    voters = _fetch_votes(client, cache, base, cases, summary)
    _fetch_people(client, cache, base, voters, summary)
    _fetch_parties(client, cache, base, summary, refresh)
    return summary


def _store_case(cache: Cache, url: str, zaak: dict, summary: ODataSummary) -> None:
    number = str(zaak.get("Nummer") or "")
    if not number:
        summary.failed.append((url, "a case without a Nummer"))
        return
    entry_id = f"tk-zaak-{number}"
    body = json.dumps(zaak, ensure_ascii=False, indent=1).encode("utf-8")
    written = cache.put_changed(entry_id, url, f"odata/zaak-{number}.json", body, guid=str(zaak.get("Id") or ""))
    (summary.fetched if written else summary.unchanged).append(entry_id)


def _fetch_votes(client: Client, cache: Cache, base: str, cases: list[dict], summary: ODataSummary) -> set[str]:
    """The votes on the cases, one file per decision (Besluit: several cases on one agenda
    item share their decisions, which are stored once); returns the members who voted."""
    by_decision: dict[str, dict[str, dict]] = {}
    source: dict[str, str] = {}
    for zaak in cases:
        if not zaak.get("Id"):
            continue
        url = _query(base, "Stemming", filter=f"Besluit/Zaak/any(z:z/Id eq {zaak['Id']})", expand=VOTE_EXPAND)
        for vote in _pages_or_failed(client, url, summary, f"votes on case {zaak.get('Nummer')}") or []:
            decision = str(vote.get("Besluit_Id") or (vote.get("Besluit") or {}).get("Id") or "")
            if decision and vote.get("Id"):
                by_decision.setdefault(decision, {})[vote["Id"]] = vote
                source.setdefault(decision, url)
    voters: set[str] = set()
    for decision, votes in sorted(by_decision.items()):
        voters |= {v["Persoon_Id"] for v in votes.values() if v.get("Persoon_Id")}
        entry_id = f"tk-besluit-{decision}"
        page = {"@odata.context": f"{base}/$metadata#Stemming", "value": [votes[k] for k in sorted(votes)]}
        body = json.dumps(page, ensure_ascii=False, indent=1).encode("utf-8")
        written = cache.put_changed(entry_id, source[decision], f"odata/besluit-{decision}.json", body, guid=decision)
        (summary.fetched if written else summary.unchanged).append(entry_id)
    return voters


def _fetch_people(client: Client, cache: Cache, base: str, ids: set[str], summary: ODataSummary) -> None:
    todo = sorted(i for i in ids if not cache.has(f"tk-persoon-{i}"))
    for start in range(0, len(todo), 20):
        chunk = todo[start:start + 20]
        url = _query(base, "Persoon", filter=" or ".join(f"Id eq {i}" for i in chunk))
        for person in _pages_or_failed(client, url, summary, "members who voted") or []:
            entry_id = f"tk-persoon-{person['Id']}"
            cache.put(entry_id, url, f"odata/persoon-{person['Id']}.json",
                      json.dumps([person], ensure_ascii=False, indent=1).encode("utf-8"), guid=person["Id"])
            summary.fetched.append(entry_id)


def _fetch_parties(client: Client, cache: Cache, base: str, summary: ODataSummary, refresh: bool) -> None:
    if cache.has("tk-fractie") and not refresh:
        summary.unchanged.append("tk-fractie")
        return
    url = _query(base, "Fractie", filter="Verwijderd eq false")
    parties = _pages_or_failed(client, url, summary, "parliamentary groups")
    if parties is None:
        return
    cache.put("tk-fractie", url, "odata/fractie.json", json.dumps(parties, ensure_ascii=False, indent=1).encode())
    summary.fetched.append("tk-fractie")


# ----------------------------------------------------------------------------- SyncFeed

def sync(client: Client, cache: Cache, base: str = ODATA_URL, feed: str = SYNCFEED_URL,
         max_pages: int = 1000, refetch: bool = True) -> ODataSummary:
    """Re-fetch the cached cases that the SyncFeed lists as changed since the saved position
    (with `refetch` false, only move the position to the end of the feed)."""
    summary = ODataSummary()
    held = {e.guid: e for e in cache.entries.values() if e.id.startswith("tk-zaak-") and e.guid}
    changed: set[str] = set()
    position = cache.positions.get("Zaak", {})
    seen_before = set(position.get("seen", []))
    url = f"{feed}/Feed?category=Zaak" + (f"&skiptoken={position['skiptoken']}" if position.get('skiptoken') else "")
    for _ in range(max_pages):
        root = parse_xml(url, client.get(url, "application/atom+xml"), "SyncFeed")
        seen = []
        for entry in root.iter(f"{ATOM}entry"):
            key = f"{(entry.findtext(f'{ATOM}title') or '').strip()}@{(entry.findtext(f'{ATOM}updated') or '').strip()}"
            seen.append(key)
            if key in seen_before:
                continue  # handled by the previous run, at this same position
            summary.feed_entries += 1
            guid = key.split("@", 1)[0]
            if guid in held and refetch:
                changed.add(guid)
        following = next((link.get("href") for link in root.iter(f"{ATOM}link") if link.get("rel") == "next"), None)
        if following and _skiptoken(following):
            cache.set_position("Zaak", str(_skiptoken(following)))
            seen_before, url = set(), following
            continue
        # the last page: stay at its position, remembering what it held
        cache.set_position("Zaak", _skiptoken(url) or "", sorted(seen_before | set(seen)))
        break
    cases = []
    for guid in sorted(changed):
        url = _query(base, "Zaak", filter=f"Id eq {guid}", expand=CASE_EXPAND)
        for zaak in _pages_or_failed(client, url, summary, f"case {held[guid].id}") or []:
            _store_case(cache, url, zaak, summary)
            cases.append(zaak)
    voters = _fetch_votes(client, cache, base, cases, summary)
    _fetch_people(client, cache, base, voters, summary)
    return summary


def _skiptoken(url: str) -> str | None:
    values = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query).get("skiptoken")
    return values[0] if values else None
