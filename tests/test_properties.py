"""Property-based tests (hypothesis) for the text normaliser and the reference patterns.

Each property is checked on generated text: arbitrary Unicode for the invariants that must
hold for any input, and generated Dutch references embedded in filler text for what the
patterns must find.
"""

from __future__ import annotations

import datetime as dt
import os
import re

from chinakg.loaders.normalise import normalise
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from chinakg.extractors.base import MONTHS, TextFacts, parse_dutch_date
from chinakg.extractors.references import MAX_DOCUMENT_NUMBER, extract_text_facts

#: examples per property; CHINAKG_HYPOTHESIS_EXAMPLES=5000 searches harder (the figure in the issue note)
SETTINGS = settings(max_examples=int(os.environ.get("CHINAKG_HYPOTHESIS_EXAMPLES", 300)), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# text the way PDF extraction gives it: letters, digits, punctuation, spaces and line breaks
pdf_text = st.lists(st.sampled_from(list("abcdeéfghijklmnopqrstuvwxyzABCDEZ0123456789 .,;:-()«»\n\t\r’'")
                                    + ["\u00ad", "\r\n", "nr. ", "Kamerstuk ", "motie ", " en ", "Motie van het lid ",
                                       "Handelingen II ", "verzoekt de regering ", "wordt ontraden", "Vraag 1\n"]),
                    max_size=200).map("".join) | st.text(max_size=200)
lower_words = st.from_regex(r"[a-z]{2,12}", fullmatch=True)
filler = st.lists(st.sampled_from(["de", "Kamer", "heeft", "op", "verzoek", "van", "het", "kabinet", "China",
                                   "gesproken", "over", "mensenrechten", "in", "Xinjiang", "en", "Tibet"]),
                  max_size=12).map(" ".join)
dossier = st.integers(min_value=10000, max_value=36999).map(str)
number = st.integers(min_value=1, max_value=MAX_DOCUMENT_NUMBER)
family = st.sampled_from(["Sjoerdsma", "Kuzu", "Van der Lee", "Jasper van Dijk", "Brekelmans", "Piri",
                          "Faber-van de Klashorst", "Van Ojik", "Omtzigt", "Paternotte"])


def spans_quote_their_text(facts: TextFacts, text: str) -> None:
    groups = [facts.citations, facts.motions, facts.appraisals, facts.subjects, facts.parts, facts.asked_by,
              facts.addressed_to, facts.answered_by]
    evidences = [f.evidence for group in groups for f in group] + [u.evidence for u in facts.unresolved]
    for ev in evidences:
        assert 0 <= ev.start <= ev.end <= len(text)
        assert text[ev.start:ev.end] == ev.quote


# ---------------------------------------------------------------------------- normaliser

@SETTINGS
@given(pdf_text)
def test_normalise_accepts_any_text_and_leaves_clean_body(raw: str) -> None:
    result = normalise(raw)
    assert result.body.endswith("\n")
    assert "\r" not in result.body and "\u00ad" not in result.body
    assert "\n\n\n" not in result.body
    assert not re.search(r"[ \t]\n", result.body)


@SETTINGS
@given(pdf_text)
def test_normalise_does_not_depend_on_the_line_ending_convention(raw: str) -> None:
    unix = raw.replace("\r\n", "\n").replace("\r", "\n")
    assert normalise(unix) == normalise(unix.replace("\n", "\r\n"))


@SETTINGS
@given(st.lists(lower_words, min_size=1, max_size=30))
def test_normalise_keeps_plain_prose_as_it_is(words: list[str]) -> None:
    """Prose without digits, hyphens or footers comes out word for word (only trailing
    space and runs of blank lines change)."""
    lines = [" ".join(words[i:i + 5]) for i in range(0, len(words), 5)]
    raw = "\n".join(lines) + "  \n"
    assert normalise(raw).body.split() == words


@SETTINGS
@given(lower_words, lower_words, filler)
def test_a_word_hyphenated_across_a_line_break_is_joined(left: str, right: str, before: str) -> None:
    raw = f"{before} {left}-\n{right} en verder.\n"
    assert f"{left}{right}" in normalise(raw).body


@SETTINGS
@given(st.integers(2000, 2030), dossier, number, st.integers(1, 99), filler, filler)
def test_a_page_footer_is_read_and_taken_out_of_the_body(year: int, dos: str, nr: int, page: int,
                                                          before: str, after: str) -> None:
    footer = f"Tweede Kamer, vergaderjaar {year}–{year + 1}, {dos[:2]} {dos[2:]}, nr. {nr} {page}"
    raw = f"{before} eerste.\n\n{footer}\n\n {after} tweede.\n"
    result = normalise(raw)
    assert [(f.year, f.dossier, f.number) for f in result.footers] == [(f"{year}-{year + 1}", dos, nr)]
    assert "vergaderjaar" not in result.body


# ---------------------------------------------------------------------------- references

@SETTINGS
@given(pdf_text)
@example("Motie van het lid Kuzu (Kamerstuk 35 207, nr. 99999) en Kamerstuk 00 000, nr. 0")
def test_reference_patterns_accept_any_text_and_every_span_quotes_its_text(text: str) -> None:
    spans_quote_their_text(extract_text_facts(text), text)


@SETTINGS
@given(filler, dossier, number, filler, st.booleans())
def test_a_kamerstuk_reference_becomes_a_citation_of_its_official_id(before: str, dos: str, nr: int,
                                                                     after: str, spaced: bool) -> None:
    written = f"Kamerstuk {dos[:2] + ' ' + dos[2:] if spaced else dos}, nr. {nr}"
    text = f"{before} ({written}) {after}.\n"
    facts = extract_text_facts(text)
    assert [(c.value.kind, c.value.target) for c in facts.citations] == [("kamerstuk", f"kst-{dos}-{nr}")]
    spans_quote_their_text(facts, text)


@SETTINGS
@given(family, dossier, number, filler)
def test_a_motion_mention_gives_its_id_submitter_and_citation(name: str, dos: str, nr: int, before: str) -> None:
    text = f"{before} de motie van het lid {name} (Kamerstuk {dos[:2]} {dos[2:]}, nr. {nr}) is uitgevoerd.\n"
    facts = extract_text_facts(text)
    [motion] = facts.motions
    assert motion.value.motion_id == f"kst-{dos}-{nr}"
    assert motion.value.submitters == [name]
    assert [c.value.target for c in facts.citations] == [f"kst-{dos}-{nr}"]
    spans_quote_their_text(facts, text)


@SETTINGS
@given(dossier, st.one_of(st.just(0), st.integers(MAX_DOCUMENT_NUMBER + 1, 10**12)), filler)
def test_an_impossible_document_number_is_unresolved_never_cited(dos: str, nr: int, before: str) -> None:
    text = f"{before} zie de motie van het lid Kuzu (Kamerstuk {dos}, nr. {nr}) en Kamerstuk {dos}, nr. {nr}.\n"
    facts = extract_text_facts(text)
    assert facts.citations == [] and facts.motions == []
    assert len(facts.unresolved) == 2
    assert all(f"impossible document number {nr}" in u.reason for u in facts.unresolved)


@SETTINGS
@given(st.integers(1995, 2030), st.integers(1, 200), st.one_of(st.none(), st.integers(1, 30)))
def test_a_handelingen_reference_gets_the_official_id(year: int, nr: int, item: int | None) -> None:
    written = f"Handelingen II {year}/{str(year + 1)[2:]}, nr. {nr}" + (f", item {item}" if item else "")
    facts = extract_text_facts(f"Zie {written}.\n")
    expected = f"h-tk-{year}{year + 1}-{nr}" + (f"-{item}" if item else "")
    assert [(c.value.kind, c.value.target) for c in facts.citations] == [("handelingen", expected)]


@SETTINGS
@given(st.integers(0, 40), st.sampled_from(sorted(MONTHS)), st.integers(1900, 2100))
def test_a_dutch_date_is_a_real_calendar_date_or_nothing(day: int, month: str, year: int) -> None:
    try:
        expected: dt.date | None = dt.date(year, MONTHS[month], day)
    except ValueError:
        expected = None
    assert parse_dutch_date(str(day), month, str(year)) == expected
