"""Reader: ParlaMint-NL's list of persons (CC BY 4.0, CLARIN ERIC),
`reference/parlamint-nl/ParlaMint-NL-listPerson.xml`: people in the debates of 2014–2022,
their party memberships, seats and minister and state-secretary posts with dates."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from chinakg.errors import InputError
from chinakg.names import party_key
from chinakg.refbuild.merge import Registry
from chinakg.refbuild.records import PersonRecord, TermRecord

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

MINISTRY_ABBREVIATIONS = {
    "BZ": "Buitenlandse Zaken", "VWS": "Volksgezondheid, Welzijn en Sport",
    "EZK": "Economische Zaken en Klimaat", "JENV": "Justitie en Veiligheid",
    "IENW": "Infrastructuur en Waterstaat", "FIN": "Financiën", "DEF": "Defensie",
    "SZW": "Sociale Zaken en Werkgelegenheid", "BZK": "Binnenlandse Zaken en Koninkrijksrelaties",
    "OCW": "Onderwijs, Cultuur en Wetenschap", "LNV": "Landbouw, Natuur en Voedselkwaliteit",
    "AZ": "Algemene Zaken",
}


def read_parlamint(reg: Registry, shared: Path) -> None:
    path = shared / "reference/parlamint-nl/ParlaMint-NL-listPerson.xml"
    try:
        root = etree.parse(str(path)).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        raise InputError(str(path), f"cannot parse: {exc}") from exc
    for el in root.iter(f"{TEI}person"):
        surname = el.findtext(f"{TEI}persName/{TEI}surname") or ""
        forename = el.findtext(f"{TEI}persName/{TEI}forename") or ""
        birth = el.find(f"{TEI}birth")
        wiki = next((i.text for i in el.iter(f"{TEI}idno") if i.get("subtype") == "wikimedia"), "")
        rec = reg.merge(PersonRecord(
            family=surname, given=forename, birth=birth.get("when", "") if birth is not None else "",
            parlamint_id=el.get(XML_ID), wikipedia=wiki or "", sources={"parlamint"}))
        for aff in el.iter(f"{TEI}affiliation"):
            term = _affiliation(rec, aff)
            if term is not None:
                reg.terms.append(term)


def _affiliation(rec: PersonRecord, aff: etree._Element) -> TermRecord | None:
    """A party membership, a seat or an office; None for other affiliations."""
    ref, role = aff.get("ref", ""), aff.get("role", "")
    start, end = aff.get("from", ""), aff.get("to", "")
    if ref.startswith("#party.") and role == "member":
        return TermRecord("party", rec, party_key(ref[len("#party."):]), start, end, "parlamint")
    if ref in ("#TK", "#EK") and role == "member":
        chamber = "tweede-kamer" if ref == "#TK" else "eerste-kamer"
        return TermRecord("seat", rec, chamber, start, end, "parlamint")
    ministry = MINISTRY_ABBREVIATIONS.get(ref[len("#ministry."):], "") if ref.startswith("#ministry.") else ""
    if ref.startswith("#ministry.") and role == "head":
        title = aff.findtext(f"{TEI}roleName[@{{http://www.w3.org/XML/1998/namespace}}lang='nl']")
        return TermRecord("office", rec, title, start, end, "parlamint", ministry=ministry) if title else None
    if ref.startswith("#ministry.") and role == "secretaryOfState" and ministry:
        return TermRecord("office", rec, f"Staatssecretaris van {ministry}", start, end, "parlamint",
                          ministry=ministry)
    return None
