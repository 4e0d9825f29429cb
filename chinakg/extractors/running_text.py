"""What the running text of any document says -- the one place the shared readers are
combined: the references reader (motions named, the cabinet's appraisals, citations,
numbered questions and answers) and the subjects reader (themes and instruments of each
paragraph).  The text and XML extractors call it after reading their own kind's header."""

from __future__ import annotations

from chinakg.extractors.base import TextFacts
from chinakg.extractors.references import extract_text_facts
from chinakg.extractors.subjects import find_subjects


def read_running_text(text: str, paragraphs: list[tuple[int, int]], doc_id: str | None,
                      appraisals_until: int | None) -> TextFacts:
    """`text` is what the spans refer to; `paragraphs` are the (start, end) spans searched for
    themes and instruments; `doc_id` keeps the document from citing itself; appraisals are
    read before `appraisals_until` only (0: none, as in a motion)."""
    facts = extract_text_facts(text, doc_id, body_end=appraisals_until)
    facts.subjects = find_subjects(text, paragraphs)
    return facts
