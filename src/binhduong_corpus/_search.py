"""Bilingual, diacritic-insensitive search through an inverted index over names, aliases and text.

Text is folded (:mod:`._postings`): case, marks and punctuation ignored,
``đ`` read as ``d``. Each record is indexed in tiers, from the most telling
text to the least:

====  ===============  =============================================================
tier  field            what
====  ===============  =============================================================
0     id               the record's id, when the whole query is it
1     name             names in both languages, abbreviations, titles, people's names
2     alias            the labels of the record's closed-vocabulary values and the
                       names of its country (the search vocabulary, docs/vocabulary.md)
3     text             themes, places, dates, roles, affiliations, publishers, bylines
4     evidence.quote   the quotes that back the record
====  ===============  =============================================================

A vocabulary group's phrases (abbreviations, synonyms, spelling variants)
are given to a record in the tier of the field that holds one of them.

A record matches when every word of the query matches it, in any of its
fields: "Hi-Tech Fair Daejeon" finds the 2019 fair though Daejeon is only its
place. A word matches a word whole; as a prefix, when it has four characters
or more; or with one typo (a letter inserted, left out, replaced, or two
swapped), when it is a word of five letters or more.

Hits are ranked by, in order: no typo before a typo; whole words before
prefixes; the tier, the best at which every word is found (in one field of
that tier, or spread over fields of that tier or better); one field holding
every word before words spread over fields; a field that is the query's words and no more before one
that holds more; the record id. The score shows that order: 100 less a
penalty of 64 for a typo, 32 for a prefix, 4 per tier, 2 for spread words and
1 for a field that holds more, scaled by 100/128 (docs/query.md).

The index is built on the first search and kept. A query is set algebra over
the records each word matches (:mod:`._docsets`), so its work grows with the
matches, not with the corpus, and a repeated word is looked up once.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from . import _corpus, _store
from ._arguments import check_choice, check_int, check_text, shown
from ._docsets import DocSet, Space, space_for
from ._fileform import decode as from_file_form
from ._postings import fold_text, grouped, postings, words
from .errors import InvalidArgumentError, InvalidTypeError
from .records import EVIDENCE_TABLE, RECORD_TABLES, table_of

if TYPE_CHECKING:
    import pyarrow as pa

    from .records import Record

__all__ = ["FIELDS", "MAX_QUERY", "MAX_WORDS", "TIERS", "Hit", "SearchIndex", "fold", "search"]

#: The most characters a search text may hold, and the most different words after folding.
MAX_QUERY, MAX_WORDS = 1_000, 32
#: The longest text fold() takes, and the largest search limit.
MAX_FOLD, MAX_LIMIT = 100_000, 1_000_000
#: The shortest word matched as a prefix, and the shortest word (all letters) allowed one typo.
MIN_PREFIX, MIN_TYPO = 4, 5

#: The tiers, best first.
TIERS = ("id", "name", "alias", "text", "quote")
_ID, _NAME, _ALIAS, _TEXT, _QUOTE = range(5)

#: table -> (column, tier) searched; evidence quotes count for the record they back.
FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "events": (("name_en", "name"), ("name_vi", "name"), ("theme", "text"), ("place", "text"), ("date", "text")),
    "partners": (("abbreviation", "name"), ("name_en", "name"), ("name_vi", "name"), ("since", "text")),
    "awards": (("name_en", "name"), ("name_vi", "name"), ("recipient", "text"), ("date", "text")),
    "people": (("name", "name"), ("role", "text"), ("role_en", "text"), ("affiliation", "text")),
    "sources": (("title", "name"), ("publisher", "text"), ("authors", "text"), ("date", "text")),
    "figures": (("what", "name"), ("subject", "text"), ("as_written", "text"), ("unit", "text"), ("date", "text")),
    "evidence": (("quote", "quote"),),
}

# --- folding ------------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Fold one string: ``fold("Đại hội đồng") == "dai hoi dong"`` (see :mod:`._postings`)."""
    return fold_text(check_text("text", text, max_length=MAX_FOLD))


# --- results ------------------------------------------------------------------------------------------


@attrs.frozen
class Hit:
    """One search result: which record, which field matched, how well."""

    record_id: str
    table: str
    field: str  # a column, "alias", "evidence.quote" or "id"
    score: float
    text: str  # the field's value as stored, or the vocabulary phrase that matched

    @property
    def record(self) -> Record:
        """The shipped record of this id (a hit from a :class:`SearchIndex` over other tables may have none)."""
        return _corpus.get(self.record_id)


