"""The `chinakg` command.  Results go to stdout, messages and progress to stderr.

Exit codes: 0 success; 1 a document was rejected / the data is not conformant;
2 usage, tool or store error.  No traceback reaches the user unless --debug is given.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from chinakg import answers, lookup, tables
from chinakg.errors import DEBUG_ENV, ChinaKGError
from chinakg.settings import (
    BASE,
    CACHE_ENV,
    DEFAULT_CACHE,
    DUMP_FORMATS,
    FILE_MEMORY_MB,
    FILE_SECONDS,
    MAX_FILE_MB,
    ODATA_URL,
    SRU_URL,
    STORE_ENV,
    SYNCFEED_URL,
    resolve_location,
)

EXIT_OK, EXIT_REJECTED, EXIT_ERROR = 0, 1, 2
UNRESOLVED_SHOWN = 20  # unresolved mentions listed after a build; the `unresolved` query has them all


def errors_handled(func: Callable) -> Callable:
    """--debug, and the library's errors as one line with exit code 2 (a traceback only with --debug)."""
    @click.option("--debug", is_flag=True, help="Show Python tracebacks.")
    @functools.wraps(func)
    def wrapper(*args: Any, debug: bool, **kwargs: Any) -> Any:
        if debug:
            os.environ[DEBUG_ENV] = "1"  # build workers let unexpected errors through as well
            return func(*args, **kwargs)
        try:
            return func(*args, **kwargs)
        except ChinaKGError as exc:
            click.echo(f"error: {exc}", err=True)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted; every document already written is complete", err=True)
            sys.exit(130)
        except BrokenPipeError:  # the reader stopped early (`chinakg export | head`): not an error
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush at exit
            sys.exit(EXIT_OK)
        except OSError as exc:  # the system refused: a full disk, a missing folder, no permission
            where = exc.filename if exc.filename is not None else "the output"
            click.echo(f"error: cannot read or write {where}: {exc.strerror or exc}", err=True)
        except MemoryError:
            click.echo("error: out of memory; nothing was written to the store", err=True)
        except Exception as exc:  # a bug: one line for the user, the traceback with --debug
            click.echo(f"error: unexpected {type(exc).__name__}: {exc} (a bug in chinakg; --debug shows the "
                       f"traceback)", err=True)
        sys.exit(EXIT_ERROR)
    return wrapper


def store_option(func: Callable) -> Callable:
    """--store and --debug, shared by every subcommand (as in sqlite-utils)."""
    @click.option("--store", "store_location", envvar=STORE_ENV, default=None, metavar="DIR|URL",
                  help=f"Store folder or SPARQL server URL (else ${STORE_ENV}, else ./chinakg-store).")
    @errors_handled
    @functools.wraps(func)
    def wrapper(*args: Any, store_location: str | None, **kwargs: Any) -> Any:
        return func(*args, store_location=resolve_location(store_location), **kwargs)
    return wrapper


def _count_files(paths: tuple[Path, ...]) -> int:
    """How many files a build will look at (what the progress bar counts to)."""
    from chinakg.pipeline import iter_files

    return sum(1 for _ in iter_files(paths, lambda _rejection: None))


class Progress:
    """Progress of long work on stderr: on a terminal a bar with the count, the rate and the
    time left; otherwise (a log, CI) one line every `every` seconds at most."""

    def __init__(self, label: str, total: int, every: float = 60.0, unit: str = "files") -> None:
        self.label, self.total, self.every, self.unit = label, total, every, unit
        self.done = 0
        self.item = ""
        self.started = self.last = time.monotonic()
        self.bar: Any = None

    def __enter__(self) -> Progress:
        if sys.stderr.isatty():
            self.bar = click.progressbar(length=self.total, label=self.label, file=sys.stderr, show_pos=True,
                                         show_eta=True, item_show_func=lambda _item: self._rate())
            self.bar.__enter__()
        return self

    def _rate(self) -> str:
        seconds = time.monotonic() - self.started
        rate = f"{self.done / seconds:.1f} {self.unit}/s" if seconds > 0 else ""
        return f"{self.item} · {rate}" if self.item else rate

    def step(self, item: str = "") -> None:
        """One more done; `item` names what comes next (shown beside the bar)."""
        self.done += 1
        self.item = item
        if self.bar is not None:
            self.bar.update(1, self.done)
        elif time.monotonic() - self.last >= self.every:
            self.last = time.monotonic()
            rate = self.done / (self.last - self.started)
            left = (self.total - self.done) / rate if rate else 0
            doing = f"; {item}" if item else ""
            click.echo(f"{self.label}: {self.done}/{self.total} {self.unit}, {rate:.1f} {self.unit}/s, about "
                       f"{left:.0f} s left{doing}", err=True)

    def begin(self, stage: str) -> None:
        """A new stage of staged work begins (the one before it is done)."""
        if self.item:
            self.step(stage)
            return
        self.item = stage
        if self.bar is None:
            click.echo(f"{self.label}: {stage}", err=True)

    def __exit__(self, *exc: object) -> None:
        if self.item and self.done < self.total:
            self.step()
        if self.bar is not None:
            self.bar.__exit__(*exc)


