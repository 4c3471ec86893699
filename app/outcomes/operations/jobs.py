"""Large web and API outcome uploads as background jobs (issue 9; DESIGN.md section 12: large
imports never run in a request).

A request stores the file under the instance folder (`save_upload`, streamed: memory stays flat) and
a job row, and calls `enqueue_import`; the request boundary commits them.
`import_outcomes_job(job_id)` is a plain function of the job id: it imports the stored file exactly
as the CLI does, records the result on the job (the upload, or every error counted and the first
kept), and deletes the file (student ids are kept only as hashes). The job moves queued -> running
-> done or failed through `apply_event` (`workflows.lifecycles.UPLOAD_JOB`, role "system": the queue
runs it).

`enqueue_import` marks the job for the task queue: after the commit, app/tasks.py's listener hands
it to `app.tasks.import_outcome_upload` (the same path as letters and notices), a Huey task run by
`flask ses worker`, which must share the instance folder; in tests the queue runs tasks at once.
"""

import shutil
from pathlib import Path

from flask import current_app

from app.core.lifecycle import apply_event, refusal_of
from app.extensions import db
from app.models import OutcomeUploadJob
from app.models.types import utcnow
from app.outcomes.operations import import_outcome_csv

KEPT_ERRORS = 200  # errors kept on the job for the result page and the API (all are counted)
CHUNK = 1 << 20
PENDING_JOBS = "ses_pending_upload_jobs"  # key in Session.info: job ids to enqueue on commit


def job_folder():
    """The instance folder's directory of files waiting for their import job."""
    folder = Path(current_app.instance_path) / "outcome_uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stored_file(job):
    """Where `job`'s file is kept until it has run."""
    return job_folder() / f"{job.id}.csv"


def save_upload(stream, district, program_year, *, filename, source, actor):
    """Store `stream` (binary) as a queued job's file; the caller commits, then enqueues."""
    job = OutcomeUploadJob(
        district_id=district.id,
        program_year=program_year,
        source=source,
        filename=(filename or "upload.csv")[:255],
        requested_by_id=actor.id if actor is not None else None,
        rows_read=0,
        error_count=0,
        errors=[],
        size_bytes=0,
    )
    db.session.add(job)
    db.session.flush()
    with stored_file(job).open("wb") as out:
        shutil.copyfileobj(stream, out, CHUNK)
        job.size_bytes = out.tell()
    return job


def enqueue_import(job_id):
    """Queue the import job for `job_id` once the transaction that stores the job commits (the
    request boundary's commit; app/tasks.py's after_commit listener), never for a rollback."""
    db.session.info.setdefault(PENDING_JOBS, []).append(job_id)


def import_outcomes_job(job_id):
    """Import a stored upload; record progress and the result on its job, delete the file."""
    job = db.session.get(OutcomeUploadJob, job_id)
    if job is None or refusal_of(job, "start_import", role="system") is not None:
        return  # already run (a queue may deliver a task twice)
    apply_event(job, "start_import", actor=None, role="system", reason=job.filename)
    db.session.commit()
    path = stored_file(job)
    try:
        with path.open("rb") as stream:
            report = import_outcome_csv(
                job.district,
                job.program_year,
                stream,
                filename=job.filename,
                source=job.source,
                actor=job.requested_by,
                progress=lambda stage, count: _progress(job, count),
            )
        _record_result(job, report)
    finally:
        path.unlink(missing_ok=True)


def _progress(job, count):
    # Kept on the row object; written with the result (an open import transaction holds it).
    job.rows_read = count


def _record_result(job, report):
    if report.ok:
        job.upload_id = report.upload.id
        event, reason = "finish_import", f"{report.upload.row_count} rows imported"
    else:
        db.session.rollback()  # nothing of the failed import is kept
        job.error_count = report.checked.error_count
        job.errors = [e.as_dict() for e in report.checked.errors[:KEPT_ERRORS]]
        event, reason = "fail_import", f"{job.error_count} errors"
    job.rows_read = report.checked.lines
    job.finished_at = utcnow()
    apply_event(job, event, actor=None, role="system", reason=reason)
    db.session.commit()


def run_in_background(size):
    """True when an upload of `size` bytes goes to a background job."""
    return size is not None and size > current_app.config["OUTCOME_BACKGROUND_BYTES"]


def stream_size(stream):
    """The size of a seekable upload stream (left at its start)."""
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    return size


def queue_upload(stream, district, program_year, *, filename, source, actor):
    """Store the upload as a job, to be imported by the worker after this transaction commits;
    returns the job (queued)."""
    job = save_upload(stream, district, program_year, filename=filename, source=source, actor=actor)
    db.session.flush()
    enqueue_import(job.id)
    return job


UPLOAD_ENDPOINTS = ("outcomes.uploads", "outcomes_api.upload_outcomes")


def outcome_upload_limit():
    """Before any other request hook (CSRF reads the form first): the outcome upload pages
    take bodies up to OUTCOME_UPLOAD_MAX_BYTES instead of MAX_CONTENT_LENGTH."""
    from flask import request

    if request.endpoint in UPLOAD_ENDPOINTS:
        request.max_content_length = current_app.config["OUTCOME_UPLOAD_MAX_BYTES"]