# --- the index ----------------------------------------------------------------------------------------


class _Field:
    """One searched column of one table: its postings, and where each record's value is."""

    def __init__(self, table: str, column: str, tier: int, values: pa.ChunkedArray, docs: Sequence[int]) -> None:
        self.table, self.column, self.tier = table, column, tier
        self.values = values
        first = docs[0] if docs else 0
        # Records numbered by row, as a table of unique ids is: a record's row is found by subtraction.
        self.first = first if isinstance(docs, range) or list(docs) == list(range(first, first + len(docs))) else None
        self.docs = docs
        self._rows: dict[int, list[int]] | None = None
        indexed = postings(values, docs, single=self.first is not None)
        self.terms, self.by_size = indexed.terms, indexed.by_size

    @property
    def label(self) -> str:
        return f"evidence.{self.column}" if self.table == EVIDENCE_TABLE else self.column

    def matching(self, space: Space, term: str) -> DocSet:
        return space.of(self.terms.get(term, ()))

    def sized(self, space: Space, n: int) -> DocSet:
        """The records whose one value here has ``n`` distinct words."""
        return space.of(self.by_size.get(n, ()))

    def text(self, doc: int, wanted: Sequence[set[str]]) -> str:
        """The record's value here that holds the most query words (a record may have several quotes)."""
        if self.first is not None:
            rows = [doc - self.first]
        else:
            if self._rows is None:
                self._rows = {}
                for row, d in enumerate(self.docs):
                    self._rows.setdefault(d, []).append(row)
            rows = self._rows[doc]
        texts = [_as_text(self.values[row].as_py()) for row in rows]
        return max(texts, key=lambda value: _held(value, wanted))


class _Alias:
    """The vocabulary's phrases as a searched field of one tier: each phrase list given to a set of records."""

    label = "alias"

    def __init__(self, tier: int) -> None:
        self.tier = tier
        self.sources: list[tuple[Sequence[str], DocSet]] = []  # (phrases, the records given them)
        self.by_term: dict[str, list[int]] = {}  # folded word -> the sources whose phrases hold it
        self.by_phrase: dict[str, list[int]] = {}  # folded phrase -> sources

    def give(self, phrases: Sequence[str], docs: DocSet) -> None:
        if not docs or not phrases:
            return
        number = len(self.sources)
        self.sources.append((phrases, docs))
        for phrase in phrases:
            self.by_phrase.setdefault(fold_text(phrase), []).append(number)
            for word in dict.fromkeys(words(phrase)):
                self.by_term.setdefault(word, []).append(number)

    @property
    def terms(self) -> Mapping[str, object]:
        return self.by_term

    def matching(self, space: Space, term: str) -> DocSet:
        return _union(space, (self.sources[number][1] for number in self.by_term.get(term, ())))

    def sized(self, space: Space, n: int) -> DocSet:
        return space.empty()

    def exactly(self, space: Space, query: str) -> DocSet:
        """The records given a phrase that is exactly ``query``: a label of their value or their country's name.

        A group's phrase stands in for words inside a longer field, so it is never an exact match itself.
        """
        if self.tier != _ALIAS:
            return space.empty()
        return _union(space, (self.sources[number][1] for number in self.by_phrase.get(query, ())))

    def text(self, doc: int, wanted: Sequence[set[str]]) -> str:
        phrases = [p for phrases, docs in self.sources if doc in docs for p in phrases]
        return max(phrases, key=lambda phrase: _held(phrase, wanted))


