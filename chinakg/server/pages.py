"""HTML pages: a resource's description, the query page, the list of canned queries, the
home page.  Every piece of text from the data goes through `esc`; nothing is fetched from
another site, so the pages work offline.

Links to resources under the base IRI are relative to the page, so the same pages work on
127.0.0.1 and behind a reverse proxy that mounts the server under a path.
"""

from __future__ import annotations

import json
import posixpath
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html import escape
from urllib.parse import urlencode

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from chinakg.canned import CannedQuery, get_query
from chinakg.graph_store import QueryResult
from chinakg.namespaces import CK, GRAPH, ID, PREFIXES, sparql_prefixes
from chinakg.resources import resource_text
from chinakg.server.summaries import Summary, kind_of

Run = Callable[[str, dict[str, Node] | None], QueryResult]
PAGE_LIMIT = 2000  # statements shown per section

STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:70rem;padding:1rem 2rem;color:#1d1d1f}
a{color:#0b5cad;text-decoration:none}a:hover{text-decoration:underline}
h1{font-size:1.6rem;margin:.6rem 0 .2rem}h2{font-size:1.15rem;margin-top:1.8rem;border-bottom:1px solid #ddd}
.iri{font-family:ui-monospace,monospace;font-size:.85rem;color:#555;word-break:break-all}
table{border-collapse:collapse;width:100%;font-size:.92rem}td,th{text-align:left;vertical-align:top;
padding:.3rem .5rem;border-bottom:1px solid #eee}th{background:#f6f6f6}
blockquote{margin:.3rem 0 .2rem 0;padding:.2rem .6rem;border-left:3px solid #c9a227;background:#fffaf0;
font-size:.88rem}.src{font-size:.8rem;color:#666}.lit small{color:#888}
nav a{margin-right:1rem}textarea{width:100%;font:13px/1.4 ui-monospace,monospace;min-height:16rem}
.types span{display:inline-block;background:#eef3fa;border-radius:3px;padding:0 .4rem;margin-right:.3rem}
.error{color:#a00;white-space:pre-wrap}
nav{display:flex;flex-wrap:wrap;align-items:center;gap:.2rem 1rem;border-bottom:1px solid #eee;padding-bottom:.4rem}
nav a{margin-right:0}nav form{margin-left:auto}nav input{font:inherit;padding:.15rem .4rem;width:16rem}
.summary dl.facts{display:grid;grid-template-columns:11rem 1fr;gap:.35rem 1rem;margin:.8rem 0}
.summary dt{color:#555;font-weight:600}.summary dd{margin:0}.summary ul{padding-left:1.2rem;margin:.2rem 0}
.summary ul.docs li,.summary ul.people li{margin:.15rem 0}.date{color:#555;font-variant-numeric:tabular-nums;
margin-right:.4rem}.role,.count{color:#666;font-size:.85rem}
.badge{display:inline-block;padding:0 .45rem;border-radius:3px;background:#fdf2d0;border:1px solid #e0c56e;
font-size:.85rem}
.votebar{display:flex;height:.9rem;width:100%;max-width:36rem;margin:.3rem 0;border:1px solid #ccc}
.votebar .seg{display:block;height:100%}.dot{display:inline-block;width:.7rem;height:.7rem;border-radius:50%;
margin-right:.3rem;vertical-align:-.05rem}table.votes{width:auto}td.num{text-align:right}
ol.trail{padding-left:1.4rem}ol.trail li{margin:.25rem 0}.answer{margin:.2rem 0 .5rem 1rem;color:#333}
table.timeline td.lane,table.timeline th.lane{width:45%;position:relative}
.timeline .term{position:absolute;top:.45rem;height:.7rem;border-radius:2px;background:#0072B2}
.timeline .term.seat{background:#009E73}.timeline .term.office{background:#E69F00}
.axis{position:relative;height:1rem;font-size:.75rem;color:#666}.axis span{position:absolute;transform:translateX(-50%)}
td.when{white-space:nowrap}svg.chart text{font-size:11px}
.facet{margin:.3rem 0 .6rem}.facet h3{font-size:.9rem;margin:.2rem 0}
.big-search input{width:min(40rem,80%);font:inherit;padding:.35rem .5rem}.big-search button{font:inherit}
.facet a{display:inline-block;margin:.1rem .5rem .1rem 0;white-space:nowrap}.facet a.on{font-weight:700;
background:#eef3fa;padding:0 .3rem;border-radius:3px}
.wrap{overflow-x:auto;max-width:100%}td{overflow-wrap:break-word}.nowrap{white-space:nowrap}
#results th{cursor:pointer;white-space:nowrap;position:sticky;top:0}#results td{max-width:36rem}
a.iri-cell{white-space:nowrap}.downloads{font-size:.9rem}
"""

#: label properties, best first; an official id is the label of last resort
LABEL_PROPERTIES = (SKOS.prefLabel, RDFS.label, DCTERMS.title, FOAF.name, CK.officialId)


def esc(text: object) -> str:
    return escape(str(text), quote=True)


@dataclass
class Site:
    """What pages need to know about where they are published."""

    base_iri: str

    def path_of(self, iri: str) -> str | None:
        """The server path of an IRI under the base IRI, else None."""
        if iri.startswith(self.base_iri) and len(iri) > len(self.base_iri):
            return "/" + iri[len(self.base_iri):]
        return None

    def href(self, iri: str, here: str) -> str:
        """A link from the page at path `here` to `iri`: relative inside the base IRI."""
        path = self.path_of(iri)
        if path is None:
            return iri
        fragment = ""
        if "#" in path:
            path, fragment = path.split("#", 1)
            fragment = "#" + fragment
        target = posixpath.relpath(path, posixpath.dirname(here) or "/")
        return (target if target != "." else "./") + fragment

    def root(self, here: str) -> str:
        """The site's root, relative to the page at path `here` ("../../", or "./")."""
        return self.href(self.base_iri + "x", here)[:-1] or "./"

    def short(self, iri: str) -> str:
        for prefix, namespace in PREFIXES.items():
            if iri.startswith(str(namespace)) and len(iri) > len(str(namespace)):
                return f"{prefix}:{iri[len(str(namespace)):]}"
        return iri


def page(title: str, body: str, here: str, site: Site) -> bytes:
    home = site.root(here)
    nav = (f'<nav><a href="{esc(home)}">chinakg</a><a href="{esc(home)}sparql">SPARQL</a>'
           f'<a href="{esc(home)}queries">Canned queries</a><a href="{esc(home)}.well-known/void">Dataset (VoID)</a>'
           f'<a href="{esc(home)}browse">Browse</a><a href="{esc(home)}dump">Dump</a>'
           f'<form action="{esc(home)}search" method="get" role="search"><input type="search" name="q" '
           f'placeholder="Search names and titles" aria-label="Search names and titles"></form></nav>')
    html = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>{nav}{body}</body></html>")
    return html.encode("utf-8")


# -- a resource ----------------------------------------------------------------------------

OUTGOING = f"SELECT ?p ?o ?g WHERE {{ GRAPH ?g {{ ?r ?p ?o }} }} ORDER BY ?p ?o LIMIT {PAGE_LIMIT}"
INCOMING_LIMIT = 300  # statements pointing at a resource, shown on its page (a party has thousands)
INCOMING = sparql_prefixes() + f"""SELECT ?s ?p ?g WHERE {{
  GRAPH ?g {{ ?s ?p ?r }}
  FILTER(?p != ck:statementSubject && ?p != ck:statementObject)
  FILTER(!STRSTARTS(STR(?s), "{ID['evidence/']}"))  # evidence nodes are shown with their facts
}} ORDER BY ?p ?s LIMIT {INCOMING_LIMIT}"""
EVIDENCE = sparql_prefixes() + """SELECT ?s ?p ?o ?quote ?doc ?start ?end WHERE {
  GRAPH ?g {
    { ?ev ck:statementSubject ?r } UNION { ?ev ck:statementObject ?r }
    ?ev ck:statementSubject ?s ; ck:statementPredicate ?p ; ck:statementObject ?o ;
        ck:quote ?quote ; prov:wasDerivedFrom ?doc ; ck:startOffset ?start ; ck:endOffset ?end .
  }
} ORDER BY ?doc ?start LIMIT """ + str(PAGE_LIMIT)
HASH_TERMS = """SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s a ?t }
  FILTER(STRSTARTS(STR(?s), CONCAT(STR(?r), "#"))) } ORDER BY ?s LIMIT """ + str(PAGE_LIMIT)
EVIDENCE_GRAPH = sparql_prefixes() + """CONSTRUCT { ?ev ?ep ?eo } WHERE {
  GRAPH ?g { ?ev ck:statementSubject ?r ; ?ep ?eo } }"""
DESCRIBE = """CONSTRUCT { ?r ?p ?o . ?s ?q ?r } WHERE {
  { GRAPH ?g { ?r ?p ?o } } UNION { GRAPH ?h { ?s ?q ?r } } }"""


@dataclass
class Description:
    """What the store says about one resource."""

    iri: URIRef
    outgoing: list[dict[str, Node | None]] = field(default_factory=list)
    incoming: list[dict[str, Node | None]] = field(default_factory=list)
    evidence: dict[tuple[str, str, str], list[dict[str, Node | None]]] = field(default_factory=dict)
    terms: list[URIRef] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    summary: list[dict[str, Node | None]] = field(default_factory=list)  # rows of the canned query `summary`

    @property
    def found(self) -> bool:
        return bool(self.outgoing or self.incoming or self.terms)


def describe(run: Run, iri: URIRef) -> Description:
    """What the pages show of a resource: four independent queries, sent together (the
    server's workers answer them side by side), then the labels of every IRI they name."""
    bound = {"r": iri}
    d = Description(iri)
    with ThreadPoolExecutor(max_workers=4) as side_by_side:
        asked = [side_by_side.submit(run, sparql, bound)
                 for sparql in (OUTGOING, INCOMING, EVIDENCE, get_query("summary").text)]
        d.outgoing, d.incoming, found, summary = (future.result().rows for future in asked)
    evidence: dict[tuple[str, str, str], list] = defaultdict(list)
    for row in found:
        evidence[(str(row["s"]), str(row["p"]), str(row["o"]))].append(row)
    d.evidence = dict(evidence)
    if (not d.outgoing and not d.incoming) or any(r["p"] == RDF.type and r["o"] == OWL.Ontology for r in d.outgoing):
        d.terms = [row["s"] for row in run(HASH_TERMS, bound).rows]  # type: ignore[misc]
    d.summary = summary if d.outgoing else []
    d.labels = labels(run, _iris_in(d))  # (the summary's rows carry their own labels)
    return d


def describe_graph(run: Run, iri: URIRef) -> QueryResult:
    """The RDF served for a resource: its statements both ways, and the evidence for its own."""
    result = run(DESCRIBE, {"r": iri})
    assert result.graph is not None
    evidence = run(EVIDENCE_GRAPH, {"r": iri}).graph
    if evidence is not None:
        result.graph += evidence
    return result


#: kinds of node the data gives no label (their page names them by their path instead)
UNLABELLED = tuple(str(ID[kind + "/"]) for kind in ("signature", "term", "passage", "evidence", "appraisal",
                                                     "asker", "party-vote", "part", "unresolved"))


def _iris_in(d: Description) -> set[str]:
    found = {str(d.iri)}
    for row in d.outgoing + d.incoming:
        found.update(str(t) for t in row.values() if isinstance(t, URIRef))
    for rows in d.evidence.values():
        found.update(str(r["doc"]) for r in rows)
    found.update(str(t) for t in d.terms)
    return {iri for iri in found if not iri.startswith(UNLABELLED)}


def labels(run: Run, iris: set[str]) -> dict[str, str]:
    """The best label of each IRI: English, then untagged, then Dutch, then any."""
    if not iris:
        return {}
    values = " ".join(URIRef(i).n3() for i in sorted(iris)[:5000])
    props = ", ".join(p.n3() for p in LABEL_PROPERTIES)
    # a FILTER, not VALUES ?lp: with two VALUES the engine joins them last (180 ms, not 7 ms)
    sparql = (f"SELECT ?x ?lp ?label WHERE {{ VALUES ?x {{ {values} }} "
              f"GRAPH ?g {{ ?x ?lp ?label }} FILTER (?lp IN ({props})) }}")
    rank = {"en": 0, None: 1, "nl": 2}
    best: dict[str, tuple[tuple[bool, int], str]] = {}
    for row in run(sparql, None).rows:
        label = row["label"]
        if not isinstance(label, Literal) or not str(label).strip():
            continue
        score = (row["lp"] == CK.officialId, rank.get(label.language, 3))
        key = str(row["x"])
        if key not in best or score < best[key][0]:
            best[key] = (score, str(label))
    return {k: v for k, (_, v) in best.items()}


#: the links from a page to the same resource in RDF
ALTERNATES = ('<p class="src">Also as <a href="?format=turtle">Turtle</a> · <a href="?format=jsonld">JSON-LD</a>'
              ' · <a href="?format=nt">N-Triples</a></p>')


def resource_page(d: Description, site: Site, here: str) -> bytes:
    """A resource's page: its title and types, the summary for its kind, then every statement."""
    title = d.labels.get(str(d.iri)) or site.short(str(d.iri))
    subject = next((str(r["label"]) for r in d.summary if str(r["aspect"]) == "subject" and r["label"]), None)
    types = list(dict.fromkeys(row["o"] for row in d.outgoing if row["p"] == RDF.type))
    heading = f"<h1>{esc(subject)}</h1><p class=src>{esc(title)}</p>" if subject else f"<h1>{esc(title)}</h1>"
    title = subject or title  # a motion: the case's subject, not the 44 identical "MOTIE VAN HET LID ..."
    parts = [heading, f'<p class="iri">{esc(d.iri)}</p>']
    if types:
        names = Counter(d.labels.get(str(t)) for t in types)  # schema:, foaf: and person:Person are all "Person"
        parts.append('<p class="types">' + "".join(
            f"<span>{_link(t, d, site, here, site.short(str(t)) if names[d.labels.get(str(t))] > 1 else None)}</span>"
            for t in types) + "</p>")
    parts.append(ALTERNATES)
    kind = kind_of(set(types), d.summary)
    if kind:
        parts.append(Summary(d.summary, lambda iri, text: _link(URIRef(iri), d, site, here, text), esc).html(kind))
        parts.append('<h2 id="all">All statements</h2>')
    parts.append(_properties(d, site, here))
    parts.append(_incoming(d, site, here))
    if d.terms:
        parts.append("<h2>Terms</h2><ul>" + "".join(f"<li>{_link(t, d, site, here)}</li>" for t in d.terms) + "</ul>")
    return page(title, "".join(parts), here, site)


def _properties(d: Description, site: Site, here: str) -> str:
    """The resource's own statements, each with the documents it comes from and its quotes."""
    outgoing = _grouped(d.outgoing, "p", "o")
    if not any(p != RDF.type for p, _ in outgoing):
        return ""
    rows = []
    for (p, o), graphs in outgoing.items():
        if p != RDF.type:
            quotes = _quotes(d.evidence.get((str(d.iri), str(p), str(o)), []), d, site, here)
            rows.append(f"<tr><td>{_link(p, d, site, here)}</td><td>{_value(o, d, site, here)}{quotes}</td>"
                        f"<td class=src>{_graphs(graphs, d, site, here)}</td></tr>")
    return ('<h2>Properties</h2><div class="wrap"><table id="properties"><tr><th>property</th><th>value</th>'
            f'<th>from</th></tr>{"".join(rows)}</table></div>')


def _incoming(d: Description, site: Site, here: str) -> str:
    """Statements that point at the resource; a document's paragraphs counted per document."""
    passage = str(ID["passage/"])
    incoming = _grouped([r for r in d.incoming if not str(r["s"]).startswith(passage)], "s", "p")
    passages = _passages_by_document(d.incoming, passage)
    if not incoming and not passages:
        return ""
    rows = []
    for (s, p), graphs in incoming.items():
        quotes = _quotes(d.evidence.get((str(s), str(p), str(d.iri)), []), d, site, here)
        rows.append(f"<tr><td>{_link(s, d, site, here)}{quotes}</td><td>{_link(p, d, site, here)}</td>"
                    f"<td class=src>{_graphs(graphs, d, site, here)}</td></tr>")
    for (doc, p), count in passages.items():  # paragraphs: one row per document, not one per paragraph
        name = "this document" if doc == d.iri else _link(doc, d, site, here)
        rows.append(f'<tr><td>{name} <span class="count">({count} {"paragraph" if count == 1 else "paragraphs"})'
                    f"</span></td><td>{_link(p, d, site, here)}</td>"
                    f"<td class=src>{_graph(GRAPH['doc/' + str(doc)[len(str(ID['doc/'])):]], d, site, here)}</td></tr>")
    cut = len(d.incoming) >= INCOMING_LIMIT
    html = (f"<h2>Linked from ({len(incoming) + len(passages)}{'+' if cut else ''})</h2>"
            '<div class="wrap"><table id="incoming"><tr><th>resource</th><th>property</th><th>from</th></tr>'
            f'{"".join(rows)}</table></div>')
    if cut:
        home = site.root(here)
        everything = urlencode({"text": f"SELECT ?s ?p ?g WHERE {{ GRAPH ?g {{ ?s ?p <{d.iri}> }} }}", "run": "1"})
        html += (f'<p class="src">The first {INCOMING_LIMIT} are shown; <a href="{esc(home)}sparql?'
                 f'{esc(everything)}">all of them</a> on the query page.</p>')
    return html


def _link(term: Node | None, d: Description, site: Site, here: str, text: str | None = None) -> str:
    if not isinstance(term, URIRef):
        return esc(term) if term is not None else ""
    iri = str(term)
    text = text or d.labels.get(iri) or fallback_label(iri, site)
    if not iri.startswith(("http://", "https://")):  # no javascript:, data: ... links, whatever the data says
        return f'<span class="iri">{esc(text)}</span>'
    return f'<a href="{esc(site.href(iri, here))}" title="{esc(iri)}">{esc(text)}</a>'


def _value(term: Node | None, d: Description, site: Site, here: str) -> str:
    if isinstance(term, Literal):
        note = f"@{term.language}" if term.language else (site.short(str(term.datatype)) if term.datatype else "")
        return f'<span class="lit">{esc(term)}{f" <small>{esc(note)}</small>" if note else ""}</span>'
    return _link(term, d, site, here)


def _passages_by_document(rows: list[dict[str, Node | None]], prefix: str) -> dict[tuple[URIRef, Node | None], int]:
    """Statements from paragraphs (…/passage/{document}/{span}) counted per document and property."""
    counted: dict[tuple[URIRef, Node | None], set[str]] = defaultdict(set)
    for row in rows:
        s = str(row["s"])
        if s.startswith(prefix):
            counted[(ID["doc/" + s[len(prefix):].rsplit("/", 1)[0]], row["p"])].add(s)
    return {key: len(found) for key, found in counted.items()}


def _grouped(rows: list[dict[str, Node | None]], first: str, second: str) -> dict[tuple, list[Node | None]]:
    """Statements keyed by two of their terms, with the graphs that state them."""
    grouped: dict[tuple, list[Node | None]] = {}
    for row in rows:
        grouped.setdefault((row[first], row[second]), []).append(row["g"])
    return grouped


def _graphs(graphs: list[Node | None], d: Description, site: Site, here: str) -> str:
    return "<br>".join(dict.fromkeys(_graph(g, d, site, here) for g in graphs))


def _graph(graph: Node | None, d: Description, site: Site, here: str) -> str:
    """The document a statement came from (its named graph), or the kind of base graph."""
    text = str(graph)
    prefix = str(GRAPH["doc/"])
    if text.startswith(prefix):
        doc = ID["doc/" + text[len(prefix):]]
        return "this document" if doc == d.iri else _link(doc, d, site, here)  # no link to the page itself
    return esc(text.rsplit("/", 1)[-1])


def fallback_label(iri: str, site: Site) -> str:
    """A readable name for an IRI without a label: the path under the base, its segments
    joined with ' · ' ("appraisal · tk-zaak-2025Z06903 · kst-35207-84"), else the prefixed name."""
    base = str(ID)
    if iri.startswith(base) and len(iri) > len(base):
        return " · ".join(part for part in iri[len(base):].split("/") if part)
    return site.short(iri)


def _quotes(rows: list[dict[str, Node | None]], d: Description, site: Site, here: str) -> str:
    """Each quote once per statement and document, with every span it was read at."""
    spans: dict[tuple[str, str], list[str]] = {}
    for r in rows:
        spans.setdefault((str(r["doc"]), str(r["quote"])), [])
        span = f'{r["start"]}–{r["end"]}'
        if span not in spans[(str(r["doc"]), str(r["quote"]))]:
            spans[(str(r["doc"]), str(r["quote"]))].append(span)
    out = []
    for (doc, quote), at in spans.items():
        source = "this document" if URIRef(doc) == d.iri else _link(URIRef(doc), d, site, here)
        where = f'characters {esc(", ".join(at))}'
        out.append(f'<blockquote>“{esc(quote)}” <span class=src>— {source}, {where}</span></blockquote>')
    return "".join(out)


# -- the ontology: /def and its hash terms ----------------------------------------------------
# A client that dereferences …/def#Motion asks for …/def (the fragment stays with the client),
# so /def serves the whole ontology: every term's definition in RDF, and in HTML one section
# per term whose id is the term's local name, so that the browser scrolls to #Motion.

ONTOLOGY_IRI = URIRef(str(CK)[:-1])
ONTOLOGY_GRAPH = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{GRAPH['ontology']}> {{ ?s ?p ?o }} }}"
TERM_STATEMENTS = f"""SELECT ?t ?p ?o WHERE {{ GRAPH <{GRAPH['ontology']}> {{ ?t ?p ?o }}
  FILTER (STRSTARTS(STR(?t), "{CK}")) }} ORDER BY ?t ?p ?o"""
#: shown first, in this order; every other statement of a term follows
TERM_ORDER = (RDF.type, RDFS.label, SKOS.definition, RDFS.comment, RDFS.subClassOf, RDFS.subPropertyOf,
              RDFS.domain, RDFS.range, OWL.equivalentClass, OWL.inverseOf)


def ontology_graph(run: Run) -> QueryResult:
    """The RDF served at /def: the ontology graph as stored, every term with its definition."""
    return run(ONTOLOGY_GRAPH, None)


def ontology_page(run: Run, site: Site, here: str) -> bytes:
    """/def for a browser: the ontology's header, then one section per term (id = local name)."""
    terms: dict[str, list[dict[str, Node | None]]] = defaultdict(list)
    for row in run(TERM_STATEMENTS, None).rows:
        terms[str(row["t"])].append(row)
    iris = {str(o) for rows in terms.values() for r in rows for o in (r["t"], r["p"], r["o"]) if isinstance(o, URIRef)}
    d = Description(ONTOLOGY_IRI, labels=labels(run, iris | {str(ONTOLOGY_IRI)}))
    title = d.labels.get(str(ONTOLOGY_IRI)) or "chinakg ontology"
    toc = " · ".join(f'<a href="#{esc(t[len(str(CK)):])}">{esc(t[len(str(CK)):])}</a>' for t in terms)
    parts = [f"<h1>{esc(title)}</h1>", f'<p class="iri">{esc(ONTOLOGY_IRI)}</p>', ALTERNATES,
             f"<p>{len(terms)} terms: {toc}</p>"]
    rank = {p: i for i, p in enumerate(TERM_ORDER)}
    for term, rows in terms.items():
        name = term[len(str(CK)):]
        rows.sort(key=lambda r: (rank.get(r["p"], len(rank)), str(r["p"])))  # type: ignore[arg-type]
        cells = "".join(f"<tr><td>{_link(r['p'], d, site, here)}</td><td>{_term_value(r['o'], d, site, here)}</td></tr>"
                        for r in rows)
        parts.append(f'<section id="{esc(name)}"><h2>{esc(d.labels.get(term, name))} <span class="iri">'
                     f"ck:{esc(name)}</span></h2><table>{cells}</table></section>")
    return page(title, "".join(parts), here, site)


def _term_value(term: Node | None, d: Description, site: Site, here: str) -> str:
    if term is not None and not isinstance(term, URIRef | Literal):
        return '<span class="src">(a class expression; see the Turtle)</span>'
    return _value(term, d, site, here)


# -- the query page, the canned queries, home ----------------------------------------------


STARTER = sparql_prefixes() + """
SELECT ?motion ?title WHERE {
  GRAPH ?g { ?motion a ck:Motion ; dcterms:title ?title }
} LIMIT 20
"""


def query_page(queries: list[CannedQuery], site: Site, here: str) -> bytes:
    examples = {q.name: q.text for q in queries}
    options = "".join(f'<option value="{esc(q.name)}">{esc(q.name)}: {esc(q.title)}</option>' for q in queries)
    root = site.root(here)
    data = json.dumps(examples).replace("</", "<\\/")
    body = (f"<h1>SPARQL</h1><p>Ask the graph anything in SPARQL 1.1, or start from a canned query. "
            f"Ctrl+Enter runs the query. The same endpoint answers SPARQLWrapper, YASGUI or curl at "
            f"<code>sparql</code>.</p>"
            f'<form id="q" action="sparql" method="post"><p><label>Example: <select id="example">'
            f'<option value="">(choose)</option>{options}</select></label></p>'
            f'<textarea id="query" name="query" spellcheck="false">{esc(STARTER)}</textarea>'
            f'<p><button type="submit" id="run">Run</button></p></form><div id="out"></div>'
            f'<script type="application/json" id="examples">{data}</script>'
            f'<script>{resource_text("server", "query.js")}</script>')
    html = page("chinakg SPARQL", body, here, site).decode("utf-8")
    html = html.replace("<body>", f'<body data-base="{esc(site.base_iri)}" data-root="{esc(root)}">', 1)
    return html.encode("utf-8")


def queries_page(queries: list[CannedQuery], site: Site, here: str) -> bytes:
    items = []
    for q in queries:
        params = "".join(f"<li><code>{esc(p.name)}</code> ({esc(p.type)}, {'required' if p.required else 'optional'})"
                         f": {esc(p.description)}</li>" for p in q.parameters.values())
        items.append(f'<h2 id="{esc(q.name)}"><a href="queries/{esc(q.name)}">{esc(q.name)}</a>: {esc(q.title)}</h2>'
                     f"<p>{esc(q.description)}</p><p class=src>columns: {esc(', '.join(q.columns))}</p>"
                     + (f"<ul>{params}</ul>" if params else ""))
    return page("chinakg canned queries", "<h1>Canned queries</h1>" + "".join(items), here, site)


def table_page(title: str, result: QueryResult, site: Site, here: str) -> bytes:
    d = Description(URIRef(site.base_iri))
    head = "".join(f"<th>{esc(v)}</th>" for v in result.variables)
    rows = "".join("<tr>" + "".join(f"<td>{_value(row.get(v), d, site, here)}</td>" for v in result.variables)
                   + "</tr>" for row in result.rows)
    note = " (cut off at the row limit)" if result.truncated else ""
    body = (f"<h1>{esc(title)}</h1><p id=count>{len(result.rows)} rows{note}</p>"
            f'<table id="results"><tr>{head}</tr>{rows}</table>')
    return page(title, body, here, site)


def text_page(title: str, text: str, site: Site, here: str) -> bytes:
    """A machine-readable document shown to a browser: its text, escaped, in a page."""
    return page(title, f"<h1>{esc(title)}</h1><pre>{esc(text)}</pre>", here, site)


def home_page(stats: dict[str, int], vocabularies: list[dict[str, Node | None]], counts: dict, site: Site,
              here: str) -> bytes:
    """The front page: what the graph is, a search box, and ways in -- documents by kind,
    year, party and theme (with counts, to /browse), and the themes and instruments."""
    d = Description(URIRef(site.base_iri))
    d.labels = {str(r["c"]): str(r["label"]) for r in vocabularies}
    by_scheme: dict[str, list[str]] = defaultdict(list)
    for r in vocabularies:
        by_scheme[str(r["schemeLabel"])].append(_link(r["c"], d, site, here))
    facts = " · ".join(f"{n:,} {esc(name)}" for name, n in stats.items())
    ways = []
    for facet, heading, most in (("kind", "Documents by kind", 20), ("year", "By year", 40),
                                 ("party", "By party (of the members who signed or asked)", 30),
                                 ("theme", "By theme", 40)):
        values = counts.get(facet, {})
        ordered = sorted(values.items(), key=lambda kv: kv[0], reverse=True) if facet == "year" else \
            sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
        links = " ".join(f'<a href="browse?{esc(urlencode({facet: v}))}">{esc(v)} <span class="count">{n:,}</span></a>'
                         for v, n in ordered[:most])
        ways.append(f'<div class="facet" data-facet="{facet}"><h3>{esc(heading)}</h3>{links}</div>')
    lists = "".join(f"<h2>{esc(name)}</h2><p>{' · '.join(links)}</p>" for name, links in sorted(by_scheme.items()))
    body = ("<h1>chinakg</h1><p>A knowledge graph of Dutch parliamentary documents on China policy and human "
            "rights: motions, ministers' letters, written questions, the cabinet's appraisals and votes, with "
            f"every extracted statement traceable to its sentence.</p><p id=stats>{facts}</p>"
            '<form action="search" method="get" class="big-search"><input type="search" name="q" '
            'placeholder="A member, a party, a theme, a motion (e.g. Kuzu, D66, Xinjiang, kst-35207-84)" '
            'aria-label="Search names and titles"> <button>Search</button></form>'
            f'<h2>Browse</h2><div class="facets">{"".join(ways)}</div>'
            '<p><a href="browse">All documents</a> · <a href="queries">Canned queries</a> · '
            '<a href="sparql">SPARQL</a></p>' + lists)
    return page("chinakg", body, here, site)


# -- find and browse -------------------------------------------------------------------------


def search_page(text: str, hits: list, site: Site, here: str) -> bytes:
    """The hits of a search, grouped by kind (people, parties, themes, instruments, documents)."""
    d = Description(URIRef(site.base_iri))
    groups: dict[str, list[str]] = defaultdict(list)
    for hit in hits:
        groups[hit.kind].append(f"<li>{_link(URIRef(hit.iri), d, site, here, hit.label)}</li>")
    body = [f'<h1>Search</h1><form action="search" method="get"><input type="search" name="q" value="{esc(text)}" '
            f'aria-label="Search names and titles" autofocus> <button>Search</button></form>']
    if text.strip():
        count = "1 result" if len(hits) == 1 else f"{len(hits)} results"
        body.append(f'<p id="count">{count} for “{esc(text)}”</p>')
    for kind, items in groups.items():
        heading = {"person": "People", "party": "Parties", "theme": "Themes", "instrument": "Instruments",
                   "document": "Documents"}.get(kind, kind)
        body.append(f'<h2>{esc(heading)} <span class="count">({len(items)})</span></h2>'
                    f'<ul class="hits" data-kind="{esc(kind)}">{"".join(items)}</ul>')
    return page(f"Search: {text}" if text else "Search", "".join(body), here, site)


def browse_page(docs: list, counts: dict, chosen: dict[str, str], site: Site, here: str, limit: int = 500) -> bytes:
    """Documents by kind, year, party and theme: facets with counts, and the documents chosen."""
    d = Description(URIRef(site.base_iri))

    def href(**change: str) -> str:
        values = {k: v for k, v in (chosen | change).items() if v}
        return "browse" + (f"?{urlencode(values)}" if values else "")

    facets = []
    for facet in ("kind", "year", "party", "theme"):
        values = counts.get(facet, {})
        ordered = sorted(values.items(), key=lambda kv: (kv[0] if facet == "year" else -kv[1], kv[0]),
                         reverse=facet == "year")
        links = [f'<a href="{esc(href(**{facet: v}))}" class="{"on" if chosen.get(facet) == v else ""}">'
                 f'{esc(v)} <span class="count">{n:,}</span></a>' for v, n in ordered]
        clear = f' <a href="{esc(href(**{facet: ""}))}" class="clear">(any)</a>' if chosen.get(facet) else ""
        facets.append(f'<div class="facet" data-facet="{facet}"><h3>{esc(facet.capitalize())}{clear}</h3>'
                      f'{" ".join(links)}</div>')
    rows = "".join(f"<tr><td class=nowrap>{esc(doc.date)}</td><td class=nowrap>"
                   f"{_link(URIRef(doc.iri), d, site, here, doc.id)}</td><td>{esc(doc.kind)}</td>"
                   f"<td>{esc(doc.title)}</td><td>{esc(', '.join(sorted(doc.parties)))}</td></tr>"
                   for doc in docs[:limit])
    shown = f"{len(docs):,} documents" + (f" (the first {limit} shown)" if len(docs) > limit else "")
    chosen_text = ", ".join(f"{k} {v}" for k, v in chosen.items() if v) or "all"
    body = (f"<h1>Browse</h1><p>Documents by kind, year, party and theme. Chosen: {esc(chosen_text)}.</p>"
            f'<div class="facets">{"".join(facets)}</div><p id="count">{shown}</p>'
            f'<div class="wrap"><table id="documents"><tr><th>date</th><th>document</th><th>kind</th><th>title or '
            f"subject</th><th>parties</th></tr>{rows}</table></div>")
    return page("Browse chinakg", body, here, site)
