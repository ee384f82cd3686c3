"""schema.org ClaimReview JSON-LD for rated statements: the structure fact-checking tools read."""

from datetime import date
from typing import Any, Literal

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session

from app.core.config import get_settings
from app.services.statement_links import claim_reviews
from seed.loader import load_all_cases
from tests.api import assert_problem
from app.resources.statement_links import statement_links
from tests.factories import create, make_citation, make_organization, make_source, make_statement

CLOSING_SENTENCE = "당초 계획은 2026년까지 400억을 투입할 예정이었지만 초라한 이용자 수에 '갑작스러운 종료'를 피할 수 없게 됐습니다."


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Work(Strict):
    type: Literal["CreativeWork"] = Field(alias="@type")
    url: str
    headline: str
    text: str | None = None


class Speaker(Strict):
    type: Literal["Person", "Organization"] = Field(alias="@type")
    name: str
    jobTitle: str | None = None
    affiliation: "Speaker | None" = None


class Claim(Strict):
    type: Literal["Claim"] = Field(alias="@type")
    author: Speaker
    inLanguage: str
    datePublished: str | None = None
    appearance: list[Work] | None = None  # absent when no source of the statement is recorded
    firstAppearance: Work | None = None


class Rating(Strict):
    type: Literal["Rating"] = Field(alias="@type")
    ratingValue: int | None = None
    bestRating: int | None = None
    worstRating: int | None = None
    alternateName: str


class Publisher(Strict):
    type: Literal["Organization"] = Field(alias="@type")
    name: str
    url: str | None = None


class ClaimReview(Strict):
    context: Literal["https://schema.org"] = Field(alias="@context")
    type: Literal["ClaimReview"] = Field(alias="@type")
    url: str
    claimReviewed: str
    itemReviewed: Claim
    reviewRating: Rating
    author: Publisher
    datePublished: date
    dateModified: date
    citation: list[Work]
    reviewBody: str | None = None


@pytest.fixture
def seeded(session: Session) -> Session:
    load_all_cases(session)
    return session


def statement_id(client: TestClient, kind: str) -> int:
    return next(s["id"] for s in client.get("/v1/statements").json()["items"] if s["kind"] == kind)


def test_the_mayors_statement_as_claimreview(seeded: Session, client: TestClient) -> None:
    sid = statement_id(client, "justification")
    response = client.get(f"/v1/statements/{sid}/claimreview")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/ld+json"
    review = ClaimReview.model_validate(response.json())
    assert review.url == f"http://testserver/v1/statements/{sid}/claimreview"
    assert review.claimReviewed.startswith("아마 갑자기 서비스가 종료된다던가")
    author = review.itemReviewed.author
    assert (author.type, author.name, author.jobTitle, author.affiliation.name) == ("Person", "오세훈", "서울시장", "서울특별시")
    assert review.itemReviewed.datePublished == "2023-01"
    assert review.itemReviewed.firstAppearance.url == "https://n.news.naver.com/article/437/0000399767?ntype=RANKING"
    rating = review.reviewRating
    assert (rating.ratingValue, rating.bestRating, rating.worstRating) == (1, 4, 1)
    assert rating.alternateName == "Contradicted by the outcome: the city's own platform is to close, a 'sudden termination'"
    assert review.author.name == get_settings().publisher_name
    assert [c.text for c in review.citation] == [CLOSING_SENTENCE]


def test_a_statement_without_a_rating_has_no_claimreview(seeded: Session, client: TestClient) -> None:
    body = assert_problem(client.get(f"/v1/statements/{statement_id(client, 'promise')}/claimreview"), 404)
    assert "has no rating" in body["detail"]
    assert_problem(client.get("/v1/statements/999999/claimreview"), 404)
    assert_problem(client.get("/v1/statements/abc/claimreview"), 400, "statement_id", "path")


def link(session: Session, statement: dict[str, Any], rating: str, label: str, **fact: Any) -> None:
    source = make_source(session)
    create_fact = fact or {"project_id": statement["project_id"]}
    create(session, statement_links, {"statement_id": statement["id"], "rating": rating, "label": label,
                                      "source_id": source["id"], "excerpt": "합성 인용문", **create_fact})


def test_the_most_critical_link_gives_the_rating(session: Session) -> None:
    statement = make_statement(session)
    link(session, statement, "supports", "Supported")
    link(session, statement, "misleading", "Misleading")
    link(session, statement, "unverifiable", "Cannot be checked")
    (review,) = claim_reviews(session, "https://example.org", [statement["id"]])
    ClaimReview.model_validate(review)
    assert (review["reviewRating"]["ratingValue"], review["reviewRating"]["alternateName"]) == (2, "Misleading")
    assert len(review["citation"]) == 3 and "reviewBody" not in review
    assert "appearance" not in review["itemReviewed"]  # no source of the statement is recorded: none is invented


def test_the_earliest_published_source_is_the_first_appearance(session: Session) -> None:
    statement = make_statement(session)
    later = make_source(session, published_at="2024-07-03T07:15:00+00:00")
    earlier = make_source(session, published_at="2023-01-20T00:00:00+00:00")
    undated = make_source(session)
    for source in (later, undated, earlier):
        make_citation(session, source_id=source["id"], statement_id=statement["id"])
    link(session, statement, "supports", "Supported")
    (review,) = claim_reviews(session, "", [statement["id"]])
    claim = ClaimReview.model_validate(review).itemReviewed
    assert [work.url for work in claim.appearance] == [later["url"], undated["url"], earlier["url"]]
    assert claim.firstAppearance.url == earlier["url"]


def test_an_unverifiable_statement_has_a_label_and_no_numeric_rating(session: Session) -> None:
    organization = make_organization(session)
    statement = make_statement(session, speaker_organization_id=organization["id"])
    link(session, statement, "unverifiable", "Cannot be checked")
    (review,) = claim_reviews(session, "", [statement["id"]])
    ClaimReview.model_validate(review)
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Cannot be checked"}
    assert review["itemReviewed"]["author"] == {"@type": "Organization", "name": organization["name"]}


def test_the_export_lists_every_rated_statement(seeded: Session) -> None:
    unrated_before = make_statement(seeded)
    reviews = claim_reviews(seeded)
    assert len(reviews) == 1
    assert reviews[0]["url"].startswith(get_settings().public_base_url.rstrip("/") + "/v1/statements/")
    link(seeded, unrated_before, "supports", "Supported")
    assert [ClaimReview.model_validate(r).reviewRating.alternateName for r in claim_reviews(seeded, "")] == [
        "Contradicted by the outcome: the city's own platform is to close, a 'sudden termination'", "Supported"]
