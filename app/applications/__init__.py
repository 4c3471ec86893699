"""Provider organizations and their applications: registration, the application form section by
section, attachments, submission and resubmission, withdrawal, and the submitted versions.

Other areas ask `app.applications.queries.checklist.application_problems(application)` whether an
application is complete and valid, and read versions through `app.applications.operations.versions`.
"""

from flask import Blueprint

bp = Blueprint("applications", __name__)

from app.applications import views  # noqa: E402,F401
from app.applications.views import application, documents, versions  # noqa: E402,F401