def _graph(store_location: str, read_only: bool = True) -> Any:
    """The knowledge graph in the store a command names (imported when a command needs it).
    Only the commands that write (build, remove) open it for writing: a command that reads
    never creates, changes or repairs a store."""
    from chinakg.api import KnowledgeGraph

    return KnowledgeGraph(store_location, read_only=read_only)


@click.group()
@click.version_option(package_name="chinakg")
def main() -> None:
    """chinakg: a knowledge graph of Dutch parliamentary documents on China policy and human rights."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Reload every file, even those whose content is already stored.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes for reading and validating (default: one per core).")
@click.option("--max-file-mb", type=click.FloatRange(min=0, min_open=True), default=MAX_FILE_MB, show_default=True,
              help="Refuse larger files (a Kamerstuk is well under 1 MB of text).")
@click.option("--max-file-seconds", type=click.FloatRange(min=0, min_open=True), default=FILE_SECONDS,
              show_default=True, help="Reject a file whose processing takes longer.")
@click.option("--max-file-memory-mb", type=click.IntRange(min=256), default=FILE_MEMORY_MB, show_default=True,
              help="Memory (address space) of one worker process; a file needing more is rejected.")
@store_option
def build(paths: tuple[Path, ...], force: bool, workers: int | None, max_file_mb: float, max_file_seconds: float,
          max_file_memory_mb: int, store_location: str) -> None:
    """Load files and folders (format detected from content) into the store.

    A file whose content (SHA-256) is already stored is skipped; a changed file replaces its
    document's graph; `chinakg remove` takes documents out."""
    with _graph(store_location, read_only=False) as kg:
        with Progress("building", _count_files(paths)) as progress:
            summary = kg.build(paths, force=force, workers=workers, max_file_mb=max_file_mb,
                               file_seconds=max_file_seconds, file_memory_mb=max_file_memory_mb,
                               progress=lambda _path: progress.step())
    for rejection in summary.rejected:
        click.echo(f"rejected: {rejection.path}: {rejection.reason}", err=True)
    for skipped in summary.skipped:
        click.echo(f"skipped: {skipped.path}: {skipped.reason}", err=True)
    for warning in summary.warnings:
        click.echo(f"warning: {warning}", err=True)
    for note in summary.unresolved[:UNRESOLVED_SHOWN]:
        click.echo(f"unresolved: {note}", err=True)
    if len(summary.unresolved) > UNRESOLVED_SHOWN:
        click.echo(f"unresolved: … and {len(summary.unresolved) - UNRESOLVED_SHOWN} more "
                   f"(`chinakg query unresolved` lists every one)", err=True)
    click.echo(f"{len(summary.loaded)} documents loaded, {len(summary.unchanged)} unchanged, "
               f"{len(summary.rejected)} rejected, {len(summary.skipped)} skipped, "
               f"{len(summary.warnings)} warnings, {len(summary.unresolved)} unresolved, {summary.triples} triples "
               f"in {store_location}", err=True)
    sys.exit(EXIT_REJECTED if summary.rejected else EXIT_OK)


@main.command()
@click.argument("ids", nargs=-1, required=True)
@store_option
def remove(ids: tuple[str, ...], store_location: str) -> None:
    """Remove documents or open-data records from the store, by id (kst-35207-32, tk-zaak-2025Z06903)."""
    with _graph(store_location, read_only=False) as kg:
        missing = kg.remove(ids)
    for doc_id in missing:
        click.echo(f"not in the store: {doc_id}", err=True)
    click.echo(f"{len(ids) - len(missing)} removed", err=True)
    sys.exit(EXIT_REJECTED if missing else EXIT_OK)


@main.command()
@click.argument("ids", nargs=-1)
@click.option("--dossier", metavar="NUMBER", help="Every document of this dossier (35207, 36200-V).")
@click.option("--query", "terms", metavar="CQL", help='Every document a search finds: "china AND mensenrechten".')
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), help="Published on or after (YYYY-MM-DD).")
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="Published on or before (YYYY-MM-DD).")
@click.option("--type", "doc_type", metavar="SOORT", help="Only documents of this kind (Motie, Brief, ...).")
@click.option("--odata", is_flag=True, help="Also the open-data cases, votes, people and parties of the cached "
              "Kamerstukken, and what the SyncFeed lists as changed since the last run.")
