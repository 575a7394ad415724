"""The package's exceptions: one base class, a few precise kinds.

Every error a caller can trigger derives from :class:`CorpusError`, and also
from the built-in exception a Python user would reach for first::

    CorpusError
    ├── InvalidArgumentError (ValueError)      a wrong value
    │   ├── InvalidTypeError (TypeError)       a value of the wrong Python type
    │   ├── InvalidDateError                   a malformed, impossible or reversed date
    │   └── UnknownNameError (LookupError)     a name that is not one of the valid names
    │       └── UnknownTableError              ... of a table
    ├── UnknownRecordError (LookupError)       a well-formed id that no record has
    ├── IntegrityError                         shipped data that cannot be trusted
    ├── MissingDependencyError (ImportError)   an optional library that is not installed
    ├── WriteError                             a file that could not be written; the old one is whole
    └── BuildError (ValueError)                curated input the build refuses

So ``except TypeError``, ``except ValueError`` and ``except LookupError``
keep working. docs/errors.md lists which call raises which.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing itself is not imported: it costs more than this module

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "BuildError",
    "CorpusError",
    "IntegrityError",
    "InvalidArgumentError",
    "InvalidDateError",
    "InvalidTypeError",
    "MissingDependencyError",
    "UnknownNameError",
    "UnknownRecordError",
    "UnknownTableError",
    "WriteError",
]


class CorpusError(Exception):
    """Base class of every error raised by binhduong_corpus."""


class _Message:
    """LookupError's str() is the repr of its argument; these errors read as their message."""

    args: tuple[object, ...]

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class InvalidArgumentError(CorpusError, ValueError):
    """An argument with a wrong value: it names the argument, shows the value and says what is valid."""


class InvalidTypeError(InvalidArgumentError, TypeError):
    """An argument of the wrong Python type."""


class InvalidDateError(InvalidArgumentError):
    """A date or EDTF string that is malformed, impossible or reversed."""


class UnknownNameError(_Message, InvalidArgumentError, LookupError):
    """A name (a filter, column, style, format ...) that is not one of the valid ones; the closest are suggested."""


class UnknownTableError(UnknownNameError):
    """A table name that the corpus does not have."""


class UnknownRecordError(_Message, CorpusError, LookupError):
    """A well-formed record id that no table holds.

    An id is never reused: for one a release retired, ``retired_in`` is that release and
    ``successor`` the record it was merged into (None when it was removed outright). Both are
    None for an id no record ever had.
    """

    def __init__(self, message: str, *, successor: str | None = None, retired_in: str | None = None) -> None:
        self.successor = successor
        self.retired_in = retired_in
        super().__init__(message)


class IntegrityError(CorpusError):
    """Shipped data that cannot be trusted: a file or manifest that is missing, malformed, or differs
    from the manifest or from this package's schema."""


class MissingDependencyError(CorpusError, ImportError):
    """An optional dependency that a call needs is not installed."""


class WriteError(CorpusError):
    """A file that could not be written: which one, why, and in what state the others were left."""

    def __init__(self, path: Path, reason: str, left: str) -> None:
        self.path = path
        super().__init__(f"could not write {path}: {reason}; {left}")


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
