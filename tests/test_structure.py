"""The code's shape, checked: data flows one way (loaders parse, extractors read, mapping
writes RDF, the gate checks, the store keeps, queries answer), there is no import cycle
between packages, no library function is over 40 lines, no four SPARQL lines are written
twice across the canned queries, and one module picks a store backend.

The checks read the source as text (ast), so they run in a second and need no store.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: where each installed package's source lies in the repository
PACKAGE_DIRS = {"chinakg": ROOT / "chinakg", "chinakg.loaders": ROOT / "loaders",
                "chinakg.graph_store": ROOT / "graph_store"}
MAX_FUNCTION_LINES = 40

#: the stages of the data flow, in order: a module may import an earlier stage, never a later one
STAGES = ["chinakg.loaders", "chinakg.extractors", "chinakg.resolve", "chinakg.mapping", "chinakg.validation",
          "chinakg.graph_store", "chinakg.derive", "chinakg.pipeline"]


def modules() -> dict[str, Path]:
    """Every library module, by its installed dotted name."""
    found: dict[str, Path] = {}
    for package, folder in PACKAGE_DIRS.items():
        for path in sorted(folder.rglob("*.py")):
            rel = path.relative_to(folder).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            if package == "chinakg" and rel.parts[0] in ("loaders", "graph_store"):
                continue
            found[".".join([package, *parts])] = path
    return found


def imports_of(path: Path, name: str) -> set[str]:
    """The chinakg modules a module imports, at any depth of the file (lazy imports count)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out: set[str] = set()
    known = set(modules())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("chinakg")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            if base.startswith("chinakg"):
                named = {f"{base}.{a.name}" for a in node.names}
                out |= named
                if not named <= known:  # a name from the module itself, not only its submodules
                    out.add(base)
    return {m for m in out if m in known and m != name}


def unit(module: str) -> str:
    """The package a module belongs to for the cycle check: a sub-package of chinakg as a
    whole (chinakg.loaders, chinakg.extractors, ...), a top-level module by itself."""
    parts = module.split(".")
    if len(parts) >= 2 and (PACKAGE_DIRS.get(".".join(parts[:2])) or (ROOT / "chinakg" / parts[1]).is_dir()):
        return ".".join(parts[:2])
    return module


def stage_of(module: str) -> int | None:
    for i, stage in enumerate(STAGES):
        if module == stage or module.startswith(stage + "."):
            return i
    return None


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return {name: imports_of(path, name) for name, path in modules().items()}


def test_loaders_import_nothing_of_the_later_stages(graph: dict[str, set[str]]) -> None:
    later = [m for m in STAGES if m != "chinakg.loaders"] + ["chinakg.canned", "chinakg.api"]
    bad = sorted(f"{name} imports {imp}" for name, imps in graph.items() if name.startswith("chinakg.loaders")
                 for imp in imps if any(imp == s or imp.startswith(s + ".") for s in later))
    assert not bad, "\n".join(bad)


def test_no_stage_imports_a_later_one(graph: dict[str, set[str]]) -> None:
    bad = []
    for name, imps in graph.items():
        mine = stage_of(name)
        for imp in imps:
            theirs = stage_of(imp)
            if mine is not None and theirs is not None and theirs > mine:
                bad.append(f"{name} ({STAGES[mine]}) imports {imp} ({STAGES[theirs]})")
    assert not bad, "\n".join(sorted(bad))


def test_no_import_cycle_between_packages(graph: dict[str, set[str]]) -> None:
    edges: dict[str, set[str]] = defaultdict(set)
    for name, imps in graph.items():
        for imp in imps:
            if unit(imp) != unit(name):
                edges[unit(name)].add(unit(imp))
    cycles = []
    for start in sorted(edges):
        stack, seen = [(start, [start])], set()
        while stack:
            node, trail = stack.pop()
            for nxt in sorted(edges.get(node, ())):
                if nxt == start:
                    cycles.append(" -> ".join(trail + [start]))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, trail + [nxt]))
    assert not cycles, "\n".join(sorted(set(cycles)))
    assert len(edges) > 5  # the graph was read


def test_no_library_function_over_40_lines() -> None:
    long = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1  # type: ignore[operator]
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{name}.{node.name}: {length} lines")
    assert not long, "\n".join(sorted(long))


def sparql_lines(path: Path) -> list[str]:
    """The query's lines that carry SPARQL (no comments, blanks or lone braces), white space folded."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text = " ".join(re.sub(r"(^|\s)#.*$", "", line).split())
        if text and text not in ("{", "}", "} }", "}}", ")"):
            lines.append(text)
    return lines


def test_no_four_sparql_lines_written_twice() -> None:
    seen: dict[tuple[str, ...], str] = {}
    repeated = []
    files = sorted((ROOT / "queries").rglob("*.rq"))
    assert len(files) > 10
    for path in files:
        lines = sparql_lines(path)
        for i in range(len(lines) - 3):
            block = tuple(lines[i:i + 4])
            where = f"{path.relative_to(ROOT)}:{i + 1}"
            if block in seen and seen[block].split(":")[0] != where.split(":")[0]:
                repeated.append(f"{where} repeats {seen[block]}: {block[0]!r} …")
            seen.setdefault(block, where)
    assert not repeated, "\n".join(repeated[:20])


def test_one_module_picks_a_store_backend(graph: dict[str, set[str]]) -> None:
    """Only the backend registry names the concrete backends or tells a URL from a folder."""
    registry = "chinakg.graph_store"
    offenders = []
    for name, path in modules().items():
        if name.startswith("chinakg.graph_store"):
            continue
        text = path.read_text(encoding="utf-8")
        for word in ("EmbeddedStore", "RemoteStore", "graph_store.embedded", "graph_store.remote"):
            if word in text:
                offenders.append(f"{name} names {word}")
    assert not offenders, "\n".join(offenders)
    backends = [n for n in graph if n.startswith("chinakg.graph_store.") and n != registry]
    assert backends, "no backend modules found"
