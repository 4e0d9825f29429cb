"""Text as extracted from the published PDFs -> normalised text.

Joins words hyphenated across line breaks ("afhankelijk-\\nheden"), takes page footers
("Tweede Kamer, vergaderjaar 2019–2020, 35 207, nr. 32 8") out of the text after reading
what they say, and separates footnotes (a paragraph whose first line begins with its
number, standing between body paragraphs) from the body.  Every offset the extractors
report is an offset into `NormalisedText.body` (chinakg.sources).
"""

from __future__ import annotations

import re
import unicodedata

from chinakg.sources import Footer, NormalisedText

FOOTER = re.compile(
    r"^\s*Tweede Kamer, vergaderjaar (\d{4})[–-](\d{4}), (\d{2} ?\d{3})(?:[ -]([A-Z]+|\d{2}))?, nr\. (\d+)\s+\d+\s*$",
    re.MULTILINE)
HYPHEN_BREAK = re.compile(r"(?<=[a-zà-ÿ])-[ \t]*\n[ \t]*(?=[a-zà-ÿ])")
FOOTNOTE_START = re.compile(r"^(\d{1,3}) (?=\S)")
TRAILING_SPACE = re.compile(r"[ \t]+\n")


def without_format_characters(text: str) -> str:
    """Invisible format characters (Unicode category Cf: soft hyphen, zero-width space and
    joiners, direction marks and overrides, byte-order mark) taken out: inside a word they
    would cut a name ("Ku\u200bzu") or hide a mention."""
    if text.isascii():
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def normalise(raw: str) -> NormalisedText:
    text = without_format_characters(raw.replace("\r\n", "\n").replace("\r", "\n"))
    footers = [Footer(f"{m[1]}-{m[2]}", m[3].replace(" ", ""), m[4], int(m[5])) for m in FOOTER.finditer(text)]
    text = FOOTER.sub("", text)
    text = TRAILING_SPACE.sub("\n", text)
    body, notes = _split_footnotes(text)
    body = HYPHEN_BREAK.sub("", body)
    body = re.sub(r"\n{3,}", "\n\n", body)
    return NormalisedText(body=body.strip("\n") + "\n", footnotes=notes, footers=footers)


def _split_footnotes(text: str) -> tuple[str, dict[int, str]]:
    """Take footnote blocks out of the body.

    A block starts, after a blank line, with a line that begins with the next footnote
    number (1, 2, 3 ... in order; a numbered heading "1. Introductie" has a full stop).
    Inside a block each footnote starts with its number; other lines continue it.  The
    PDF text marks the first body line of a new page with a leading space: that line
    ends the block.  A sentence cut by the page break is joined again."""
    body: list[str] = []
    notes: dict[int, str] = {}
    expected, current = 1, None
    for line in text.split("\n"):
        match = FOOTNOTE_START.match(line)
        number = int(match[1]) if match else 0
        is_next_note = bool(match) and expected <= number <= expected + 3 and not re.match(r"^\d+\.", line)
        if current is None:
            if is_next_note and (not body or not body[-1].strip()):
                current, expected = number, number + 1
                notes[current] = line[match.end():].strip()
            else:
                body.append(line.strip())
            continue
        if is_next_note:
            current, expected = number, number + 1
            notes[current] = line[match.end():].strip()
        elif line.startswith(" ") and line.strip():
            current = None
            _resume_body(body, line.strip())
        elif line.strip():
            notes[current] = f"{notes[current]} {line.strip()}"
    return "\n".join(body), notes


def _resume_body(body: list[str], line: str) -> None:
    """Continue the body after a footnote block: drop the blank lines before the block
    unless the text before it ended a sentence and the new line starts a new one."""
    while body and not body[-1].strip():
        body.pop()
    previous = body[-1] if body else ""
    if previous.endswith((".", ":", "?", ";")) and (line[:1].isupper() or line[:1] in "•-–"):
        body.append("")
    body.append(line)
