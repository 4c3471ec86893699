"""Provider organizations and their applications: registration, the application form section by
section, attachments, submission and resubmission, withdrawal, and the submitted versions.

Other areas ask `app.applications.checklist.application_problems(application)` whether an
application is complete and valid, and read versions through `app.applications.versions`.
"""

from flask import Blueprint

bp = Blueprint("applications", __name__)

from app.applications import (views, views_application, views_documents,  # noqa: E402,F401
                              views_versions)