class SearchIndex:
    """An inverted index of the searched columns of some tables; :func:`search` uses the shipped corpus.

    The shipped search vocabulary gives aliases to the records of whichever
    tables are indexed.
    """

    def __init__(self, tables: Mapping[str, pa.Table]) -> None:
        _check_tables(tables)
        tables = {name: _in_memory(name, data) for name, data in tables.items()}
        self.tables = tuple(tables)
        self._ids: list[str] = []
        self._homes: list[str | None] = []  # the table each record's own row is in
        self._numbers: dict[str, int] = {}
        docs = {name: self._number(name, data) for name, data in tables.items()}
        self._space = space_for(self._ids)
        self._fields: list[_Field | _Alias] = [
            _Field(name, column, TIERS.index(tier), data.column(column), docs[name])
            for name, data in tables.items()
            for column, tier in FIELDS[name]
        ]
        self._aliases = {tier: _Alias(tier) for tier in (_NAME, _ALIAS, _TEXT, _QUOTE)}
        _give_aliases(self, tables, docs, _store.vocabulary())
        self._fields += self._aliases.values()
        self._terms = sorted({term for field in self._fields for term in field.terms})
        self._near = _deletions_index(self._terms)
        self._in_table: dict[str, DocSet] = {}

    def _number(self, name: str, data: pa.Table) -> Sequence[int]:
        """The record number of each row; rows with the same id are one record."""
        key = "record_id" if name == EVIDENCE_TABLE else "id"
        ids = data.column(key).to_pylist()
        home = None if name == EVIDENCE_TABLE else name  # a quote's record belongs to the table that holds it
        first = len(self._ids)
        fresh = dict(zip(ids, range(first, first + len(ids)), strict=True))
        if len(fresh) == len(ids) and fresh.keys().isdisjoint(self._numbers):  # new, unique ids: one record a row
            self._numbers.update(fresh)
            self._ids += ids
            self._homes += [home] * len(ids)
            return range(first, first + len(ids))
        docs = []
        for record_id in ids:
            number = self._numbers.get(record_id)
            if number is None:
                number = self._numbers[record_id] = len(self._ids)
                self._ids.append(record_id)
                self._homes.append(home)
            elif home is not None:
                self._homes[number] = home
            docs.append(number)
        return docs

    def search(self, text: str, *, table: str | None = None, limit: int | None = 20) -> tuple[Hit, ...]:
        """The records every word of ``text`` matches, best first (see the module docs).

        ``text`` holds at most 1,000 characters and 32 different words; ``table`` is one of the
        record tables; ``limit`` a whole number from 1, or None for every hit.
        """
        query = _check_query(text)
        if table is not None:
            check_choice("table", table, RECORD_TABLES, "table to search")
        if limit is not None:
            check_int("limit", limit, 1, MAX_LIMIT)
        return tuple(_Query(self, query).hits(table, limit))

    def table_of(self, doc: int) -> str:
        """The table a record came from; for a record known only by its quotes, the table its id names."""
        return self._homes[doc] or table_of(self._ids[doc]) or "unknown"

    def in_table(self, table: str) -> DocSet:
        """The records of one table (evidence counts for the record it backs)."""
        if table not in self._in_table:
            self._in_table[table] = self._space.of(d for d in range(len(self._ids)) if self.table_of(d) == table)
        return self._in_table[table]


# --- the vocabulary -----------------------------------------------------------------------------------


def _give_aliases(
    index: SearchIndex, tables: Mapping[str, pa.Table], docs: Mapping[str, Sequence[int]], vocabulary: Mapping[str, Any]
) -> None:
    """Give records the vocabulary phrases that stand for what they say or hold.

    A group's phrases count in the tier of the field that holds one of them
    (a name's synonym is a name, a quote's a quote); the labels of a record's
    closed-vocabulary values and the names of its country are the alias tier.
    """
    space = index._space
    fields = [field for field in index._fields if isinstance(field, _Field)]
    for group in vocabulary.get("groups", ()):
        for tier in sorted({field.tier for field in fields}):
            in_tier = [f for f in fields if f.tier == tier]
            holders = _union(space, (_holding(space, in_tier, words(phrase)) for phrase in group["phrases"]))
            index._aliases[tier].give(group["phrases"], holders)
    for name, data in tables.items():
        if name == EVIDENCE_TABLE:
            continue
        for column, labels in _labelled_columns(name, data, vocabulary):
            for value, held in grouped(data.column(column), docs[name]).items():
                if value in labels:
                    index._aliases[_ALIAS].give(labels[value], space.of(held))


def _labelled_columns(
    name: str, data: pa.Table, vocabulary: Mapping[str, Any]
) -> Iterator[tuple[str, dict[str, list[str]]]]:
    for qualified, values in vocabulary.get("values", {}).items():
        table, _, column = qualified.partition(".")
        if table == name and column in data.column_names:
            yield column, {value: [*labels.get("en", ()), *labels.get("vi", ())] for value, labels in values.items()}
    if "country_code" in data.column_names:
        countries = vocabulary.get("countries", {})
        yield "country_code", {code: [*n.get("en", ()), *n.get("vi", ())] for code, n in countries.items()}


