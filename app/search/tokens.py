"""Text to search tokens, identically for indexing and querying, on any database.

The databases never tokenize: Python computes the tokens, SQLite FTS5 (with the
`ascii` tokenizer, which keeps every non-ASCII character inside a token) and
PostgreSQL (`array_to_tsvector`, no parser, no dictionary) only store and match
them. That is what makes both engines return the same rows.

Rules (after NFKC normalisation and case folding):

- Letters and digits form runs; everything else (spaces, punctuation, symbols,
  combining marks, `_`) separates them.
- A run of CJK characters (Hangul, Han, Hiragana, Katakana) is indexed as its
  overlapping character bigrams plus its last character on its own, in the manner
  of Lucene's CJK analyzer: 민원은 -> 민원, 원은, 은. A one-character run is
  indexed as itself. Korean particles therefore never hide a word: a query for
  민원 (one bigram) finds 민원은, and 메타버스 (메타, 타버, 버스) finds 메타버스를.
- Any other run is one word token: "Seoul's" -> seoul, s; "COVID-19" -> covid, 19.
  Words longer than MAX_WORD_CHARS are cut to that length (the same cut is applied
  to queries, so they still match).

An amount written with Korean units or thousands separators also gives its value
in digits (app.search.amounts): 약 60억 원 -> ..., 6000000000.

The trailing single character makes one-character queries a plain prefix match
on both engines: 서 matches every token starting with 서 (서울, 서비, 서), and
울 also finds 서울 through its trailing 울.
"""

import re
import unicodedata
from typing import NamedTuple

from app.search.amounts import amount_tokens

MAX_WORD_CHARS = 100

# Code point ranges of the scripts written without spaces between words, restricted
# by _RUNS to letters and digits so punctuation in these blocks still separates.
_CJK_RANGES = (
    "\u1100-\u11ff"  # Hangul Jamo
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3130-\u318f"  # Hangul Compatibility Jamo (NFKC maps most of these to Jamo)
    "\u31f0-\u31ff"  # Katakana Phonetic Extensions
    "\u3400-\u4dbf"  # CJK Unified Ideographs Extension A
    "\u4e00-\u9fff"  # CJK Unified Ideographs
    "\ua960-\ua97f"  # Hangul Jamo Extended-A
    "\uac00-\ud7a3"  # Hangul Syllables
    "\ud7b0-\ud7ff"  # Hangul Jamo Extended-B
    "\uf900-\ufaff"  # CJK Compatibility Ideographs
    "\U00020000-\U0003134f"  # CJK Unified Ideographs Extensions B-G, Compatibility Supplement
)
# One pass over normalized text: a CJK run (letters of those scripts) or another run of
# letters/digits (str.isalnum() characters; `_` separates).
_RUNS = re.compile(f"(?P<cjk>(?:(?![\\W_])[{_CJK_RANGES}])+)|(?P<word>[^\\W_{_CJK_RANGES}]+)")
_CJK_CHAR = re.compile(f"[{_CJK_RANGES}]")
# Characters that compose with the one before them under NFKC (Hangul vowel and
# final jamo); combining marks are found with unicodedata.combining().
_JAMO_CONTINUATION = re.compile("[\u1160-\u11ff\ud7b0-\ud7ff]")


def _fold(piece: str) -> str:
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", piece).casefold())


def normalize(text: str) -> str:
    """NFKC, case-folded (NFKC_Casefold in spirit): ＳＥＯＵＬ -> seoul, ㈜ -> (주)."""
    return normalize_with_offsets(text)[0]


def normalize_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """The normalized text and where each of its characters comes from in `text`.

    The list gives, for each normalized character and then for the end, the offset
    in `text` of the cluster it comes from; it is None when normalisation changed
    nothing but case (offsets are then the same). Normalisation works cluster by
    cluster (a character with the combining marks or Hangul jamo that compose with
    it) so that every normalized character can be traced back for highlighting.
    """
    if unicodedata.is_normalized("NFKC", text):
        folded = text.casefold()
        if len(folded) == len(text) and unicodedata.is_normalized("NFKC", folded):
            return folded, None
    pieces: list[str] = []
    offsets: list[int] = []
    start = 0
    while start < len(text):
        end = start + 1
        while end < len(text) and (unicodedata.combining(text[end]) or _JAMO_CONTINUATION.match(text[end])):
            end += 1
        piece = _fold(text[start:end])
        pieces.append(piece)
        offsets.extend([start] * len(piece))
        start = end
    offsets.append(len(text))
    return "".join(pieces), offsets


def original_span(offsets: list[int] | None, start: int, end: int) -> tuple[int, int]:
    """The span of the original text that normalized characters [start, end) come from."""
    if offsets is None:
        return start, end
    last = offsets[end - 1]
    original_end = next(offset for offset in offsets[end:] if offset > last)
    return offsets[start], original_end


def is_cjk(char: str) -> bool:
    return _CJK_CHAR.match(char) is not None


class Run(NamedTuple):
    """A maximal run of letters/digits of one kind in normalized text, with its position."""

    text: str
    start: int
    cjk: bool

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def runs(normalized: str) -> list[Run]:
    """CJK and other runs of already normalized text, in order."""
    return [Run(match.group(), match.start(), match.lastgroup == "cjk") for match in _RUNS.finditer(normalized)]


def is_word_char(char: str) -> bool:
    """A character of a non-CJK run."""
    return char.isalnum() and not is_cjk(char)


def is_cjk_letter(char: str) -> bool:
    """A character of a CJK run."""
    return char.isalnum() and is_cjk(char)


def run_tokens(run: Run) -> list[str]:
    """The index tokens of one run (see the module docstring)."""
    if not run.cjk:
        return [run.text[:MAX_WORD_CHARS]]
    text = run.text
    if len(text) == 1:
        return [text]
    return [text[i : i + 2] for i in range(len(text) - 1)] + [text[-1]]


def index_tokens(text: str | None) -> list[str]:
    """Distinct tokens of a field's text, in order of first appearance."""
    if not text:
        return []
    normalized = normalize(text)
    seen: dict[str, None] = {}
    for run in runs(normalized):
        for token in run_tokens(run):
            seen.setdefault(token, None)
    for token in amount_tokens(normalized):
        seen.setdefault(token, None)
    return list(seen)


def token_string(text: str | None) -> str:
    """What is stored in search_documents.tokens: the tokens separated by single spaces."""
    return " ".join(index_tokens(text))
