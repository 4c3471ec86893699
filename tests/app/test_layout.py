"""Every area package has the same shape (issue 12: "One shape per area"): its top level holds
only the blueprint (`__init__.py`) and modules with the shared names - `views`, `operations`,
`queries`, `forms`, `permissions`, plus `sweep` (only where it has steps), `api`, `schemas` and
`cli` where it has them. An area with several modules of one kind makes that name a package
(`views/`, `operations/`, `queries/`, `forms/`). `app/core/` (what areas share) and
`app/models/` (the schema) are not areas."""

from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "app"
NOT_AREAS = {"core", "models", "static", "__pycache__"}
MODULES = {
    "__init__",
    "views",
    "operations",
    "queries",
    "forms",
    "permissions",
    "sweep",
    "api",
    "schemas",
    "cli",
}
PACKAGES = {"views", "operations", "queries", "forms"}


def areas():
    return sorted(
        p
        for p in APP.iterdir()
        if p.is_dir() and p.name not in NOT_AREAS and (p / "__init__.py").exists()
    )


def misshapen(area: Path) -> list[str]:
    """What in `area`'s top level has a name outside the shared shape."""
    wrong = []
    for entry in sorted(area.iterdir()):
        if entry.name == "__pycache__":
            continue
        if entry.is_dir():
            if entry.name not in PACKAGES or not (entry / "__init__.py").exists():
                wrong.append(f"{entry.name}/")
            elif (area / f"{entry.name}.py").exists():
                wrong.append(f"{entry.name}.py beside {entry.name}/")
        elif entry.suffix == ".py" and entry.stem not in MODULES:
            wrong.append(entry.name)
    return wrong


def test_there_are_areas():
    assert {"applications", "reviews", "monitoring", "appeals", "directory"} <= {
        a.name for a in areas()
    }


@pytest.mark.parametrize("area", areas(), ids=lambda p: p.name)
def test_area_has_the_shared_shape(area):
    assert misshapen(area) == []


def test_a_stray_module_is_found(tmp_path):
    (tmp_path / "__init__.py").write_text("")
    (tmp_path / "views.py").write_text("")
    (tmp_path / "views_visits.py").write_text("")
    (tmp_path / "helpers").mkdir()
    (tmp_path / "helpers" / "__init__.py").write_text("")
    assert misshapen(tmp_path) == ["helpers/", "views_visits.py"]


def test_module_beside_its_package_is_found(tmp_path):
    (tmp_path / "__init__.py").write_text("")
    (tmp_path / "views.py").write_text("")
    (tmp_path / "views").mkdir()
    (tmp_path / "views" / "__init__.py").write_text("")
    assert misshapen(tmp_path) == ["views.py beside views/"]
