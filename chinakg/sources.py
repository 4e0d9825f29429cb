"""What a loader hands on: one source file, parsed, and nothing read from it yet.

Loaders (chinakg.loaders) make these; extractors (chinakg.extractors) read them.  Neither
stage imports the other: both know only these types.

- `ParsedText`: plain text or a PDF's text layer, normalised (page footers read out,
  footnotes separated, hyphenated breaks joined).  Every offset an extractor reports is an
  offset into `body`.
- `ParsedXml`: official publication XML rendered as plain text, one line per element
  that carries text, with `Marked` spans for what the text alone does not say.
- `ODataRecords`: Tweede Kamer open-data JSON with the kind of record it holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def file_name_of(path: Path) -> str:
    """A file's name as it is stored (ck:sourceFile): bytes of a name that are not UTF-8
    become U+FFFD."""
    return path.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


@dataclass(frozen=True)
class Source:
    """The file a parsed source came from."""

    path: Path
    sha256: str

    @property
    def file_name(self) -> str:
        return file_name_of(self.path)

    @property
    def local_id(self) -> str:
        """The id of a document whose text states no official id."""
        return f"local-{self.sha256[:12]}"


# ------------------------------------------------------------------------- text

@dataclass
class Footer:
    """A page footer read out of the text ("Tweede Kamer, vergaderjaar 2019–2020, 35 207, nr. 32")."""

    year: str  # "2019-2020"
    dossier: str  # "35207"
    suffix: str | None
    number: int


@dataclass
class NormalisedText:
    body: str
    footnotes: dict[int, str] = field(default_factory=dict)
    footers: list[Footer] = field(default_factory=list)


@dataclass
class ParsedText:
    """Normalised text: the body, then the footers read out of it, then the footnotes.
    `trailer_start` is where the footers begin (the end of the running text)."""

    source: Source
    text: NormalisedText
    trailer_start: int


# ------------------------------------------------------------------------- XML

@dataclass
class Marked:
    """A span of the rendered text with what the XML says about it."""

    kind: str  # dossier, number, title, date, paragraph, signature, extref, meta, year
    start: int
    end: int
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass
class RenderedXml:
    text: str = ""
    marks: list[Marked] = field(default_factory=list)
    metadata: dict[str, list[str]] = field(default_factory=dict)

    def line(self, content: str, kind: str, **attrs: str) -> Marked:
        content = " ".join(content.split())
        start = len(self.text)
        self.text += content + "\n"
        mark = Marked(kind, start, start + len(content), dict(attrs))
        self.marks.append(mark)
        return mark

    def of_kind(self, kind: str) -> list[Marked]:
        return [m for m in self.marks if m.kind == kind]

    def quote(self, mark: Marked) -> str:
        return self.text[mark.start:mark.end]


@dataclass
class ParsedXml:
    source: Source
    rendered: RenderedXml


# ------------------------------------------------------------------------- open data

@dataclass
class ODataRecords:
    """An open-data file: `kind` is 'case' (then `data` is the Zaak), or 'votes', 'people'
    or 'parties' (then `data` is the list of records)."""

    source: Source
    kind: str
    data: Any


#: what a loader returns
Parsed = ParsedText | ParsedXml | ODataRecords
