"""Resolving names and offices written in documents to the reference graph.

A signatory is resolved when exactly one person with that family name held an office
with that title on the document's date (or, without a date, at any time).  Anything
else -- no candidate, or several -- is reported as unresolved, never guessed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from chinakg import names, namespaces
from chinakg.names import NAME_PREFIXES, family_keys, family_name, norm, office_key, party_key
from chinakg.namespaces import CK, ID, TWEEDE_KAMER, sparql_prefixes
from chinakg.refgraph import load_reference_graph, reference_text
from chinakg.settings import prepared_folder

ROLLCALL_SOURCE = ID["source/rollcall"]  # the reference builder's roll-call reader

OFFICE_TERMS = sparql_prefixes() + """
SELECT ?term ?post ?person ?family ?title ?start ?end WHERE {
  ?term a ck:OfficeTerm ; ck:member ?person ; ck:post ?post .
  ?post rdfs:label ?title .
  ?person ck:familyName ?family .
  OPTIONAL { ?term ck:startDate ?start }
  OPTIONAL { ?term ck:endDate ?end }
}"""


@dataclass(frozen=True)
class OfficeHolding:
    term: URIRef
    post: URIRef
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
                URIRef(row.term), URIRef(row.post), URIRef(row.person), norm(str(row.family)),
                office_key(str(row.title)), _date(row.start), _date(row.end)))

    def signatory(self, office: str, written_name: str, day: dt.date | None) -> tuple[URIRef | None, str]:
        """(person, "") when resolved, else (None, reason)."""
        person, _, reason = self.holding(office, written_name, day)
        return person, reason

    def holding(self, office: str, written_name: str, day: dt.date | None
                ) -> tuple[URIRef | None, URIRef | None, str]:
        """(person, term of office, "") for the one person of that name in that office on
        `day` (at any time when undated); the term is left out when the person held the
        office in several terms and the date does not choose one.  (None, None, reason)
        when no person or several match."""
        family = norm(family_name(written_name))
        title = office_key(office)
        found = [h for h in self.holdings if h.title == title and h.family == family and (day is None or h.covers(day))]
        candidates = {h.person for h in found}
        if len(candidates) == 1:
            terms = {h.term for h in found}
            if len(terms) > 1 and day is not None:  # the same term told by several sources: the latest start
                latest = max(found, key=lambda h: (h.start is not None, h.start or dt.date.min))
                terms = {latest.term}
            return next(iter(candidates)), (next(iter(terms)) if len(terms) == 1 else None), ""
        if candidates:
            return None, None, f"{len(candidates)} people named {family_name(written_name)} held this office"
        when = f" on {day.isoformat()}" if day else ""
        return None, None, (f"no person named {family_name(written_name)} held the office '{office}'{when} "
                      "in the reference graph")


MEMBERS = sparql_prefixes() + """
SELECT ?person ?family ?given ?initials ?kind ?org ?start ?end ?source WHERE {
  ?person a ck:Person ; ck:familyName ?family .
  OPTIONAL { ?person ck:givenName ?given }
  OPTIONAL { ?person ck:initials ?initials }
  OPTIONAL {
    ?term ck:member ?person ; a ?kind ; ck:organization ?org .
    VALUES ?kind { ck:SeatMembership ck:PartyMembership }
    OPTIONAL { ?term ck:startDate ?start }
    OPTIONAL { ?term ck:endDate ?end }
    OPTIONAL { ?term prov:wasDerivedFrom ?source }
  }
}"""

@dataclass(frozen=True)
class Span:
    """A dated membership: `org` is the chamber for a seat, the party for a party term."""

    org: URIRef
    start: dt.date | None
    end: dt.date | None
    horizon: dt.date | None = None  # an open end only vouches up to its source's last known date
    #: known from roll calls: the end is the last day the member was seen, not a day they left
    observed: bool = False

    def covers(self, day: dt.date) -> bool:
        if self.start is None or day < self.start:
            return False
        end = self.end or self.horizon
        return end is None or day <= end


@dataclass
class Member:
    person: URIRef
    family: str  # normalised
    given: str  # normalised
    initials: str  # "d" for "D." etc.
    seats: list[Span]
    parties: list[Span]
    written_family: str = ""  # as the reference graph writes it ("van Vroonhoven-Kok")


@dataclass(frozen=True)
class MemberMatch:
    person: URIRef | None
    party: URIRef | None
    reason: str  # why person or party is missing, or how weakly the person was resolved; "" when sure


def _parse_written(written: str) -> tuple[str, str, str]:
    """'Diederik van Dijk' -> ('diederik', '', 'vandijk'); 'D. van Dijk' -> ('', 'd', 'vandijk');
    'Van der Lee' -> ('', '', 'vanderlee')."""
    words = written.replace(",", " ").split()
    initials = ""
    while words and re.fullmatch(r"(?:[A-Z][a-z]?\.)+", words[0]):
        initials += words.pop(0)
    given = ""
    if len(words) > 1 and words[0].lower() not in NAME_PREFIXES and words[0][:1].isupper():
        given = words[0]
    return norm(given), norm(initials.replace(".", "")[:1]) if initials else "", " ".join(words)


class MemberIndex:
    """Members of parliament by family name, with their dated seats and party terms."""

    def __init__(self, reference: Graph) -> None:
        by_person: dict[URIRef, Member] = {}
        rows = list(reference.query(MEMBERS))
        horizons = _source_horizons(rows)
        for row in rows:
            person = URIRef(row.person)
            m = by_person.get(person)
            if m is None:
                m = by_person[person] = Member(
                    person, norm(str(row.family)), norm(str(row.given or "")),
                    norm(str(row.initials or ""))[:1], [], [], str(row.family))
            if row.kind is None:
                continue
            span = Span(URIRef(row.org), _date(row.start), _date(row.end), horizons.get(row.source),
                        row.source == ROLLCALL_SOURCE)
            if row.kind == CK.SeatMembership:
                if row.org == TWEEDE_KAMER:
                    m.seats.append(span)
            else:
                m.parties.append(span)
        # the current Kamer: the roll calls' open run, from the first day it was seen
        open_runs = [s.start for m in by_person.values() for s in m.seats if s.observed and s.end is None and s.start]
        self.current_since: dt.date | None = min(open_runs) if open_runs else None
        # also under each part of a double name: documents write "Van Vroonhoven" for the
        # member the reference graph knows as "van Vroonhoven-Kok", and "Postma" for
        # "de Pater-Postma"; a part matches only as any name does, with a seat on the day
        self.by_family: dict[str, list[Member]] = {}
        for m in by_person.values():
            for key in family_keys(m.written_family):
                self.by_family.setdefault(key, []).append(m)

    def candidates(self, written: str) -> list[Member]:
        given, initial, rest = _parse_written(written)
        exact = self.by_family.get(norm(rest), [])
        if given:  # "Diederik van Dijk": either a given name + family, or a family name of two words
            family = norm(rest.split(" ", 1)[1])
            with_given = [m for m in self.by_family.get(family, []) if m.given == given]
            return with_given or exact
        if initial:
            return [m for m in exact if m.initials == initial or not m.initials]
        return exact

    def member(self, written: str, day: dt.date | None, party: URIRef | None = None) -> MemberMatch:
        """The member of the Tweede Kamer written as `written` on `day`, and their party then.
        `party`: the party the text states for them ("Koopmans (VVD)"), which tells two
        members of one name apart."""
        found = self.candidates(written)
        if not found:
            return MemberMatch(None, None, f"no member of parliament named '{written}' in the reference graph")
        if day is None:
            return MemberMatch(None, None, f"'{written}': the document has no date, so the member cannot be chosen")
        seated = [m for m in found if _seated(m, day, self.current_since)]
        if len(seated) > 1 and party is not None:
            seated = [m for m in seated if party in _parties_on(m, day)] or seated
        if len(seated) > 1:
            names = ", ".join(sorted(str(m.person).rsplit("/", 1)[-1] for m in seated))
            return MemberMatch(None, None, f"'{written}' is ambiguous on {day.isoformat()}: {names}")
        note = ""
        if not seated:
            # Nobody of that name is known to sit on that day: the reference data has gaps
            # (a source that names a member without any seat).  Accept the one person of that
            # name whose known seats do not end before `day`.
            open_ = [m for m in found if not any(s.end is not None and s.end < day and not s.observed
                                                 for s in m.seats)]
            if len(open_) != 1:
                return MemberMatch(None, None, f"'{written}': {len(found)} person(s) of that name in the reference "
                                   f"graph, none known to hold a Tweede Kamer seat on {day.isoformat()}")
            seated = open_
            note = (f"resolved by name alone: the only person named '{written}' in the reference graph, "
                    f"but no Tweede Kamer seat on {day.isoformat()} is recorded for them; ")
        m = seated[0]
        parties = _parties_on(m, day)
        if len(parties) == 1:
            return MemberMatch(m.person, next(iter(parties)), note.rstrip("; "))
        why = "no party term covers" if not parties else f"{len(parties)} party terms cover"
        return MemberMatch(m.person, None, f"{note}'{written}': {why} {day.isoformat()} in the reference graph")

    def member_before(self, written: str, day: dt.date | None, earliest: dt.date | None = None) -> MemberMatch:
        """A member named in a later document ("de motie van het lid Kuzu"): the one person of
        that name who held a Tweede Kamer seat before `day` (at any time when undated), and
        their party when it is the one party they had over the whole interval the motion can
        lie in: from `earliest` (when its dossier was opened) to `day`."""
        found = self.candidates(written)
        if not found:
            return MemberMatch(None, None, f"no member of parliament named '{written}' in the reference graph")
        seated = [m for m in found if any(day is None or s.start is None or s.start <= day for s in m.seats)]
        if len(seated) > 1 and earliest is not None:
            seated = [m for m in seated if _seated_between(m, earliest, day)] or seated
        when = f"before {day.isoformat()}" if day else "at any time"
        note = ""
        if not seated and len(found) == 1:  # a gap in the reference data, as in `member`
            seated = found
            note = (f"resolved by name alone: the only person named '{written}' in the reference graph, "
                    f"but no Tweede Kamer seat {when} is recorded for them; ")
        if len(seated) != 1:
            names = ", ".join(sorted(str(m.person).rsplit("/", 1)[-1] for m in seated)) or "nobody"
            return MemberMatch(None, None, f"'{written}': {len(seated)} members of that name held a Tweede Kamer seat "
                               f"{when} ({names}); the text does not say which")
        m = seated[0]
        parties = _parties_between(m, earliest, day)
        if len(parties) == 1:
            return MemberMatch(m.person, next(iter(parties)), note.rstrip("; "))
        since = f"from {earliest.isoformat()} " if earliest else ""
        return MemberMatch(m.person, None, f"{note}'{written}': {len(parties)} parties {since}{when} in the reference "
                           "graph, and the text does not date the motion")


def _seated(m: Member, day: dt.date, current_since: dt.date | None) -> bool:
    """A seat covers `day`, or -- before the current Kamer, whose roll calls list every member
    (`current_since`) -- the member's latest seat begun by then is open (held when last seen
    in a roll call, or without an end in a source that stops earlier) and no seat ended
    between its start and `day`: an earlier, closed seat does not count against a later one."""
    if any(s.covers(day) for s in m.seats):
        return True
    if current_since is not None and day >= current_since:
        return False
    started = [(s.start, s) for s in m.seats if s.start is not None and s.start <= day]
    if not started:
        return False
    latest = max(start for start, _ in started)
    if not any(start == latest and (s.end is None or s.observed or s.end >= day) for start, s in started):
        return False
    return not any(s.end is not None and not s.observed and latest <= s.end < day for s in m.seats)


def _seated_between(m: Member, earliest: dt.date, day: dt.date | None) -> bool:
    return any((s.end is None or s.observed or s.end >= earliest) and (day is None or s.start is None
               or s.start <= day) for s in m.seats)


def _only_party(m: Member) -> set[URIRef] | None:
    """The one party every source records for the member (they sat for it whenever they
    sat), or None when the sources record several."""
    ever = {s.org for s in m.parties}
    return ever if len(ever) == 1 else None


def _parties_on(m: Member, day: dt.date) -> set[URIRef]:
    """The parties whose terms cover `day`, or the member's only party."""
    return _only_party(m) or {s.org for s in m.parties if s.covers(day)}


