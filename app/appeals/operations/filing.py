"""Filing an appeal of a removal and the department's review of it (002 "Appeals Process" >
"Appeal").

The clock: the appeal is due "no later than ten working days after receipt of the notice of
removal". Receipt is the notice's `Letter.received_on` (the earlier of its first opening in the
portal and the certified-mail date the coordinator enters). Until one is recorded the window is
"not started", never guessed (DESIGN.md section 3).

Filing before any receipt is recorded: the provider files through the portal, where the appeal
page shows the notice, so a provider user filing (or opening that page) has received it in the
portal that day; the filing records that portal receipt first, then counts from it.
"""

import hashlib
from dataclasses import dataclass
from datetime import date

from app.appeals.operations.common import due_date
from app.appeals.operations.removal import removal_notice
from app.applications.operations.documents import check_file, safe_name
from app.audit import record_change
from app.core.dates import long_date
from app.core.lifecycle import apply_event, require_event
from app.extensions import db
from app.letters.operations import record_portal_opening
from app.letters.operations.service import issue_letter
from app.letters.permissions import is_letter_addressee
from app.locking import lock
from app.models import Appeal, Document
from app.refusals import Refused
from workflows.states import RemovalCaseState

MAX_EVIDENCE_FILES = 10
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
NOT_STARTED = "not started (receipt not recorded)"


@dataclass(frozen=True)
class AppealWindow:
    """The appeal window of one removal: the receipt that starts it and its last day."""

    received_on: date | None
    due_on: date | None

    @property
    def started(self):
        """True once receipt of the notice is recorded."""
        return self.received_on is not None

    def is_open(self, today):
        """True while an appeal may still be filed (a window not yet started is open)."""
        return self.due_on is None or today <= self.due_on

    def late_message(self):
        """The refusal of a late appeal, with the dates that made it late."""
        return (
            f"The notice of removal was received on {long_date(self.received_on)}; "
            f"an appeal was due by {long_date(self.due_on)}."
        )

    def due_text(self):
        """The due date as a page shows it."""
        return long_date(self.due_on) if self.due_on else NOT_STARTED


def appeal_window(case):
    """The appeal window of a decided-for-removal `case` (None when nothing was removed)."""
    notice = removal_notice(case)
    if notice is None:
        return None
    received = notice.received_on
    return AppealWindow(received, due_date(case.application, "appeal_filing", received))


def record_portal_receipt(case, *, user, today):
    """A provider user of the organization reading the notice in the portal receives it: the
    first opening sets `opened_on` (audited, through the letters area's operation)."""
    notice = removal_notice(case)
    if notice is not None and is_letter_addressee(user, notice):
        record_portal_opening(notice, actor=user, today=today)
    return notice


def file_appeal(case, *, letter, files, actor, today):
    """File the provider's appeal: a letter and evidence files, until the due date inclusive.

    `files` are (filename, content_type, bytes) triples. Refuses a second appeal, an appeal of a
    case that did not remove, and a late appeal (naming the receipt and due dates). On success the
    application moves removed -> appealed and the provider gets the appeal receipt.
    """
    lock(case)
    if case.appeal is not None:
        raise Refused(
            f"This removal was already appealed on {long_date(case.appeal.filed_on)}; "
            f"a removal can be appealed only once.",
            conflict=True,
        )
    if case.status != RemovalCaseState.REMOVED:
        raise Refused("Only a decided removal can be appealed.", conflict=True)
    _check_files(files)
    record_portal_receipt(case, user=actor, today=today)
    window = appeal_window(case)
    if not window.is_open(today):
        raise Refused(window.late_message(), conflict=True)
    application = case.application
    apply_event(
        application,
        "appeal",
        actor=actor,
        role="provider",
        reason="Appeal filed",
        guards={
            "within_appeal_window": window.is_open(today),
            "not_already_appealed": case.appeal is None,
        },
    )
    appeal = Appeal(removal_case=case, filed_on=today, filed_by_id=actor.id, letter=letter)
    db.session.add(appeal)
    db.session.flush()
    _store_documents(appeal, application, letter, files, actor)
    record_change(
        appeal,
        "file_appeal",
        actor=actor,
        to_state=appeal.status,
        reason=f"Filed {long_date(today)}; due {window.due_text()}",
    )
    issue_letter(
        "appeal_receipt",
        subject=f"Appeal received: {application.organization.name}",
        today=today,
        organization=application.organization,
        application=application,
        context={"appeal": appeal, "window": window},
        appeal_id=appeal.id,
        removal_case_id=case.id,
    )
    return appeal


