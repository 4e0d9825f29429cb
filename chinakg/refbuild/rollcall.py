"""Reader: every roll-call vote (hoofdelijke stemming) in Tweede Kamer open data (CC0),
`reference/tk-rollcall/` (14 December 2023) and `reference/tk-rollcalls/` (43 more voting
days, October 2019 – October 2025).  Each record names the member (`Persoon`, with birth
date) and the fractie they voted with that day: a dated observation of their party.

The observations become party and seat terms: a run of days on which a member was seen in
the same fractie, within one Kamer (between two installations), is a term from the first
of those days to the last.  A member's last run in the newest Kamer of the roll calls is
left open (no end date): the newest source is taken as current up to what it covers,
exactly as chinakg.resolve reads an open end.  Where two observations show different fracties, the change is
placed between them and reported; nothing is claimed for the days in between.  A party
term of another source that is still open (no end date) but contradicted by a later
observation ends at the last observation that agrees with it (or its own start).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

from chinakg.names import party_key
from chinakg.refbuild.merge import Registry
from chinakg.refbuild.records import PersonRecord, TermRecord, read_json

FOLDERS = ("reference/tk-rollcall", "reference/tk-rollcalls")
DAY = re.compile(r"(\d{4}-\d{2}-\d{2})")
#: installation days of the Tweede Kamer after each election (a Kamer sits until the next)
INSTALLED = ("2017-03-23", "2021-03-31", "2023-12-06", "2025-11-12")
#: a member seen in the first roll call of a Kamer held within this many days of its
#: installation sat, in that fractie, from the installation (they were elected on its list)
FIRST_WEEKS = 14


def read_rollcalls(reg: Registry, shared: Path) -> None:
    seen, persons = _observations(reg, shared)
    first_days = _first_roll_call_days(seen)
    newest = _kamer_of(max(first_days))
    horizons = _horizons(reg)
    for tk_id in sorted(seen):
        person = _person(reg, tk_id, persons[tk_id])
        person.sources.add("rollcall")
        days = sorted(seen[tk_id].items())
        _cut_open_terms(reg, person, days, horizons)
        runs = _runs(days)
        for i, (kamer, run) in enumerate(runs):
            start, end = run[0][0], run[-1][0]
            if kamer == newest and i == len(runs) - 1:
                end = ""  # still current, as far as the roll calls know
            if start in first_days and _days_between(kamer, start) <= FIRST_WEEKS:
                start = kamer
            party = run[0][1]
            reg.party(party)
            reg.terms.append(TermRecord("party", person, party, start, end, "rollcall"))
            reg.terms.append(TermRecord("seat", person, "tweede-kamer", start, end, "rollcall"))
        _report_changes(reg, person, days)


def _observations(reg: Registry, shared: Path) -> tuple[dict[str, dict[str, str]], dict[str, dict]]:
    """Member id -> {day: fractie}, and member id -> their Persoon record.  A member seen in
    two fracties on one day is reported and that day left out."""
    parties: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    persons: dict[str, dict] = {}
    for folder in FOLDERS:
        for path in sorted((shared / folder).glob("*.json")):
            day = DAY.search(path.name)
            for row in read_json(path)["value"] if day else []:
                if row.get("Persoon_Id") and row.get("ActorFractie"):
                    parties[row["Persoon_Id"]][day[1]].add(party_key(row["ActorFractie"]))
                    persoon = row.get("Persoon") or {}
                    if persoon.get("Achternaam") or row["Persoon_Id"] not in persons:  # a full record first
                        persons[row["Persoon_Id"]] = persoon | {"ActorNaam": row["ActorNaam"]} \
                            if persoon.get("Achternaam") else {"ActorNaam": row["ActorNaam"]}
                    reg.party(party_key(row["ActorFractie"])).setdefault("tk_id", row.get("Fractie_Id"))
    seen: dict[str, dict[str, str]] = {}
    for tk_id, days in parties.items():
        seen[tk_id] = {}
        for day, names in days.items():
            if len(names) == 1:
                seen[tk_id][day] = next(iter(names))
            else:
                reg.report.add("Roll calls naming one member in two fracties on one day (day left out)",
                               f"{tk_id} on {day}: {', '.join(sorted(names))}")
    return seen, persons


def _first_roll_call_days(seen: dict[str, dict[str, str]]) -> set[str]:
    """The first roll-call day of each Kamer."""
    days = sorted({day for member in seen.values() for day in member})
    return {min(d for d in days if _kamer_of(d) == kamer) for kamer in {_kamer_of(d) for d in days}}


def _person(reg: Registry, tk_id: str, persoon: dict) -> PersonRecord:
    """The member, merged with the people already read (by Tweede Kamer id, else by name and
    birth date); reported when no other source knows them."""
    if persoon.get("Achternaam"):
        family = " ".join(x for x in (persoon.get("Tussenvoegsel"), persoon["Achternaam"]) if x)
        rec = PersonRecord(family=family, given=persoon.get("Roepnaam") or "", initials=persoon.get("Initialen") or "",
                           birth=persoon.get("Geboortedatum") or "", tk_id=tk_id, sources={"rollcall"})
    else:  # only the name as the vote record writes it: "Baarle van, S.R.T." -> "van Baarle"
        family, _, initials = persoon["ActorNaam"].partition(", ")
        parts = family.split(" ")
        prefix = [p for p in parts[1:] if p.islower()]
        rec = PersonRecord(family=" ".join(prefix + [p for p in parts if p not in prefix]), initials=initials,
                           tk_id=tk_id, sources={"rollcall"})
    person = reg.merge(rec)
    if person is rec:  # no other source knew them
        reg.report.add("People known only from the roll calls", f"{person.name() or person.family} ({tk_id})")
    return person


def _kamer_of(day: str) -> str:
    """The installation day of the Kamer sitting on `day`."""
    return max((k for k in INSTALLED if k <= day), default="")


def _days_between(earlier: str, later: str) -> int:
    return (dt.date.fromisoformat(later) - dt.date.fromisoformat(earlier)).days


def _runs(days: list[tuple[str, str]]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Consecutive observations in the same fractie and the same Kamer, with that Kamer."""
    runs: list[tuple[str, list[tuple[str, str]]]] = []
    for day, party in days:
        kamer = _kamer_of(day)
        if runs and runs[-1][0] == kamer and runs[-1][1][-1][1] == party:
            runs[-1][1].append((day, party))
        else:
            runs.append((kamer, [(day, party)]))
    return runs


