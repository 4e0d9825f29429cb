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

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from chinakg.extractors.base import (
    DUTCH_DATE,
    AppraisalStatement,
    Citation,
    Evidence,
    Found,
    MotionMention,
    TextFacts,
    Unresolved,
    evidence_at,
    kst_id,
    one_line,
    parse_dutch_date,
    session_end,
    split_people,
)
from chinakg.extractors.motion_text import CLOSING, OPENING, operative_clauses

NAME = "references"
VERSION = "1"

_S = r"\s+"
PREFIX = r"(?:[Vv]an|[Dd]e|[Dd]er|[Dd]en|[Tt]er|[Tt]e|[Hh]et|in\s+'t)"
# "Brekelmans", "Van Ojik", "Jasper van Dijk", "Van der Lee", "Faber-van de Klashorst"
# letters of names: Latin-1 and Latin Extended-A ("Gündoğan", "Öztürk", "Kostić")
UP, LOW = "A-ZÀ-ÖØ-ÞĀ-Ž", "a-zß-öø-ÿā-ž"
PERSON = (rf"(?:[{UP}][{LOW}]+\s+(?=(?:{PREFIX}\s+)*[{UP}][{LOW}]))?(?:{PREFIX}\s+)*"
          rf"[{UP}][{LOW}'’]+(?:-(?:[a-z]+\s+)*[{UP}][{LOW}'’]+)?")
# "Van Ojik, Ploumen en Kuzu", "Van Ojik/Sjoerdsma"
PEOPLE = rf"{PERSON}(?:\s*[,/]\s*{PERSON})*(?:\s+en\s+{PERSON})?"
# "35 207", "35925 V", "21 501-02", "36 410A", "36 600-A"
DOSSIER = r"(\d{2}\s?\d{3})(?:(?:[\s-]|(?=[A-Z]))((?:[A-Z]{1,5}|\d{2}))(?=,))?"
# the chamber and year some cite with: "Kamerstukken II 2019/20, 35 207, nr. 5"
SESSION = r"(?:(?:II|I)\s+)?(?:\d{4}[/–-]\d{2,4},?\s+)?"
# "Kamerstuk 34 775 V, nr. 31", "35 207, nrs. 31 en 32", "nrs. 5, 6 en 7"
KST = rf"(?:Kamerstuk(?:ken)?\s+{SESSION})?{DOSSIER},\s+nrs?\.\s+(\d+(?:(?:\s*,\s*|\s+en\s+)\d+\b(?!\s\d{{3}}))*)"
KST_RE = re.compile(KST)
KST_ANY = re.compile(rf"(?P<bijlage>Bijlage\s+bij\s+)?Kamerstuk(?:ken)?\s+{SESSION}{DOSSIER}"
                     rf"(?:\s+en\s+\d{{2}}\s?\d{{3}})?,"
                     rf"\s+nrs?\.\s+(\d+)(?P<more>(?:\s*(?:,|en)\s+(?:\d+)(?!\s*\d{{3}}))*)")

MOD = r"(?P<mod>(?:[Nn]ader\s+)?[Gg]ewijzigde\s+)?"
MOTION_HEAD = re.compile(
    rf"\b{MOD}[Mm]otie(?P<plural>s)?(?:-|\s*(?:van\s+)?(?:het\s+lid|de\s+[Ll]eden)\s+|\s+)(?P<names>{PEOPLE})"
    rf"(?P<cs>\s+c\.s\.)?(?:\s+mede\s+ingediend\s+door\s+de\s+[Ll]eden\s+(?P<co>{PEOPLE}))?")
# "een motie over het textielconvenant (Kamerstuk 26 485, nr. 225)": no names
NAMELESS_HEAD = re.compile(rf"\b{MOD}[Mm]otie(?P<plural>s)?(?=\s+(?:over|inzake|betreffende|ten\s+aanzien\s+van"
                           r"|met\s+betrekking\s+tot)\b|\s*\((?:Kamerstuk|\d{2}\s?\d{3}))")
