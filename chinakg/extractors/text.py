"""Facts from normalised text: the document's own facts (kind, ids, dates, signatories),
then what the running text says (motions, appraisals, citations, questions), then the
themes and instruments of each paragraph of the body.

A text in which nothing of a parliamentary document is recognised -- no kind, id, date,
signature, citation, motion or question; binary data read as text, an unrelated page -- is
refused with InputError: loading it would only add an empty document."""

from __future__ import annotations

from chinakg.errors import InputError
from chinakg.extractors.base import DocumentFacts
from chinakg.extractors.document import extract_document_facts
from chinakg.extractors.running_text import read_running_text
from chinakg.extractors.subjects import paragraphs_of
from chinakg.sources import ParsedText


class TextExtractor:
    """The document reader (header, dates, signatories), then the running text's readers;
    each stamps its own name and version on the evidence it yields."""

    name = "text"
    version = "1"

    def extract(self, parsed: ParsedText) -> DocumentFacts:  # type: ignore[override]
        text, trailer_start = parsed.text, parsed.trailer_start
        facts = extract_document_facts(text, trailer_start)
        doc_id = facts.official_id.value if facts.official_id else None
        facts.text = read_running_text(text.body, paragraphs_of(text.body, 0, trailer_start), doc_id,
                                       appraisals_until=trailer_start, kind=facts.kind.value if facts.kind else None)
        if not recognised(facts):
            raise InputError(str(parsed.source.path), "nothing of a parliamentary document was recognised in the text "
                             "(no kind, official id, date, signature, citation, motion or question)")
        return facts


def recognised(facts: DocumentFacts) -> bool:
    """Something that only a parliamentary document has was read."""
    text = facts.text
    own = (facts.kind, facts.official_id, facts.date, facts.submitted, facts.received)
    return any(own) or bool(facts.dossiers or facts.signatories or facts.submitters) or text is not None and bool(
        text.citations or text.motions or text.parts or text.asked_by or text.appraisals)
