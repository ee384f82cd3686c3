"""Every operator on every kind of field, and filters across relations, on both engines.

All records are synthetic and scoped under organizations made here, so rows left
by other tests cannot change the answers.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.api import assert_problem
from tests.querying.helpers import budget, get_ok, metric, organization, person, project, source, statement


@dataclass
class World:
    seoul: int
    busan: int
    publisher: int
    projects: dict[str, int]
    budgets: dict[str, int]
    metrics: dict[str, int]
    statements: dict[str, int]
    sources: dict[str, int]
    mayor: int


@pytest.fixture
def world(session: Session) -> World:
    seoul = organization(session, name="합성 서울특별시", name_en="Synthetic Seoul")
    busan = organization(session, name="합성 부산광역시", name_en="Synthetic Busan")
    publisher = organization(session, name="합성 일보", classification="media")
    p = {
        "metaverse": project(session, name="합성 메타버스 서울", name_en="Synthetic Metaverse Seoul", status="terminated",
                             organization_id=seoul, started="2023-01", ended="2024-12", jurisdiction="KR-11"),
        "callcenter": project(session, name="합성 콜센터 서울", name_en="Call center 100%_plan", status="active",
                              organization_id=seoul, started="2022-12", jurisdiction="KR-11"),
        "busan": project(session, name="합성 부산 사업", name_en="Éco Busan", status="completed",
                         organization_id=busan, started="2023"),
        "quarter": project(session, name="합성 분기 사업", name_en="quarter 100 plan", status="cancelled",
                           organization_id=busan, started="2024-Q1"),
        "undated": project(session, name="합성 미정 사업", status="planned", organization_id=busan),
    }
    b = {
        "spent": budget(session, p["metaverse"], kind="spent", amount=6_000_000_000, as_of="2024-12"),
        "planned": budget(session, p["metaverse"], kind="planned", amount=40_000_000_000, period_start="2022"),
        "big": budget(session, p["callcenter"], kind="spent", amount=2**53 + 1),
        "usd": budget(session, p["busan"], kind="allocated", amount=100_000, currency="USD"),
    }
    m = {
        "two": metric(session, p["metaverse"], value="2", unit="count/day"),
        "ten": metric(session, p["callcenter"], value="10", unit="count/day"),
        "nine_half": metric(session, p["callcenter"], value="9.5", unit="percent"),
        "negative": metric(session, p["busan"], value="-1", unit="count"),
        "large": metric(session, p["busan"], value="10000", unit="count"),
    }
    mayor = person(session, name="합성 시장", name_en="Synthetic Mayor")
    aide = person(session, name="합성 대변인", name_en="Synthetic Spokesperson")
    s = {
        "mayor": statement(session, p["metaverse"], speaker_person_id=mayor, stated="2023-01"),
        "mayor_again": statement(session, p["callcenter"], speaker_person_id=mayor, kind="promise"),
        "aide": statement(session, p["metaverse"], speaker_person_id=aide, speaker_organization_id=seoul),
        "office": statement(session, p["busan"], speaker_organization_id=busan, language="en", quote="Synthetic claim"),
    }
    kst = timezone(timedelta(hours=9))
    src = {
        "new_year_kst": source(session, publisher_id=publisher, published_at=datetime(2024, 1, 1, 0, 30, tzinfo=kst)),
        "new_year_utc": source(session, publisher_id=publisher, published_at=datetime(2024, 1, 1, 0, 30, tzinfo=UTC)),
        "undated": source(session, publisher_id=publisher, platform="합성 뉴스"),
    }
    return World(seoul, busan, publisher, p, b, m, s, src, mayor)


def names(mapping: dict[str, int], found: list[int]) -> set[str]:
    by_id = {value: key for key, value in mapping.items()}
    assert set(found) <= set(by_id), "a record from outside the test's scope was returned"
    return {by_id[i] for i in found}


def found(client: TestClient, path: str, query: str) -> list[int]:
    response = client.get(f"/v1/{path}?{query}&limit=1000")
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def project_scope(world: World) -> str:
    return f"organization_id__in={world.seoul},{world.busan}"


@pytest.mark.parametrize(("query", "expected"), [
    # enum
    ("status=terminated", {"metaverse"}),
    ("status__ne=terminated", {"callcenter", "busan", "quarter", "undated"}),
    ("status__in=terminated,cancelled", {"metaverse", "quarter"}),
    # text: exact, case-insensitive A-Z, exact Korean, % and _ literal, code point order
    ("name=합성 메타버스 서울", {"metaverse"}),
    ("name=합성 메타버스", set()),
    ("name_en__contains=METAVERSE", {"metaverse"}),
    ("name_en__startswith=call", {"callcenter"}),
    ("name__contains=서울", {"metaverse", "callcenter"}),
    ("name__startswith=합성 부산", {"busan"}),
    ("name_en__contains=100%", {"callcenter"}),
    ("name_en__contains=_", {"callcenter"}),
    ("name_en__contains=100%_", {"callcenter"}),
    ("name_en__contains=éco", set()),  # only A-Z fold, on both engines
    ("name_en__contains=Éco", {"busan"}),
    ("name_en__gt=Synthetic", {"metaverse", "quarter", "busan"}),  # code points: 'q' and 'É' sort after 'S'
    ("name_en__lt=Synthetic", {"callcenter"}),
    ("name_en__isnull=true", {"undated"}),
    ("name_en__isnull=false", {"metaverse", "callcenter", "busan", "quarter"}),
    ("jurisdiction__in=KR-11,KR-26", {"metaverse", "callcenter"}),
    # partial dates: a record matches only if every day it may denote satisfies the comparison
    ("started__gte=2023", {"metaverse", "busan", "quarter"}),
    ("started__gt=2023", {"quarter"}),
    ("started__lt=2024", {"metaverse", "callcenter", "busan"}),
    ("started__lte=2023-06", {"metaverse", "callcenter"}),
    ("started=2023", {"metaverse", "busan"}),
    ("started__gte=2023&started__lt=2024", {"metaverse", "busan"}),
    ("started=2023-01", {"metaverse"}),
    ("started__ne=2023", {"callcenter", "quarter"}),
    ("started__in=2022,2024", {"callcenter", "quarter"}),
    ("started__gte=2022-Q4", {"metaverse", "callcenter", "busan", "quarter"}),
    ("started__isnull=true", {"undated"}),
    ("ended__lte=2024-12-31", {"metaverse"}),
    # across a relation
    ("organization.name=합성 서울특별시", {"metaverse", "callcenter"}),
    ("organization.name_en__contains=busan", {"busan", "quarter", "undated"}),
])
def test_project_filters(client: TestClient, world: World, query: str, expected: set[str]) -> None:
    assert names(world.projects, found(client, "projects", f"{project_scope(world)}&{query}")) == expected


def budget_scope(world: World) -> str:
    return f"project_id__in={','.join(str(i) for i in world.projects.values())}"


@pytest.mark.parametrize(("query", "expected"), [
    ("amount=6000000000", {"spent"}),
    ("amount__ne=6000000000", {"planned", "big", "usd"}),
    ("amount__gt=6000000000", {"planned", "big"}),
    ("amount__gte=6000000000", {"spent", "planned", "big"}),
    ("amount__lt=6000000000", {"usd"}),
    ("amount__lte=100000", {"usd"}),
    (f"amount={2**53 + 1}", {"big"}),  # exact beyond the float range
    (f"amount={2**53}", set()),
    ("amount__in=100000,6000000000", {"spent", "usd"}),
    ("kind=spent", {"spent", "big"}),
    ("kind__in=planned,allocated", {"planned", "usd"}),
    ("currency=USD", {"usd"}),
    ("currency__ne=USD", {"spent", "planned", "big"}),
    ("as_of=2024", {"spent"}),
    ("as_of__isnull=true", {"planned", "big", "usd"}),
    ("period_start__lt=2023", {"planned"}),
    ("version=1", {"spent", "planned", "big", "usd"}),
    ("created_at__lt=2026-01-01T00:00:01Z", {"spent", "planned", "big", "usd"}),
    ("created_at__gt=2026-01-01", set()),
])
def test_budget_filters(client: TestClient, world: World, query: str, expected: set[str]) -> None:
    assert names(world.budgets, found(client, "budgets", f"{budget_scope(world)}&{query}")) == expected


def test_budgets_of_one_organizations_projects(client: TestClient, world: World) -> None:
    query = f"project.organization_id={world.seoul}"
    assert names(world.budgets, found(client, "budgets", query)) == {"spent", "planned", "big"}
    query = f"project.organization_id={world.seoul}&project.status=terminated&kind=spent"
    assert names(world.budgets, found(client, "budgets", query)) == {"spent"}
    query = f"{budget_scope(world)}&project.status__ne=terminated"
    assert names(world.budgets, found(client, "budgets", query)) == {"big", "usd"}


@pytest.mark.parametrize(("query", "expected"), [
    ("value__gt=9", {"nine_half", "ten", "large"}),  # numeric, not text ('10' < '9' as text)
    ("value__gte=10", {"ten", "large"}),
    ("value__lt=2", {"negative"}),
    ("value__lte=9.50", {"two", "nine_half", "negative"}),
    ("value=10.0", {"ten"}),
    ("value=9.5", {"nine_half"}),
    ("value__ne=2", {"ten", "nine_half", "negative", "large"}),
    ("value__in=2,10000", {"two", "large"}),
    ("unit=count/day", {"two", "ten"}),
    ("unit__in=count,percent", {"nine_half", "negative", "large"}),
    ("project.status=terminated", {"two"}),
    ("project.status__in=active,completed", {"ten", "nine_half", "negative", "large"}),
])
def test_metric_filters(client: TestClient, world: World, query: str, expected: set[str]) -> None:
    assert names(world.metrics, found(client, "metrics", f"{budget_scope(world)}&{query}")) == expected


@pytest.mark.parametrize(("query", "expected"), [
    ("speaker_person_id={mayor}", {"mayor", "mayor_again"}),
    ("speaker_person.name=합성 시장", {"mayor", "mayor_again"}),
    ("speaker_person.name_en__contains=SPOKES", {"aide"}),
    ("speaker_person_id__isnull=true", {"office"}),
    ("speaker_organization_id={seoul}", {"aide"}),
    ("speaker_organization.name__startswith=합성 부산", {"office"}),
    ("kind=promise", {"mayor_again"}),
    ("language=en", {"office"}),
    ("quote__contains=synthetic CLAIM", {"office"}),
    ("stated__gte=2023&stated__lt=2023-02", {"mayor"}),
    ("project.organization_id={busan}", {"office"}),
])
def test_statement_filters(client: TestClient, world: World, query: str, expected: set[str]) -> None:
    query = query.format(mayor=world.mayor, seoul=world.seoul, busan=world.busan)
    assert names(world.statements, found(client, "statements", f"{budget_scope(world)}&{query}")) == expected


@pytest.mark.parametrize(("query", "expected"), [
    ("published_at=2024-01-01T00:30:00%2B09:00", {"new_year_kst"}),
    ("published_at__lt=2024-01-01", {"new_year_kst"}),  # 00:30 in Seoul is 15:30 UTC the day before
    ("published_at__gte=2024-01-01T00:00:00Z", {"new_year_utc"}),
    ("published_at__gte=2024-01-01T09:00:00 09:00", {"new_year_utc"}),  # an unencoded + arrives as a space
    ("published_at__isnull=true", {"undated"}),
    ("platform=합성 뉴스", {"undated"}),
    ("publisher.name=합성 일보", {"new_year_kst", "new_year_utc", "undated"}),
])
def test_source_filters(client: TestClient, world: World, query: str, expected: set[str]) -> None:
    assert names(world.sources, found(client, "sources", f"publisher_id={world.publisher}&{query}")) == expected


@pytest.mark.parametrize(("path", "query", "parameter"), [
    ("projects", "colour=blue", "colour"),
    ("projects", "status__gt=active", "status__gt"),
    ("projects", "status=active&status=terminated", "status"),
    ("budgets", "amount__gt=5&amount__gt=6", "amount__gt"),
    ("budgets", "amount=lots", "amount"),
    ("budgets", "project.colour=red", "project.colour"),
    ("budgets", "project.status=finished", "project.status"),
    ("metrics", "value__gt=ten", "value__gt"),
    ("projects", "started__gte=2023-13", "started__gte"),
    ("statements", "speaker_person_id=9999999999", "speaker_person_id"),
])
def test_bad_filters_are_400_naming_the_parameter(client: TestClient, path: str, query: str, parameter: str) -> None:
    assert_problem(client.get(f"/v1/{path}?{query}"), 400, parameter, location="query")


def test_filters_apply_to_count_and_facets_too(client: TestClient, world: World) -> None:
    body = get_ok(client, "/v1/budgets", **{"project.organization_id": world.seoul, "count": "true", "facet": "kind"})
    assert body["total"] == 3
    assert body["facets"]["kind"] == [{"value": "spent", "count": 2}, {"value": "planned", "count": 1}]
