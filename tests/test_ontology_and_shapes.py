"""Ontology, vocabularies and shapes are real: labelled, consistent under HermiT, and the
SHACL gate catches what it should."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from chinakg.base_graphs import ontology_graph, vocabulary_graph
from chinakg.namespaces import BASE, CK, document_iri
from chinakg.ontology_check import check_consistency
from chinakg.refgraph import load_reference_graph
from chinakg.validation import gate, shapes_graph, validate_dataset

TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def test_every_ontology_term_has_labels_and_definitions_in_english_and_dutch() -> None:
    g = ontology_graph()
    terms = {s for t in TERM_TYPES for s in g.subjects(RDF.type, t) if str(s).startswith(str(CK))}
    assert len(terms) > 80
    for term in terms:
        for prop in (RDFS.label, SKOS.definition):
            langs = {o.language for o in g.objects(term, prop)}
            assert {"en", "nl"} <= langs, f"{term} lacks {prop} in en/nl"


def test_vocabularies_conform_to_the_concept_shape() -> None:
    vocab = vocabulary_graph()
    concepts = set(vocab.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) > 60
    report = validate_dataset(vocab)
    assert report.violations == []
    themes = {str(o) for c in concepts for o in vocab.objects(c, SKOS.prefLabel) if o.language == "en"}
    assert {"Xinjiang and the Uyghurs", "Tibet", "Hong Kong", "Forced labour", "Surveillance technology"} <= themes
    notations = {str(o) for o in vocab.objects(None, SKOS.notation)}
    assert {"Ontraden", "Oordeel Kamer", "Overgenomen", "Ontijdig", "Overbodig", "Ontraden, tenzij gewijzigd",
            "Verzocht motie aan te houden", "Geen (expliciete) appreciatie"} <= notations


def test_hermit_finds_ontology_reference_and_seed_graph_consistent(seed_store) -> None:
    extra = load_reference_graph()
    for g in seed_store.document_graphs():
        extra += seed_store.graph(g)
    result = check_consistency(extra)
    assert result.consistent, result.message
    assert result.classes >= 40


def test_hermit_detects_an_inconsistency() -> None:
    bad = Graph()
    thing = URIRef("https://w3id.org/chinakg/id/test/x")
    bad.add((CK.Person, OWL.disjointWith, CK.ParliamentaryDocument))
    bad.add((thing, RDF.type, CK.Person))
    bad.add((thing, RDF.type, CK.Letter))
    assert not check_consistency(bad).consistent


def letter(**extra) -> Graph:
    g = Graph()
    doc = document_iri("kst-32735-286")
    g.add((doc, RDF.type, CK.Letter))
    g.add((doc, CK.officialId, Literal("kst-32735-286")))
    g.add((doc, CK.sourceFile, Literal("x.txt")))
    g.add((doc, CK.contentHash, Literal("a" * 64)))
    for prop, value in extra.items():
        g.add((doc, CK[prop] if prop != "date" else URIRef("http://purl.org/dc/terms/date"), value))
    return g


def test_gate_accepts_a_well_formed_document() -> None:
    assert gate(letter(date=Literal("2020-02-04", datatype=XSD.date))).violations == []


def test_gate_rejects_badly_typed_dates_bad_ids_and_missing_identifier() -> None:
    assert gate(letter(date=Literal("2020-02-04"))).violations  # a string, not xsd:date
    bad_id = letter()
    bad_id.set((document_iri("kst-32735-286"), CK.officialId, Literal("kamerstuk 32735 286")))
    assert any("official id" in f.message for f in gate(bad_id).violations)
    no_id = letter()
    no_id.remove((None, CK.officialId, None))
    assert any("either an official id or a local id" in f.message for f in gate(no_id).violations)


def test_every_shape_has_an_english_message() -> None:
    shapes = shapes_graph(True)
    sh = "http://www.w3.org/ns/shacl#"
    constrained = set(shapes.objects(None, URIRef(sh + "property"))) | set(shapes.subjects(URIRef(sh + "sparql"), None))
    for node in constrained:
        messages = list(shapes.objects(node, URIRef(sh + "message")))
        for sparql in shapes.objects(node, URIRef(sh + "sparql")):
            messages += list(shapes.objects(sparql, URIRef(sh + "message")))
        assert messages, f"shape {node} has no sh:message"


def _broken_variants(doc_graph: Graph) -> dict[str, Graph]:
    """A real motion's graph, broken in the ways the core shapes are there to catch."""
    doc = next(doc_graph.subjects(CK.sourceFile, None))
    evidence = sorted(doc_graph.subjects(RDF.type, CK.Evidence))[0]
    signature = next(doc_graph.objects(doc, CK.signature))

    def variant(*, remove=(), add=()) -> Graph:
        g = Graph()
        g += doc_graph
        for triple in remove:
            g.remove(triple)
        for triple in add:
            g.add(triple)
        return g

    date_p = URIRef("http://purl.org/dc/terms/date")
    return {
        "as built": variant(),
        "no identifier": variant(remove=[(doc, CK.officialId, None)]),
        "impossible date": variant(remove=[(doc, date_p, None)],
                                   add=[(doc, date_p, Literal("2020-02-31", datatype=XSD.date))]),
        "untyped date": variant(remove=[(doc, date_p, None)], add=[(doc, date_p, Literal("2020-02-03"))]),
        "offset text": variant(remove=[(evidence, CK.startOffset, None)],
                               add=[(evidence, CK.startOffset, Literal("x"))]),
        "start after end": variant(remove=[(evidence, CK.startOffset, None)],
                                   add=[(evidence, CK.startOffset, Literal(10**9, datatype=XSD.integer))]),
        "two kinds": variant(add=[(doc, CK.documentKind, URIRef("https://w3id.org/chinakg/vocab/document-kind/letter"))]),
        "kind not a concept": variant(remove=[(doc, CK.documentKind, None)],
                                      add=[(doc, CK.documentKind, URIRef("https://example.org/kind"))]),
        "signature without signer": variant(remove=[(signature, None, None)],
                                            add=[(signature, RDF.type, CK.Signature)]),
        "evidence without document": variant(remove=[(evidence, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"),
                                                      None)]),
    }


