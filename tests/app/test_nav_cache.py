"""The main navigation's HTML is kept per application (app/templating.py `cached_nav`), keyed by
everything it shows: a kept menu is exactly the menu rendered afresh, the current page and
the language still change it, and a change of roles shows on the very next page."""

from app.extensions import db
from app.templating import cached_nav


def _nav(client, path):
    page = client.get(path).get_data(as_text=True)
    return page.split('class="site-nav"')[1].split("</nav>")[0]


def _current(nav):
    return nav.split('aria-current="page">')[1].split("<")[0]


def test_a_kept_menu_is_the_menu_rendered_afresh(app, auth, client, make_user):
    auth.login(make_user("coordinator").email)
    first = _nav(client, "/appeals/deadlines")
    assert app.extensions["ses_nav_html"]  # kept
    assert _nav(client, "/appeals/deadlines") == first
    app.extensions["ses_nav_html"].clear()
    assert _nav(client, "/appeals/deadlines") == first


def test_the_current_page_and_the_language_are_part_of_the_key(auth, client, make_user):
    assert _current(_nav(client, "/directory/")) == "Approved providers"
    assert _current(_nav(client, "/directory/?lang=es")) == "Proveedores aprobados"
    assert "Register your organization" not in _nav(client, "/directory/")  # still Spanish
    assert _current(_nav(client, "/directory/?lang=en")) == "Approved providers"
    auth.login(make_user("coordinator").email)
    assert _current(_nav(client, "/home")) == "Home"
    assert _current(_nav(client, "/admin/users")) == "Accounts"


def test_a_role_given_shows_on_the_next_page(auth, client, make_user):
    user = make_user("provider")
    auth.login(user.email)
    assert "Review queue" not in _nav(client, "/home")
    user.set_roles(["provider", "reviewer"])
    db.session.commit()
    assert "Review queue" in _nav(client, "/home")


def test_without_a_key_the_menu_is_rendered_each_time():
    calls = []

    def caller():
        calls.append(1)
        return "<li>menu</li>"

    assert cached_nav(None, caller) == cached_nav(None, caller) == "<li>menu</li>"
    assert len(calls) == 2
