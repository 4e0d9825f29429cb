"""Written questions (Kamervragen) and the government's answers: who asked, with their
party; whom they asked; who answered; and the numbered questions and answers.

The official form opens "Vragen van het lid X (Partij) aan de Minister van … over …
(ingezonden <date>)", or "… van de leden X (P) en Y (Q) …", or with one party for all
askers: "… van de leden X en Y (beiden CDA)", "… X, Y en Z (allen PVV)".  The answers
add "Antwoord van Minister X (Ministerie), mede namens … (ontvangen <date>)".

The numbered parts take the forms the official site and its mirrors print:
"Vraag 1" / "Antwoord 1" on lines of their own; " • Vraag 1" with the question on the next
line and the answer in the paragraphs after it (openkamer); " 1. Heeft u …" (the number
before the question on one line); or a bare "1" on a line of its own, numbered in order.
"""

from __future__ import annotations

import re

from chinakg.extractors.base import Evidence, Found, QuestionPart, TextFacts, evidence_at, offices_of, one_line
from chinakg.extractors.references import PERSON

NAME = "questions"
VERSION = "1"

ASKED_BY = re.compile(r"Vragen\s+van\s+(?:het\s+lid|de\s+leden|leden)\s+(?P<who>.+?)\s+aan\s+"
                      r"(?P<to>(?:de\s+)?(?:[Mm]inister|[Ss]taatssecretaris).+?)\s+over\s", re.DOTALL)
ASKER = re.compile(rf"(?P<name>{PERSON})(?:\s*\((?P<party>[^)]+)\))?")
SHARED_PARTY = re.compile(r"^(?:beiden|allen|alle\s+drie|allebei)\s+(.+)$", re.IGNORECASE)
ANSWERED_BY = re.compile(r"(?:(?:Antwoord|Mededeling)\s+van|,?\s+en(?:\s+van)?|,\s+van)\s+(?:de\s+)?"
                         r"(?P<role>[Mm]inister(?:-president)?|[Ss]taatssecretaris)\s+"
                         rf"(?P<name>{PERSON})\s*\((?P<office>[^)]+)\)")
# "Vraag 1", "Antwoord 1", " • Vraag 1" on a line of their own
LABELLED = re.compile(r"^[ \t]*(?:•[ \t]*)?(Vraag|Antwoord)[ \t]+(\d{1,3})[ \t]*$", re.MULTILINE)
BULLET = re.compile(r"^[ \t]*•[ \t]*Vraag[ \t]+\d", re.MULTILINE)
INLINE = re.compile(r"^[ \t]*(\d{1,3})\.[ \t]+(?=\S)", re.MULTILINE)  # " 1. Heeft u …"
BARE = re.compile(r"^[ \t]*(\d{1,3})[ \t]*$", re.MULTILINE)  # "1" alone on its line


def _ev(text: str, start: int, end: int) -> Evidence:
    return evidence_at(text, start, end, NAME, VERSION)


def read_questions(text: str, facts: TextFacts, numbered_forms: bool) -> None:
    """Askers, addressees, answerers and numbered parts.  `numbered_forms`: the document is
    written questions or answers, so " 1. …" and a bare "1" are read as question numbers
    too (elsewhere they are lists and page numbers)."""
    heads = _heads(text, numbered_forms)
    limit = heads[0][0] if heads else min(len(text), 3000)
    _askers(text, facts, limit)
    for a in ANSWERED_BY.finditer(text, 0, limit):
        office = f"{a['role'][:1].upper()}{a['role'][1:].lower()} van {one_line(a['office'])}"
        facts.answered_by.append(Found((office, one_line(a["name"])), _ev(text, a.start(), a.end())))
    _parts(text, facts, heads)


def _askers(text: str, facts: TextFacts, limit: int) -> None:
    asked = ASKED_BY.search(text, 0, limit)
    if not asked:
        return
    found = [a for a in ASKER.finditer(asked["who"]) if a["name"] != "en"]
    shared = None
    if found and found[-1]["party"] and (s := SHARED_PARTY.match(found[-1]["party"].strip())):
        shared = s[1].strip()
    for a in found:
        party = shared or (a["party"].strip() if a["party"] else None)
        start = asked.start("who") + a.start()
        facts.asked_by.append(Found((one_line(a["name"]), party), _ev(text, start, asked.start("who") + a.end())))
    ev = _ev(text, asked.start("to"), asked.end("to"))
    for part in re.split(r",?\s+en\s+(?=de\s+(?:[Mm]inister|[Ss]taatssecretaris))",
                         one_line(asked["to"])):
        facts.addressed_to += [Found(office, ev) for office in offices_of(part)]


def _heads(text: str, numbered_forms: bool) -> list[tuple[int, int, str, int]]:
    """(start, end, role, number) of each numbered part's head, in order."""
    labelled = [(m.start(), m.end(), "question" if m[1] == "Vraag" else "answer", int(m[2]))
                for m in LABELLED.finditer(text)]
    if labelled or not numbered_forms:
        return labelled
    for pattern in (INLINE, BARE):
        heads, expected = [], 1
        for m in pattern.finditer(text):
            if int(m[1]) == expected:
                heads.append((m.start(), m.end(), "question", expected))
                expected += 1
        if len(heads) >= 2:
            return heads
    return []


def _parts(text: str, facts: TextFacts, heads: list[tuple[int, int, str, int]]) -> None:
    bullets = bool(BULLET.search(text))
    for i, (start, end, role, number) in enumerate(heads):
        stop = heads[i + 1][0] if i + 1 < len(heads) else _part_end(text, end)
        block = text[end:stop]
        if bullets and role == "question":  # the question's line, then the answer's paragraphs
            first = re.match(r"\s*[^\n]+", block)
            if first is not None:
                _add(text, facts, "question", number, start, end + first.end(), end)
                if block[first.end():].strip():
                    _add(text, facts, "answer", number, end + first.end(), stop, end + first.end())
                continue
        _add(text, facts, role, number, start, stop, end)


def _add(text: str, facts: TextFacts, role: str, number: int, head: int, stop: int, body_from: int) -> None:
    body = text[body_from:stop].strip()
    if not body:
        return
    start = text.index(body, body_from)
    facts.parts.append(Found(QuestionPart(role, number, one_line(body)), _ev(text, head, start + len(body))))


def _part_end(text: str, start: int) -> int:
    """The last answer runs to the signature, footers or end of the body."""
    m = re.search(r"\n(?:Tweede Kamer, vergaderjaar|De (?:Minister|Staatssecretaris))", text[start:])
    return start + m.start() if m else len(text)
