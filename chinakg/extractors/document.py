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
    offices_of,
    one_line,
    parse_dutch_date,
    session_end,
)
from chinakg.extractors.motion_text import read_motion_text
from chinakg.sources import NormalisedText

NAME = "document-facts"
VERSION = "1"

DOSSIER_LINE = re.compile(r"^(\d{2}) ?(\d{3})(?:[ -]((?:[A-Z]{1,5})|\d{2}))?\s{1,}([A-Z][^\n]{2,})$", re.MULTILINE)
# "Nr. 324 MOTIE VAN HET LID …", "Nr. 1205 Brief van de minister …", "Nr. 376\nVERSLAG VAN EEN NOTAOVERLEG"
NUMBER_LINE = re.compile(r"^\s*Nr\. (\d+)(?:[ \t]+|[ \t]*\n[ \t]*)"
                         r"([A-Z][A-Z0-9 ,.'’-]+(?:\n[A-Z][A-Z0-9 ,.'’-]+)*|[A-Z][a-z][^\n]+)$", re.MULTILINE)
# the header as some sites print it: "35000 V 85 BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN"
COMBINED_LINE = re.compile(r"^(\d{2}) ?(\d{3})(?: ([A-Z]{1,5}|\d{2}))? (\d+) ((?:BRIEF|MOTIE|GEWIJZIGDE|NADER|VERSLAG"
                           r"|LIJST)\b[^\n]*)$", re.MULTILINE)
DEN_HAAG = re.compile(r"Den Haag,\s+" + DUTCH_DATE)
DATE_FIELD = re.compile(r"^Datum[ \t]+" + DUTCH_DATE, re.MULTILINE)  # a ministry's letterhead: "Datum 3 juni 2020"
SUBJECT_FIELD = re.compile(r"^Betreft[ \t]+([^\n]{3,300})$", re.MULTILINE)  # "Betreft Reactie op …"
PROPOSED = re.compile(r"Voorgesteld(?:\s+tijdens\s+[^\n]{0,80}?\s+van)?\s+" + DUTCH_DATE)
ESTABLISHED = re.compile(r"^Vastgesteld\s+" + DUTCH_DATE, re.MULTILINE)
SUBMITTED = re.compile(r"\(ingezonden\s+" + DUTCH_DATE + r"\)")
RECEIVED = re.compile(r"\(ontvangen\s+" + DUTCH_DATE + r"\)")
AANHANGSEL = re.compile(r"Aanhangsel\s+(?:van\s+de\s+)?Handelingen(?:\s+II)?,?\s+(?:vergaderjaar\s+)?(\d{4})[/–-]"
                        r"(\d{4}|\d{2}),\s+nr\.\s+(\d+)")
# the Aanhangsel's own header: "Vergaderjaar 2021-2022 … Aanhangsel van de Handelingen … 3809"
AANHANGSEL_HEADER = re.compile(r"Vergaderjaar\s+(\d{4})[–-](\d{4})\b(?:(?!\n\s*Vragen\s+van).){0,40}?\s+Aanhangsel\b"
                               r"(?:(?!\n\s*Vragen\s+van)[^\d]){0,300}?(?:\n|\s)(\d{1,5})\s*(?:\n|$)", re.DOTALL)
QUESTIONS_TITLE = re.compile(r"^(Vragen van (?:het lid|de leden|leden) .+?)\s*\(ingezonden", re.MULTILINE | re.DOTALL)
INITIALS_NAME = (r"((?:[A-Z][a-z]?\.)+(?:[A-Z]\.)*\s+(?:(?:van|de|der|den|ter|het|in 't)\s+)*[A-Z][\w'-]+"
                 r"(?:-[A-Z][\w'-]+)?)")
ROLE = r"De (?:[Mm]inister-[Pp]resident|[Mm]inister|[Ss]taatssecretaris)\b"
# "De Minister van Buitenlandse Zaken,\nS.A. Blok"; "De minister voor … en\nOntwikkelingssamenwerking,\n…";
# "De Minister-President, Minister van Algemene Zaken,\nM. Rutte"
# (a letterhead's signature block leaves blank lines for the signature itself)
SIGNATURE = re.compile(r"^(" + ROLE + r"[^\n]*(?:\n[^,\n]+)?),[ \t]*\n(?:[ \t]*\n){0,4}[ \t]*" + INITIALS_NAME
                       + r"[ \t]*$", re.MULTILINE)
# on one line: "De Minister van Onderwijs, Cultuur en Wetenschap, I.K. van Engelshoven"
SIGNATURE_LINE = re.compile(r"^(" + ROLE + r"[^\n]*?),[ \t]*"
                            + INITIALS_NAME + r"[ \t]*$", re.MULTILINE)
