"""The public directory in a real browser: an approved provider appears under its district and
the filters narrow the list."""

import pytest

from tests.app.directory.conftest import BRIGHT, ONLINE

pytestmark = pytest.mark.browser


def test_directory_lists_approved_provider_under_its_district(
    live_server, page, make_district, make_org, make_application
):
    with live_server.app_context():
        sioux, rapid = make_district("Sioux Falls", "49-5"), make_district("Rapid City", "51-4")
        make_application(
            "approved",
            organization=make_org("Bright Tutors"),
            service_area=[sioux, rapid],
            program=BRIGHT,
        )
        make_application(
            "approved",
            organization=make_org("Online Math Co"),
            service_area=[rapid],
            program=ONLINE,
        )
        make_application(
            "denied", organization=make_org("Denied Org"), service_area=[sioux], program=BRIGHT
        )

    page.goto(live_server.url + "/directory/")
    results = page.locator("table.directory tbody th[scope=row] a")
    assert results.all_inner_texts() == ["Bright Tutors", "Online Math Co"]

    page.get_by_label("School district").select_option(label="Sioux Falls 49-5")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/directory/?district=*")
    assert results.all_inner_texts() == ["Bright Tutors"]
    assert page.get_by_label("School district").input_value() != ""  # the filter keeps it

    page.get_by_label("School district").select_option(label="Rapid City 51-4")
    page.get_by_label("Mode of delivery").select_option("online")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**mode=online**")
    assert results.all_inner_texts() == ["Online Math Co"]

    page.get_by_role("link", name="Online Math Co").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Online Math Co"
    assert page.get_by_text("One-to-one algebra coaching over video.").first.is_visible()

    page.goto(live_server.url + "/directory/districts")
    page.get_by_role("link", name="Sioux Falls").click()
    assert page.locator("article.provider-entry h3").all_inner_texts() == ["Bright Tutors"]
