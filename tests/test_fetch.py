"""`chinakg fetch` against a local stand-in of the official services (tests/official_services.py),
built from ../shared/corpus and served over real HTTP on 127.0.0.1: documents by id, by
dossier and by search, open data with the SyncFeed, errors, retries, resuming -- and the
cache read by `chinakg build`."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path

import official_services
import pytest
from click.testing import CliRunner
from test_fuzz import text_pdf

from chinakg.cli import main


@pytest.fixture(scope="module")
def services(shared):
    server, services = official_services.start(shared, text_pdf)
    yield services
    server.shutdown()


@pytest.fixture
def fresh(services):
    services.faults.clear()
    services.requests.clear()
    return services


def fetch(services, cache: Path, *args: str) -> tuple[int, str]:
    base = services.base
    result = CliRunner().invoke(main, ["fetch", *args, "--cache", str(cache), "--sru-url", f"{base}/sru",
                                       "--odata-url", f"{base}/OData/v4/2.0", "--syncfeed-url",
                                       f"{base}/SyncFeed/2.0", "--rate", "200", "--retries", "2", "--timeout", "1"])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def manifest(cache: Path) -> list[dict]:
    return [json.loads(line) for line in (cache / ".fetch" / "manifest.jsonl").read_text().splitlines()]


def documents(store: str) -> dict[str, dict]:
    out = CliRunner().invoke(main, ["query", "documents", "--format", "csv", "--store", store]).output
    return {r["document"]: r for r in csv.DictReader(io.StringIO(out))}


def test_fetch_by_id_retries_through_errors_and_the_cache_builds(fresh, tmp_path) -> None:
    motion = fresh.documents["kst-35207-84"]
    folder = motion.folder()
    fresh.faults[f"{folder}/xml/kst-35207-84.xml"] = ["500"]
    fresh.faults[f"{folder}/metadata/metadata.xml"] = ["429"]
    fresh.faults["/frbr/officielepublicaties/ah-tk/2023/ah-tk-20222023-325/1/pdf/ah-tk-20222023-325.pdf"] = [
        "truncated"]
    cache = tmp_path / "cache"
    code, out = fetch(fresh, cache, "kst-35207-84", "kst-32735-286", "ah-tk-20222023-325", "kst-35207-99999")
    assert code == 1  # one id does not exist
    assert "failed: kst-35207-99999: the search service knows no publication with this id" in out
    assert "3 documents fetched, 0 already cached, 1 failed" in out and "(3 retried)" in out
    files = sorted(p.relative_to(cache).as_posix() for p in cache.rglob("*") if p.is_file() and ".fetch" not in p.parts)
    assert files == ["documents/ah-tk-20222023-325.pdf", "documents/kst-32735-286.pdf",
                     "documents/kst-35207-84.metadata.xml", "documents/kst-35207-84.xml"]
    for entry in manifest(cache):
        body = (cache / entry["file"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(body).hexdigest() and entry["url"].startswith(fresh.base)
        assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", entry["retrieved"])
    assert (cache / "documents" / "kst-35207-84.xml").read_bytes() == motion.xml
    store = str(tmp_path / "store")
    result = CliRunner().invoke(main, ["build", str(cache), "--store", store])
    assert result.exit_code == 0, result.output
    docs = documents(store)
    assert {d["source"] for d in docs.values()} == {"kst-35207-84.xml", "kst-32735-286.pdf", "ah-tk-20222023-325.pdf"}
    assert docs["kst-35207-84"]["date"] == "2025-04-09" and docs["kst-32735-286"]["date"] == "2020-02-04"
    # (the stand-in's PDF of the ah-tk seed is drawn line by line without its blank lines, so its
    # header is not recognised and it loads under a local id; the real PDF keeps its layout)


LETTER_XML = (b"<?xml version='1.0'?><officiele-publicatie><kamerstuk><stuk><stuknr><ondernummer>309</ondernummer>"
              b"</stuknr><titel>BRIEF VAN DE MINISTER VOOR BUITENLANDSE HANDEL EN ONTWIKKELINGSSAMENWERKING</titel>"
              b"</stuk></kamerstuk></officiele-publicatie>")


def test_a_letter_published_as_xml_and_pdf_is_fetched_as_the_pdf_build_reads(fresh, shared, tmp_path) -> None:
    # the XML loader reads motions only: a letter's XML would be rejected by build
    text = (shared / "corpus" / "texts" / "kst-32735-309.txt").read_text(encoding="utf-8")
    fresh.documents["kst-32735-309"] = official_services.Document(
        "kst-32735-309", "Brief van de minister", "2020-07-16", "Brief", text, LETTER_XML, text_pdf(text))
    cache = tmp_path / "cache"
    code, out = fetch(fresh, cache, "kst-32735-309", "kst-35207-84")
    assert code == 0, out
    files = sorted(p.name for p in (cache / "documents").iterdir())
    assert files == ["kst-32735-309.pdf", "kst-35207-84.metadata.xml", "kst-35207-84.xml"]
    store = str(tmp_path / "store")
    result = CliRunner().invoke(main, ["build", str(cache), "--store", store])
    assert result.exit_code == 0 and "0 rejected" in result.output, result.output
    assert {d["source"] for d in documents(store).values()} == {"kst-32735-309.pdf", "kst-35207-84.xml"}


def test_not_found_is_not_retried_and_a_dead_server_is_given_up(fresh, tmp_path) -> None:
    folder = fresh.documents["kst-35207-85"].folder()
    fresh.faults[f"{folder}/xml/kst-35207-85.xml"] = ["404"]
    fresh.faults[f"{fresh.documents['kst-35207-86'].folder()}/xml/kst-35207-86.xml"] = ["slow", "slow", "slow"]
    code, out = fetch(fresh, tmp_path / "cache", "kst-35207-85", "kst-35207-86", "kst-35207-87")
    assert code == 1
    assert re.search(r"failed: kst-35207-85: .*HTTP 404", out)
    assert re.search(r"failed: kst-35207-86: .*gave up after 3 attempts: .*timed out", out)
    assert fresh.requests.count(f"{folder}/xml/kst-35207-85.xml") == 1
    assert "1 documents fetched" in out
    assert not (tmp_path / "cache" / "documents" / "kst-35207-85.metadata.xml").exists()  # whole or nothing


def test_dossier_fetch_resumes_after_an_interruption(fresh, tmp_path) -> None:
    cache = tmp_path / "cache"
    expected = sorted(d for d in fresh.documents if d.startswith("kst-35207-"))
    broken = f"{fresh.documents[expected[3]].folder()}/xml/{expected[3]}.xml"
    fresh.faults[broken] = ["500"] * 3  # fails every attempt of the first run
    code, out = fetch(fresh, cache, "--dossier", "35207")
    assert code == 1 and f"{len(expected) - 1} documents fetched" in out
    (cache / ".fetch" / "manifest.jsonl").open("a").write('{"id": "kst-35207-cut-sh')  # an interrupted write
    fresh.requests.clear()
    code, out = fetch(fresh, cache, "--dossier", "35207")
    assert code == 0, out
    assert f"1 documents fetched, {len(expected) - 1} already cached, 0 failed" in out
    fetched_files = [p for p in fresh.requests if p.startswith("/frbr/")]
    assert fetched_files == [f"{fresh.documents[expected[3]].folder()}/metadata/metadata.xml", broken]
    ids = {e["id"] for e in manifest(cache)}
    assert set(expected) <= ids and len(list((cache / "documents").glob("*.metadata.xml"))) == len(expected)


def test_search_with_dates_and_type_pages_through_every_record(fresh, tmp_path, shared) -> None:
    cache = tmp_path / "cache"
    code, out = fetch(fresh, cache, "--query", "china AND mensenrechten OR chinese OR oeigoeren OR tibet",
                      "--from", "2024-01-01", "--to", "2025-12-31", "--type", "Motie")
    assert code == 0, out
    wanted = set()
    for path in (shared / "corpus" / "motions-xml").glob("*.xml"):
        text = path.read_text(encoding="utf-8")
        date = re.search(r'isodatum="([^"]+)"', text)
        plain = re.sub(r"<[^>]+>", " ", text).lower()
        found = ("china" in plain and "mensenrechten" in plain) or any(w in plain for w in ("chinese", "oeigoeren",
                                                                                            "tibet"))
        if date and "2024-01-01" <= date[1] <= "2025-12-31" and found:
            wanted.add(path.stem)
    assert len(wanted) > 10  # more than one page of the search service
    assert {p.stem for p in (cache / "documents").glob("kst-*.xml") if ".metadata" not in p.name} == wanted
    assert sum(p == "/sru" for p in fresh.requests) == -(-len(wanted) // 10)


def test_open_data_follows_the_links_and_the_syncfeed_fetches_only_what_changed(fresh, tmp_path) -> None:
    cache = tmp_path / "cache"
    assert fetch(fresh, cache, "kst-35207-84", "kst-35207-89")[0] == 0
    code, out = fetch(fresh, cache, "--odata")
    assert code == 0, out
    files = {p.name for p in (cache / "odata").iterdir()}
    cases = {f"zaak-{fresh.cases[d]['Nummer']}.json" for d in ("kst-35207-84", "kst-35207-89")}
    assert cases <= files and "fractie.json" in files
    assert any(name.startswith("besluit-") for name in files)  # the votes, one file per decision
    store = str(tmp_path / "store")
    assert CliRunner().invoke(main, ["build", str(cache), "--store", store]).exit_code == 0
    row = _motion(store, "kst-35207-84")
    assert row["appraisal"] == "Ontraden"  # the cabinet's appraisal, from the open-data case
    # the votes were asked for with Besluit -> Zaak expanded, so the decision reaches its motion
    assert any("Besluit($expand=Zaak" in q for q in fresh.queries)
    assert row["vote_result"] == "Aangenomen"

    fresh.requests.clear()
    code, out = fetch(fresh, cache, "--odata")  # nothing changed
    assert code == 0 and "0 records fetched" in out and "0 new SyncFeed entries" in out
    assert not [p for p in fresh.requests if p.endswith("/Zaak")]

    original = fresh.cases["kst-35207-84"]["Kabinetsappreciatie"]
    try:
        fresh.change_case("kst-35207-84", "Overgenomen")
        fresh.requests.clear()
        code, out = fetch(fresh, cache, "--odata")
        assert code == 0, out
        assert "1 new SyncFeed entries" in out
        assert [p for p in fresh.requests if p.endswith("/Zaak")] == ["/OData/v4/2.0/Zaak"]  # only that case
        assert CliRunner().invoke(main, ["build", str(cache), "--store", store]).exit_code == 0
        assert _motion(store, "kst-35207-84")["appraisal"] == "Overgenomen"
    finally:
        fresh.cases["kst-35207-84"]["Kabinetsappreciatie"] = original


def _motion(store: str, motion: str) -> dict:
    out = CliRunner().invoke(main, ["query", "motions", "-p", f"motion={motion}", "--format", "csv",
                                    "--store", store]).output
    [row] = list(csv.DictReader(io.StringIO(out)))
    return row


def test_usage_and_bad_ids_are_clear(fresh, tmp_path) -> None:
    result = CliRunner().invoke(main, ["fetch", "--cache", str(tmp_path / "c")])
    assert result.exit_code == 2 and "give document ids, --dossier, --query or --odata" in result.output
    code, out = fetch(fresh, tmp_path / "c", "not an id", "--dossier", "35207; DROP")
    assert code == 1
    assert "failed: not an id: not an official publication id" in out
    assert "not a dossier number such as 35207" in out


def test_the_client_keeps_to_its_rate_and_backs_off(fresh) -> None:
    """The waits the client asks for (recorded instead of slept): one request per 1/rate
    seconds, back-off doubling from 1 s after a 500, and the server's Retry-After on a 429."""
    from chinakg.fetch.http import Client

    waits: list[float] = []
    client = Client(rate=5.0, retries=3, backoff=1.0, timeout=5, sleep=waits.append)
    doc = fresh.documents["kst-35207-90"]
    url = f"{fresh.base}{doc.folder()}/xml/kst-35207-90.xml"
    for _ in range(4):
        assert client.get(url) == doc.xml
    assert len(waits) == 3 and all(0.15 < w <= 0.2 for w in waits)  # 1/rate between requests
    waits.clear()
    fresh.faults[f"{doc.folder()}/xml/kst-35207-90.xml"] = ["500", "500", "429"]
    client = Client(rate=1000.0, retries=3, backoff=1.0, timeout=5, sleep=waits.append)
    assert client.get(url) == doc.xml
    assert [w for w in waits if w >= 0.5] == [1.0, 2.0, 1.0]  # back-off 1 s, 2 s; then Retry-After: 1
    assert client.requests == 4 and client.retried == 3


def test_a_real_search_record_is_read(shared) -> None:
    """The SRU record of ../shared/fixtures/koop/searchrec.xml (a real answer of the service)."""
    from lxml import etree

    from chinakg.fetch.sru import parse_record

    record = parse_record(etree.fromstring((shared / "fixtures" / "koop" / "searchrec.xml").read_bytes()))
    assert record is not None and record.identifier == "gmb-2023-174296"
    assert record.available == "2023-04-20" and record.title.startswith("Ingekomen melding")
    folder = "https://repository.overheid.nl/frbr/officielepublicaties/gmb/2023/gmb-2023-174296/1"
    assert record.urls["xml"] == f"{folder}/xml/gmb-2023-174296.xml"
    assert record.urls["pdf"] == f"{folder}/pdf/gmb-2023-174296.pdf"
    assert record.urls["metadata"] == f"{folder}/metadata/metadata.xml"
