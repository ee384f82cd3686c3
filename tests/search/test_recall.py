"""The recall set (tests/search/recall_set.py) against the seeded case and generated data, on both engines.

Every query must return every relevant record, through /v1/search and through
`q=` on each list; overall precision must stay above PRECISION_FLOOR.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from app.core.db import get_session
from app.main import app
from app.resources import ALL_RESOURCES
from bench.generate import generate
from seed.loader import load_all_cases
from tests.conftest import ENGINES, TEST_DATABASE_URL, migrate, scratch_engine
from tests.search.recall_set import READER_FIELDS, RECALL_SET, RecallQuery, fold

SCHEMA = "search_recall"
GENERATED_PROJECTS = 20
PRECISION_FLOOR = 0.95
BY_TYPE = {resource.singular: resource for resource in ALL_RESOURCES}
Hit = tuple[str, int]


@pytest.fixture(scope="module", params=ENGINES)
def recall_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The seeded case, then generated projects beside it, committed in a database of their own."""
    path = tmp_path_factory.mktemp("recall") / "recall.db"
    with scratch_engine(request.param, path, SCHEMA) as engine:
        migrate(engine)
        with Session(engine) as session:
            load_all_cases(session)
            session.commit()
        engine.dispose()  # the generator writes through connections of its own
        url = f"sqlite:///{path}" if request.param == "sqlite" else TEST_DATABASE_URL
        generate(url, GENERATED_PROJECTS, workers=0, force=True, schema=None if request.param == "sqlite" else SCHEMA,
                 log=lambda *_: None)
        yield engine


@pytest.fixture(scope="module")
def reader_texts(recall_engine: Engine) -> dict[Hit, list[str]]:
    """Each record's texts a reader sees, folded as the patterns expect."""
    texts = {}
    with recall_engine.connect() as connection:
        for kind, fields in READER_FIELDS.items():
            table = BY_TYPE[kind].sa_table
            for row in connection.execute(sa.select(table.c.id, *(table.c[name] for name in fields))):
                texts[(kind, row.id)] = [fold(value) for value in row[1:] if value]
    return texts


@pytest.fixture(scope="module")
def recall_client(recall_engine: Engine) -> Iterator[TestClient]:
    async def session_override() -> Iterator[Session]:
        with Session(recall_engine) as session:
            yield session

    app.dependency_overrides[get_session] = session_override
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
    app.dependency_overrides.clear()


def relevant(query: RecallQuery, reader_texts: dict[Hit, list[str]]) -> set[Hit]:
    return {hit for hit, texts in reader_texts.items() if query.matches(texts)}


def search_hits(client: TestClient, q: str) -> list[Hit]:
    """Every hit of /v1/search, page after page."""
    hits, params = [], {"q": q, "limit": 100}
    while True:
        response = client.get("/v1/search", params=params)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["all_matches_ranked"], q
        hits += [(item["type"], item["id"]) for item in body["items"]]
        if not body["next"]:
            return hits
        params["cursor"] = body["next"]


def list_hits(client: TestClient, path: str, q: str) -> set[int]:
    ids, params = set(), {"q": q, "limit": 100, "fields": "id"}
    while True:
        response = client.get(f"/v1/{path}", params=params)
        assert response.status_code == 200, (path, response.text)
        body = response.json()
        ids |= {item["id"] for item in body["items"]}
        if not body["next"]:
            return ids
        params["cursor"] = body["next"]


def measure(client: TestClient, reader_texts: dict[Hit, list[str]]) -> dict[str, tuple[set[Hit], list[Hit]]]:
    """Per query: the relevant records and the hits returned."""
    return {query.q: (relevant(query, reader_texts), search_hits(client, query.q)) for query in RECALL_SET}


def summary(results: dict[str, tuple[set[Hit], list[Hit]]]) -> tuple[float, float]:
    """Micro-averaged recall and precision over the whole set."""
    wanted = sum(len(expected) for expected, _ in results.values())
    returned = sum(len(hits) for _, hits in results.values())
    found = sum(len(expected & set(hits)) for expected, hits in results.values())
    return found / wanted, found / returned if returned else 1.0


def test_the_set_covers_every_kind_of_query(reader_texts: dict[Hit, list[str]]) -> None:
    kinds = {query.kind for query in RECALL_SET}
    assert len(RECALL_SET) >= 60 and kinds == {"Korean", "Korean with a particle", "number", "English", "one syllable"}
    assert all(relevant(query, reader_texts) for query in RECALL_SET), "a query with nothing to find tests nothing"
    generated = {hit for hit, texts in reader_texts.items() if any(text.startswith(("[합성]", "[synthetic]")) for text in texts)}
    assert sum(bool(relevant(query, reader_texts) & generated) for query in RECALL_SET) >= 20


def test_every_query_returns_every_relevant_record(recall_client: TestClient, reader_texts: dict[Hit, list[str]]) -> None:
    results = measure(recall_client, reader_texts)
    missed = {q: sorted(expected - set(hits)) for q, (expected, hits) in results.items() if expected - set(hits)}
    assert missed == {}
    recall, precision = summary(results)
    assert recall == 1.0 and precision >= PRECISION_FLOOR, (recall, precision)


@pytest.mark.parametrize("q", ["민원은", "60억 원", "뿐", "call center", "당초", "서울시는"])
def test_every_list_finds_what_search_finds(recall_client: TestClient, reader_texts: dict[Hit, list[str]], q: str) -> None:
    hits = search_hits(recall_client, q)
    for resource in ALL_RESOURCES:
        assert list_hits(recall_client, resource.path, q) == {id for kind, id in hits if kind == resource.singular}, resource.path


@pytest.mark.parametrize("q", ["서울시는", "민원은", "예산을", "시장은"])
def test_the_form_typed_ranks_first(recall_client: TestClient, reader_texts: dict[Hit, list[str]], q: str) -> None:
    hits = search_hits(recall_client, q)
    typed = [any(q in text for text in reader_texts[hit]) for hit in hits]
    assert any(typed) and not all(typed)  # both forms are found, and those as typed come first
    assert typed == sorted(typed, reverse=True)