# "de motie (Kamerstuk 35 207, nr. 31) van het lid Kuzu", "motie 35 207, nr. 31 van de leden …"
NUMBER_FIRST = re.compile(rf"\b{MOD}[Mm]otie\s+(?:\(\s*(?P<refs>{KST})\s*\)|(?P<bare>{KST}))\s+van\s+"
                          rf"(?:het\s+lid|de\s+[Ll]eden)\s+(?P<names>{PEOPLE})(?P<cs>\s+c\.s\.)?")
# "motie nr. 31", "de motie-Kuzu nr. 31 van …": the dossier is the one the text named just before
MOTION_NR = re.compile(rf"\b{MOD}[Mm]otie(?:-(?P<name>{PERSON}))?\s+(?:met\s+)?(?:het\s+)?(?:nummer|nr\.)\s+"
                       rf"(?P<nr>\d+)\b(?!\s*\()(?:\s+van\s+(?:het\s+lid|de\s+[Ll]eden)\s+(?P<names>{PEOPLE}))?")
# the Handelingen: "Deze motie is voorgesteld door het lid Graus. … Zij krijgt nr. 30 (32563)."
PROPOSED_BY = re.compile(rf"Deze\s+motie\s+is\s+voorgesteld\s+door\s+(?:het\s+lid|de\s+leden)\s+(?P<names>{PEOPLE})"
                         r"(?P<cs>\s+c\.s\.)?\.(?:(?!Deze\s+motie).){0,300}?Zij\s+krijgt\s+nr\.\s+(?P<nr>\d+)\s+"
                         r"\((?P<dossier>\d{2}\s?\d{3})(?:[\s-](?P<suffix>[A-Z]{1,5}|\d{2}))?\)", re.DOTALL)
# between the names and the number: what the motion is about, or when it was submitted
ABOUT = re.compile(r",?\s+(?:over|inzake|betreffende|houdende|ten\s+aanzien\s+van|met\s+betrekking\s+tot|om|die"
                   r"|dat|ingediend|aangenomen|aangehouden|van\s+\d|d\.d\.)\b[^()]{0,400}?"
                   r"(?=\s*\((?:Kamerstuk|\d{2}\s?\d{3}))")
# a clause that names another document: the number after it may be that document's, not the motion's
OTHER_DOCUMENT = re.compile(r"\b(?:brief|brieven|Kamerbrief|verslag|notitie|nota|rapport|antwoorden|beantwoording)\b",
                            re.IGNORECASE)
SUBMITTED_ON = re.compile(r"(?:ingediend|voorgesteld|aangenomen)\b[^()]{0,120}?\b(?:op|van|d\.d\.)\s+" + DUTCH_DATE
                          + r"|^,?\s+(?:van|d\.d\.)\s+" + DUTCH_DATE)
DATED_BEFORE = re.compile(r"\bop\s+" + DUTCH_DATE + r"\s+(?:ingediende|voorgestelde|aangenomen|aangehouden)\s+"
                          r"(?:(?:nader\s+)?gewijzigde\s+)?$")
LIST_MORE = re.compile(rf"(?:,\s+|\s+en\s+)(?:over|inzake|betreffende)\b[^()]{{0,300}}?\s*\((?P<refs>{KST})\)")
BRACKETED_REFS = re.compile(rf"\s*\((?P<refs>{KST}(?:\s+en\s+{KST})*)\)")
BARE_REF = re.compile(rf",?\s+(?P<refs>{KST})")
CONTINUATION = re.compile(rf"\s+en\s+(?P<names>{PEOPLE})(?P<cs>\s+c\.s\.)?\s*\((?P<refs>{KST}(?:\s+en\s+{KST})*)\)")
REQUEST = re.compile(r"\s+(?:(?:die|welke)\s+(?:de\s+regering|het\s+kabinet)\s+)?(?:verzoekt|verzoeken|verzocht)\s+"
                     r"(?:(?:de\s+regering|het\s+kabinet)\s*,?\s*)?"
                     r"(?:«(?P<quoted>[^»]{5,1500})»|(?P<plain>.{5,1500}?)(?:\.(?=\s*\n\s*\n|\s*•|\s+[A-Z]|\s*$)))",
                     re.DOTALL)

