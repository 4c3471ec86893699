"""The deadlines dashboard and its iCalendar feed (RFC 5545: CRLF lines, folding at 75 octets,
TEXT escaping, all-day events with stable UIDs)."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from app.appeals.ical import escape_text, fold
from app.extensions import db
from app.models import Condition, CorrectiveAction, MonitoringVisit

CENTRAL = ZoneInfo("America/Chicago")


@pytest.fixture
def due_things(world, flow, make_application, make_org):
    """One deadline of each kind the monitoring and review areas keep, plus the removal's
    appeal window (notice received July 2, 2009 -> due July 17)."""
    coordinator = world.users.coordinator
    revising = make_application("revisions_needed", organization=make_org("Revising Co"),
                                revision_due_at=datetime(2009, 7, 15, 17, 0, tzinfo=CENTRAL))
    conditional = make_application("conditional", organization=make_org("Conditional, Inc."))
    db.session.add(Condition(application_id=conditional.id, kind="insurance_proof",
                             description="Proof of insurance; signed, dated", due_on=date(2009, 7, 25)))
    late_report = MonitoringVisit(application_id=world.other_application.id,
                                  visit_on=date(2009, 6, 19), status="recorded",
                                  recorded_on=date(2009, 6, 19), recorded_by_id=coordinator.id,
                                  report_due_on=date(2009, 7, 10))
    reported = MonitoringVisit(application_id=world.other_application.id,
                               visit_on=date(2009, 6, 1), status="report_issued",
                               recorded_on=date(2009, 6, 1), recorded_by_id=coordinator.id,
                               report_due_on=date(2009, 6, 22), report_issued_on=date(2009, 6, 20),
                               report_issued_by_id=coordinator.id, response_due_on=date(2009, 8, 1))
    db.session.add_all([late_report, reported])
    db.session.flush()
    db.session.add(CorrectiveAction(visit_id=reported.id, indicator="student_ratio",
                                    due_on=date(2009, 7, 30)))
    db.session.commit()
    flow.remove()
    flow.certified_mail("2009-07-02")
    return revising


def _dashboard(client, as_user, world, flow, day, query=""):
    flow.at(day)
    as_user(world.users.coordinator)
    response = client.get(f"/appeals/deadlines{query}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    table = page.split("<tbody>")[1].split("</tbody>")[0]  # the deadlines, not the filter
    return table + page.split("</table>")[1]


def test_dashboard_lists_everything_sorted_and_flags_overdue(due_things, world, flow, client,
                                                             as_user):
    page = _dashboard(client, as_user, world, flow, "2009-07-14")
    rows = re.findall(r"<tr( class=\"overdue\")?>\s*<td>([A-Z][a-z]+ \d+, 2009)", page)
    assert [d for _, d in rows] == ["July 10, 2009", "July 15, 2009", "July 17, 2009",
                                    "July 25, 2009", "July 30, 2009", "August 1, 2009"]
    assert [bool(flag) for flag, _ in rows] == [True, False, False, False, False, False]
    for text in ("Monitoring report due", "Revised application due", "Appeal filing window closes",
                 "Condition due", "Corrective action plan due",
                 "Provider&#39;s response to the monitoring report due", "Bright Minds Tutoring"):
        assert text in page, text


def test_dashboard_filters_by_kind_and_drops_closed_windows(due_things, world, flow, client,
                                                            as_user):
    page = _dashboard(client, as_user, world, flow, "2009-07-14", "?kind=appeal_filing")
    assert "Appeal filing window closes" in page and "Condition due" not in page
    later = _dashboard(client, as_user, world, flow, "2009-07-20")
    assert "Appeal filing window closes" not in later  # the window closed July 17
    junk = _dashboard(client, as_user, world, flow, "2009-07-14", "?kind=%ff%00nonsense")
    assert "Condition due" in junk


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


def _unfold(text):
    return text.replace("\r\n ", "")


def test_ical_feed_parses(due_things, world, flow, client, as_user):
    flow.at("2009-07-14")
    as_user(world.users.coordinator)
    response = client.get("/appeals/deadlines.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    raw = response.get_data()
    text = raw.decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")  # every line ends in CRLF
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    lines = _unfold(text).split("\r\n")
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 6
    starts = [line for line in lines if line.startswith("DTSTART")]
    assert starts[0] == "DTSTART;VALUE=DATE:20090710"
    assert "DTEND;VALUE=DATE:20090718" in lines  # the appeal window's all-day event
    uids = [line for line in lines if line.startswith("UID:")]
    assert len(set(uids)) == 6
    assert "SUMMARY:Condition due: Conditional\\, Inc." in lines
    assert "DESCRIPTION:Proof of insurance\\; signed\\, dated" in lines
    assert any(line.startswith("SUMMARY:OVERDUE - Monitoring report due") for line in lines)
    again = client.get("/appeals/deadlines.ics").get_data(as_text=True)
    assert [line for line in _unfold(again).split("\r\n") if line.startswith("UID:")] == uids


def test_secret_feed_address(world, flow, client, auth, as_user):
    flow.remove()
    flow.certified_mail("2009-07-02")
    as_user(world.users.coordinator)
    made = auth.post("/appeals/deadlines/feed-address", {}, token_from="/appeals/deadlines",
                     follow_redirects=True)
    url = re.search(r"<code>http://localhost(/appeals/deadlines/feed/[^<]+\.ics)</code>",
                    made.get_data(as_text=True)).group(1)
    assert url not in client.get("/appeals/deadlines").get_data(as_text=True)  # shown once
    auth.logout()
    feed = client.get(url)
    assert feed.status_code == 200 and b"Appeal filing window closes" in feed.data
    assert client.get(url.replace("/feed/", "/feed/x")).status_code == 404
    auth.login(world.users.coordinator.email)
    auth.post("/appeals/deadlines/feed-address", {}, token_from="/appeals/deadlines",
              follow_redirects=True)
    auth.logout()
    assert client.get(url).status_code == 404  # replaced by the new address


def test_secret_feed_dies_with_the_coordinator_role(world, app):
    from app.appeals.feed_tokens import feed_user, issue_feed_token

    token = issue_feed_token(world.users.coordinator)
    db.session.commit()
    assert feed_user(token) == world.users.coordinator
    world.users.coordinator.set_roles(["committee"])
    db.session.commit()
    assert feed_user(token) is None
    assert feed_user("") is None and feed_user("x" * 500) is None


def test_fold_keeps_characters_whole_and_lines_short():
    line = "DESCRIPTION:" + "Überprüfung ✓ " * 20
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert folded.replace("\r\n ", "") == line
    assert fold("SHORT:x") == "SHORT:x"


def test_escape_text():
    assert escape_text('a,b;c\\d\ne') == "a\\,b\\;c\\\\d\\ne"
