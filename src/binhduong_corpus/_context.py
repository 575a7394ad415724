"""Evidence in context: each quote with the text around it in its source, and where that text lies.

Records are plain values that never read data, so the lookup of a source's
text happens here: ``in_context(item)`` takes an evidence span, a record (all
its spans) or a record id, and gives one :class:`Context` per span.

How much text goes with a quote:

* ``chars=None`` (the default): the sentence the quote stands in. A sentence
  ends at ``.``, ``!``, ``?`` or ``…`` (closing quotes and brackets included)
  followed by a space, at a line break, or at either end of the text; a
  period after a title such as "Mr." ends nothing. A sentence longer than
  :data:`SENTENCE_LIMIT` characters on one side is cut there.
* ``chars=N``: at most N characters on each side. Either way the window is
  snapped to whole words: a word the window would cut in two is left out.

An ellipsis in the printed form marks where the window cuts into a sentence.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import attrs

from . import _corpus
from ._arguments import check_int, check_record_id, check_text, shown
from .errors import InvalidArgumentError, InvalidTypeError
from .records import Award, Event, Evidence, Figure, Partner, Person, Record, Source

__all__ = ["MAX_CHARS", "SENTENCE_LIMIT", "Context", "in_context", "window"]

#: The most characters ``chars=`` may ask for on each side.
MAX_CHARS = 10_000
#: The most characters a sentence may take on each side of a quote before it is cut.
SENTENCE_LIMIT = 400

_RECORDS = (Source, Event, Partner, Award, Person, Figure)
# A sentence's end mark, with any closing quotes or brackets; it ends a sentence when a space or the text's end follows.
_MARK = re.compile(r"[.!?…]+[\"'”’»)\]]*")
# Titles and abbreviations whose period ends no sentence, in the sources' two languages.
_TITLES = frozenset({"mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "tp", "ts", "ths", "gs", "pgs"})


@attrs.frozen
class Context:
    """A quote with the text around it in its source, and where each part lies (offsets into ``Source.text``).

    ``before + quote + after == text[window_start:window_end]``; ``str()`` gives
    one line with the quote between « and », an ellipsis where the window cuts
    into a sentence; in a notebook the quote is highlighted.
    """

    record_id: str
    source_id: str
    start: int
    end: int
    quote: str
    before: str
    after: str
    window_start: int
    window_end: int
    cut_before: bool  # the window starts inside a sentence
    cut_after: bool  # the window ends inside a sentence

    @property
    def text(self) -> str:
        """The whole window, verbatim."""
        return self.before + self.quote + self.after

    def __str__(self) -> str:
        return (
            f"{'…' if self.cut_before else ''}{_one_line(self.before)}«{_one_line(self.quote)}»"
            f"{_one_line(self.after)}{'…' if self.cut_after else ''}"
        )

    def _repr_html_(self) -> str:
        where = html.escape(f"{self.source_id} [{self.start}:{self.end}]")
        return (
            f"<p>{'…' if self.cut_before else ''}{_html(self.before)}<mark>{_html(self.quote)}</mark>"
            f"{_html(self.after)}{'…' if self.cut_after else ''} <small>({where})</small></p>"
        )


def _one_line(text: str) -> str:
    """``text`` on one line: a line break shows as ¶, any other run of white space as one space."""
    return re.sub(r"\s+", lambda space: " ¶ " if "\n" in space.group() else " ", text)


def _html(text: str) -> str:
    return html.escape(_one_line(text))


def in_context(item: Evidence | Record | str, chars: int | None = None) -> tuple[Context, ...]:
    """Each evidence span of ``item`` with its surrounding text: the sentence, or ``chars`` characters each side.

    ``item`` is an :class:`Evidence` span, a record (all its spans, in order)
    or a record id. The source text comes from the shipped corpus, so a span
    must quote a shipped source at its offsets.
    """
    if chars is not None:
        check_int("chars", chars, 0, MAX_CHARS)
    return tuple(_span(span, chars) for span in _spans(item))


def _spans(item: object) -> tuple[Evidence, ...]:
    if isinstance(item, Evidence):
        return (item,)
    if isinstance(item, _RECORDS):
        return tuple(item.evidence)
    if isinstance(item, str):
        return tuple(_corpus.get(check_record_id("item", item)).evidence)
    raise InvalidTypeError(
        f"item={shown(item)}: expected an Evidence span, a record or a record id, got {type(item).__name__}"
    )


def _span(span: Evidence, chars: int | None) -> Context:
    source = _corpus.get(check_record_id("item.source_id", span.source_id))
    if not isinstance(source, Source):
        raise InvalidArgumentError(f"item.source_id={shown(span.source_id)} is not a source's id")
    start = check_int("item.start", span.start, 0, len(source.text))
    end = check_int("item.end", span.end, start, len(source.text))
    quote = check_text("item.quote", span.quote, max_length=len(source.text))
    if source.text[start:end] != quote:
        raise InvalidArgumentError(
            f"item.quote={shown(quote)} is not the text of {span.source_id} at [{start}:{end}], "
            f"which reads {shown(source.text[start:end])}"
        )
    return window(source.text, start, end, chars, record_id=span.record_id, source_id=span.source_id)


def window(text: str, start: int, end: int, chars: int | None, *, record_id: str = "", source_id: str = "") -> Context:
    """The context of ``text[start:end]``: its sentence (``chars=None``) or ``chars`` characters each side."""
    if chars is None:
        lo, hi = _sentence_start(text, start), _sentence_end(text, start, end)
    else:
        lo, hi = _word_start(text, max(0, start - chars), start), _word_end(text, end, min(len(text), end + chars))
    return Context(
        record_id=record_id,
        source_id=source_id,
        start=start,
        end=end,
        quote=text[start:end],
        before=text[lo:start],
        after=text[end:hi],
        window_start=lo,
        window_end=hi,
        cut_before=not _starts_at(text, lo),
        cut_after=not _ends_at(text, hi),
    )


def _title(text: str, mark: int) -> bool:
    """Whether the period at ``mark`` follows a title such as "Mr", so that it ends no sentence."""
    word = re.search(r"(\w+)\Z", text[max(0, mark - 12) : mark])
    return text[mark] == "." and word is not None and word[1].lower() in _TITLES


def _ends(text: str, lo: int, hi: int) -> Iterator[int]:
    """The positions in ``text[lo:hi]`` just past a sentence's end mark (followed by a space or the text's end)."""
    for match in _MARK.finditer(text, lo, hi):
        after = match.end()
        if (after == len(text) or text[after].isspace()) and not _title(text, match.start()):
            yield after


def _sentence_start(text: str, start: int) -> int:
    lo = max(0, start - SENTENCE_LIMIT)
    line = text.rfind("\n", lo, start)
    begin = line + 1 if line >= 0 else 0 if lo == 0 else None
    for after in _ends(text, lo if begin is None else begin, start):
        begin = after
    if begin is None:  # no sentence starts within reach: cut there, at a word
        return _word_start(text, lo, start)
    return _skip_space(text, begin, start)


def _sentence_end(text: str, start: int, end: int) -> int:
    if end > start and _ends_at(text, end):  # the quote ends its sentence
        return end
    hi = min(len(text), end + SENTENCE_LIMIT)
    line = text.find("\n", end, hi)
    stop = hi if line < 0 else line
    first = next(_ends(text, end, stop), None)
    if first is not None:
        return first
    if line >= 0 or hi == len(text):
        return _trim(text, end, stop)
    return _word_end(text, end, hi)


def _skip_space(text: str, lo: int, limit: int) -> int:
    while lo < limit and text[lo].isspace():
        lo += 1
    return lo


def _trim(text: str, end: int, hi: int) -> int:
    while hi > end and text[hi - 1].isspace():
        hi -= 1
    return hi


def _word_start(text: str, lo: int, start: int) -> int:
    """``lo``, or past the word it would cut in two (all of the window, when the word runs up to the quote)."""
    if 0 < lo < start and not text[lo - 1].isspace() and not text[lo].isspace():
        lo = next((i for i in range(lo, start) if text[i].isspace()), start)
    return _skip_space(text, lo, start)


def _word_end(text: str, end: int, hi: int) -> int:
    """``hi``, or before the word it would cut in two (all of the window, when the word runs from the quote)."""
    if end < hi < len(text) and not text[hi].isspace() and not text[hi - 1].isspace():
        hi = next((i for i in range(hi - 1, end - 1, -1) if text[i].isspace()), end)
    return _trim(text, end, hi)


def _starts_at(text: str, lo: int) -> bool:
    """Whether ``lo`` starts a sentence: the text's start, a line's, or the first word after an end mark."""
    head = text[:lo].rstrip(" \t\u00a0")
    if not head or head.endswith("\n"):
        return True
    return len(head) < lo and any(after == len(head) for after in _ends(text, max(0, len(head) - 12), len(head)))


def _ends_at(text: str, hi: int) -> bool:
    """Whether ``hi`` ends a sentence: the text's end, a line's, or just past an end mark followed by a space."""
    rest = text[hi:].lstrip(" \t\u00a0")
    if not rest or rest[0] in "\r\n":
        return True
    return any(after == hi for after in _ends(text, max(0, hi - 12), hi))
