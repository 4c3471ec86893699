"""Template filters and globals: dates in the documents' style, role names, the active pack."""

import threading
from zoneinfo import ZoneInfo

from cachetools import LRUCache
from flask import current_app, has_request_context, request
from flask_login import current_user

from app.clock import pinned_today
from app.core.dates import long_date
from app.core.kept import kept_in
from app.core.policy import default_policy
from app.i18n import current_language
from app.models.users import ROLE_LABELS
from workflows.policy import available_policies, load_policy
from workflows.states import ApplicationState


def timezone_of(where=None):
    """The time zone name to show an instant in: `where` is a zone name, or a record judged
    under a policy pack (a cycle, an application, a letter or version of one, an organization:
    its latest application's pack, else its district's state's). Anything else, or nothing,
    shows in DISPLAY_TIMEZONE if configured, else the default pack's zone (issue 11: NC and MA
    deadlines are Eastern, never shown in Central time)."""
    if isinstance(where, str):
        return where
    code = getattr(where, "policy_code", None)
    if code:
        return load_policy(code).timezone
    for attribute in ("cycle", "application", "organization"):
        inner = getattr(where, attribute, None)
        if inner is not None:
            return timezone_of(inner)
    applications = getattr(where, "applications", None)
    if applications:
        return timezone_of(max(applications, key=lambda a: a.id))
    state = getattr(getattr(where, "district", None), "state", None)
    pack = next((c for c in available_policies() if load_policy(c).state == state), None)
    if pack:
        return load_policy(pack).timezone
    return current_app.config.get("DISPLAY_TIMEZONE") or default_policy().timezone


def format_instant(value, where=None):
    """An instant in the pack's time zone: 'April 9, 2009, 5:00 PM CDT'. `where` is a zone
    name or a record whose pack decides (see `timezone_of`)."""
    if value is None:
        return ""
    local = value.astimezone(ZoneInfo(timezone_of(where)))
    hour = local.strftime("%I").lstrip("0")
    return f"{long_date(local.date())}, {hour}:{local:%M %p %Z}"


# Rendered main navigations kept per application: a few per role set and page, one per provider
# organization (its own link), in each language.
NAV_CACHE_ENTRIES = 1024
_NAV_LOCK = threading.Lock()


def nav_key(items):
    """Everything the main navigation's HTML (base.html) depends on, as a dictionary key: the
    language, the script root (the Home link), the page, signed in or not, and the links."""
    return (
        current_language(),
        request.script_root,
        request.endpoint,
        current_user.is_authenticated,
        tuple((item["url"], item["label"], item["endpoint"]) for item in items),
    )


def cached_nav(key, caller):
    """`{% call cached_nav(nav_key) %}`: the navigation's HTML as rendered once for `key`.

    Why: the coordinator's menu (18 links in five groups, each label translated, each compared
    with the page) was a sixth of a signed-in page's work and the same on every page of the role.
    `key` (see `nav_key`) holds all the block reads, so the kept HTML is exactly what rendering
    it again would give; which links a user sees is still decided per request (`nav_items`), and
    every page still checks its own permission. No key (a template rendered without a request):
    rendered each time.
    """
    if not isinstance(key, tuple):
        return caller()
    with _NAV_LOCK:
        cache = current_app.extensions.get("ses_nav_html")
        if cache is None:
            cache = current_app.extensions["ses_nav_html"] = LRUCache(NAV_CACHE_ENTRIES)
    return kept_in(cache, _NAV_LOCK, key, caller)


def kept_html(holder, caller):
    """`{% call kept_html(ctx) %}`: the block's HTML rendered once per `holder` (and script
    root and language) and kept in it.

    Why: the coordinator's panel is made from figures every coordinator shares, kept
    HOME_PANEL_SECONDS (app/main/queries.py); the HTML made from them is the same for as long as
    they are (a tenth of the home page's work), so it is kept with them and goes when they go. A
    block kept this way reads nothing but `holder`, URLs and settings.
    """
    store = holder.setdefault("kept_html", {})
    key = (request.script_root, current_language())
    html = store.get(key)
    if html is None:
        html = store[key] = caller()
    return html


def register(app):
    """Install filters and context processors on `app`."""
    from app.core.lifecycle import allowed_events
    from workflows import states

    app.jinja_env.filters["date"] = long_date
    # Pages offer a record's actions only for the events its table allows the viewer's role,
    # and name a state by its enum member (`lifecycle_states.AppealState.RESCINDED`).
    app.jinja_env.globals["allowed_events"] = allowed_events
    app.jinja_env.globals["lifecycle_states"] = states
    app.jinja_env.filters["instant"] = format_instant
    app.jinja_env.globals["ROLE_LABELS"] = ROLE_LABELS
    # Templates compare states with the enum, never a literal (issue 12).
    app.jinja_env.globals["ApplicationState"] = ApplicationState
    app.jinja_env.globals["cached_nav"] = cached_nav
    app.jinja_env.globals["kept_html"] = kept_html

    @app.context_processor
    def inject():
        from app.navigation import nav_groups, nav_items

        if not has_request_context():  # a letter rendered by `flask ses sweep`: no user
            return {
                "current_roles": [],
                "nav_items": [],
                "nav_groups": [],
                "nav_key": None,
                "pinned_today": None,
            }
        roles = sorted(current_user.roles) if current_user.is_authenticated else []
        items = nav_items(current_user)
        return {
            "current_roles": roles,
            "nav_items": items,
            "nav_groups": nav_groups(items),
            "nav_key": nav_key(items),
            "pinned_today": pinned_today(),
        }
