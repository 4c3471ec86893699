"""A stand-in for smtplib.SMTP that records every connection and message, and can fail or hang."""

import smtplib
import threading
from types import SimpleNamespace

import pytest


class FakeSMTP:
    """Replaces smtplib.SMTP: `connections` lists every (host, port) opened, `sent` every
    (server, message) sent. `fail` refuses the connection; `hang` blocks it until released
    (a server that never answers)."""

    sent = []
    connections = []
    fail = False
    hang = None  # a threading.Event: connecting waits on it

    def __init__(self, host, port, timeout=None):
        FakeSMTP.connections.append((host, port))
        self.host, self.port, self.timeout = host, port, timeout
        self.started_tls = self.logged_in = False
        if FakeSMTP.hang is not None:
            FakeSMTP.hang.wait(timeout)

    def __enter__(self):
        if FakeSMTP.fail:
            raise ConnectionRefusedError("mail server down")
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        self.started_tls = True

    def login(self, user, password):
        self.logged_in = (user, password)

    def send_message(self, message):
        FakeSMTP.sent.append((self, message))

    @classmethod
    def reset(cls):
        cls.sent, cls.connections, cls.fail, cls.hang = [], [], False, None


@pytest.fixture
def smtp(app, monkeypatch):
    """SMTP configured, with the fake server (and the immediate queue emptied of retries that
    earlier tests scheduled)."""
    from app.tasks import huey

    huey.flush()
    FakeSMTP.reset()
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    app.config.update(
        MAIL_SERVER="smtp.example.gov",
        MAIL_PORT=587,
        MAIL_USE_TLS=True,
        MAIL_USERNAME="ses",
        MAIL_PASSWORD="secret",
    )
    yield FakeSMTP
    if FakeSMTP.hang is not None:
        FakeSMTP.hang.set()
    FakeSMTP.reset()


@pytest.fixture
def queue(app, monkeypatch):
    """The task queue as in production (tasks wait in the queue until a worker runs them), in
    memory. `run()` works the queue like a worker and returns the results of the tasks run."""
    from huey.storage import MemoryStorage

    from app.tasks import huey

    monkeypatch.setattr(huey, "_immediate", False)
    monkeypatch.setattr(huey, "storage", MemoryStorage("ses-test"))

    def run():
        results = []
        while (task := huey.dequeue()) is not None:
            results.append(huey.execute(task))
        return results

    return SimpleNamespace(huey=huey, run=run, pending=huey.pending)


def never_answering():
    """A threading.Event to set as FakeSMTP.hang: the server accepts and never answers."""
    return threading.Event()
