"""The government's SRU search service (repository.overheid.nl/sru): CQL queries for
documents by id, by dossier and by search terms, and the records it answers with.

A record (see ../shared/fixtures/koop/searchrec.xml) carries the document's metadata in
`originalData/meta` (owmskern: identifier, title, type; owmsmantel: available) and its
files in `enrichedData`: `url` (the XML) and `itemUrl` per manifestation (xml, pdf,
metadata, ...).  Elements are matched by local name, whatever their namespace.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from chinakg.errors import FetchError
from chinakg.fetch.http import Client, parse_xml
from chinakg.settings import SRU_URL

PAGE_SIZE = 100
ID_FORM = re.compile(r"^(kst|ah-tk|h-tk|kv-tk|stcrt|stb|trb|blg)-[0-9A-Za-z-]+$")


@dataclass
class Record:
    identifier: str
    title: str = ""
    doc_type: str = ""  # Motie, Brief, ... (owmskern type)
    available: str = ""  # date of publication, YYYY-MM-DD
    urls: dict[str, str] = field(default_factory=dict)  # manifestation -> URL (xml, pdf, metadata, ...)


def cql_for_id(doc_id: str) -> str:
    if not ID_FORM.match(doc_id):
        raise FetchError(doc_id, "not an official publication id such as kst-35207-32 or ah-tk-20222023-325")
    return f"dt.identifier=={doc_id}"


def cql(terms: str | None = None, dossier: str | None = None, date_from: dt.date | None = None,
        date_to: dt.date | None = None, doc_type: str | None = None) -> str:
    """A CQL query for the parliamentary publications matching all the given conditions."""
    parts = ["c.product-area==officielepublicaties"]
    if dossier:
        if not re.fullmatch(r"\d{4,6}(-[0-9A-Z]{1,6})?", dossier.replace(" ", "")):
            raise FetchError(dossier, "not a dossier number such as 35207 or 36200-V")
        parts.append(f"w.dossiernummer=={dossier.replace(' ', '')}")
    if terms:
        parts.append(f"({terms})")
    if date_from:
        parts.append(f"dt.available>={date_from.isoformat()}")
    if date_to:
        parts.append(f"dt.available<={date_to.isoformat()}")
    if doc_type:
        parts.append(f'dt.type=="{doc_type}"')
    return " and ".join(parts)


def search(client: Client, query: str, base: str = SRU_URL, limit: int | None = None) -> Iterator[Record]:
    """Every record matching `query`, page by page (startRecord / nextRecordPosition)."""
    start, seen = 1, 0
    while True:
        params = {"operation": "searchRetrieve", "version": "2.0", "x-connection": "oep", "query": query,
                  "startRecord": str(start), "maximumRecords": str(PAGE_SIZE)}
        url = f"{base}?{urllib.parse.urlencode(params)}"
        root = parse_xml(url, client.get(url, "application/xml"), "search service")
        for record in _children(root, "record"):
            parsed = parse_record(record)
            if parsed is not None:
                yield parsed
                seen += 1
                if limit is not None and seen >= limit:
                    return
        following = _text(root, "nextRecordPosition")
        if not following or not following.isdigit() or int(following) <= start:
            return
        start = int(following)


def parse_record(record: etree._Element) -> Record | None:
    identifier = _text(record, "identifier")
    if not identifier:
        return None
    result = Record(identifier, _text(record, "title"), _text(record, "type"), _text(record, "available"))
    for el in record.iter():
        if not isinstance(el.tag, str):
            continue
        name = etree.QName(el).localname
        if name == "itemUrl" and el.get("manifestation") and el.text:
            result.urls[el.get("manifestation", "")] = el.text.strip()
        elif name == "url" and el.text and el.text.strip().endswith(".xml"):
            result.urls.setdefault("xml", el.text.strip())  # the main file; itemUrl xml, when given, wins
    return result


def _children(root: etree._Element, name: str) -> list[etree._Element]:
    return [el for el in root.iter() if isinstance(el.tag, str) and etree.QName(el).localname == name]


def _text(root: etree._Element, name: str) -> str:
    for el in root.iter():
        if isinstance(el.tag, str) and etree.QName(el).localname == name and el.text and el.text.strip():
            return el.text.strip()
    return ""
