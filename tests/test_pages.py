"""The pages and the report as a researcher meets them: `chinakg serve` over the whole shared
corpus, opened in headless Chromium.  Facts asserted were read in the source documents:
kst-35207-84 (motion XML: Paternotte (D66) and Boswijk (CDA), "Voorgesteld 9 april 2025";
its case record 2025Z06903: Onderwerp, DocumentNummer 2025D15873 and Kabinetsappreciatie
"Ontraden"; its votes in
votes-by-case: Voor 86 seats, Tegen 64, 15 parties, PVV Tegen with 37, adopted), the letter
kst-32735-286 (seed 002: signed S.A.M. Kaag and S.A. Blok, "ontraadt het kabinet deze motie"
on kst-32735-278), the seed answers to Van der Lee's questions (seed 003: "Vraag 1 / Bent u
bekend met het rapport van de Verenigde Naties ...", "Antwoord 1 / Ja"), and Tom van der Lee
(ParlaMint: GroenLinks from 2017-04-03; roll calls: GroenLinks-PvdA from 2024; motion XMLs
kst-36470-5 "MOTIE VAN HET LID VAN DER LEE" and kst-31477-106 "MOTIE VAN DE LEDEN ERGIN EN
VAN DER LEE").

Each page kind is also saved as a screenshot 1280 px wide in tests/output/screenshots (or
$CHINAKG_SCREENSHOTS) for a reviewer to look at.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
from test_server import Server, get

from chinakg.canned import run_query

SCREENSHOTS = Path(os.environ.get("CHINAKG_SCREENSHOTS") or Path(__file__).parent / "output" / "screenshots")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(corpus_build, tmp_path_factory: pytest.TempPathFactory):
    srv = Server(corpus_build[0], tmp_path_factory.mktemp("pages-logs"))
    yield srv
    srv.stop()


def chromium(*args: str) -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.fail("Chromium is not installed (Debian package 'chromium'); .ci/run installs it")
    done = subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           "--virtual-time-budget=10000", *args], capture_output=True, text=True, timeout=180)
    return done.stdout


def dom(url: str) -> str:
    return chromium("--dump-dom", url)


def screenshot(url: str, name: str, height: int = 1800) -> Path:
    """A 1280 px wide screenshot of `url`; the PNG's own header must say 1280 wide."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    path.unlink(missing_ok=True)
    chromium(f"--window-size=1280,{height}", f"--screenshot={path}", url)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, tall = struct.unpack(">II", data[16:24])
    assert (width, tall) == (1280, height) and len(data) > 20_000, (path, width, tall, len(data))
    print(f"screenshot: {path}", file=sys.stderr)
    return path


def text_of(fragment: str) -> str:
    """What a reader sees of an HTML fragment: tags out (a line or cell break as a space),
    entities decoded, spaces squeezed."""
    spaced = re.sub(r"<(br|/li|/td|/th|/dd|/dt|/p|/div|/tr|/h\d|/summary)\b[^>]*>", " ", fragment)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", spaced))).strip()


def section(page: str, heading: str) -> str:
    """The text from a summary heading to the next heading."""
    start = page.index(heading)
    end = page.find("<h2", start + 1)
    return page[start:end if end > 0 else len(page)]


def fact(page: str, name: str) -> str:
    match = re.search(rf"<dt>{re.escape(name)}</dt><dd>(.*?)</dd>", page, re.S)
    assert match, f"no fact {name!r} in the summary"
    return match.group(1)


