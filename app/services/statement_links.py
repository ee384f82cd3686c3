"""Statements held against outcomes, exported as schema.org ClaimReview JSON-LD.

A statement may have several links; its review's rating is the most critical of
them (contradicts < misleading < partly_supports < supports), ties going to the
earliest link, because one contradicting fact is enough to stop a claim standing
as stated. A statement whose links are all `unverifiable` gets that label and no
numeric rating. Every link's evidence is cited.
"""

from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from app.core.config import get_settings
from app.core.errors import NotFound
from app.models import Citation, Organization, Person, Source, Statement, StatementLink
from app.scorecard.facts import live, live_links

RATING_VALUES = {"contradicts": 1, "misleading": 2, "partly_supports": 3, "supports": 4}
WORST_RATING, BEST_RATING = 1, 4
Row = dict[str, Any]


def _verdict(links: list[Row]) -> Row:
    return min(links, key=lambda link: (RATING_VALUES.get(link["rating"], WORST_RATING + BEST_RATING), link["id"]))


def _author(statement: Row) -> dict[str, Any]:
    organization = statement["organization_name"] and {"@type": "Organization", "name": statement["organization_name"]}
    if statement["person_name"] is None:
        return organization
    person = {"@type": "Person", "name": statement["person_name"]}
    if statement["speaker_role"]:
        person["jobTitle"] = statement["speaker_role"]
    if organization:
        person["affiliation"] = organization
    return person


def _work(source: Row) -> dict[str, Any]:
    return {"@type": "CreativeWork", "url": source["url"], "headline": source["title"]}


def _claim(statement: Row, sources: list[Row]) -> dict[str, Any]:
    """The claim as it appeared: who said it, when, and the sources recorded as carrying it."""
    claim: dict[str, Any] = {"@type": "Claim", "author": _author(statement), "inLanguage": statement["language"]}
    if statement["stated"]:
        claim["datePublished"] = statement["stated"]
    if sources:
        claim["appearance"] = [_work(source) for source in sources]
        dated = [source for source in sources if source["published_at"] is not None]
        first = min(dated, key=lambda source: source["published_at"]) if dated else sources[0]
        claim["firstAppearance"] = _work(first)
    return claim


def _review(statement: Row, links: list[Row], sources: list[Row], base_url: str) -> dict[str, Any]:
    settings = get_settings()
    verdict = _verdict(links)
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": verdict["label"]}
    if verdict["rating"] in RATING_VALUES:
        rating |= {"ratingValue": RATING_VALUES[verdict["rating"]], "bestRating": BEST_RATING, "worstRating": WORST_RATING}
    publisher = {"@type": "Organization", "name": settings.publisher_name}
    if settings.publisher_url:
        publisher["url"] = settings.publisher_url
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{base_url}/v1/statements/{statement['id']}/claimreview",
        "claimReviewed": statement["quote"],
        "itemReviewed": _claim(statement, sources),
        "reviewRating": rating,
        "author": publisher,
        "datePublished": verdict["created_at"].date().isoformat(),
        "dateModified": max(link["updated_at"] for link in links).date().isoformat(),
        "citation": [{"@type": "CreativeWork", "url": link["source_url"], "headline": link["source_title"],
                      "text": link["excerpt"]} for link in links],
    }
    if verdict["note"]:
        review["reviewBody"] = verdict["note"]
    return review


def claim_reviews(session: Session, base_url: str | None = None,
                  statement_ids: list[int] | None = None) -> list[dict[str, Any]]:
    """ClaimReview JSON-LD for every rated statement (or those given), in statement id order; three queries."""
    base_url = get_settings().public_base_url.rstrip("/") if base_url is None else base_url
    query = (sa.select(StatementLink.__table__, Source.url.label("source_url"), Source.title.label("source_title"))
             .join(Source, Source.id == StatementLink.source_id).where(*live_links())
             .order_by(StatementLink.id))
    if statement_ids is not None:
        query = query.where(StatementLink.statement_id.in_(statement_ids))
    links: dict[int, list[Row]] = defaultdict(list)
    for row in session.execute(query).mappings():
        links[row["statement_id"]].append(dict(row))
    statements = session.execute(
        sa.select(Statement.id, Statement.quote, Statement.language, Statement.stated, Statement.speaker_role,
                  Person.name.label("person_name"), Organization.name.label("organization_name"))
        .outerjoin(Person, Person.id == Statement.speaker_person_id)
        .outerjoin(Organization, Organization.id == Statement.speaker_organization_id)
        .where(Statement.id.in_(list(links)), *live(Statement)).order_by(Statement.id)
    ).mappings().all()
    sources: dict[int, list[Row]] = defaultdict(list)
    for row in session.execute(
        sa.select(Citation.statement_id, Source.url, Source.title, Source.published_at)
        .join(Source, Source.id == Citation.source_id)
        .where(Citation.statement_id.in_(list(links)), *live(Citation, Source)).order_by(Citation.id)
    ).mappings():
        if all(source["url"] != row["url"] for source in sources[row["statement_id"]]):
            sources[row["statement_id"]].append(dict(row))
    return [_review(dict(statement), links[statement["id"]], sources[statement["id"]], base_url) for statement in statements]


def claim_review(session: Session, statement_id: int, base_url: str) -> dict[str, Any]:
    reviews = claim_reviews(session, base_url, [statement_id])
    if reviews:
        return reviews[0]
    if session.execute(sa.select(Statement.id).where(Statement.id == statement_id, *live(Statement))).first() is None:
        raise NotFound(f"No statement with id {statement_id}")
    raise NotFound(f"Statement {statement_id} has no rating: link it to a fact (POST /v1/statement-links) to review it")