APPRAISAL_AFTER = re.compile(
    r"\s+(?:wordt|is)\s+(?:daarom\s+|eveneens\s+|dan\s+ook\s+)?(?P<v>ontraden|overgenomen|ontijdig|overbodig)\b"
    r"|\s+(?:laat|laten)\s+(?:het\s+kabinet|wij|ik)\s+(?:het\s+)?oordeel\s+(?:graag\s+)?aan\s+(?:de|uw)\s+Kamer"
    r"|,?\s+(?:laat|laten)\s+(?:het\s+kabinet|wij|ik)\s+(?:graag\s+)?aan\s+het\s+oordeel\s+van\s+(?:de|uw)\s+Kamer"
    r"|[ \t]+[–-][ \t]+(?P<w>ontraden|oordeel\s+Kamer|overgenomen|ontijdig|overbodig)\b")
# the appraisal letters' label after a motion and its summary: "Appreciatie: ontraden", "Oordeel: Oordeel Kamer"
APPRAISAL_LABEL = re.compile(r"^[ \t]*(?:(?:Kabinets)?[Aa]ppreciatie|Oordeel)(?:\s+van\s+het\s+kabinet)?\s*:\s*"
                             r"(?P<w>[Oo]ntraden|[Oo]ordeel\s+(?:aan\s+de\s+)?[Kk]amer|[Oo]vergenomen|[Oo]ntijdig"
                             r"|[Oo]verbodig)\b", re.MULTILINE)
APPRAISAL_THIS = re.compile(
    r"(?:ontraadt|ontraden)\s+(?:het\s+kabinet|de\s+regering|wij|ik)?\s*(?:deze|de)\s+motie"
    r"|(?:laat|laten)\s+(?:het\s+kabinet|wij|ik)\s+het\s+oordeel\s+over\s+deze\s+motie\s+aan\s+(?:de|uw)\s+Kamer")
APPRAISAL_VALUE = {"ontraden": "Ontraden", "ontraadt": "Ontraden", "overgenomen": "Overgenomen",
                   "ontijdig": "Ontijdig", "overbodig": "Overbodig", "oordeel": "Oordeel Kamer"}
# just before a mention: the text answers that motion
RESPONSE_CUE = re.compile(r"naar\s+aanleiding\s+van|ter\s+uitvoering\s+van|in\s+reactie\s+op|reactie\s+op|reageer"
                          r"|uitvoering\s+(?:van|aan)|\bin\s+op\s+(?:de|uw)\b|\bappreciatie\s+van", re.IGNORECASE)
# in the opening of a letter: the letter answers every motion it names
ANSWERS_ALL = re.compile(r"\bin\s+op\s+de\s+(?:volgende\s+|voorstellen\s+en\s+)?moties\b"
                         r"|\bde\s+volgende\s+(?:\w+\s+)?moties\b|\buitvoering\s+van\s+(?:een\s+aantal\s+|de\s+)?moties\b"
                         r"|moties\b[^.]{0,80}\bvan\s+een\s+appreciatie\s+voorzien", re.IGNORECASE)

HANDELINGEN = re.compile(r"(?<!Aanhangsel )(?<!Aanhangsel\n)Handelingen\s+(?:II|I)\s+(\d{4})[/–-](\d{4}|\d{2}),"
                         r"\s+nr\.\s+(\d+)(?:,\s+item\s+(\d+))?")
