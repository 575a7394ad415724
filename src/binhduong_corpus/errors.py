"""The package's exceptions: one base class, a few precise kinds.

Every error a caller can trigger derives from :class:`CorpusError`, and also
from the built-in exception a Python user would reach for first, so
``except LookupError`` or ``except ValueError`` keep working.
"""

from __future__ import annotations

__all__ = [
    "BuildError",
    "CorpusError",
    "IntegrityError",
    "InvalidArgumentError",
    "InvalidDateError",
    "MissingDependencyError",
    "UnknownRecordError",
    "UnknownTableError",
]


class CorpusError(Exception):
    """Base class of every error raised by binhduong_corpus."""


class UnknownTableError(CorpusError, LookupError):
    """A table name that the corpus does not have."""

    def __str__(self) -> str:  # LookupError would repr() the message
        return str(self.args[0]) if self.args else ""


class UnknownRecordError(CorpusError, LookupError):
    """A record id that no table holds."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class InvalidArgumentError(CorpusError, ValueError):
    """An argument with the wrong name, type or value."""


class InvalidDateError(InvalidArgumentError):
    """A date or EDTF string that is malformed, impossible or reversed."""


class IntegrityError(CorpusError):
    """Shipped data that cannot be trusted: a file or manifest that is missing, malformed, or differs
    from the manifest or from this package's schema."""


class MissingDependencyError(CorpusError, ImportError):
    """An optional dependency that a call needs is not installed."""


class BuildError(CorpusError, ValueError):
    """Curated input that the build refuses.

    ``file``, ``record_id`` and ``field`` say where the problem is; any of
    them may be ``None`` when it does not apply (a missing seed file has no
    record id).
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        record_id: str | None = None,
        field: str | None = None,
    ) -> None:
        self.file = file
        self.record_id = record_id
        self.field = field
        where = ", ".join(
            f"{label} {value!r}"
            for label, value in (("file", file), ("record", record_id), ("field", field))
            if value is not None
        )
        super().__init__(f"{where}: {message}" if where else message)
