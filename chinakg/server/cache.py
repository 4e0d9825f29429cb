"""Answers kept between two changes of the store, and the validators (ETag, Last-Modified)
that let clients ask again cheaply.

The store's state is named by an entity tag made from the derived graph's fingerprint (what
the store holds, see chinakg.derive), the moment this server started and the number of
updates it has run since: a tag is never given to two different states, even across
restarts (a restart gives every page a new tag, which costs each client one full answer).
Canned queries and pages are answered from the cache while the tag holds; an update empties
it.  The cache is bounded by the bytes it holds and forgets the least recently used first.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from email.utils import formatdate


@dataclass(frozen=True)
class Cached:
    body: bytes
    media_type: str
    headers: tuple[tuple[str, str], ...]


class AnswerCache:
    """A bounded map from a request (path, query string, Accept) to its answer, for one state."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[tuple[str, ...], Cached] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: tuple[str, ...]) -> Cached | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: tuple[str, ...], answer: Cached) -> None:
        size = len(answer.body)
        if size > self.max_bytes // 4:  # one answer may not push out most of the others
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = answer
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, old = self._items.popitem(last=False)
                self._bytes -= len(old.body)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0


class StoreState:
    """The entity tag and Last-Modified date of what the store holds now."""

    def __init__(self, fingerprint: str, modified: float | None) -> None:
        self._started = time.time_ns()
        self._fingerprint = fingerprint
        self._updates = 0
        self._modified = modified if modified is not None else time.time()
        self.etag = self._tag()

    def _tag(self) -> str:
        text = f"{self._fingerprint}|{self._started}|{self._updates}"
        return '"' + hashlib.sha256(text.encode("utf-8")).hexdigest()[:24] + '"'

    def changed(self) -> None:
        """The store was written: a new tag, modified now."""
        self._updates += 1
        self._modified = time.time()
        self.etag = self._tag()

    @property
    def last_modified(self) -> str:
        return formatdate(self._modified, usegmt=True)

    def matches(self, if_none_match: str | None) -> bool:
        """Whether an If-None-Match header names the current tag (or is *)."""
        if not if_none_match:
            return False
        tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
        return "*" in tags or self.etag in tags
