"""Document-level facts from normalised text: kind, official id, dossiers, number,
date, title, signatories and the offices a letter is written on behalf of."""

from __future__ import annotations

import re

from chinakg.extractors.base import (
    DUTCH_DATE,
    DocumentFacts,
    Evidence,
    Found,
    Signatory,
    Unresolved,
    evidence,
    evidence_at,
    kst_id,
    one_line,
    parse_dutch_date,
)
from chinakg.sources import NormalisedText

NAME = "document-facts"
VERSION = "1"

DOSSIER_LINE = re.compile(r"^(\d{2}) ?(\d{3})(?:[ -]((?:[A-Z]{1,5})|\d{2}))?\s{1,}([A-Z][^\n]{2,})$", re.MULTILINE)
NUMBER_LINE = re.compile(r"^\s*Nr\. (\d+)\s+([A-Z][A-Z ,.'-]+(?:\n[A-Z][A-Z ,.'-]+)*)$", re.MULTILINE)
DEN_HAAG = re.compile(r"Den Haag,\s+" + DUTCH_DATE)
PROPOSED = re.compile(r"Voorgesteld(?:\s+tijdens\s+[^\n]{0,80}?\s+van)?\s+" + DUTCH_DATE)
SUBMITTED = re.compile(r"\(ingezonden\s+" + DUTCH_DATE + r"\)")
RECEIVED = re.compile(r"\(ontvangen\s+" + DUTCH_DATE + r"\)")
AANHANGSEL = re.compile(r"Aanhangsel Handelingen,?\s+vergaderjaar\s+(\d{4})[–-](\d{4}),\s+nr\.\s+(\d+)")
QUESTIONS_TITLE = re.compile(r"^(Vragen van (?:het lid|de leden) .+?)\s*\(ingezonden", re.MULTILINE | re.DOTALL)
SIGNATURE = re.compile(
    r"^(De (?:Minister|Staatssecretaris|Minister-president)[^,\n]*(?:\n[^,\n]+)?),[ \t]*\n"
    r"((?:[A-Z][a-z]?\.)+(?:[A-Z]\.)*\s+(?:(?:van|de|der|den|ter|het|in 't)\s+)*[A-Z][\w'-]+(?:-[A-Z][\w'-]+)?)[ \t]*$",
    re.MULTILINE)
ON_BEHALF = re.compile(r"mede namens (de (?:Minister|Staatssecretaris)[^,.;]*?)(?=,|\.| in op| over)")
ON_BEHALF_SPLIT = re.compile(r"\s+en\s+(?=de (?:Minister|Staatssecretaris))")


def extract_document_facts(text: NormalisedText, trailer_start: int) -> DocumentFacts:
    """`text.body` must be the full normalised text; `trailer_start` is where the page
    footers that were read out of the text start (see chinakg.sources.ParsedText)."""
    body = text.body
    facts = DocumentFacts()
    _header(body, facts)
    _footer(body, trailer_start, facts)
    _dates(body, facts)
    _aanhangsel(body, facts)
    _signatories(body, facts)
    _on_behalf(body, facts)
    _kind(body, facts)
    return facts


def _ev(match: re.Match, group: int | str = 0) -> Evidence:
    return evidence(match, NAME, VERSION, group)


def _header(body: str, facts: DocumentFacts) -> None:
    head = body[:1500]
    number = NUMBER_LINE.search(head)
    if number:
        facts.sequence_number = Found(int(number[1]), _ev(number, 1))
        facts.title = Found(one_line(number[2]), _ev(number, 2))
    limit = number.start() if number else 0
    for m in DOSSIER_LINE.finditer(head[:limit]):
        facts.dossiers.append(Found((m[1] + m[2], m[3], one_line(m[4])), _ev(m)))
    if facts.dossiers and facts.sequence_number:
        number_, suffix, _ = facts.dossiers[0].value
        doc_id = kst_id(number_, suffix, facts.sequence_number.value)
        first = facts.dossiers[0].evidence
        end = facts.sequence_number.evidence
        facts.official_id = Found(doc_id, evidence_at(body, first.start, end.end, NAME, VERSION))
    elif facts.sequence_number and not facts.dossiers:
        facts.unresolved.append(Unresolved(
            "document", f"Nr. {facts.sequence_number.value}",
            "the text gives the document's number but not its dossier, so no official id can be formed",
            facts.sequence_number.evidence))


