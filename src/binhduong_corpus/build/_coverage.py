"""Sentence coverage: every sentence of every source is backed by evidence or given a curator's reason.

A source text is cut into sentences (:func:`sentences`): each line is one
sentence or more, split after a full stop, question mark, exclamation mark
or ellipsis followed by a space and a capital, a digit or an opening quote
("Mr." and the like do not end a sentence). A sentence is *covered* when an
evidence span of any record touches it. A sentence no span touches needs a
reason in ``seeds/curated/coverage.toml``; a reason on a covered sentence is
refused as stale, so the file always says exactly what the records leave out.

The result ships as ``coverage.json`` (``describe()`` shows its shares) and
is printed as docs/coverage.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from .._files import json_bytes
from ..errors import BuildError
from ..records import Evidence, Source
from ._curation import described, forbidden_character, parse_toml, shown

__all__ = [
    "COVERAGE_TOML",
    "REASONS",
    "Coverage",
    "Sentence",
    "coverage",
    "coverage_json",
    "coverage_markdown",
    "sentences",
]

#: The curated file of reasons, under seeds/.
COVERAGE_TOML = Path("curated") / "coverage.toml"

#: Why a sentence holds nothing to record, with what each reason means (docs/curation.md repeats these).
REASONS: dict[str, str] = {
    "furniture": "page furniture: headings of site sections, menus, counters, share buttons, comment policy, "
    "form labels",
    "context": "background: what something is or does in general, or a statement with no event, partner, award, "
    "person or number to record",
    "opinion": "praise, expectation or judgement, including quoted opinions",
    "aim": "the aims, plans or hoped-for outcomes of something recorded elsewhere",
    "generic": "activities that are neither named, dated, placed nor counted",
    "repeated": "a copy of another sentence of the same source, or a fact recorded from another sentence",
}

_KEYS = frozenset({"source", "starts", "occurrence", "through", "reason", "note"})
_END = re.compile(r"[.!?…]+[”\"')\]]*(?=\s+\S)")
_NEXT = re.compile(r"\s+(\S)")
# A capital after these is a name, not a new sentence ("Mr. Tran Thanh Liem").
_ABBREVIATIONS = ("Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Tp.", "TP.")
_OPENING_WORDS = 8


@attrs.frozen
class Sentence:
    """One sentence of a source: where it is, the records whose evidence touches it, or why there are none."""

    source_id: str
    number: int  # 1-based, in text order
    start: int
    end: int  # exclusive, over the source's NFC text
    text: str
    record_ids: tuple[str, ...]
    reason: str | None
    note: str | None


@attrs.frozen
class Coverage:
    sentences: tuple[Sentence, ...]

    def of(self, source_id: str) -> tuple[Sentence, ...]:
        return tuple(s for s in self.sentences if s.source_id == source_id)

    def share(self, source_id: str | None = None) -> tuple[int, int]:
        """(sentences covered by evidence, sentences) of one source, or of all."""
        chosen = self.sentences if source_id is None else self.of(source_id)
        return sum(1 for s in chosen if s.record_ids), len(chosen)


def sentences(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of each sentence of ``text``, surrounding white space left out."""
    spans: list[tuple[int, int]] = []
    line_start = 0
    for line in text.split("\n"):
        cut = line_start
        for match in _END.finditer(line):
            end = line_start + match.end()
            if _ends_sentence(text, cut, end):
                spans.append((cut, end))
                cut = end
        spans.append((cut, line_start + len(line)))
        line_start += len(line) + 1
    return [trimmed for span in spans if (trimmed := _trimmed(text, *span))]


def _ends_sentence(text: str, start: int, end: int) -> bool:
    following = _NEXT.match(text, end)
    if following is None:
        return False
    first = following[1]
    if not (first.isupper() or first.isdigit() or first in "“\"'("):
        return False
    piece = text[start:end]
    return not any(piece == word or piece.endswith(" " + word) for word in _ABBREVIATIONS)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    piece = text[start:end]
    if not piece.strip():
        return None
    return start + len(piece) - len(piece.lstrip()), start + len(piece.rstrip())


# --- reasons ------------------------------------------------------------------------------------


@attrs.frozen
class _Reason:
    source_id: str
    first: int  # sentence numbers, 1-based, inclusive
    last: int
    reason: str
    note: str


