"""The SHACL gate (one document's graph, core shapes) and whole-store validation."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from chinakg.base_graphs import ontology_graph, vocabulary_graph
from chinakg.namespaces import SH
from chinakg.resources import resource_text

CORE_SHAPES = "chinakg-shapes.ttl"
REFERENCE_CHECKS = "reference-checks.ttl"


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
    g = Graph().parse(data=resource_text("shapes", CORE_SHAPES), format="turtle")
    if include_reference_checks:
        g.parse(data=resource_text("shapes", REFERENCE_CHECKS), format="turtle")
    return g


@lru_cache(maxsize=1)
def ontology_and_vocabularies() -> Graph:
    return ontology_graph() + vocabulary_graph()


def gate(doc_graph: Graph) -> ValidationReport:
    """Validate one document's graph (core shapes only), with the ontology mixed in so
    that subclasses and vocabulary concepts are known."""
    data = Graph()
    data += doc_graph
    data += ontology_and_vocabularies()
    return _run(data, shapes_graph(False))


def validate_dataset(data: Graph) -> ValidationReport:
    """Validate a whole dataset (documents + reference + vocabularies) with every shape."""
    return _run(data, shapes_graph(True))


def _run(data: Graph, shapes: Graph) -> ValidationReport:
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
