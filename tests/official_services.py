"""A local stand-in for the official services, built from the files in ../shared/corpus,
served by a real HTTP server on 127.0.0.1 (a thread of the test process):

- `/sru` -- the SRU search service (searchRetrieve, version 2.0): records in the shape of
  ../shared/fixtures/koop/searchrec.xml for the 1,558 motions (XML + metadata.xml) and two
  seed documents (PDF only, made from their text), answering the CQL that chinakg sends
  (dt.identifier, w.dossiernummer, dt.available, dt.type, search terms with AND/OR), 10
  records a page;
- `/frbr/...` -- the documents' files: the motions' official XML, a metadata.xml per
  motion (in the shape of opmeta1.xml), the seeds as PDFs;
- `/OData/v4/2.0/{Zaak,Stemming,Persoon,Fractie}` -- the Tweede Kamer open data of
  corpus/odata, filtered as chinakg asks, 50 records a page with @odata.nextLink;
- `/SyncFeed/2.0/Feed` -- an Atom feed of changed cases with skiptoken paging.

`faults` makes the next requests to a path fail: "404", "500", "429" (Retry-After: 1),
"slow" (answers after the client's time-out), "truncated" (closes the connection
mid-body).  `requests` logs every path asked for.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

SEEDS = {"kst-32735-286": "002_54dab813ef9c6552.txt", "ah-tk-20222023-325": "003_bae6a21c06046bbe.txt"}
ATOM = "http://www.w3.org/2005/Atom"


class Document:
    def __init__(self, doc_id: str, title: str, date: str, doc_type: str, text: str, xml: bytes | None,
                 pdf: bytes | None) -> None:
        self.id, self.title, self.date, self.type, self.text, self.xml, self.pdf = \
            doc_id, title, date, doc_type, text.lower(), xml, pdf
        self.dossier = doc_id.split("-")[1] if doc_id.startswith("kst-") else ""

    def folder(self) -> str:
        kind = self.id.split("-")[0] if self.id.startswith("kst-") else "ah-tk"
        return f"/frbr/officielepublicaties/{kind}/{self.dossier or '2023'}/{self.id}/1"


class Services:
    def __init__(self, shared: Path, pdf_of) -> None:
        corpus = shared / "corpus"
        self.documents: dict[str, Document] = {}
        for path in sorted((corpus / "motions-xml").glob("*.xml")):
            raw = path.read_bytes()
            root = etree.fromstring(raw)
            datum = root.find(".//datum")
            title = root.find(".//stuk/titel")
            self.documents[path.stem] = Document(
                path.stem, "".join(title.itertext()) if title is not None else "",
                datum.get("isodatum", "") if datum is not None else "", "Motie", " ".join(root.itertext()), raw, None)
        for doc_id, name in SEEDS.items():
            text = (corpus / "seeds" / name).read_text(encoding="utf-8")
            self.documents[doc_id] = Document(doc_id, text.strip().splitlines()[0], "2020-02-04", "Brief", text,
                                              None, pdf_of(text))
        self.cases = {p.stem: json.loads(p.read_bytes()) for p in (corpus / "odata" / "zaak-documents").glob("*.json")}
        # in the shape of Stemming?$expand=Besluit($expand=Zaak,Agendapunt),Fractie,Persoon
        self.votes = [v for p in sorted((corpus / "odata" / "votes-by-case").glob("*.json"))
                      for v in json.loads(p.read_bytes())["value"]]
        self.people = json.loads((corpus / "odata" / "people" / "persoon-page-1.json").read_bytes())
        self.parties = json.loads((corpus / "odata" / "people" / "fractie-page-1.json").read_bytes())
        self.feed: list[tuple[int, str, str]] = []  # (sequence, Zaak Id, updated)
        self.faults: dict[str, list[str]] = {}
        self.requests: list[str] = []
        self.queries: list[str] = []  # the query string of each request, decoded
        self.lock = threading.Lock()
        self.base = ""

    def change_case(self, doc_id: str, appraisal: str) -> str:
        """Change a case's appraisal and list it in the SyncFeed; returns its Id."""
        case = self.cases[doc_id]
        case["Kabinetsappreciatie"] = appraisal
        sequence = (self.feed[-1][0] if self.feed else 1000) + 7
        self.feed.append((sequence, case["Id"], dt.datetime.now(dt.UTC).isoformat()))
        return case["Id"]


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # a client that gave up waiting: expected here
        pass