def coverage(seeds: Path, sources: Sequence[Source], evidence: Iterable[Evidence]) -> Coverage:
    """Every sentence with its records or its reason; a BuildError when one has neither, or a reason is stale."""
    file = seeds / COVERAGE_TOML
    cut = {source.id: [(a, b, source.text[a:b]) for a, b in sentences(source.text)] for source in sources}
    touching = _touching(cut, evidence)
    reasons = _reasons(file, cut)
    out = []
    for source_id, spans in cut.items():
        for number, (start, end, text) in enumerate(spans, 1):
            records = touching.get((source_id, number), ())
            reason = reasons.get((source_id, number))
            out.append(_sentence(file, source_id, number, (start, end, text), records, reason))
    return Coverage(tuple(out))


def _sentence(
    file: Path,
    source_id: str,
    number: int,
    span: tuple[int, int, str],
    records: tuple[str, ...],
    reason: _Reason | None,
) -> Sentence:
    start, end, text = span
    where = f"{source_id} sentence {number} [{start}:{end}] {shown(_opening(text))}"
    if records and reason is not None:
        message = f"{where} is covered by {', '.join(records)}; its reason ({reason.reason}) is stale: remove it"
        raise BuildError(message, file=str(file))
    if not records and reason is None:
        fix = f"back it with evidence or give it a reason ({', '.join(REASONS)}) in {COVERAGE_TOML}"
        raise BuildError(f"{where} has no evidence and no reason: {fix}", file=str(file))
    return Sentence(
        source_id, number, start, end, text, records, reason.reason if reason else None, reason.note if reason else None
    )


def _touching(
    cut: Mapping[str, list[tuple[int, int, str]]], evidence: Iterable[Evidence]
) -> dict[tuple[str, int], tuple[str, ...]]:
    """(source, sentence number) -> the ids of the records whose spans overlap that sentence, sorted."""
    found: dict[tuple[str, int], set[str]] = {}
    for span in evidence:
        for number, (start, end, _) in enumerate(cut.get(span.source_id, ()), 1):
            if span.start < end and start < span.end:
                found.setdefault((span.source_id, number), set()).add(span.record_id)
    return {key: tuple(sorted(ids)) for key, ids in found.items()}


def _reasons(file: Path, cut: Mapping[str, list[tuple[int, int, str]]]) -> dict[tuple[str, int], _Reason]:
    data = parse_toml(file)
    extra = set(data) - {"sentence"}
    if extra:
        raise BuildError(
            f"unexpected top-level keys {sorted(extra)}; only [[sentence]] entries belong here", file=str(file)
        )
    entries = data.get("sentence", [])
    if not isinstance(entries, list):
        raise BuildError(f"expected an array of [[sentence]] tables, got {described(entries)}", file=str(file))
    out: dict[tuple[str, int], _Reason] = {}
    for index, entry in enumerate(entries, 1):
        reason = _reason(entry, f"[[sentence]] entry {index}", cut, file)
        for number in range(reason.first, reason.last + 1):
            if (reason.source_id, number) in out:
                raise BuildError(
                    f"[[sentence]] entry {index}: {reason.source_id} sentence {number} already has a reason",
                    file=str(file),
                )
            out[reason.source_id, number] = reason
    return out


def _reason(entry: object, position: str, cut: Mapping[str, list[tuple[int, int, str]]], file: Path) -> _Reason:
    def fail(message: str, field: str | None = None) -> BuildError:
        return BuildError(f"{position}: {message}", file=str(file), field=field)

    if not isinstance(entry, dict):
        raise fail(f"expected a table, got {described(entry)}")
    unknown = set(entry) - _KEYS
    if unknown:
        raise fail(f"unknown keys {sorted(unknown)}; valid keys are {sorted(_KEYS)}")
    source_id = entry.get("source")
    if not isinstance(source_id, str) or source_id not in cut:
        raise fail(f"source {shown(source_id)} does not exist; valid sources are {sorted(cut)}", "source")
    texts = [text for _, _, text in cut[source_id]]
    first = _find(entry, "starts", texts, entry.get("occurrence", 1), fail)
    last = _find(entry, "through", texts, 1, fail, after=first) if "through" in entry else first
    reason = entry.get("reason")
    if reason not in REASONS:
        raise fail(f"unknown reason {shown(reason)}; valid reasons are {list(REASONS)}", "reason")
    note = entry.get("note")
    if not isinstance(note, str) or not note or note != note.strip() or forbidden_character(note) is not None:
        raise fail(f"note must be one line of plain text with no outer spaces, got {described(note)}", "note")
    return _Reason(source_id, first, last, reason, note)


