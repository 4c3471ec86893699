"""The read-only JSON API of the directory and its OpenAPI description."""

import pytest

from app.directory.schemas import DistrictSchema, ProviderDetailSchema, ProviderPageSchema


def _valid(schema, data):
    """Load `data` with `schema`: any field missing, mistyped or unknown raises."""
    return schema.load(data)


def test_openapi_lists_the_paths_and_schemas(app, client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] == "SES approved providers"
    for path in (
        "/api/directory/providers",
        "/api/directory/providers/{organization_id}",
        "/api/directory/districts",
    ):
        assert "get" in spec["paths"][path], path
    parameters = {p["name"] for p in spec["paths"]["/api/directory/providers"]["get"]["parameters"]}
    assert {
        "district",
        "subject",
        "grade_span",
        "mode",
        "ell",
        "swd",
        "q",
        "page",
        "per_page",
    } <= parameters
    schemas = spec["components"]["schemas"]
    assert {"ProviderPage", "ProviderDetail", "District"} <= set(schemas)
    assert "hourly_rate" in schemas["ProviderDetail"]["properties"]


def test_providers_page_validates(directory_world, client):
    data = client.get("/api/directory/providers").get_json()
    page = _valid(ProviderPageSchema(), data)
    assert [p["name"] for p in page["items"]] == [
        "Bright Tutors",
        "Messy Learning",
        "Online Math Co",
    ]
    assert (page["total"], page["page"], page["pages"]) == (3, 1, 1)
    bright = data["items"][0]
    assert bright["hourly_rate"] == "38.00"
    assert bright["subjects_by_grade"] == {"reading": ["K-2", "3-5"], "math": ["3-5"]}
    assert [d["label"] for d in bright["districts"]] == ["Rapid City 51-4", "Sioux Falls 49-5"]
    messy = data["items"][1]
    assert messy["hourly_rate"] is None and messy["students_per_instructor"] is None


def test_providers_filters(directory_world, client):
    sioux, rapid, _ = directory_world["districts"]

    def names(**query):
        data = client.get("/api/directory/providers", query_string=query).get_json()
        return [p["name"] for p in data["items"]]

    assert names(district=sioux.id) == ["Bright Tutors"]
    assert names(district=rapid.id, mode="online") == ["Online Math Co"]
    assert names(subject="reading", grade_span="3-5") == ["Bright Tutors"]
    assert names(ell="true") == ["Bright Tutors", "Messy Learning"]
    assert names(swd="true") == ["Online Math Co"]
    assert names(q="phonemic") == ["Bright Tutors"]
    assert names(per_page=1, page=2) == ["Messy Learning"]


@pytest.mark.parametrize(
    "query", ["page=0", "per_page=1000", "district=abc", "mode=teleport", "ell=maybe"]
)
def test_bad_query_is_a_json_422(directory_world, client, query):
    response = client.get(f"/api/directory/providers?{query}")
    assert response.status_code == 422
    assert response.get_json()["code"] == 422


def test_provider_detail_validates(directory_world, client):
    org_id = directory_world["bright"].organization_id
    data = client.get(f"/api/directory/providers/{org_id}").get_json()
    detail = _valid(ProviderDetailSchema(), data)
    assert detail["program_description"].startswith("Our reading model")
    assert detail["certification"] == "Certified teachers"
    assert str(detail["term_ends_on"]) == "2011-06-30"


def test_api_404s_are_json(directory_world, client):
    denied = directory_world["hidden"]["denied"].organization_id
    for path in (
        f"/api/directory/providers/{denied}",
        "/api/directory/providers/99999",
        "/api/directory/providers/abc",
        "/api/directory/nothing-here",
        "/api/directory/providers/99999999999999999999",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.get_json()["code"] == 404, path


def test_districts_validate(directory_world, client):
    data = client.get("/api/directory/districts").get_json()
    districts = _valid(DistrictSchema(many=True), data)
    assert [(d["name"], d["provider_count"]) for d in districts] == [
        ("Pierre", 1),
        ("Rapid City", 2),
        ("Sioux Falls", 1),
    ]


def test_api_is_read_only(app, client):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/directory"):
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule
    assert client.post("/api/directory/providers").status_code == 405


def test_bad_query_argument_names_the_field(client):
    """A malformed query argument answers 422 with the field and its problem, not a bare code."""
    response = client.get("/api/directory/providers?page=abc")
    assert response.status_code == 422
    body = response.get_json()
    assert "page" in str(body["errors"])


def test_providers_page_is_the_schema_dump_of_each_listing(directory_world, client):
    """The page is built from the stored entries without marshmallow: each item must be exactly
    what ProviderSchema dumps of the provider's Listing (malformed values included)."""
    from dataclasses import asdict

    from app.directory.queries import DirectoryFilters, matching_listings
    from app.directory.schemas import ProviderSchema

    expected = []
    for listing in matching_listings(DirectoryFilters()):
        data = asdict(listing)
        data["districts"] = [{"id": i, "label": label} for i, label in listing.districts]
        data["grade_spans"] = list(listing.grade_spans)
        expected.append(ProviderSchema().dump(data))
    assert client.get("/api/directory/providers").get_json()["items"] == expected
