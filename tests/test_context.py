"""Evidence in context: every span's quote with its sentence (or N characters), offsets that hold, HTML escaped."""

from __future__ import annotations

import pytest

import binhduong_corpus as bdc
from binhduong_corpus._context import MAX_CHARS, SENTENCE_LIMIT, window

SPANS = bdc.evidence()
TEXTS = {source.id: source.text for source in bdc.sources()}


def _check_offsets(context: bdc.Context, span: bdc.Evidence) -> None:
    text = TEXTS[span.source_id]
    assert (context.source_id, context.start, context.end, context.quote) == (
        span.source_id,
        span.start,
        span.end,
        span.quote,
    )
    assert context.record_id == span.record_id
    assert (
        text[context.window_start : context.window_end] == context.text == context.before + span.quote + context.after
    )
    assert context.window_start <= span.start <= span.end <= context.window_end


@pytest.mark.parametrize("span", SPANS, ids=[f"{s.record_id}@{s.source_id}:{s.start}" for s in SPANS])
def test_every_span_in_its_sentence(span: bdc.Evidence) -> None:
    (context,) = bdc.in_context(span)
    _check_offsets(context, span)
    text = TEXTS[span.source_id]
    # A sentence never reaches past a line, nor further than the limit, and never starts or ends inside a word.
    assert "\n" not in context.before and "\n" not in context.after
    assert len(context.before) <= SENTENCE_LIMIT and len(context.after) <= SENTENCE_LIMIT
    assert context.window_start == 0 or not text[context.window_start - 1].isalnum() or not context.before
    assert context.window_end == len(text) or not text[context.window_end].isalnum() or not context.after
    shown = str(context)
    assert "«" in shown and "»" in shown and "\n" not in shown
    assert shown.startswith("…" if context.cut_before else (context.before[:1] or "«"))
    assert shown.endswith("…" if context.cut_after else (context.after[-1:] or "»"))


@pytest.mark.parametrize("chars", [0, 1, 30, 200])
def test_chars_each_side_in_whole_words(chars: int) -> None:
    for span in SPANS:
        (context,) = bdc.in_context(span, chars=chars)
        _check_offsets(context, span)
        text = TEXTS[span.source_id]
        assert len(context.before) <= chars and len(context.after) <= chars
        if context.before:
            assert context.window_start == 0 or text[context.window_start - 1].isspace()
        if context.after:
            assert context.window_end == len(text) or text[context.window_end].isspace()


def test_a_record_an_id_and_its_spans_give_the_same() -> None:
    record = bdc.get("ev-wta-hitech-fair-2019")
    by_record = bdc.in_context(record)
    assert by_record == bdc.in_context(record.id) == tuple(c for span in record.evidence for c in bdc.in_context(span))
    assert len(by_record) == len(record.evidence) == 5


def _fair_sentences(chars: int | None = None) -> tuple[bdc.Context, bdc.Context]:
    """The contexts of the fair's two stated spans that open a sentence: its own, and the caption."""
    contexts = bdc.in_context("ev-wta-hitech-fair-2019", chars=chars)
    first = next(c for c in contexts if c.quote.startswith("the 16th WTA Hi-Tech Fair from"))
    second = next(c for c in contexts if c.quote.startswith("Mr. Tran Thanh Liem"))
    return first, second


def test_the_sentence_reads_as_one() -> None:
    (first, second) = _fair_sentences()
    assert str(first).startswith("Besides, «the 16th WTA Hi-Tech Fair from October 21st")
    assert not first.cut_before and not first.cut_after
    assert str(second).startswith("«Mr. Tran Thanh Liem")  # "Mr." ends no sentence
    (eindhoven,) = [c for c in bdc.in_context("pt-eindhoven") if c.source_id == "src-004"]
    assert str(eindhoven).startswith("Theo ông Mai Hùng Dũng, «từ năm 2016") and str(eindhoven).endswith(".")


def test_an_ellipsis_marks_a_cut() -> None:
    (context, _) = _fair_sentences(chars=20)
    assert context.cut_before and context.cut_after
    assert str(context).startswith("…") and str(context).endswith("…")
    assert "¶" in str(context)  # the window reaches into the line above, and says so


def test_window_on_any_text() -> None:
    text = "One. Mr. Smith said <b>hi</b> & left. Two."
    start = text.index("<b>")
    context = window(text, start, start + len("<b>hi</b>"), None)
    assert str(context) == "Mr. Smith said «<b>hi</b>» & left."
    html = context._repr_html_()
    assert "<mark>&lt;b&gt;hi&lt;/b&gt;</mark> &amp; left." in html and "<b>" not in html
    assert window(text, 0, 4, 0).before == "" and not window(text, 0, 4, 0).cut_before
    assert window("abc", 1, 2, 5).text == "abc"  # the window never reaches past the text


def test_limits() -> None:
    assert bdc.in_context("pt-icf", chars=MAX_CHARS)
    with pytest.raises(bdc.InvalidArgumentError, match="from 0 to 10,000"):
        bdc.in_context("pt-icf", chars=MAX_CHARS + 1)
    forged = bdc.Evidence("pt-icf", "src-001", 0, 4, "nope", bdc.Basis.STATED)
    with pytest.raises(bdc.InvalidArgumentError, match="is not the text of src-001 at \\[0:4\\]"):
        bdc.in_context(forged)
    with pytest.raises(bdc.UnknownRecordError):
        bdc.in_context(bdc.Evidence("pt-icf", "src-999", 0, 4, "nope", bdc.Basis.STATED))
    with pytest.raises(bdc.InvalidArgumentError, match="not a source's id"):
        bdc.in_context(bdc.Evidence("pt-icf", "pt-icf", 0, 4, "nope", bdc.Basis.STATED))
