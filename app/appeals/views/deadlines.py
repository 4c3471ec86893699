"""The coordinator's deadlines dashboard and its iCalendar feed.

The feed is reachable two ways: signed in (the session, like every page) and at a secret address
a coordinator makes for calendar programs, which cannot sign in. The secret address is per user,
replaced when a new one is made, and dead once the user stops being an active coordinator.
"""

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required

from app.appeals import bp
from app.appeals.forms import FeedTokenForm
from app.appeals.operations.feed_tokens import feed_user, issue_feed_token
from app.appeals.permissions import can_view_deadlines
from app.appeals.queries import KINDS, clocks_not_started, collect_deadlines, sequences
from app.appeals.views.ical import installation_id, render_calendar
from app.clock import now, today
from app.pagination import paginate_list
from app.reminders.operations import (
    sending as reminders,  # a module: app.reminders imports app.appeals
)

NEW_FEED_URL = "appeals_new_feed_url"
# Deadlines are computed in working days from open items only (app/appeals/queries.py), so the
# list is sorted and cut in Python; the feed keeps all of them.
DEADLINES_PER_PAGE = 50


@bp.route("/deadlines")
@login_required
def deadlines():
    """Everything due or overdue, sorted by date, optionally one kind only."""
    if not can_view_deadlines(current_user):
        abort(403)
    kind = request.args.get("kind") or None
    if kind not in KINDS:
        kind = None
    day = today()
    page = paginate_list(collect_deadlines(day, kind), per_page=DEADLINES_PER_PAGE)
    return render_template(
        "appeals/deadlines.html",
        page=page,
        kind=kind,
        kinds=KINDS,
        reminders=reminders.reminder_dates(page.items),
        not_started=clocks_not_started(),
        day=day,
        feed_form=FeedTokenForm(),
        new_feed_url=session.pop(NEW_FEED_URL, None),
    )


def _calendar_response(deadlines):
    body = render_calendar(
        deadlines,
        stamp=now(),
        sequences=sequences(deadlines),
        domain=installation_id(current_app.config),
        base_url=request.host_url.rstrip("/"),
    )
    return Response(
        body,
        mimetype="text/calendar",
        headers={
            "Content-Disposition": 'inline; filename="ses-deadlines.ics"',
            "Cache-Control": "private, no-store",
        },
    )


@bp.route("/deadlines.ics")
@login_required
def deadlines_ics():
    """The deadlines as an iCalendar file (signed in)."""
    if not can_view_deadlines(current_user):
        abort(403)
    return _calendar_response(collect_deadlines(today()))


@bp.route("/deadlines/feed/<token>.ics")
def deadlines_feed(token):
    """The same feed at a coordinator's secret address (no sign-in; unknown token -> 404)."""
    if feed_user(token) is None:
        abort(404)
    return _calendar_response(collect_deadlines(today()))


@bp.route("/deadlines/feed-address", methods=["POST"])
@login_required
def new_feed_address():
    """Make (or replace) the signed-in coordinator's secret feed address; shown once."""
    if not can_view_deadlines(current_user):
        abort(403)
    if not FeedTokenForm().validate_on_submit():
        abort(400)
    token = issue_feed_token(current_user)
    session[NEW_FEED_URL] = url_for("appeals.deadlines_feed", token=token, _external=True)
    flash("A new calendar address was made; any earlier one no longer works.", "success")
    return redirect(url_for("appeals.deadlines"))