# "mede namens de Minister van …, de Minister van … en de Minister van …", up to what follows
ON_BEHALF = re.compile(r"[Mm]ede namens\s+((?:de\s+)?(?:[Mm]inisters?|[Ss]taatssecretariss?(?:en)?)\b.*?)"
                       r"(?=\s*\(|\s*[.;:]|,?\s+(?:informeer|bied|deel|zend|stuur|ga|kom|wil|in\s+op|over|als)\b|$)",
                       re.DOTALL)
ON_BEHALF_SPLIT = re.compile(r",?\s+en\s+(?=(?:de\s+)?(?:[Mm]inister|[Ss]taatssecretaris))"
                             r"|,\s+(?=(?:de\s+)?(?:[Mm]inister|[Ss]taatssecretaris))")


def extract_document_facts(text: NormalisedText, trailer_start: int) -> DocumentFacts:
    """`text.body` must be the full normalised text; `trailer_start` is where the page
    footers that were read out of the text start (see chinakg.sources.ParsedText)."""
    body = text.body
    facts = DocumentFacts()
    _header(body, facts)
    _footer(body, trailer_start, facts)
    _aanhangsel(body, facts)
    _signatories(body, facts)
    _on_behalf(body, facts)
    _kind(body, facts)
    _own_headers(body, facts)
    _dates(body, facts)
    if facts.kind and facts.kind.value in ("motion", "amended-motion"):
        read_motion_text(body, facts)
    return facts


def _ev(match: re.Match, group: int | str = 0) -> Evidence:
    return evidence(match, NAME, VERSION, group)


def _header(body: str, facts: DocumentFacts) -> None:
    head = body[:1500]
    if (combined := COMBINED_LINE.search(head)) is not None:
        facts.dossiers.append(Found((combined[1] + combined[2], combined[3], None), _ev(combined)))
        facts.sequence_number = Found(int(combined[4]), _ev(combined, 4))
        facts.title = Found(one_line(combined[5]), _ev(combined, 5))
        number_, suffix, _ = facts.dossiers[0].value
        facts.official_id = Found(kst_id(number_, suffix, combined[4]), _ev(combined))
        return
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
    """The document's date: a letter's "Den Haag, …", a motion's "Voorgesteld …", a report's
    "Vastgesteld …"; questions are dated by "(ingezonden …)", answers by "(ontvangen …)"."""
    facts.date = (_dated(body, DEN_HAAG, facts) or _dated(body, PROPOSED, facts) or _dated(body, ESTABLISHED, facts)
                  or _dated(body[:2000], DATE_FIELD, facts))
    facts.submitted = _dated(body, SUBMITTED, facts)
    facts.received = _dated(body, RECEIVED, facts)
    kind = facts.kind.value if facts.kind else None
    if facts.date is None and kind == "written-questions":
        facts.date = facts.submitted
    elif facts.date is None:
        facts.date = facts.received or (facts.submitted if kind == "answers" else None)


def _aanhangsel(body: str, facts: DocumentFacts) -> None:
    """Answers are published in the Aanhangsel: "Aanhangsel Handelingen, vergaderjaar
    2019-2020, nr. 1234" or its header "Vergaderjaar 2021-2022 … Aanhangsel … 3809"."""
    head = body[:2000]
    t = QUESTIONS_TITLE.search(head)
    if t and facts.title is None:
        facts.title = Found(one_line(t[1]), _ev(t, 1))
    if not t or facts.official_id is not None:
        return
    before = head[:t.start()]  # the Aanhangsel's number precedes the questions' title
    m = AANHANGSEL.search(before) or AANHANGSEL_HEADER.search(before)
    end_year = session_end(m[1], m[2]) if m else None
    if m and end_year:
        facts.official_id = Found(f"ah-tk-{m[1]}{end_year}-{int(m[3])}", _ev(m))
        facts.sequence_number = Found(int(m[3]), _ev(m, 3))
        facts.year = Found(f"{m[1]}-{end_year}", _ev(m))


# written questions: the case number above the questions ("2020Z09101"); a Handelingen item:
# "Handelingen II 2020/21, nr. 59, item 17" above its first speaker
KV_NUMBER = re.compile(r"^[ \t]*(\d{4}Z\d{5})[ \t]*$", re.MULTILINE)
HANDELINGEN_OWN = re.compile(r"\bHandelingen\s+II\s+(\d{4})[/–-](\d{4}|\d{2}),\s+nr\.\s+(\d+),\s+item\s+(\d+)")
FIRST_WORDS = re.compile(r"^(?:Aan de orde is|De voorzitter:|De heer [^\n]{2,60}:|Mevrouw [^\n]{2,60}:)", re.MULTILINE)


