"""The coordinator's home panel: its figures are kept HOME_PANEL_SECONDS per worker (off in
tests by default), keyed by the day, and the page stays flat in queries as data grows."""

from sqlalchemy import event

from app.extensions import db


def _home(client):
    return client.get("/home").get_data(as_text=True)


def _queries(client):
    seen = []

    def count(*args):
        seen.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get("/home").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(seen)


def test_the_figures_are_kept_for_the_interval_then_read_again(
    app, client, auth, make_user, make_application, monkeypatch
):
    auth.login(make_user("coordinator").email)
    make_application("submitted")
    app.config["HOME_PANEL_SECONDS"] = 300
    first = _home(client)
    assert "Submitted" in first or "submitted" in first
    make_user("reviewer")  # one more account
    assert _home(client) == first  # the kept figures
    app.extensions.pop("home_panel_figures")  # as when the interval has passed
    assert _home(client) != first


def test_fresh_when_the_interval_is_zero(client, auth, make_user):
    auth.login(make_user("coordinator").email)
    first = _home(client)
    make_user("reviewer")
    assert _home(client) != first


def test_queries_do_not_grow_with_the_data(client, auth, make_user, make_application):
    auth.login(make_user("coordinator").email)
    make_application("approved")
    few = _queries(client)
    for state in ("approved", "submitted", "conditional", "revisions_needed") * 3:
        make_application(state)
    assert _queries(client) == few


def test_the_kept_panel_html_is_the_panel_rendered_afresh(app, client, auth, make_user):
    auth.login(make_user("coordinator").email)
    app.config["HOME_PANEL_SECONDS"] = 300
    first = _home(client)
    (figures,) = app.extensions["home_panel_figures"].values()
    assert figures["kept_html"]  # the panel's HTML is kept with its figures
    figures["kept_html"].clear()
    assert _home(client) == first
    assert _home(client) == first  # from the kept HTML
