"""A list endpoint's whole result as a streamed CSV or NDJSON download.

Same filters, search and sort as the list (app.services.listing.ordered_statement),
but not paged: `limit`, `cursor`, `count` and `facet` are refused rather than
ignored. `expand=` is NDJSON-only and costs one query per relation per batch.
"""

from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import quote

import sqlalchemy as sa
from starlette.datastructures import QueryParams

from app.core.errors import InvalidParameter
from app.export.connections import ConnectionFactory, batches
from app.export.database_cells import lines_statement, written
from app.export.responses import ExportResponse
from app.export.tabular import csv_cells, csv_columns, csv_text, ndjson_lines
from app.querying.params import ListQuery, parse_list_query
from app.resources.base import Resource
from app.services.expansion import expand_records
from app.services.listing import ordered_statement, shaped

BOM = "\ufeff"  # lets Excel recognise UTF-8, so Korean opens intact
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "ndjson": "application/x-ndjson"}
NOT_PAGED = {
    "limit": "exports are not paged: they hold every matching record; remove limit",
    "cursor": "exports are not paged: they hold every matching record; remove cursor",
    "count": "exports hold every matching record; count the rows of the download instead",
    "facet": "facets are for JSON lists; remove facet or ask without format",
}


def export_query(resource: Resource, params: QueryParams, fmt: str) -> ListQuery:
    """Parse and check everything before streaming starts, so mistakes are still a 400."""
    for name, message in NOT_PAGED.items():
        if name in params:
            raise InvalidParameter(name, message)
    query = parse_list_query(resource, params)
    if fmt == "csv" and query.expand:
        raise InvalidParameter("expand", "a CSV has one row per record and cannot embed related records; "
                                         "use format=ndjson or export the related list")
    return query


def export_list(resource: Resource, fmt: str, params: QueryParams, connections: ConnectionFactory) -> ExportResponse:
    query = export_query(resource, params, fmt)
    statement = ordered_statement(resource, query)
    body = csv_body(connections, resource, statement, query) if fmt == "csv" else ndjson_body(connections, resource, statement, query)
    filename = f"{resource.path}-{datetime.now(UTC):%Y%m%d}.{fmt}"
    headers = {"Content-Disposition": attachment(filename), "Vary": "Accept"}
    return ExportResponse(body, media_type=MEDIA_TYPES[fmt], headers=headers)


def attachment(filename: str) -> str:
    """A download name: plain ASCII for every client, plus RFC 6266 filename* when it is not ASCII."""
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    header = f'attachment; filename="{ascii_name}"'
    return header if ascii_name == filename else f"{header}; filename*=UTF-8''{quote(filename)}"


def csv_body(connections: ConnectionFactory, resource: Resource, statement: sa.Select, query: ListQuery) -> Iterator[bytes]:
    columns = csv_columns(resource, query.fields)
    cells = csv_cells(resource, columns)
    yield (BOM + csv_text([columns])).encode()
    with connections() as connection:
        by_database = lines_statement(resource, columns, statement, connection.dialect.name)
        if by_database is None:
            for rows in batches(connection, statement):
                yield csv_text(cells(row) for row in rows).encode()
            return

        def in_python(ids: list) -> dict:
            again = connection.execute(statement.where(resource.sa_table.c.id.in_(ids)))
            return {row.id: csv_text([cells(row)]) for row in again}

        for rows in batches(connection, by_database):
            yield written(rows, in_python).encode()


def ndjson_body(connections: ConnectionFactory, resource: Resource, statement: sa.Select, query: ListQuery) -> Iterator[bytes]:
    with connections() as connection:
        for rows in batches(connection, statement):
            items = [resource.to_public(row) for row in rows]
            # expand_records only executes statements, which the export's own connection can do
            expand_records(connection, resource, items, query.expand)  # type: ignore[arg-type]
            yield ndjson_lines(shaped(items, query.fields, query.expand))
