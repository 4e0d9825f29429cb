"""The earliest date a document of a Kamerstuk dossier can have, from the dossier number.

Dossier numbers are given out in order; the budget dossiers (reference/budget-dossiers.tsv)
are numbered on Prinsjesdag, so they date the numbers around them.  Used to bound the
interval in which a motion named without a date can lie ("de motie van het lid Kuzu
(Kamerstuk 34 775 V, nr. 31)" was submitted after mid-2017), so that a member's party is
filled only when it is the one they had over that whole interval.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from functools import lru_cache

from chinakg.resources import resource_text


@lru_cache(maxsize=1)
def _budgets() -> tuple[list[int], list[int]]:
    """The budget dossiers' numbers, ascending, and their budget years."""
    rows = []
    for line in resource_text("reference", "budget-dossiers.tsv").splitlines():
        if line and not line.startswith(("#", "dossier")):
            number, year = line.split("\t")[:2]
            rows.append((int(number), int(year)))
    rows.sort()
    return [n for n, _ in rows], [y for _, y in rows]


def earliest_date(doc_id: str) -> dt.date | None:
    """For kst-<dossier>-…: 1 July of the year before the budget year of the highest budget
    dossier numbered at or below it; None for older dossiers and other ids."""
    m = re.match(r"kst-(\d{4,6})\b", doc_id)
    if not m:
        return None
    numbers, years = _budgets()
    i = bisect.bisect_right(numbers, int(m[1])) - 1
    return dt.date(years[i] - 1, 7, 1) if i >= 0 else None
