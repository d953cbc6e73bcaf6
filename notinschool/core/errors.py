"""The one base for refusals a person can act on.

A service that will not do what was asked raises a subclass of `ServiceError` carrying a
message written for the person: what is wrong and what to do. Views show `message` (never
`str()` of an arbitrary exception), the API returns it, and commands print it.
"""


class ServiceError(Exception):
    """A refusal with a message for the person who asked; subclasses name the kind of refusal."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
