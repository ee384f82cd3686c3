"""The index follows every create, update and delete, in the writer's transaction."""

import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models.base import utcnow
from app.resources.catalog import metrics, organizations, people, projects, statements
from app.schemas.person import PersonCreate
from app.search import search_condition
from app.search.index import check_index, index_rows, rebuild_index, reindex_record, remove_record
from app.search.schema import search_documents
from app.services.records import create_record
from tests.api import if_match
from tests.search.conftest import Corpus


def found(session: Session, resource, q: str) -> set[int]:
    table = resource.sa_table
    return set(session.execute(sa.select(table.c.id).where(search_condition(resource, q))).scalars())


def documents_of(session: Session, resource, record_id: int) -> dict[str, str]:
    rows = session.execute(sa.select(search_documents.c.field, search_documents.c.tokens)
                           .where(search_documents.c.resource == resource.path, search_documents.c.record_id == record_id))
    return dict(rows.all())


def test_created_records_are_indexed_field_by_field(session: Session, corpus: Corpus) -> None:
    assert documents_of(session, statements, corpus["closing"]) == {
        "quote": "서울 울시 시는 는 올해 해 말 서비 비스 스를 를 종료 료합 합니 니다 다"}  # no translation: no document
    assert set(documents_of(session, projects, corpus["project"])) == {"name", "name_en", "summary"}
    assert check_index(session).ok


def test_patch_replaces_the_old_text_in_the_index(client: TestClient, session: Session, corpus: Corpus) -> None:
    response = client.patch(f"/v1/statements/{corpus['closing']}", json={"quote": "부산시는 휴대폰 앱을 출시합니다"}, headers=if_match(client, f"/v1/statements/{corpus['closing']}"))
    assert response.status_code == 200, response.text
    assert found(session, statements, "종료") == set()
    assert found(session, statements, "휴대폰") == {corpus["closing"]}
    assert found(session, statements, "서울") == {corpus["complaints"]}
    assert check_index(session).ok


def test_patch_of_other_fields_leaves_the_documents_alone(client: TestClient, session: Session, corpus: Corpus) -> None:
    before = session.execute(sa.select(search_documents).order_by(search_documents.c.id)).all()
    response = client.patch(f"/v1/statements/{corpus['closing']}", json={"kind": "claim"}, headers=if_match(client, f"/v1/statements/{corpus['closing']}"))
    assert response.status_code == 200, response.text
    assert session.execute(sa.select(search_documents).order_by(search_documents.c.id)).all() == before


def test_clearing_a_field_removes_its_document(client: TestClient, session: Session, corpus: Corpus) -> None:
    assert found(session, statements, "complaints") == {corpus["complaints"]}
    response = client.patch(f"/v1/statements/{corpus['complaints']}", json={"translation_en": None}, headers=if_match(client, f"/v1/statements/{corpus['complaints']}"))
    assert response.status_code == 200, response.text
    assert found(session, statements, "complaints") == set()
    assert set(documents_of(session, statements, corpus["complaints"])) == {"quote"}


def test_delete_removes_the_record_from_the_index(client: TestClient, session: Session, corpus: Corpus) -> None:
    assert client.delete(f"/v1/statements/{corpus['closing']}", headers=if_match(client, f"/v1/statements/{corpus['closing']}")).status_code == 204
    assert found(session, statements, "종료") == set()
    assert documents_of(session, statements, corpus["closing"]) == {}
    assert check_index(session).ok


def test_create_through_the_api_is_searchable_at_once(client: TestClient, session: Session, corpus: Corpus) -> None:
    response = client.post("/v1/people", json={"name": "김합성 (synthetic)", "name_en": "Kim Synthetic"})
    assert response.status_code == 201, response.text
    assert found(session, people, "김합성") == {response.json()["id"]}
    search = client.get("/v1/search", params={"q": "김합성"}).json()
    assert [(hit["type"], hit["id"]) for hit in search["items"]] == [("person", response.json()["id"])]


def test_a_refused_write_leaves_the_index_unchanged(client: TestClient, session: Session, corpus: Corpus) -> None:
    before = session.execute(sa.select(sa.func.count()).select_from(search_documents)).scalar_one()
    response = client.post("/v1/statements", json={
        "project_id": 999_999, "speaker_person_id": corpus["mayor"], "kind": "claim", "language": "ko", "quote": "거절될 민원"})
    assert response.status_code == 422
    assert session.execute(sa.select(sa.func.count()).select_from(search_documents)).scalar_one() == before
    assert found(session, statements, "거절") == set()


