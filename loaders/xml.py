"""Official publication XML (`officiele-publicatie`, schema op-xsd-2014-05-15).

The loader parses the XML and renders it as plain text, one line per element that
carries text (dossier, number, title, date, each paragraph `al`), followed by one line per
metadata field.  It keeps a list of `Marked` spans for what the text alone does not say:
the `isodatum` of a date, the `doc` of an `extref`, which lines are paragraphs and which
are signature names.  The motion extractor (chinakg.extractors.motion) reads that text and
those spans, so every fact has a span in the rendered text as its evidence.

Metadata comes from the embedded `<metadata>` block, or -- when the document only points
to its `metadata.xml` -- from a record lying beside it as `<id>.metadata.xml`.  Such a
record is read together with its document, never loaded on its own.
"""

from __future__ import annotations

from pathlib import Path

from chinakg.loaders.base import Loader, read_bounded, source_of
from chinakg.loaders.normalise import without_format_characters
from lxml import etree

from chinakg.errors import InputError, NotADocument
from chinakg.names import looks_like_name
from chinakg.sources import Marked, ParsedXml, RenderedXml

#: the document types (the element under <officiele-publicatie>) this loader reads
DOCUMENT_TYPES = {"kamerstuk"}
PUBLICATION_ROOT = "officiele-publicatie"
METADATA_ROOTS = ("metadata_gegevens", "owms-metadata")  # metadata.xml and its OWMS variant
METADATA_SUFFIX = ".metadata.xml"
MAX_SIDECAR_BYTES = 1024 * 1024  # a metadata.xml record is a few kB


