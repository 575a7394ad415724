"""The layers import one way only: no cycle among the package's modules, and no build tooling at run time.

Imports are read from the source (every ``import`` and ``from ... import``,
inside functions too), leaving out only those under ``if TYPE_CHECKING:``,
which never run.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import binhduong_corpus

PACKAGE = Path(binhduong_corpus.__file__).resolve().parent
NAME = "binhduong_corpus"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node, skipping the bodies of ``if TYPE_CHECKING:`` blocks."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
            yield from (n for child in node.orelse for n in [child, *_runtime_nodes(child)])
            continue
        yield node
        yield from _runtime_nodes(node)


def _resolve(module: str, node: ast.ImportFrom) -> list[str]:
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    base = package
    for _ in range(node.level - 1):
        base = base.rpartition(".")[0]
    target = f"{base}.{node.module}" if node.level and node.module else (base if node.level else node.module or "")
    # "from . import x" imports the submodule x when there is one.
    found = [f"{target}.{alias.name}" for alias in node.names if f"{target}.{alias.name}" in MODULES]
    return found or [target]


def imports(module: str) -> set[str]:
    """The package modules ``module`` imports at run time (a package counts as its __init__)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            found |= set(_resolve(module, node))
    return {name for name in found if name in MODULES and name != module}


GRAPH = {module: imports(module) for module in MODULES}


def _cycle_from(start: str) -> list[str] | None:
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for nxt in sorted(GRAPH[node]):
            if nxt == start:
                return [*path, start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return None


def test_the_import_graph_is_read_from_the_source() -> None:
    """The reader sees imports inside functions and skips TYPE_CHECKING ones, so the next test means something."""
    assert f"{NAME}._corpus" in GRAPH[f"{NAME}.load"]  # imported inside load_records()
    assert f"{NAME}._store" in GRAPH[f"{NAME}.load"]
    assert f"{NAME}._relations" not in GRAPH[NAME]  # only under TYPE_CHECKING in __init__


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_import_cycle(module: str) -> None:
    cycle = _cycle_from(module)
    assert cycle is None, " -> ".join(cycle or [])


LAYERS = [  # bottom first; a module may import only from its own layer or those below
    {"errors", "_version", "_schema_lock", "_layout", "_fingerprint", "_files", "_commandline", "_fileform"}
    | {"_render"},
    {"_store"},
    {"records", "_columns", "schema", "_tableschema", "_links", "_edtf", "_iso3166", "_metadata", "_convert"}
    | {"_arguments"},
    {"_arrow", "_interop", "_pictures"},
    {"_corpus"},
    {"_query", "_relations", "_search", "_postings", "_docsets", "_release", "_cite", "_export", "_context"},
    {"load", "plot", "_description"},
    {"", "cli", "__main__"},
]


def _layer(module: str) -> int:
    short = module.removeprefix(NAME).removeprefix(".")
    return next(i for i, layer in enumerate(LAYERS) if short in layer)


@pytest.mark.parametrize("module", sorted(m for m in MODULES if not m.startswith(f"{NAME}.build")))
def test_runtime_modules_import_downwards_and_never_the_build(module: str) -> None:
    for target in GRAPH[module]:
        assert not target.startswith(f"{NAME}.build"), f"{module} imports build tooling {target}"
        assert _layer(target) <= _layer(module), (
            f"{module} (layer {_layer(module)}) imports {target} ({_layer(target)})"
        )


def test_every_runtime_module_has_a_layer() -> None:
    for module in MODULES:
        if not module.startswith(f"{NAME}.build"):
            _layer(module)


@pytest.mark.parametrize(
    "code",
    [
        "b.events(); b.get('pt-icf'); b.related('pt-icf'); b.search('wta'); b.query('events', year=2019)",
        "b.cite(); b.cite_sources('pt-icf'); b.verify(); b.diff(None); b.timeline_table()",
        "from binhduong_corpus.cli import main; main([]); main(['show', 'pt-icf']); main(['verify'])",
    ],
)
def test_everyday_paths_import_no_build_module(code: str, run_python: Callable[..., object]) -> None:
    script = f"import sys, json, binhduong_corpus as b\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    result = run_python(script)
    assert result.returncode == 0, result.stderr  # type: ignore[attr-defined]
    loaded = set(json.loads(result.stdout.splitlines()[-1]))  # type: ignore[attr-defined]
    assert not {m for m in loaded if m.startswith(f"{NAME}.build")}
    assert "tomllib" not in loaded
