"""A search query: parsed once in Python, then rendered for FTS5 MATCH or as a tsquery.

Every token of the query must be present in a field (AND). A term is what the
user typed between separators; its tokens come from app.search.tokens:

- a CJK run of two or more characters -> its bigrams, all required
  (메타버스 -> 메타 & 타버 & 버스); the trailing single character indexed for
  each run is not required, so 민원 finds 민원은;
- a one-character CJK run -> a prefix match on that character (민 -> 민*),
  which finds it anywhere in a run (see tokens.py); this may be slower;
- a word -> that word exactly, or as a prefix when it is followed by `*` and has
  at least 2 characters (metav* finds Metaverse). There is no implicit prefix
  match: on SQLite a prefix query reads every matching document (about 15 ms per
  100,000), an exact word only the ones it returns.
"""

from dataclasses import dataclass

from app.core.errors import InvalidParameter
from app.search.tokens import normalize, run_tokens, runs

MAX_QUERY_CHARS = 200
MAX_TOKENS = 40
EXPLICIT_PREFIX_MIN_CHARS = 2


@dataclass(frozen=True)
class Term:
    text: str  # the normalized run as typed: 메타버스, seoul, 민
    cjk: bool
    tokens: tuple[str, ...]
    prefix: bool = False  # the (single) token matches as a prefix


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
    found = list(runs(normalized))
    if not found:
        raise InvalidParameter(parameter, f"{raw.strip()!r} has no letters or digits to search for")
    terms = []
    for run in found:
        if run.cjk:
            if len(run.text) == 1:
                terms.append(Term(run.text, True, (run.text,), prefix=True))
            else:
                terms.append(Term(run.text, True, tuple(run_tokens(run)[:-1])))
            continue
        word = run_tokens(run)[0]
        starred = normalized[run.end : run.end + 1] == "*" and len(word) >= EXPLICIT_PREFIX_MIN_CHARS
        terms.append(Term(word, False, (word,), prefix=starred))
    query = SearchQuery(raw, normalized, tuple(terms))
    if len(query.match_tokens) > MAX_TOKENS:
        raise InvalidParameter(parameter, f"too many words: at most {MAX_TOKENS} search tokens (a Korean word of n syllables uses n-1)")
    return query

