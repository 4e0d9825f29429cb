"""Reader: the Tweede Kamer's own people and parliamentary-group records (open data, CC0),
`corpus/odata/people/`."""

from __future__ import annotations

from pathlib import Path

from chinakg.names import party_key
from chinakg.refbuild.merge import Registry
from chinakg.refbuild.records import PersonRecord, read_json


def read_tk_people(reg: Registry, shared: Path) -> dict[str, dict]:
    """The groups (fracties) into the registry; the person records by Tweede Kamer id, for
    the other readers to check against before `merge_tk_people` adds them."""
    folder = shared / "corpus/odata/people"
    records: dict[str, dict] = {}
    for name in ("persoon-page-1.json", "active-members-detailed.json"):
        data = read_json(folder / name)
        for row in data["value"] if isinstance(data, dict) else data:
            records[row["Id"]] = row
    for row in read_json(folder / "fractie-page-1.json"):
        party = reg.party(party_key(row["Afkorting"]))
        party.update(tk_id=row["Id"], seats=row.get("AantalZetels"),
                     active=(row.get("DatumActief") or "")[:10],
                     inactive=(row.get("DatumInactief") or "")[:10])
        party["names"].add(row["NaamNL"])
    return records


def merge_tk_people(reg: Registry, tk_people: dict[str, dict]) -> None:
    for row in tk_people.values():
        family = " ".join(x for x in (row.get("Tussenvoegsel"), row.get("Achternaam")) if x)
        reg.merge(PersonRecord(family=family, given=row.get("Roepnaam") or "",
                               initials=row.get("Initialen") or "", birth=row.get("Geboortedatum") or "",
                               tk_id=row["Id"], sources={"tk-people"}))
