"""gunicorn's settings file (read from the working directory): refuses to start several workers
that would each count sign-in attempts alone (RATELIMIT_STORAGE_URI=memory://)."""

import os

from config import check_rate_limit_storage


def on_starting(server):
    """Before any worker starts: the real worker count, however it was given."""
    check_rate_limit_storage(
        server.cfg.workers, os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    )
