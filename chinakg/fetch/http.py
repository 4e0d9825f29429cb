"""A polite HTTP client: one request at a time per client, at most `rate` requests a
second, retries with exponential back-off on network errors, timeouts, truncated bodies,
5xx and 429 (honouring Retry-After), and no retry on other 4xx."""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version

from lxml import etree

from chinakg.errors import FetchError


def _version() -> str:
    try:
        return version("chinakg")
    except PackageNotFoundError:
        return "dev"


USER_AGENT = f"chinakg/{_version()} (+https://w3id.org/chinakg; research use)"
RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_RETRY_AFTER = 60.0  # seconds: a longer Retry-After is capped, not obeyed blindly


@dataclass
class Client:
    rate: float = 2.0  # requests per second, at most
    retries: int = 4  # further attempts after the first
    backoff: float = 1.0  # seconds before the first retry; doubled each time
    timeout: float = 30.0  # seconds per attempt
    sleep: Callable[[float], None] = time.sleep
    requests: int = 0  # counters, for the summary and the tests
    retried: int = 0
    _last: float = field(default=0.0, repr=False)

    def get(self, url: str, accept: str = "*/*") -> bytes:
        """The body of `url`; FetchError (with the status, if any) when it cannot be had."""
        problem = "no attempt"
        for attempt in range(self.retries + 1):
            if attempt:
                self.retried += 1
            self._wait_turn()
            try:
                return self._once(url, accept)
            except _Retry as exc:
                problem = exc.problem
                self.sleep(exc.after if exc.after is not None else self.backoff * 2 ** attempt)
        raise FetchError(url, f"gave up after {self.retries + 1} attempts: {problem}")

    def _wait_turn(self) -> None:
        gap = 1.0 / self.rate - (time.monotonic() - self._last) if self.rate > 0 else 0
        if gap > 0:
            self.sleep(gap)
        self._last = time.monotonic()

    def _once(self, url: str, accept: str) -> bytes:
        self.requests += 1
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": accept})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
                expected = response.headers.get("Content-Length")
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code in RETRY_STATUSES:
                raise _Retry(f"HTTP {exc.code}", _retry_after(exc.headers.get("Retry-After"))) from exc
            raise FetchError(url, f"HTTP {exc.code} {exc.reason}", exc.code) from exc
        except (OSError, http.client.HTTPException) as exc:  # URLError, time-outs, resets are OSErrors
            reason = getattr(exc, "reason", exc)
            raise _Retry(f"{type(exc).__name__}: {reason}", None) from exc
        if expected is not None and expected.isdigit() and int(expected) != len(body):
            raise _Retry(f"truncated body: {len(body)} of {expected} bytes", None)
        return body


class _Retry(Exception):
    def __init__(self, problem: str, after: float | None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.after = after


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    return None


def parse_xml(url: str, body: bytes, service: str) -> etree._Element:
    """A service's XML answer, parsed without entities or network access; FetchError if malformed."""
    try:
        return etree.fromstring(body, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise FetchError(url, f"the {service} answered with malformed XML: {exc}") from exc
