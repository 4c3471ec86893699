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
        "flask", "sqlalchemy", "flask_login", "app"
    ]
