"""`_()` and `{% trans %}` on a page rendered for a request (the page's gettext, chosen once
per render by app/i18n.py) give exactly what Jinja's newstyle gettext gives outside one: the
translation, markup under autoescaping, a format string of the call's variables."""

import pytest
from flask import render_template_string

TEMPLATE = (
    '{{ _("Approved providers") }}|{{ _("Not in the catalog: 100%% <b>sure</b>") }}|'
    '{{ _("Approved providers serving %(label)s", label="<Lincoln & Co>") }}|'
    "{% trans label='<i>Sioux Falls</i>' %}Approved providers serving {{ label }}{% endtrans %}|"
    '{% trans count=2, total="2" %}{{ total }} provider{% pluralize %}{{ total }} providers'
    "{% endtrans %}"
)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_page_translates_as_the_template_globals_do(app, language):
    with app.test_request_context(f"/?lang={language}"):
        page = render_template_string(TEMPLATE)  # with the context processors: the page's
        assert page == app.jinja_env.from_string(TEMPLATE).render()  # Jinja's own gettext
    if language == "es":
        assert page.startswith("Proveedores aprobados|")
    assert "100% <b>sure</b>" in page  # a translation is markup, %% is a percent sign
    assert "&lt;Lincoln &amp; Co&gt;" in page and "&lt;i&gt;Sioux Falls" in page


def test_without_autoescaping_nothing_is_escaped(app):
    with app.test_request_context("/?lang=es"):
        text = render_template_string(
            '{% autoescape false %}{{ _("Approved providers serving %(label)s", label="<b>") }}'
            "{% endautoescape %}"
        )
    assert text.endswith("<b>")
