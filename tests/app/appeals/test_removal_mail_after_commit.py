"""A removal never waits on the mail server: its three letters (the provider's notice and one per
district served) are e-mailed by the worker after the decision commits."""

import time

from app.extensions import db
from app.models import Letter
from tests.fakesmtp import never_answering


def test_a_mail_server_that_never_answers_does_not_slow_a_removal(queue, smtp, world, flow):
    smtp.hang = never_answering()  # any connection would wait the full SMTP timeout (30 s)
    started = time.monotonic()
    notice = flow.remove()
    elapsed = time.monotonic() - started
    assert notice is not None and elapsed < 5, f"the removal took {elapsed:.1f} s"
    assert smtp.connections == []  # the request opened no connection to the mail server
    letters = db.session.scalars(
        db.select(Letter).where(Letter.removal_case_id == world.case.id)
    ).all()
    assert len(letters) == 3 and all(letter.delivery_requested_at for letter in letters)
    # The server answers again; the worker delivers each letter once.
    smtp.hang.set()
    smtp.hang = None
    queue.run()
    assert sorted(message["To"] for _, message in smtp.sent) == sorted(
        ["director@brightminds.example", "ses@sf.k12.sd.us", "ses@rc.k12.sd.us"]
    )
    db.session.expire_all()
    assert all(db.session.get(Letter, letter.id).emailed_at for letter in letters)
