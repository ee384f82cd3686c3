"""Portable relevance and highlighting, computed in Python from the stored field text.

Neither bm25 (SQLite) nor ts_rank (PostgreSQL) is used: they disagree with each
other, and ranking every hit of a common word is what makes search slow at a
million rows. The engines only find matching documents; the ranking below is
applied to a bounded set of them and gives the same order on both engines.

Score of one field (higher is better), all parts computed on normalized text:

    10 x (share of query terms found as typed: 메타버스 as a substring, not only
          its bigrams scattered; a word as a whole word, or as a prefix if typed so;
          an amount written any way; a word typed with a particle, 서울시는, counts
          STEM_SHARE when only its stem, 서울시, is found)
  +  2 x (share of those found at the start of a word: 서울 in 서울시는, not in 남서울)
  +  5   if the field says exactly the query (the same runs of letters, in order)
  +  field weight (names, titles, indicators, amount wordings, labels 3; quotes,
                  English names, value wordings 2; other 1)
  +  0.1 x occurrences of the terms (at most 10)

Ties: shorter field text first, then resource order, then record id, then field.
Snippets and highlights are only computed for the hits of the page returned.
"""

import unicodedata
from dataclasses import dataclass

from app.search.amounts import amounts
from app.search.query import SearchQuery, Term
from app.search.tokens import MAX_WORD_CHARS, is_cjk_letter, is_word_char, normalize, normalize_with_offsets, original_span, runs

FIELD_WEIGHTS: dict[str, int] = {
    "name": 3, "title": 3, "indicator": 3,
    "quote": 2, "name_en": 2, "indicator_en": 2,
    "label": 3, "amount_text": 3, "value_text": 2, "excerpt": 1, "excerpt_en": 1,
    "summary": 1, "summary_en": 1, "translation_en": 1,
}
SNIPPET_CHARS = 160
SNIPPET_LEAD = 40
MARK_OPEN, MARK_CLOSE = "«", "»"
ELLIPSIS = "…"
MAX_COUNTED = 10
STEM_SHARE = 0.5


def score_field(query: SearchQuery, field: str, text: str) -> float:
    return FieldScorer(query)(field, text)


class FieldScorer:
    """score_field for one query, its per-term work done once: a search scores up to 500 fields with it,
    and the calls and objects saved per field were most of a search's CPU. Same arithmetic, same floats."""

    def __init__(self, query: SearchQuery):
        self._terms = tuple((term, Term(term.stem, True, term.tokens) if term.stem else None,
                             term.cjk and term.amount is None) for term in query.terms)
        self._count = len(query.terms)
        self._exact_within = 2 * len(query.normalized) + 20
        self._query = query

    def __call__(self, field: str, text: str) -> float:
        normalized = _normalized(text)
        found = at_start = occurrences = 0
        for term, stem_term, plain_cjk in self._terms:
            if plain_cjk:  # the common case, inlined: every occurrence, overlapping
                starts = _occurrences(term.text, normalized)
                if starts:
                    found += 1
                elif stem_term is not None and (starts := _occurrences(stem_term.text, normalized)):
                    found += STEM_SHARE
                if starts:
                    at_start += any(start == 0 or not is_cjk_letter(normalized[start - 1]) for start in starts)
                    occurrences += len(starts)
                continue
            spans = term_spans(term, normalized)
            if spans:
                found += 1
            elif stem_term is not None and (spans := term_spans(stem_term, normalized)):
                found += STEM_SHARE
            if spans:
                at_start += any(_starts_word(term, normalized, start) for start, _ in spans)
                occurrences += len(spans)
        count = self._count
        exactly = len(normalized) <= self._exact_within and _says_exactly(self._query, normalized)
        score = (10 * found / count + 2 * at_start / count + (5 if exactly else 0)
                 + FIELD_WEIGHTS.get(field, 1) + 0.1 * min(occurrences, MAX_COUNTED))
        return round(score, 3)


def _normalized(text: str) -> str:
    """normalize(text), without building offsets for the usual text that only case folding changes."""
    if unicodedata.is_normalized("NFKC", text):
        folded = text.casefold()
        if folded == text or (len(folded) == len(text) and unicodedata.is_normalized("NFKC", folded)):
            return folded
    return normalize(text)


def _occurrences(needle: str, normalized: str) -> list[int]:
    """Where a CJK term starts in normalized text, overlapping occurrences included (as term_spans finds them)."""
    starts = []
    start = normalized.find(needle)
    while start != -1:
        starts.append(start)
        start = normalized.find(needle, start + 1)
    return starts


def term_spans(term: Term, normalized: str) -> list[tuple[int, int]]:
    """Where a term occurs as typed in normalized text (a CJK run anywhere; a word on word boundaries)."""
    if term.amount is not None:
        return [(amount.start, amount.end) for amount in amounts(normalized) if amount.value == term.amount]
    spans = []
    start = normalized.find(term.text)
    while start != -1:
        end = start + len(term.text)
        if term.cjk:
            spans.append((start, end))
        elif (start == 0 or not is_word_char(normalized[start - 1])):
            if end == len(normalized) or not is_word_char(normalized[end]):
                spans.append((start, end))
            elif term.prefix or len(term.text) == MAX_WORD_CHARS:  # the rest of the word is highlighted too
                while end < len(normalized) and is_word_char(normalized[end]):
                    end += 1
                spans.append((start, end))
        start = normalized.find(term.text, start + 1)
    return spans


def _starts_word(term: Term, normalized: str, start: int) -> bool:
    return not term.cjk or start == 0 or not is_cjk_letter(normalized[start - 1])


def _says_exactly(query: SearchQuery, normalized: str) -> bool:
    if len(normalized) > 2 * len(query.normalized) + 20:  # far longer than the query: cannot be just the query
        return False
    return [run.text for run in runs(normalized)] == [term.text for term in query.terms]


@dataclass(frozen=True)
class Highlighted:
    snippet: str
    highlights: list[tuple[int, int]]  # [start, end) code point offsets in the original text


def highlight(query: SearchQuery, text: str) -> Highlighted:
    """The matches in the original text, and a snippet around the first with « » around each."""
    normalized, offsets = normalize_with_offsets(text)
    spans: list[tuple[int, int]] = []
    for term in query.terms:
        found = term_spans(term, normalized)
        if not found and term.stem:
            found = term_spans(Term(term.stem, True, term.tokens), normalized)
        if not found:  # matched through scattered bigrams only: show those
            for token in term.tokens:
                found.extend(term_spans(Term(token, True, (token,)), normalized))
        spans.extend(found)
    highlights = _merge([original_span(offsets, start, end) for start, end in _merge(spans)])
    return Highlighted(snippet(text, highlights), highlights)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def snippet(text: str, highlights: list[tuple[int, int]]) -> str:
    """At most SNIPPET_CHARS of the text around the first match, matches wrapped in « and »."""
    if len(text) <= SNIPPET_CHARS:
        start, end = 0, len(text)
    else:
        first = highlights[0][0] if highlights else 0
        start = max(0, min(first - SNIPPET_LEAD, len(text) - SNIPPET_CHARS))
        end = start + SNIPPET_CHARS
    pieces, cursor = [], start
    for low, high in highlights:
        low, high = max(low, start), min(high, end)
        if low >= high:
            continue
        pieces += [text[cursor:low], MARK_OPEN, text[low:high], MARK_CLOSE]
        cursor = high
    pieces.append(text[cursor:end])
    return (ELLIPSIS if start > 0 else "") + "".join(pieces) + (ELLIPSIS if end < len(text) else "")