def _find(entry: dict[str, Any], key: str, texts: list[str], occurrence: object, fail: Any, after: int = 0) -> int:
    """The number of the sentence (after sentence ``after``) that ``entry[key]`` opens, counting ``occurrence``."""
    opening = entry.get(key)
    if not isinstance(opening, str) or not opening.strip():
        raise fail(f"expected the opening words of a sentence, got {described(opening)}", key)
    if type(occurrence) is not int or occurrence < 1:
        raise fail(f"occurrence must be a whole number from 1, got {described(occurrence)}", "occurrence")
    numbers = [n for n, text in enumerate(texts, 1) if n > after and text.startswith(opening)]
    if len(numbers) < occurrence:
        found = f"{len(numbers)} sentence(s)" if numbers else "no sentence"
        raise fail(f"{found} of {entry['source']} open(s) with {shown(opening)}", key)
    if len(numbers) > 1 and "occurrence" not in entry and key == "starts":
        raise fail(f"{len(numbers)} sentences open with {shown(opening)}: add more words or occurrence = N", key)
    return numbers[occurrence - 1] if key == "starts" else numbers[0]


# --- outputs ------------------------------------------------------------------------------------


def _opening(text: str) -> str:
    words = text.split()
    return " ".join(words[:_OPENING_WORDS]) + (" …" if len(words) > _OPENING_WORDS else "")


def coverage_json(result: Coverage) -> bytes:
    """coverage.json: per source, the sentence counts; then every sentence with its records or reason."""
    source_ids = sorted({s.source_id for s in result.sentences})
    summary = {}
    for source_id in source_ids:
        covered, total = result.share(source_id)
        reasons = [s.reason for s in result.of(source_id) if s.reason]
        by_reason = {reason: reasons.count(reason) for reason in REASONS if reason in reasons}
        summary[source_id] = {"sentences": total, "covered": covered, "with_reason": by_reason}
    rows = [
        {
            "source_id": s.source_id,
            "number": s.number,
            "start": s.start,
            "end": s.end,
            "record_ids": list(s.record_ids),
            "reason": s.reason,
            "note": s.note,
        }
        for s in result.sentences
    ]
    return json_bytes({"reasons": REASONS, "sources": summary, "sentences": rows})


def coverage_markdown(result: Coverage) -> str:
    """docs/coverage.md: the shares per source, then each source's sentences with their records or reason."""
    covered, total = result.share()
    lines = [
        "# Sentence coverage",
        "",
        "Generated by the build from the evidence spans and `seeds/curated/coverage.toml`; do not edit.",
        "",
        "Every sentence of every source is either touched by the evidence span of at least one record or",
        "given a curator's reason for holding nothing to record. The build refuses a sentence with",
        "neither, and a reason on a sentence that evidence covers. How sentences are cut and what the",
        "reasons mean: docs/curation.md.",
        "",
        f"In all, {covered} of {total} sentences ({_percent(covered, total)}) are covered by evidence.",
        "",
        "Page furniture aside (menus, counters, form labels), the share is the covered part of the",
        "article's own sentences.",
        "",
        "| source | sentences | covered by evidence | share | furniture | share of the rest | other reasons |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    source_ids = sorted({s.source_id for s in result.sentences})
    for source_id in source_ids:
        c, t = result.share(source_id)
        reasons = [s.reason for s in result.of(source_id) if s.reason]
        furniture = reasons.count("furniture")
        others = ", ".join(f"{r} {reasons.count(r)}" for r in REASONS if r != "furniture" and r in reasons)
        rest = _percent(c, t - furniture)
        lines.append(f"| {source_id} | {t} | {c} | {_percent(c, t)} | {furniture} | {rest} | {others or '–'} |")
    for source_id in source_ids:
        lines += ["", f"## {source_id}", "", "| # | span | sentence opens | records, or reason |", "|---:|---|---|---|"]
        for s in result.of(source_id):
            backed = ", ".join(f"`{r}`" for r in s.record_ids) if s.record_ids else f"*{s.reason}*: {s.note}"
            lines.append(f"| {s.number} | {s.start}–{s.end} | {_cell(_opening(s.text))} | {_cell(backed)} |")
    return "\n".join(lines) + "\n"


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "–"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\u00a0", " ")