def test_a_motion_page_sums_up_the_motion(site: Server) -> None:
    url = site.url + "/id/doc/kst-35207-84"
    page = dom(url)
    summary = page[page.index('<section id="summary"'):page.index("</section>")]
    assert "<h1>Motie van de leden Paternotte en Boswijk over een speciale EU-vertegenwoordiger en een " \
           "gezamenlijke EU-Tibetstrategie</h1>" in page
    assert text_of(fact(summary, "Date")) == "2025-04-09"
    assert text_of(fact(summary, "Submitted by")) == "Jan Paternotte (D66), Derk Boswijk (CDA)"
    assert 'href="../person/jan-paternotte"' in fact(summary, "Submitted by")
    assert "verzoekt het kabinet zich in te zetten voor een speciale EU-vertegenwoordiger" in fact(summary, "Requests")
    assert text_of(fact(summary, "Cabinet's appraisal")).startswith("Ontraden in tk-zaak-2025Z06903")
    vote = fact(summary, "Vote")
    assert text_of(vote).startswith("Aangenomen — Voor 86 seats · Tegen 64 seats")
    assert "each party's vote (15 parties)" in vote
    assert re.search(r"<td>PVV</td><td><span[^>]*></span>Tegen</td><td class=\"num\">37</td>", vote)
    links = fact(summary, "Official publication")
    for ext in ("html", "pdf", "xml"):
        assert f'href="https://zoek.officielebekendmakingen.nl/kst-35207-84.{ext}"' in links
    assert "Zaak(4dfaeaae-5419-4541-9a2e-71f2d5edcab4)" in links
    # the case 2025Z06903 and its document's DocumentNummer 2025D15873 address the Kamer's page
    assert 'href="https://www.tweedekamer.nl/kamerstukken/moties/detail?id=2025Z06903&amp;did=2025D15873"' in links
    trail = re.findall(r"<li><span class=\"date\">([^<]*)</span>(.*?)</li>", section(summary, "Trail"), re.S)
    assert [(d, text_of(s)) for d, s in trail] == [("2025-04-09", "submitted"),
                                                   ("date not known", "appraised Ontraden in tk-zaak-2025Z06903"),
                                                   ("date not known", "voted: Aangenomen")]
    # the table below: no link to the page itself, each quote once
    properties = page[page.index('id="properties"'):]
    assert 'href="kst-35207-84"' not in page and "<td class=\"src\">this document</td>" in properties
    assert properties.count("“Paternotte”") == 2  # submitted by, and the signature: once per statement
    screenshot(url, "motion", 2400)


def test_a_letter_page_names_its_signatories_and_the_motion_it_appraises(site: Server) -> None:
    url = site.url + "/id/doc/kst-32735-286"
    page = dom(url)
    summary = page[page.index('<section id="summary"'):page.index("</section>")]
    assert text_of(fact(summary, "Date")) == "2020-02-04"
    assert text_of(fact(summary, "Signed by")) == (
        "Sigrid Kaag, Minister voor buitenlandse handel en ontwikkelingssamenwerking "
        "Stef Blok, Minister van Buitenlandse Zaken")
    appraises = text_of(section(summary, "Motions it appraises"))
    assert appraises.startswith("Motions it appraises (1) kst-32735-278 Ontraden")
    assert "h-tk-20192020-47" in text_of(section(summary, "Cites"))
    screenshot(url, "letter", 1600)


def test_an_answers_page_shows_each_question_with_its_answer(site: Server, corpus) -> None:
    store, _ = corpus
    [row] = store.query("""PREFIX ck: <https://w3id.org/chinakg/def#>
        SELECT ?d WHERE { GRAPH ?g { ?d ck:sourceFile ?f . FILTER(STRENDS(?f, "003_bae6a21c06046bbe.txt")) } }""").rows
    path = str(row["d"])[len("https://w3id.org/chinakg"):]
    page = dom(site.url + path)
    # "Vragen van het lid Van der Lee (GroenLinks) ...", "Antwoord van Minister Hoekstra (...) en van
    # Minister Schreinemacher (...)"
    assert text_of(fact(page, "Asked by")) == "Tom van der Lee (GroenLinks)"
    assert set(text_of(fact(page, "Answered by")).split(", ")) == {"Wopke Hoekstra", "Liesje Schreinemacher"}
    questions = section(page, "Questions and answers")
    assert "Questions and answers (10)" in text_of(questions)
    first = re.search(r"<li><b>Question 1</b>(.*?)</li>", questions, re.S)
    assert first and text_of(first.group(1)).startswith("Bent u bekend met het rapport van de Verenigde Naties (VN)")
    assert text_of(first.group(1)).endswith("Answer Ja")
    screenshot(site.url + path, "answers", 1800)