AANHANGSEL = re.compile(r"Aanhangsel\s+Handelingen(?:\s+II)?,?\s+(?:vergaderjaar\s+)?(\d{4})[/–-](\d{2,4}),\s+"
                        r"nrs?\.\s+(\d+(?:(?:,\s*|\s+en\s+)\d+)*)")


def _ev(start: int, end: int, text: str) -> Evidence:
    return evidence_at(text, start, end, NAME, VERSION)


def extract_text_facts(text: str, doc_id: str | None = None, body_end: int | None = None,
                       responding: bool = True) -> TextFacts:
    """Everything this module finds in `text`.  `doc_id` keeps a document from citing
    itself; `body_end` is where the body ends (appraisals are only read in the body);
    `responding`: the document can answer the motions it names (a letter; not a report
    or a motion, which only mention them)."""
    facts = TextFacts()
    motion_spans = _motions(text, facts, body_end, responding)
    _appraisals_of_this_motion(text, facts, body_end)
    _kamerstukken(text, facts, motion_spans)
    _handelingen(text, facts)
    _aanhangsel(text, facts)
    facts.citations = [c for c in facts.citations if c.value.target != doc_id]
    return facts


def _refs(refs_text: str, offset: int) -> list[tuple[str, int, int]]:
    """(kst id, start, end) of each number in the references: "nrs. 31 en 32" is two."""
    return [(kst_id(m[1], m[2], n), offset + m.start(), offset + m.end())
            for m in KST_RE.finditer(refs_text) for n in re.findall(r"\d+", m[3])]


@dataclass
class _Named:
    """A motion named in the text, with the groups of numbers that follow its names."""

    start: int
    amended: bool
    groups: list[tuple[list[str], list[tuple[str, int, int]], int]]  # (submitters, refs, end)
    day: dt.date | None = None
    heading: bool = False  # the mention is a heading ("Motie Kuzu 32 735, nr. 293:")


def _motions(text: str, facts: TextFacts, body_end: int | None, responding: bool) -> list[tuple[int, int]]:
    """Motion mentions; returns the spans of the references that belong to motions.
    `responding`: the document is one that answers motions (a letter)."""
    alone, numbered_only = _numbers_alone(text, facts)
    found = _proposed_in_debate(text, facts) + _numbers_first(text) + alone
    taken = _Spans([(n.start, n.groups[-1][2]) for n in found] + numbered_only)
    shorts: list[tuple[re.Match, list[str]]] = []  # "de motie Brekelmans": no number
    for head in MOTION_HEAD.finditer(text):
        if taken.inside(head.start()) or "\n\n" in head[0] or head["names"].split()[-1] in ("Kamer", "Kamer,"):
            continue
        names = split_people(head["names"]) + (split_people(head["co"]) if head["co"] else [])
        mention = _numbered(text, head, names)
        if mention is None:
            shorts.append((head, names))
        else:
            found.append(mention)
    named_spans = _Spans([(n.start, n.groups[-1][2]) for n in found])
    for head in NAMELESS_HEAD.finditer(text):
        if not taken.inside(head.start()) and not named_spans.inside(head.start()):
            if (mention := _numbered(text, head, [])) is not None:
                found.append(mention)
    answers_all = responding and bool(ANSWERS_ALL.search(text, 0, min(len(text), 2500)))
    spans: list[tuple[int, int]] = []
    named = _Earlier()
    ordered = sorted(found, key=lambda n: n.start)
    for i, mention in enumerate(ordered):
        cue = RESPONSE_CUE.search(text, max(0, mention.start - 120), mention.start)
        responds = responding and (answers_all or mention.heading or bool(cue))
        until = ordered[i + 1].start if i + 1 < len(ordered) else len(text)
        spans += _record(text, facts, mention, responds, (body_end, until), named)
    for head, names in shorts:
        _short_mention(text, head, names, named.before(names[0], head.start()) if names else None, facts)
    return spans


