"""Korean-first full-text search over the resources' `searchable` fields, the same on SQLite and PostgreSQL.

    from app.search import search_condition      # WHERE clause for a list's q=
    from app.search import parse_query            # 400 naming `q` if nothing to search
    from app.search.index import reindex_record, remove_record, index_rows, rebuild_index

Design: app/search/README.md. Tokens are computed in Python (app.search.tokens), stored
in search_documents (app.search.schema), matched by SQLite FTS5 or a PostgreSQL
GIN-indexed tsvector, ranked and highlighted in Python (app.search.ranking).
"""

from app.search.condition import search_condition
from app.search.query import SearchQuery, parse_query

__all__ = ["SearchQuery", "parse_query", "search_condition"]
