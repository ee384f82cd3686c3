"""Field types shared by the API shapes: strict scalars, partial dates, money."""

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import (AfterValidator, AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints,
                      field_validator)

from app.domain.partial_dates import DatePrecision, PartialDateError, parse_partial_date, precision_of

StrictInt = Annotated[int, Field(strict=True)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300, strict=True)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500, strict=True)]
Text100 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100, strict=True)]
Text200 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200, strict=True)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000, strict=True)]
# A source's text as captured (an article runs to tens of thousands of characters); kept as written.
CapturedText = Annotated[str, StringConstraints(min_length=1, max_length=1_000_000, strict=True)]


def _written_as_text(value: Any) -> Any:
    """Dates and times come as ISO 8601 text: pydantic would read a number as seconds since 1970."""
    if isinstance(value, int | float):
        raise ValueError("write it as ISO 8601 text (2024-07-03 or 2024-07-03T16:15:00+09:00), not a number")
    return value


def _iso_day(value: Any) -> Any:
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("a day as YYYY-MM-DD")
    return value


TimestampText = Annotated[AwareDatetime, BeforeValidator(_written_as_text)]
Day = Annotated[date, BeforeValidator(_iso_day), BeforeValidator(_written_as_text)]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", max_length=35, strict=True)]


RESERVED_SLUGS = frozenset({"summary"})  # /v1/projects/summary is the summary endpoint, not a project


def _addressable(slug: str) -> str:
    """A slug must name the project unambiguously in /v1/projects/{id or slug}."""
    if slug.isdigit():
        raise ValueError("a slug needs at least one letter: all-digit keys are ids")
    if slug in RESERVED_SLUGS:
        raise ValueError(f"{slug!r} is reserved: /v1/projects/{slug} is another endpoint")
    return slug


Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", min_length=1, max_length=100, strict=True),
    AfterValidator(_addressable),
]
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s]+$", max_length=2000, strict=True)]

# Money is a JSON integer every client reads exactly: JavaScript's Number.MAX_SAFE_INTEGER bounds it
# (a larger one would be silently rounded by JSON.parse); amounts and summary sums alike.
MAX_MINOR_UNITS = 2**53 - 1
# ISO 4217 active codes (2024), so a typo such as "KWR" is refused rather than stored.
ISO_4217 = frozenset("""
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD
CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ
GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR
LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN
PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB
TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG
""".split())


def _check_currency(code: str) -> str:
    if code not in ISO_4217:
        raise ValueError(f"{code!r} is not an ISO 4217 currency code (e.g. KRW, USD, EUR)")
    return code


Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$", strict=True), AfterValidator(_check_currency)]
MONEY_SCHEMA = {"format": "int64", "minimum": -MAX_MINOR_UNITS, "maximum": MAX_MINOR_UNITS}
MinorUnits = Annotated[int, Field(strict=True, ge=-MAX_MINOR_UNITS, le=MAX_MINOR_UNITS, json_schema_extra=MONEY_SCHEMA)]
PublicMinorUnits = Annotated[int, Field(json_schema_extra=MONEY_SCHEMA)]


def _exact_decimal(value: Any) -> Decimal:
    """Accept JSON numbers and decimal strings, never booleans, NaN or infinities."""
    if isinstance(value, bool):
        raise ValueError("a boolean is not a number")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, float) and len(repr(value).split("e")[0].replace("-", "").replace(".", "").strip("0")) > 15:
        raise ValueError("too many digits for a JSON number to be exact: send the value as a decimal string")
    elif isinstance(value, int | float | str):
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValueError("not a decimal number") from None
    else:
        raise ValueError("expected a number or a decimal string")
    if not number.is_finite():
        raise ValueError("must be a finite number")
    if abs(number.adjusted()) > 30 or -number.as_tuple().exponent > 12:
        raise ValueError("out of range: at most 30 integer digits and 12 decimals")
    return number


ExactNumber = Annotated[Decimal, BeforeValidator(_exact_decimal)]


class PartialDateInput(BaseModel):
    """A date at the precision the source gives it, with the source's own wording."""

    model_config = ConfigDict(extra="forbid")

    value: str = Field(description="2023, 2024-Q4, 2023-01 or 2023-01-15", examples=["2023-01"])
    text: str | None = Field(None, max_length=200, description="The source's wording", examples=["지난해 1월"])

    @classmethod
    def coerce(cls, raw: Any) -> Any:
        return {"value": raw} if isinstance(raw, str) else raw

    @field_validator("value")
    @classmethod
    def _canonical(cls, value: str) -> str:
        try:
            return parse_partial_date(value).value
        except PartialDateError as error:
            raise ValueError(str(error)) from None


PartialDateField = Annotated[PartialDateInput, BeforeValidator(PartialDateInput.coerce)]


class PartialDateOutput(BaseModel):
    value: str = Field(examples=["2023-01"], description="ISO form at its real precision")
    precision: DatePrecision
    earliest: date = Field(description="First calendar day the value covers")
    latest: date = Field(description="Last calendar day the value covers")
    text: str | None = Field(None, description="The source's wording", examples=["지난해 1월"])


def partial_date_columns(name: str, value: PartialDateInput | None) -> dict[str, Any]:
    """The four stored columns of one partial date: value, bounds and original wording."""
    if value is None:
        return {name: None, f"{name}_earliest": None, f"{name}_latest": None, f"{name}_text": None}
    parsed = parse_partial_date(value.value)
    return {name: parsed.value, f"{name}_earliest": parsed.earliest, f"{name}_latest": parsed.latest, f"{name}_text": value.text}


def partial_date_output(name: str, row: dict[str, Any]) -> dict[str, Any] | None:
    """Nest the four stored columns back into one value for the API."""
    value = row.pop(name)
    return nested_partial_date(value, row.pop(f"{name}_earliest"), row.pop(f"{name}_latest"), row.pop(f"{name}_text"))


def nested_partial_date(value: str | None, earliest: Any, latest: Any, text: str | None) -> dict[str, Any] | None:
    """One partial date as the API shows it, from its four stored columns."""
    if value is None:
        return None
    return {"value": value, "precision": precision_of(value), "earliest": earliest, "latest": latest, "text": text}
