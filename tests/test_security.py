"""Security: parameters cannot change a query, the endpoint is read-only by default, the
update token is compared in constant time, no route reaches a file outside the data, and
the pages escape every text taken from documents (checked in headless Chromium too).

The served store holds the seeds plus a real motion whose text was made hostile: markup,
script and event handlers in its title and its request, and a `javascript:` IRI.
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest
from chinakg.graph_store import EmbeddedStore
from test_server import Server, _chromium_dom, get

from chinakg import canned
from chinakg.errors import QueryError

PAYLOADS = ['x" } UNION { ?s ?p ?o } #', "x' . ?s ?p ?o } #", "> } ; DROP ALL ; SELECT * { <x", '\\" \\u0022 %22',
            "kst-35207-84> . ?s ?p ?o } #", "xinjiang } UNION { ?s ?p ?o", "2020-01-01\" } #", "1 } LIMIT 1",
            "https://w3id.org/chinakg/id/x> } DROP ALL #"]
HOSTILE = ("""<img src=x onerror="document.title='pwned'"> <script>document.title='pwned'</script> """
           """</td></table><a href="javascript:alert(1)">klik</a> &amp; "quotes" 'too'""")
HOSTILE_IRI = "javascript:alert(document.domain)"


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory, shared) -> Path:
    from chinakg.pipeline import build

    folder = tmp_path_factory.mktemp("hostile")
    (folder / "in").mkdir()
    motion = (shared / "corpus" / "motions-xml" / "kst-35207-89.xml").read_text(encoding="utf-8")
    escaped = HOSTILE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    motion = re.sub(r"(<titel>MOTIE[^<]*)", lambda m: f"{m[1]} {escaped}", motion, count=1)
    motion = motion.replace("verzoekt de regering", f"verzoekt de regering {escaped}", 1)
    (folder / "in" / "kst-35207-89.xml").write_text(motion, encoding="utf-8")
    path = folder / "store"
    with EmbeddedStore(path) as store:
        summary = build(store, [folder / "in", shared / "corpus" / "seeds"])
        assert len(summary.loaded) == 6, summary.rejected
        store.update(f"INSERT DATA {{ GRAPH <https://w3id.org/chinakg/graph/doc/kst-35207-89> {{ "
                     f"<https://w3id.org/chinakg/id/doc/kst-35207-89> <http://www.w3.org/2000/01/rdf-schema#seeAlso> "
                     f"<{HOSTILE_IRI}> }} }}")
    return path


@pytest.fixture(scope="module")
def server(hostile_store: Path):
    srv = Server(hostile_store, hostile_store.parent)
    yield srv
    srv.stop()


# -- canned-query parameters --------------------------------------------------------------

def _cases() -> list[tuple[str, str]]:
    return [(q.name, p) for q in canned.list_queries() for p in q.parameters]


@pytest.mark.parametrize(("query", "param"), _cases())
def test_a_parameter_value_cannot_change_the_query(seed_store, query: str, param: str) -> None:
    """Every parameter of every canned query, with SPARQL fragments and quotes as values:
    refused as ill-typed, or bound as one plain value (the same rows as any value that
    matches nothing) -- never more rows, never a change to the store."""
    before = seed_store.count()
    assert before > 40000  # the seeds are there: a payload that widened the query would find rows
    kind = canned.get_query(query).parameters[param].type
    _, nothing = canned.run_query(seed_store, query, {param: "zz-matches-nothing"}) if kind == "string" else (0, [])
    if kind == "string":
        assert canned.run_query(seed_store, query, {})[1]  # unfiltered it has rows: a widened query would show
    for payload in PAYLOADS:
        try:
            _, rows = canned.run_query(seed_store, query, {param: payload})
        except QueryError as exc:
            assert f"parameter {param}: " in str(exc)
            continue
        assert kind == "string", f"{query}: {param} ({kind}) accepted {payload!r}"
        assert rows == nothing
    assert seed_store.count() == before


def test_parameter_values_over_http_are_refused_or_bound(server: Server) -> None:
    for payload in PAYLOADS:
        for name, param in (("motions", "theme"), ("citations", "document"), ("documents", "kind"),
                            ("party-votes", "party"), ("evidence", "document")):
            status, _, body = get(f"{server.url}/queries/{name}?{urllib.parse.urlencode({param: payload})}",
                                  "application/sparql-results+json")
            assert status == 400 and f"parameter {param}: ".encode() in body, (name, payload, status, body[:200])


# -- read-only endpoint and the update token ---------------------------------------------------

def test_the_endpoint_is_read_only_by_default(server: Server) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    status, _, before = get(f"{server.url}/sparql?{urllib.parse.urlencode({'query': count})}", "text/csv")
    for method_body in ({"update": "DROP ALL"}, {"update": "CLEAR DEFAULT"}, {"update": "LOAD <file:///etc/passwd>"}):
        status, _, _ = get(f"{server.url}/sparql", data=urllib.parse.urlencode(method_body).encode(),
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 403
    for update_as_query in ("DELETE WHERE { ?s ?p ?o }", "INSERT DATA { <a:b> <a:b> <a:b> }", "DROP ALL"):
        status, _, body = get(f"{server.url}/sparql?{urllib.parse.urlencode({'query': update_as_query})}")
        assert status == 400, body  # not a query: the query parser refuses it
        status, _, _ = get(f"{server.url}/sparql", data=update_as_query.encode(),
                           headers={"Content-Type": "application/sparql-update"})
        assert status == 403
    for federated in ("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",):
        status, _, _ = get(f"{server.url}/sparql?{urllib.parse.urlencode({'query': federated})}")
        assert status == 400  # refused before the engine sees it: no request on the server's behalf
    status, _, after = get(f"{server.url}/sparql?{urllib.parse.urlencode({'query': count})}", "text/csv")
    assert after == before and int(after.split()[-1]) > 40000


def test_the_update_token_is_compared_in_constant_time(monkeypatch) -> None:
    import hmac

    from chinakg.server import app

    calls = []
    real = hmac.compare_digest
    monkeypatch.setattr(app.hmac, "compare_digest", lambda a, b: calls.append((a, b)) or real(a, b))
    assert app.token_matches("s3cret-token", "s3cret-token")
    assert not app.token_matches("s3cret-tokeN", "s3cret-token")
    assert not app.token_matches("s3cret", "s3cret-token")  # a prefix: no early exit either
    assert not app.token_matches("s3cret-token", None)
    assert not app.token_matches("ünïcödé", "s3cret-token")
    assert len(calls) == 4  # every comparison of a given token went through hmac.compare_digest


# -- no path outside the data ------------------------------------------------------------------

TRAVERSALS = ["/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd",
              "/id/../../../../etc/passwd", "//etc/passwd", "/queries/../../../../etc/passwd",
              "/queries/..%2f..%2fpyproject.toml", "/queries/%2e%2e%2fpyproject", "/def/..%5c..%5cpyproject.toml",
              "/dump?format=../../etc/passwd", "/dump?format=nquads/../../../etc/passwd", "/%00/etc/passwd",
              "/file:///etc/passwd", "/.well-known/../../../etc/passwd", "/sparql/../../pyproject.toml",
              "/chinakg/server/query.js", "/server/query.js", "/ontology/chinakg.ttl", "/pyproject.toml"]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_route_reaches_a_file_outside_the_data(server: Server, path: str) -> None:
    status, _, body = get(server.url + path, "text/html")
    assert status in (400, 404, 406), (path, status)
    for secret in (b"root:x:0:0", b"[project]", b"[build-system]", b"owl:Ontology", b"const form="):
        assert secret not in body


# -- pages escape what documents say --------------------------------------------------------

def test_pages_escape_text_from_documents(server: Server) -> None:
    status, _, body = get(server.url + "/id/doc/kst-35207-89", "text/html")
    assert status == 200
    page = body.decode("utf-8")
    assert "&lt;script&gt;document.title=" in page and "&lt;img src=x onerror=" in page
    assert "<script>document.title" not in page and "<img src=x" not in page
    assert 'href="javascript:' not in page and HOSTILE_IRI in page.replace("&#x27;", "'").replace("&#39;", "'")
    status, _, body = get(server.url + "/queries/motions?format=html&theme=tibet", "text/html")
    assert status == 200 and b"<script>document.title" not in body


def test_hostile_text_stays_text_in_a_real_browser(server: Server) -> None:
    """Chromium loads the motion page and the query page showing the hostile literals: no
    script runs (the title would change), no element is injected, no javascript: link."""
    for url in (server.url + "/id/doc/kst-35207-89",
                server.url + "/sparql?" + urllib.parse.urlencode({"example": "evidence", "run": "1"}),
                server.url + "/queries/evidence?format=html&document=kst-35207-89"):
        dom = _chromium_dom(url)
        title = re.search(r"<title>(.*?)</title>", dom, re.S)
        assert title and title.group(1).strip() != "pwned"  # a script that ran would have set it to exactly that
        assert not re.search(r"<img[^>]*onerror", dom) and "<script>document.title" not in dom
        assert not re.search(r"<a\s[^>]*href=\"javascript:", dom)  # as an element, not as text
    dom = _chromium_dom(server.url + "/id/doc/kst-35207-89")
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in dom  # shown, as text
