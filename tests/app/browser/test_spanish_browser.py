"""The directory and a provider page in Spanish in a real browser (issue 11): the "Español"
link switches the page, the choice is remembered, and the NC Spanish abstract leads."""

from datetime import date

import pytest

from tests.app.directory.conftest import BRIGHT

pytestmark = pytest.mark.browser
ABSTRACT = "Tutoría de lectura en grupos pequeños después de clases."


def test_directory_and_provider_page_in_spanish(
    live_server, page, make_district, make_org, make_cycle, make_application
):
    with live_server.app_context():
        wake = make_district("Wake County", "920")
        make_application(
            "approved",
            organization=make_org("Bright Tutors"),
            cycle=make_cycle("nc-2009"),
            service_area=[wake],
            program=BRIGHT,
            pack_fields={"abstract_es": ABSTRACT},
            approved_on=date(2009, 7, 17),
        )

    page.goto(live_server.url + "/directory/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="Español").click()
    page.wait_for_url("**lang=es**")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Proveedores aprobados de Servicios Educativos Suplementarios"
    )
    assert page.get_by_label("Distrito escolar").is_visible()

    page.get_by_role("link", name="Bright Tutors").click()  # no ?lang=: the cookie remembers
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", name="Resumen de servicios").is_visible()
    assert page.get_by_role("heading", name="Resumen en español").is_visible()
    assert page.locator("p.lead").inner_text() == ABSTRACT
    assert page.get_by_text("Aprobado del 17 de julio de 2009").is_visible()

    page.get_by_role("link", name="English").click()
    assert page.get_by_role("heading", name="Service summary").is_visible()
