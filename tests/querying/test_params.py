"""Parsing the query string against the declarations (no database needed)."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa
from starlette.datastructures import QueryParams

from app.core.errors import InvalidParameter
from app.querying.fields import Kind, filterable_fields, parse_boolean
from app.querying.params import parse_list_query, parse_summary_query
from app.resources import ALL_RESOURCES
from app.resources.catalog import budgets, metrics, people, projects, sources, statements


def parse(resource, query: str):
    return parse_list_query(resource, QueryParams(query))


def summary(resource, query: str):
    return parse_summary_query(resource, QueryParams(query))


def refused(resource, query: str, parse_with=parse) -> InvalidParameter:
    with pytest.raises(InvalidParameter) as caught:
        parse_with(resource, query)
    return caught.value


@pytest.mark.parametrize(("resource", "query", "op", "value"), [
    (budgets, "amount=6000000000", "eq", 6_000_000_000),
    (budgets, "amount__eq=5", "eq", 5),
    (budgets, "amount__gte=-3", "gte", -3),
    (budgets, "amount__in=1,2,2", "in", (1, 2)),
    (metrics, "value__lt=2.50", "lt", Decimal("2.50")),
    (projects, "status__in=terminated,cancelled", "in", ("terminated", "cancelled")),
    (projects, "name__contains=서울", "contains", "서울"),
    (projects, "jurisdiction__isnull=true", "isnull", True),
    (projects, "started__gte=2023", "gte", "2023"),
    (sources, "published_at__lt=2024-01-01T09:00:00%2B09:00", "lt", datetime(2024, 1, 1, tzinfo=UTC)),
    (sources, "published_at__lt=2024-01-01T09:00:00+09:00", "lt", datetime(2024, 1, 1, tzinfo=UTC)),  # + unencoded
    (sources, "published_at=2024-01-01", "eq", datetime(2024, 1, 1, tzinfo=UTC)),
    (budgets, "project.status=terminated", "eq", "terminated"),
])
def test_values_are_parsed_in_the_fields_type(resource, query: str, op: str, value) -> None:
    (parsed,) = parse(resource, query).filters
    assert parsed.op == op
    got = parsed.value.value if parsed.field.kind is Kind.PARTIAL_DATE else parsed.value
    assert got == value


@pytest.mark.parametrize(("resource", "query", "parameter"), [
    (budgets, "amount=1e9", "amount"),
    (budgets, "amount=1_000", "amount"),
    (budgets, "amount=١٢", "amount"),  # non-ASCII digits
    (budgets, "amount=9223372036854775808", "amount"),  # beyond BIGINT
    (budgets, "project_id=3000000000", "project_id"),  # beyond PostgreSQL INTEGER
    (metrics, "value__gt=NaN", "value__gt"),
    (metrics, "value=1e5", "value"),
    (projects, "status=finished", "status"),
    (projects, "started__gte=2023-13", "started__gte"),
    (projects, "started=soon", "started"),
    (sources, "published_at__gt=yesterday", "published_at__gt"),
    (projects, "jurisdiction__isnull=yes", "jurisdiction__isnull"),
    (projects, "name__contains=", "name__contains"),
    (projects, "name=a%00b", "name"),
    (budgets, "amount__in=1,x", "amount__in"),
    (budgets, "amount__in=" + ",".join(str(n) for n in range(101)), "amount__in"),
])
def test_a_value_of_the_wrong_type_is_refused_naming_the_parameter(resource, query: str, parameter: str) -> None:
    error = refused(resource, query.replace("%00", "\x00"))
    assert error.errors[0].field == parameter


def test_unknown_field_lists_the_allowed_parameters() -> None:
    error = refused(budgets, "colour=blue")
    assert error.errors[0].field == "colour"
    assert "amount" in error.detail and "project.status" in error.detail and "sort" in error.detail


def test_unknown_operator_lists_the_fields_operators() -> None:
    error = refused(projects, "status__gt=active")
    assert error.errors[0].field == "status__gt"
    assert error.detail.endswith("Allowed: eq, ne, in, isnull")  # null: no happened status event
    assert refused(budgets, "amount__like=1").errors[0].field == "amount__like"
    assert refused(budgets, "amount__isnull=true").errors[0].field == "amount__isnull"  # never null


@pytest.mark.parametrize("query", [
    "status=active&status=terminated",
    "status=active&status__eq=terminated",
    "amount__gt=5&amount__gt=6",
    "limit=3&limit=4",
    "sort=amount&sort=-amount",
])
def test_a_parameter_repeated_with_different_values_is_refused(query: str) -> None:
    resource = projects if "status" in query else budgets
    error = refused(resource, query)
    assert error.errors[0].field in query


def test_repeating_the_same_value_is_harmless() -> None:
    query = parse(projects, "status=active&status=active&status__eq=active")
    assert [item.value for item in query.filters] == ["active", "active"]


def test_different_operators_on_one_field_combine() -> None:
    assert [item.op for item in parse(budgets, "amount__gt=5&amount__lte=9").filters] == ["gt", "lte"]


def test_limit_bounds() -> None:
    assert parse(budgets, "").limit == 50
    assert parse(budgets, "limit=1").limit == 1
    assert parse(budgets, "limit=1000").limit == 1000
    for bad in ("0", "1001", "-1", "abc", "", "2.5", "１"):
        assert refused(budgets, f"limit={bad}").errors[0].field == "limit"


def test_sort_fields_are_declared() -> None:
    keys = parse(budgets, "sort=-amount,kind").sort
    assert [(key.field.name, key.desc) for key in keys] == [("amount", True), ("kind", False)]
    assert "amount" in refused(budgets, "sort=description").detail  # lists the sortable fields
    assert refused(budgets, "sort=amount,-amount").errors[0].field == "sort"
    assert refused(budgets, "sort=").errors[0].field == "sort"


def test_fields_facets_count_and_q() -> None:
    query = parse(projects, "fields=name,started&facet=status&facet=organization_id,jurisdiction&count=true&q=서울")
    assert query.fields == ("name", "started")
    assert query.facets == ("status", "organization_id", "jurisdiction")
    assert query.count is True and query.q == "서울"
    assert refused(projects, "fields=name,started_earliest").errors[0].field == "fields"
    assert refused(projects, "facet=name").errors[0].field == "facet"
    assert refused(projects, "count=yes").errors[0].field == "count"
    assert refused(projects, "q=%20").errors[0].field == "q"
    assert parse(budgets, "q=60억").q == "60억"  # every list resource declares searchable fields


def test_summary_always_groups_money_by_currency_and_metrics_by_unit() -> None:
    assert parse_summary_query(budgets, QueryParams("group_by=kind")).group_by == ("kind", "currency")
    assert parse_summary_query(budgets, QueryParams("group_by=currency,kind")).group_by == ("currency", "kind")
    assert parse_summary_query(metrics, QueryParams("")).group_by == ("unit",)
    assert parse_summary_query(projects, QueryParams("group_by=status")).group_by == ("status",)
    assert refused(budgets, "group_by=colour", summary).errors[0].field == "group_by"
    assert refused(budgets, "limit=5", summary).errors[0].field == "limit"


def test_booleans_are_true_or_false() -> None:
    assert parse_boolean("true", "x") is True and parse_boolean("false", "x") is False
    with pytest.raises(InvalidParameter):
        parse_boolean("1", "x")


@pytest.mark.parametrize("resource", ALL_RESOURCES, ids=[resource.path for resource in ALL_RESOURCES])
def test_every_documented_scalar_field_is_filterable(resource) -> None:
    """A field added to a public schema must be declared filterable (or be a list/object, not a scalar)."""
    fields, columns = filterable_fields(resource), resource.sa_table.c
    for name in resource.public_schema.model_fields:
        scalar = name in columns and not isinstance(columns[name].type, sa.JSON)
        if scalar or name in resource.partial_dates:
            assert name in fields, f"{resource.path}.{name} is documented but not filterable"


def test_cross_relation_filters_journalists_expect() -> None:
    assert {"project.organization_id", "project.status"} <= set(filterable_fields(budgets))
    assert {"speaker_person_id", "speaker_person.name"} <= set(filterable_fields(statements))
    assert "project.status" in filterable_fields(metrics)
    assert "name" in filterable_fields(people)
