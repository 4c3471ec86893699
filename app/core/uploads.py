"""Reading the files a form posted: (filename, content type, bytes), nothing for an empty field.

A browser posts an empty part for a file input left blank; those are skipped here so the
operations only ever see files the user chose.
"""


def _chosen(storage):
    return storage is not None and bool(getattr(storage, "filename", ""))


def uploaded_files(field):
    """(filename, content type, bytes) of each file chosen in a (Multiple)FileField."""
    data = field.data
    storages = data if isinstance(data, list | tuple) else [data]
    return [(s.filename, s.mimetype, s.read()) for s in storages if _chosen(s)]


def uploaded_file(storage, max_bytes=None):
    """(filename, bytes) of one posted file, ('', b'') when none was chosen; reads at most
    `max_bytes + 1` bytes when given, so an oversized file is seen without reading it all."""
    if not _chosen(storage):
        return "", b""
    return storage.filename, storage.read() if max_bytes is None else storage.read(max_bytes + 1)
