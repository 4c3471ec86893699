"""The state and language filters, and every pack's subjects in the subject filter (MA offers
Science, 001), on the page and in the API."""

import pytest


@pytest.fixture
def two_states(make_district, make_org, make_cycle, make_application):
    sioux = make_district("Sioux Falls", "49-5")
    boston = make_district("Boston", "035", state="MA")
    sd = make_application(
        "approved",
        organization=make_org("Prairie Tutors"),
        cycle=make_cycle("sd-2009"),
        service_area=[sioux],
        program={"subjects_by_grade": {"reading": ["K-2"]}},
        service_summary={"languages": "Lakota"},
    )
    ma = make_application(
        "approved",
        organization=make_org("Harbor Science"),
        cycle=make_cycle("ma-2011"),
        service_area=[boston],
        program={"subjects_by_grade": {"science": ["6-8"]}},
        service_summary={"languages": "Spanish and Portuguese"},
    )
    return sd, ma


def _names(client, query):
    return [p["name"] for p in client.get(f"/api/directory/providers?{query}").get_json()["items"]]


def test_the_form_offers_every_pack_subject_state_and_listed_language(client, two_states):
    html = client.get("/directory/").get_data(as_text=True)
    for option in (
        'value="science"',
        'value="MA"',
        'value="SD"',
        'value="portuguese"',
        'value="lakota"',
    ):
        assert option in html


def test_state_and_language_filter_page_and_api(client, two_states):
    assert "Harbor Science" in client.get("/directory/?state=MA").get_data(as_text=True)
    assert "Prairie Tutors" not in client.get("/directory/?state=MA").get_data(as_text=True)
    assert _names(client, "state=SD") == ["Prairie Tutors"]
    assert _names(client, "language=portuguese") == ["Harbor Science"]
    assert _names(client, "language=Spanish&state=SD") == []
    assert _names(client, "subject=science&grade_span=6-8") == ["Harbor Science"]


@pytest.mark.parametrize(
    "query",
    ["state=ZZ", "state=%00", "language=" + "x" * 300, "language=klingon", "state=MA&page=99"],
)
def test_odd_values_never_fail(client, two_states, query):
    assert client.get(f"/directory/?{query}").status_code == 200
    assert client.get(f"/api/directory/providers?{query}").status_code in (200, 400, 422)


@pytest.mark.parametrize("name", ["subject", "grade_span", "language", "state", "q"])
def test_control_characters_in_api_filters_are_refused_not_failed(client, two_states, name):
    assert client.get(f"/api/directory/providers?{name}=a%00b").status_code in (200, 400, 422)
    assert client.get(f"/directory/?{name}=a%00b").status_code == 200
