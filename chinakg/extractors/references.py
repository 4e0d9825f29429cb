"""Facts in running text: motions named, the cabinet's appraisals, citations of other
parliamentary documents, and the parts of written questions and answers.

Motion mentions take every form the documents use:
  "Motie van het lid Brekelmans (Kamerstuk 32 735, nr. 324)"
  "motie van de leden Piri en Jasper van Dijk (Kamerstuk 35 207, nr. 53)"
  "motie Karabulut mede ingediend door de Leden Van Ojik, Ploumen en Kuzu (Kamerstuk …)"
  "Motie Brekelmans en Mulder, 35 925, nr. 97"          (no "Kamerstuk", no brackets)
  "motie van het lid Karabulut c.s. (…)", "gewijzigde"/"nader gewijzigde motie"
  "Moties van het lid Kuzu (Kamerstuk 35 925 V, nr. 48 en Kamerstuk 32 735, nr. 293)"
  "moties van de leden Bisschop en Van Helvert (…) en Voordewind en Van Helvert (…)"
  "de motie Brekelmans" (no number): the motion of that first submitter named earlier,
  when there is exactly one; otherwise reported as unresolved.
"""

from __future__ import annotations

import re

from chinakg.extractors.base import (
    AppraisalStatement,
    Citation,
    Evidence,
    Found,
    MotionMention,
    QuestionPart,
    TextFacts,
    Unresolved,
    evidence_at,
    kst_id,
    one_line,
)

NAME = "references"
VERSION = "1"

_S = r"\s+"
PREFIX = r"(?:[Vv]an|[Dd]e|[Dd]er|[Dd]en|[Tt]er|[Tt]e|[Hh]et|in\s+'t)"
# "Brekelmans", "Van Ojik", "Jasper van Dijk", "Van der Lee", "Faber-van de Klashorst"
PERSON = (rf"(?:[A-Z][a-zà-ÿ]+\s+(?=(?:{PREFIX}\s+)*[A-Z][a-zà-ÿ]))?(?:{PREFIX}\s+)*"
          r"[A-Z][a-zà-ÿ'’]+(?:-(?:[a-z]+\s+)*[A-Z][a-zà-ÿ'’]+)?")
PEOPLE = rf"{PERSON}(?:\s*,\s*{PERSON})*(?:\s+en\s+{PERSON})?"
DOSSIER = r"(\d{2}\s?\d{3})(?:[\s-]((?:[A-Z]{1,5}|\d{2}))(?=,))?"
KST = rf"(?:Kamerstuk(?:ken)?\s+)?{DOSSIER},\s+nrs?\.\s+(\d+)"
KST_RE = re.compile(KST)
KST_ANY = re.compile(rf"(?P<bijlage>Bijlage\s+bij\s+)?Kamerstuk(?:ken)?\s+{DOSSIER},\s+nrs?\.\s+(\d+)"
                     rf"(?P<more>(?:\s*(?:,|en)\s+(?:\d+)(?!\s*\d{{3}}))*)")

MOTION_HEAD = re.compile(
    rf"\b(?P<mod>(?:[Nn]ader\s+)?[Gg]ewijzigde\s+)?[Mm]otie(?P<plural>s)?"
    rf"(?:\s+(?:van\s+)?(?:het\s+lid|de\s+[Ll]eden))?\s+(?P<names>{PEOPLE})(?P<cs>\s+c\.s\.)?"
    rf"(?:\s+mede\s+ingediend\s+door\s+de\s+[Ll]eden\s+(?P<co>{PEOPLE}))?")
BRACKETED_REFS = re.compile(rf"\s*\((?P<refs>{KST}(?:\s+en\s+{KST})*)\)")
BARE_REF = re.compile(rf",\s+(?P<refs>{DOSSIER},\s+nr\.\s+(\d+))")
CONTINUATION = re.compile(rf"\s+en\s+(?P<names>{PEOPLE})(?P<cs>\s+c\.s\.)?\s*\((?P<refs>{KST}(?:\s+en\s+{KST})*)\)")
REQUEST = re.compile(r"\s+(?:verzoekt|verzoeken|verzocht)\s+(?:(?:de\s+regering|het\s+kabinet)\s*,?\s*)?"
                     r"(?:«(?P<quoted>[^»]{5,1500})»|(?P<plain>.{5,1500}?)(?:\.(?=\s*\n\s*\n|\s*•|\s+[A-Z]|\s*$)))",
                     re.DOTALL)