def test_the_gate_and_pyshacl_judge_broken_documents_alike(shared) -> None:
    """pyrudof (the build's gate) and pySHACL (the reference) on the same graphs: the same
    verdict and the same nodes in violation."""
    from conftest import load_one

    from chinakg.refgraph import load_reference_graph
    from chinakg.resolve import People
    from chinakg.validation import gate_reference

    motion = load_one(shared / "corpus" / "motions-xml" / "kst-35207-84.xml", People(load_reference_graph()))
    for name, graph in _broken_variants(motion.graph).items():
        fast, reference = gate(graph), gate_reference(graph)
        assert fast.conforms == reference.conforms == (name == "as built"), name
        assert {f.focus for f in fast.violations} == {f.focus for f in reference.violations}, name


def test_a_graph_checked_a_part_at_a_time_gets_the_findings_of_the_whole(shared) -> None:
    """A large graph is validated in parts (each subject's triples, and the types of what
    they point to); on real documents and on the broken motions, parts of 10 triples give
    the findings, violations and warnings, that the whole graph gives."""
    from chinakg.graph_store import ntriples

    from chinakg.pipeline import load_file
    from chinakg.refgraph import load_reference_graph
    from chinakg.resolve import People
    from chinakg.validation import Gate

    people = People(load_reference_graph())
    motion = load_file(shared / "corpus" / "motions-xml" / "kst-35207-84.xml", people)[0]
    graphs = {name: list(graph) for name, graph in _broken_variants(motion.graph).items()}
    texts = sorted((shared / "corpus" / "texts").glob("*"))[:12]
    for path in [*sorted((shared / "corpus" / "seeds").glob("*.txt")), *texts]:
        graphs[path.name] = list(load_file(path, people)[0].triples)
    checker = Gate()
    failing = 0
    for name, triples in graphs.items():
        text = ntriples(triples)
        assert len(triples) > 3 * 10, name  # several parts
        whole = checker.check(triples, text, part_triples=10**9)
        in_parts = checker.check(triples, text, part_triples=10)
        assert in_parts.findings == whole.findings, name
        failing += not whole.conforms
    assert failing == 9  # the broken motions but the one as built: the parts find every fault


def test_a_parallel_build_after_the_gate_was_used_completes(shared, tmp_path) -> None:
    """Workers forked from a process holding a pyrudof session once hung; they are spawned now."""
    import subprocess
    import sys

    files = sorted((shared / "corpus" / "motions-xml").glob("*.xml"))[:12]
    script = (
        "import sys\nfrom pathlib import Path\nfrom rdflib import Graph\n"
        "from chinakg.validation import gate\nfrom chinakg.graph_store import EmbeddedStore\n"
        "from chinakg.pipeline import build\n"
        "gate(Graph())\n"
        "with EmbeddedStore(sys.argv[1]) as store:\n"
        "    summary = build(store, [Path(p) for p in sys.argv[2:]], workers=2)\n"
        "print(len(summary.loaded), len(summary.rejected))\n")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "store"), *map(str, files)],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["12", "0"]


BROKEN = """PREFIX ck: <https://w3id.org/chinakg/def#> PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
INSERT DATA {
  GRAPH <https://w3id.org/chinakg/graph/doc/kst-32735-286> {
    <https://w3id.org/chinakg/id/doc/kst-99999-2> a ck:Letter ; dcterms:date "2020-02-31"^^xsd:date .
    <https://w3id.org/chinakg/id/doc/kst-99999-1> a ck:Motion ; dcterms:date "1990-05-01"^^xsd:date ;
        ck:submittedBy <https://w3id.org/chinakg/id/person/sjoerd-sjoerdsma> .
  }
  GRAPH <https://w3id.org/chinakg/graph/vocabularies> {
    <https://w3id.org/chinakg/vocab/theme/nowhere> a skos:Concept ; skos:prefLabel "nowhere"@en .
  }
}"""


def test_whole_store_validation_agrees_with_pyshacl(seeds_store: Path, tmp_path: Path) -> None:
    """`chinakg validate` (pyrudof over the whole store, the store's engine for the SPARQL
    checks and literal types) and pySHACL over the same data find the same problems."""
    import shutil

    from chinakg.api import KnowledgeGraph

    store = tmp_path / "store"
    shutil.copytree(seeds_store, store)
    with KnowledgeGraph(store) as kg:
        kg.store.update(BROKEN)
        fast = kg.validate().report
        merged = Graph()
        for graph in kg.store.named_graphs():
            merged += kg.store.graph(graph)
    reference = validate_dataset(merged)

    def found(report) -> set[tuple[str, str]]:
        return {(f.severity, f.focus) for f in report.findings}

    assert found(fast) == found(reference)
    assert not fast.conforms and not reference.conforms
    assert ("Warning", f"{BASE}id/doc/kst-99999-1") in found(fast)  # not a member in 1990: the SPARQL check
    assert ("Violation", f"{BASE}vocab/theme/nowhere") in found(fast)  # one label, no definitions
    assert ("Violation", f"{BASE}id/doc/kst-99999-2") in found(fast)  # the impossible date
