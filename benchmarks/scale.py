"""Make a larger corpus from the real one by systematic variation, for the scale series.

    python benchmarks/scale.py ../shared/corpus /tmp/corpus-10x --factor 10

Copy 0 is the real corpus.  Copy k (1 .. factor-1) of every motion XML and its
open-data case gets:
- a new id: the motion's number plus k × 100000 (kst-29023-580 -> kst-29023-100580),
  in the identifier, the number element and the metadata; the case keeps its motion link,
  and its case and document numbers the year 3000 + 10k + the old year's last digit
  (2023Z20877 -> 3013Z20877), the same form;
- new dates: every date in the file moved k weeks later (ISO and Dutch "11 juni 2025");
- new names: each submitter's family name replaced by the family name of another member
  of the Tweede Kamer from the reference graph (chosen by a checksum, so runs repeat).
Structure, sizes and the mix of documents stay those of the real corpus.  Vote pages,
people pages and the seed documents are copied once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import uuid
import zlib
from pathlib import Path

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december"]
ISO_DATE = re.compile(r"(?<![\w/-])(\d{4})-(\d{2})-(\d{2})\b")  # not inside a schema URL
DUTCH_DATE = re.compile(r"\b(\d{1,2})[\s\xa0](" + "|".join(MONTHS) + r")[\s\xa0](\d{4})\b")
INDIENER = re.compile(r'name="OVERHEIDop\.indiener"[^>]*content="([^"]+)"')
GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def member_family_names() -> list[str]:
    """Family names of people with a seat in the reference graph, sorted."""
    from chinakg.refgraph import load_reference_graph

    rows = load_reference_graph().query("""
        PREFIX ck: <https://w3id.org/chinakg/def#>
        SELECT DISTINCT ?name WHERE { ?p ck:familyName ?name . ?term ck:member ?p }""")
    return sorted({str(r[0]) for r in rows if str(r[0]).isalpha() and len(str(r[0])) > 3})


def shift_dates(text: str, days: int) -> str:
    def iso(m: re.Match) -> str:
        try:
            return (dt.date(int(m[1]), int(m[2]), int(m[3])) + dt.timedelta(days=days)).isoformat()
        except ValueError:
            return m[0]

    def dutch(m: re.Match) -> str:
        try:
            d = dt.date(int(m[3]), MONTHS.index(m[2]) + 1, int(m[1])) + dt.timedelta(days=days)
        except ValueError:
            return m[0]
        return f"{d.day}\xa0{MONTHS[d.month - 1]} {d.year}"

    return DUTCH_DATE.sub(dutch, ISO_DATE.sub(iso, text))


def vary_motion(text: str, doc_id: str, k: int, names: list[str]) -> tuple[str, str]:
    """(new id, new XML text) of copy k of a motion."""
    dossier, number = doc_id[4:].rsplit("-", 1)
    new_number = str(int(number) + k * 100000) if number.isdigit() else f"{number}{k}"
    new_id = f"kst-{dossier}-{new_number}"
    text = text.replace(doc_id, new_id)
    text = text.replace(f'name="OVERHEIDop.ondernummer" content="{number}"',
                        f'name="OVERHEIDop.ondernummer" content="{new_number}"')
    text = re.sub(rf"(<ondernummer[^>]*>){re.escape(number)}(</ondernummer>)", rf"\g<1>{new_number}\g<2>", text)
    text = shift_dates(text, 7 * k)
    for submitters in INDIENER.findall(text):
        for person in re.split(r",\s*| en ", submitters):
            family = person.split()[-1] if person.split() else ""
            if len(family) > 3 and family[0].isupper():
                other = names[(zlib.crc32(family.encode()) + k) % len(names)]
                text = re.sub(rf"\b{re.escape(family)}\b", other, text)
    return new_id, text


def vary_case(data: dict, old_id: str, new_id: str, k: int) -> dict:
    text = shift_dates(json.dumps(data, ensure_ascii=False).replace(old_id, new_id), 7 * k)
    varied = json.loads(text)

    def walk(node: object) -> object:
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str) and GUID.match(value):
                    node[key] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{k}/{value}"))
                elif key in ("Nummer", "DocumentNummer") and isinstance(value, str):
                    # 2023Z20877 -> 3013Z20877 for k = 1: year 3000 + 10k + the last digit of the old year
                    node[key] = re.sub(r"^\d{3}(\d)", lambda m: str(3000 + 10 * k + int(m[1])), value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        return node

    return walk(varied)  # type: ignore[return-value]


def generate(corpus: Path, out: Path, factor: int) -> int:
    """Write the scaled corpus; returns the number of files."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(corpus, out, symlinks=False)  # copy 0: the real corpus
    names = member_family_names()
    cases = {}
    for path in sorted((corpus / "odata" / "zaak-documents").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for document in data.get("Document") or []:
            motion = (document.get("HuidigeDocumentVersie") or {}).get("ExterneIdentifier")
            if motion:
                cases[motion] = (path, data)
    count = sum(1 for p in out.rglob("*") if p.is_file())
    for path in sorted((corpus / "motions-xml").glob("kst-*.xml")):
        if path.name.endswith(".metadata.xml"):
            continue
        doc_id = path.stem
        text = path.read_text(encoding="utf-8")
        for k in range(1, factor):
            new_id, varied = vary_motion(text, doc_id, k, names)
            (out / "motions-xml" / f"{new_id}.xml").write_text(varied, encoding="utf-8")
            count += 1
            if doc_id in cases:
                case_path, data = cases[doc_id]
                target = out / "odata" / "zaak-documents" / f"{case_path.stem}-{k}.json"
                target.write_text(json.dumps(vary_case(data, doc_id, new_id, k), ensure_ascii=False, indent=1),
                                  encoding="utf-8")
                count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--factor", type=int, default=10)
    args = parser.parse_args()
    count = generate(args.corpus, args.out, args.factor)
    print(f"{count} files in {args.out} ({args.factor}x)")


if __name__ == "__main__":
    main()
