"""The cabinet's appraisals of motions: the concept of each Kabinetsappreciatie value."""

from __future__ import annotations

from functools import lru_cache

from rdflib import URIRef
from rdflib.namespace import SKOS

from chinakg.base_graphs import vocabulary_graph
from chinakg.namespaces import APPRAISAL


@lru_cache(maxsize=1)
def appraisal_iris() -> dict[str, URIRef]:
    """skos:notation (the Kabinetsappreciatie value) -> appraisal concept."""
    return {str(notation): URIRef(concept) for concept, notation in vocabulary_graph().subject_objects(SKOS.notation)
            if str(concept).startswith(str(APPRAISAL))}


def known_appraisal(notation: str) -> bool:
    return notation in appraisal_iris()


def appraisal_concept(notation: str) -> URIRef:
    """The appraisal concept whose skos:notation is `notation` (the Kabinetsappreciatie value)."""
    return appraisal_iris()[notation]