def test_a_person_page_shows_party_over_time_motions_questions_and_co_submitters(site: Server) -> None:
    url = site.url + "/id/person/tom-van-der-lee"
    page = dom(url)
    timeline = section(page, "Party, seat and offices over time")
    rows = [tuple(text_of(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)[:3])
            for r in re.findall(r"<tr>(.*?)</tr>", timeline, re.S)[1:]]
    assert ("party", "GroenLinks", "2017-04-03 – end not known") in rows
    assert any(kind == "party" and name == "GroenLinks-PvdA" for kind, name, _ in rows)
    assert timeline.count('class="term party"') >= 2  # bars on the time axis
    motions = section(page, "Motions submitted")
    assert re.search(r'href="../doc/kst-36470-5"[^>]*>[^<]*</a> <span class="role">submitter', motions)
    assert re.search(r'href="../doc/kst-31477-106"[^>]*>[^<]*</a> <span class="role">co-submitter', motions)
    assert "Oeigoeren in Xinjiang" in text_of(section(page, "Written questions asked"))
    co = text_of(section(page, "Co-submitters"))
    assert "Doğukan Ergin" in co
    screenshot(url, "person", 2000)


def test_a_party_page_shows_members_over_time_and_its_votes(site: Server, corpus) -> None:
    url = site.url + "/id/party/d66"
    page = dom(url)
    votes = text_of(fact(page, "Votes"))
    expected: dict[str, int] = {}
    for row in run_query(corpus[0], "party-votes", {"party": "d66"})[1]:  # per vote and result
        expected[row["vote"]] = expected.get(row["vote"], 0) + int(row["decisions"])
    for vote, n in expected.items():  # the decisions per vote, as the canned query counts them
        assert f"{vote} {n:,} decision" in votes
    members = text_of(section(page, "Members over time"))
    assert "Jan Paternotte" in members and "Sigrid Kaag" in members
    screenshot(url, "party", 1600)


def test_theme_and_instrument_pages_chart_documents_per_year(site: Server, corpus) -> None:
    for path, name in (("/vocab/theme/xinjiang", "theme"), ("/vocab/instrument/export-control", "instrument")):
        page = dom(site.url + path)
        chart = page[page.index('id="year-chart"'):page.index("</svg>", page.index('id="year-chart"'))]
        bars = re.findall(r'<title>(\d{4}): ([\d,]+) documents?</title>', chart)
        heading = re.search(r"Documents per year <span class=\"count\">\(([\d,]+) documents?", page)
        assert bars and heading
        assert sum(int(n.replace(",", "")) for _, n in bars) == int(heading.group(1).replace(",", ""))
        assert "Themes and instruments in the same documents" in page
        screenshot(site.url + path, name, 1800)
    motions = text_of(section(dom(site.url + "/vocab/theme/xinjiang"), "<h2>Motions"))
    assert "Motie van de leden Van Baarle en Paternotte over meer sancties voor de plegers van " \
           "mensenrechtenschendingen tegen Oeigoeren" in motions


def test_search_finds_names_without_their_accents(site: Server) -> None:
    page = dom(site.url + "/search?q=dogukan")
    assert re.search(r'<a href="id/person/dogukan-ergin"[^>]*>Doğukan Ergin</a>', page)
    status, _, body = get(site.url + "/search?q=van%20der%20lee", accept="application/json")
    hits = json.loads(body)
    assert status == 200 and hits[0] == {"iri": "https://w3id.org/chinakg/id/person/tom-van-der-lee",
                                         "label": "Tom van der Lee", "kind": "person"}
    assert '<input type="search" name="q"' in dom(site.url + "/id/doc/kst-35207-84")  # a search box on every page
    screenshot(site.url + "/search?q=xinjiang", "search", 1000)


