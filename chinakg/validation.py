"""The SHACL gate (one document's graph, core shapes) and whole-store validation.

Two engines, one set of shapes:
- the per-document gate of every build runs pyrudof (a SHACL engine in Rust): the core
  shapes and the class background (the ontology's and vocabularies' types and subclass
  axioms) are loaded once per process, and each document's graph is staged on top of
  them, validated and rolled back;
- `chinakg validate` checks the whole store with every shape (`validate_store`): pyrudof
  runs the core and vocabulary shapes over the union of the store's graphs at once, the
  store's own engine runs the SPARQL-based reference checks (each constraint's SELECT
  joined with its target class) and finds ill-typed literals (a cast of each typed
  literal that fails); about 50 s for the whole shared corpus, where pySHACL took
  8 min 47 s;
- pySHACL is the reference: `validate_dataset` and `gate_reference` run it on an rdflib
  graph.  Tests check that the engines judge the shared corpus, a store with broken
  facts and a set of broken graphs alike.
pyrudof accepts literals whose lexical form does not fit their datatype ("2020-02-31" as
xsd:date); the gate checks those itself (rdflib's `ill_typed`), as pySHACL does.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from chinakg.base_graphs import ontology_graph, vocabulary_graph
from chinakg.mapping.builder import Triple
from chinakg.namespaces import SH, XSD
from chinakg.resources import resource_text

CORE_SHAPES = "chinakg-shapes.ttl"
VOCABULARY_SHAPES = "vocabulary-shapes.ttl"
REFERENCE_CHECKS = "reference-checks.ttl"
#: a document graph of more triples than this is validated a part at a time: pyrudof takes
#: some 13 kB a triple while it validates (a generated letter naming 3,000 motions, 222,000
#: triples, took over 3 GB whole); the largest real document of the shared corpus has far fewer
PART_TRIPLES = 20_000


@dataclass
class Finding:
    severity: str  # "Violation", "Warning", "Info"
    focus: str
    path: str
    shape: str
    message: str
    value: str


@dataclass
class ValidationReport:
    conforms: bool
    findings: list[Finding] = field(default_factory=list)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Warning"]

    def text(self, group_of: dict[str, str] | None = None) -> str:
        """Readable report grouped by document (via `group_of`: focus -> document) and shape."""
        groups: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
        for f in self.findings:
            groups[(group_of or {}).get(f.focus, "(not in a document graph)")][f.shape].append(f)
        lines = []
        for doc in sorted(groups):
            lines.append(f"{doc}:")
            for shape in sorted(groups[doc]):
                for f in groups[doc][shape]:
                    value = f" value={f.value}" if f.value else ""
                    lines.append(f"  [{f.severity}] {shape.rsplit('#', 1)[-1]}: {f.message} "
                                 f"(focus {f.focus}, path {f.path}{value})")
        return "\n".join(lines)


@lru_cache(maxsize=4)
def shapes_graph(include_reference_checks: bool) -> Graph:
    """The core shapes; with `include_reference_checks`, also the vocabulary shapes and the
    SPARQL-based checks against the reference graph (for whole-store validation)."""
    g = Graph().parse(data=resource_text("shapes", CORE_SHAPES), format="turtle")
    if include_reference_checks:
        g.parse(data=resource_text("shapes", VOCABULARY_SHAPES), format="turtle")
        g.parse(data=resource_text("shapes", REFERENCE_CHECKS), format="turtle")
    return g


@lru_cache(maxsize=1)
def ontology_and_vocabularies() -> Graph:
    return ontology_graph() + vocabulary_graph()


def class_background() -> Graph:
    """What the core shapes need besides a document's own triples: the types of the
    ontology's terms and vocabulary concepts, and the subclass axioms (for sh:class)."""
    full = ontology_and_vocabularies()
    g = Graph()
    for triple in full.triples((None, RDF.type, None)):
        g.add(triple)
    for triple in full.triples((None, RDFS.subClassOf, None)):
        g.add(triple)
    return g