APPRAISAL_AFTER = re.compile(
    r"\s+(?:wordt|is)\s+(?:daarom\s+|eveneens\s+|dan\s+ook\s+)?(?P<v>ontraden|overgenomen|ontijdig|overbodig)\b"
    r"|\s+(?:laat|laten)\s+(?:het\s+kabinet|wij|ik)\s+(?:het\s+)?oordeel\s+(?:graag\s+)?aan\s+(?:de|uw)\s+Kamer")
APPRAISAL_THIS = re.compile(
    r"(?:ontraadt|ontraden)\s+(?:het\s+kabinet|de\s+regering|wij|ik)?\s*(?:deze|de)\s+motie"
    r"|(?:laat|laten)\s+(?:het\s+kabinet|wij|ik)\s+het\s+oordeel\s+over\s+deze\s+motie\s+aan\s+(?:de|uw)\s+Kamer")
APPRAISAL_VALUE = {"ontraden": "Ontraden", "ontraadt": "Ontraden", "overgenomen": "Overgenomen",
                   "ontijdig": "Ontijdig", "overbodig": "Overbodig", "oordeel": "Oordeel Kamer"}
# just before a mention: the text answers that motion
RESPONSE_CUE = re.compile(r"naar\s+aanleiding\s+van|ter\s+uitvoering\s+van|in\s+reactie\s+op", re.IGNORECASE)
# in the opening of a letter: the letter answers every motion it names
ANSWERS_ALL = re.compile(r"\bin\s+op\s+de\s+(?:volgende\s+|voorstellen\s+en\s+)?moties\b"
                         r"|moties\b[^.]{0,80}\bvan\s+een\s+appreciatie\s+voorzien", re.IGNORECASE)

HANDELINGEN = re.compile(r"Handelingen\s+(?:II|I)\s+(\d{4})/(\d{2}),\s+nr\.\s+(\d+)(?:,\s+item\s+(\d+))?")
AANHANGSEL = re.compile(r"Aanhangsel\s+Handelingen(?:\s+II)?,?\s+(?:vergaderjaar\s+)?(\d{4})[/–-](\d{2,4}),\s+"
                        r"nrs?\.\s+(\d+(?:(?:,\s*|\s+en\s+)\d+)*)")
QUESTION_PART = re.compile(r"^(Vraag|Antwoord)\s+(\d{1,3})\s*$", re.MULTILINE)
ASKED_BY = re.compile(r"Vragen\s+van\s+(?:het\s+lid|de\s+leden)\s+(?P<who>.+?)\s+aan\s+"
                      r"(?P<to>(?:de\s+)?(?:Minister|Staatssecretaris).+?)"
                      r"\s+over\s", re.DOTALL)
ASKER = re.compile(rf"(?P<name>{PERSON})(?:\s*\((?P<party>[^)]+)\))?")
ANSWERED_BY = re.compile(r"(?:Antwoord\s+van|en\s+van)\s+(?:de\s+)?"
                         r"(?P<role>[Mm]inister(?:-president)?|[Ss]taatssecretaris)\s+"
                         rf"(?P<name>{PERSON})\s*\((?P<office>[^)]+)\)")


def _ev(start: int, end: int, text: str) -> Evidence:
    return evidence_at(text, start, end, NAME, VERSION)


def split_people(names: str) -> list[str]:
    parts = re.split(r"\s*,\s*|\s+en\s+", one_line(names))
    return [p for p in parts if p]


def extract_text_facts(text: str, doc_id: str | None = None, body_end: int | None = None) -> TextFacts:
    """Everything this module finds in `text`.  `doc_id` keeps a document from citing
    itself; `body_end` is where the body ends (appraisals are only read in the body)."""
    facts = TextFacts()
    motion_spans = _motions(text, facts, body_end)
    _appraisals_of_this_motion(text, facts, body_end)
    _kamerstukken(text, facts, motion_spans)
    _handelingen(text, facts)
    _aanhangsel(text, facts)
    facts.citations = [c for c in facts.citations if c.value.target != doc_id]
    _questions(text, facts)
    return facts


def _refs(refs_text: str, offset: int) -> list[tuple[str, int, int]]:
    return [(kst_id(m[1], m[2], m[3]), offset + m.start(), offset + m.end()) for m in KST_RE.finditer(refs_text)]


