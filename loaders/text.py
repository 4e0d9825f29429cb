"""Plain text as extracted from the published PDFs, and PDF files themselves (their text
layer is extracted with pypdf, then follows the same path)."""

from __future__ import annotations

import io
from pathlib import Path

from chinakg.loaders.base import Loader, decode_text, source_of
from chinakg.loaders.normalise import normalise

from chinakg.errors import InputError
from chinakg.sources import NormalisedText, ParsedText


def prepare(raw_text: str) -> tuple[NormalisedText, int]:
    """The normalised text the extractors read, and where its footer trailer starts.

    The normalised text is the body, then the page footers read out of it (one line each,
    first occurrence), then the footnotes (one line each, with their number), so that
    facts read from a footer or a footnote have a span too."""
    text = normalise(raw_text)
    trailer_start = len(text.body)
    seen: list[str] = []
    for f in text.footers:
        dossier = f"{f.dossier[:2]} {f.dossier[2:]}" + (f" {f.suffix}" if f.suffix else "")
        line = f"Tweede Kamer, vergaderjaar {f.year.replace('-', '–')}, {dossier}, nr. {f.number}"
        if line not in seen:
            seen.append(line)
    if seen:
        text.body += "\n" + "\n".join(seen) + "\n"
    if text.footnotes:  # after the footers, so footnote citations have spans too
        text.body += "\n" + "\n".join(f"{n} {note}" for n, note in sorted(text.footnotes.items())) + "\n"
    return text, trailer_start


def parse_text(path: Path, raw: bytes, raw_text: str) -> ParsedText:
    text, trailer_start = prepare(raw_text)
    if not text.body.strip():
        raise InputError(str(path), "no text to read")
    return ParsedText(source_of(path, raw), text, trailer_start)


class TextLoader(Loader):
    name = "text"

    def parse(self, path: Path, raw: bytes) -> ParsedText:
        return parse_text(path, raw, decode_text(path, raw))


#: the most text a PDF may expand into: the longest real document of the shared corpus has
#: 32,000 characters, while compressed streams let 8 KiB of PDF expand into megabytes
MAX_PDF_TEXT = 2_000_000


class PdfLoader(Loader):
    name = "pdf"

    def parse(self, path: Path, raw: bytes) -> ParsedText:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            reader = PdfReader(io.BytesIO(raw))
            pages, length = [], 0
            for page in reader.pages:
                pages.append(page.extract_text() or "")
                length += len(pages[-1])
                if length > MAX_PDF_TEXT:
                    raise InputError(str(path), f"its text expands to over {MAX_PDF_TEXT:,} characters from "
                                     f"{len(raw):,} bytes of PDF (a real parliamentary document has tens of "
                                     "thousands); not read further")
        except InputError:
            raise
        except PdfReadError as exc:
            raise InputError(str(path), f"cannot read the PDF: {exc}") from exc
        except Exception as exc:  # pypdf fails on damaged files in many ways (TypeError, RecursionError, ...)
            raise InputError(str(path), f"cannot read the PDF, it is damaged ({type(exc).__name__}: {exc})") from exc
        text = "\n".join(pages)
        if not text.strip():
            raise InputError(str(path), "the PDF has no text layer (scanned image?); OCR it first")
        return parse_text(path, raw, text)
