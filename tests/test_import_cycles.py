"""No import cycles, on either side: a module graph with a cycle is one where neither module can
be understood (or loaded, or tested) without the other. Server: module-level imports of server
modules (an import inside a function is a deliberate, lazy edge and is left out). Client: every
relative import in client/src, type-only ones included (they still tie the files together)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS_IMPORT = re.compile(r"""^\s*(?:import|export)\b[^'"]*?from\s+['"](\.[^'"]+)['"]""", re.M)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def server_graph() -> dict[str, set[str]]:
    modules = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): path
        for path in (ROOT / "server").rglob("*.py")
    }
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        edges = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:  # top level only
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                # `from server.auth import store` imports the submodule, not the package's names.
                subs = [f"{node.module}.{a.name}" for a in node.names]
                targets = [t if t in modules else node.module for t in subs]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            edges |= {t for t in targets if t in modules and t != name}
        graph[name] = edges
    return graph


def client_graph() -> dict[str, set[str]]:
    src = ROOT / "client" / "src"
    files = [p for p in src.rglob("*.ts*") if p.suffix in {".ts", ".tsx"}]
    graph: dict[str, set[str]] = {}
    for path in files:
        edges = set()
        for target in TS_IMPORT.findall(path.read_text(encoding="utf-8")):
            base = (path.parent / target).resolve()
            for candidate in (
                base.with_name(base.name + ".ts"),
                base.with_name(base.name + ".tsx"),
                base / "index.ts",
            ):
                if candidate.is_file():
                    edges.add(str(candidate.relative_to(src)))
        graph[str(path.relative_to(src))] = edges
    return graph


def test_the_server_has_no_import_cycles() -> None:
    assert cycles(server_graph()) == []


def test_the_client_has_no_import_cycles() -> None:
    graph = client_graph()
    assert len(graph) > 50 and graph["App.tsx"]  # the scan found the modules and their imports
    assert cycles(graph) == []


def test_a_cycle_is_found() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
