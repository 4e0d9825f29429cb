"""What the running text of any document says -- the one place the shared readers are
combined: the references reader (motions named, the cabinet's appraisals, citations),
the questions reader (askers, addressees, numbered questions and answers) and the
subjects reader (themes and instruments of each paragraph).  The text and XML extractors
call it after reading their own kind's header."""

from __future__ import annotations

from chinakg.extractors.base import TextFacts
from chinakg.extractors.questions import read_questions
from chinakg.extractors.references import extract_text_facts
from chinakg.extractors.subjects import find_subjects


def read_running_text(text: str, paragraphs: list[tuple[int, int]], doc_id: str | None,
                      appraisals_until: int | None, kind: str | None) -> TextFacts:
    """`text` is what the spans refer to; `paragraphs` are the (start, end) spans searched for
    themes and instruments; `doc_id` keeps the document from citing itself; appraisals are
    read before `appraisals_until` only (0: none, as in a motion); `kind` is the document's
    kind as its own reader found it (only a letter answers the motions it names)."""
    facts = extract_text_facts(text, doc_id, body_end=appraisals_until, responding=kind in ("letter", None))
    read_questions(text, facts, numbered_forms=kind in ("written-questions", "answers"))
    facts.subjects = find_subjects(text, paragraphs)
    return facts
