"""Search tests run on their own migrated database per engine (a new SQLite file, or a
PostgreSQL schema of its own), so exact result lists cannot be disturbed by rows any
other test leaves behind. Each test still runs in a rolled-back transaction.

Test records are created through app.services.records.create_record, so the index
hooks are exercised; every name is labelled synthetic.
"""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from app.resources.catalog import metrics, organizations, people, projects, sources, statements
from app.schemas.metric import MetricCreate
from app.schemas.organization import OrganizationCreate
from app.schemas.person import PersonCreate
from app.schemas.project import ProjectCreate
from app.schemas.source import SourceCreate
from app.schemas.statement import StatementCreate
from app.services.records import create_record
from tests.conftest import ENGINES, migrate, scratch_engine

SCHEMA = "search_tests"


@pytest.fixture(scope="session", params=ENGINES)
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with scratch_engine(request.param, tmp_path_factory.mktemp("search") / "search.db", SCHEMA) as engine:
        migrate(engine)
        yield engine


@dataclass
class Corpus:
    """Ids of the synthetic records, by a short name."""

    ids: dict[str, int]

    def __getitem__(self, name: str) -> int:
        return self.ids[name]


def build_corpus(session: Session) -> Corpus:
    ids: dict[str, int] = {}

    def add(name: str, resource, payload) -> None:
        ids[name] = create_record(session, resource, payload)["id"]

    add("city", organizations, OrganizationCreate(
        name="서울특별시 (synthetic)", name_en="Seoul Metropolitan Government (synthetic)", classification="government"))
    add("broadcaster", organizations, OrganizationCreate(name="합성방송 (synthetic)", classification="media"))
    add("mayor", people, PersonCreate(name="가상인 (synthetic)", name_en="Synthetic Person"))
    add("article", sources, SourceCreate(
        url="https://example.org/synthetic/metaverse-seoul", language="ko",
        title="[synthetic] 60억 예산 쓴 '메타버스 서울'…초라한 이용률에 결국 종료"))
    add("project", projects, ProjectCreate(
        slug="synthetic-metaverse-seoul", name="메타버스 서울 (synthetic)", name_en="Metaverse Seoul (synthetic)",
        summary="서울시는 2023년 1월 메타버스 플랫폼을 열었다.", status="terminated", organization_id=ids["city"]))
    add("call_center", metrics, MetricCreate(
        project_id=ids["project"], indicator="콜센터 민원 상담", indicator_en="Civil-complaint consultations at the call center",
        value="10000", unit="count/day"))
    add("platform", metrics, MetricCreate(
        project_id=ids["project"], indicator="메타버스 서울을 통한 민원", indicator_en="Civil complaints through Metaverse Seoul",
        value="2", unit="count/day", compared_with_id=ids["call_center"]))
    add("complaints", statements, StatementCreate(
        project_id=ids["project"], speaker_organization_id=ids["broadcaster"], kind="claim", language="ko",
        quote="메타버스 서울을 통한 민원은 하루 2건에 불과했습니다",
        translation_en="Complaints through Metaverse Seoul were only 2 a day"))
    add("closing", statements, StatementCreate(
        project_id=ids["project"], speaker_person_id=ids["mayor"], kind="announcement", language="ko",
        quote="서울시는 올해 말 서비스를 종료합니다"))
    return Corpus(ids)


@pytest.fixture
def corpus(session: Session) -> Corpus:
    return build_corpus(session)