class _Spans:
    """Spans of the text, asked whether a position lies in one of them (in log time: a text
    of thousands of mentions must not take quadratic time)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.reach: list[int] = []  # the furthest end of the spans begun so far
        for _, end in ordered:
            self.reach.append(max(end, self.reach[-1] if self.reach else end))

    def inside(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and self.reach[i] > pos


class _Earlier:
    """Motions named with a number, by first submitter: which one a later short mention
    ("de motie Brekelmans") can mean -- none, one, or several (MANY)."""

    MANY = "*"

    def __init__(self) -> None:
        self.by_first: dict[str, tuple[list[int], list[str]]] = {}

    def add(self, pos: int, mention: MotionMention) -> None:
        if not mention.submitters or not mention.motion_id:
            return
        positions, states = self.by_first.setdefault(mention.submitters[0], ([], []))
        last = states[-1] if states else None
        positions.append(pos)
        states.append(mention.motion_id if last in (None, mention.motion_id) else self.MANY)

    def before(self, first: str, pos: int) -> str | None:
        positions, states = self.by_first.get(first, ([], []))
        i = bisect.bisect_left(positions, pos) - 1
        return states[i] if i >= 0 else None


def _numbered(text: str, head: re.Match, names: list[str]) -> _Named | None:
    """The numbers after a motion's names: "(Kamerstuk …)", ", 35 925, nr. 97", after a
    subject or date clause ("over de Oeigoeren in China (Kamerstuk …)"), and the further
    names and numbers of a list."""
    pos, day = head.end(), None
    about = ABOUT.match(text, pos)
    if about and not re.search(r";|\.\s+[A-Z]|\n\s*\n", about[0]) and not OTHER_DOCUMENT.search(about[0]):
        if (d := SUBMITTED_ON.search(about[0])) is not None:
            parts = [g for g in d.groups() if g]
            day = parse_dutch_date(*parts[:3])
        pos = about.end()
    elif not names and not BRACKETED_REFS.match(text, pos):
        return None
    m = BRACKETED_REFS.match(text, pos) or (BARE_REF.match(text, pos) if names else None)
    if m is None:
        return None
    groups = [(names, _refs(m["refs"], m.start("refs")), m.end())]
    pos = m.end()
    more = CONTINUATION if names else LIST_MORE
    while cont := more.match(text, pos):
        people = split_people(cont["names"]) if names else []
        groups.append((people, _refs(cont["refs"], cont.start("refs")), cont.end()))
        pos = cont.end()
    if day is None and (d := DATED_BEFORE.search(text, max(0, head.start() - 80), head.start())) is not None:
        day = parse_dutch_date(d[1], d[2], d[3])
    line_start = text.rfind("\n", 0, head.start()) + 1
    heading = not text[line_start:head.start()].strip() and text[pos:pos + 1] == ":"
    return _Named(head.start(), bool(head["mod"]), groups, day, heading)


def _numbers_first(text: str) -> list[_Named]:
    """"de motie (Kamerstuk 35 207, nr. 31) van het lid Kuzu"."""
    found = []
    for m in NUMBER_FIRST.finditer(text):
        group = "refs" if m["refs"] else "bare"
        found.append(_Named(m.start(), bool(m["mod"]),
                            [(split_people(m["names"]), _refs(m[group], m.start(group)), m.end())]))
    return found


def _numbers_alone(text: str, facts: TextFacts) -> tuple[list[_Named], list[tuple[int, int]]]:
    """"motie nr. 31": in the dossier of the Kamerstuk named last before it in the same
    paragraph; without one, reported as unresolved.  Also returns the span of every such
    mention, resolved or not.  (The references and paragraph breaks are found once and
    looked up by bisection: a text of many mentions must not be scanned once per mention.)"""
    found, spans = [], []
    refs = list(KST_RE.finditer(text))
    ref_ends = [r.end() for r in refs]
    breaks = [b.start() for b in re.finditer(r"\n\n", text)]
    for m in MOTION_NR.finditer(text):
        spans.append(m.span())
        names = split_people(m["names"]) if m["names"] else ([m["name"]] if m["name"] else [])
        i = bisect.bisect_left(breaks, m.start() - 1)  # breaks[i - 1]: the last that ends before the mention
        paragraph = breaks[i - 1] if i > 0 else 0
        j = bisect.bisect_right(ref_ends, m.start()) - 1
        if j < 0 or refs[j].start() < paragraph:
            facts.unresolved.append(Unresolved("motion", one_line(m[0]), "a motion named by its number only, and the "
                                               "text names no dossier before it", _ev(m.start(), m.end(), text)))
            continue
        motion_id = kst_id(refs[j][1], refs[j][2], m["nr"])
        found.append(_Named(m.start(), bool(m["mod"]), [(names, [(motion_id, m.start("nr"), m.end("nr"))], m.end())]))
    return found, spans


def _proposed_in_debate(text: str, facts: TextFacts) -> list[_Named]:
    """The Handelingen print a motion in full, then the chair: "Deze motie is voorgesteld door
    het lid Graus. … Zij krijgt nr. 30 (32563)."  The request is the motion's operative clause."""
    found = []
    for m in PROPOSED_BY.finditer(text):
        motion_id = kst_id(m["dossier"], m["suffix"], m["nr"])
        found.append(_Named(m.start(), False, [(split_people(m["names"]), [(motion_id, m.start("nr"), m.end())],
                                               m.end())]))
    return found


