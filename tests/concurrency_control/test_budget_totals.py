"""Writers changing a project and its budgets at once: the budget totals end up what the records sum to.

One writer keeps moving a project between two organizations while two others add and
change its budgets and those of a sibling project (the same totals rows). Were a
budget's totals key read before a concurrent move of its project committed, or an
upsert overwrite another's, the totals would drift from the records.
"""

import threading
from collections.abc import Callable

import sqlalchemy as sa
from fastapi.testclient import TestClient

from app.resources.catalog import organizations, projects
from app.services.budget_totals import TOTALS, rebuild_budget_totals, summed
from tests.concurrency_control.conftest import Live
from tests.factories import next_number

CYCLES = 12


def totals_of(connection: sa.Connection, organization_ids: list[int]) -> dict[str, tuple[int, int]]:
    rows = connection.execute(sa.select(TOTALS.c.group_key, TOTALS.c.count, TOTALS.c.sum_high, TOTALS.c.sum_low)
                              .where(TOTALS.c.organization.in_(organization_ids)))
    return {row.group_key: (row.count, summed(row.sum_high, row.sum_low)) for row in rows if row.count}


def test_concurrent_writes_to_a_project_and_its_budgets_leave_the_totals_right(live: Live) -> None:
    cities = [live.create(organizations, {"name": f"합성 도시 {next_number()}", "classification": "government"})["id"]
              for _ in range(2)]
    moving, sibling = (live.create(projects, {"slug": f"synthetic-totals-race-{next_number()}", "name": "합성 사업",
                                              "organization_id": cities[0]})["id"] for _ in range(2))
    token, errors = live.token(), []

    def patch_project(client: TestClient, cycle: int) -> None:
        url = f"/v1/projects/{moving}"
        etag = client.get(url).headers["etag"]
        response = client.patch(url, json={"organization_id": cities[(cycle + 1) % 2]}, headers={"If-Match": etag})
        assert response.status_code == 200, response.text

    def budgets_of(project_id: int) -> Callable[[TestClient, int], None]:
        def write(client: TestClient, cycle: int) -> None:
            made = client.post("/v1/budgets", json={"project_id": project_id, "kind": "planned", "amount": 1000 + cycle,
                                                    "currency": "KRW"})
            assert made.status_code == 201, made.text
            changed = client.patch(f"/v1/budgets/{made.json()['id']}", json={"kind": "spent"},
                                   headers={"If-Match": made.headers["etag"]})
            assert changed.status_code == 200, changed.text
        return write

    def writer(step: Callable[[TestClient, int], None]) -> None:
        try:
            with live.client(token) as client:
                for cycle in range(CYCLES):
                    step(client, cycle)
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(step,))
               for step in (patch_project, budgets_of(moving), budgets_of(sibling))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors

    with live.engine.connect() as connection:
        kept = totals_of(connection, cities)
        rebuild_budget_totals(connection)
        rebuilt = totals_of(connection, cities)
        connection.rollback()
    assert kept == rebuilt
    assert sum(count for key, (count, _) in kept.items() if key.startswith("organization,currency|")) == 2 * CYCLES
