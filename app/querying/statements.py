"""Statements built once per shape of query and reused: building a list's statement costs more than running it.

A bounded mapping from a hashable shape (everything that decides the SQL, none of the values)
to the statement; the values travel as parameters (app.querying.binds). SQLAlchemy compiles
a reused statement once per engine and remembers its cache key, so a hit skips both.
"""

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

MAX_STATEMENTS = 512
Built = TypeVar("Built")


class StatementCache(Generic[Built]):
    """Statements (or whatever holds one, with what reads its rows) by shape."""

    def __init__(self, size: int = MAX_STATEMENTS) -> None:
        self.size = size
        self._statements: dict[Hashable, Built] = {}

    def get(self, shape: Hashable, build: Callable[[], Built]) -> Built:
        """The statement of `shape`, built by `build` the first time; the oldest is forgotten past `size`."""
        statement = self._statements.get(shape)
        if statement is None:
            if len(self._statements) >= self.size:
                del self._statements[next(iter(self._statements))]
            statement = self._statements[shape] = build()
        return statement
