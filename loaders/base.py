"""The common loader interface and format detection (by content, never by file name).

A loader only parses: `parse(path, raw)` turns a file's bytes into a parsed source
(chinakg.sources) or raises InputError naming the file.  What the source says is read
by the extractors, later.
"""

from __future__ import annotations

import hashlib
import os
import stat
from abc import ABC, abstractmethod
from pathlib import Path

from chinakg.errors import InputError
from chinakg.sources import Parsed, Source

SPECIAL_FILES = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
                 (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def read_bounded(path: Path, limit: int) -> bytes:
    """At most `limit` + 1 bytes of a regular file (a link is followed).  A named pipe or a
    device is refused before it is opened: reading one would wait for ever or without end
    (a FIFO, /dev/zero)."""
    try:
        status = os.stat(path)
        special = next((what for test, what in SPECIAL_FILES if test(status.st_mode)), None)
        if special:
            raise InputError(str(path), f"{special}, not a regular file; not read")
        with path.open("rb") as handle:
            # sized to the file: read(limit + 1) makes a buffer of the limit (32 MB) for every file
            raw = handle.read(min(status.st_size, limit) + 1)
            if status.st_size < len(raw) <= limit:  # it grew since: read on, to the limit
                raw += handle.read(limit + 1 - len(raw))
            return raw
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from exc


class Loader(ABC):
    #: short name of the format ("text", "pdf", ...)
    name: str = ""

    def accepts(self, head: bytes) -> bool:
        """Whether the first bytes of a file look like this loader's format."""
        return sniff(head) == self.name

    @abstractmethod
    def parse(self, path: Path, raw: bytes) -> Parsed | None:
        """Parse one file; None when it holds nothing to load by itself (a metadata.xml
        record read with its document).  Raises InputError naming the file."""


def sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def source_of(path: Path, raw: bytes) -> Source:
    return Source(path, sha256(raw))


def sniff(head: bytes) -> str:
    """'pdf', 'xml', 'json' or 'text' -- or 'binary' for content no loader reads."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"
    if stripped.startswith(b"<"):
        return "xml"
    if stripped.startswith((b"{", b"[")):
        return "json"
    if b"\x00" in head:
        return "binary"
    return "text"


def decode_text(path: Path, raw: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if not raw.strip():
        raise InputError(str(path), "the file is empty")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(str(path), f"starts as UTF-16 text (byte-order mark) but is not: {exc.reason} at byte "
                             f"{exc.start}") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="strict") if _is_cp1252(raw) else _fail(path)


def _is_cp1252(raw: bytes) -> bool:
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _fail(path: Path) -> str:
    raise InputError(str(path), "the file is neither UTF-8, UTF-16 nor Windows-1252 text")
