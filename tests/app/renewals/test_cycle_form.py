"""The cycle form (DESIGN.md section 5; issue 10 "Cycles"): who may apply, the per-pupil
allotment the NC fee cap divides (003 "Cost of Services"), the Deliberation Meeting the NC
insurance proof runs from (003 "Proof of Insurance"), and the configured pack as the default."""

from datetime import date

import pytest

from app.extensions import db
from app.models import Cycle
from tests.app.reviews.conftest import text_of

FORM = {
    "name": "NC 2009",
    "policy_code": "nc-2009",
    "opens_on": "2009-03-02",
    "due_at": "2009-04-09 17:00",
    "kind": "both",
}


@pytest.fixture
def coordinator(app, auth, make_user):
    make_user("coordinator", email="coord@example.gov")
    auth.login("coord@example.gov")
    return auth


@pytest.mark.parametrize("configured", ["sd-2009", "nc-2009", "ma-2011"])
def test_the_new_cycle_form_defaults_to_the_configured_pack(app, coordinator, client, configured):
    app.config["DEFAULT_POLICY"] = configured
    page = client.get("/review/cycles/new").get_data(as_text=True)
    assert f'<option selected value="{configured}">' in page


def test_kind_allotment_and_meeting_are_saved(coordinator):
    response = coordinator.post(
        "/review/cycles/new",
        {
            **FORM,
            "kind": "renewal",
            "per_pupil_allotment": "1500.50",
            "deliberation_meeting_on": "2009-05-01",
        },
    )
    assert response.status_code == 302
    cycle = db.session.scalar(db.select(Cycle))
    assert (cycle.kind, str(cycle.per_pupil_allotment), cycle.deliberation_meeting_on) == (
        "renewal",
        "1500.50",
        date(2009, 5, 1),
    )


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("per_pupil_allotment", "0", "above $0"),
        ("per_pupil_allotment", "-5", "above $0"),
        ("per_pupil_allotment", "abc", "Not a valid decimal"),
        ("deliberation_meeting_on", "2009-02-30", "Enter a date"),
        ("kind", "sometimes", "Not a valid choice"),
    ],
)
def test_bad_cycle_values_are_refused(coordinator, field, value, message):
    response = coordinator.post("/review/cycles/new", {**FORM, field: value})
    assert response.status_code == 200 and message in text_of(response)
    assert db.session.scalar(db.select(Cycle)) is None
