"""OpenAPI words for list downloads, kept next to the code that produces them."""

from typing import Annotated, Any

from fastapi import Query

from app.export.negotiation import FORMATS

EXPORT_DOCS = """

**Downloads**: `format=csv` or `format=ndjson` (or `Accept: text/csv` / `Accept: application/x-ndjson`;
`format=` wins) returns *every* matching record, streamed, with the same filters, `q` and `sort`:
`limit`, `cursor`, `count` and `facet` are refused (400). CSV is UTF-8 with a byte-order mark (Excel opens
Korean intact), one column per field and five per partial date (`x`, `x_precision`, `x_earliest`,
`x_latest`, `x_text`), money as exact integers, decimals as exact text, JSON fields as JSON text, a missing
value as an empty cell. NDJSON is one list item per line. `fields=` applies to both; `expand=` only to NDJSON.
"""

FormatParam = Annotated[str | None, Query(
    alias="format", description="`json` (default), or download every matching record as `csv` or `ndjson`.",
    json_schema_extra={"enum": list(FORMATS)}, openapi_examples={"csv": {"value": "csv"}, "ndjson": {"value": "ndjson"}},
)]

EXPORT_RESPONSES: dict[int | str, dict[str, Any]] = {200: {"content": {
    "text/csv": {"schema": {"type": "string"}, "example": "\ufeffid,kind,amount,currency\n1,spent,6000000000,KRW\n"},
    "application/x-ndjson": {"schema": {"type": "string"}, "example": '{"id":1,"kind":"spent","amount":6000000000}\n'},
}}}
