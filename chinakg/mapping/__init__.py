"""Mapping: extracted facts -> the RDF graph of one source (its named graph).

`map_facts` is the one entry: a document's facts (text or XML) go through
chinakg.mapping.document, open-data records through chinakg.mapping.odata; both write with
the one GraphBuilder of chinakg.mapping.builder.
"""

from __future__ import annotations

from chinakg.extractors.base import DocumentFacts
from chinakg.mapping.builder import GraphBuilder, Mapped
from chinakg.mapping.document import map_document
from chinakg.mapping.odata import map_records
from chinakg.resolve import People
from chinakg.sources import ODataRecords, Source

__all__ = ["GraphBuilder", "Mapped", "map_facts"]


def map_facts(facts: DocumentFacts | ODataRecords, source: Source, people: People) -> Mapped:
    """The graph of one source, its names resolved with `people`."""
    if isinstance(facts, ODataRecords):
        return map_records(facts, people)
    return map_document(facts, source, people)
