"""The deadlines dashboard and its iCalendar feed (RFC 5545: CRLF lines, folding at 75 octets,
TEXT escaping, all-day and timed events, UIDs unique per installation, SEQUENCE), parsed back with
the icalendar package."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar

from app.extensions import db
from app.models import Condition

CENTRAL = ZoneInfo("America/Chicago")


def _dashboard(client, as_user, world, flow, day, query=""):
    flow.at(day)
    as_user(world.users.coordinator)
    response = client.get(f"/appeals/deadlines{query}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    table = page.split("<tbody>")[1].split("</tbody>")[0]  # the deadlines, not the filter
    return table + page.split("</table>")[1]


def test_dashboard_lists_everything_sorted_and_flags_overdue(
    due_things, world, flow, client, as_user
):
    page = _dashboard(client, as_user, world, flow, "2009-07-14")
    rows = re.findall(r"<tr( class=\"overdue\")?>\s*<td>([A-Z][a-z]+ \d+, 2009)", page)
    assert [d for _, d in rows] == [
        "July 10, 2009",
        "July 15, 2009",
        "July 17, 2009",
        "July 25, 2009",
        "July 30, 2009",
        "August 1, 2009",
    ]
    assert [bool(flag) for flag, _ in rows] == [True, False, False, False, False, False]
    for text in (
        "Monitoring report due",
        "Revised application due",
        "Appeal filing window closes",
        "Condition due",
        "Corrective action plan due",
        "Provider&#39;s response to the monitoring report due",
        "Bright Minds Tutoring",
    ):
        assert text in page, text


def test_dashboard_filters_by_kind_and_drops_closed_windows(
    due_things, world, flow, client, as_user
):
    page = _dashboard(client, as_user, world, flow, "2009-07-14", "?kind=appeal_filing")
    assert "Appeal filing window closes" in page and "Condition due" not in page
    later = _dashboard(client, as_user, world, flow, "2009-07-20")
    assert "Appeal filing window closes" not in later  # the window closed July 17
    junk = _dashboard(client, as_user, world, flow, "2009-07-14", "?kind=%ff%00nonsense")
    assert "Condition due" in junk


def test_one_kind_runs_only_its_collectors_and_finds_the_same(due_things, world, flow):
    """Every kind has exactly its collector; a kind's list is the full list's deadlines of
    that kind."""
    from app.appeals.queries import COLLECTORS, KINDS, collect_deadlines

    assert sorted(k for _, kinds in COLLECTORS for k in kinds) == sorted(KINDS)
    flow.at("2009-07-14")
    day = date(2009, 7, 14)
    everything = collect_deadlines(day)
    assert everything
    for kind in KINDS:
        assert collect_deadlines(day, kind) == [d for d in everything if d.kind == kind], kind


def test_dashboard_shows_clocks_not_started(world, flow, client, as_user):
    flow.remove()
    page = _dashboard(client, as_user, world, flow, "2009-07-01")
    assert "Appeal clocks not started" in page and "Bright Minds Tutoring" in page


def test_committee_deadlines_listed_and_overdue(world, flow, client, as_user):
    flow.to_committee()
    flow.hearing("2009-07-28")
    page = _dashboard(client, as_user, world, flow, "2009-08-12")
    assert "Appeals committee decision due" in page
    assert re.search(r'<tr class="overdue">\s*<td>August 11, 2009', page)
    assert re.search(r"<tr>\s*<td>August 17, 2009", page)
    flow.decide("uphold", day="2009-08-12")
    page = _dashboard(client, as_user, world, flow, "2009-08-12")
    assert "Appeals committee decision due" not in page


def _feed(client):
    response = client.get("/appeals/deadlines.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    return response.data, Calendar.from_ical(response.data)


def _events(calendar):
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_ical_feed_parses(due_things, world, flow, client, as_user, app):
    app.config["SES_INSTALLATION_ID"] = "ses.doe.sd.example"
    flow.at("2009-07-14")
    as_user(world.users.coordinator)
    raw, calendar = _feed(client)
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    events = _events(calendar)
    assert len(events) == 6
    assert all(uid.startswith("ses-") and uid.endswith("@ses.doe.sd.example") for uid in events)
    by_summary = {str(e["SUMMARY"]): e for e in events.values()}
    condition = by_summary["Condition due: Conditional, Inc."]
    assert str(condition["DESCRIPTION"]) == "Proof of insurance; signed, dated"
    assert condition.decoded("DTSTART") == date(2009, 7, 25)
    assert condition.decoded("DTEND") == date(2009, 7, 26)
    window = next(e for s, e in by_summary.items() if s.startswith("Appeal filing"))
    assert window.decoded("DTEND") == date(2009, 7, 18)
    assert any(s.startswith("OVERDUE - Monitoring report due") for s in by_summary)
    assert _events(_feed(client)[1]).keys() == events.keys()  # stable UIDs


def test_ical_timed_deadline_in_the_pack_time_zone(due_things, world, flow, client, as_user):
    flow.at("2009-07-14")
    as_user(world.users.coordinator)
    _, calendar = _feed(client)
    revision = next(e for e in calendar.walk("VEVENT") if "revision" in str(e["UID"]))
    start = revision.decoded("DTSTART")
    assert start == datetime(2009, 7, 15, 17, 0, tzinfo=CENTRAL)
    assert start.utcoffset() == CENTRAL.utcoffset(datetime(2009, 7, 15, 17))
    assert revision["DTSTART"].params["TZID"] == "America/Chicago"
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["America/Chicago"]


def test_ical_sequence_grows_when_an_event_changes(due_things, world, flow, client, as_user):
    from app.audit import record_change

    flow.at("2009-07-09")
    as_user(world.users.coordinator)
    before = {str(e["SUMMARY"]): int(e["SEQUENCE"]) for e in _feed(client)[1].walk("VEVENT")}
    flow.at("2009-07-14")  # the monitoring report is now OVERDUE
    after = {str(e["UID"]): e for e in _feed(client)[1].walk("VEVENT")}
    report = next(e for e in after.values() if "monitoring_report" in str(e["UID"]))
    assert int(report["SEQUENCE"]) == before[str(report["SUMMARY"]).removeprefix("OVERDUE - ")] + 1
    condition = db.session.scalars(db.select(Condition)).one()
    condition.due_on = date(2009, 7, 28)
    record_change(condition, "condition_due_date_moved", actor=world.users.coordinator)
    db.session.commit()
    moved = next(e for e in _feed(client)[1].walk("VEVENT") if "condition" in str(e["UID"]))
    assert int(moved["SEQUENCE"]) > int(after[str(moved["UID"])]["SEQUENCE"])
    assert moved.decoded("DTSTART") == date(2009, 7, 28)


def test_secret_feed_address(world, flow, client, auth, as_user):
    flow.remove()
    flow.certified_mail("2009-07-02")
    as_user(world.users.coordinator)
    made = auth.post(
        "/appeals/deadlines/feed-address",
        {},
        token_from="/appeals/deadlines",
        follow_redirects=True,
    )
    url = re.search(
        r"<code>http://localhost(/appeals/deadlines/feed/[^<]+\.ics)</code>",
        made.get_data(as_text=True),
    ).group(1)
    assert url not in client.get("/appeals/deadlines").get_data(as_text=True)  # shown once
    auth.logout()
    feed = client.get(url)
    assert feed.status_code == 200 and b"Appeal filing window closes" in feed.data
    assert client.get(url.replace("/feed/", "/feed/x")).status_code == 404
    auth.login(world.users.coordinator.email)
    auth.post(
        "/appeals/deadlines/feed-address",
        {},
        token_from="/appeals/deadlines",
        follow_redirects=True,
    )
    auth.logout()
    assert client.get(url).status_code == 404  # replaced by the new address


def test_secret_feed_dies_with_the_coordinator_role(world, app):
    from app.appeals.operations.feed_tokens import feed_user, issue_feed_token

    token = issue_feed_token(world.users.coordinator)
    db.session.commit()
    assert feed_user(token) == world.users.coordinator
    world.users.coordinator.set_roles(["committee"])
    db.session.commit()
    assert feed_user(token) is None
    assert feed_user("") is None and feed_user("x" * 500) is None
