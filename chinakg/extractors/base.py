"""What every extractor returns: values with the evidence they were read from."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")

MONTHS = {m: i + 1 for i, m in enumerate(
    ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
     "november", "december"])}
DUTCH_DATE = (r"(\d{1,2})\s+(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november"
              r"|december)\s+(\d{4})")


@dataclass(frozen=True)
class Evidence:
    start: int
    end: int
    quote: str
    extractor: str
    version: str


@dataclass(frozen=True)
class Found(Generic[T]):
    value: T
    evidence: Evidence


@dataclass(frozen=True)
class Unresolved:
    kind: str  # person, office, party, date, document, motion
    text: str
    reason: str
    evidence: Evidence


@dataclass
class Signatory:
    office: str  # as written, without "De " ("Minister voor Buitenlandse Handel ...")
    name: str  # as written ("S.A.M. Kaag")
    position: int


@dataclass
class DocumentFacts:
    kind: Found[str] | None = None  # letter, answers, written-questions, motion
    official_id: Found[str] | None = None
    dossiers: list[Found[tuple[str, str | None, str | None]]] = field(default_factory=list)
    sequence_number: Found[int] | None = None
    year: Found[str] | None = None
    date: Found[dt.date] | None = None
    submitted: Found[dt.date] | None = None
    received: Found[dt.date] | None = None
    title: Found[str] | None = None
    signatories: list[Found[Signatory]] = field(default_factory=list)
    on_behalf_of: list[Found[str]] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)
    # motions: who signed (names as written, in order), what they ask, what they replace
    submitters: list[Found[str]] = field(default_factory=list)
    requests: list[Found[str]] = field(default_factory=list)
    replaces: Found[str] | None = None
    text: TextFacts | None = None


def evidence(match: re.Match, name: str, version: str, group: int | str = 0) -> Evidence:
    return Evidence(match.start(group), match.end(group), match.group(group), name, version)


def evidence_at(text: str, start: int, end: int, name: str, version: str) -> Evidence:
    """Evidence for the span start..end of `text`, quoting it."""
    return Evidence(start, end, text[start:end], name, version)


def kst_id(dossier: str, suffix: str | None, number: str | int) -> str:
    """The official id of a Kamerstuk: kst-<dossier>[-<suffix>]-<nr> ("35 925", "V", 48 -> kst-35925-V-48)."""
    return f"kst-{dossier.replace(' ', '')}" + (f"-{suffix}" if suffix else "") + f"-{int(number)}"


def parse_dutch_date(day: str, month: str, year: str) -> dt.date | None:
    """A real calendar date, or None ("31 februari 2020")."""
    try:
        return dt.date(int(year), MONTHS[month.lower()], int(day))
    except (ValueError, KeyError):
        return None


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def session_end(first: str, second: str) -> int | None:
    """The closing year of a parliamentary session written "2019/20", "2019–2020" or
    "1999/00": the year after `first`, or None when `second` is not that year ("2019/23")."""
    end = int(first) + 1
    return end if int(second) == (end if len(second) == 4 else end % 100) else None


def offices_of(written: str) -> list[str]:
    """"de Ministers van A en van B" -> ["Minister van A", "Minister van B"]."""
    m = re.match(r"(?:de\s+)?([Mm]inisters?|[Ss]taatssecretariss?(?:en)?)\s+(.*)", written)
    if not m:
        return []
    role = "Staatssecretaris" if m[1].lower().startswith("staats") else "Minister"
    parts = re.split(r",?\s+en\s+(?=(?:van|voor)\s)|,\s+(?=(?:van|voor)\s)", m[2]) if m[1].lower() in (
        "ministers", "staatssecretarissen") else [m[2]]
    return [f"{role} {p.strip()}" for p in parts if p.strip()]


def split_people(names: str) -> list[str]:
    """"Van Ojik, Ploumen en Kuzu" -> ["Van Ojik", "Ploumen", "Kuzu"]."""
    parts = re.split(r"\s*[,/]\s*|\s+en\s+", one_line(names))
    return [p for p in parts if p]


@dataclass(frozen=True)
class Citation:
    """A reference to another parliamentary document."""

    kind: str  # motion, kamerstuk, handelingen, aanhangsel, other
    target: str | None  # official id when it can be formed ("kst-35925-XVII-54")
    label: str  # as written, one line


@dataclass
class MotionMention:
    """A motion named in a text, with what the text says about it."""

    motion_id: str | None  # kst id when the text gives dossier and number
    submitters: list[str] = field(default_factory=list)  # family names as written, in order
    amended: bool = False
    request: Found[str] | None = None
    responds: bool = False  # the text answers this motion ("Naar aanleiding van de motie …")
    day: dt.date | None = None  # when the text says it was submitted ("ingediend … op 15 november 2017")


@dataclass(frozen=True)
class AppraisalStatement:
    motion_id: str
    value: str  # skos:notation of the appraisal concept ("Ontraden", "Oordeel Kamer", ...)


@dataclass(frozen=True)
class QuestionPart:
    role: str  # "question" or "answer"
    number: int
    text: str


@dataclass(frozen=True)
class Subject:
    """A theme or instrument concept matched in one paragraph."""

    concept: str  # concept IRI
    scheme: str  # "theme" or "instrument"
    paragraph: tuple[int, int]  # start, end of the paragraph in the text


@dataclass
class TextFacts:
    """Facts found in the running text, shared by every document kind."""

    citations: list[Found[Citation]] = field(default_factory=list)
    motions: list[Found[MotionMention]] = field(default_factory=list)
    appraisals: list[Found[AppraisalStatement]] = field(default_factory=list)
    subjects: list[Found[Subject]] = field(default_factory=list)
    parts: list[Found[QuestionPart]] = field(default_factory=list)
    asked_by: list[Found[tuple[str, str | None]]] = field(default_factory=list)  # (name, party as written)
    addressed_to: list[Found[str]] = field(default_factory=list)  # offices as written
    answered_by: list[Found[tuple[str, str]]] = field(default_factory=list)  # (office, family name)
    unresolved: list[Unresolved] = field(default_factory=list)
