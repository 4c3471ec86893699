"""The one refusal of the application: an operation that will not do what was asked says why.

`Refused(message, field=..., problems=..., conflict=...)`: `message` is a sentence for people;
`field` names the form field it belongs beside (None: at the top of the form); `problems` lists
several reasons when one request breaks more than one rule; `conflict` is True when the refusal
comes from a state that changed or forbids the move (HTTP 409) rather than from invalid input
(HTTP 422).
"""


class Refused(Exception):
    """An operation refused, with a sentence for the person and any list of problems."""

    def __init__(self, message, *, field=None, problems=(), conflict=False):
        super().__init__(message)
        self.message = message
        self.field = field
        self.problems = list(problems) or [message]
        self.conflict = conflict

    @property
    def status_code(self):
        """409 for a state that changed or forbids the move, 422 for invalid input."""
        return 409 if self.conflict else 422

    def __str__(self):
        return self.message
