"""Checking what callers pass in, once, at the boundary: each check names the argument, the value and what is valid.

A wrong Python type raises :class:`InvalidTypeError` (also a TypeError), a
wrong value :class:`InvalidArgumentError` (a ValueError) or one of its
kinds, an unknown name :class:`UnknownNameError` (a LookupError) with the
closest valid names. docs/errors.md lists which public call checks what.
"""

from __future__ import annotations

import datetime
import difflib
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from ._edtf import parse_edtf
from .errors import InvalidArgumentError, InvalidDateError, InvalidTypeError, UnknownNameError
from .records import TABLE_OF_PREFIX

__all__ = [
    "MAX_TEXT",
    "check_bool",
    "check_choice",
    "check_date_bound",
    "check_int",
    "check_names",
    "check_path",
    "check_record_id",
    "check_text",
    "shown",
]

#: The longest text any argument may be: far past any name, id or sensible query.
MAX_TEXT = 1_000

_ID = re.compile(r"([a-z]+)-[a-z0-9]+(?:-[a-z0-9]+)*")
_INT64 = (-(2**63), 2**63 - 1)


def shown(value: object, width: int = 60) -> str:
    """``repr(value)``, shortened to ``width`` characters."""
    try:
        text = repr(value)
    except Exception:  # a hostile __repr__ must not hide the real error
        text = f"<{type(value).__name__}>"
    return text if len(text) <= width else f"{text[: width - 3]}..."


def _kind(value: object) -> str:
    return type(value).__name__


def check_text(arg: str, value: object, *, what: str = "a string", max_length: int = MAX_TEXT) -> str:
    """``value`` if it is a string holding no NUL and no lone surrogate, at most ``max_length`` long."""
    if not isinstance(value, str):
        raise InvalidTypeError(f"{arg}={shown(value)}: expected {what}, got {_kind(value)}")
    if len(value) > max_length:
        raise InvalidArgumentError(f"{arg}={shown(value)}: {len(value):,} characters; at most {max_length:,} allowed")
    bad = next((ch for ch in value if _unprintable(ch)), None)
    if bad is not None:
        name = "a lone surrogate" if unicodedata.category(bad) == "Cs" else "a NUL character"
        raise InvalidArgumentError(f"{arg}={shown(value)} holds {name} ({bad!r}); give plain text")
    return value


def _unprintable(ch: str) -> bool:
    # NUL ends strings in C libraries and files; a lone surrogate cannot be encoded. Other controls
    # are odd but harmless: a search folds them to spaces and a filter simply matches nothing.
    return ch == "\x00" or unicodedata.category(ch) == "Cs"


def check_record_id(arg: str, value: object) -> str:
    """``value`` if it is a well-formed record id (``<table prefix>-<lowercase ascii words>``)."""
    text = check_text(arg, value, what="a record id such as 'pt-icf'")
    match = _ID.fullmatch(text)
    if match is None or f"{match[1]}-" not in TABLE_OF_PREFIX:
        prefixes = ", ".join(f"'{prefix}'" for prefix in TABLE_OF_PREFIX)
        raise InvalidArgumentError(
            f"{arg}={shown(value)} is not a record id: ids are a table prefix ({prefixes}) "
            "and lowercase ASCII words joined by hyphens, e.g. 'pt-icf'"
        )
    return text


