"""The seeded case: facts only from the article, each cited verbatim, loaded idempotently."""

from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from app.core.db import make_engine
from app.core.errors import UnprocessableEntity
from app.models import (Budget, Citation, Metric, Organization, Person, Project, ProjectEvent, Source, Statement,
                        StatementLink)
from seed.__main__ import main
from seed.loader import CASES_DIR, CaseLoader, SeedError, load_all_cases, load_all_cases_atomically, read_case
from tests.conftest import migrate

ARTICLE = Path(__file__).resolve().parents[2] / "seed" / "sources" / "metaverse-seoul-article.txt"
SHARED_ARTICLE = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "metaverse-seoul-article.txt"
TABLES = (Organization, Person, Source, Project, ProjectEvent, Budget, Metric, Statement, Citation, StatementLink)


def snapshot(session: Session) -> dict[str, list[tuple]]:
    return {table.__tablename__: [tuple(row) for row in session.execute(sa.select(table.__table__).order_by(table.id))] for table in TABLES}


@pytest.fixture
def seeded(session: Session) -> Session:
    load_all_cases(session)
    return session


def test_the_article_copy_is_the_captured_article() -> None:
    if not SHARED_ARTICLE.exists():
        pytest.skip("the shared/ folder with the original capture is not beside this checkout")
    assert SHARED_ARTICLE.read_text(encoding="utf-8").startswith(ARTICLE.read_text(encoding="utf-8"))


def test_loading_twice_changes_nothing(seeded: Session) -> None:
    first = snapshot(seeded)
    report = load_all_cases(seeded)["metaverse-seoul"]
    assert snapshot(seeded) == first
    assert report.created == {} and report.updated == {}
    assert sum(len(rows) for rows in first.values()) == sum(report.unchanged.values())


@pytest.mark.parametrize("table, key", [(Project, "project_id"), (Budget, "budget_id"), (Metric, "metric_id"), (Statement, "statement_id"),
                                        (ProjectEvent, "project_event_id")])
def test_every_fact_has_a_citation(seeded: Session, table, key: str) -> None:
    ids = seeded.execute(sa.select(table.id)).scalars().all()
    cited = set(seeded.execute(sa.select(getattr(Citation, key))).scalars())
    assert ids and set(ids) <= cited


def test_a_corrected_case_file_updates_in_place(seeded: Session) -> None:
    case = read_case(CASES_DIR / "metaverse-seoul.yaml")
    case["projects"][0]["name_en"] = "Metaverse Seoul (corrected)"
    before = seeded.execute(sa.select(Project.id, Project.version)).one()
    report = CaseLoader(seeded).load(case)
    after = seeded.execute(sa.select(Project.id, Project.version, Project.name_en)).one()
    assert report.updated == {"projects": 1}
    assert (after.id, after.version, after.name_en) == (before.id, before.version + 1, "Metaverse Seoul (corrected)")


def test_a_figure_that_contradicts_its_wording_is_refused(session: Session) -> None:
    case = read_case(CASES_DIR / "metaverse-seoul.yaml")
    case["budgets"][0]["amount"] = 600000000  # 6억, while the wording says 약 60억 원
    with pytest.raises(UnprocessableEntity, match="does not match its wording '약 60억 원'") as refused:
        CaseLoader(session).load(case)
    assert [error.field for error in refused.value.errors] == ["amount"]


def test_an_unknown_reference_is_refused(session: Session) -> None:
    case = read_case(CASES_DIR / "metaverse-seoul.yaml")
    case["budgets"][0]["project_id"] = "@no-such-project"
    with pytest.raises(SeedError, match="unknown reference"):
        CaseLoader(session).load(case)