FOOTER_TRAILER = re.compile(r"Tweede Kamer, vergaderjaar (\d{4})[–-](\d{4}), (\d{2} ?\d{3})"
                            r"(?:[ -]([A-Z]+|\d{2}))?, nr\. (\d+)")


def _footer(body: str, trailer_start: int, facts: DocumentFacts) -> None:
    m = FOOTER_TRAILER.search(body, trailer_start)
    if not m:
        return
    facts.year = Found(f"{m[1]}-{m[2]}", _ev(m))
    dossier, suffix, nr = m[3].replace(" ", ""), m[4], int(m[5])
    if not facts.dossiers:
        facts.dossiers.append(Found((dossier, suffix, None), _ev(m)))
    if facts.sequence_number is None:
        facts.sequence_number = Found(nr, _ev(m, 5))
    if facts.official_id is None:
        facts.official_id = Found(kst_id(dossier, suffix, nr), _ev(m))


def _dated(body: str, pattern: re.Pattern, facts: DocumentFacts) -> Found | None:
    m = pattern.search(body)
    if not m:
        return None
    value = parse_dutch_date(m[1], m[2], m[3])
    if value is None:
        facts.unresolved.append(Unresolved("date", m[0], "not a calendar date", _ev(m)))
        return None
    return Found(value, _ev(m))


def _dates(body: str, facts: DocumentFacts) -> None:
    facts.date = _dated(body, DEN_HAAG, facts) or _dated(body, PROPOSED, facts)
    facts.submitted = _dated(body, SUBMITTED, facts)
    facts.received = _dated(body, RECEIVED, facts)
    if facts.date is None and facts.received is not None:
        facts.date = facts.received


def _aanhangsel(body: str, facts: DocumentFacts) -> None:
    m = AANHANGSEL.search(body[:2000])
    if m and QUESTIONS_TITLE.search(body[:2000]):
        facts.official_id = Found(f"ah-tk-{m[1]}{m[2]}-{m[3]}", _ev(m))
        facts.sequence_number = Found(int(m[3]), _ev(m, 3))
        facts.year = Found(f"{m[1]}-{m[2]}", _ev(m))
    t = QUESTIONS_TITLE.search(body[:2000])
    if t and facts.title is None:
        facts.title = Found(one_line(t[1]), _ev(t, 1))


def _signatories(body: str, facts: DocumentFacts) -> None:
    for position, m in enumerate(SIGNATURE.finditer(body), start=1):
        office = one_line(m[1])[3:]  # drop "De "
        facts.signatories.append(Found(Signatory(office, one_line(m[2]), position), _ev(m)))


def _on_behalf(body: str, facts: DocumentFacts) -> None:
    for m in ON_BEHALF.finditer(body[:3000]):
        start = m.start(1)
        for part in ON_BEHALF_SPLIT.split(m[1]):
            offset = body.index(part, start)
            office = one_line(part)[3:]
            facts.on_behalf_of.append(Found(office, evidence_at(body, offset, offset + len(part), NAME, VERSION)))
            start = offset + len(part)


def _kind(body: str, facts: DocumentFacts) -> None:
    head = body[:2500]
    for kind, pattern in (("answers", r"^Antwoord van "), ("written-questions", r"^Vragen van (?:het lid|de leden)"),
                          ("motion", r"^(?:GEWIJZIGDE |NADER GEWIJZIGDE )?MOTIE VAN"),
                          ("letter", r"BRIEF VAN|^Aan de Voorzitter van de Tweede Kamer|^Den Haag, "
                                     r"|\b[Dd]eze brief\b")):
        m = re.search(pattern, head, re.MULTILINE)
        if m:
            facts.kind = Found(kind, _ev(m))
            return
    if facts.signatories:  # a letter without header: signed by a minister at the end
        facts.kind = Found("letter", facts.signatories[0].evidence)
