"""A strict parser for the small part of EDTF that the corpus uses.

EDTF (the Extended Date/Time Format, ISO 8601-2) has many features; the
corpus records dates with only these level 0 and level 1 forms:

* ``YYYY``, ``YYYY-MM`` and ``YYYY-MM-DD``, with a four-digit year from 0001
  to 9999 and a month and day that exist in the calendar;
* intervals ``A/B`` of those, where either side (not both) may be ``..`` for
  an open end or empty for an unknown one, the sides may differ in
  precision, and the interval may not end before it starts.

An open end (``2018-10-10/..``) says the interval runs on without end; an
unknown end (``2018-10-10/``) says only that the source does not give it.
The days an unknown-ended interval is *known* to cover are those of its
given side, so ``2018-10-10/`` covers 2018-10-10 and no later day.

Everything else is rejected: whitespace, qualifiers (``?``, ``~``, ``%``),
unspecified digits (``X``), negative or long years, seasons, times and sets.
Being strict is deliberate.  A curated dataset is better served by refusing
a typo than by guessing what it meant, and the PyPI ``edtf`` package,
besides being slow to import and to parse, accepts reversed intervals and
trailing spaces.  This module needs only the standard library
and ``attrs``, and a date costs one regular expression match.
"""

from __future__ import annotations

import calendar
import datetime
import re
import reprlib
from typing import Final

import attrs

from binhduong_corpus.errors import InvalidDateError

__all__ = ["EDTF", "parse_edtf"]

_ACCEPTED: Final = (
    "accepted forms are YYYY, YYYY-MM, YYYY-MM-DD and intervals A/B of these"
    " (either side may be '..' for open or empty for unknown)"
)
_OPEN: Final = ".."
# [0-9], not \d: \d would also accept non-ASCII digits such as '٢٠١٩'.
_DATE_RE: Final = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_PRECISION_BY_LENGTH: Final = {4: "year", 7: "month", 10: "day"}
_DAYS_IN_MONTH: Final = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

# Checked in order only once a string has failed to parse, so that the error
# names the most specific problem; the fast path never pays for them.
_UNSUPPORTED: Final = (
    (re.compile(r"[?~%]"), "qualifiers ('?', '~', '%') are not supported"),
    (re.compile(r"[Xx]"), "unspecified digits ('X') are not supported"),
    (re.compile(r"[0-9][Tt][0-9]|:"), "time parts are not supported; give a date only"),
    (re.compile(r"(?:^|/)-"), "negative years are not supported"),
    (re.compile(r"/.*/"), "an interval has exactly one '/'"),
    (re.compile(r"^\.\.\Z"), "'..' is allowed only as one side of an interval"),
    (
        re.compile(r"(?:^|/)(?:[0-9]{1,3}|[0-9]{5,})(?:-|/|\Z)"),
        "the year must have exactly four digits",
    ),
    (re.compile(r"-[0-9](?:-|/|\Z)"), "months and days must have two digits"),
)

_Span = tuple[datetime.date, datetime.date]


@attrs.frozen
class EDTF:
    """A parsed EDTF value and the days it covers.

    ``start`` is the first day covered and ``end`` the last; either is
    ``None`` when that end of an interval is open (``..``).  When a side is
    unknown (empty), the interval is known to cover only its other side's
    days, and ``start``/``end`` are those.  ``precision`` is
    ``"year"``, ``"month"`` or ``"day"`` for a single date and ``"interval"``
    for ``A/B``.
    """

    text: str
    start: datetime.date | None
    end: datetime.date | None
    precision: str


class _Invalid(Exception):
    """Why a string was rejected, before the common wording is added."""


def parse_edtf(text: str) -> EDTF:
    """Parse one EDTF string of the supported subset.

    Raises :class:`~binhduong_corpus.errors.InvalidDateError`, saying what
    is wrong, for anything outside the subset, including non-str values.
    """
    if not isinstance(text, str):
        raise InvalidDateError(
            f"invalid EDTF date {reprlib.repr(text)}: expected a str, got {type(text).__name__}; {_ACCEPTED}"
        )
    try:
        return _parse(text)
    except _Invalid as exc:
        raise InvalidDateError(f"invalid EDTF date {text!r}: {exc}; {_ACCEPTED}") from None


def _parse(text: str) -> EDTF:
    if "/" not in text:
        span = _date_span(text)
        if span is None:
            raise _Invalid(_diagnose(text))
        return EDTF(text, span[0], span[1], _PRECISION_BY_LENGTH[len(text)])
    head, _, tail = text.partition("/")
    if not head and not tail:
        raise _Invalid("both sides are empty; at least one side must be a date")
    first = _side_span(head, text) if head else None
    last = _side_span(tail, text) if tail else None
    if first is None and last is None:
        raise _Invalid("neither side is a date ('../..', '../' or '/..'); at least one side must be a date")
    # An unknown side: the interval is known to cover only the given side's days.
    first = first if head else last
    last = last if tail else first
    start = first[0] if first is not None else None
    end = last[1] if last is not None else None
    if start is not None and end is not None and end < start:
        raise _Invalid(
            f"the interval ends before it starts: {tail!r} ends on {end.isoformat()},"
            f" before {head!r} begins on {start.isoformat()}"
        )
    return EDTF(text, start, end, "interval")


def _side_span(side: str, text: str) -> _Span | None:
    """The days one side of an interval covers, or None for an open side."""
    if side == _OPEN:
        return None
    span = _date_span(side)
    if span is None:
        # The whole string is diagnosed so that, say, a second '/' is named.
        raise _Invalid(_diagnose(text))
    return span


def _date_span(part: str) -> _Span | None:
    """The first and last day of a YYYY[-MM[-DD]] date, or None if misshapen."""
    match = _DATE_RE.fullmatch(part)
    if match is None:
        return None
    year_digits, month_digits, day_digits = match.groups()
    year = int(year_digits)
    if year == 0:
        raise _Invalid("year 0000 is not 0001-9999")
    if month_digits is None:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    month = _month(month_digits)
    last_day = _days_in_month(year, month)
    if day_digits is None:
        return datetime.date(year, month, 1), datetime.date(year, month, last_day)
    day = int(day_digits)
    if not 1 <= day <= last_day:
        raise _Invalid(f"day {day_digits} does not exist in {year_digits}-{month_digits}, which has {last_day} days")
    date = datetime.date(year, month, day)
    return date, date


def _month(digits: str) -> int:
    month = int(digits)
    if 1 <= month <= 12:
        return month
    # Level 1 EDTF spells seasons as months 21-41; say so rather than only "bad month".
    hint = " (EDTF seasons 21-41 are not supported)" if 21 <= month <= 41 else ""
    raise _Invalid(f"month {digits} is not 01-12{hint}")


def _days_in_month(year: int, month: int) -> int:
    if month == 2 and calendar.isleap(year):
        return 29
    return _DAYS_IN_MONTH[month - 1]


def _diagnose(text: str) -> str:
    """The most specific reason a misshapen string is rejected."""
    if not text:
        return "the string is empty"
    if text[0].isspace():
        return "leading whitespace is not allowed"
    if text[-1].isspace():
        return "trailing whitespace is not allowed"
    if any(char.isspace() for char in text):
        return "whitespace inside the value is not allowed"
    for pattern, reason in _UNSUPPORTED:
        if pattern.search(text):
            return reason
    return "unsupported syntax"
