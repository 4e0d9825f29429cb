"""Resolving names and offices written in documents to the reference graph.

A signatory is resolved when exactly one person with that family name held an office
with that title on the document's date (or, without a date, at any time).  Anything
else -- no candidate, or several -- is reported as unresolved, never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rdflib import Graph, URIRef

from chinakg.loaders.reference import norm
from chinakg.namespaces import sparql_prefixes

OFFICE_TERMS = sparql_prefixes() + """
SELECT ?person ?family ?title ?start ?end WHERE {
  ?term a ck:OfficeTerm ; ck:member ?person ; ck:post ?post .
  ?post rdfs:label ?title .
  ?person ck:familyName ?family .
  OPTIONAL { ?term ck:startDate ?start }
  OPTIONAL { ?term ck:endDate ?end }
}"""


@dataclass(frozen=True)
class OfficeHolding:
    person: URIRef
    family: str
    title: str
    start: dt.date | None
    end: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


class PeopleIndex:
    """Who held which office when, built once from the reference graph."""

    def __init__(self, reference: Graph) -> None:
        self.holdings: list[OfficeHolding] = []
        for row in reference.query(OFFICE_TERMS):
            self.holdings.append(OfficeHolding(
                URIRef(row.person), norm(str(row.family)), norm(str(row.title)),
                row.start.toPython() if row.start is not None else None,
                row.end.toPython() if row.end is not None else None))

    def signatory(self, office: str, written_name: str, day: dt.date | None) -> tuple[URIRef | None, str]:
        """(person, "") when resolved, else (None, reason)."""
        family = norm(family_name(written_name))
        title = norm(office)
        candidates = {h.person for h in self.holdings
                      if h.title == title and h.family == family and (day is None or h.covers(day))}
        if len(candidates) == 1:
            return next(iter(candidates)), ""
        if candidates:
            return None, f"{len(candidates)} people named {family_name(written_name)} held this office"
        when = f" on {day.isoformat()}" if day else ""
        return None, (f"no person named {family_name(written_name)} held the office '{office}'{when} "
                      "in the reference graph")


def family_name(written: str) -> str:
    """'Th.J.A.M. de Bruijn' -> 'de Bruijn'; 'S.A.M. Kaag' -> 'Kaag'."""
    return re.sub(r"^(?:[A-Z][a-z]?\.)+\s*", "", written.strip())
