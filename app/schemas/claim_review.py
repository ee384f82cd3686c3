"""schema.org ClaimReview as GET /v1/statements/{id}/claimreview writes it (JSON-LD), for the API document."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class JsonLd(BaseModel):
    """JSON-LD keys start with `@`: the models name them by alias."""

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)


class OrganizationLd(JsonLd):
    type: Literal["Organization"] = Field(alias="@type")
    name: str
    url: str | None = None


class PersonLd(JsonLd):
    type: Literal["Person"] = Field(alias="@type")
    name: str
    job_title: str | None = Field(None, alias="jobTitle")
    affiliation: OrganizationLd | None = None


class CreativeWorkLd(JsonLd):
    type: Literal["CreativeWork"] = Field(alias="@type")
    url: str
    headline: str | None = None
    text: str | None = Field(None, description="The source's excerpt the rating rests on")


class ClaimLd(JsonLd):
    type: Literal["Claim"] = Field(alias="@type")
    author: PersonLd | OrganizationLd | None = Field(description="Who made the claim; null when not recorded")
    in_language: str = Field(alias="inLanguage", examples=["ko"])
    date_published: str | None = Field(None, alias="datePublished", description="When it was said (a partial date)",
                                       examples=["2023-01"])
    appearance: list[CreativeWorkLd] | None = None
    first_appearance: CreativeWorkLd | None = Field(None, alias="firstAppearance")


class RatingLd(JsonLd):
    type: Literal["Rating"] = Field(alias="@type")
    alternate_name: str = Field(alias="alternateName", description="The rating in words")
    rating_value: int | None = Field(None, alias="ratingValue", examples=[1])
    best_rating: int | None = Field(None, alias="bestRating", examples=[4])
    worst_rating: int | None = Field(None, alias="worstRating", examples=[1])


class ClaimReview(JsonLd):
    """A rated statement: the claim, who made it, the rating and the sources it rests on."""

    context: Literal["https://schema.org"] = Field(alias="@context")
    type: Literal["ClaimReview"] = Field(alias="@type")
    url: str
    claim_reviewed: str = Field(alias="claimReviewed", description="The statement's quote, in its original language")
    item_reviewed: ClaimLd = Field(alias="itemReviewed")
    review_rating: RatingLd = Field(alias="reviewRating")
    author: OrganizationLd = Field(description="The publisher of this dataset")
    date_published: str = Field(alias="datePublished", examples=["2024-12-20"])
    date_modified: str = Field(alias="dateModified", examples=["2024-12-20"])
    citation: list[CreativeWorkLd]
    review_body: str | None = Field(None, alias="reviewBody")
