"""Print a random sample of motion XMLs beside what chinakg extracted from them, for a
check by hand: the title, date line and signature lines as the XML has them, then the
official id, date, submitters and parties from the `motions` query.

    python scripts/sample_motions.py STORE ../shared/corpus/motions-xml [N] [SEED]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from chinakg.graph_store import open_store
from lxml import etree

from chinakg.canned import run_query


def raw_view(path: Path) -> str:
    root = etree.parse(str(path)).getroot()
    stuk = root.find(".//stuk")
    title = " ".join("".join(stuk.find("titel").itertext()).split())
    datum = stuk.find(".//datum")
    date = datum.get("isodatum") if datum is not None else "(no datum)"
    als = [" ".join("".join(a.itertext()).split()) for a in stuk.iter("al")]
    closing = max((i for i, a in enumerate(als) if "orde van de dag" in a), default=-1)
    names = als[closing + 1:] if closing >= 0 else als[-5:]
    return f"{title} | {date} | {' / '.join(names)}"


def main() -> None:
    store_path, folder = sys.argv[1], Path(sys.argv[2])
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 2026
    files = sorted(folder.glob("kst-*.xml"))
    sample = random.Random(seed).sample(files, n)
    with open_store(store_path) as store:
        _, found = run_query(store, "motions")
        by_id = {r["motion"]: r for r in found}
    for i, path in enumerate(sample, 1):
        row = by_id.get(path.stem, {})
        print(f"{i:3} {path.stem}\n    XML: {raw_view(path)}\n    KG : {row.get('motion')} | {row.get('date')} | "
              f"{row.get('submitters')} | {row.get('parties')}")


if __name__ == "__main__":
    main()
