"""The budget totals (budget_totals) stay what the records sum to, whatever writes come, and summaries read them.

After random sequences of writes through the services (budgets created, changed, moved
between projects, deleted and restored; projects changing organization, status, and
deletion), on SQLite and PostgreSQL: the stored rows equal a rebuild from the records,
and every grouping the rollup answers gives what the records give.
"""

from itertools import combinations
from typing import Any

import sqlalchemy as sa
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from app.core.errors import Conflict
from app.models import Budget
from app.resources.catalog import budgets, projects
from app.services import history, records
from app.services.budget_totals import TOTALS, rebuild_budget_totals, summed
from tests.api import assert_problem
from tests.factories import make_budget, make_organization, make_project, make_project_event
from tests.querying.helpers import budget as inserted_budget
from tests.querying.helpers import SYNTHETIC_TIME, get_ok, insert
from tests.querying.helpers import project as inserted_project

EXAMPLES = settings(max_examples=8, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
MAX = 2**53 - 1
GROUPABLE = ("organization", "status", "kind", "qualifier")
# A filter the rollup cannot answer and that every budget passes: the same summary, from the records.
FROM_RECORDS = {"amount__gte": str(-MAX)}


def stored(session: Session) -> dict[str, tuple[int, int]]:
    """Every row that holds something: (count, exact sum) by group key."""
    rows = session.execute(sa.select(TOTALS.c.group_key, TOTALS.c.count, TOTALS.c.sum_high, TOTALS.c.sum_low))
    return {row.group_key: (row.count, summed(row.sum_high, row.sum_low)) for row in rows
            if row.count or summed(row.sum_high, row.sum_low)}


def assert_rollup_matches_records(session: Session) -> None:
    kept = stored(session)
    rebuild_budget_totals(session.connection())
    assert kept == stored(session)


def update(session: Session, resource, record_id: int, **changes: Any) -> None:
    records.update_record(session, resource, str(record_id), resource.update_schema.model_validate(changes))


def live_budgets(session: Session, project_id: int) -> int:
    return session.execute(sa.select(sa.func.count()).select_from(Budget).where(
        Budget.project_id == project_id, Budget.deleted_at.is_(None))).scalar_one()


amounts = st.one_of(st.integers(0, MAX), st.sampled_from([MAX, 0, 2**32, 2**32 - 1]))  # services refuse negative ones
budget_changes = st.fixed_dictionaries({}, optional={
    "kind": st.sampled_from(["planned", "spent", "allocated"]), "currency": st.sampled_from(["KRW", "USD"]),
    "qualifier": st.sampled_from(["exact", "approximate", "at_least"]), "amount": amounts})
steps = st.lists(st.one_of(
    st.tuples(st.just("create"), st.integers(0, 2), budget_changes),
    st.tuples(st.just("change"), st.integers(0, 20), budget_changes),
    st.tuples(st.just("move"), st.integers(0, 20), st.integers(0, 2)),
    st.tuples(st.just("delete"), st.integers(0, 20), st.none()),
    st.tuples(st.just("restore"), st.integers(0, 20), st.none()),
    st.tuples(st.just("organization"), st.integers(0, 2), st.integers(0, 2)),
    st.tuples(st.just("status"), st.integers(0, 2), st.sampled_from(["active", "terminated", "suspended"])),
    st.tuples(st.just("event"), st.integers(0, 2), st.sampled_from(["completed", "cancelled"])),
    st.tuples(st.just("delete project"), st.integers(0, 2), st.none()),
), min_size=1, max_size=8)


def run(session: Session, step: tuple[str, int, Any], organizations: list[int | None], project_ids: list[int],
        budget_ids: list[int]) -> None:
    action, target, value = step
    budget_id = budget_ids[target % len(budget_ids)] if budget_ids else None
    deleted = {row.id for row in session.execute(sa.select(Budget.id).where(Budget.deleted_at.is_not(None)))}
    if action == "create":
        budget_ids.append(make_budget(session, project_id=project_ids[target], **value)["id"])
    elif action == "change" and budget_id is not None and budget_id not in deleted and value:
        update(session, budgets, budget_id, **value)
    elif action == "move" and budget_id is not None and budget_id not in deleted:
        update(session, budgets, budget_id, project_id=project_ids[value])
    elif action == "delete" and budget_id is not None and budget_id not in deleted:
        records.delete_record(session, budgets, str(budget_id))
    elif action == "restore" and budget_id in deleted:
        history.restore_record(session, budgets, str(budget_id))
    elif action == "organization":
        update(session, projects, project_ids[target], organization_id=organizations[value])
    elif action == "status":  # recorded as a happened event, from which the status is derived
        update(session, projects, project_ids[target], status=value)
    elif action == "event":
        make_project_event(session, project_id=project_ids[target], status=value, kind="happened", occurs="2020-01",
                           announced=None)
    elif action == "delete project" and not live_budgets(session, project_ids[target]):
        try:
            records.delete_record(session, projects, str(project_ids[target]))
        except Conflict:  # its status events still refer to it
            return
        history.restore_record(session, projects, str(project_ids[target]))  # and back: it keeps its budgets


@EXAMPLES
@given(plan=steps)
def test_after_any_writes_the_totals_are_what_the_records_sum_to(session: Session, client: TestClient,
                                                                   plan: list[tuple[str, int, Any]]) -> None:
    organizations = [make_organization(session)["id"], make_organization(session)["id"], None]
    project_ids = [make_project(session, organization_id=organizations[i % 2])["id"] for i in range(3)]
    budget_ids = [make_budget(session, project_id=project_ids[0], amount=MAX)["id"]]
    for step in plan:
        run(session, step, organizations, project_ids, budget_ids)
    assert_rollup_matches_records(session)
    scope = {"project.organization_id__in": f"{organizations[0]},{organizations[1]}"}
    for group_by in ("organization,kind", "status,qualifier", "organization,status,kind,qualifier"):
        from_rollup = client.get("/v1/budgets/summary", params={**scope, "group_by": group_by})
        from_records = client.get("/v1/budgets/summary", params={**scope, **FROM_RECORDS, "group_by": group_by})
        assert from_rollup.status_code == from_records.status_code
        if from_rollup.status_code == 200:
            assert from_rollup.json()["computed_from"] == "rollup" and from_records.json()["computed_from"] == "records"
            assert from_rollup.json()["groups"] == from_records.json()["groups"]


def two_cities(session: Session) -> dict[str, int]:
    """Two organizations, projects of several statuses, budgets of every kind of difference (written around the
    services, so the totals are rebuilt)."""
    seoul, busan = make_organization(session)["id"], make_organization(session)["id"]
    ids = {"seoul": seoul, "busan": busan}
    for n, (organization, status) in enumerate([(seoul, "active"), (seoul, "terminated"), (busan, "active"),
                                                (None, None)]):
        project_id = inserted_project(session, organization_id=organization, status=status)
        for kind, currency, qualifier, amount in [("spent", "KRW", "exact", 6_000_000_000 + n),
                                                  ("planned", "KRW", "approximate", 2**50 + n),
                                                  ("spent", "USD", "at_least", -(2**33) - n)]:
            inserted_budget(session, project_id, kind=kind, currency=currency, qualifier=qualifier, amount=amount,
                            period_start=f"{2020 + n}")
    return ids


def test_every_grouping_the_rollup_answers_is_what_the_records_give(client: TestClient, session: Session) -> None:
    cities = two_cities(session)
    answered = 0
    for size in range(len(GROUPABLE) + 1):
        for chosen in combinations(GROUPABLE, size):
            for scope in ({}, {"project.organization_id": cities["seoul"]}, {"kind__in": "spent,planned"},
                          {"project.status__ne": "terminated", "currency": "KRW"}):
                params = {**scope, "group_by": ",".join(chosen)} if chosen else scope
                from_rollup = get_ok(client, "/v1/budgets/summary", **params)
                from_records = get_ok(client, "/v1/budgets/summary", **params, **FROM_RECORDS)
                assert (from_rollup["computed_from"], from_records["computed_from"]) == ("rollup", "records")
                assert from_rollup["groups"] == from_records["groups"] != []
                answered += 1
    assert answered == 64


def test_the_answer_says_where_it_came_from(client: TestClient, session: Session) -> None:
    cities = two_cities(session)
    rollup = [{"group_by": "organization,kind"}, {"group_by": "status", "project.status__in": "active,terminated"},
              {"qualifier": "exact", "project.organization_id__isnull": "false"}, {}]
    records_ = [{"group_by": "year"}, {"group_by": "project"}, {"group_by": "kind", "amount__gt": "0"},
                {"group_by": "kind", "project_id": "1"}, {"group_by": "kind", "project.slug": "x"},
                {"group_by": "kind", "q": "합성"}, {"project.jurisdiction": "서울"}]
    for params in rollup:
        assert get_ok(client, "/v1/budgets/summary", **params)["computed_from"] == "rollup", params
    for params in records_:
        assert get_ok(client, "/v1/budgets/summary", **params)["computed_from"] == "records", params
    assert get_ok(client, "/v1/metrics/summary")["computed_from"] == "records"
    assert get_ok(client, "/v1/projects/summary", organization_id=cities["seoul"])["computed_from"] == "records"


def test_a_filter_across_projects_leaves_out_budgets_of_a_deleted_project_as_the_records_do(
        client: TestClient, session: Session) -> None:
    organization = make_organization(session)["id"]
    project_id = inserted_project(session, organization_id=organization, deleted_at=SYNTHETIC_TIME)
    inserted_budget(session, project_id, amount=7)  # only data written around the services can hold this
    for params in ({"project.organization_id": organization}, {"project.status__ne": "planned"}):
        from_rollup = get_ok(client, "/v1/budgets/summary", **params)
        assert from_rollup["groups"] == get_ok(client, "/v1/budgets/summary", **params, **FROM_RECORDS)["groups"]
    unfiltered = get_ok(client, "/v1/budgets/summary", group_by="organization")["groups"]
    assert {"organization": organization, "currency": "KRW", "count": 1, "sum": 7} in unfiltered


def test_totals_beyond_a_bigint_stay_exact(client: TestClient, session: Session) -> None:
    """1,025 amounts of 2^53−1 add up past 2^63, where SQLite's integers would turn into a float."""
    organization = make_organization(session)["id"]
    project_id = make_project(session, organization_id=organization)["id"]
    insert(session, budgets, [{"amount": MAX}] * 1024, project_id=project_id, kind="planned", currency="KRW",
           qualifier="exact")  # around the services: rebuilt
    through_services = make_budget(session, project_id=project_id, amount=MAX, kind="planned")  # added
    total = 1025 * MAX
    assert total > 2**63
    assert_rollup_matches_records(session)
    refused = client.get("/v1/budgets/summary", params={"project.organization_id": organization, "group_by": "kind"})
    assert_problem(refused, 422, "group_by")
    assert str(total) in refused.json()["detail"]
    update(session, budgets, through_services["id"], amount=0)  # the planned total falls back by 2^53−1
    refused = client.get("/v1/budgets/summary", params={"project.organization_id": organization, "group_by": "kind"})
    assert str(total - MAX) in refused.json()["detail"]
