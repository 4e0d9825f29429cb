"""Reader: the roll-call vote of 14 December 2023 (Tweede Kamer open data, CC0),
`reference/tk-rollcall/`: every member who voted that day, with their fractie."""

from __future__ import annotations

from pathlib import Path

from chinakg.names import party_key
from chinakg.refbuild.merge import Registry
from chinakg.refbuild.records import PersonRecord, TermRecord, read_json

# The Kamer elected on 22 November 2023 was installed on 6 December 2023; every member in
# the roll call of 14 December 2023 sat from that day.
ROLLCALL_TERM_START = "2023-12-06"


def read_rollcall(reg: Registry, shared: Path) -> None:
    folder = shared / "reference/tk-rollcall"
    seen: dict[str, dict] = {}
    for path in sorted(folder.glob("*.json")):
        for row in read_json(path)["value"]:
            if row.get("Persoon_Id"):
                seen[row["Persoon_Id"]] = row
    for tk_id, row in sorted(seen.items()):
        family, _, initials = row["ActorNaam"].partition(", ")
        parts = family.split(" ")  # "Baarle van" -> "van Baarle"
        prefix = [p for p in parts[1:] if p.islower()]
        family = " ".join(prefix + [p for p in parts if p not in prefix])
        person = reg.find(PersonRecord(family=family, tk_id=tk_id))
        if person is None:
            person = reg.merge(PersonRecord(family=family, initials=initials, tk_id=tk_id, sources={"rollcall"}))
            reg.report.add("People known only from the roll call of 14 December 2023",
                           f"{row['ActorNaam']} ({row['ActorFractie']}, {tk_id})")
        person.sources.add("rollcall")
        key = party_key(row["ActorFractie"])
        reg.party(key).setdefault("tk_id", row["Fractie_Id"])
        reg.terms.append(TermRecord("party", person, key, ROLLCALL_TERM_START, "", "rollcall"))
        reg.terms.append(TermRecord("seat", person, "tweede-kamer", ROLLCALL_TERM_START, "", "rollcall"))
