"""The shapes of GET /v1/search, for the OpenAPI document."""

from typing import Literal

from pydantic import BaseModel, Field

from app.search.index import SEARCHABLE

# Every resource that declares searchable fields (app/resources), by its singular name.
SearchType = Literal[tuple(resource.singular for resource in SEARCHABLE)]  # type: ignore[valid-type]


class SearchHit(BaseModel):
    type: SearchType = Field(description="Which resource the record is.", examples=["metric"])
    id: int = Field(examples=[2])
    url: str = Field(description="The record in this API.", examples=["/v1/metrics/2"])
    field: str = Field(description="The field whose text matched best.", examples=["indicator"])
    snippet: str = Field(
        description="Up to 160 characters of that field around the first match, each match wrapped in « and »; "
                    "… marks text cut at either end.",
        examples=["메타버스 서울을 통한 «민원»"],
    )
    highlights: list[list[int]] = Field(
        description="Each match as [start, end): Unicode code point offsets into the field's full text "
                    "(authoritative when the text itself contains « or »).",
        examples=[[[12, 14]]],
    )
    matched_fields: list[str] = Field(description="Every field of the record that matched.", examples=[["indicator"]])
    label: str = Field(description="The record's first searchable field (its name, title, quote or indicator), "
                                   "cut to 100 characters.", examples=["메타버스 서울을 통한 민원"])
    score: float = Field(
        description="Relevance, the same on every database engine: 10 × share of query terms found as typed "
                    "(not only as scattered syllable pairs) + 2 × share found at the start of a word + 5 if the "
                    "field says exactly the query + field weight (names, titles, indicators, amounts, labels 3; quotes, "
                    "English names, value wordings 2; other 1) + 0.1 per occurrence (up to 10). A word typed with "
                    "a Korean particle (서울시는) counts half when only its stem (서울시) is found.",
        examples=[15.1],
    )


class SearchResults(BaseModel):
    items: list[SearchHit]
    next: str | None = Field(None, description="Cursor of the next page of the same ranking, or null.")
    next_url: str | None = Field(None, description="The next page as a full URL.")
    ranked_within: int = Field(
        description="How many matching fields were ranked. Ranking is bounded: only the matches of the newest "
                    "records (by id), at most 500, are ranked, so that a very common word costs what a rare one costs.",
        examples=[3],
    )
    all_matches_ranked: bool = Field(
        description="False when there were more matches than were ranked: refine the query or filter with `type`.",
        examples=[True],
    )
