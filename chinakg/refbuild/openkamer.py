"""Reader: openkamer (MIT, openkamer contributors), `reference/openkamer/`: persons with
their Wikidata QID, Tweede Kamer and Parlement.com ids (`person.json`), seat and party
memberships with dates up to 2019 (`parliament.json`), cabinets and ministers' posts
(`government.json`)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from chinakg.names import party_key, title_case
from chinakg.refbuild.merge import Registry
from chinakg.refbuild.records import PersonRecord, TermRecord, read_json


def read_openkamer(reg: Registry, shared: Path, tk_people: dict[str, dict]) -> None:
    folder = shared / "reference/openkamer"
    by_pk = _persons(reg, read_json(folder / "person.json"), tk_people)
    parliament = read_json(folder / "parliament.json")
    _memberships(reg, parliament, by_pk, _parties(reg, parliament))
    _government(reg, read_json(folder / "government.json"), by_pk)


def _persons(reg: Registry, rows: list, tk_people: dict[str, dict]) -> dict[int, PersonRecord]:
    persons = [p for p in rows if p["model"] == "person.person"]
    shared_ids = _shared_tk_ids(reg, persons, tk_people)
    by_pk: dict[int, PersonRecord] = {}
    for p in persons:
        f = p["fields"]
        tk_id = f["tk_id"] if f["tk_id"] not in shared_ids else shared_ids[f["tk_id"]].get(p["pk"], "")
        rec = PersonRecord(
            family=" ".join(x for x in (f["surname_prefix"], f["surname"]) if x),
            given=f["forename"], initials=f["initials"], birth=f["birthdate"] or "",
            tk_id=tk_id, qid=f["wikidata_id"], pdc_id=f["parlement_and_politiek_id"],
            openkamer_id=str(p["pk"]), wikipedia=f["wikipedia_url"], sources={"openkamer"})
        by_pk[p["pk"]] = reg.merge(rec)
    return by_pk


def _parties(reg: Registry, parliament: list) -> dict[int, str]:
    """The parties into the registry; openkamer's party pk -> short name."""
    party_names = {}
    for row in parliament:
        f = row["fields"]
        if row["model"] == "parliament.politicalparty":
            key = party_key(f["name_short"] or f["name"])
            party_names[row["pk"]] = key
            party = reg.party(key)
            party["names"].add(f["name"])
            if f["wikidata_id"]:
                party.setdefault("qid", f["wikidata_id"])
    return party_names


def _memberships(reg: Registry, parliament: list, by_pk: dict[int, PersonRecord], parties: dict[int, str]) -> None:
    for row in parliament:
        f = row["fields"]
        if row["model"] == "parliament.parliamentmember" and f["parliament"] == 1:
            reg.terms.append(TermRecord("seat", by_pk[f["person"]], "tweede-kamer",
                                        f["joined"] or "", f["left"] or "", "openkamer"))
        elif row["model"] == "parliament.partymember" and f["person"] in by_pk:
            reg.terms.append(TermRecord("party", by_pk[f["person"]], parties[f["party"]],
                                        f["joined"] or "", f["left"] or "", "openkamer"))


def _shared_tk_ids(reg: Registry, persons: list[dict], tk_people: dict[str, dict]) -> dict[str, dict[int, str]]:
    """openkamer gives some Tweede Kamer ids to two people.  Give the id to the one whose
    birth date matches the Tweede Kamer's own record, to neither when none does."""
    holders: dict[str, list[dict]] = defaultdict(list)
    for p in persons:
        if p["fields"]["tk_id"]:
            holders[p["fields"]["tk_id"]].append(p)
    decided: dict[str, dict[int, str]] = {}
    section = "Tweede Kamer id shared by two people in openkamer"
    for tk_id, ps in holders.items():
        if len(ps) < 2:
            continue
        names = " / ".join(f"{x['fields']['forename']} {x['fields']['surname_prefix']} "
                           f"{x['fields']['surname']} ({x['fields']['birthdate']})".replace("  ", " ")
                           for x in ps)
        official = tk_people.get(tk_id)
        match = [x for x in ps if official and x["fields"]["birthdate"] == official.get("Geboortedatum")]
        if len(match) == 1:
            decided[tk_id] = {match[0]["pk"]: tk_id}
            reg.report.add(section, f"{tk_id}: {names}; given to openkamer pk {match[0]['pk']}, whose birth date "
                           "matches the Tweede Kamer record")
        else:
            decided[tk_id] = {}
            reg.report.add(section, f"{tk_id}: {names}; no Tweede Kamer record decides, given to neither")
    return decided


def _government(reg: Registry, gov: list, by_pk: dict[int, PersonRecord]) -> None:
    cabinets = {r["pk"]: r["fields"] for r in gov if r["model"] == "government.government"}
    reg.cabinets = list(cabinets.values())
    ministries = {r["pk"]: r["fields"]["name"] for r in gov if r["model"] == "government.ministry"}
    positions = {r["pk"]: r["fields"] for r in gov if r["model"] == "government.governmentposition"}
    for r in gov:
        if r["model"] != "government.governmentmember":
            continue
        f = r["fields"]
        pos = positions[f["position"]]
        ministry = ministries.get(pos["ministry"], "")
        title = openkamer_title(pos["position"], ministry, pos["extra_info"])
        if title is None:
            reg.report.add("Offices not taken over", f"openkamer position {pos['position']} "
                           f"({ministry or 'no ministry'}) of {by_pk[f['person']].name()}: "
                           "a minister without portfolio whose office title is not given")
            continue
        reg.terms.append(TermRecord("office", by_pk[f["person"]], title, f["start_date"] or "",
                                    f["end_date"] or "", "openkamer", ministry=ministry,
                                    cabinet=cabinets[pos["government"]]["name"]))


def openkamer_title(code: str, ministry: str, extra: str) -> str | None:
    """The Dutch office title for an openkamer position; None where it cannot be told."""
    if code == "PMI":
        return "Minister-president"
    if code == "SOS" and ministry:
        return f"Staatssecretaris van {title_case(ministry)}"
    if code in ("MIN", "DPM") and ministry:
        return f"Minister van {title_case(ministry)}"
    if code == "MWP" and extra:
        return f"Minister voor {extra}"
    return None