class Gate:
    """A pyrudof session with the core shapes and the class background loaded once."""

    def __init__(self) -> None:
        import pyrudof

        self._rudof = pyrudof.Rudof(pyrudof.RudofConfig())
        self._ntriples = pyrudof.RDFFormat.NTriples
        self._rudof.read_shacl(resource_text("shapes", CORE_SHAPES))
        self._rudof.read_data(class_background().serialize(format="nt"), format=self._ntriples)
        shapes = shapes_graph(False)
        self._messages = {str(shape): str(message) for shape, message in shapes.subject_objects(SH.message)}

    def check(self, doc_graph: Graph | Iterable[Triple], ntriples: str | None = None,
              part_triples: int = PART_TRIPLES) -> ValidationReport:
        """Validate one document's graph (`ntriples`: the same triples already serialised,
        one line each in the graph's order; needed when `doc_graph` is not an rdflib Graph).
        A graph of more than `part_triples` triples is validated a part at a time."""
        text = doc_graph.serialize(format="nt") if ntriples is None else ntriples  # type: ignore[union-attr]
        if not text.strip():
            findings = []  # pyrudof refuses empty input
        elif text.count("\n") > part_triples and ntriples is not None:
            findings = self._findings_in_parts(list(doc_graph), text.splitlines(keepends=True), part_triples)
        else:
            findings = self._findings(text)
        findings += ill_typed_literals(doc_graph)
        findings.sort(key=lambda f: (f.focus, f.shape, f.path, f.value))
        return ValidationReport(conforms=not any(f.severity == "Violation" for f in findings), findings=findings)

    def _findings(self, ntriples: str) -> list[Finding]:
        self._rudof.begin_staging()
        try:
            self._rudof.read_data(ntriples, format=self._ntriples, merge=True)
            report = self._rudof.validate_shacl()
        finally:
            self._rudof.rollback_staging()
        return [Finding(e.severity, e.focus_node, e.path or "", e.source_shape,
                        self._messages.get(e.source_shape) or e.message.strip('"'), e.value or "")
                for e in report]

    def _findings_in_parts(self, triples: list[Triple], lines: list[str], size: int) -> list[Finding]:
        """The findings of the whole graph, found a part at a time (pyrudof takes some 13 kB
        a triple while it validates).  Each part holds every triple of its subjects, and the
        rdf:type triples of the resources they point to (for sh:class); every constraint of
        the core shapes is on a focus node's own triples and its values' types, so the
        findings on a part's own subjects are those of the whole graph, and only those are
        kept (a resource whose types were lent is checked in its own part)."""
        if len(triples) != len(lines):
            return self._findings("".join(lines))
        rows: dict[object, list[int]] = defaultdict(list)
        for index, (subject, _, _) in enumerate(triples):
            rows[subject].append(index)
        found: list[Finding] = []
        part: list[object] = []
        count = 0
        for subject, indexes in rows.items():
            part.append(subject)
            count += len(indexes)
            if count >= size:
                found += self._part_findings(part, rows, triples, lines)
                part, count = [], 0
        if part:
            found += self._part_findings(part, rows, triples, lines)
        return found

    def _part_findings(self, part: list[object], rows: dict[object, list[int]], triples: list[Triple],
                       lines: list[str]) -> list[Finding]:
        own = set(part)
        lent = {o for subject in part for index in rows[subject] if (o := triples[index][2]) in rows and o not in own}
        text = "".join(lines[index] for subject in part for index in rows[subject])
        text += "".join(lines[index] for o in lent for index in rows[o] if triples[index][1] == RDF.type)
        names = {str(subject) for subject in part}
        return [f for f in self._findings(text) if f.focus.strip("<>") in names]


def ill_typed_literals(graph: Graph | Iterable[Triple]) -> list[Finding]:
    """Literals whose lexical form is not a value of their datatype."""
    return [Finding("Violation", str(s), str(p), "", f"'{o}' is not a valid {o.datatype}", str(o))
            for s, p, o in graph if isinstance(o, Literal) and o.ill_typed]


_gates: dict[int, Gate] = {}  # per process: a pyrudof session must not cross a fork (its locks would)


def gate(doc_graph: Graph | Iterable[Triple], ntriples: str | None = None) -> ValidationReport:
    """Validate one document's graph against the core shapes (pyrudof; see the module text)."""
    pid = os.getpid()
    if pid not in _gates:
        _gates.clear()  # a session inherited from the parent process is never used
        _gates[pid] = Gate()
    return _gates[pid].check(doc_graph, ntriples)


def gate_reference(doc_graph: Graph) -> ValidationReport:
    """The same check with pySHACL, the reference engine: slower, used by tests and tools."""
    data = Graph()
    data += doc_graph
    data += ontology_and_vocabularies()
    return _run(data, shapes_graph(False))


def validate_dataset(data: Graph) -> ValidationReport:
    """Validate a whole dataset (documents + reference + vocabularies) with every shape."""
    return _run(data, shapes_graph(True))