def _own_headers(body: str, facts: DocumentFacts) -> None:
    """Ids of written questions and Handelingen items from their own headers; a letterhead's
    "Betreft …" as the title."""
    kind = facts.kind.value if facts.kind else None
    head = body[:1500]
    if facts.official_id is None and kind == "written-questions":
        title = QUESTIONS_TITLE.search(head)
        if title and (m := KV_NUMBER.search(head, 0, title.start())):
            facts.official_id = Found(f"kv-tk-{m[1]}", _ev(m, 1))
    if facts.official_id is None and kind == "handelingen":
        first = FIRST_WORDS.search(head)
        m = HANDELINGEN_OWN.search(head, 0, first.start() if first else 300)
        end_year = session_end(m[1], m[2]) if m else None
        if m and end_year:
            facts.official_id = Found(f"h-tk-{m[1]}{end_year}-{m[3]}-{m[4]}", _ev(m))
    if facts.title is None and (subject := SUBJECT_FIELD.search(head)) is not None:
        facts.title = Found(one_line(subject[1]), _ev(subject, 1))


def _signatories(body: str, facts: DocumentFacts) -> None:
    found = sorted([*SIGNATURE.finditer(body), *SIGNATURE_LINE.finditer(body)], key=lambda m: m.start())
    for position, m in enumerate(found, start=1):
        office = one_line(m[1])[3:]  # drop "De "
        office = office[:1].upper() + office[1:]  # "minister van …" (since 2023) as "Minister van …"
        facts.signatories.append(Found(Signatory(office, one_line(m[2]), position), _ev(m)))


def _on_behalf(body: str, facts: DocumentFacts) -> None:
    """"mede namens de Minister van X, de Minister van Y en de Staatssecretaris van Z":
    one office each; "de Ministers van X en van Y" is two."""
    for m in ON_BEHALF.finditer(body[:3000]):
        start = m.start(1)
        for part in ON_BEHALF_SPLIT.split(m[1]):
            offset = body.index(part, start)
            ev = evidence_at(body, offset, offset + len(part), NAME, VERSION)
            for office in offices_of(one_line(part)):
                facts.on_behalf_of.append(Found(office, ev))
            start = offset + len(part)


#: a title in the Kamerstuk header says what the document is
TITLE_KINDS = (
    (re.compile(r"^(?:NADER\s+)?GEWIJZIGDE\s+MOTIE\b", re.IGNORECASE), "amended-motion"),
    (re.compile(r"^MOTIE\b", re.IGNORECASE), "motion"),
    (re.compile(r"^BRIEF\b", re.IGNORECASE), "letter"),
    (re.compile(r"^(?:VERSLAG|LIJST\s+VAN\s+VRAGEN|LIJST\s+VAN\s+FEITELIJKE\s+VRAGEN)\b", re.IGNORECASE),
     "committee-report"),
)
#: without a header, the formulas of each kind, tried in this order
TEXT_KINDS = (
    ("answers", r"^\s*(?:Antwoord|Mededeling) van (?:de )?(?:[Mm]inister|[Ss]taatssecretaris)"),
    ("answers", r"^[ \t]*•[ \t]*Vraag[ \t]+\d+[ \t]*\n[^\n]+\n[ \t]*\n[ \t]*(?![•\s])(?!Vraag\b)\S"),
    # before the Handelingen: a committee's report of its debate has speakers too
    ("committee-report", r"^De vaste commissies?\b[^\n]{3,300}?\b(?:heeft|hebben)\b[^\n]{0,40}?"
                         r"\b(?:op\s+\d{1,2}\s+\w+\s+\d{4}\s+(?:overleg|een\s+gesprek)|een\s+aantal\s+vragen)"),
    ("handelingen", r"^(?:De voorzitter|(?:De heer|Mevrouw|Minister|Staatssecretaris) [^\n]{2,60}):[ \t]*$"
                    r"|^Aan de orde is (?:de|het)\b"),
    ("written-questions", r"^Vragen van (?:het lid|de leden|leden) "),
    ("amended-motion", r"^(?:NADER\s+)?GEWIJZIGDE MOTIE VAN"),
    ("motion", r"^MOTIE VAN|^De Kamer,\s+gehoord de beraadslaging"),
    ("committee-report", r"^Vastgesteld " + DUTCH_DATE + r"\s*\n\s*De vaste commissie"),
    ("letter", r"BRIEF VAN|^Aan de Voorzitter van de Tweede Kamer|^Den Haag, |^Geachte [Vv]oorzitter"
               r"|\b[Dd]eze brief\b|^Betreft[ \t]"),
)


def _kind(body: str, facts: DocumentFacts) -> None:
    if facts.title is not None:
        for pattern, kind in TITLE_KINDS:
            if pattern.match(facts.title.value):
                facts.kind = Found(kind, facts.title.evidence)
                return
        if facts.sequence_number is not None and facts.dossiers:
            # a Kamerstuk of another kind ("MEMORIE VAN TOELICHTING", "AMENDEMENT", "NOTA NAAR
            # AANLEIDING VAN HET VERSLAG"): its header says what it is, so no kind is guessed
            return
    head = body[:2500]
    for kind, pattern in TEXT_KINDS:
        m = re.search(pattern, head, re.MULTILINE)
        if m:
            facts.kind = Found(kind, _ev(m))
            return
    if facts.signatories:  # a letter without header: signed by a minister at the end
        facts.kind = Found("letter", facts.signatories[0].evidence)
