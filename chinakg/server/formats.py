"""Content negotiation and the serialisations the server speaks.

SELECT and ASK results: SPARQL 1.1 Query Results JSON, XML, CSV and TSV.
Graphs (CONSTRUCT, DESCRIBE, resource descriptions, VoID): Turtle, N-Triples, JSON-LD.
A client chooses with the `Accept` header, or with a `format` parameter that wins over it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from chinakg.graph_store import QueryResult
from chinakg.namespaces import PREFIXES


@dataclass(frozen=True)
class Format:
    name: str  # the value of the `format` parameter
    media_type: str
    aliases: tuple[str, ...] = ()  # other media types it answers to
    names: tuple[str, ...] = ()  # other values of `format` that name it (clients' spellings)


JSON_RESULTS = Format("json", "application/sparql-results+json", ("application/json",))
XML_RESULTS = Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml"))
CSV_RESULTS = Format("csv", "text/csv")
TSV_RESULTS = Format("tsv", "text/tab-separated-values")
TURTLE = Format("turtle", "text/turtle", ("application/x-turtle", "application/turtle", "text/n3"), ("ttl", "n3"))
NTRIPLES = Format("nt", "application/n-triples", ("text/plain",), ("ntriples", "n-triples"))
JSONLD = Format("jsonld", "application/ld+json", ("application/json", "application/x-json+ld"), ("json-ld", "json"))
RDFXML = Format("rdfxml", "application/rdf+xml", ("application/xml", "text/xml"), ("rdf+xml", "rdf", "xml"))
HTML = Format("html", "text/html", ("application/xhtml+xml",))
NQUADS = Format("nquads", "application/n-quads")
TRIG = Format("trig", "application/trig")

#: what each kind of answer can be written as, the server's preference first
SELECT_FORMATS = (JSON_RESULTS, XML_RESULTS, CSV_RESULTS, TSV_RESULTS)
ASK_FORMATS = (JSON_RESULTS, XML_RESULTS)
GRAPH_FORMATS = (TURTLE, NTRIPLES, JSONLD, RDFXML)
PAGE_FORMATS = (HTML, TURTLE, JSONLD, NTRIPLES, RDFXML)
DUMP_FORMATS = (NQUADS, TURTLE, TRIG)


ALL_FORMATS = (*SELECT_FORMATS, *GRAPH_FORMATS, HTML, NQUADS, TRIG)


def _names_it(value: str, fmt: Format) -> bool:
    """Whether a `format` value names the format: its name, a client's spelling of it, its
    media type, or a comma-separated list of media types whose first known one is it
    (SPARQLWrapper sends `format=json-ld&format=application/ld+json,application/x-json+ld`)."""
    for part in value.lower().split(","):
        part = part.strip()
        if part in (fmt.name, *fmt.names, fmt.media_type, *fmt.aliases):
            return True
    return False


def canonical_name(value: str, offered: tuple[Format, ...] = ALL_FORMATS) -> str:
    """The format among `offered` a `format` parameter value names, else the value."""
    return next((fmt.name for fmt in offered if _names_it(value, fmt)), value)


class NotAcceptable(Exception):
    """None of the formats the client accepts can be produced (HTTP 406)."""


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """`Accept` as (media range, q) pairs; a missing header accepts anything."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        ranges.append((fields[0].lower(), q))
    return ranges


def negotiate(accept: str | None, offered: tuple[Format, ...], format_param: str | None = None) -> Format:
    """The best of `offered` for the client: the `format` parameter if given, else the
    highest q in `Accept`; on equal q an exact media type beats `type/*`, which beats `*/*`,
    and then the server's order decides."""
    if format_param:
        for fmt in offered:
            if _names_it(format_param, fmt):
                return fmt
        names = ", ".join(f.name for f in offered)
        raise NotAcceptable(f"format {format_param!r} is not available here; choose one of {names}")
    best: tuple[float, int, int] | None = None
    chosen = None
    for order, fmt in enumerate(offered):
        for media, q in parse_accept(accept):
            specificity = _match(media, fmt)
            if specificity < 0 or q <= 0:
                continue
            score = (q, specificity, -order)
            if best is None or score > best:
                best, chosen = score, fmt
    if chosen is None:
        types = ", ".join(f.media_type for f in offered)
        raise NotAcceptable(f"cannot answer with any of the accepted types ({accept}); available: {types}")
    return chosen


