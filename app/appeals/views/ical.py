"""The deadlines as an iCalendar feed (RFC 5545), built with the `icalendar` package (which
folds lines, escapes TEXT values and writes the VTIMEZONE components).

A deadline on a date is an all-day event (DTSTART;VALUE=DATE, DTEND the day after); a deadline
at a time of day (a 5 PM revision due date) is a timed event in the pack's time zone, with that
zone's VTIMEZONE. UIDs end in the installation's id, so two installations' feeds never collide
in one calendar program, and SEQUENCE grows whenever the event changes (`sequences`).
"""

import socket
from datetime import timedelta

from icalendar import Calendar, Event

PRODID = "-//State Department of Education//SES deadlines//EN"


def installation_id(config):
    """The domain part of every UID: SES_INSTALLATION_ID, else this host's name."""
    return config.get("SES_INSTALLATION_ID") or socket.getfqdn() or "localhost"


def _event(deadline, *, stamp, domain, sequence, base_url):
    event = Event()
    summary = f"{deadline.label}: {deadline.provider}"
    if deadline.overdue:
        summary = f"OVERDUE - {summary}"
    event.add("uid", f"{deadline.uid}@{domain}")
    event.add("dtstamp", stamp)
    if deadline.due_at is not None:
        # A point in time: shown at its hour (a zero-length event at the deadline itself).
        event.add("dtstart", deadline.due_at)
        event.add("dtend", deadline.due_at)
    else:
        event.add("dtstart", deadline.due_on)
        event.add("dtend", deadline.due_on + timedelta(days=1))
    event.add("sequence", sequence)
    event.add("summary", summary)
    event.add("description", deadline.detail or deadline.label)
    event.add("categories", [deadline.kind])
    event.add("url", f"{base_url}{deadline.url}")
    event.add("transp", "TRANSPARENT")
    return event


def render_calendar(deadlines, *, stamp, sequences, domain, name="SES deadlines", base_url=""):
    """The VCALENDAR bytes for `deadlines` (from `collect_deadlines`); `stamp` an aware
    instant, `sequences` {uid: SEQUENCE}, `domain` the installation id."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for deadline in deadlines:
        calendar.add_component(
            _event(
                deadline,
                stamp=stamp,
                domain=domain,
                sequence=sequences.get(deadline.uid, 0),
                base_url=base_url,
            )
        )
    calendar.add_missing_timezones()
    return calendar.to_ical()
