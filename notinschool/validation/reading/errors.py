"""The one exception readers raise: a file we will not or cannot read, with a plain message."""


class UnreadableFile(Exception):
    """The file cannot be read as a return. `message` says what is wrong and what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