@click.option("--cache", "cache_dir", envvar=CACHE_ENV, default=DEFAULT_CACHE, show_default=True,
              type=click.Path(path_type=Path), help=f"Cache folder (else ${CACHE_ENV}).")
@click.option("--refresh", is_flag=True, help="Fetch again what the cache already holds.")
@click.option("--rate", type=click.FloatRange(min=0.01), default=2.0, show_default=True,
              help="At most this many requests a second.")
@click.option("--retries", type=click.IntRange(min=0), default=4, show_default=True,
              help="Attempts after the first, with back-off doubling from 1 s.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds per attempt.")
@click.option("--sru-url", envvar="CHINAKG_SRU_URL", default=SRU_URL, show_default=True)
@click.option("--odata-url", envvar="CHINAKG_ODATA_URL", default=ODATA_URL, show_default=True)
@click.option("--syncfeed-url", envvar="CHINAKG_SYNCFEED_URL", default=SYNCFEED_URL, show_default=True)
@errors_handled
def fetch(ids: tuple[str, ...], dossier: str | None, terms: str | None, date_from: Any, date_to: Any,
          doc_type: str | None, odata: bool, cache_dir: Path, refresh: bool, rate: float, retries: int,
          timeout: float, sru_url: str, odata_url: str, syncfeed_url: str) -> None:
    """Fetch documents (by official id, --dossier or --query) from the official publication
    repository into a local cache; `chinakg build CACHE` then reads them."""
    from chinakg.api import KnowledgeGraph
    from chinakg.fetch import Client, FetchRequest, Sources

    request = FetchRequest(ids, dossier, terms, date_from.date() if date_from else None,
                           date_to.date() if date_to else None, doc_type, odata, refresh)
    if request.is_empty():
        raise click.UsageError("give document ids, --dossier, --query or --odata")
    client = Client(rate=rate, retries=retries, timeout=timeout)
    sources = Sources(sru_url.rstrip("/"), odata_url.rstrip("/"), syncfeed_url.rstrip("/"))
    summary = KnowledgeGraph.fetch(request, cache_dir, client, sources)
    failed = list(summary.failed) + (summary.odata.failed if summary.odata else [])
    for what, why in failed:
        click.echo(f"failed: {what}: {why}", err=True)
    line = (f"{len(summary.fetched)} documents fetched, {len(summary.unchanged)} already cached, "
            f"{len(summary.failed)} failed")
    if summary.odata:
        o = summary.odata
        line += (f"; open data: {len(o.fetched)} records fetched, {len(o.unchanged)} unchanged, {len(o.failed)} "
                 f"failed, {o.feed_entries} new SyncFeed entries")
        for doc_id in o.no_case:
            click.echo(f"no open-data case: {doc_id}", err=True)
    click.echo(f"{line}; {client.requests} requests ({client.retried} retried) into {cache_dir}", err=True)
    sys.exit(EXIT_REJECTED if failed else EXIT_OK)


#: the stages of `chinakg validate`, as KnowledgeGraph.validate names them to `say`
VALIDATE_STAGES = 4


@main.command()
@store_option
def validate(store_location: str) -> None:
    """Validate the whole store against every shape; report grouped by document and shape."""
    with _graph(store_location) as kg, Progress("validating", VALIDATE_STAGES, every=0, unit="stages") as progress:
        validation = kg.validate(say=progress.begin)
    if validation.report.findings:
        click.echo(validation.text())
    click.echo(f"{len(validation.report.violations)} violations, {len(validation.report.warnings)} warnings", err=True)
    sys.exit(EXIT_OK if validation.conforms else EXIT_REJECTED)


