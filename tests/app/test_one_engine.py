"""One engine for every lifecycle (issue 12): a scan of every module under app/ with `ast`.

(a) Only `app/core/lifecycle.py` (`apply_event`) writes an attribute named `state` or `status`:
    no `x.state = ...`, `x.status += ...`, `x.state: str = ...` (tuple targets included), nor
    `setattr(x, "state" | "status", ...)`.
(b) No string literal of a state stands in for the machine's enum: an application state's value
    (`"approved"`) as an operand of any comparison, inside a tuple/list/set compared against
    `.state`, inside `.state.in_(...)`, or as `state="..."`; and any machine's state value the
    same way against an attribute named `status` (`.status == "open"`, `.status.in_(...)`,
    `status="open"`).

Every module must pass; there is no list of exceptions.
"""

import ast
from pathlib import Path

import pytest

from workflows.lifecycles import MACHINES
from workflows.states import ApplicationState

ROOT = Path(__file__).resolve().parents[2]
ENGINE = "app/core/lifecycle.py"
MODULES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "app").rglob("*.py"))

APPLICATION_VALUES = frozenset(s.value for s in ApplicationState)
STATUS_VALUES = frozenset(
    s.value for name, machine in MACHINES.items() if name != "application" for s in machine.states
)
COLUMNS = ("state", "status")


def _literals(node):
    """The string constants of `node`: a constant, or the constants of a tuple/list/set."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return [v for element in node.elts for v in _literals(element)]
    return []


def _is_column(node, column):
    return isinstance(node, ast.Attribute) and node.attr == column


def _targets(node):
    if isinstance(node, ast.Assign):
        targets = list(node.targets)
    elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
        targets = [node.target]
    else:
        return []
    found = []
    while targets:
        target = targets.pop()
        if isinstance(target, (ast.Tuple, ast.List)):
            targets.extend(target.elts)
        elif isinstance(target, ast.Starred):
            targets.append(target.value)
        else:
            found.append(target)
    return found


def state_writes(source, column):
    """Line numbers of `source` that write an attribute named `column`."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if any(_is_column(target, column) for target in _targets(node)):
            lines.append(node.lineno)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "setattr"
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and node.args[1].value == column
        ):
            lines.append(node.lineno)
    return sorted(lines)


def _compare_literals(node, column, values):
    """Literals of `values` a comparison uses: for "state" any application-state operand, and
    collections compared against `.state`; for "status" operands compared against `.status`."""
    operands = [node.left, *node.comparators]
    against_column = any(_is_column(o, column) for o in operands)
    against_status = any(_is_column(o, "status") for o in operands)
    hits = []
    for operand in operands:
        # `.status == "submitted"` is a score sheet's status: the "status" half judges it.
        if column == "state" and isinstance(operand, ast.Constant) and not against_status:
            hits += [v for v in _literals(operand) if v in values]
        elif against_column:
            hits += [v for v in _literals(operand) if v in values]
    return hits


def _constructs(call):
    """A model constructor (`Violation(...)`) or a `filter_by(...)`: where `status=` is a
    column; elsewhere it is an ordinary parameter (a queue filter)."""
    func = call.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
    return name[:1].isupper() or name == "filter_by"


def state_literals(source, column, values):
    """(line, literal) of each state literal of `values` used in place of the enum for
    attributes named `column` (see the module docstring)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        hits = []
        if isinstance(node, ast.Compare):
            hits = _compare_literals(node, column, values)
        elif isinstance(node, ast.Call):
            if (
                isinstance(node.func, ast.Attribute)
                and node.func.attr in ("in_", "not_in")
                and _is_column(node.func.value, column)
            ):
                hits = [v for arg in node.args for v in _literals(arg) if v in values]
            if column == "state" or _constructs(node):
                hits += [
                    v
                    for kw in node.keywords
                    if kw.arg == column
                    for v in _literals(kw.value)
                    if v in values
                ]
        found += [(node.lineno, hit) for hit in hits]
    return sorted(found)


def _read(module):
    return (ROOT / module).read_text(encoding="utf-8")


def test_modules_found():
    assert ENGINE in MODULES and len(MODULES) > 50


@pytest.mark.parametrize("module", [m for m in MODULES if m != ENGINE])
def test_only_the_engine_writes_state(module):
    assert state_writes(_read(module), "state") == [], f"{module} writes .state"


@pytest.mark.parametrize("module", [m for m in MODULES if m != ENGINE])
def test_only_the_engine_writes_status(module):
    assert state_writes(_read(module), "status") == [], f"{module} writes .status"


@pytest.mark.parametrize("module", MODULES)
def test_no_application_state_literals(module):
    assert state_literals(_read(module), "state", APPLICATION_VALUES) == []


@pytest.mark.parametrize("module", MODULES)
def test_no_status_literals(module):
    assert state_literals(_read(module), "status", STATUS_VALUES) == []


def test_the_scan_finds_writes():
    snippet = (
        "application.state = 'approved'\n"
        "a.status, a.met_on = 'met', today\n"
        "case.status += ''\n"
        "row.state: str = 'draft'\n"
        "setattr(visit, 'status', 'closed')\n"
        "other.state_note = 'x'\n"
        "x = application.state\n"
    )
    assert state_writes(snippet, "state") == [1, 4]
    assert state_writes(snippet, "status") == [2, 3, 5]


def test_the_scan_finds_state_literals():
    snippet = (
        "if application.state == 'approved': pass\n"
        "ok = 'draft' != state\n"
        "q = Application.state.in_(('submitted', 'under_review'))\n"
        "if record.state not in ['denied', 'expired']: pass\n"
        "Application(state='draft')\n"
        "if application.state == S.APPROVED: pass\n"
        "if kind == 'renewal': pass\n"
        "message = 'approved'\n"
        "if sheet.status == 'submitted': pass\n"
    )
    assert state_literals(snippet, "state", APPLICATION_VALUES) == [
        (1, "approved"),
        (2, "draft"),
        (3, "submitted"),
        (3, "under_review"),
        (4, "denied"),
        (4, "expired"),
        (5, "draft"),
    ]


def test_the_scan_finds_status_literals():
    snippet = (
        "if condition.status != 'open': pass\n"
        "q = Appeal.status.in_(['filed', 'committee'])\n"
        "Violation(status='alleged')\n"
        "if kind == 'open': pass\n"
        "rows = queue_rows(assignments, status='open')\n"
        "if condition.status == K.OPEN: pass\n"
    )
    assert state_literals(snippet, "status", STATUS_VALUES) == [
        (1, "open"),
        (2, "committee"),
        (2, "filed"),
        (3, "alleged"),
    ]
