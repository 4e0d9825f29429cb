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
    kind: str  # person, office, date, document
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


def evidence(match: re.Match, name: str, version: str, group: int | str = 0) -> Evidence:
    return Evidence(match.start(group), match.end(group), match.group(group), name, version)


def parse_dutch_date(day: str, month: str, year: str) -> dt.date | None:
    """A real calendar date, or None ("31 februari 2020")."""
    try:
        return dt.date(int(year), MONTHS[month.lower()], int(day))
    except (ValueError, KeyError):
        return None


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