def test_browse_lists_documents_by_kind_and_year_with_counts(site: Server, corpus) -> None:
    page = dom(site.url + "/browse?kind=motion&year=2025")
    count = re.search(r'<p id="count">([\d,]+) documents', page)
    expected = [r for r in run_query(corpus[0], "documents", {"kind": "Motion"})[1] if r["date"].startswith("2025")]
    assert expected and {r["type"] for r in expected} == {"motion"}
    assert count and int(count.group(1).replace(",", "")) == len(expected)
    table = page[page.index('id="documents"'):]
    assert set(re.findall(r"<td class=\"?nowrap\"?>(\d{4})-", table)) == {"2025"}
    kinds = re.search(r'data-facet="kind">.*?</div>', page, re.S)
    assert kinds and f"motion <span class=\"count\">{len(expected):,}</span>" in kinds.group(0)
    home = dom(site.url + "/")
    assert 'href="browse?kind=motion"' in home and 'action="search"' in home
    screenshot(site.url + "/browse?kind=motion&year=2025", "browse", 1400)
    screenshot(site.url + "/", "home", 1300)


def test_the_query_page_table_downloads_and_permalink(site: Server) -> None:
    page = dom(site.url + "/sparql?example=motions&run=1")
    shown = int(re.search(r'<p id="count">(\d+) rows', page).group(1))
    table = page[page.index('<table id="results">'):page.index("</table>", page.index('<table id="results">'))]
    assert len(re.findall(r"<tr>", table)) - 1 == shown > 1000
    assert '<div class="wrap"><table id="results">' in page  # the table scrolls inside its box
    for name in ("csv", "json"):
        href = html.unescape(re.search(rf'id="download-{name}" href="([^"]+)"', page).group(1))
        status, _, body = get(urllib.parse.urljoin(site.url + "/sparql", href))
        assert status == 200
        rows = list(csv.reader(io.StringIO(body.decode())))[1:] if name == "csv" else \
            json.loads(body)["results"]["bindings"]
        assert len(rows) == shown, name
    permalink = html.unescape(re.search(r'id="permalink" href="([^"]+)"', page).group(1))
    sorted_page = dom(urllib.parse.urljoin(site.url + "/sparql", permalink) + "&sort=date&order=desc")
    assert int(re.search(r'<p id="count">(\d+) rows', sorted_page).group(1)) == shown
    body = sorted_page[sorted_page.index("<tbody>"):]
    dates = re.findall(r'<td><span class="nowrap">(\d{4}-\d{2}-\d{2})</span></td>', body)
    assert dates and dates == sorted(dates, reverse=True)  # sorted on the date column, newest first
    assert "date ▼" in sorted_page
    screenshot(site.url + "/sparql?example=motions&run=1", "query", 1400)


def test_the_report_on_the_whole_corpus(corpus_build, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    exe = Path(sys.executable).parent / "chinakg"
    done = subprocess.run([str(exe), "report", "--store", str(corpus_build[0]), "-o", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    page = dom(out.as_uri())
    rendered = dict(re.findall(r'data-chart="([a-z-]+)" data-rendered="(\d+)"', page))
    assert set(rendered) == {"theme-timeline", "appraisals-by-party", "votes-by-party", "co-submission"}
    assert all(int(n) > 10 for n in rendered.values()), rendered
    for chart in ("appraisals-by-party", "votes-by-party"):
        figure = page[page.index(f'data-chart="{chart}"'):page.index("</figure>", page.index(f'data-chart="{chart}"'))]
        assert ">motions</text>" in figure  # the axis names its unit
        assert re.search(r"<figcaption>[^<]*\d", figure)  # the caption gives how many items it covers
    assert not re.search(r"\b1 (answers|motions|documents|letters|sets|rows)\b", text_of(page))
    assert "Co-submission by party" in page
    screenshot(out.as_uri(), "report", 3000)
