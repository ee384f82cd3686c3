"""A list's statement is built once per shape of query and reused: each request still gets its own rows.

Requests here share a shape (same filters, operators, sort and fields) and differ only in their
values, cursors and page sizes, one after the other, so the second runs the statement the first built.
"""

from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.querying.helpers import get_ok, ids, organization, project, walk


def test_the_same_filters_with_other_values_give_other_rows(client: TestClient, session: Session) -> None:
    seoul, busan = organization(session), organization(session)
    seoul_active = [project(session, organization_id=seoul, status="active", started=f"2023-0{n}") for n in (3, 1, 2)]
    busan_active = project(session, organization_id=busan, status="active", started="2020")
    busan_planned = project(session, organization_id=busan, status="planned")

    assert ids(client, "/v1/projects", organization_id=seoul, status="active", sort="started") == [
        seoul_active[1], seoul_active[2], seoul_active[0]]
    assert ids(client, "/v1/projects", organization_id=busan, status="active", sort="started") == [busan_active]
    assert ids(client, "/v1/projects", organization_id=busan, status="planned", sort="started") == [busan_planned]
    assert ids(client, "/v1/projects", organization_id__in=f"{seoul},{busan}", status="planned") == [busan_planned]
    assert ids(client, "/v1/projects", organization_id__in=str(busan), status="active") == [busan_active]


def test_partial_date_lists_and_null_tests_of_different_sizes(client: TestClient, session: Session) -> None:
    org = organization(session)
    made = {started: project(session, organization_id=org, started=started) for started in ("2021", "2022-Q2", "2023-05")}
    undated = project(session, organization_id=org)

    assert ids(client, "/v1/projects", organization_id=org, started__in="2021,2022") == [made["2021"], made["2022-Q2"]]
    assert ids(client, "/v1/projects", organization_id=org, started__in="2023") == [made["2023-05"]]
    assert ids(client, "/v1/projects", organization_id=org, started__isnull="true") == [undated]
    assert ids(client, "/v1/projects", organization_id=org, started__isnull="false") == list(made.values())


def test_pages_of_one_list_and_of_another_follow_their_own_cursors(client: TestClient, session: Session) -> None:
    first, second = organization(session), organization(session)
    first_ids = [project(session, organization_id=first, started=f"2020-{n:02}") for n in range(1, 8)]
    second_ids = [project(session, organization_id=second, started=f"2021-{n:02}") for n in range(1, 6)]
    undated = project(session, organization_id=first)

    def paged(org: int, limit: int) -> list[int]:
        pages = walk(client, "/v1/projects", organization_id=org, sort="started", limit=limit)
        return [item["id"] for page in pages for item in page.json()["items"]]

    assert paged(first, 3) == [*first_ids, undated]  # dated pages, then past the last date into the undated
    assert paged(second, 2) == second_ids
    assert paged(first, 5) == [*first_ids, undated]
    assert get_ok(client, "/v1/projects", organization_id=second, sort="started", limit=5)["next"] is None