def parse_xml(path: Path, raw: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(str(path), f"not well-formed XML: {exc}") from exc


def text_of(el: etree._Element) -> str:
    return " ".join(without_format_characters("".join(el.itertext())).split())


OWMS_PREFIX = {"http://purl.org/dc/terms/": "DCTERMS.", "http://standaarden.overheid.nl/oep/meta/": "OVERHEIDop.",
               "http://standaarden.overheid.nl/owms/terms/": "OVERHEID."}
DC_NAMES = {"identifier", "title", "type", "creator", "language"}  # written DC.<name> in metadata.xml


def read_metadata(root: etree._Element) -> dict[str, list[str]]:
    """`<meta name=… content=…>` (embedded), `<metadata name=… content=…>` (metadata.xml) or
    the OWMS variant (`<dcterms:identifier>…</dcterms:identifier>`), as name -> values."""
    found: dict[str, list[str]] = {}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        q = etree.QName(el)
        if q.localname in ("meta", "metadata") and el.get("name") and el.get("content"):
            found.setdefault(el.get("name", ""), []).append(el.get("content", "").strip())
        elif q.namespace in OWMS_PREFIX and len(el) == 0 and (el.text or "").strip():
            prefix = "DC." if q.namespace == "http://purl.org/dc/terms/" and q.localname in DC_NAMES \
                else OWMS_PREFIX[q.namespace]
            found.setdefault(prefix + q.localname, []).append(el.text.strip())
    return found


def sidecar_of(path: Path) -> Path:
    return path.with_name(path.name[: -len(".xml")] + METADATA_SUFFIX) if path.name.endswith(".xml") else path


def render(root: etree._Element, metadata: dict[str, list[str]]) -> RenderedXml:
    out = RenderedXml(metadata=metadata)
    for regel in root.iter("tekstregel"):
        if regel.get("inhoud") == "vergaderjaar":
            out.line(text_of(regel), "year")
    for dossier in root.iter("dossier"):
        number = dossier.find("dossiernummer")
        if number is None:
            continue
        nr = number.find("dossiernr")
        suffix = number.find("begrotingshoofdstuk")
        if suffix is None:
            suffix = number.find("raadnr")
        title = dossier.find("titel")
        out.line(text_of(number) + (f" {text_of(title)}" if title is not None else ""), "dossier",
                 number=text_of(nr) if nr is not None else "",
                 suffix=text_of(suffix) if suffix is not None else "",
                 title=text_of(title) if title is not None else "")
    stuk = root.find(".//stuk")
    if stuk is None:
        return out
    for el in stuk:
        if el.tag == "stuknr":
            nr = el.find("ondernummer")
            out.line(text_of(el), "number", value=text_of(nr) if nr is not None else "")
        elif el.tag == "titel":
            out.line(text_of(el), "title")
        elif el.tag == "datumtekst":
            datum = el.find("datum")
            out.line(text_of(el), "date", isodatum=datum.get("isodatum", "") if datum is not None else "")
    _render_body(stuk, out)
    for name in sorted(metadata):
        for value in metadata[name]:
            out.line(f"{name}: {value}", "meta", name=name, value=value)
    return out


def _render_body(stuk: etree._Element, out: RenderedXml) -> None:
    """Each `al` (and list item) becomes a line; `al`s after "gaat over tot de orde van de
    dag" or inside the closing `al-groep` are the signatures."""
    tekst = stuk.find(".//tekst")
    if tekst is None:
        return
    after_closing = False
    for el in tekst.iter("al", "li"):
        if el.tag == "li" or el.getparent().tag == "li":
            content = text_of(el)
            if content and el.tag == "li":
                out.line(content, "paragraph")
            continue
        content = text_of(el)
        if not content:
            continue
        in_group = el.getparent().tag == "al-groep"
        kind = "signature" if (after_closing or (in_group and _is_last_group(el))) and looks_like_name(content) \
            else "paragraph"
        mark = out.line(content, kind)
        for ref in el.iter("extref"):
            start = out.text.find(text_of(ref), mark.start)
            if start >= 0 and ref.get("doc"):
                out.marks.append(Marked("extref", start, start + len(text_of(ref)), {"doc": ref.get("doc", "")}))
        if "gaat over tot de orde van de dag" in content:
            after_closing = True


def _is_last_group(al: etree._Element) -> bool:
    group = al.getparent()
    return group.getnext() is None


class XmlLoader(Loader):
    name = "xml"

    def parse(self, path: Path, raw: bytes) -> ParsedXml | None:
        root = parse_xml(path, raw)
        tag = etree.QName(root).localname
        if tag in METADATA_ROOTS:
            return _sidecar_alone(path)
        if tag == "Edmx":
            raise NotADocument(str(path), "the OData service's schema description ($metadata), not a document "
                               "or record; skipped")
        if tag != PUBLICATION_ROOT:
            raise InputError(str(path), f"well-formed XML, but of another schema: root element <{tag}>, "
                             f"expected <{PUBLICATION_ROOT}> (official publication XML)")
        _check_document_type(path, root)
        return ParsedXml(source_of(path, raw), render(root, _metadata(path, root)))


def _sidecar_alone(path: Path) -> None:
    """A metadata.xml record is read together with its document, never on its own."""
    document = path.with_name(path.name[: -len(METADATA_SUFFIX)] + ".xml") \
        if path.name.endswith(METADATA_SUFFIX) else None
    if document is not None and document.exists():
        return None
    raise InputError(str(path), "a metadata.xml record without its document beside it "
                     "(expected <id>.xml next to <id>.metadata.xml)")


def _check_document_type(path: Path, root: etree._Element) -> None:
    kind = next((etree.QName(el).localname for el in root if isinstance(el.tag, str)
                 and etree.QName(el).localname != "metadata"), None)
    if kind not in DOCUMENT_TYPES:
        found = f"document type <{kind}>" if kind else "no document element"
        raise InputError(str(path), f"official publication XML with {found}; chinakg reads "
                         f"{', '.join(f'<{t}>' for t in sorted(DOCUMENT_TYPES))} (Kamerstukken)")


def _metadata(path: Path, root: etree._Element) -> dict[str, list[str]]:
    """The embedded metadata, completed from a `<id>.metadata.xml` lying beside the file."""
    metadata = read_metadata(root.find("metadata") if root.find("metadata") is not None else root)
    sidecar = sidecar_of(path)
    if sidecar.exists() and sidecar != path:
        try:
            raw = read_bounded(sidecar, MAX_SIDECAR_BYTES)
        except InputError as exc:
            raise InputError(str(path), f"its metadata record {sidecar.name}: {exc.problem}") from exc
        if len(raw) > MAX_SIDECAR_BYTES:
            raise InputError(str(path), f"its metadata record {sidecar.name} is over {MAX_SIDECAR_BYTES // 1024} kB "
                             "(a metadata.xml is a few kB); not read")
        for name, values in read_metadata(parse_xml(sidecar, raw)).items():
            metadata.setdefault(name, values)
    return metadata