def test_the_dossier_is_served_with_citations(seeded: Session, client: TestClient) -> None:
    response = client.get("/v1/projects/metaverse-seoul", params={"expand": "budgets,metrics,statements,sources"})
    assert response.status_code == 200
    dossier = response.json()
    article = ARTICLE.read_text(encoding="utf-8")
    assert (dossier["started"]["value"], dossier["planned_end"]["value"]) == ("2023-01", "2026")
    assert (dossier["status"], dossier["ended"]) == ("active", None)  # the end is announced and scheduled, not done
    assert {(b["kind"], b["amount"], b["currency"], b["qualifier"]) for b in dossier["budgets"]} == {
        ("spent", 6_000_000_000, "KRW", "approximate"),
        ("planned", 40_000_000_000, "KRW", "exact"),
    }
    by_channel = {m["dimensions"]["channel"]: m for m in dossier["metrics"]}
    assert (by_channel["metaverse-seoul"]["value"], by_channel["call-center"]["value"]) == ("2", "10000")
    assert by_channel["metaverse-seoul"]["compared_with_id"] == by_channel["call-center"]["id"]
    assert (by_channel["youtube"]["value"], by_channel["youtube"]["qualifier"]) == ("1000", "at_least")
    assert {s["kind"] for s in dossier["statements"]} == {"justification", "promise"}
    assert [s["url"] for s in dossier["sources"]] == ["https://n.news.naver.com/article/437/0000399767?ntype=RANKING"]
    for fact in dossier["budgets"] + dossier["metrics"] + dossier["statements"]:
        assert fact["citations"], fact
        assert all(citation["excerpt"] in article for citation in fact["citations"])


def test_a_failing_load_writes_nothing(engine: Engine, tmp_path: Path) -> None:
    case = read_case(CASES_DIR / "metaverse-seoul.yaml")
    case["statements"][-1]["speaker_organization_id"] = "@no-such-organization"
    (tmp_path / "broken.yaml").write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")
    with Session(engine) as session:
        before = snapshot(session)
    with pytest.raises(SeedError):
        load_all_cases_atomically(engine, tmp_path)
    with Session(engine) as session:
        assert snapshot(session) == before


def test_the_article_is_on_record_as_its_source_text(seeded: Session, client: TestClient) -> None:
    source = client.get("/v1/sources", params={"url": "https://n.news.naver.com/article/437/0000399767?ntype=RANKING"}).json()
    assert source["items"][0]["captured_text"] == ARTICLE.read_text(encoding="utf-8")


def test_a_case_may_not_name_a_capture_outside_its_folder(tmp_path: Path) -> None:
    case = read_case(CASES_DIR / "metaverse-seoul.yaml")
    case["sources"][0] = {**case["sources"][0], "captured_text_file": "../cases/metaverse-seoul.yaml"}
    (tmp_path / "case.yaml").write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SeedError, match="captured_text_file"):
        read_case(tmp_path / "case.yaml")


def test_the_start_up_seed_loads_an_empty_database_once_and_keeps_later_corrections(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'container.db'}"
    engine = make_engine(url)
    migrate(engine)
    main(["--database-url", url, "--if-empty"])
    with engine.begin() as connection:
        loaded = connection.execute(sa.select(sa.func.count()).select_from(Project)).scalar_one()
        connection.execute(sa.update(Project).values(name_en="Corrected by an editor"))
    main(["--database-url", url, "--if-empty"])

    first, second = capsys.readouterr().out.strip().split("\n")[-2:]
    assert loaded > 0 and "created" in first
    assert second == f"seed: the database already holds {loaded} project(s); nothing loaded"
    with engine.connect() as connection:
        assert set(connection.execute(sa.select(Project.name_en)).scalars()) == {"Corrected by an editor"}
    engine.dispose()


def test_an_excerpt_not_in_the_captured_article_is_refused(engine: Engine, tmp_path: Path) -> None:
    case = read_case(CASES_DIR / "metaverse-seoul.yaml")
    case["metrics"][0]["citations"][0]["excerpt"] = "전혀 다른 문장"
    (tmp_path / "broken.yaml").write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")
    with Session(engine) as session:
        before = snapshot(session)
    with pytest.raises(UnprocessableEntity) as refused:
        load_all_cases_atomically(engine, tmp_path)
    assert [error.field for error in refused.value.errors] == ["excerpt"]
    with Session(engine) as session:
        assert snapshot(session) == before
