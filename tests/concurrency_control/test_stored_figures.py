"""Writers changing different inputs of one project at once: its stored figures end up current.

Each write recomputes the project's figures in its own transaction. Were a recomputation
done from a snapshot without a concurrent writer's change, the stored ratio would stay
stale; so a recomputation first locks the project's row and waits for the writer before it.
"""

import threading
from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.resources.catalog import budgets, projects
from app.scorecard.stored import FIGURES, figures_select, refresh_project_figures
from tests.concurrency_control.conftest import Live
from tests.factories import next_number

CYCLES = 40


def test_concurrent_writes_to_one_projects_inputs_leave_its_figures_current(live: Live) -> None:
    project = live.create(projects, {"slug": f"synthetic-race-{next_number()}", "name": "합성 사업", "status": "active",
                                     "started": "2024-01", "ended": "2024-12"})
    made = {kind: live.create(budgets, {"project_id": project["id"], "kind": kind, "amount": 1000, "currency": "KRW"})
            for kind in ("spent", "planned")}
    urls = {kind: f"/v1/budgets/{budget['id']}" for kind, budget in made.items()}
    token, errors = live.token(), []

    def writer(kind: str) -> None:
        try:
            with live.client(token) as client:
                for cycle in range(CYCLES):
                    read = client.get(urls[kind])
                    response = client.patch(urls[kind], json={"amount": 1000 + 7 * cycle + (kind == "spent")},
                                            headers={"If-Match": read.headers["etag"]})
                    assert response.status_code == 200, response.text
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(kind,)) for kind in urls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors

    names = [column for column in FIGURES.c.keys() if column not in ("project_id", "computed_at")]
    with live.engine.connect() as connection:
        stored = connection.execute(sa.select(*(FIGURES.c[name] for name in names))
                                    .where(FIGURES.c.project_id == project["id"])).one()
        fresh = figures_select([project["id"]]).subquery()
        current = connection.execute(sa.select(*(sa.type_coerce(fresh.c[name], FIGURES.c[name].type)
                                                 for name in names))).one()
    assert stored == current
    assert stored.execution_ratio is not None


def test_a_recomputation_waits_for_the_writer_before_it(live: Live) -> None:
    """Writer 1 has changed the spent amount and recomputed, not yet committed; writer 2 changes the planned
    amount and recomputes meanwhile: it must wait for writer 1 and then see both changes."""
    if live.engine.dialect.name == "sqlite":
        pytest.skip("SQLite runs one writer at a time: writer 2 could not even start its change")
    project = live.create(projects, {"slug": f"synthetic-wait-{next_number()}", "name": "합성 사업", "status": "active"})
    ids = {kind: live.create(budgets, {"project_id": project["id"], "kind": kind, "amount": 100, "currency": "KRW"})["id"]
           for kind in ("spent", "planned")}
    table = budgets.sa_table
    with live.engine.connect() as first, live.engine.connect() as second:
        first.execute(sa.update(table).where(table.c.id == ids["spent"]).values(amount=30))
        refresh_project_figures(first, [project["id"]])
        second.execute(sa.update(table).where(table.c.id == ids["planned"]).values(amount=200))
        waiting = threading.Thread(target=refresh_project_figures, args=(second, [project["id"]]))
        waiting.start()
        waiting.join(timeout=0.5)
        assert waiting.is_alive()  # blocked behind writer 1
        first.commit()
        waiting.join(timeout=30)
        second.commit()
    ratio = live.scalar(sa.select(FIGURES.c.execution_ratio).where(FIGURES.c.project_id == project["id"]))
    assert ratio == Decimal("0.15")  # 30 ÷ 200: both changes
