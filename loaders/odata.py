"""Tweede Kamer open data (OData v4 JSON from the Gegevensmagazijn): which record a file
holds, read from its content.

- a case (`Zaak`, with `Nummer` like 2023Z20877), with its appraisal and documents;
- a page of votes (`Stemming`, expanded with `Besluit → Agendapunt → Zaak` and `Fractie`);
- a page of people (`Persoon`) or of parliamentary groups (`Fractie`).

The loader parses the JSON and names the kind; chinakg.mapping.odata turns the records'
fields into RDF (open-data records carry no text, so there is nothing to extract).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from chinakg.loaders.base import Loader, decode_text, source_of

from chinakg.errors import InputError
from chinakg.sources import ODataRecords


def record_kind(data: Any) -> str:
    """'case', 'votes', 'people', 'parties' -- or '' for JSON of another shape."""
    if isinstance(data, dict) and "value" in data and isinstance(data["value"], list):
        context = str(data.get("@odata.context", ""))
        items = data["value"]
        if "#Stemming" in context or (items and isinstance(items[0], dict) and "Besluit" in items[0]):
            return "votes"
        data = items
    if isinstance(data, dict):
        # a case: Soort plus its number, its appraisal or its documents (a missing Nummer is
        # then reported by the mapping, naming the field)
        is_case = "Soort" in data and ("Nummer" in data or "Kabinetsappreciatie" in data
                                       or ("Document" in data and "DocumentNummer" not in data))
        return "case" if is_case else ""
    if isinstance(data, list) and data and all(isinstance(x, dict) for x in data):
        first = data[0]
        if "Besluit" in first and "ActorFractie" in first:
            return "votes"
        if "Achternaam" in first:
            return "people"
        if "Afkorting" in first and "NaamNL" in first:
            return "parties"
    return ""


class ODataLoader(Loader):
    name = "json"

    def parse(self, path: Path, raw: bytes) -> ODataRecords:
        try:
            data = json.loads(decode_text(path, raw))
        except json.JSONDecodeError as exc:
            raise InputError(str(path), f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from exc
        kind = record_kind(data)
        if not kind:
            raise InputError(str(path), "JSON that is not a Tweede Kamer open-data record this loader reads "
                             "(a Zaak, a page of Stemming, Persoon or Fractie)")
        items = data["value"] if isinstance(data, dict) and isinstance(data.get("value"), list) else data
        return ODataRecords(source_of(path, raw), kind, data if kind == "case" else items)
