"""Motion facts from official publication XML, rendered as text by the XML loader.

Reads the official id (dossier, `begrotingshoofdstuk` or `raadnr`, `ondernummer`), the
dossiers and their titles, the parliamentary year, the title ("MOTIE VAN HET LID …",
"GEWIJZIGDE MOTIE … TER VERVANGING VAN DIE GEDRUKT ONDER NR. …"), the date (`isodatum`,
checked against the date as written), the signatures after "en gaat over tot de orde van
de dag." in their order, the requests ("verzoekt de regering …"), `extref` citations and
the themes and instruments of each paragraph.
"""

from __future__ import annotations

import datetime as dt
import re

from chinakg.errors import InputError
from chinakg.extractors.base import (
    DUTCH_DATE,
    Citation,
    DocumentFacts,
    Evidence,
    Found,
    TextFacts,
    Unresolved,
    evidence_at,
    kst_id,
    parse_dutch_date,
)
from chinakg.extractors.motion_text import TITLE_FORM, submitters_from_title
from chinakg.extractors.running_text import read_running_text
from chinakg.sources import Marked, ParsedXml, RenderedXml

NAME = "motion-xml"
VERSION = "1"

TITLE = re.compile(TITLE_FORM)
OPERATIVE = re.compile(r"^(?:verzoekt|verzoeken|roept|draagt|spreekt\s+uit|spreekt\s+zich\s+uit|besluit|vraagt)\b")
YEAR = re.compile(r"(\d{4})-(\d{4})")


class MotionExtractor:
    name = NAME
    version = VERSION

    def extract(self, parsed: ParsedXml) -> DocumentFacts:
        return extract_motion_facts(parsed.rendered, str(parsed.source.path))


def _ev(r: RenderedXml, start: int, end: int) -> Evidence:
    return evidence_at(r.text, start, end, NAME, VERSION)


def _mark_ev(r: RenderedXml, m: Marked) -> Evidence:
    return _ev(r, m.start, m.end)


def extract_motion_facts(r: RenderedXml, path: str) -> DocumentFacts:
    facts = DocumentFacts()
    title = r.of_kind("title")
    t = TITLE.match(r.quote(title[0])) if title else None
    if t is None:
        kind = ", ".join(r.metadata.get("DC.type", [])) or (r.quote(title[0]) if title else "no title")
        raise InputError(path, f"official XML of a document type this loader does not read ({kind}); "
                         "only motions (MOTIE …) are loaded from XML")
    facts.kind = Found("motion", _mark_ev(r, title[0]))
    facts.title = Found(r.quote(title[0]), _mark_ev(r, title[0]))
    _identity(r, facts, path)
    _date(r, facts)
    _year(r, facts)
    _signatures(r, facts, t, title[0])
    if t["replaces"] and facts.dossiers:
        number, suffix, _ = facts.dossiers[0].value
        target = kst_id(number, suffix, t["replaces"])
        start = title[0].start + t.start("replaces")
        facts.replaces = Found(target, _ev(r, start, start + len(t["replaces"])))
    paragraphs = r.of_kind("paragraph")
    for p in paragraphs:
        if OPERATIVE.match(r.quote(p)):
            facts.requests.append(Found(r.quote(p).rstrip(",;"), _mark_ev(r, p)))
    facts.text = _text_facts(r, paragraphs, facts)
    return facts


def _identity(r: RenderedXml, facts: DocumentFacts, path: str) -> None:
    for m in r.of_kind("dossier"):
        number = m.attrs["number"].replace(" ", "")
        suffix = m.attrs["suffix"].replace(" ", "") or None
        if not re.fullmatch(r"\d{4,6}", number):
            raise InputError(path, f"dossier number '{m.attrs['number']}' is not a Kamerstuk dossier number")
        facts.dossiers.append(Found((number, suffix, m.attrs["title"] or None), _mark_ev(r, m)))
    numbers = r.of_kind("number")
    if not facts.dossiers or not numbers or not numbers[0].attrs["value"].isdigit():
        raise InputError(path, "the motion has no dossier number or no ondernummer, so it has no official id")
    nr = int(numbers[0].attrs["value"])
    facts.sequence_number = Found(nr, _mark_ev(r, numbers[0]))
    number, suffix, _ = facts.dossiers[0].value
    doc_id = kst_id(number, suffix, nr)
    first = facts.dossiers[0].evidence
    facts.official_id = Found(doc_id, _ev(r, first.start, numbers[0].end))
    stated = _meta(r, "DC.identifier")
    if stated and stated.attrs["value"] != doc_id:
        facts.unresolved.append(Unresolved(
            "document", r.quote(stated), f"the metadata names another id than the text ({doc_id})",
            _mark_ev(r, stated)))