def start(shared: Path, pdf_of) -> tuple[ThreadingHTTPServer, Services]:
    services = Services(shared, pdf_of)
    handler = type("Handler", (Handler,), {"services": services})
    server = QuietServer(("127.0.0.1", 0), handler)
    services.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, services


class Handler(BaseHTTPRequestHandler):
    services: Services
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        s = self.services
        with s.lock:
            s.requests.append(url.path)
            s.queries.append(urllib.parse.unquote(url.query))
            fault = s.faults.get(url.path, []).pop(0) if s.faults.get(url.path) else None
        if fault == "404":
            return self._send(404, b"not found", "text/plain")
        if fault in ("500", "429"):
            return self._send(int(fault), b"try again", "text/plain", {"Retry-After": "1"} if fault == "429" else {})
        if fault == "slow":
            time.sleep(3)
        query = urllib.parse.parse_qs(url.query)
        try:
            status, body, media = self._route(url.path, query)
        except KeyError:
            status, body, media = 404, b"not found", "text/plain"
        if fault == "truncated":
            self.send_response(200)
            self.send_header("Content-Type", media)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.close_connection = True
            return
        self._send(status, body, media)

    def _send(self, status: int, body: bytes, media: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _route(self, path: str, query: dict[str, list[str]]) -> tuple[int, bytes, str]:
        s = self.services
        if path == "/sru":
            return 200, self._sru(query), "application/xml"
        if path.startswith("/frbr/"):
            doc = s.documents[path.split("/")[5]]
            if path.endswith("/metadata/metadata.xml"):
                return 200, _metadata(doc), "application/xml"
            if path.endswith(".xml") and doc.xml is not None:
                return 200, doc.xml, "application/xml"
            if path.endswith(".pdf") and doc.pdf is not None:
                return 200, doc.pdf, "application/pdf"
            raise KeyError(path)
        if path.startswith("/OData/v4/2.0/"):
            return 200, self._odata(path.rsplit("/", 1)[1], query), "application/json"
        if path == "/SyncFeed/2.0/Feed":
            return 200, self._feed(query), "application/atom+xml"
        raise KeyError(path)

    # -- SRU
    def _sru(self, query: dict[str, list[str]]) -> bytes:
        cql = query["query"][0]
        start = int(query.get("startRecord", ["1"])[0])
        size = min(int(query.get("maximumRecords", ["10"])[0]), 10)
        found = [d for d in self.services.documents.values() if _matches(d, cql)]
        page = found[start - 1:start - 1 + size]
        records = "".join(_record(d, self.services.base, start + i) for i, d in enumerate(page))
        following = (f"<sru:nextRecordPosition>{start + size}</sru:nextRecordPosition>"
                     if start - 1 + size < len(found) else "")
        return (f'<?xml version="1.0" encoding="UTF-8"?><sru:searchRetrieveResponse '
                f'xmlns:sru="http://docs.oasis-open.org/ns/search-ws/sruResponse"><sru:version>2.0</sru:version>'
                f"<sru:numberOfRecords>{len(found)}</sru:numberOfRecords><sru:records>{records}</sru:records>"
                f"{following}</sru:searchRetrieveResponse>").encode()

    # -- OData
    def _odata(self, entity: str, query: dict[str, list[str]]) -> bytes:
        s = self.services
        flt = query.get("$filter", [""])[0]
        if entity == "Zaak":
            if m := re.search(r"ExterneIdentifier eq '([^']+)'", flt):
                items = [s.cases[m[1]]] if m[1] in s.cases else []
            elif m := re.fullmatch(r"Id eq ([0-9a-f-]+)", flt):
                items = [c for c in s.cases.values() if c["Id"] == m[1]]
            else:
                raise KeyError(flt)
        elif entity == "Stemming":
            guid = re.search(r"Besluit/Zaak/any\(z:z/Id eq ([0-9a-f-]+)\)", flt)[1]
            items = [v for v in s.votes if any(z.get("Id") == guid for z in (v.get("Besluit") or {}).get("Zaak") or [])]
            if "Besluit($expand=Zaak" not in query.get("$expand", [""])[0]:  # as the API: only what is expanded
                items = [v | {"Besluit": {k: x for k, x in v["Besluit"].items() if k != "Zaak"}} for v in items]
        elif entity == "Persoon":
            wanted = set(re.findall(r"Id eq ([0-9a-f-]+)", flt))
            items = [p for p in s.people if p["Id"] in wanted]
        elif entity == "Fractie":
            items = s.parties
        else:
            raise KeyError(entity)
        skip = int(query.get("$skip", ["0"])[0])
        data: dict = {"@odata.context": f"{s.base}/OData/v4/2.0/$metadata#{entity}", "value": items[skip:skip + 50]}
        if skip + 50 < len(items):
            rest = {k: v[0] for k, v in query.items() if k != "$skip"} | {"$skip": str(skip + 50)}
            data["@odata.nextLink"] = f"{s.base}/OData/v4/2.0/{entity}?{urllib.parse.urlencode(rest)}"
        return json.dumps(data).encode("utf-8")

    # -- SyncFeed
    def _feed(self, query: dict[str, list[str]]) -> bytes:
        s = self.services
        after = int(query.get("skiptoken", ["0"])[0] or 0)
        entries = [e for e in s.feed if e[0] > after][:10]
        more = len([e for e in s.feed if e[0] > after]) > 10
        body = "".join(f"<entry><id>{s.base}/SyncFeed/2.0/Entiteiten/{guid}</id><title>{guid}</title>"
                       f'<updated>{updated}</updated><category term="Zaak"/></entry>' for _, guid, updated in entries)
        link = (f'<link rel="next" href="{escape(s.base)}/SyncFeed/2.0/Feed?category=Zaak&amp;skiptoken='
                f'{entries[-1][0]}"/>' if more else "")
        return f'<?xml version="1.0"?><feed xmlns="{ATOM}"><title>SyncFeed</title>{link}{body}</feed>'.encode()


def _matches(doc: Document, cql: str) -> bool:
    for part in cql.split(" and "):
        part = part.strip()
        if m := re.fullmatch(r"dt\.identifier==(\S+)", part):
            ok = doc.id == m[1]
        elif m := re.fullmatch(r"w\.dossiernummer==(\S+)", part):
            ok = doc.dossier == m[1]
        elif m := re.fullmatch(r"dt\.available(>=|<=)(\S+)", part):
            ok = bool(doc.date) and (doc.date >= m[2] if m[1] == ">=" else doc.date <= m[2])
        elif m := re.fullmatch(r'dt\.type=="([^"]+)"', part):
            ok = doc.type.lower() == m[1].lower()
        elif part == "c.product-area==officielepublicaties":
            ok = True
        elif m := re.fullmatch(r"\((.+)\)", part):
            ok = any(all(t.strip().lower() in doc.text for t in alt.split(" AND "))
                     for alt in m[1].split(" OR "))
        else:
            raise KeyError(part)
        if not ok:
            return False
    return True


def _record(doc: Document, base: str, position: int) -> str:
    folder = base + doc.folder()
    items = [("metadata", f"{folder}/metadata/metadata.xml")]
    if doc.xml is not None:
        items.append(("xml", f"{folder}/xml/{doc.id}.xml"))
    if doc.pdf is not None:
        items.append(("pdf", f"{folder}/pdf/{doc.id}.pdf"))
    urls = "".join(f'<itemUrl manifestation="{m}">{escape(u)}</itemUrl>' for m, u in items)
    main = f"<url>{escape(dict(items).get('xml') or dict(items)['pdf'])}</url>"
    return (f"<sru:record><sru:recordSchema>http://standaarden.overheid.nl/sru/</sru:recordSchema>"
            f"<sru:recordPacking>xml</sru:recordPacking><sru:recordData>"
            f'<gzd xmlns="http://standaarden.overheid.nl/sru"><originalData><meta><owmskern>'
            f"<identifier>{escape(doc.id)}</identifier><title>{escape(doc.title)}</title><language>nl</language>"
            f'<type scheme="OVERHEIDop.Parlementair">{escape(doc.type)}</type></owmskern>'
            f"<owmsmantel><available>{doc.date}</available></owmsmantel>"
            f"<tpmeta><dossiernummer>{doc.dossier}</dossiernummer></tpmeta></meta></originalData>"
            f"<enrichedData>{main}{urls}</enrichedData></gzd></sru:recordData>"
            f"<sru:recordPosition>{position}</sru:recordPosition></sru:record>")


def _metadata(doc: Document) -> bytes:
    fields = [("DC.identifier", "OVERHEIDop.ParlID", doc.id), ("DC.type", "OVERHEIDop.KamerstukTypen", doc.type),
              ("DCTERMS.available", "DCTERMS.W3CDTF", doc.date), ("OVERHEIDop.publicationName", "", "Kamerstuk")]
    body = "".join(f'<metadata name="{n}" scheme="{s}" content="{escape(v)}" />' for n, s, v in fields if v)
    return f"<metadata_gegevens>{body}</metadata_gegevens>".encode()
