"""The parts that make a build fast, each checked against the slow way it replaced:
the mapping's triple set and its N-Triples against rdflib's, the bulk load of new graphs
and its undo list, the derived update run one operation at a time, and the prepared name
index kept between builds."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from chinakg.graph_store import EmbeddedStore, ntriples
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS, XSD

from chinakg.errors import StoreError
from chinakg.folder import UNFINISHED_LOAD
from chinakg.mapping.builder import Triples
from chinakg.resolve import People, prepared_people
from chinakg.sparql_guard import operations

EX = "http://example.org/"
ODD = ['plain', 'a "quote" and a \\ backslash', "two\nlines\r\n", "tab\there", "ünïcödé 中国", ""]


def odd_triples() -> Triples:
    triples = Triples()
    for i, text in enumerate(ODD):
        s = URIRef(f"{EX}s{i}")
        triples.add((s, RDFS.label, Literal(text)))
        triples.add((s, RDFS.comment, Literal(text, lang="nl")))
        triples.add((s, URIRef(EX + "n"), Literal(i, datatype=XSD.integer)))
        triples.add((s, URIRef(EX + "d"), Literal("2020-02-31", datatype=XSD.date)))  # ill-typed, kept as written
    return triples


def test_triples_serialise_as_rdflib_does() -> None:
    triples = odd_triples()
    text = ntriples(triples)
    assert sorted(text.splitlines()) == sorted(triples.graph().serialize(format="nt").splitlines())
    assert isomorphic(Graph().parse(data=text, format="nt"), triples.graph())
    assert len(text.splitlines()) == len(triples) == 4 * len(ODD)


def test_triples_keep_each_once_in_order_and_remove() -> None:
    triples = Triples()
    a, b = (URIRef(EX + "a"), RDFS.label, Literal("x")), (URIRef(EX + "b"), RDFS.label, Literal("y"))
    for triple in (a, b, a):
        triples.add(triple)
    assert list(triples) == [a, b] and a in triples
    assert triples.value(URIRef(EX + "b"), RDFS.label) == Literal("y")
    assert set(triples.objects(None, RDFS.label)) == {Literal("x"), Literal("y")}
    triples.remove(a)
    assert list(triples) == [b] and a not in triples


def test_the_store_reads_the_payload_back(tmp_path) -> None:
    graph = URIRef(EX + "g")
    with EmbeddedStore(tmp_path / "s") as store:
        store.replace_graphs([(graph, ntriples(odd_triples()))])
        assert isomorphic(store.graph(graph), odd_triples().graph())


def test_new_graphs_load_whole_and_leave_no_undo_list(tmp_path) -> None:
    path = tmp_path / "s"
    with EmbeddedStore(path) as store:
        payload = ntriples(odd_triples())
        store.replace_graphs([(URIRef(EX + "g1"), payload), (URIRef(EX + "g2"), payload)])
        assert not (path / UNFINISHED_LOAD).exists()
        assert store.count() == 2 * len(odd_triples())


def test_a_failed_bulk_load_leaves_nothing(tmp_path) -> None:
    path = tmp_path / "s"
    with EmbeddedStore(path) as store:
        store.replace_graphs([(URIRef(EX + "kept"), ntriples(odd_triples()))])
        broken = ntriples(odd_triples()) + "<http://example.org/x> <not an IRI> .\n"
        with pytest.raises(StoreError, match="cannot write graphs http://example.org/new"):
            store.replace_graphs([(URIRef(EX + "new"), broken)])
        assert store.named_graphs() == [URIRef(EX + "kept")]
        assert not (path / UNFINISHED_LOAD).exists()


def test_a_load_cut_short_is_undone_when_the_store_is_next_opened(tmp_path) -> None:
    """As after a build killed during a bulk load: the undo list names the graphs it was
    writing, one of them only partly written.  A reader is refused with a message naming
    the file; the next writer drops those graphs and keeps everything else."""
    path = tmp_path / "s"
    done, cut = URIRef(EX + "done"), URIRef(EX + "cut")
    with EmbeddedStore(path) as store:
        store.replace_graphs([(done, ntriples(odd_triples()))])
        store.replace_graphs([(cut, ntriples(list(odd_triples())[:3]))])  # the part that reached the disk
    (path / UNFINISHED_LOAD).write_text(json.dumps([str(cut), EX + "never-started"]), encoding="utf-8")
    with pytest.raises(StoreError, match=UNFINISHED_LOAD):
        EmbeddedStore(path, read_only=True)
    assert (path / UNFINISHED_LOAD).exists()  # a reader changes nothing
    with EmbeddedStore(path) as store:
        assert store.named_graphs() == [done]
        assert store.count(done) == len(odd_triples())
    assert not (path / UNFINISHED_LOAD).exists()
    with EmbeddedStore(path, read_only=True) as store:
        assert store.named_graphs() == [done]


def test_update_operations_split_outside_strings_braces_and_comments() -> None:
    update = ('PREFIX a: <http://x/#;>\n# a comment; with { a brace\nINSERT DATA { a:b a:c "x ; y { z" } ;\n'
              'BASE <http://y/>\nDELETE WHERE { GRAPH ?g { ?s a:p ?o } } ;\n  # trailing comment ;\n')
    ops = operations(update)
    assert len(ops) == 2
    assert ops[0].startswith("PREFIX a: <http://x/#;>") and ops[0].endswith('"x ; y { z" }')
    assert ops[1].startswith("PREFIX a: <http://x/#;>\n") and "BASE <http://y/>" in ops[1]
    assert ops[1].endswith("} }")


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> EmbeddedStore:
    """The seeds and ten motions with their cases, built."""
    from chinakg.pipeline import build

    folder = tmp_path_factory.mktemp("small") / "input"
    shutil.copytree(shared / "corpus" / "seeds", folder)
    for motion in sorted((shared / "corpus" / "motions-xml").glob("kst-36*.xml"))[:10]:
        shutil.copy(motion, folder)
        case = shared / "corpus" / "odata" / "zaak-documents" / f"{motion.stem}.json"
        shutil.copy(case, folder / f"{motion.stem}.case.json")
    store = EmbeddedStore(tmp_path_factory.mktemp("small") / "store")
    assert not build(store, [folder], workers=1).rejected
    yield store
    store.close()


def test_the_derived_update_in_operations_gives_the_same_graphs(small_store: EmbeddedStore) -> None:
    """Run whole and run one operation at a time, the derived update writes the same."""
    from chinakg.canned import expand
    from chinakg.derive import DERIVED_UPDATE
    from chinakg.resources import resource_text

    text = expand(resource_text("queries", DERIVED_UPDATE))
    dumps = []
    for run in (lambda s: s.update(text), lambda s: [s.update(op) for op in operations(text)]):
        with EmbeddedStore() as store:
            store._store.load(small_store.dump_nquads(), format=ox.RdfFormat.N_QUADS)
            run(store)
            dumps.append(sorted(store.dump_nquads().decode("utf-8").splitlines()))
    assert len(operations(text)) > 10
    assert dumps[0] == dumps[1]
    for graph in ("aligned", "summaries", "links"):
        assert any(line.endswith(f"/graph/{graph}> .") for line in dumps[0]), graph


def test_prepared_people_are_kept_and_read_back(tmp_path) -> None:
    first = prepared_people(tmp_path)
    kept = list(tmp_path.glob("people-*.pickle"))
    assert len(kept) == 1 and isinstance(first, People)
    second = prepared_people(tmp_path)
    assert sorted(second.members.by_family) == sorted(first.members.by_family)
    day = dt.date(2020, 1, 15)
    match = second.member("Van der Lee", day)
    assert match == first.member("Van der Lee", day) and match.person is not None
    kept[0].write_bytes(b"not a pickle")  # damaged: prepared again, and kept again
    third = prepared_people(tmp_path)
    assert third.member("Van der Lee", day) == match
    assert kept[0].read_bytes() != b"not a pickle"


def test_a_variable_bound_to_several_terms_or_none() -> None:
    from chinakg.graph_store.base import bind_with_values

    graph = URIRef(EX + "g")
    with EmbeddedStore() as store:
        store.replace_graphs([(graph, ntriples(odd_triples()))])
        sparql = f"SELECT ?s ?l WHERE {{ GRAPH <{graph}> {{ #@parameters\n ?s <{RDFS.label}> ?l }} }} ORDER BY ?s"
        two = (URIRef(EX + "s0"), URIRef(EX + "s2"))
        assert [r["s"] for r in store.query(bind_with_values(sparql, {"s": two})).rows] == list(two)
        assert store.query(bind_with_values(sparql, {"s": ()})).rows == []
        both = bind_with_values(sparql, {"s": two, "l": Literal("plain")})
        assert [r["s"] for r in store.query(both).rows] == [URIRef(EX + "s0")]


def test_the_narrowing_lines_of_the_queries() -> None:
    from chinakg.canned import get_query

    assert [v for v, _ in get_query("motions").narrowing] == ["m"]
    assert "ck:theme ?theme" in get_query("motions").narrowing[0][1]
    assert [v for v, _ in get_query("co-submission").narrowing] == ["m"]
    assert "narrowing" not in get_query("motions").description


def test_special_files_in_place_of_the_undo_list_or_the_kept_index_are_not_read(tmp_path) -> None:
    """A named pipe would block a reader: the undo list is refused with a message naming
    it (and the store closed, so it opens again once the file is mended); the kept name
    index is prepared again."""
    path = tmp_path / "s"
    with EmbeddedStore(path) as store:
        store.replace_graphs([(URIRef(EX + "g"), ntriples(odd_triples()))])
    os.mkfifo(path / UNFINISHED_LOAD)
    with pytest.raises(StoreError, match="not a regular file"):
        EmbeddedStore(path)
    (path / UNFINISHED_LOAD).unlink()
    with EmbeddedStore(path) as store:
        assert store.named_graphs() == [URIRef(EX + "g")]
    first = prepared_people(tmp_path / "prepared")
    kept = next((tmp_path / "prepared").glob("people-*.pickle"))
    kept.unlink()
    os.mkfifo(kept)
    again = prepared_people(tmp_path / "prepared")
    assert kept.is_file() and sorted(again.members.by_family) == sorted(first.members.by_family)
