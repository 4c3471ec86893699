"""The one place untrusted text enters the application, so bad input never reaches a view or
the database as something it cannot store (PostgreSQL refuses NUL in text; a lone surrogate
cannot be encoded; a very deep JSON body exhausts the parser's recursion).

- Form fields, query arguments and upload file names: NUL and the other control characters
  except tab, newline and carriage return are removed (`CleanMultiDict`; a pasted form feed
  should not cost a reviewer the comment they typed).
- JSON bodies: refused with 400 when larger than JSON_MAX_BYTES, nested deeper than
  JSON_MAX_DEPTH, or holding a string (or key) with such a character or a lone surrogate.
- A URL path with a control character is refused with 400, and so is a JSON API query string
  with one (the API's schemas document the plain-text pattern, `PLAIN_TEXT`; silently
  stripping would accept a request the schema says is invalid).
"""

import re
from urllib.parse import unquote_plus

from flask import Request, abort, current_app, request
from werkzeug.datastructures import FileStorage, ImmutableMultiDict, MultiDict
from werkzeug.exceptions import BadRequest

# C0 controls except \t \n \r, and DEL.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SURROGATE = re.compile(r"[\ud800-\udfff]")
# The same rule as a JSON-schema pattern, for the API's string parameters.
PLAIN_TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"


def strip_controls(text):
    """`text` without control characters other than tab, newline and carriage return."""
    return CONTROL.sub("", text)


def _clean(value):
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, FileStorage) and value.filename:
        value.filename = strip_controls(value.filename)
    return value


class CleanMultiDict(ImmutableMultiDict):
    """The request's form and query arguments, with control characters removed."""

    def __init__(self, mapping=None):
        if isinstance(mapping, MultiDict):
            pairs = mapping.items(multi=True)
        elif isinstance(mapping, dict):
            pairs = (
                (k, v)
                for k, values in mapping.items()
                for v in (values if isinstance(values, (list, tuple)) else [values])
            )
        else:
            pairs = mapping or ()
        super().__init__([(_clean(k), _clean(v)) for k, v in pairs])


def json_problem(value, max_depth):
    """Why a parsed JSON body is refused, or None. Iterative, so depth cannot overflow."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > max_depth:
            return f"The JSON body is nested more than {max_depth} levels deep."
        if isinstance(item, dict):
            stack.extend((key, depth) for key in item)
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
        elif isinstance(item, str) and (CONTROL.search(item) or SURROGATE.search(item)):
            return (
                "A JSON string holds a control character (such as NUL) or an unpaired "
                "surrogate; send plain text."
            )
    return None


class SafeRequest(Request):
    """Flask's request with cleaned form data and checked JSON bodies."""

    parameter_storage_class = CleanMultiDict

    def get_json(self, force=False, silent=False, cache=True):
        """The parsed JSON body; 400 when it is too large, too deep or holds control
        characters (even with `silent`: such a body is refused, not ignored)."""
        if not (force or self.is_json):
            return super().get_json(force=force, silent=silent, cache=cache)
        limit = current_app.config["JSON_MAX_BYTES"]
        if (self.content_length or 0) > limit or len(self.get_data(cache=True)) > limit:
            raise BadRequest(f"The JSON body is larger than {limit // (1024 * 1024)} MB.")
        try:
            value = super().get_json(force=force, silent=silent, cache=cache)
        except RecursionError:
            raise BadRequest("The JSON body is nested too deeply.") from None
        problem = json_problem(value, current_app.config["JSON_MAX_DEPTH"])
        if problem:
            raise BadRequest(problem)
        return value


def register(app):
    """Use `SafeRequest` for every request of `app` and refuse control characters in paths."""
    app.request_class = SafeRequest

    @app.before_request
    def refuse_control_characters_in_path():
        if CONTROL.search(request.path):
            abort(400, description="The address holds a control character.")
        if request.path.startswith("/api/") and CONTROL.search(
            unquote_plus(request.query_string.decode("latin-1"))
        ):
            abort(400, description="A query argument holds a control character (such as NUL).")
