"""The public directory of approved providers (signed out), its exports, the district lists for
parent letters, the slots calculator, and the read-only JSON API (`api_blp`)."""

from flask import Blueprint

bp = Blueprint("directory", __name__)

from app.directory import views  # noqa: E402,F401
from app.directory.api import api_blp  # noqa: E402,F401
from app.directory.operations import listen  # noqa: E402
from app.directory.views import cache  # noqa: E402
from app.extensions import db  # noqa: E402

listen(db.session)  # the directory tables change in the transaction of every listed change
bp.record_once(lambda state: cache.register(state.app))  # signed-out answers cached whole