def _record(text: str, facts: TextFacts, named: _Named, responds: bool, limits: tuple[int | None, int],
            earlier: _Earlier) -> list[tuple[int, int]]:
    """A named motion's mentions, citations, request and appraisal; returns the reference spans.
    `limits`: where the body ends (appraisals are read in it only) and where the next motion
    is named (an appraisal label before it belongs to this one)."""
    body_end, until = limits
    spans = []
    for names, all_refs, end in named.groups:
        refs = [r for r in all_refs if not _impossible(r[0], "motion", _ev(r[1], r[2], text), facts)]
        spans += [(start, stop) for _, start, stop in all_refs]
        request = _request(text, end) or (_debated_request(text, named.start) if len(refs) == 1 else None)
        for motion_id, start, stop in refs:
            mention = MotionMention(motion_id, names, named.amended, request if len(refs) == 1 else None,
                                    responds, named.day)
            ev = _ev(named.start, stop if len(named.groups) == 1 else end, text)
            facts.motions.append(Found(mention, ev))
            earlier.add(named.start, mention)
            facts.citations.append(Found(Citation("motion", motion_id, one_line(text[start:stop])),
                                         _ev(start, stop, text)))
        _appraisal(text, facts, named.start, end, refs, body_end, until if len(named.groups) == 1 else end)
    return spans


def _appraisal(text: str, facts: TextFacts, start: int, end: int, refs: list[tuple[str, int, int]],
               body_end: int | None, until: int) -> None:
    """The appraisal the text gives right after the motion ("… wordt ontraden", "– oordeel
    Kamer"), or labelled before the next motion ("Appreciatie: ontraden")."""
    if body_end is not None and end >= body_end:
        return
    appraisal = APPRAISAL_AFTER.match(text, end) or APPRAISAL_LABEL.search(text, end, min(until, end + 3000))
    if appraisal is None:
        return
    said = appraisal.groupdict()
    word = (said.get("v") or said.get("w") or "oordeel").split()[0].lower()
    for motion_id, _, _ in refs:
        facts.appraisals.append(Found(AppraisalStatement(motion_id, APPRAISAL_VALUE[word]),
                                      _ev(start, appraisal.end(), text)))


def _debated_request(text: str, pos: int) -> Found[str] | None:
    """The operative clause of the motion printed just before `pos` (the Handelingen)."""
    if not text.startswith("Deze motie", pos):
        return None
    openings = list(OPENING.finditer(text, max(0, pos - 6000), pos))
    if not openings:
        return None
    opening = openings[-1]
    closing = CLOSING.search(text, opening.end(), pos)
    clauses = operative_clauses(text, opening.end(), closing.start() if closing else pos)
    return clauses[0] if clauses else None