def _motions(text: str, facts: TextFacts, body_end: int | None) -> list[tuple[int, int]]:
    """Motion mentions; returns the spans of the references that belong to motions."""
    spans: list[tuple[int, int]] = []
    named: list[MotionMention] = []  # mentions with an id, in order, for short mentions later
    answers_all = bool(ANSWERS_ALL.search(text, 0, min(len(text), 2500)))
    for head in MOTION_HEAD.finditer(text):
        responding = answers_all or bool(RESPONSE_CUE.search(text, max(0, head.start() - 120), head.start()))
        submitters = split_people(head["names"]) + (split_people(head["co"]) if head["co"] else [])
        amended = bool(head["mod"])
        pos = head.end()
        groups: list[tuple[list[str], list[tuple[str, int, int]], int]] = []
        if (m := BRACKETED_REFS.match(text, pos)) or (m := BARE_REF.match(text, pos)):
            groups.append((submitters, _refs(m["refs"], m.start("refs")), m.end()))
            pos = m.end()
            while cont := CONTINUATION.match(text, pos):
                groups.append((split_people(cont["names"]), _refs(cont["refs"], cont.start("refs")), cont.end()))
                pos = cont.end()
        if not groups:
            _short_mention(text, head, submitters, named, facts)
            continue
        for names, all_refs, end in groups:
            refs = [r for r in all_refs if not _impossible(r[0], "motion", _ev(r[1], r[2], text), facts)]
            spans += [(start, stop) for _, start, stop in all_refs]
            request = _request(text, end)
            for motion_id, start, stop in refs:
                mention = MotionMention(motion_id, names, amended, request if len(refs) == 1 else None)
                ev = _ev(head.start(), stop if len(groups) == 1 else end, text)
                facts.motions.append(Found(mention, ev))
                named.append(mention)
                facts.citations.append(Found(Citation("motion", motion_id, one_line(text[start:stop])),
                                             _ev(start, stop, text)))
                mention.responds = responding
            appraisal = APPRAISAL_AFTER.match(text, end)
            if appraisal and (body_end is None or end < body_end):
                value = APPRAISAL_VALUE[(appraisal["v"] or "oordeel").lower()]
                for motion_id, _, _ in refs:
                    facts.appraisals.append(Found(AppraisalStatement(motion_id, value),
                                                  _ev(head.start(), appraisal.end(), text)))
    return spans


def _request(text: str, pos: int) -> Found[str] | None:
    m = REQUEST.match(text, pos)
    if not m:
        return None
    group = "quoted" if m["quoted"] else "plain"
    return Found(one_line(m[group]), _ev(m.start(group), m.end(group), text))


def _short_mention(text: str, head: re.Match, submitters: list[str], named: list[MotionMention],
                   facts: TextFacts) -> None:
    """"de motie Brekelmans": the one motion first-submitted by that name, named earlier."""
    if head["plural"] or not submitters:
        return
    first = submitters[0]
    earlier = {m.motion_id for m in named if m.submitters and m.submitters[0] == first and m.motion_id}
    ev = _ev(head.start(), head.end(), text)
    if len(earlier) == 1:
        motion_id = next(iter(earlier))
        facts.motions.append(Found(MotionMention(motion_id, submitters, bool(head["mod"])), ev))
        return
    reason = (f"{len(earlier)} motions first submitted by {first} are named earlier in the text; "
              "the mention gives no number" if earlier else
              f"no motion first submitted by {first} with a number is named earlier in the text")
    facts.unresolved.append(Unresolved("motion", one_line(head[0]), reason, ev))


def _appraisals_of_this_motion(text: str, facts: TextFacts, body_end: int | None) -> None:
    """"ontraadt het kabinet deze motie": the motion the letter answers -- the first motion
    it names, when that mention is a response ("Naar aanleiding van de motie …")."""
    for m in APPRAISAL_THIS.finditer(text, 0, body_end or len(text)):
        responses = [f for f in facts.motions if f.value.responds and f.value.motion_id]
        value = "Oordeel Kamer" if "oordeel" in m[0].lower() else "Ontraden"
        ev = _ev(m.start(), m.end(), text)
        ids = {f.value.motion_id for f in responses}
        if len(ids) == 1:
            facts.appraisals.append(Found(AppraisalStatement(next(iter(ids)), value), ev))
        else:
            facts.unresolved.append(Unresolved(
                "motion", one_line(m[0]),
                f"'deze motie' cannot be tied to one motion: the text answers {len(ids)} motions", ev))


def _kamerstukken(text: str, facts: TextFacts, motion_spans: list[tuple[int, int]]) -> None:
    for m in KST_ANY.finditer(text):
        dossier, suffix, first = m[2], m[3], m[4]  # group 1 is "bijlage"
        for n in [first] + re.findall(r"\d+", m["more"] or ""):
            target = kst_id(dossier, suffix, n)
            start = m.start("bijlage") if m["bijlage"] else m.start()
            if any(s <= m.start(2) < e for s, e in motion_spans):
                continue
            if _impossible(target, "document", _ev(start, m.end(), text), facts):
                continue
            kind = "other" if m["bijlage"] else "kamerstuk"
            facts.citations.append(Found(Citation(kind, target, one_line(m[0])), _ev(start, m.end(), text)))