def _meta(r: RenderedXml, name: str) -> Marked | None:
    return next((m for m in r.of_kind("meta") if m.attrs["name"] == name), None)


def _date(r: RenderedXml, facts: DocumentFacts) -> None:
    marks = r.of_kind("date")
    if not marks:
        issued = _meta(r, "DCTERMS.issued")
        value = _iso(issued.attrs["value"]) if issued else None
        if issued and value:  # the official record's date of issue
            facts.date = Found(value, _mark_ev(r, issued))
        else:
            facts.unresolved.append(Unresolved("date", "(no datumtekst)", "neither the motion nor its metadata "
                                               "states a date", _ev(r, 0, 1)))
        return
    m = marks[0]
    iso = m.attrs.get("isodatum", "")
    written = re.search(DUTCH_DATE, r.quote(m))
    from_text = parse_dutch_date(*written.groups()) if written else None
    try:
        from_attr = dt.date.fromisoformat(iso) if iso else None
    except ValueError:
        facts.unresolved.append(Unresolved("date", f'isodatum="{iso}"', "not a calendar date", _mark_ev(r, m)))
        from_attr = None
    if from_attr and from_text and from_attr != from_text:
        facts.unresolved.append(Unresolved(
            "date", r.quote(m), f"isodatum {iso} contradicts the date as written", _mark_ev(r, m)))
        return
    value = from_attr or from_text
    if value is not None:
        facts.date = Found(value, _mark_ev(r, m))
    elif written:
        facts.unresolved.append(Unresolved("date", written[0], "not a calendar date", _mark_ev(r, m)))


def _iso(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _year(r: RenderedXml, facts: DocumentFacts) -> None:
    for kind, name in (("year", None), ("meta", "OVERHEIDop.vergaderjaar")):
        for m in r.of_kind(kind):
            if name and m.attrs.get("name") != name:
                continue
            y = YEAR.search(r.quote(m))
            if y and int(y[2]) == int(y[1]) + 1:
                start = m.start + y.start()
                facts.year = Found(y[0], _ev(r, start, start + len(y[0])))
                return


def _signatures(r: RenderedXml, facts: DocumentFacts, t: re.Match, title: Marked) -> None:
    """Submitters in the order they signed; the title's names when there is no signature."""
    signed = r.of_kind("signature")
    if signed:
        for m in signed:  # one name per line; "Boswijk, Bikker" (kst-28684-759) is two
            line = r.quote(m)
            for part in re.finditer(r"[^,]+", line):
                name = part[0].rstrip(".").strip()
                if name:
                    start = m.start + part.start() + (len(part[0]) - len(part[0].lstrip()))
                    facts.submitters.append(Found(name, _ev(r, start, start + len(name))))
        return
    submitters_from_title(t["names"], _ev(r, title.start + t.start("names"), title.start + t.end("names")), facts)


def _text_facts(r: RenderedXml, paragraphs: list[Marked], facts: DocumentFacts) -> TextFacts:
    doc_id = facts.official_id.value if facts.official_id else None
    body_start = paragraphs[0].start if paragraphs else 0
    body_end = paragraphs[-1].end if paragraphs else 0
    paragraph_spans = [(p.start, p.end) for p in paragraphs]
    text_facts = read_running_text(r.text[:body_end], paragraph_spans, doc_id, appraisals_until=0,  # appraises nothing
                                    kind="motion")
    text_facts.citations = [c for c in text_facts.citations if c.evidence.start >= body_start]
    known = {c.value.target for c in text_facts.citations}
    for m in r.of_kind("extref"):
        target = m.attrs["doc"]
        if target not in known and target != doc_id:
            known.add(target)
            kind = "kamerstuk" if target.startswith("kst-") else "other"
            text_facts.citations.append(Found(Citation(kind, target, r.quote(m)), _mark_ev(r, m)))
    return text_facts
