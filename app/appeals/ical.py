"""The deadlines as an iCalendar feed (RFC 5545), written by hand: no package needed for a
handful of all-day events.

Rules followed: lines end in CRLF; content lines longer than 75 octets are folded (CRLF then one
space) without splitting a UTF-8 character; TEXT values escape backslash, semicolon, comma and
newlines (section 3.3.11); each event is all-day (DTSTART;VALUE=DATE, DTEND the day after) with a
stable UID and a DTSTAMP in UTC.
"""

from datetime import timedelta, timezone

MAX_OCTETS = 75
PRODID = "-//State Department of Education//SES deadlines//EN"


def escape_text(value):
    """An iCalendar TEXT value: backslash, ';', ',' and newlines escaped."""
    value = str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line):
    """Fold one content line into pieces of at most 75 octets joined by CRLF + space."""
    pieces, current, size = [], [], 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1  # continuation lines start with a space
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def render_calendar(deadlines, *, stamp, name="SES deadlines", base_url=""):
    """The VCALENDAR text for `deadlines` (from `collect_deadlines`); `stamp` an aware instant."""
    dtstamp = f"{stamp.astimezone(timezone.utc):%Y%m%dT%H%M%SZ}"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{escape_text(name)}"]
    for deadline in deadlines:
        summary = f"{deadline.label}: {deadline.provider}"
        if deadline.overdue:
            summary = f"OVERDUE - {summary}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{deadline.uid}",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;VALUE=DATE:{deadline.due_on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{deadline.due_on + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape_text(summary)}",
            f"DESCRIPTION:{escape_text(deadline.detail or deadline.label)}",
            f"CATEGORIES:{escape_text(deadline.kind)}",
            f"URL:{base_url}{deadline.url}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
