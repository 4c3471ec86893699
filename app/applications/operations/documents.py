"""Attachments of an application: the allowable kinds of 004 "Required Format", checked by
type and size, kept in the database with their SHA-256 so they are backed up with the record.

The type is decided by the file's extension and confirmed by its first bytes (a renamed
executable is not a PDF); the stored content type comes from that decision, never from the
browser. Text files must be UTF-8. A file that belongs to a submitted version is never deleted.
"""

import hashlib

from app.applications.forms.sections import ATTACHMENT_KINDS
from app.applications.operations import is_editable, read_only_reason
from app.audit import record_change
from app.extensions import db
from app.models import Document
from app.refusals import Refused

MAX_BYTES = 10 * 1024 * 1024
# extension -> (content type, magic prefixes; () = checked otherwise)
TYPES = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "doc": ("application/msword", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "txt": ("text/plain; charset=utf-8", ()),
}
ALLOWED = "PDF, Word (.doc, .docx), JPEG, PNG or plain text (.txt)"


def size_text(n):
    """'10 MB', '100 KB' (binary units, as file managers show them)."""
    return f"{n / 1024 / 1024:g} MB" if n >= 1024 * 1024 else f"{n / 1024:g} KB"


def _extension(filename):
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def check_file(filename, content, max_bytes=MAX_BYTES):
    """The content type of an acceptable upload; Refused with the reason otherwise."""
    name = filename or "the file"
    ext = _extension(filename or "")
    if ext not in TYPES:
        raise Refused(f"{name}: only {ALLOWED} files can be attached.")
    if not content:
        raise Refused(f"{name} is empty.")
    if len(content) > max_bytes:
        raise Refused(f"{name} is too large: files may be at most {size_text(max_bytes)}.")
    content_type, magics = TYPES[ext]
    if magics and not content.startswith(magics):
        raise Refused(f"{name} is not a real .{ext} file; only {ALLOWED} files can be attached.")
    if ext == "txt":
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            raise Refused(f"{name} is not UTF-8 text; save it as UTF-8 or as a PDF.") from None
    return content_type


def safe_name(filename):
    """The base name of an uploaded file (no directories), printable, at most 255 chars."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return "".join(ch for ch in name if ch.isprintable())[:255] or "attachment"


def add_document(application, kind, filename, content, *, actor, max_bytes=MAX_BYTES):
    """Attach an allowable file (at most `max_bytes`) to an editable application."""
    if not is_editable(application):
        raise Refused(read_only_reason(application), conflict=True)
    if kind not in dict(ATTACHMENT_KINDS):
        raise Refused("Choose what kind of attachment this is from the allowable list.")
    content_type = check_file(filename, content, max_bytes)
    document = Document(
        kind=kind,
        filename=safe_name(filename),
        content_type=content_type,
        size_bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        uploaded_by=actor,
        organization_id=application.organization_id,
        application=application,
    )
    db.session.add(document)
    db.session.flush()
    record_change(
        application,
        "attach",
        actor=actor,
        from_state=application.state,
        to_state=application.state,
        reason=f"attached {document.filename} ({kind})",
    )
    return document


def in_submitted_version(application, document):
    """True when `document` was part of a submitted version (so it must be kept)."""
    return any(
        d.get("id") == document.id
        for v in application.versions
        for d in v.snapshot.get("documents", [])
    )


def delete_document(application, document, *, actor):
    """Remove an attachment added since the last submission, while the application is editable."""
    if not is_editable(application):
        raise Refused(read_only_reason(application), conflict=True)
    if in_submitted_version(application, document):
        raise Refused(
            f"{document.filename} is part of a submitted version and is kept.", conflict=True
        )
    record_change(
        application,
        "detach",
        actor=actor,
        from_state=application.state,
        to_state=application.state,
        reason=f"removed {document.filename}",
    )
    db.session.delete(document)
    db.session.flush()
