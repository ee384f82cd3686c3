"""Fill the search index the app's own way, found at run time (the search code is still being built).

Preferred: the rows `app.search.index.documents_for` would give, built in the
worker processes next to the rows they index. Generated texts come from finite
word pools, so tokens are computed once per distinct text (token_string costs
~40 µs a field) and each document is a plain tuple; the first record of every
resource is checked against documents_for itself, and a mismatch (the app's
rules changed) switches to calling documents_for for every record.
Otherwise `rebuild_index(session)` after the load; otherwise a warning.
"""

import importlib
from typing import Any

from bench.synth import COLUMNS

NAMES = ("id", "resource", "record_id", "field", "tokens")


def _module(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def mode() -> str:
    """'documents' (bulk, in workers), 'rebuild' (app.search.index.rebuild_index afterwards) or 'none'."""
    index = _module("app.search.index")
    if index is None:
        return "none"
    if hasattr(index, "documents_for") and hasattr(index, "SEARCHABLE"):
        return "documents"
    return "rebuild" if hasattr(index, "rebuild_index") else "none"


class Documents:
    """search_documents rows (in NAMES order) for generated rows; one instance per process keeps the token cache."""

    def __init__(self) -> None:
        self.index, schema = _module("app.search.index"), _module("app.search.schema")
        self.document_id = schema.document_id
        self.tokens: dict[str, str] = {}
        self.verified: set[str] = set()
        self.fallback = False
        # (table, resource path, resource code, [(field position, field, column position or None)])
        self.specs = []
        for resource in self.index.SEARCHABLE:
            table = resource.sa_table.name
            if table in COLUMNS:
                columns = COLUMNS[table]
                fields = [(n, f, columns.index(f) if f in columns else None) for n, f in enumerate(resource.searchable)]
                self.specs.append((table, resource.path, schema.resource_code(resource.path), resource.searchable, fields))

    def _token(self, text: str) -> str:
        tokens = self.tokens.get(text)
        if tokens is None:
            tokens = self.tokens[text] = self.index.token_string(text)
        return tokens

    def _verify(self, rows_by_table: dict[str, list[tuple]]) -> None:
        """The fast ways must give documents_for's rows: checked on each resource's first record."""
        for table, path, code, searchable, fields in self.specs:
            rows = rows_by_table.get(table)
            if rows and path not in self.verified:
                self.verified.add(path)
                self.fallback |= self._fast(path, code, fields, rows[:1]) != self._slow(path, searchable, fields, rows[:1])

    def rows(self, rows_by_table: dict[str, list[tuple]]) -> list[tuple]:
        """Sorted by document id."""
        self._verify(rows_by_table)
        out: list[tuple] = []
        for table, path, code, searchable, fields in self.specs:
            rows = rows_by_table.get(table, ())
            out.extend(self._slow(path, searchable, fields, rows) if self.fallback else self._fast(path, code, fields, rows))
        out.sort()
        return out

    def _fast(self, path: str, code: int, fields: list, rows: list[tuple]) -> list[tuple]:
        cache, token, base_id = self.tokens, self._token, self.document_id(0, code, 0)
        unit = self.document_id(1, code, 0) - base_id
        out: list[tuple] = []
        append = out.append
        for position, name, column in fields:
            if column is None:
                continue
            offset = base_id + position
            for row in rows:
                text = row[column]
                if text:
                    tokens = cache.get(text) or token(text)
                    if tokens:
                        append((row[0] * unit + offset, path, row[0], name, tokens))
        return out

    def _slow(self, path: str, searchable: tuple, fields: list, rows: list[tuple]) -> list[tuple]:
        out = []
        for row in rows:
            values = {"id": row[0], **{name: row[column] if column is not None else None for _, name, column in fields}}
            out.extend(tuple(d[n] for n in NAMES) for d in self.index.documents_for(path, searchable, values))
        return out


def rebuild(engine) -> dict[str, int] | None:
    """The slow, general way: the app recomputes every document itself."""
    from sqlmodel import Session

    index = _module("app.search.index")
    with Session(engine) as session:
        counts = index.rebuild_index(session)
        session.commit()
    return counts
