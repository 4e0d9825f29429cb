"""Time spent per pipeline stage (parse, extract, map, validate, store), summed per process.

Stages are marked with `with stage("parse"):`; `take()` returns the sums since the last
call and starts again.  Build workers send theirs back with each file, so the build
summary adds up the time of every process.  Costs a perf_counter call per stage.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

_totals: defaultdict[str, float] = defaultdict(float)


@contextmanager
def stage(name: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        _totals[name] += time.perf_counter() - started


def take() -> dict[str, float]:
    """The seconds per stage since the last call (this process only)."""
    taken = dict(_totals)
    _totals.clear()
    return taken