def _holding(space: Space, fields: Iterable[_Field], phrase: list[str]) -> DocSet:
    """The records one of whose ``fields`` holds every word of ``phrase`` (whole words)."""
    return _union(space, (_intersection([f.matching(space, word) for word in phrase]) for f in fields if phrase))


def _union(space: Space, sets: Iterable[DocSet]) -> DocSet:
    found = space.empty()
    for docs in sets:
        found = found | docs
    return found


def _intersection(sets: Sequence[DocSet]) -> DocSet:
    """The records in every one of ``sets`` (at least one), smallest first."""
    ordered = sorted(sets, key=len)
    found = ordered[0]
    for docs in ordered[1:]:
        if not found:
            break
        found = found & docs
    return found


# --- near words: one typo --------------------------------------------------------------------------------


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _deletions_index(terms: Iterable[str]) -> dict[str, list[str]]:
    """Every all-letter term of four letters or more under itself and each of its one-letter deletions."""
    near: dict[str, list[str]] = {}
    for term in terms:
        if len(term) >= MIN_TYPO - 1 and term.isalpha():
            for key in (term, *_deletions(term)):
                near.setdefault(key, []).append(term)
    return near


def _one_typo(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with one letter inserted, left out, replaced, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        i = diffs[0]
        return len(diffs) == 1 or (len(diffs) == 2 and diffs[1] == i + 1 and a[i] == b[i + 1] and a[i + 1] == b[i])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


# --- a query ---------------------------------------------------------------------------------------------

_EXACT, _PREFIX, _TYPO = range(3)
_Key = tuple[int, int, int, int, int]  # typo, prefix, tier, spread, not exact


class _Query:
    """One query: each word's records per field and match kind, then the records every word matches, ranked."""

    def __init__(self, index: SearchIndex, words_: list[str]) -> None:
        self.index, self.words, self.space = index, words_, index._space
        self.fields = index._fields
        # Per word: field number -> records it matches there, and across fields by kind of match.
        # in_field[level][word]: field number -> records; level 0 counts whole words, 1 adds prefixes, 2 typos.
        self.in_field: list[list[dict[int, DocSet]]] = [[], [], []]
        self.terms: list[set[str]] = []  # each word's expansions, to show the value that matched
        self.any: list[DocSet] = []
        self.whole: list[DocSet] = []  # whole words or prefixes: no typo
        self.exact: list[DocSet] = []  # whole words
        # Rarest words first would need every word's matches; instead, stop as soon as no record has all so far.
        self.candidates: DocSet = None
        for word in words_:
            self._match(word)
            self.candidates = self.any[-1] if self.candidates is None else self.candidates & self.any[-1]
            if not self.candidates:  # every word must match: the query can match nothing more
                break

    def _expansions(self, word: str) -> list[tuple[str, int]]:
        terms = self.index._terms
        found = [(word, _EXACT)] if _has(terms, word) else []
        if len(word) >= MIN_PREFIX:
            for term in terms[bisect.bisect_right(terms, word) :]:
                if not term.startswith(word):
                    break
                found.append((term, _PREFIX))
        if len(word) >= MIN_TYPO and word.isalpha():
            seen = {term for term, _ in found}
            near = {t for key in (word, *_deletions(word)) for t in self.index._near.get(key, ())}
            found += [(term, _TYPO) for term in sorted(near - seen) if _one_typo(word, term)]
        return found

    def _match(self, word: str) -> None:
        space, expansions = self.space, self._expansions(word)
        self.terms.append({term for term, _ in expansions})
        by_level: list[dict[int, DocSet]] = [{}, {}, {}]
        every, whole, exact = space.empty(), space.empty(), space.empty()
        for number, field in enumerate(self.fields):
            held = [(t, k) for t, k in expansions if t in field.terms]
            if not held:  # most fields hold none of a word's forms: build no set for them
                continue
            kinds = [_union(space, (field.matching(space, t) for t, k in held if k == kind)) for kind in range(3)]
            if kinds[_EXACT] or kinds[_PREFIX] or kinds[_TYPO]:
                levels = [kinds[_EXACT], kinds[_EXACT] | kinds[_PREFIX], kinds[_EXACT] | kinds[_PREFIX] | kinds[_TYPO]]
                for level, docs in enumerate(levels):
                    if docs:
                        by_level[level][number] = docs
                every = every | levels[2]
                whole = whole | levels[1]
                exact = exact | levels[0]
        for level in range(3):
            self.in_field[level].append(by_level[level])
        self.any.append(every)
        self.whole.append(whole)
        self.exact.append(exact)

    def hits(self, table: str | None, limit: int | None) -> list[Hit]:
        out: list[Hit] = []
        exact_id = self.index._numbers.get("-".join(self.words))
        if exact_id is not None and (table is None or self.index.table_of(exact_id) == table):
            record_id = self.index._ids[exact_id]
            out.append(Hit(record_id, self.index.table_of(exact_id), "id", 100.0, record_id))
        if len(self.any) < len(self.words) or not self.candidates:
            return out
        candidates = self.candidates
        if table is not None:
            candidates = candidates & self.index.in_table(table)
        if exact_id is not None:
            candidates = candidates - self.space.of([exact_id])
        for key, bucket in self._buckets(candidates):
            wanted = None if limit is None else limit - len(out)
            if wanted is not None and wanted <= 0:
                break
            out += [self._hit(doc, key) for doc in self.space.first(bucket, wanted)]
        return out

    def _in(self, level: int, word: int, numbers: Iterable[int]) -> DocSet:
        """The records ``word`` matches in any of the fields ``numbers``, by a match of at most ``level``."""
        held = self.in_field[level][word]
        return _union(self.space, (held[f] for f in numbers if f in held))

    def _every_word_in(self, level: int, candidates: DocSet, numbers: Sequence[int]) -> DocSet:
        return candidates & _intersection([self._in(level, w, numbers) for w in range(len(self.words))])

    def _buckets(self, candidates: DocSet) -> Iterator[tuple[_Key, DocSet]]:
        """The candidates in rank order, as buckets of equal rank: (typo, prefix, tier, spread, not exact).

        A record's tier is read from the matches of its own kind: a record found by whole words
        ranks by the fields whole words hold, not by a field a prefix or a typo reached.
        """
        whole_words = candidates & _intersection(self.whole)
        exact = whole_words & _intersection(self.exact)
        groups = ((0, 0, _EXACT, exact), (0, 1, _PREFIX, whole_words - exact), (1, 0, _TYPO, candidates - whole_words))
        for typo, prefix, level, group in groups:
            if group:
                yield from self._ranked(group, level, typo, prefix)

    def _ranked(self, group: DocSet, level: int, typo: int, prefix: int) -> Iterator[tuple[_Key, DocSet]]:
        space = self.space
        covered: list[DocSet] = []  # by tier: records one field of that tier holds every word for
        complete: list[DocSet] = []  # by tier: records one field of that tier is exactly the query for
        reach: list[DocSet] = []  # by tier: records every word matches within fields of that tier or better
        for tier in range(len(TIERS)):
            numbers = [f for f, field in enumerate(self.fields) if field.tier == tier]
            covering = {f: self._every_word_in(level, group, [f]) for f in numbers}
            covered.append(_union(space, covering.values()))
            complete.append(_union(space, (self._exactly(f, docs, level) for f, docs in covering.items())))
            better = [f for f, field in enumerate(self.fields) if field.tier <= tier]
            reach.append(self._every_word_in(level, group, better))
        taken = space.empty()
        for tier in range(len(TIERS)):
            single = covered[tier] - taken
            taken = taken | single
            spread = reach[tier] - taken  # every word within this tier or better, though in no one field
            taken = taken | spread
            parts = ((0, 0, single & complete[tier]), (0, 1, single - complete[tier]), (1, 1, spread))
            yield from (((typo, prefix, tier, s, i), docs) for s, i, docs in parts if docs)

    def _exactly(self, number: int, docs: DocSet, level: int) -> DocSet:
        """The records of ``docs`` whose value in this field is the query's words and no other."""
        field = self.fields[number]
        if isinstance(field, _Alias):
            return docs & field.exactly(self.space, " ".join(self.words))
        found = docs & field.sized(self.space, len(self.words))
        for in_field in self.in_field[level]:  # a prefix or a typo still stands for one word: the kinds rank apart
            found = found & in_field.get(number, self.space.empty())
        return found

    def _hit(self, doc: int, key: _Key) -> Hit:
        typo, prefix, tier, spread, inexact = key
        penalty = 64 * typo + 32 * prefix + 4 * tier + 2 * spread + inexact
        level = _TYPO if typo else _PREFIX if prefix else _EXACT
        field = self.fields[self._field_of(doc, tier, spread, level)]
        score = round(100 - penalty * 100 / 128, 2)
        record_id = self.index._ids[doc]
        return Hit(record_id, self.index.table_of(doc), field.label, score, field.text(doc, self.terms))

    def _field_of(self, doc: int, tier: int, spread: int, level: int) -> int:
        """The field to show: the first of the hit's tier holding every word, else the one holding most words."""
        by_word = self.in_field[level]
        held = {f: sum(doc in in_field[f] for in_field in by_word if f in in_field) for f in range(len(self.fields))}
        if not spread:
            return next(f for f in held if self.fields[f].tier == tier and held[f] == len(self.words))
        return min(held, key=lambda f: (-held[f], self.fields[f].tier, f))


def _held(value: str, wanted: Sequence[set[str]]) -> int:
    """How many of the query's words (each given as the set of words it matched) ``value`` holds."""
    tokens = set(words(value))
    return sum(bool(tokens & terms) for terms in wanted)


def _has(terms: list[str], word: str) -> bool:
    at = bisect.bisect_left(terms, word)
    return at < len(terms) and terms[at] == word


def _as_text(value: object) -> str:
    return " · ".join(value) if isinstance(value, list) else str(value)


# --- arguments -------------------------------------------------------------------------------------------


def _in_memory(name: str, data: pa.Table) -> pa.Table:
    """A table read straight from a data file, in its in-memory form (lists, plain text)."""
    import pyarrow as pa

    try:
        return from_file_form(data)
    except pa.ArrowException as exc:
        raise InvalidArgumentError(f"tables[{name!r}] has a JSON column that is not a list of strings: {exc}") from None


def _check_tables(tables: object) -> None:
    import pyarrow as pa

    if not isinstance(tables, Mapping):
        raise InvalidTypeError(f"tables={shown(tables)}: expected a mapping of table name to pyarrow.Table")
    for name, data in tables.items():
        check_choice("tables", name, tuple(FIELDS), "table")
        if not isinstance(data, pa.Table):
            raise InvalidTypeError(f"tables[{name!r}]={shown(data)}: expected a pyarrow.Table")
        key = "record_id" if name == EVIDENCE_TABLE else "id"
        needed = (key, *(column for column, _ in FIELDS[name]))
        missing = [c for c in needed if c not in data.column_names]
        if missing:
            raise InvalidArgumentError(f"tables[{name!r}] lacks the column(s) {', '.join(missing)}")
        wrong = [c for c in needed if not _holds_text(data.schema.field(c).type)]
        if wrong:
            raise InvalidArgumentError(f"tables[{name!r}]: the column(s) {', '.join(wrong)} must hold text")


def _holds_text(kind: pa.DataType) -> bool:
    import pyarrow as pa

    if pa.types.is_list(kind) or pa.types.is_dictionary(kind):
        kind = kind.value_type
    if kind == pa.json_():
        return True
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def _check_query(text: object) -> list[str]:
    check_text("text", text, max_length=MAX_QUERY)
    assert isinstance(text, str)
    if not text.strip():
        raise InvalidArgumentError("text='': the search text is empty; give at least one letter or digit")
    found = list(dict.fromkeys(words(text)))  # a repeated word narrows nothing: look it up once
    if not found:
        raise InvalidArgumentError(f"text={shown(text)} has no letters or digits to search for")
    if len(found) > MAX_WORDS:
        raise InvalidArgumentError(f"text={shown(text)} has {len(found)} different words; at most {MAX_WORDS} allowed")
    return found


@_store.cached
def _default_index() -> SearchIndex:
    return SearchIndex({name: _store.table(name) for name in FIELDS})


def search(text: str, *, table: str | None = None, limit: int | None = 20) -> tuple[Hit, ...]:
    """Search the corpus; best matches first. ``table`` keeps hits on that table's records."""
    return _default_index().search(text, table=table, limit=limit)
