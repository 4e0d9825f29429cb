"""Which loader reads a file, decided from its first bytes."""

from __future__ import annotations

from pathlib import Path

from chinakg.loaders.base import Loader, sniff
from chinakg.loaders.odata import ODataLoader
from chinakg.loaders.text import PdfLoader, TextLoader
from chinakg.loaders.xml import XmlLoader

from chinakg.errors import InputError
from chinakg.sources import Parsed

LOADERS: list[Loader] = [PdfLoader(), TextLoader(), XmlLoader(), ODataLoader()]

UNREADABLE = {
    "binary": "binary content that is not a PDF, nor text in UTF-8, UTF-16 or Windows-1252",
}


def loader_for(path: Path, head: bytes) -> Loader:
    for loader in LOADERS:
        if loader.accepts(head):
            return loader
    raise InputError(str(path), UNREADABLE.get(sniff(head), "unknown format"))


def parse(path: Path, raw: bytes) -> Parsed | None:
    """The file's content through the loader its first bytes call for.  Structure nested
    deeper than Python can follow (200,000 `[` in JSON, say) is refused as such."""
    try:
        return loader_for(path, raw[:4096]).parse(path, raw)
    except RecursionError:
        raise InputError(str(path), "its structure is nested too deeply to read (no real document or record is "
                         "nested more than a few dozen levels); not read") from None
