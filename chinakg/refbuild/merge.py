"""The people and terms read so far, merged across sources.

A record from a source is the same person as one already held when it has the same
Tweede Kamer person id, the same Wikipedia page, or the same family name and birth date --
in that order.  A family name matches in full or by one part of a double (married) name:
"de Pater-Postma" born on the day "Postma" was is the same person.  A value two sources
give differently is reported, and the first kept; a merge by name and birth date where the
names differ is reported with its reason.
"""

from __future__ import annotations

from collections import defaultdict

from chinakg.names import family_keys, norm
from chinakg.namespaces import slug
from chinakg.refbuild.records import PersonRecord, Report, TermRecord, wiki_key


class Registry:
    """People, their dated terms, parties and cabinets, and the report of what the sources
    disagree on or leave out."""

    def __init__(self) -> None:
        self.people: list[PersonRecord] = []
        self.terms: list[TermRecord] = []
        self.parties: dict[str, dict] = {}
        self.cabinets: list[dict] = []
        self.report = Report()
        self._by_tk: dict[str, PersonRecord] = {}
        self._by_wiki: dict[str, PersonRecord] = {}
        self._by_name_birth: dict[tuple[str, str], PersonRecord] = {}

    def party(self, key: str) -> dict:
        """The record of a party by its short name, made on first mention."""
        return self.parties.setdefault(key, {"names": set()})

    def _index(self, person: PersonRecord) -> None:
        if person.tk_id:
            self._by_tk.setdefault(person.tk_id, person)
        if person.wikipedia:
            self._by_wiki.setdefault(wiki_key(person.wikipedia), person)
        if person.birth:
            for name in family_keys(person.family):
                self._by_name_birth.setdefault((name, person.birth), person)

    def find(self, rec: PersonRecord) -> PersonRecord | None:
        """The person already held that `rec` is, if any."""
        if rec.tk_id and rec.tk_id in self._by_tk:
            return self._by_tk[rec.tk_id]
        if rec.wikipedia and wiki_key(rec.wikipedia) in self._by_wiki:
            return self._by_wiki[wiki_key(rec.wikipedia)]
        if rec.birth:
            return next((self._by_name_birth[(name, rec.birth)] for name in family_keys(rec.family)
                         if (name, rec.birth) in self._by_name_birth), None)
        return None

    def merge(self, rec: PersonRecord) -> PersonRecord:
        """Add `rec`, or fill in what the person already held lacks; returns the person held."""
        found = self.find(rec)
        if found is None:
            self.people.append(rec)
            self._index(rec)
            return rec
        for attr in ("given", "initials", "birth", "tk_id", "qid", "pdc_id", "parlamint_id",
                     "openkamer_id", "wikipedia"):
            mine, theirs = getattr(found, attr), getattr(rec, attr)
            if theirs and not mine:
                setattr(found, attr, theirs)
            elif theirs and mine and attr in ("birth", "tk_id", "qid") and norm(theirs) != norm(mine):
                self.report.add("Conflicting values", f"{found.name()}: {attr} {mine!r} "
                                f"vs {theirs!r} (from {', '.join(sorted(rec.sources))}); kept the first")
        if rec.family != found.family and not (rec.tk_id and rec.tk_id == found.tk_id):
            self.report.add("People merged by birth date and a family name in common",
                            f"{found.name()} ({', '.join(sorted(found.sources))}) = {rec.given} {rec.family} "
                            f"({', '.join(sorted(rec.sources))}), both born {rec.birth}")
        found.sources |= rec.sources
        self._index(found)
        return found

    def assign_keys(self) -> None:
        """Each person's IRI key: the slug of their name, with the birth year (or an id)
        where two people share a name."""
        by_slug: dict[str, list[PersonRecord]] = defaultdict(list)
        for p in self.people:
            by_slug[slug(p.name()) or slug(p.initials + " " + p.family)].append(p)
        for base, group in by_slug.items():
            if len(group) == 1:
                group[0].key = base
                continue
            for p in group:
                p.key = f"{base}-{p.birth[:4]}" if p.birth else f"{base}-{slug(p.tk_id or p.parlamint_id)[:8]}"
            keys = [p.key for p in group]
            if len(set(keys)) < len(keys):
                for i, p in enumerate(sorted(group, key=lambda x: (x.birth, x.tk_id, x.parlamint_id))):
                    p.key = f"{p.key}-{i + 1}"

    def gaps(self) -> None:
        """Report members without a party or a QID; drop the dates of terms that end before
        they start; report terms of office without a start."""
        members = {id(t.person) for t in self.terms if t.kind == "seat" and t.target == "tweede-kamer"}
        with_party = {id(t.person) for t in self.terms if t.kind == "party"}
        for p in self.people:
            if id(p) in members and id(p) not in with_party:
                self.report.add("Members of the Tweede Kamer without any party", f"{p.name()} ({p.key})")
            if id(p) in members and not p.qid:
                self.report.add("Members of the Tweede Kamer without a Wikidata QID", f"{p.name()} ({p.key})")
        for t in self.terms:
            if t.start and t.end and t.end < t.start:
                self.report.add("Terms whose end is before their start (dates left out)",
                                f"{t.person.name()}: {t.kind} {t.target} {t.start} to {t.end} ({t.source})")
                t.start = t.end = ""
            if t.kind == "office" and not t.start:
                self.report.add("Terms of office without a start date", f"{t.person.name()}: {t.target} ({t.source})")