#: the highest document number (ondernummer) taken as real: the largest dossiers (19 637,
#: 21 501-02) hold a few thousand documents, none near ten thousand
MAX_DOCUMENT_NUMBER = 9999


def _impossible(target: str, kind: str, ev: Evidence, facts: TextFacts) -> bool:
    """A reference to document number 0 or beyond MAX_DOCUMENT_NUMBER is recorded as
    unresolved instead of becoming a citation of a document that cannot exist."""
    number = int(target.rsplit("-", 1)[1])
    if 1 <= number <= MAX_DOCUMENT_NUMBER:
        return False
    facts.unresolved.append(Unresolved(kind, ev.quote, f"impossible document number {number} (Kamerstuk numbers "
                                                       f"run from 1 to {MAX_DOCUMENT_NUMBER})", ev))
    return True


def _handelingen(text: str, facts: TextFacts) -> None:
    for m in HANDELINGEN.finditer(text):
        first = int(m[1])
        if int(m[2]) != (first + 1) % 100:  # "2019/20" and "1999/00"; "2019/23" is no session
            reason = f"'{m[1]}/{m[2]}' is not a parliamentary year (two consecutive years)"
            facts.unresolved.append(Unresolved("document", one_line(m[0]), reason, _ev(m.start(), m.end(), text)))
            continue
        years = f"{first}{first + 1}"
        target = f"h-tk-{years}-{m[3]}" + (f"-{m[4]}" if m[4] else "")
        facts.citations.append(Found(Citation("handelingen", target, one_line(m[0])), _ev(m.start(), m.end(), text)))


def _aanhangsel(text: str, facts: TextFacts) -> None:
    for m in AANHANGSEL.finditer(text):
        end_year = m[2] if len(m[2]) == 4 else m[1][:2] + m[2]
        for n in re.findall(r"\d+", m[3]):
            facts.citations.append(Found(Citation("aanhangsel", f"ah-tk-{m[1]}{end_year}-{n}", one_line(m[0])),
                                         _ev(m.start(), m.end(), text)))


def _questions(text: str, facts: TextFacts) -> None:
    heads = list(QUESTION_PART.finditer(text))
    for i, m in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else _part_end(text, m.end())
        body = text[m.end():end].strip()
        start = text.index(body, m.end()) if body else m.end()
        role = "question" if m[1] == "Vraag" else "answer"
        facts.parts.append(Found(QuestionPart(role, int(m[2]), one_line(body)),
                                 _ev(m.start(), start + len(body), text)))
    if not heads:
        return
    asked = ASKED_BY.search(text, 0, heads[0].start())
    if asked:
        for a in ASKER.finditer(asked["who"]):
            if a["name"] in ("en",):
                continue
            s = asked.start("who") + a.start()
            facts.asked_by.append(Found((one_line(a["name"]), a["party"]), _ev(s, asked.start("who") + a.end(), text)))
        facts.addressed_to += _offices(text, asked.start("to"), asked.end("to"))
    for a in ANSWERED_BY.finditer(text, 0, heads[0].start()):
        office = f"{a['role'].capitalize()} van {one_line(a['office'])}"
        facts.answered_by.append(Found((office, one_line(a["name"])), _ev(a.start(), a.end(), text)))


def _part_end(text: str, start: int) -> int:
    """The last answer runs to the signature, footers or end of the body."""
    m = re.search(r"\n(?:Tweede Kamer, vergaderjaar|De (?:Minister|Staatssecretaris))", text[start:])
    return start + m.start() if m else len(text)


def _offices(text: str, start: int, end: int) -> list[Found[str]]:
    """"de Ministers van Buitenlandse Zaken en voor Buitenlandse Handel en
    Ontwikkelingssamenwerking" -> two offices."""
    written = one_line(text[start:end])
    m = re.match(r"(?:de\s+)?(Ministers?|Staatssecretariss?en|Staatssecretaris)\s+(.*)", written)
    if not m:
        return []
    role = "Staatssecretaris" if m[1].startswith("Staats") else "Minister"
    parts = re.split(r"\s+en\s+(?=(?:van|voor)\s)", m[2])
    ev = _ev(start, end, text)
    return [Found(f"{role} {p.strip()}", ev) for p in parts]