class _QueryHelp(click.Command):
    """`chinakg query --help` ends with the names of the canned queries and examples (read
    when help is asked for, so that running a query does not pay for it)."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from chinakg import canned

        with formatter.section("Queries"):
            formatter.write_dl([(q.name, q.title) for q in canned.list_queries()])
        with formatter.section("Examples"):
            formatter.write_text("chinakg query motions --format csv\n\n"
                                 "chinakg query china-motions -p theme=xinjiang\n\n"
                                 "chinakg query party-votes -p party=d66\n\n"
                                 "chinakg query documents -p kind=letter --format json\n\n"
                                 "chinakg query --list     (each query's columns and parameters)")


@main.command(cls=_QueryHelp)
@click.argument("name", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="K=V", help="Query parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(tables.FORMATS), default="table")
@click.option("--list", "list_them", is_flag=True, help="List the canned queries.")
@click.option("--show", is_flag=True, help="Print the query as plain SPARQL (fragments and PREFIXes put in), "
              "for YASGUI or another store; nothing is run.")
@store_option
def query(name: str | None, params: tuple[str, ...], fmt: str, list_them: bool, show: bool,
          store_location: str) -> None:
    """Run a canned query by NAME (see --list).  Without parameters, the answer kept when
    the store was built is printed, if the store has one (chinakg.answers)."""
    if list_them or not name:
        _list_queries()
        return
    if show:
        from chinakg import canned

        click.echo(canned.get_query(name).text, nl=False)
        return
    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r} is not K=V", param_hint="--param")
        if key in values:
            raise click.BadParameter(f"{key} is given twice ({values[key]!r} and {value!r}); give it once",
                                     param_hint="--param")
        values[key] = value
    key = answers.answer_name(name, values)
    kept = answers.read_locked(Path(store_location), key) if key is not None else None
    if kept is not None:  # read and printed without loading the RDF libraries
        tables.write_rows(kept.columns, kept.iter_rows(), fmt, sys.stdout)
        return
    found = lookup.answer(Path(store_location), name, values) if values else None
    if found is not None:  # bound and run without them (chinakg.lookup), as the API would
        tables.write_rows(*found, fmt, sys.stdout)
        return
    with _graph(store_location) as kg:
        rows = kg.query(name, **values)
    click.echo(tables.format_rows(rows.columns, rows, fmt), nl=False)


def _list_queries() -> None:
    from chinakg import canned

    for q in canned.list_queries():
        click.echo(f"{q.name}: {q.title}\n    {q.description}\n    columns: {', '.join(q.columns)}")
        for p in q.parameters.values():
            need = "required" if p.required else "optional"
            click.echo(f"    --param {p.name}=... ({p.type}, {need}): {p.description}")


def _is_file(name: str) -> bool:
    """Whether a command-line argument names a file (a query's text is too long, or holds
    characters, for a file name)."""
    try:
        return Path(name).is_file()
    except (OSError, ValueError):
        return False


@main.command()
@click.argument("query_or_file")
@click.option("--format", "fmt", type=click.Choice(tables.FORMATS), default="table")
@store_option
def sparql(query_or_file: str, fmt: str, store_location: str) -> None:
    """Run a SPARQL query given as text, as a file name, or as - (read from standard input)."""
    if query_or_file == "-":
        text = sys.stdin.read()
    elif _is_file(query_or_file):
        text = Path(query_or_file).read_text(encoding="utf-8")
    else:
        text = query_or_file
    with _graph(store_location) as kg:
        result = kg.sparql(text)
    if result.kind == "ask":
        click.echo("true" if result.boolean else "false")
    elif result.kind == "graph":
        assert result.graph is not None
        click.echo(result.graph.serialize(format="turtle"), nl=False)
    else:
        rows = [{v: "" if r.get(v) is None else str(r[v]) for v in result.variables} for r in result.rows]
        click.echo(tables.format_rows(result.variables, rows, fmt), nl=False)


@main.command()
@click.option("--format", "fmt", type=click.Choice(DUMP_FORMATS), default="nquads")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None)
@store_option
def export(fmt: str, output: Path | None, store_location: str) -> None:
    """Export the store (N-Quads, TriG or JSON-LD keep the named graphs; Turtle and N-Triples merge them)."""
    with _graph(store_location) as kg:
        if output:
            kg.export(output, fmt)
            click.echo(f"wrote {output}", err=True)
        else:
            kg.export(sys.stdout.buffer, fmt)


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("report.html"), show_default=True)
@click.option("--title", default="chinakg report", show_default=True)
@store_option
def report(output: Path, title: str, store_location: str) -> None:
    """Write a self-contained HTML report: charts and key tables (no internet needed to view it)."""
    with _graph(store_location) as kg:
        page = kg.report(title)
    output.write_text(page, encoding="utf-8")
    click.echo(f"wrote {output}", err=True)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--base-iri", default=BASE, show_default=True,
              help="IRIs under this prefix are served at their path (/id/doc/... for <BASE>id/doc/...).")
@click.option("--public-url", default=None, metavar="URL",
              help="Where clients reach this server (for VoID and dump links); default: the address it "
                   "listens on.  The request's Host header is never used.")
@click.option("--timeout", default=30.0, show_default=True, type=float, help="Seconds a query may run.")
@click.option("--max-rows", default=10_000, show_default=True, type=int,
              help="Rows or triples a query returns at most.")
@click.option("--max-result-mb", default=64.0, show_default=True, type=click.FloatRange(min=0, min_open=True),
              help="Bytes of one answer at most; rows past it are cut off (and the answer says so).")
@click.option("--workers", default=2, show_default=True, type=int, help="Query worker processes.")
@click.option("--worker-memory-mb", default=4096, show_default=True, type=click.IntRange(min=512),
              help="Memory (address space) of one query worker; a query needing more is stopped and refused.")
@click.option("--per-client", default=None, type=click.IntRange(min=1),
              help="Queries one client address may run at once (default: all workers but one); more get 429.")
@click.option("--allow-updates", is_flag=True, help="Accept SPARQL updates that carry the token.")
@click.option("--update-token", envvar="CHINAKG_UPDATE_TOKEN", default=None,
              help="Bearer token for updates (else $CHINAKG_UPDATE_TOKEN).")
@click.option("--license", "license_iri", default=None, metavar="IRI",
              help="Licence IRI in the dataset description (default CC BY 4.0).")
@click.option("--cache-mb", default=256.0, show_default=True, type=click.FloatRange(min=0),
              help="Answers of canned queries and pages kept until the store changes (0: none).")
@click.option("--publisher", default="chinakg", show_default=True, metavar="NAME",
              help="Who publishes the dataset (dcterms:publisher in the dataset description).")
@click.option("--publisher-iri", default=None, metavar="IRI", help="The publisher's own IRI, if it has one.")
@store_option
def serve(host: str, port: int, base_iri: str, public_url: str | None, timeout: float, max_rows: int,
          max_result_mb: float, workers: int, worker_memory_mb: int, per_client: int | None, allow_updates: bool,
          update_token: str | None, license_iri: str | None, cache_mb: float, publisher: str,
          publisher_iri: str | None, store_location: str) -> None:
    """Publish the graph over HTTP: SPARQL endpoint, canned queries, linked-data pages, VoID, dumps."""
    from chinakg.server.app import ServerConfig, make_server
    from chinakg.server.dataset import DEFAULT_LICENSE, Publisher

    config = ServerConfig(store=store_location, host=host, port=port, base_iri=base_iri, public_url=public_url,
                          timeout=timeout, max_rows=max_rows, max_result_mb=max_result_mb, workers=workers,
                          worker_memory_mb=worker_memory_mb, per_client=per_client, allow_updates=allow_updates,
                          update_token=update_token, license=license_iri or DEFAULT_LICENSE,
                          cache_mb=cache_mb, publisher=Publisher(publisher, publisher_iri))
    server, publication = make_server(config)
    click.echo(f"serving {store_location} at http://{host}:{server.server_address[1]}/ "
               f"({publication.stats['documents']} documents, {publication.stats['triples']} triples; "
               f"updates {'allowed with the token' if allow_updates else 'refused'})", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        publication.close()


@main.group()
def ontology() -> None:
    """Ontology tools."""


@ontology.command("check")
@click.option("--with-store", is_flag=True, help="Also reason over everything in the store.")
@store_option
def ontology_check(with_store: bool, store_location: str) -> None:
    """Check with HermiT (through owlready2) that the ontology, vocabularies and reference
    graph (and, with --with-store, the built documents) are consistent."""
    from chinakg.graph_store import open_store
    from chinakg.ontology_check import check_consistency
    from chinakg.refgraph import load_reference_graph

    extra = load_reference_graph()
    if with_store:
        with open_store(store_location, read_only=True) as store:
            for g in store.document_graphs():
                extra += store.graph(g)
    result = check_consistency(extra)
    click.echo(f"{result.message} ({result.triples} triples, {result.classes} classes)")
    sys.exit(EXIT_OK if result.consistent else EXIT_REJECTED)


@main.group()
def reference() -> None:
    """Reference graph tools."""


@reference.command("rebuild")
@click.option("--shared", type=click.Path(path_type=Path, file_okay=False), default=Path("../shared"),
              show_default=True, help="The shared data folder.")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("reference"),
              show_default=True, help="Where to write reference.ttl and report.md.")
@store_option
def reference_rebuild(shared: Path, out: Path, store_location: str) -> None:
    """Regenerate the reference graph and its conflicts-and-gaps report from ../shared."""
    from chinakg.refbuild import rebuild_reference

    triples, ttl, report = rebuild_reference(shared, out)
    click.echo(f"{triples} triples -> {ttl}; report -> {report}", err=True)