def check_int(arg: str, value: object, low: int = _INT64[0], high: int = _INT64[1]) -> int:
    """``value`` if it is a whole number (not a bool) from ``low`` to ``high``."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidTypeError(f"{arg}={shown(value)}: expected a whole number, got {_kind(value)}")
    if not low <= value <= high:
        raise InvalidArgumentError(f"{arg}={shown(value)}: expected a whole number from {low:,} to {high:,}")
    return value


def check_bool(arg: str, value: object) -> bool:
    """``value`` if it is True or False."""
    if not isinstance(value, bool):
        raise InvalidTypeError(f"{arg}={shown(value)}: expected True or False, got {_kind(value)}")
    return value


def check_choice(arg: str, value: object, valid: Sequence[str], what: str = "name") -> str:
    """``value`` if it is one of ``valid``; an unknown one suggests the closest."""
    if not isinstance(value, str):
        raise InvalidTypeError(f"{arg}={shown(value)}: expected a {what}, got {_kind(value)}")
    text = value  # any other string is simply not one of the names, whatever it holds
    if text not in valid:
        close = difflib.get_close_matches(text, valid, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise UnknownNameError(f"{arg}={shown(value)} is not a known {what}{hint}; valid: {', '.join(valid)}")
    return text


def check_names(arg: str, value: object, valid: Sequence[str], what: str = "name") -> list[str]:
    """Any iterable of names (not a lone string) as a list, each one of ``valid``."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidTypeError(f"{arg}={shown(value)}: expected a list of {what}s, got {_kind(value)}")
    names = list(value)
    for name in names:
        check_choice(arg, name, valid, what)
    return names


def check_date_bound(arg: str, value: object, side: str) -> datetime.date:
    """A range bound: a ``datetime.date``, or an ISO date ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``.

    A month or a year stands for its first day as a start and its last day as an end.
    """
    if isinstance(value, datetime.datetime):
        raise InvalidTypeError(f"{arg}={shown(value)}: give a date, not a datetime")
    if isinstance(value, datetime.date):
        return value
    text = check_text(arg, value, what="a date (datetime.date or 'YYYY-MM-DD', 'YYYY-MM', 'YYYY')", max_length=10)
    try:
        parsed = parse_edtf(text)
    except InvalidDateError:
        raise InvalidDateError(
            f"{arg}={shown(value)} is not a valid date; give YYYY-MM-DD, YYYY-MM or YYYY (a real calendar date)"
        ) from None
    bound = parsed.start if side == "start" else parsed.end
    if "/" in text or bound is None:
        raise InvalidDateError(f"{arg}={shown(value)}: give one date, not an interval")
    return bound


def check_path(arg: str, value: object) -> Path:
    """``value`` as a Path if it is a string or path-like naming a file (not empty, no NUL)."""
    if not isinstance(value, str | os.PathLike):
        raise InvalidTypeError(f"{arg}={shown(value)}: expected a file path (str or pathlib.Path), got {_kind(value)}")
    text = os.fspath(value)
    if not isinstance(text, str):
        raise InvalidTypeError(f"{arg}={shown(value)}: expected a text path, got bytes")
    check_text(arg, text, what="a file path", max_length=4_096)
    if not text.strip():
        raise InvalidArgumentError(f"{arg}={shown(value)}: the path is empty")
    path = Path(text)
    try:
        path.is_symlink()  # asks the system about the path itself, as any later use will
    except OSError as exc:  # a name too long, a loop of links ...
        raise InvalidArgumentError(f"{arg}={shown(value)} cannot be used as a path: {exc.strerror or exc}") from None
    return path


def check_target(target: Path, overwrite: bool, *, named: str, label: str, replace: str) -> None:
    """``target`` may be written: not a folder, in a folder that exists, and new unless ``overwrite``.

    ``named`` is how the argument is shown when it names a folder ("path='x'",
    "-o 'x'"), ``label`` how the path is shown otherwise, and ``replace`` how
    to ask for an existing file to be replaced ("add --force to replace it").
    """
    if target.is_dir():
        raise InvalidArgumentError(f"{named} is a folder; give the path of a file to write")
    if not target.parent.is_dir():
        where = "is not a folder" if target.parent.exists() else "does not exist"
        raise InvalidArgumentError(f"cannot write {label}: {shown(str(target.parent))} {where}")
    if not overwrite and (target.exists() or target.is_symlink()):
        # The name shown whole, whatever its length, so the user knows which file is meant.
        raise InvalidArgumentError(
            f"{shown(target.name, 10_000)} already exists in {shown(str(target.parent))}; {replace}"
        )
