"""A search query: parsed once in Python, then rendered for FTS5 MATCH or as a tsquery.

Every token of the query must be present in a field (AND). A term is what the
user typed between separators; its tokens come from app.search.tokens:

- a CJK run of two or more characters -> its bigrams, all required
  (메타버스 -> 메타 & 타버 & 버스); the trailing single character indexed for
  each run is not required, so 민원 finds 민원은;
- a one-character CJK run -> a prefix match on that character (민 -> 민*),
  which finds it anywhere in a run (see tokens.py); this may be slower;
- a CJK run ending in a Korean particle, with at least two characters before it
  -> the bigrams of its stem: 서울시는 -> 서울 & 울시, so it finds 서울시가 and
  서울시장; 민원은 finds 민원 상담. Ranking puts the form typed first;
- an amount (60억, 60억 원, 약 60억 원, 6,000,000,000, 400억을) -> its value in digits,
  the token app.search.amounts indexes for every way of writing it; the "약" before
  it, the "원" and a particle after it are part of the amount, not words to find;
- a word -> that word exactly, or as a prefix when it is followed by `*` and has
  at least 2 characters (metav* finds Metaverse). There is no implicit prefix
  match: on SQLite a prefix query reads every matching document (about 15 ms per
  100,000), an exact word only the ones it returns.
"""

import re
from dataclasses import dataclass

from app.core.errors import InvalidParameter
from app.search.amounts import AMOUNT, amounts
from app.search.tokens import Run, normalize, run_tokens, runs

MAX_QUERY_CHARS = 200
MAX_TOKENS = 40
EXPLICIT_PREFIX_MIN_CHARS = 2
# Korean particles (josa), longest first so 에서는 is taken before 는. A query word ending
# in one also matches its stem; the stem must keep at least MIN_STEM_CHARS characters,
# so 불과, 회의 and 나이 stay whole.
PARTICLES = ("에서부터", "으로부터", "에서는", "에게는", "으로는", "에서도", "까지는", "부터는", "이라는", "이라고",
             "에서", "에게", "까지", "부터", "으로", "처럼", "보다", "라는", "께서", "한테", "마저", "조차", "이나",
             "에는", "에도", "와는", "과는", "로는", "은", "는", "이", "가", "을", "를", "의", "에", "도", "만", "와", "과", "로")
MIN_STEM_CHARS = 2
# An amount as a query word, with what belongs to it: 약 60억 원을 -> 60억 (202* stays a prefix).
_QUERY_AMOUNT = re.compile(rf"(?:(?<![가-힣])약\s?)?(?P<amount>{AMOUNT.pattern})(?!\*)(?:\s?원)?"
                           rf"(?:(?:{'|'.join(PARTICLES)})(?![가-힣]))?")


@dataclass(frozen=True)
class Term:
    text: str  # the normalized run as typed: 메타버스, seoul, 민
    cjk: bool
    tokens: tuple[str, ...]
    prefix: bool = False  # the (single) token matches as a prefix
    stem: str | None = None  # 서울시 for 서울시는: what is matched when a particle is attached
    amount: int | None = None  # the value of an amount term (its token is that value in digits)


@dataclass(frozen=True)
class SearchQuery:
    raw: str
    normalized: str
    terms: tuple[Term, ...]

    @property
    def match_tokens(self) -> tuple[tuple[str, bool], ...]:
        """Distinct (token, is_prefix) pairs that must all match."""
        seen: dict[tuple[str, bool], None] = {}
        for term in self.terms:
            for token in term.tokens:
                seen.setdefault((token, term.prefix), None)
        return tuple(seen)

    def fts5(self) -> str:
        """An FTS5 MATCH expression: "민원" "서"* (implicit AND, every token quoted)."""
        return " ".join('"' + token.replace('"', '""') + '"' + ("*" if prefix else "") for token, prefix in self.match_tokens)

    def tsquery(self) -> str:
        """A tsquery literal: '민원' & '서':* (lexemes taken as they are, no dictionary)."""
        parts = []
        for token, prefix in self.match_tokens:
            quoted = "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"
            parts.append(quoted + (":*" if prefix else ""))
        return " & ".join(parts)

    @property
    def signature(self) -> str:
        """A stable description of what is matched, e.g. for cursors and logs."""
        return self.fts5()


def parse_query(raw: str | None, parameter: str = "q") -> SearchQuery:
    """Parse a user's query; a 400 naming `parameter` if there is nothing to search for."""
    if raw is None or not raw.strip():
        raise InvalidParameter(parameter, "give at least one word or character to search for, e.g. 민원 or Seoul")
    if len(raw) > MAX_QUERY_CHARS:
        raise InvalidParameter(parameter, f"at most {MAX_QUERY_CHARS} characters")
    normalized = normalize(raw)
    terms = _terms(normalized)
    if not terms:
        raise InvalidParameter(parameter, f"{raw.strip()!r} has no letters or digits to search for")
    query = SearchQuery(raw, normalized, tuple(terms))
    if len(query.match_tokens) > MAX_TOKENS:
        raise InvalidParameter(parameter, f"too many words: at most {MAX_TOKENS} search tokens (a Korean word of n syllables uses n-1)")
    return query


def stem(word: str) -> str | None:
    """The word without a Korean particle at its end (서울시는 -> 서울시), or None."""
    for particle in PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= MIN_STEM_CHARS:
            return word[: -len(particle)]
    return None


def _terms(normalized: str) -> list[Term]:
    """The terms of a normalized query in order: amounts first found, then the runs between them."""
    found: list[tuple[int, Term]] = []
    rest = list(normalized)
    for match in _QUERY_AMOUNT.finditer(normalized):
        start, end = match.span("amount")
        amount = next(amounts(match.group("amount")), None)
        if amount is None or (amount.start, amount.end) != (0, end - start):
            continue
        found.append((start, Term(match.group("amount"), False, (amount.token,), amount=amount.value)))
        rest[match.start() : match.end()] = " " * (match.end() - match.start())
    for run in runs("".join(rest)):
        found.append((run.start, _run_term(run, normalized)))
    return [term for _, term in sorted(found, key=lambda item: item[0])]


def _run_term(run: Run, normalized: str) -> Term:
    if run.cjk:
        if len(run.text) == 1:
            return Term(run.text, True, (run.text,), prefix=True)
        base = stem(run.text)
        if base is None:
            return Term(run.text, True, tuple(run_tokens(run)[:-1]))
        return Term(run.text, True, tuple(run_tokens(Run(base, run.start, True))[:-1]), stem=base)
    word = run_tokens(run)[0]
    starred = normalized[run.end : run.end + 1] == "*" and len(word) >= EXPLICIT_PREFIX_MIN_CHARS
    return Term(word, False, (word,), prefix=starred)
