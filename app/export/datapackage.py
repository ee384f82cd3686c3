"""The whole dataset as a Frictionless Data Package (v2): a zip of one CSV per table plus datapackage.json.

Tables are written straight into a zip that streams to the client, so memory stays
bounded however large a table is; each CSV's byte count and sha256 are taken while
it is written, and datapackage.json, which needs them, is the archive's last entry.
All tables are read in one transaction (a repeatable-read snapshot on PostgreSQL),
so every foreign key in the package resolves.
"""

import hashlib
import io
import stat
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from app.core.config import get_settings
from app.core.json import dumps
from app.export.connections import ConnectionFactory, batches
from app.export.lists import attachment
from app.export.table_schema import table_schema
from app.export.tabular import csv_cells, csv_columns, csv_text
from app.models import Source
from app.querying.visibility import live
from app.resources import ALL_RESOURCES
from app.resources.base import Resource
from app.resources.statement_links import statement_links
from app.services.statement_links import claim_reviews

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
MAX_LISTED_SOURCES = 1000  # datapackage.json stays small; every source is in data/sources.csv


def package_resources() -> tuple[Resource, ...]:
    """Every declared resource, plus statement links while they are mounted outside ALL_RESOURCES."""
    return ALL_RESOURCES if statement_links in ALL_RESOURCES else (*ALL_RESOURCES, statement_links)


def filename() -> str:
    return attachment(f"accountability-datapackage-{datetime.now(UTC):%Y%m%d}.zip")


class _Pipe(io.RawIOBase):
    """An unseekable sink for ZipFile: what it writes is handed on by `drain`, never kept."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def drain(self) -> bytes:
        data, self._chunks = b"".join(self._chunks), []
        return data


class _Measured:
    """Counts and hashes what is written to a zip entry, for the resource's `bytes` and `hash`."""

    def __init__(self, entry: Any) -> None:
        self.entry, self.bytes, self.sha256 = entry, 0, hashlib.sha256()

    def write(self, data: bytes) -> None:
        self.entry.write(data)
        self.bytes += len(data)
        self.sha256.update(data)

    def facts(self) -> dict[str, Any]:
        return {"bytes": self.bytes, "hash": f"sha256:{self.sha256.hexdigest()}"}


def datapackage_body(connections: ConnectionFactory, base_url: str) -> Iterator[bytes]:
    pipe = _Pipe()
    tables = {resource.sa_table.name for resource in package_resources()}
    with connections() as connection, zipfile.ZipFile(pipe, "w", zipfile.ZIP_DEFLATED) as archive:
        _snapshot(connection)
        described = []
        for resource in package_resources():
            name = resource.sa_table.name
            with archive.open(_entry(f"data/{name}.csv"), "w", force_zip64=True) as entry:
                measured = _Measured(entry)
                for chunk in table_csv(connection, resource):
                    measured.write(chunk)
                    if compressed := pipe.drain():  # deflate hands out output in its own time
                        yield compressed
            described.append({
                "name": name, "type": "table", "path": f"data/{name}.csv", "format": "csv", "mediatype": "text/csv",
                "encoding": "utf-8", **measured.facts(), "description": resource.description,
                "schema": table_schema(resource, tables),
            })
        # claim_reviews only executes statements, which this connection can do (one snapshot for everything)
        reviews = dumps(claim_reviews(connection, base_url))  # type: ignore[arg-type]
        archive.writestr(_entry("claimreviews.json"), reviews)
        described.append({
            "name": "claimreviews", "type": "json", "path": "claimreviews.json", "format": "json",
            "mediatype": "application/ld+json", "encoding": "utf-8", "bytes": len(reviews),
            "hash": f"sha256:{hashlib.sha256(reviews).hexdigest()}",
            "description": "Every rated statement as schema.org ClaimReview (JSON-LD), as served by "
                           "/v1/statements/{id}/claimreview.",
        })
        archive.writestr(_entry("datapackage.json"), dumps(descriptor(connection, described, base_url)))
    yield pipe.drain()


def table_csv(connection: sa.Connection, resource: Resource) -> Iterator[bytes]:
    """A table as CSV (no byte-order mark: this file is for tools), every record in id order."""
    columns = csv_columns(resource)
    cells = csv_cells(resource, columns)
    yield csv_text([columns]).encode()
    table = resource.sa_table
    # Soft-deleted records are not part of the published dataset; joined fields (project figures) are.
    statement = sa.select(*table.c, *resource.joined_columns).select_from(resource.source()).where(live(table))
    for rows in batches(connection, statement.order_by(table.c.id)):
        yield csv_text(cells(row) for row in rows).encode()


def descriptor(connection: sa.Connection, resources: list[dict[str, Any]], base_url: str) -> dict[str, Any]:
    settings = get_settings()
    listed = connection.execute(sa.select(Source.title, Source.url).order_by(Source.id).limit(MAX_LISTED_SOURCES))
    return {
        "$schema": PROFILE,
        "name": "public-project-accountability",
        "title": settings.publisher_name,
        "description": "Public projects: what was promised, budgeted and spent, how it was used, who said what, "
                       "and the exact excerpt of the source behind each fact. Partial dates are spread over five "
                       "columns (value, precision, earliest, latest, the source's wording); money is an exact "
                       "integer in the currency's minor unit. A text cell that a spreadsheet would run as a formula "
                       "(starting with =, +, -, @, a tab or a carriage return, and not a number) is written with a "
                       "leading apostrophe ('), to be removed when the value itself is needed.",
        "homepage": base_url,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "licenses": [{"name": settings.dataset_license, "path": settings.dataset_license_url,
                      "title": settings.dataset_license_title}],
        "sources": [{"title": title, "path": url} for title, url in listed],
        "resources": resources,
    }


def _entry(path: str) -> zipfile.ZipInfo:
    """A compressed zip entry stamped with the time of the export, unpacked readable by everyone (rw-r--r--)."""
    entry = zipfile.ZipInfo(path, date_time=datetime.now(UTC).timetuple()[:6])
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = (stat.S_IFREG | 0o644) << 16
    return entry


def _snapshot(connection: sa.Connection) -> None:
    """Read every table from one snapshot: PostgreSQL needs REPEATABLE READ for that; SQLite's
    read transaction already is one. A connection already in a transaction is used as it is."""
    if connection.dialect.name == "postgresql" and not connection.in_transaction():
        connection.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
