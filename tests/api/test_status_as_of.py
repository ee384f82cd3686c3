"""`status_as_of=`: lists, filters, sorting, facets, summaries and exports show the status derived as of a day.

Every answer is checked against `derived_status`, the derivation `/v1/projects/{key}/status?as_of=` gives,
on days around the events: before the launch, after it, after a closure was announced, after the
scheduled end.
"""

from collections import Counter
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.services.project_status import today
from tests.api import assert_problem
from tests.api.status_histories import DAYS, STATUSES, expected, make_histories
from tests.factories import make_project
from tests.querying.helpers import walk
from tests.sql_statements import executed_statements


def get_ok(client: TestClient, path: str, **params: Any) -> Any:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_the_days_chosen_see_different_statuses(session: Session) -> None:
    histories = make_histories(session)
    seen = [tuple(expected(session, histories["ids"], day).values()) for day in DAYS]
    assert seen == [(None, "active", None, "active", None),
                    ("active", "active", "active", "active", None),
                    ("active", "suspended", "terminated", "active", None),
                    ("active", "suspended", "terminated", "active", None)]


@pytest.mark.parametrize("day", DAYS)
def test_the_list_shows_filters_and_counts_the_status_as_of_the_day(client: TestClient, session: Session, day: str) -> None:
    histories = make_histories(session)
    where, ids = {"jurisdiction": histories["jurisdiction"]}, histories["ids"]
    derived = expected(session, ids, day)

    listed = get_ok(client, "/v1/projects", **where, status_as_of=day, facet="status", count="true")
    assert {item["id"]: item["status"] for item in listed["items"]} == derived
    assert Counter({facet["value"]: facet["count"] for facet in listed["facets"]["status"]}) == Counter(derived.values())
    for status in STATUSES:
        wanted = sorted(project_id for project_id, value in derived.items() if value == status)
        found = get_ok(client, "/v1/projects", **where, status=status, status_as_of=day, count="true")
        assert (sorted(item["id"] for item in found["items"]), found["total"]) == (wanted, len(wanted))
        budgets = get_ok(client, "/v1/budgets", **{"project.status": status}, status_as_of=day,
                         project_id__in=",".join(map(str, ids)))["items"]
        assert sorted(budget["project_id"] for budget in budgets) == wanted
    missing = get_ok(client, "/v1/projects", **where, status__isnull="true", status_as_of=day)["items"]
    assert sorted(item["id"] for item in missing) == sorted(i for i, value in derived.items() if value is None)

    grouped = get_ok(client, "/v1/projects/summary", **where, group_by="status", status_as_of=day)["groups"]
    assert Counter({group["status"]: group["count"] for group in grouped}) == Counter(derived.values())
    spent = get_ok(client, "/v1/budgets/summary", project_id__in=",".join(map(str, ids)), group_by="status",
                   status_as_of=day)["groups"]
    assert Counter({group["status"]: group["count"] for group in spent}) == Counter(derived.values())


@pytest.mark.parametrize("day", DAYS)
def test_sorting_and_paging_follow_the_status_as_of_the_day(client: TestClient, session: Session, day: str) -> None:
    histories = make_histories(session)
    derived = expected(session, histories["ids"], day)
    for sort in ("status", "-status"):
        pages = walk(client, "/v1/projects", jurisdiction=histories["jurisdiction"], status_as_of=day, sort=sort, limit=2)
        items = [item for page in pages for item in page.json()["items"]]
        desc = sort.startswith("-")  # missing statuses last in both directions; ties by id in the key's direction
        order = [*sorted((i for i in derived if derived[i] is not None), key=lambda i: (derived[i], i), reverse=desc),
                 *sorted((i for i in derived if derived[i] is None), reverse=desc)]
        assert [(item["id"], item["status"]) for item in items] == [(i, derived[i]) for i in order]


def test_without_a_day_the_stored_status_of_today_is_used(client: TestClient, session: Session, engine: sa.Engine) -> None:
    histories = make_histories(session)
    where = {"jurisdiction": histories["jurisdiction"]}
    stored = {item["id"]: item["status"] for item in get_ok(client, "/v1/projects", **where)["items"]}
    assert stored == expected(session, histories["ids"], today().isoformat())
    as_of_today = get_ok(client, "/v1/projects", **where, status_as_of=today().isoformat())["items"]
    assert {item["id"]: item["status"] for item in as_of_today} == stored

    with executed_statements(engine) as statements:
        get_ok(client, "/v1/projects", **where, status="active")
    assert len(statements) == 1 and "project_events" not in statements[0]  # the stored, indexed column
    with executed_statements(engine) as statements:
        get_ok(client, "/v1/projects", **where, status="active", status_as_of="2023-02-01", sort="status")
    assert len(statements) == 1 and "project_events" in statements[0]  # derived in the same statement


@pytest.mark.parametrize("path", ["/v1/projects", "/v1/projects/summary", "/v1/budgets", "/v1/statements",
                                  "/v1/project-events"])
@pytest.mark.parametrize("bad", ["2024-02-30", "2024-7-3", "20240703", "yesterday", "2024-07-03T00:00:00", ""])
def test_a_malformed_or_impossible_day_is_refused_naming_status_as_of(client: TestClient, path: str, bad: str) -> None:
    """As every query parameter of a wrong type (and as `/status?as_of=`, of the same type): a 400."""
    assert_problem(client.get(path, params={"status_as_of": bad}), 400, "status_as_of", "query")


def test_status_as_of_is_refused_where_no_project_status_is_read_and_with_a_past_moment(client: TestClient) -> None:
    assert_problem(client.get("/v1/sources", params={"status_as_of": "2024-07-04"}), 400, "status_as_of", "query")
    assert_problem(client.get("/v1/projects", params={"status_as_of": "2024-07-04", "as_of": "2024-07-04T00:00:00Z"}),
                   400, "status_as_of", "query")
    assert_problem(client.get("/v1/projects", params=[("status_as_of", "2024-07-04"), ("status_as_of", "2025-01-01")]),
                   400, "status_as_of", "query")


def test_the_single_status_endpoint_refuses_the_same_days(client: TestClient, session: Session) -> None:
    key = make_project(session)["slug"]
    assert_problem(client.get(f"/v1/projects/{key}/status", params={"as_of": "2024-02-30"}), 400, "as_of", "query")
