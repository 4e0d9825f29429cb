"""Extractors: a parsed source -> facts, each with the evidence span it was read from.

One interface: an `Extractor` has a `name` and `version` (recorded with every piece of
evidence it yields, for provenance) and `extract(parsed) -> facts`.  `extract` picks the
extractor for the kind of parsed source:

- text (letters, questions, answers, motions as text): chinakg.extractors.text, which
  reads the document's header and signature (document), what its running text says
  (references) and its themes and instruments (subjects);
- official XML (motions): chinakg.extractors.motion;
- open-data records: their fields are the facts already, so they pass through as they
  are (chinakg.mapping.odata maps them).

Extractors import the parsed-source types (chinakg.sources), never a loader.
"""

from __future__ import annotations

from typing import Protocol

from chinakg.extractors.base import DocumentFacts
from chinakg.sources import ODataRecords, Parsed, ParsedText, ParsedXml

Facts = DocumentFacts | ODataRecords


class Extractor(Protocol):
    name: str
    version: str

    def extract(self, parsed: Parsed) -> Facts: ...


def extractor_for(parsed: Parsed) -> Extractor | None:
    """The extractor that reads this kind of parsed source (None: open-data records)."""
    if isinstance(parsed, ParsedText):
        from chinakg.extractors.text import TextExtractor
        return TextExtractor()
    if isinstance(parsed, ParsedXml):
        from chinakg.extractors.motion import MotionExtractor
        return MotionExtractor()
    return None


def extract(parsed: Parsed) -> Facts:
    """What a parsed source says."""
    extractor = extractor_for(parsed)
    return parsed if extractor is None else extractor.extract(parsed)  # type: ignore[return-value]