def _check_files(files):
    if len(files) > MAX_EVIDENCE_FILES:
        raise Refused(
            f"At most {MAX_EVIDENCE_FILES} evidence files can be attached; {len(files)} were sent."
        )
    problems = []
    for name, _type, content in files:
        # the attachments' type, content and size checks (app/applications/operations/documents.py)
        try:
            check_file(safe_name(name or "evidence"), content, MAX_EVIDENCE_BYTES)
        except Refused as refusal:
            problems.append(refusal.message)
    if problems:
        raise Refused(
            "Some evidence files cannot be accepted: " + " ".join(problems), problems=problems
        )


def _store_documents(appeal, application, letter, files, actor):
    """The appeal letter and each evidence file as Documents (kept with the record)."""
    rows = [
        ("appeal_letter", "appeal-letter.txt", "text/plain; charset=utf-8", letter.encode("utf-8"))
    ]
    for name, _type, content in files:
        filename = safe_name(name or "evidence")
        rows.append(
            (
                "appeal_evidence",
                filename,
                check_file(filename, content, MAX_EVIDENCE_BYTES),
                content,
            )
        )
    for kind, filename, content_type, content in rows:
        db.session.add(
            Document(
                kind=kind,
                filename=filename,
                content_type=content_type,
                size_bytes=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                content=content,
                uploaded_by_id=actor.id,
                organization_id=application.organization_id,
                application_id=application.id,
                appeal_id=appeal.id,
            )
        )
    db.session.flush()


def review_appeal(appeal, *, rescind, reviewed_on, notes, actor, today):
    """The department's review of the appeal's evidence (002 "Appeal"): rescind the removal
    (back to approved; letters to the provider and every district) or retain it and convene the
    appeals committee (letter to the provider). Returns the letters issued."""
    lock(appeal)
    event = "rescind" if rescind else "retain"
    require_event(
        appeal,
        event,
        role="coordinator",
        explain=lambda _error: (
            f"This appeal was already reviewed on {long_date(appeal.reviewed_on)}."
        ),
    )
    if reviewed_on > today:
        raise Refused("The review date cannot be in the future.")
    if reviewed_on < appeal.filed_on:
        raise Refused(
            f"The review date cannot be before the appeal was filed ({long_date(appeal.filed_on)})."
        )
    application = appeal.removal_case.application
    if rescind:
        apply_event(application, "rescind", actor=actor, role="coordinator", reason=notes)
    appeal.reviewed_on = reviewed_on
    appeal.reviewed_by_id = actor.id
    appeal.review_notes = notes
    apply_event(appeal, event, actor=actor, role="coordinator", reason=notes)
    return _review_letters(appeal, application, rescind, today)


def _review_letters(appeal, application, rescind, today):
    organization = application.organization
    context = {"appeal": appeal, "rescinded": rescind}
    outcome = "removal rescinded" if rescind else "removal retained; appeals committee convened"
    letters = [
        issue_letter(
            "review_outcome",
            subject=f"Review of your appeal: {outcome}",
            today=today,
            organization=organization,
            application=application,
            context=context,
            appeal_id=appeal.id,
            removal_case_id=appeal.removal_case_id,
        )
    ]
    if rescind:
        for district in application.service_area:
            letters.append(
                issue_letter(
                    "district_rescission_notice",
                    subject=f"Removal rescinded: {organization.name} is again an approved provider",
                    today=today,
                    organization=organization,
                    district=district,
                    application=application,
                    context=context,
                    appeal_id=appeal.id,
                    removal_case_id=appeal.removal_case_id,
                )
            )
    return letters
