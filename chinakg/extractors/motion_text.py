"""A motion's own formula, read from text: in a motion published as text (a Kamerstuk
"MOTIE VAN HET LID …") and in the Handelingen, where the motions of a debate are printed
in full ("Motie / De Kamer, / gehoord de beraadslaging, …").

The formula is fixed by the Kamer's rules of order: "De Kamer, gehoord de beraadslaging,"
then considerations ("constaterende dat …", "overwegende dat …", "van mening dat …"),
then the operative clauses ("verzoekt de regering …", "roept de regering op …",
"spreekt uit …"), closed by "en gaat over tot de orde van de dag."  The members who
submit it sign below, one name per line.  An amended motion's title says what it
replaces: "GEWIJZIGDE MOTIE … TER VERVANGING VAN DIE GEDRUKT ONDER NR. 22".
"""

from __future__ import annotations

import re

from chinakg.extractors.base import (
    DocumentFacts,
    Evidence,
    Found,
    Unresolved,
    evidence_at,
    kst_id,
    one_line,
    split_people,
)
from chinakg.names import looks_like_name

NAME = "motion-text"
VERSION = "1"

OPENING = re.compile(r"De Kamer,\s+gehoord de beraadslaging,")
CLOSING = re.compile(r"en gaat over tot de orde van de dag\.?")
CLAUSE_START = re.compile(
    r"^[ \t]*(?:constaterende|overwegende|van\s+mening|voorts|verzoekt|verzoeken|roept|spreekt|draagt|besluit"
    r"|vraagt|appreciërende|veroordeelt|gelet|erkennende|wijst|stelt|betreurt|is\s+van\s+mening|zich\s+bewust"
    r"|en\s+gaat\s+over)\b", re.MULTILINE | re.IGNORECASE)
OPERATIVE = re.compile(r"(?:verzoekt|verzoeken|roept|draagt|spreekt\s+uit|spreekt\s+zich\s+uit|besluit|vraagt)\b",
                       re.IGNORECASE)
# A motion's title, tolerating the slips found in real titles: "MOTIE DE LEDEN …", "MOTIE HET
# LID …", "MOTIE VAN HET EL ABASSI", "MOTIE VAN HE LID …", "MOTIE VAN HET DE LEDEN …".  The
# XML extractor compiles it as written (its titles are in capitals), the text reader
# ignoring case ("Motie van het lid …" on the Tweede Kamer's pages).
TITLE_FORM = (r"^(?P<amended>(?:NADER\s+)?GEWIJZIGDE\s+)?MOTIE\s+(?:VAN\s+)?(?:(?:HET|HE|DE)\s+)*(?:LID|LEDEN)?\s*"
              r"(?P<names>\S.*?)(?P<cs>\s+C\.S\.)?"
              r"(?:\s+TER\s+VERVANGING\s+VAN\s+DIE\s+GEDRUKT\s+ONDER\s+NR\.\s+(?P<replaces>\d+))?\s*$")
TITLE = re.compile(TITLE_FORM, re.IGNORECASE)


def _ev(text: str, start: int, end: int) -> Evidence:
    return evidence_at(text, start, end, NAME, VERSION)


def operative_clauses(text: str, start: int, end: int) -> list[Found[str]]:
    """The operative clauses of the motion formula between `start` and `end` (the text of
    one motion): each from its verb to the next clause, without the closing comma."""
    starts = [m.start() for m in CLAUSE_START.finditer(text, start, end)] + [end]
    found = []
    for i, at in enumerate(starts[:-1]):
        clause = text[at:starts[i + 1]]
        lead = len(clause) - len(clause.lstrip())
        if OPERATIVE.match(clause, lead):
            body = clause.rstrip().rstrip(",;").rstrip()
            found.append(Found(one_line(body), _ev(text, at + lead, at + len(body))))
    return found


def signature_lines(text: str, start: int) -> list[Found[str]]:
    """The names signed below "en gaat over tot de orde van de dag.", one per line, up to
    the first line that is not a name."""
    names = []
    for m in re.finditer(r"[^\n]*\n?", text[start:start + 2000]):
        line = m[0].strip()
        if not line:
            if m[0] == "":
                break
            continue
        if not looks_like_name(line) or line.lower().startswith(("de voorzitter", "tweede kamer", "nr.")):
            break
        at = start + m.start() + m[0].index(line)
        names.append(Found(line.rstrip(".,"), _ev(text, at, at + len(line.rstrip(".,")))))
    return names


def submitters_from_title(names: str, ev: Evidence, facts: DocumentFacts) -> None:
    """No one signed below the motion: its title's names ("DE ROON EN VOORDEWIND"), reported."""
    for name in split_people(names.title()):
        facts.submitters.append(Found(name, ev))
    facts.unresolved.append(Unresolved("person", names, "no signature lines; submitters read from the title", ev))


def read_motion_text(body: str, facts: DocumentFacts) -> None:
    """A motion published as text: its requests, its signatures (the title's names when
    no one signed below) and, for an amended motion, the motion it replaces."""
    opening = OPENING.search(body)
    closing = CLOSING.search(body, opening.end() if opening else 0)
    if opening:
        facts.requests += operative_clauses(body, opening.end(), closing.start() if closing else len(body))
    facts.submitters += signature_lines(body, closing.end()) if closing else []
    t = TITLE.match(facts.title.value) if facts.title else None
    if t and not facts.submitters and facts.title is not None:
        submitters_from_title(t["names"], facts.title.evidence, facts)
    if t and t["replaces"]:
        if facts.dossiers:
            number, suffix, _ = facts.dossiers[0].value
            facts.replaces = Found(kst_id(number, suffix, t["replaces"]), facts.title.evidence)  # type: ignore[union-attr]
        else:
            facts.unresolved.append(Unresolved(
                "document", f"nr. {t['replaces']}", "the amended motion names the number it replaces, but the text "
                "gives no dossier", facts.title.evidence))  # type: ignore[union-attr]
