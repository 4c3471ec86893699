"""Helpers the monitoring views use: uploaded files."""


def uploaded_files(field):
    """(filename, content type, bytes) for each file posted in a MultipleFileField."""
    files = []
    for storage in field.data or []:
        if storage is None or not getattr(storage, "filename", ""):
            continue
        files.append((storage.filename, storage.mimetype, storage.read()))
    return files
