"""Which loader reads a file, decided from its first bytes."""

from __future__ import annotations

from pathlib import Path

from chinakg.loaders.base import Loader, sniff
from chinakg.loaders.text import PdfLoader, TextLoader

from chinakg.errors import InputError

LOADERS: list[Loader] = [PdfLoader(), TextLoader()]

NOT_YET = {
    "xml": "official publication XML is recognised but its loader is not built yet (see the extraction issue)",
    "json": "Tweede Kamer open-data JSON is recognised but its loader is not built yet (see the extraction issue)",
    "binary": "binary content that is not a PDF, nor text in UTF-8, UTF-16 or Windows-1252",
}


def loader_for(path: Path, head: bytes) -> Loader:
    for loader in LOADERS:
        if loader.accepts(head):
            return loader
    raise InputError(str(path), NOT_YET.get(sniff(head), "unknown format"))
