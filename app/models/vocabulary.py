"""Controlled vocabularies: the closed sets of values a field may take."""

from enum import StrEnum

from app.domain.korean_amounts import AmountQualifier as Qualifier


class OrganizationClassification(StrEnum):
    GOVERNMENT = "government"
    AGENCY = "agency"
    LEGISLATURE = "legislature"
    MEDIA = "media"
    COMPANY = "company"
    CIVIL_SOCIETY = "civil_society"
    INTERNATIONAL = "international"
    OTHER = "other"


class ProjectStatus(StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    TERMINATED = "terminated"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class EventKind(StrEnum):
    """How certain a status event is: it happened, it is scheduled for a date, it was announced without
    one, or a plan (scheduled or announced earlier) was abandoned. Only `happened` sets a status."""

    HAPPENED = "happened"
    SCHEDULED = "scheduled"
    ANNOUNCED = "announced"
    ABANDONED = "abandoned"


class EndBasis(StrEnum):
    """How the end of service a figure uses is known (app.scorecard.service_end): a happened event, the
    project's recorded end date, or a scheduled event that has not happened."""

    HAPPENED = "happened"
    RECORDED = "recorded"
    SCHEDULED = "scheduled"


class BudgetKind(StrEnum):
    """Budget phases, after IATI (original/revised, committed) and the Fiscal Data Package."""

    PLANNED = "planned"
    ALLOCATED = "allocated"
    REVISED = "revised"
    COMMITTED = "committed"
    SPENT = "spent"


class MetricUnit(StrEnum):
    COUNT = "count"
    COUNT_PER_DAY = "count/day"
    PEOPLE = "people"
    KRW = "KRW"
    PERCENT = "percent"
    DAYS = "days"


class ObservationType(StrEnum):
    """IATI's indicator observations."""

    BASELINE = "baseline"
    TARGET = "target"
    ACTUAL = "actual"


class StatementKind(StrEnum):
    JUSTIFICATION = "justification"
    PROMISE = "promise"
    CLAIM = "claim"
    ANNOUNCEMENT = "announcement"


class QuoteForm(StrEnum):
    VERBATIM = "verbatim"
    TRUNCATED = "truncated"
    PARAPHRASE = "paraphrase"