def _report_changes(reg: Registry, person: PersonRecord, days: list[tuple[str, str]]) -> None:
    for (d1, p1), (d2, p2) in zip(days, days[1:], strict=False):
        if p1 != p2:
            reg.report.add("Changes of fractie seen in the roll calls (the change lies between the two days)",
                           f"{person.name()}: {p1} on {d1}, {p2} on {d2}")


def _horizons(reg: Registry) -> dict[str, str]:
    """The last day each source read so far knows of: an open end vouches up to there only."""
    last: dict[str, str] = {}
    for t in reg.terms:
        for day in (t.start, t.end):
            if day and day > last.get(t.source, ""):
                last[t.source] = day
    return last


def _cut_open_terms(reg: Registry, person: PersonRecord, days: list[tuple[str, str]],
                    horizons: dict[str, str]) -> None:
    """An open-ended party term of another source that an observation contradicts within
    what that source knows (up to its last day) ends at the last observation agreeing with
    it, else at its own start.  A contradiction after the source's last day needs no cut:
    an open end vouches only up to that day (chinakg.resolve)."""
    for term in reg.terms:
        if term.person is not person or term.kind != "party" or term.end or not term.start:
            continue
        later = [(d, p) for d, p in days if d >= term.start]
        against = next((d for d, p in later if p != term.target), None)
        if against is None:
            continue
        agreeing = [d for d, p in later if p == term.target and d < against]
        if against > horizons.get(term.source, ""):
            continue
        term.end = agreeing[-1] if agreeing else term.start
        reg.report.add("Open-ended party terms ended by a roll call that contradicts them",
                       f"{person.name()}: {term.target} from {term.start} ({term.source}, no end given); "
                       f"{against} voting with another fractie; the term now ends {term.end}")
