"""Consistency of the ontology (with reference data and built documents) under HermiT,
run through owlready2.  owlready2 reads N-Triples, not Turtle, so graphs are converted."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from chinakg.base_graphs import ontology_graph, vocabulary_graph
from chinakg.errors import ChinaKGError


@dataclass
class OntologyCheck:
    consistent: bool
    triples: int
    classes: int
    message: str


def check_consistency(extra: Graph | None = None) -> OntologyCheck:
    import owlready2

    g = ontology_graph() + vocabulary_graph()
    if extra is not None:
        g += extra
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "chinakg-check.nt"
        g.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        try:
            onto = world.get_ontology(path.as_uri()).load(format="ntriples")
            classes = len(list(onto.classes()))
            with onto:
                # xsd:date (every date here) is outside the OWL 2 datatype map; HermiT then
                # treats date values as opaque instead of refusing to reason.
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0,
                                               ignore_unsupported_datatypes=True)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            return OntologyCheck(False, len(g), 0, f"HermiT: inconsistent ({exc})")
        except (OSError, owlready2.OwlReadyError) as exc:
            raise ChinaKGError(f"the reasoner could not run: {exc}") from exc
        unsatisfiable = list(world.inconsistent_classes())
        if unsatisfiable:
            names = ", ".join(sorted(str(c) for c in unsatisfiable))
            return OntologyCheck(False, len(g), classes, f"HermiT: unsatisfiable classes: {names}")
    return OntologyCheck(True, len(g), classes, "HermiT: consistent")
