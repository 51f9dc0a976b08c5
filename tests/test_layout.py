"""The folder listing is the architecture: stages import only earlier stages, and the
library never imports the server (checked on the source, with the ast module)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The flow, in order. Top-level modules shared by every stage come first; then the
# stages, the composition root that wires them (pipeline), the evaluation that runs the
# whole pipeline offline, and the CLI and feedback store, which may import anything.
ORDER = [
    "base",
    "text",
    "ingest",
    "index",
    "retrieval",
    "answering",
    "pipeline",
    "evaluation",
    "top",
]
BASE = {"models", "errors", "settings", "answer", "runtime"}


def _stage(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in BASE:
        return "base"
    if parts[1] in ORDER:
        return parts[1]
    return "top"  # pipeline, cli, feedback


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.append(node.module)
            out.extend(f"{node.module}.{a.name}" for a in node.names if node.module == "qa")
        elif isinstance(node, ast.Import):
            out.extend(a.name for a in node.names)
    return out


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def test_no_stage_imports_a_later_stage_and_qa_never_imports_the_server():
    problems = []
    for path in sorted((ROOT / "qa").rglob("*.py")):
        module = _module(path)
        for imported in _imports(path):
            if imported.split(".")[0] == "server":
                problems.append(f"{module} imports {imported}")
            elif imported.startswith("qa.") and ORDER.index(_stage(imported)) > ORDER.index(
                _stage(module)
            ):
                problems.append(f"{module} ({_stage(module)}) imports {imported}")
    assert problems == []


def test_no_import_cycle_between_modules():
    graph = {}
    for path in sorted((ROOT / "qa").rglob("*.py")) + sorted((ROOT / "server").rglob("*.py")):
        module = _module(path)
        graph[module] = {i for i in _imports(path) if i.split(".")[0] in ("qa", "server")}
    modules = set(graph)
    edges = {m: {i for i in deps if i in modules and i != m} for m, deps in graph.items()}
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, stack: list[str]) -> bool:
        state[node] = 1
        for nxt in edges[node]:
            if state.get(nxt) == 1:
                cycle.extend(stack[stack.index(nxt) :] + [nxt] if nxt in stack else [node, nxt])
                return True
            if nxt not in state and visit(nxt, stack + [nxt]):
                return True
        state[node] = 2
        return False

    assert not any(visit(m, [m]) for m in sorted(edges) if m not in state), cycle
