"""Helpers every monitoring view uses: refusals shown to the user, uploads."""

from flask import flash


def show_refusal(form, error):
    """Put a refusal beside its form field, or flash it when it concerns the whole action.
    Returns the HTTP status to answer with: 200 for a form to correct, 409 for a refused move."""
    field = getattr(error, "field", None)
    if field and field in form:
        form[field].errors = list(form[field].errors) + [str(error)]
        return 200
    flash(str(error), "error")
    return 409


def uploaded_files(field):
    """(filename, content type, bytes) for each file posted in a MultipleFileField."""
    files = []
    for storage in field.data or []:
        if storage is None or not getattr(storage, "filename", ""):
            continue
        files.append((storage.filename, storage.mimetype, storage.read()))
    return files
