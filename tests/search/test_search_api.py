"""GET /v1/search: ranking, highlighting, filters, paging and refusals (the same on both engines)."""

from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.querying.cursor import encode_cursor
from app.search import parse_query, service
from tests.api import assert_problem
from tests.search.conftest import Corpus


def search(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get("/v1/search", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def hits(body: dict[str, Any], corpus: Corpus) -> list[tuple[str, str, str]]:
    """(type, corpus name, field) of each hit, so the expectation holds whatever ids an engine gave."""
    names = {}
    for name, record_id in corpus.ids.items():
        names.setdefault(record_id, []).append(name)
    result = []
    for hit in body["items"]:
        candidates = [name for name in names.get(hit["id"], []) if TYPES[name] == hit["type"]]
        result.append((hit["type"], candidates[0] if candidates else str(hit["id"]), hit["field"]))
    return result


TYPES = {"city": "organization", "broadcaster": "organization", "mayor": "person", "article": "source",
         "project": "project", "call_center": "metric", "platform": "metric", "complaints": "statement", "closing": "statement"}


def test_complaints_rank_short_indicators_before_the_quote(client: TestClient, corpus: Corpus) -> None:
    body = search(client, q="민원")
    assert hits(body, corpus) == [
        ("metric", "call_center", "indicator"),  # 콜센터 민원 상담: a name field, shortest
        ("metric", "platform", "indicator"),  # 메타버스 서울을 통한 민원
        ("statement", "complaints", "quote"),  # 메타버스 서울을 통한 민원은 하루 2건에 불과했습니다
    ]
    quote = body["items"][2]
    assert quote["snippet"] == "메타버스 서울을 통한 «민원»은 하루 2건에 불과했습니다"
    assert quote["highlights"] == [[12, 14]]
    assert quote["url"] == f"/v1/statements/{corpus['complaints']}"
    assert quote["matched_fields"] == ["quote"]
    assert quote["label"] == "메타버스 서울을 통한 민원은 하루 2건에 불과했습니다"
    assert body["items"][0]["score"] > quote["score"]
    assert body["ranked_within"] == 3 and body["all_matches_ranked"] is True and body["next"] is None


def test_the_hit_url_leads_to_the_record(client: TestClient, corpus: Corpus) -> None:
    hit = search(client, q="콜센터")["items"][0]
    record = client.get(hit["url"]).json()
    assert record["id"] == corpus["call_center"] and record["indicator"] == "콜센터 민원 상담"


def test_metaverse_finds_every_resource_that_names_it(client: TestClient, corpus: Corpus) -> None:
    body = search(client, q="메타버스")
    assert hits(body, corpus) == [
        ("metric", "platform", "indicator"),  # 메타버스 서울을 통한 민원: a name field, the word at its start, 14 chars
        ("project", "project", "name"),  # 메타버스 서울 (synthetic): as good, 18 chars
        ("source", "article", "title"),  # as good, longer
        ("statement", "complaints", "quote"),  # a quote weighs less than a name
    ]
    assert [hit["score"] for hit in body["items"]] == [15.1, 15.1, 15.1, 14.1]
    assert body["items"][1]["snippet"] == "«메타버스» 서울 (synthetic)"
    assert body["items"][1]["matched_fields"] == ["name", "summary"]  # one hit per record, its best field
    assert body["items"][2]["snippet"] == "[synthetic] 60억 예산 쓴 '«메타버스» 서울'…초라한 이용률에 결국 종료"


def test_seoul_in_korean_and_in_english(client: TestClient, corpus: Corpus) -> None:
    korean = search(client, q="서울")
    assert ("statement", "closing", "quote") in hits(korean, corpus)  # 서울시는 올해 말 …
    closing = next(hit for hit in korean["items"] if hit["id"] == corpus["closing"] and hit["type"] == "statement")
    assert closing["snippet"] == "«서울»시는 올해 말 서비스를 종료합니다"
    english = [hits(search(client, q=q), corpus) for q in ("Seoul", "seoul", "SEOUL")]
    assert english[0] == english[1] == english[2]
    assert english[0] == [
        ("project", "project", "name_en"),  # Metaverse Seoul (synthetic): 27 characters
        ("metric", "platform", "indicator_en"),  # Civil complaints through Metaverse Seoul: 40
        ("organization", "city", "name_en"),  # Seoul Metropolitan Government (synthetic): 41
        ("statement", "complaints", "translation_en"),  # a translation weighs less
    ]
    assert search(client, q="SEOUL")["items"][2]["snippet"] == "«Seoul» Metropolitan Government (synthetic)"


def test_one_syllable_and_no_match(client: TestClient, corpus: Corpus) -> None:
    assert hits(search(client, q="민"), corpus) == [
        ("metric", "call_center", "indicator"), ("metric", "platform", "indicator"), ("statement", "complaints", "quote")]
    assert search(client, q="원민")["items"] == []


def test_type_filter(client: TestClient, corpus: Corpus) -> None:
    assert hits(search(client, q="민원", type="statement"), corpus) == [("statement", "complaints", "quote")]
    assert [hit["type"] for hit in search(client, q="메타버스", type="statement,project")["items"]] == ["project", "statement"]
    body = client.get("/v1/search", params={"q": "민원", "type": "revision"})
    problem = assert_problem(body, 400, "type", location="query")
    assert "statement" in problem["errors"][0]["message"]  # lists what is allowed


def test_paging_through_the_ranking(client: TestClient, corpus: Corpus) -> None:
    first = search(client, q="메타버스", limit=3)
    assert len(first["items"]) == 3 and first["next"]
    assert first["next_url"].startswith("http") and "cursor=" in first["next_url"]
    second = search(client, q="메타버스", limit=3, cursor=first["next"])
    assert [hit["type"] for hit in second["items"]] == ["statement"] and second["next"] is None
    assert_problem(client.get("/v1/search", params={"q": "민원", "cursor": first["next"]}), 400, "cursor")
    assert_problem(client.get("/v1/search", params={"q": "메타버스", "cursor": "forged"}), 400, "cursor")
    signature = "search:" + parse_query("메타버스").signature + ":" + ",".join(r.path for r in service.SEARCHABLE)
    for values in (["3"], [-1], [1, 2], [True]):  # signed, but not an offset
        bad = encode_cursor(signature, values)
        assert_problem(client.get("/v1/search", params={"q": "메타버스", "cursor": bad}), 400, "cursor")


def test_ranking_is_bounded_and_says_so(client: TestClient, corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service, "CANDIDATE_LIMIT", 2)
    body = search(client, q="서울")
    assert body["ranked_within"] == 2 and body["all_matches_ranked"] is False
    # the newest matches (by record id) are the ones ranked, on every engine
    assert all(hit["id"] >= corpus["complaints"] for hit in body["items"] if hit["type"] == "statement")


@pytest.mark.parametrize(("params", "field"), [
    ({}, "q"),
    ({"q": ""}, "q"),
    ({"q": "   "}, "q"),
    ({"q": "?!…"}, "q"),
    ({"q": "가" * 201}, "q"),
    ({"q": "민원", "limit": "0"}, "limit"),
    ({"q": "민원", "limit": "101"}, "limit"),
    ({"q": "민원", "limit": "many"}, "limit"),
    ({"q": "민원", "sort": "score"}, "sort"),
])
def test_bad_requests_are_400_problems_naming_the_parameter(client: TestClient, session: Session,
                                                            params: dict[str, str], field: str) -> None:
    assert_problem(client.get("/v1/search", params=params), 400, field, location="query")


def test_repeated_q_with_different_values_is_refused(client: TestClient, session: Session) -> None:
    assert_problem(client.get("/v1/search?q=민원&q=서울"), 400, "q")


def test_openapi_documents_the_parameters_with_korean_examples(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/v1/search"]["get"]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
    assert set(parameters) == {"q", "type", "limit", "cursor"}
    assert {"민원", "메타버스", "콜센터", "민", "Seoul"} <= {example["value"] for example in parameters["q"]["examples"].values()}
    assert all(parameter.get("description") for parameter in parameters.values())
    assert operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("SearchResults")


def test_candidates_texts_are_read_by_one_statement_whatever_their_number(client: TestClient, corpus: Corpus,
                                                                            session: Session) -> None:
    """On PostgreSQL the ids are one array parameter, so the statement is prepared once, not once per count."""
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("SQLite's statement cache is cheap to fill; the array parameter is PostgreSQL's")
    statements: list[str] = []
    connection = session.connection()

    def listener(conn, cursor, statement, *rest) -> None:
        statements.append(statement)

    sa.event.listen(connection, "before_cursor_execute", listener)
    try:
        counts = [len(search(client, q=term, type="metric")["items"]) for term in ("민원", "콜센터")]
    finally:
        sa.event.remove(connection, "before_cursor_execute", listener)
    assert counts == [2, 1]
    texts = [statement for statement in statements if statement.lstrip().startswith("SELECT metrics.id")]
    assert len(texts) == 2 and texts[0] == texts[1]