def _match(media_range: str, fmt: Format) -> int:
    """2 for an exact match, 1 for type/*, 0 for */*, -1 for no match."""
    if media_range in (fmt.media_type, *fmt.aliases):
        return 2
    if media_range == "*/*":
        return 0
    if media_range.endswith("/*") and fmt.media_type.split("/")[0] == media_range[:-2]:
        return 1
    return -1


def formats_for(kind: str) -> tuple[Format, ...]:
    return {"select": SELECT_FORMATS, "ask": ASK_FORMATS}.get(kind, GRAPH_FORMATS)


def serialize_result(result: QueryResult, fmt: Format) -> bytes:
    """A query's answer in the chosen format."""
    if result.kind == "graph":
        assert result.graph is not None
        return serialize_graph(result.graph, fmt)
    if fmt is JSON_RESULTS:
        return _results_json(result)
    if fmt is XML_RESULTS:
        return _results_xml(result)
    return _results_delimited(result, tsv=fmt is TSV_RESULTS)


def serialize_graph(graph: Graph, fmt: Format) -> bytes:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    if fmt is JSONLD:
        context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
        return graph.serialize(format="json-ld", context=context, encoding="utf-8")
    if fmt is RDFXML:
        body = graph.serialize(format="xml", encoding="utf-8")
        if found := NOT_IN_XML.search(body.decode("utf-8")):
            raise NotAcceptable(f"a literal holds the character U+{ord(found.group(0)):04X}, which XML cannot "
                                "carry; ask for Turtle, N-Triples or JSON-LD")
        return body
    return graph.serialize(format="nt" if fmt is NTRIPLES else "turtle", encoding="utf-8")


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    value: dict[str, str] = {"type": "literal", "value": str(term)}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype and term.datatype != XSD.string:
        value["datatype"] = str(term.datatype)
    return value


def _results_json(result: QueryResult) -> bytes:
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}).encode()
    bindings = [{name: _json_term(term) for name, term in row.items() if term is not None} for row in result.rows]
    body = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def _xml_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    assert isinstance(term, Literal)
    attributes = ""
    if term.language:
        attributes = f" xml:lang={quoteattr(term.language)}"
    elif term.datatype and term.datatype != XSD.string:
        attributes = f" datatype={quoteattr(str(term.datatype))}"
    return f"<literal{attributes}>{escape(str(term), {chr(13): '&#13;'})}</literal>"  # a CR kept as a CR


#: characters XML 1.0 cannot carry, not even as character references
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _results_xml(result: QueryResult) -> bytes:
    """SPARQL results in XML; refused (NotAcceptable) when a value holds a character that
    XML 1.0 cannot carry, rather than written as a document no XML parser reads."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    out += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    out.append("</head>")
    if result.kind == "ask":
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in result.rows:
            cells = "".join(f"<binding name={quoteattr(n)}>{_xml_term(t)}</binding>"
                            for n, t in row.items() if t is not None)
            out.append(f"<result>{cells}</result>")
        out.append("</results>")
    out.append("</sparql>")
    text = "\n".join(out)
    if found := NOT_IN_XML.search(text):
        raise NotAcceptable(f"a value in the results holds the character U+{ord(found.group(0)):04X}, which XML "
                            "cannot carry; ask for JSON, CSV or TSV results")
    return text.encode("utf-8")


def _tsv_term(term: Node) -> str:
    text = term.n3()
    return text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _results_delimited(result: QueryResult, tsv: bool) -> bytes:
    if not tsv:
        return results_csv(result.variables, (["" if row.get(v) is None else str(row[v]) for v in result.variables]
                                              for row in result.rows))
    out = io.StringIO()  # TSV: a header of ?variables, then terms in their N-Triples form
    out.write("\t".join(f"?{v}" for v in result.variables) + "\n")
    for row in result.rows:
        out.write("\t".join("" if row.get(v) is None else _tsv_term(row[v]) for v in result.variables) + "\n")
    return out.getvalue().encode("utf-8")


def results_csv(variables: list[str], rows: Iterable[list[str]]) -> bytes:
    """SPARQL 1.1 Query Results CSV: the variables, then plain values, CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(variables)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")