def _run(data: Graph, shapes: Graph) -> ValidationReport:
    from pyshacl import validate  # the reference engine, imported when it is used

    conforms, results, _ = validate(data, shacl_graph=shapes, inference="none", advanced=True,
                                    allow_warnings=True, inplace=True)
    findings = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        def one(prop: URIRef, _r: URIRef = result) -> str:
            value = results.value(_r, prop)
            return "" if value is None else str(value)
        findings.append(Finding(one(SH.resultSeverity).rsplit("#", 1)[-1], one(SH.focusNode), one(SH.resultPath),
                                one(SH.sourceShape), one(SH.resultMessage), one(SH.value)))
    findings.sort(key=lambda f: (f.focus, f.shape, f.path, f.value))
    return ValidationReport(conforms=bool(conforms), findings=findings)


# -- the whole store ---------------------------------------------------------------------------

Rows = Callable[[str], list[dict]]
#: the datatypes whose literals the store is checked for: each has a SPARQL cast
CASTS = (XSD.date, XSD.dateTime, XSD.integer, XSD.decimal, XSD.double, XSD.boolean, XSD.gYear)


def validate_store(ntriples: str, rows: Rows, say: Callable[[str], None] = lambda _m: None) -> ValidationReport:
    """Every shape against a whole store: `ntriples` is the union of its graphs, `rows` runs
    a SELECT on it (default graph: the union) and returns its rows.  `say` hears each stage."""
    import pyrudof

    say("checking the core and vocabulary shapes")
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_shacl(resource_text("shapes", CORE_SHAPES) + "\n" + resource_text("shapes", VOCABULARY_SHAPES))
    findings: list[Finding] = []
    if ntriples.strip():
        rudof.read_data(ntriples, format=pyrudof.RDFFormat.NTriples)
        messages = {str(shape): str(m) for shape, m in shapes_graph(True).subject_objects(SH.message)}
        findings += [Finding(e.severity, e.focus_node, e.path or "", e.source_shape,
                             messages.get(e.source_shape) or e.message.strip('"'), e.value or "")
                     for e in rudof.validate_shacl()]
    say("checking typed literals")
    findings += ill_typed_in_store(rows)
    say("checking against the reference graph")
    findings += sparql_constraints(rows, shapes_graph(True))
    findings.sort(key=lambda f: (f.focus, f.shape, f.path, f.value))
    return ValidationReport(conforms=not any(f.severity == "Violation" for f in findings), findings=findings)


def ill_typed_in_store(rows: Rows) -> list[Finding]:
    """Literals whose lexical form is not a value of their datatype, found by the store: the
    cast of such a literal to its own datatype fails."""
    cast = "?none"
    for datatype in CASTS:  # one scan: the cast to the literal's own datatype, an error (unbound) if ill-typed
        cast = f"IF(?dt = <{datatype}>, <{datatype}>(STR(?o)), {cast})"
    sparql = (f"SELECT DISTINCT ?s ?p ?o WHERE {{ ?s ?p ?o FILTER (isLiteral(?o)) BIND (datatype(?o) AS ?dt) "
              f"FILTER (?dt IN ({', '.join(f'<{d}>' for d in CASTS)})) BIND ({cast} AS ?v) FILTER (!BOUND(?v)) }}")
    return [Finding("Violation", str(r["s"]), str(r["p"]), "", f"'{r['o']}' is not a valid {r['o'].datatype}",
                    str(r["o"])) for r in rows(sparql)]


def sparql_constraints(rows: Rows, shapes: Graph) -> list[Finding]:
    """The SHACL-SPARQL constraints (sh:sparql with sh:select on a shape with sh:targetClass),
    run once over the store: each SELECT with `$this` as a variable, joined with the target
    class, gives the same focus nodes as pySHACL's run per focus node."""
    found = []
    for shape, constraint in shapes.subject_objects(SH.sparql):
        target = shapes.value(shape, SH.targetClass)
        select = shapes.value(constraint, SH.select)
        if target is None or select is None:
            raise ValueError(f"shape {shape}: a SPARQL constraint needs sh:targetClass and sh:select here")
        severity = str(shapes.value(shape, SH.severity) or SH.Violation).rsplit("#", 1)[-1]
        message = str(shapes.value(constraint, SH.message) or "")
        prefixes = "".join(f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
                           for decl in shapes.objects(constraint, SH.prefixes)
                           for d in shapes.objects(decl, SH.declare))
        text = str(select).replace("$this", "?this")
        where = text.index("{")
        joined = f"{text[:where + 1]} ?this a <{target}> . {text[where + 1:]}"
        sparql = f"{prefixes}SELECT DISTINCT * WHERE {{ {{ {joined} }} }}"  # a result per focus node and value
        for row in rows(sparql):
            value = row.get("value")
            found.append(Finding(severity, str(row["this"]), "", str(shape), message,
                                 "" if value is None else str(value)))
    return found
