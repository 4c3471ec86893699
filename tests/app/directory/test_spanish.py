"""Spanish for the parent-facing pages (issue 11): every message of those pages is in the es
catalog, `?lang=` switches and is remembered, Accept-Language chooses, dates and money follow
the language, and the NC Spanish abstract is shown."""

from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tests.app.directory.conftest import BRIGHT

ROOT = Path(__file__).resolve().parents[3]
PO = ROOT / "translations" / "es" / "LC_MESSAGES" / "messages.po"
ABSTRACT = "Tutoría de lectura en grupos pequeños después de clases."


def _extracted():
    """Every msgid of babel.cfg's files (the parent-facing templates, forms, labels)."""
    with open(ROOT / "babel.cfg") as cfg:
        from babel.messages.frontend import parse_mapping_cfg

        method_map, options_map = parse_mapping_cfg(cfg)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "N_": None}
    for _name, _line, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords=keywords
    ):
        yield message


def test_every_message_of_the_parent_pages_is_translated():
    with PO.open("rb") as po:
        catalog = read_po(po, locale="es")
    found = list(_extracted())
    assert len(found) > 100  # the templates and forms were really read
    untranslated = []
    for message in found:
        key = message[0] if isinstance(message, tuple) else message
        entry = catalog.get(key)
        strings = entry.string if entry is not None else ""
        if not (all(strings) if isinstance(strings, tuple) else strings):
            untranslated.append(key)
    assert untranslated == []


@pytest.fixture
def bright(make_district, make_org, make_cycle, make_application):
    wake = make_district("Wake County", "920")
    return make_application(
        "approved",
        organization=make_org("Bright Tutors"),
        cycle=make_cycle("nc-2009"),
        service_area=[wake],
        program=BRIGHT,
        pack_fields={"abstract_es": ABSTRACT},
        approved_on=date(2009, 7, 17),
        term_ends_on=date(2011, 6, 30),
    )


def _pages(bright):
    district_id = bright.service_area[0].id
    return {
        "/directory/": "Proveedores aprobados de Servicios Educativos Suplementarios",
        f"/directory/providers/{bright.organization_id}": "Resumen de servicios",
        "/directory/districts": "Proveedores aprobados por distrito escolar",
        f"/directory/districts/{district_id}": "Texto para pegar en la carta",
        "/directory/slots?amount=37,000&per_pupil=1,200": "30 estudiantes",
    }


def test_lang_es_renders_spanish_on_every_parent_page(client, bright):
    for url, spanish in _pages(bright).items():
        sep = "&" if "?" in url else "?"
        html = client.get(f"{url}{sep}lang=es").get_data(as_text=True)
        assert spanish in html, url
        assert '<html lang="es">' in html
        assert "Saltar al contenido principal" in html and ">English</a>" in html


def test_english_is_the_default_with_a_link_to_spanish(client, bright):
    for url in _pages(bright):
        html = client.get(url).get_data(as_text=True)
        assert '<html lang="en">' in html and ">Español</a>" in html, url
        assert "Skip to main content" in html


def test_the_choice_is_remembered_in_a_cookie_until_switched_back(client, bright):
    response = client.get("/directory/?lang=es")
    assert client.get_cookie("lang").value == "es"
    assert "Cookie" in response.headers["Vary"]
    assert "Proveedores aprobados por distrito escolar" in client.get(
        "/directory/districts"
    ).get_data(as_text=True)
    client.get("/directory/?lang=en")
    assert client.get_cookie("lang").value == "en"
    html = client.get("/directory/", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert '<html lang="en">' in html  # the remembered choice beats the browser's


def test_accept_language_picks_the_best_of_english_and_spanish(client, bright):
    def lang(header):
        html = client.get("/directory/", headers={"Accept-Language": header}).get_data(True)
        return html.split('<html lang="', 1)[1][:2]

    assert lang("es-MX,es;q=0.9,en;q=0.5") == "es"
    assert lang("fr-FR,en;q=0.8,es;q=0.5") == "en"
    assert lang("de") == "en"
    assert client.get_cookie("lang") is None  # only ?lang= sets the cookie


def test_a_bad_lang_value_is_ignored(client, bright):
    response = client.get("/directory/?lang=<script>")
    assert response.status_code == 200 and '<html lang="en">' in response.get_data(True)
    assert client.get_cookie("lang") is None


def test_the_spanish_abstract_is_shown_and_leads_in_spanish(client, bright):
    url = f"/directory/providers/{bright.organization_id}"
    english = client.get(url).get_data(as_text=True)
    assert "Resumen en español" in english and ABSTRACT in english
    assert '<p class="lead">Small-group phonics tutoring' in english
    spanish = client.get(url + "?lang=es").get_data(as_text=True)
    assert f'<p class="lead" lang="es">{ABSTRACT}</p>' in spanish


def test_dates_and_money_follow_the_language(client, bright):
    url = f"/directory/providers/{bright.organization_id}"
    english = client.get(url).get_data(as_text=True)
    assert "Approved July 17, 2009 through June 30, 2011." in english and "$38.00" in english
    spanish = client.get(url + "?lang=es").get_data(as_text=True)
    assert "Aprobado del 17 de julio de 2009 al 30 de junio de 2011." in spanish
    assert "38,00\xa0US$" in spanish
    slots = client.get("/directory/slots?amount=37,000&per_pupil=1,200&lang=es").get_data(True)
    assert "37.000,00\xa0US$ ÷ 1.200,00\xa0US$ = 30 cupos" in slots


def test_form_labels_and_errors_in_spanish(client, bright):
    html = client.get("/directory/?lang=es").get_data(as_text=True)
    assert "Distrito escolar" in html and "Cualquier materia" in html and "En persona" in html
    slots = client.get("/directory/slots?amount=-5&per_pupil=0&lang=es")
    assert slots.status_code == 200
    assert "El monto no puede ser negativo." in slots.get_data(as_text=True)


def test_the_switch_keeps_the_search_and_survives_odd_query_strings(client, bright):
    html = client.get("/directory/?subject=reading&page=1").get_data(as_text=True)
    assert 'href="/directory/?subject=reading&amp;page=1&amp;lang=es"' in html
    url = f"/directory/providers/{bright.organization_id}"
    for query in ("?organization_id=x", "?_scheme=javascript&_external=1", "?lang=es&lang=en"):
        response = client.get(url + query)
        assert response.status_code == 200, query
        assert "javascript:" not in response.get_data(as_text=True)
