"""Rows of strings as the command line prints them: an aligned table, CSV, TSV or JSON.

Only the standard library, so that printing a kept answer (chinakg.answers) loads nothing
else.  CSV and TSV are written row by row as they come; a table and JSON need every row.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import TextIO

FORMATS = ("table", "csv", "tsv", "json")


def write_rows(columns: list[str], rows: Iterable[dict[str, str]], fmt: str, out: TextIO) -> None:
    """Write rows ({column: string}) to `out` in `fmt` (one of FORMATS)."""
    if fmt in ("csv", "tsv"):
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row[c] for c in columns])
        return
    out.write(format_rows(columns, list(rows), fmt))


def format_rows(columns: list[str], rows: list[dict[str, str]], fmt: str) -> str:
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        write_rows(columns, rows, fmt, out)
        return out.getvalue()
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    widths = {c: min(60, max([len(c)] + [len(r[c]) for r in rows])) for c in columns}
    def line(values: dict[str, str]) -> str:
        return "  ".join(_clip(values[c], widths[c]).ljust(widths[c]) for c in columns).rstrip()
    return "\n".join([line({c: c for c in columns}), line({c: "-" * widths[c] for c in columns})]
                     + [line(r) for r in rows]) + "\n"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