def _request(text: str, pos: int) -> Found[str] | None:
    m = REQUEST.match(text, pos)
    if not m:
        return None
    group = "quoted" if m["quoted"] else "plain"
    return Found(one_line(m[group]), _ev(m.start(group), m.end(group), text))


def _short_mention(text: str, head: re.Match, submitters: list[str], earlier: str | None, facts: TextFacts) -> None:
    """"de motie Brekelmans": the one motion first-submitted by that name named earlier
    (`earlier`: its id, _Earlier.MANY, or None)."""
    if not submitters:
        return
    ev = _ev(head.start(), head.end(), text)
    if head["plural"]:
        facts.unresolved.append(Unresolved("motion", one_line(head[0]), "motions named without their numbers", ev))
        return
    if earlier is not None and earlier != _Earlier.MANY:
        facts.motions.append(Found(MotionMention(earlier, submitters, bool(head["mod"])), ev))
        return
    first = submitters[0]
    reason = (f"several motions first submitted by {first} are named earlier in the text; the mention gives no "
              "number" if earlier else
              f"no motion first submitted by {first} with a number is named earlier in the text")
    facts.unresolved.append(Unresolved("motion", one_line(head[0]), reason, ev))


def _appraisals_of_this_motion(text: str, facts: TextFacts, body_end: int | None) -> None:
    """"ontraadt het kabinet deze motie": the motion the letter answers -- the first motion
    it names, when that mention is a response ("Naar aanleiding van de motie …")."""
    ids = {f.value.motion_id for f in facts.motions if f.value.responds and f.value.motion_id}
    for m in APPRAISAL_THIS.finditer(text, 0, body_end or len(text)):
        value = "Oordeel Kamer" if "oordeel" in m[0].lower() else "Ontraden"
        ev = _ev(m.start(), m.end(), text)
        if len(ids) == 1:
            facts.appraisals.append(Found(AppraisalStatement(next(iter(ids)), value), ev))
        else:
            facts.unresolved.append(Unresolved(
                "motion", one_line(m[0]),
                f"'deze motie' cannot be tied to one motion: the text answers {len(ids)} motions", ev))


def _kamerstukken(text: str, facts: TextFacts, motion_spans: list[tuple[int, int]]) -> None:
    of_motions = _Spans(motion_spans)
    for m in KST_ANY.finditer(text):
        dossier, suffix, first = m[2], m[3], m[4]  # group 1 is "bijlage"
        for n in [first] + re.findall(r"\d+", m["more"] or ""):
            target = kst_id(dossier, suffix, n)
            start = m.start("bijlage") if m["bijlage"] else m.start()
            if of_motions.inside(m.start(2)):
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
        end_year = session_end(m[1], m[2])
        if end_year is None:
            reason = f"'{m[1]}/{m[2]}' is not a parliamentary year (two consecutive years)"
            facts.unresolved.append(Unresolved("document", one_line(m[0]), reason, _ev(m.start(), m.end(), text)))
            continue
        target = f"h-tk-{m[1]}{end_year}-{m[3]}" + (f"-{m[4]}" if m[4] else "")
        facts.citations.append(Found(Citation("handelingen", target, one_line(m[0])), _ev(m.start(), m.end(), text)))


def _aanhangsel(text: str, facts: TextFacts) -> None:
    for m in AANHANGSEL.finditer(text):
        end_year = m[2] if len(m[2]) == 4 else m[1][:2] + m[2]
        for n in re.findall(r"\d+", m[3]):
            facts.citations.append(Found(Citation("aanhangsel", f"ah-tk-{m[1]}{end_year}-{n}", one_line(m[0])),
                                         _ev(m.start(), m.end(), text)))
