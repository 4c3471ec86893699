"""workflows/ and rubrics/ stay framework-free (DESIGN.md section 10; CONVENTIONS.md 1).

Every .py file under them is parsed with ``ast``; importing flask, any flask_* package,
sqlalchemy or the app package fails this test.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {"flask", "sqlalchemy", "app", "flask_sqlalchemy", "werkzeug", "jinja2"}
SOURCES = sorted(
    path for package in ("workflows", "rubrics") for path in (ROOT / package).rglob("*.py")
)


def imported_modules(path: Path) -> list[str]:
    """Top-level names of every module ``path`` imports (absolute imports only)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name.split(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module.split(".")[0])
    return names


def is_forbidden(name: str) -> bool:
    return name in FORBIDDEN or name.startswith("flask_")


def test_sources_found():
    assert len(SOURCES) >= 10


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_framework_imports(path):
    bad = [name for name in imported_modules(path) if is_forbidden(name)]
    assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_checker_catches_forbidden_imports(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import flask\nfrom sqlalchemy.orm import Session\nimport flask_login\n"
        "from app.models import Application\nimport datetime\n"
    )
    assert [n for n in imported_modules(sample) if is_forbidden(n)] == [
        "flask",
        "sqlalchemy",
        "flask_login",
        "app",
    ]


# ---- No import cycle inside workflows/ and rubrics/ (issue 12) ----------------------------------
# Every import counts, a lazy one inside a function too (that is how a cycle hides: the
# workflows/policy.py <-> policy_reader.py cycle was one); only imports under
# ``if TYPE_CHECKING:`` do not, since they never run.


def module_name(path: Path, root: Path) -> str:
    """``workflows/policy.py`` -> ``workflows.policy``; a package's ``__init__`` -> the package."""
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def runtime_imports(statements: list[ast.stmt]):
    """The Import/ImportFrom nodes among ``statements`` and everything nested in them, except
    the body of an ``if TYPE_CHECKING:``."""
    for node in statements:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            yield from runtime_imports(node.orelse)
        else:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.stmt):
                    yield from runtime_imports([child])
                else:  # statements nested in expressions' owners (handlers, match cases)
                    yield from runtime_imports(
                        [c for c in ast.iter_child_nodes(child) if isinstance(c, ast.stmt)]
                    )


def _targets(node, module: str, is_package: bool, modules: set[str]) -> set[str]:
    """The modules of ``modules`` that the import ``node`` in ``module`` loads."""
    if isinstance(node, ast.Import):
        found = set()
        for alias in node.names:
            parts = alias.name.split(".")
            while parts and ".".join(parts) not in modules:
                parts.pop()
            if parts:
                found.add(".".join(parts))
        return found
    base = node.module or ""
    if node.level:
        package = module.split(".") if is_package else module.split(".")[:-1]
        package = package[: len(package) - node.level + 1]
        base = ".".join(package + ([node.module] if node.module else []))
    found = {f"{base}.{alias.name}" for alias in node.names} & modules
    if not found and base in modules:
        found = {base}
    return found


def import_graph(root: Path, packages: tuple[str, ...]) -> dict[str, set[str]]:
    """{module: the modules of ``packages`` it imports at run time} for every module under them."""
    paths = {module_name(p, root): p for pkg in packages for p in (root / pkg).rglob("*.py")}
    modules = set(paths)
    graph = {}
    for module, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        graph[module] = set().union(
            *(_targets(node, module, is_package, modules) for node in runtime_imports(tree.body))
        ) - {module}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as [a, b, ..., a], or None when the graph has none."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return stack[stack.index(target) :] + [target]
            if target not in state:
                cycle = visit(target)
                if cycle:
                    return cycle
        state[node] = "done"
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def test_no_import_cycle_in_workflows_and_rubrics():
    graph = import_graph(ROOT, ("workflows", "rubrics"))
    assert "workflows.policy_reader" in graph["workflows.policy"]  # the graph sees imports
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_cycle_finder_sees_lazy_and_relative_imports_but_not_type_checking(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg.b import thing\n")
    (package / "b.py").write_text("def thing():\n    from . import a\n    return a\n")
    (package / "c.py").write_text(
        "from typing import TYPE_CHECKING\nimport pkg.a\nif TYPE_CHECKING:\n    from pkg import d\n"
    )
    (package / "d.py").write_text("import pkg.c\n")
    graph = import_graph(tmp_path, ("pkg",))
    assert graph["pkg.b"] == {"pkg.a"} and graph["pkg.c"] == {"pkg.a"}
    assert find_cycle(graph) == ["pkg.a", "pkg.b", "pkg.a"]
    (package / "b.py").write_text("def thing():\n    return 1\n")
    assert find_cycle(import_graph(tmp_path, ("pkg",))) is None  # c -> d is typing only
