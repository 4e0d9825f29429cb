"""The packaged ontology and vocabularies as rdflib graphs (parsed once per process)."""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph

from chinakg.resources import list_resources, resource_text

VOCABULARY_FILES = ("themes.ttl", "instruments.ttl", "appraisals.ttl", "document-kinds.ttl")
ONTOLOGY_FILE = "chinakg.ttl"


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    g = Graph()
    for text in ontology_texts():
        g.parse(data=text, format="turtle")
    return g


@lru_cache(maxsize=1)
def _vocabularies() -> Graph:
    g = Graph()
    for text in vocabulary_texts():
        g.parse(data=text, format="turtle")
    return g


def ontology_texts() -> list[str]:
    """The packaged Turtle the ontology graph is parsed from."""
    return [resource_text("ontology", ONTOLOGY_FILE)] + [
        resource_text("ontology.external", name) for name in list_resources("ontology.external", ".ttl")]


def vocabulary_texts() -> list[str]:
    return [resource_text("ontology", name) for name in VOCABULARY_FILES]


def ontology_graph() -> Graph:
    """The chinakg ontology with the declarations of the external terms it uses (a copy)."""
    return Graph() + _ontology()


def vocabulary_graph() -> Graph:
    """The SKOS concept schemes (a copy)."""
    return Graph() + _vocabularies()
