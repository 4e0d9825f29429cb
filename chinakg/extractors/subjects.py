"""Themes and instruments: the Dutch labels of the SKOS vocabularies matched per paragraph.

A label matches as whole words, case-insensitively, except labels written in capitals
(acronyms such as "IMVO"), which match only in capitals.  Where labels overlap ("Oeigoerse
diaspora" and "Oeigoerse"), the longest match wins.  A label of several concepts
("gepaste zorgvuldigheid": a theme and an instrument) matches all of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from chinakg.base_graphs import vocabulary_graph
from chinakg.extractors.base import Evidence, Found, Subject
from chinakg.namespaces import INSTRUMENT, THEME

NAME = "subjects"
VERSION = "1"


@lru_cache(maxsize=1)
def _matcher() -> tuple[re.Pattern, re.Pattern, dict[str, list[tuple[str, str]]]]:
    """(case-insensitive pattern, acronym pattern, normalised label -> [(concept, scheme)])."""
    g = vocabulary_graph()
    labels: dict[str, set[tuple[str, str]]] = {}
    for prop in (SKOS.prefLabel, SKOS.altLabel):
        for concept, label in g.subject_objects(prop):
            if getattr(label, "language", None) != "nl":
                continue
            iri = str(concept)
            scheme = "theme" if iri.startswith(str(THEME)) else "instrument" if iri.startswith(str(INSTRUMENT)) else ""
            if scheme and not (scheme == "theme" and _is_group(g, concept)):
                labels.setdefault(str(label), set()).add((iri, scheme))
    plain = sorted((lab for lab in labels if not lab.isupper()), key=len, reverse=True)
    upper = sorted((lab for lab in labels if lab.isupper()), key=len, reverse=True)
    ci = re.compile(r"(?<!\w)(" + "|".join(map(_spaced, plain)) + r")(?!\w)", re.IGNORECASE)
    cs = re.compile(r"(?<!\w)(" + "|".join(map(_spaced, upper)) + r")(?!\w)")
    index: dict[str, list[tuple[str, str]]] = {}
    for lab, concepts in labels.items():
        index.setdefault(lab if lab.isupper() else lab.lower(), []).extend(concepts)
    return ci, cs, {lab: sorted(set(concepts)) for lab, concepts in index.items()}


def _spaced(label: str) -> str:
    """A label as a pattern whose spaces also match a line break ("Oeigoerse\ndiaspora")."""
    return r"\s+".join(map(re.escape, label.split()))


def _is_group(g: Graph, concept: URIRef) -> bool:
    """The top themes only group others ("Regionale situaties"); they are not matched."""
    return (concept, SKOS.topConceptOf, None) in g and (None, SKOS.broader, concept) in g


def find_subjects(text: str, paragraphs: Iterable[tuple[int, int]]) -> list[Found[Subject]]:
    """Every concept matched in each paragraph (start, end of `text`), once per paragraph."""
    ci, cs, index = _matcher()
    found: list[Found[Subject]] = []
    for start, end in paragraphs:
        seen: set[str] = set()
        for pattern, key in ((ci, str.lower), (cs, str)):
            for m in pattern.finditer(text, start, end):
                for concept, scheme in index[key(" ".join(m[1].split()))]:
                    if concept in seen:
                        continue
                    seen.add(concept)
                    found.append(Found(Subject(concept, scheme, (start, end)),
                                       Evidence(m.start(1), m.end(1), m[1], NAME, VERSION)))
    return found


def paragraphs_of(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Paragraph spans of normalised text: blocks separated by blank lines."""
    end = len(text) if end is None else end
    spans = []
    for m in re.finditer(r"(?:[^\n]+\n?)+", text[start:end]):
        if m[0].strip():
            spans.append((start + m.start(), start + m.end() - (1 if m[0].endswith("\n") else 0)))
    return spans