def _parties_between(m: Member, earliest: dt.date | None, day: dt.date | None) -> set[URIRef]:
    """The parties of the terms that can overlap earliest..day (an undated term can), or
    the member's only party."""
    return _only_party(m) or {s.org for s in m.parties if (day is None or s.start is None or s.start <= day)
                              and (earliest is None or s.end is None or s.end >= earliest)}


def _source_horizons(rows: list) -> dict:
    """The last date each source knows of.  A term without an end date is only known to
    last up to that date -- except in the newest source, which is taken as current
    (the December 2023 roll call: later party changes are not in the reference data)."""
    last: dict = {}
    for row in rows:
        for value in (row.start, row.end):
            day = _date(value)
            if day is not None and row.source is not None and (row.source not in last or day > last[row.source]):
                last[row.source] = day
    if last:
        newest = max(last, key=last.get)
        del last[newest]
    return last


def _date(value: object) -> dt.date | None:
    return value.toPython() if value is not None else None  # type: ignore[attr-defined]


class People:
    """Everything name resolution needs, prepared once per build from the reference graph."""

    def __init__(self, reference: Graph) -> None:
        self.offices = PeopleIndex(reference)
        self.members = MemberIndex(reference)
        self.by_tk_id: dict[str, URIRef] = {
            str(tk_id): URIRef(person) for person, tk_id in reference.subject_objects(CK.tkPersonId)}
        self.parties: dict[str, URIRef] = {}
        for party, label in reference.subject_objects(RDFS.label):
            if (party, RDF.type, CK.ParliamentaryParty) in reference:
                self.parties.setdefault(norm(str(label)), URIRef(party))

    def signatory(self, office: str, written_name: str, day: dt.date | None) -> tuple[URIRef | None, str]:
        return self.offices.signatory(office, written_name, day)

    def member(self, written: str, day: dt.date | None, party: URIRef | None = None) -> MemberMatch:
        return self.members.member(written, day, party)

    def member_before(self, written: str, day: dt.date | None, earliest: dt.date | None = None) -> MemberMatch:
        return self.members.member_before(written, day, earliest)

    def party(self, written: str) -> URIRef | None:
        """A party as written in a document ("GroenLinks"), by its name or a known alias."""
        return self.parties.get(norm(party_key(written))) or self.parties.get(norm(written))


def prepared_people(folder: str | Path | None = None) -> People:
    """People for the packaged reference graph.  Preparing it takes about 7 s (reading the
    graph and indexing its members), so it is kept in `folder` (default: the settings'
    `prepared_folder()`) under a digest of the reference graph's text and of the code that
    prepares it, and read from there while both are the same.  A kept file that cannot be
    read is prepared again; one that cannot be written is not kept (the build goes on)."""
    digest = hashlib.sha256(reference_text().encode("utf-8"))
    for module in (__file__, names.__file__, namespaces.__file__):
        digest.update(Path(module).read_bytes())
    kept = Path(folder or prepared_folder()) / f"people-{digest.hexdigest()[:32]}.pickle"
    try:
        if kept.is_file():  # not a named pipe put in its place: reading one would block
            with kept.open("rb") as file:
                found = pickle.load(file)
            if isinstance(found, People):
                return found
    except Exception:  # cut short, or made by another Python: prepared again
        pass
    people = People(load_reference_graph())
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        partial = kept.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(pickle.dumps(people, protocol=pickle.HIGHEST_PROTOCOL))
        partial.replace(kept)
    except OSError:
        pass
    return people