def test_bulk_inserted_rows_are_indexed_by_index_rows(session: Session, corpus: Corpus) -> None:
    now = utcnow()
    table = people.sa_table
    rows = session.execute(sa.insert(table).returning(table.c.id, table.c.name, table.c.name_en), [
        {"name": f"대량인물{i} (synthetic)", "name_en": f"Bulk Person {i}", "created_at": now, "updated_at": now, "version": 1}
        for i in range(3)
    ]).all()
    assert found(session, people, "대량인물") == set()  # written around the services: not indexed yet
    assert index_rows(session, people, rows, replace=False) == 6
    assert found(session, people, "대량인물") == {row.id for row in rows}
    assert index_rows(session, people, rows) == 6  # replacing is idempotent
    assert check_index(session).ok


def test_reindex_and_remove_by_id(session: Session, corpus: Corpus) -> None:
    table = organizations.sa_table
    session.execute(sa.update(table).where(table.c.id == corpus["broadcaster"]).values(name="바뀐방송 (synthetic)"))
    assert not check_index(session).ok  # changed around the services
    reindex_record(session, organizations, corpus["broadcaster"])
    assert found(session, organizations, "바뀐방송") == {corpus["broadcaster"]}
    assert check_index(session).ok
    remove_record(session, organizations, corpus["broadcaster"])
    assert found(session, organizations, "바뀐방송") == set()
    reindex_record(session, metrics, 987_654)  # no such record: nothing to index, no error


def test_rebuild_restores_a_damaged_index(session: Session, corpus: Corpus) -> None:
    session.execute(sa.delete(search_documents).where(search_documents.c.resource == "metrics"))
    session.execute(sa.update(search_documents).where(search_documents.c.resource == "projects").values(tokens="엉망"))
    report = check_index(session)
    assert report.missing and report.stale and not report.orphaned
    counts = rebuild_index(session)
    assert counts == {"projects": 3, "budgets": 0, "metrics": 4, "statements": 3, "sources": 1, "citations": 0,
                      "organizations": 3, "people": 2, "statement-links": 0, "project-events": 1}
    assert check_index(session).ok
    assert found(session, metrics, "콜센터") == {corpus["call_center"]}


def test_rebuild_of_some_resources_only(session: Session, corpus: Corpus) -> None:
    create_record(session, people, PersonCreate(name="추가인물 (synthetic)"))
    assert rebuild_index(session, [people, metrics]) == {"people": 3, "metrics": 4}
    assert check_index(session).ok


def test_budgets_and_citations_written_through_the_api_are_found_by_q(client: TestClient, session: Session,
                                                                       corpus: Corpus) -> None:
    budget = client.post("/v1/budgets", json={
        "project_id": corpus["project"], "kind": "spent", "amount": 6000000000, "currency": "KRW",
        "qualifier": "approximate", "amount_text": "약 60억 원", "description": "지금까지 들인 예산 (synthetic)"})
    assert budget.status_code == 201, budget.text
    citation = client.post("/v1/citations", json={
        "source_id": corpus["article"], "budget_id": budget.json()["id"], "excerpt": "지금까지 약 60억 원의 예산을 들였지만"})
    assert citation.status_code == 201, citation.text
    for q in ("60억", "6,000,000,000", "지금까지"):
        assert [item["id"] for item in client.get("/v1/budgets", params={"q": q}).json()["items"]] == [budget.json()["id"]]
        assert [item["id"] for item in client.get("/v1/citations", params={"q": q}).json()["items"]] == [citation.json()["id"]]
    url = f"/v1/citations/{citation.json()['id']}"
    assert client.patch(url, json={"excerpt": "당초 계획은 400억을 투입할 예정이었지만"}, headers=if_match(client, url)).status_code == 200
    assert client.get("/v1/citations", params={"q": "지금까지"}).json()["items"] == []
    assert [item["id"] for item in client.get("/v1/citations", params={"q": "40000000000"}).json()["items"]] == [citation.json()["id"]]
    assert check_index(session).ok
