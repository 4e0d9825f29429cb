"""The local cache of fetched files: one file per document, record or page, and a manifest.

    chinakg-cache/
      documents/kst-35207-84.xml, kst-35207-84.metadata.xml, kst-32735-286.pdf, ...
      odata/zaak-2025Z06903.json, stemming-2025Z06903.json, ...
      .fetch/manifest.jsonl    one JSON line per fetched file: id, URL, retrieval time,
                               SHA-256 and file; and the SyncFeed positions (skiptoken)

A file is written to `.fetch/partial/` and moved into place before its manifest line is
appended, so an interrupted fetch leaves whole files and a manifest that names only whole
files (a last line cut by the interruption is ignored); the next run skips what the
manifest already has.  Later lines win over earlier ones for the same id.  `chinakg build
chinakg-cache` reads the documents and records (the hidden `.fetch/` is not read).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from chinakg.errors import ChinaKGError


@dataclass
class Entry:
    id: str  # kst-35207-84, kst-35207-84.metadata, tk-zaak-2025Z06903, ...
    url: str
    file: str  # relative to the cache folder
    retrieved: str  # ISO 8601, UTC
    sha256: str
    guid: str = ""  # the open-data entity's Id, for records (to match SyncFeed entries)


class Cache:
    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.state = self.folder / ".fetch"
        self.partial = self.state / "partial"
        self.manifest_path = self.state / "manifest.jsonl"
        try:
            self.partial.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ChinaKGError(f"cannot use {self.folder} as the fetch cache: {exc.strerror}") from exc
        self.entries: dict[str, Entry] = {}
        # SyncFeed category -> {"skiptoken": position, "seen": entries already handled at it}
        self.positions: dict[str, dict] = {}
        if self.manifest_path.exists():
            self._read_manifest()

    def _read_manifest(self) -> None:
        raw = self.manifest_path.read_bytes()
        if raw and not raw.endswith(b"\n"):  # cut short by an interruption: drop the partial line
            raw = raw[:raw.rfind(b"\n") + 1]
            with open(self.manifest_path, "r+b") as handle:
                handle.truncate(len(raw))
        lines = raw.decode("utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            try:
                item = json.loads(line)
                if "syncfeed" in item:
                    self.positions[item["syncfeed"]] = {"skiptoken": item["skiptoken"], "seen": item.get("seen", [])}
                else:
                    self.entries[item["id"]] = Entry(**item)
            except (ValueError, TypeError, KeyError) as exc:
                raise ChinaKGError(f"{self.manifest_path}, line {number}: the fetch manifest is damaged ({exc}); "
                                   "move it away to fetch everything again") from exc

    def has(self, entry_id: str) -> bool:
        """Whether the entry was fetched and its file is still there, unchanged."""
        entry = self.entries.get(entry_id)
        if entry is None:
            return False
        path = self.folder / entry.file
        return path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == entry.sha256

    def put(self, entry_id: str, url: str, relative: str, body: bytes, guid: str = "") -> Entry:
        """Store `body` as `relative` (atomically) and record it in the manifest."""
        target = self.folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(self.partial, target, body)
        entry = Entry(entry_id, url, relative, dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                      hashlib.sha256(body).hexdigest(), guid)
        self.entries[entry_id] = entry
        self._append(asdict(entry))
        return entry

    def put_changed(self, entry_id: str, url: str, relative: str, body: bytes, guid: str = "") -> bool:
        """`put`, unless the cache holds this entry with exactly this content already;
        returns whether it was written."""
        if self.has(entry_id) and self.entries[entry_id].sha256 == hashlib.sha256(body).hexdigest():
            return False
        self.put(entry_id, url, relative, body, guid)
        return True

    def set_position(self, category: str, token: str, seen: list[str] | None = None) -> None:
        self.positions[category] = {"skiptoken": token, "seen": seen or []}
        self._append({"syncfeed": category, "skiptoken": token, "seen": seen or []})

    def _append(self, item: dict) -> None:
        with open(self.manifest_path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())


def _atomic_write(partial: Path, target: Path, body: bytes) -> None:
    tmp = partial / f"{target.name}.{os.getpid()}.part"
    with open(tmp, "wb") as handle:
        handle.write(body)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, target)
