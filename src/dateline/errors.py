"""Exceptions of dateline; each message says what to do next."""


class DatelineError(Exception):
    """Base class for errors a user can act on."""


class InputError(DatelineError):
    """An input item could not be read; names the file and, where known, the line."""

    def __init__(self, origin: str, message: str, line: int | None = None):
        self.origin = origin
        self.line = line
        self.reason = message
        where = f"{origin}:{line}" if line is not None else origin
        super().__init__(f"{where}: {message}")


class RequestError(DatelineError):
    """A reader's request holds a value that cannot be one (a date bound, a size); one line says which."""


class PipelineError(DatelineError):
    """Stages were declared in an order that cannot work."""


class StoreError(DatelineError):
    """The store cannot be opened or migrated."""


class ModelNotInstalled(DatelineError):
    """The spaCy pipeline is missing; the message names the package to pip-install."""


class MissingExtra(DatelineError):
    """An optional dependency is not installed; the message names the extra to pip-install."""
