"""The house shows the pipeline: rooms import downward only, no cycle (not even a lazy one), small modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import REPO

PACKAGE = REPO / "src" / "dateline"
MAX_LINES = 600

# Each room may import from rooms of a lower rank only (and from itself).
RANK = {
    "model": 0, "source_names": 0, "errors": 0, "resources": 0, "serialize": 0,
    "settings": 1, "request": 1, "protocols": 1, "termvectors": 1,
    "store": 2, "ingest": 2,
    "extract": 3, "exchange": 3,
    "corpus": 4,
    "timeline": 5,
    "query": 6, "verify": 6, "render": 6, "pipeline": 6,
    "eval": 8, "web": 8, "cli": 9, "__main__": 10, "__init__": 10,
}


def _module(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every dateline module a file imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    me = _module(path).split(".")
    package = me if path.name == "__init__.py" else me[:-1]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("dateline")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if not mod.startswith("dateline"):
                continue
            for alias in node.names:  # "from . import records" imports a module
                sub = f"{mod}.{alias.name}"
                out.add(sub if _exists(sub) else mod)
    return out


def _exists(module: str) -> bool:
    path = PACKAGE.parent.joinpath(*module.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


MODULES = {_module(p): p for p in PACKAGE.rglob("*.py")}
GRAPH = {m: {i for i in _imports(p) if i in MODULES and i != m} for m, p in MODULES.items()}


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_no_import_cycles():
    state: dict[str, int] = {}

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for n in sorted(GRAPH[m]):
            if state.get(n) == 1:
                raise AssertionError("import cycle: " + " -> ".join(path[path.index(n):] + [n]))
            if n not in state:
                visit(n, path + [n])
        state[m] = 2

    for m in sorted(GRAPH):
        if m not in state:
            visit(m, [m])


@pytest.mark.parametrize("module", sorted(MODULES))
def test_rooms_import_downward_only(module):
    room = _room(module)
    if room not in RANK:
        pytest.fail(f"{module}: room {room!r} has no rank in tests/test_layout.py")
    upward = [i for i in GRAPH[module] if _room(i) != room and RANK.get(_room(i), 99) > RANK[room]]
    assert not upward, f"{module} imports {upward}, which sit above it"


def test_the_model_imports_nothing_and_the_store_no_stage():
    assert GRAPH["dateline.model"] == set()
    store = {i for m, imports in GRAPH.items() if m.startswith("dateline.store") for i in imports}
    assert not {i for i in store if _room(i) in {"extract", "corpus", "timeline", "pipeline"}}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_stay_small(module):
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module} has {lines} lines; split it"


def test_each_stage_is_one_hop_from_its_folder():
    from dateline.pipeline import CORPUS_STAGES, STAGES

    for _, cls in STAGES:
        assert cls.__module__.startswith("dateline.extract."), cls
    for _, cls in CORPUS_STAGES:
        assert cls.__module__.startswith("dateline.corpus."), cls


def test_the_stage_registry_is_in_the_import_graph():
    """The registry imports the stage classes, so what the pipeline runs is what the graph above checks."""
    from dateline.pipeline import CORPUS_STAGES, STAGES

    edges = GRAPH["dateline.pipeline.stages"]
    missing = [cls.__module__ for _, cls in [*STAGES, *CORPUS_STAGES] if cls.__module__ not in edges]
    assert not missing, f"stages the layout test cannot see: {missing}"
    registry = (PACKAGE / "pipeline" / "stages.py").read_text(encoding="utf-8")
    assert "import_module" not in registry and "importlib" not in registry


def test_no_merge_conflict_markers_are_committed():
    """A merge resolved by hand must leave no marker behind, in code or docs alike."""
    import subprocess

    listed = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True)
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    markers = ("<<<<<<< ", ">>>>>>> ")
    found = []
    for name in listed.stdout.splitlines():
        path = REPO / name
        if path.suffix not in {".py", ".md", ".toml", ".txt", ".html", ".js", ".css", ".cfg", ".yml", ".json"}:
            continue
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        found += [f"{name}:{i}" for i, line in enumerate(lines, 1) if line.startswith(markers)]
    assert not found, found
