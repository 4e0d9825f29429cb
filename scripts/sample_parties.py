"""Print a random sample of motion signatures whose party chinakg resolved, beside what the
sources say, for a check by hand: the name as signed, the person and party chinakg gives
on the motion's date, and the roll-call observations of that member (Tweede Kamer open
data) nearest before and after that date.

    python scripts/sample_parties.py STORE ../shared [N] [SEED]
"""

from __future__ import annotations

import bisect
import json
import random
import re
import sys
from pathlib import Path

from chinakg.graph_store import open_store

SIGNATURES = """PREFIX ck: <https://w3id.org/chinakg/def#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?id ?date ?written ?name ?tk ?party WHERE {
  GRAPH ?g { ?m ck:officialId ?id ; ck:sourceFile ?file ; dcterms:date ?date ; ck:signature ?sig .
             ?sig ck:signedAs ?written ; ck:signer ?person ; ck:inParty ?p .
             FILTER NOT EXISTS { ?sig ck:officeAs ?office } }
  GRAPH <https://w3id.org/chinakg/graph/reference> { ?person rdfs:label ?name . ?p rdfs:label ?party
                                                     OPTIONAL { ?person ck:tkPersonId ?tk } }
  FILTER (STRENDS(?file, ".xml"))
}"""


def observations(shared: Path) -> dict[str, list[tuple[str, str]]]:
    """Tweede Kamer person id -> sorted (day, fractie) from every roll call."""
    found: dict[str, set[tuple[str, str]]] = {}
    for folder in ("tk-rollcall", "tk-rollcalls"):
        for path in sorted((shared / "reference" / folder).glob("*.json")):
            day = re.search(r"\d{4}-\d{2}-\d{2}", path.name)[0]
            for row in json.loads(path.read_text(encoding="utf-8"))["value"]:
                if row.get("Persoon_Id"):
                    found.setdefault(row["Persoon_Id"], set()).add((day, row["ActorFractie"]))
    return {k: sorted(v) for k, v in found.items()}


def nearest(seen: list[tuple[str, str]], day: str) -> str:
    i = bisect.bisect_left(seen, (day, ""))
    before = f"{seen[i - 1][1]} {seen[i - 1][0]}" if i > 0 else "-"
    after = f"{seen[i][1]} {seen[i][0]}" if i < len(seen) else "-"
    return f"{before} | {after}"


def main(store_dir: str, shared: str, n: int = 100, seed: int = 7) -> None:
    with open_store(store_dir, read_only=True) as store:
        rows = store.query(SIGNATURES).rows
    seen = observations(Path(shared))
    for r in random.Random(seed).sample(rows, n):
        tk = str(r["tk"]) if r["tk"] else ""
        print(f"{r['id']}\t{str(r['date'])[:10]}\t{r['written']}\t{r['name']}\t{r['party']}\t"
              f"{nearest(seen.get(tk, []), str(r['date'])[:10]) if tk else '(no Tweede Kamer id)'}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], *(int(a) for a in sys.argv[3:5]))
