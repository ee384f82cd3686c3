"""How pages write figures and labels: Korean first (억/만 units, 약, %), English beside it.

Money and percentages come from app.scorecard.render, the same wording the API's `rendered`
fields use; this module adds counts with their unit words and the labels of vocabularies.
"""

from decimal import Decimal
from typing import Any

from app.domain.korean_amounts import format_english_amount, format_korean_amount
from app.scorecard import render
from app.scorecard.facts import citations_of_field, supporting_citations

STATUS = {"planned": ("계획", "planned"), "active": ("운영 중", "active"), "suspended": ("중단", "suspended"),
          "terminated": ("종료", "terminated"), "completed": ("완료", "completed"), "cancelled": ("취소", "cancelled")}
BUDGET_KIND = {"planned": ("계획", "planned"), "allocated": ("배정", "allocated"), "revised": ("변경", "revised"),
               "committed": ("약정", "committed"), "spent": ("집행", "spent")}
STATEMENT_KIND = {"justification": ("근거", "justification"), "promise": ("약속", "promise"),
                  "claim": ("주장", "claim"), "announcement": ("발표", "announcement")}
QUOTE_FORM = {"verbatim": ("그대로 인용", "verbatim"), "truncated": ("중간에 끊긴 인용", "cut off in the source"),
              "paraphrase": ("요약", "paraphrase")}
RATING = {"supports": ("뒷받침", "supported by the outcome"), "contradicts": ("반박", "contradicted by the outcome"),
          "mixed": ("엇갈림", "mixed")}
EVENT_KIND = {"announced": ("발표", "announced"), "launched": ("시작", "launched"), "statement": ("발언", "statement"),
              "figure_reported": ("수치 보도", "figure reported"), "figure_period": ("수치 기간", "figure's period"),
              "ended": ("종료", "ended"), "planned_end": ("계획상 종료", "planned end"), "figure": ("수치", "figure")}
EVENT_STATUS = {"happened": ("일어남", "happened"), "scheduled": ("예정", "scheduled"),
                "announced": ("발표됨", "announced"), "reported": ("보도됨", "as reported"), "planned": ("계획", "planned")}
ACTION = {"create": ("추가", "added"), "update": ("수정", "corrected"), "delete": ("삭제", "deleted"),
          "restore": ("복원", "restored")}
# Korean titles of the scorecard's figures (their English titles come from app.scorecard.figures).
FIGURE_TITLES = {"budget_execution_ratio": "예산 집행률", "usage_vs_compared_channel": "비교 대상 대비 이용",
                 "cost_per_day_of_service": "운영 하루당 비용", "cost_per_complaint_handled": "민원 1건당 비용",
                 "lifetime_vs_plan": "계획 대비 운영 기간"}
# (Korean wording, English wording) around a number of each metric unit.
METRIC_UNIT_WORDS = {"count": ("{}건", "{}"), "count/day": ("하루 {}건", "{} a day"), "people": ("{}명", "{} people"),
                     "KRW": ("{} 원", "KRW {}"), "percent": ("{}%", "{} %"), "days": ("{}일", "{} days")}


def label(vocabulary: dict[str, tuple[str, str]], value: Any) -> dict[str, str]:
    """Korean and English labels of a vocabulary value; an unknown value is shown as it is."""
    if value is None:
        return {"ko": "", "en": ""}
    ko, en = vocabulary.get(str(value), (str(value), str(value)))
    return {"ko": ko, "en": en}


def money(amount: int | None, currency: str | None, qualifier: str | None = "exact") -> dict[str, str]:
    if amount is None or currency is None:
        return {"ko": "", "en": ""}
    return render.money(amount, currency, qualifier or "exact")


def percent(ratio: str | Decimal | None, qualifier: str | None = "exact") -> dict[str, str]:
    if ratio is None:
        return {"ko": "", "en": ""}
    return render.percent(Decimal(ratio), qualifier or "exact")


def figure_range(low: Decimal | str | int | None, high: Decimal | str | int | None,
                 currency: str | None = None) -> dict[str, str]:
    """The range partial dates give a figure, "820만 7,934 원 ~ 894만 1,878 원": money when a currency is
    given, else a percentage; empty when there is none."""
    if low is None or high is None:
        return {"ko": "", "en": ""}
    ends = [money(int(end), currency) if currency else percent(end) for end in (low, high)]
    return {"ko": f"{ends[0]['ko']} ~ {ends[1]['ko']}", "en": f"{ends[0]['en']} to {ends[1]['en']}"}


def measure(value: str | Decimal | int, unit: str | None, qualifier: str | None = "exact") -> dict[str, str]:
    """A metric value in words: 하루 2건 / 2 a day, 1만 건 → "하루 1만건" / "10,000 a day"."""
    number = Decimal(value)
    ko_words, en_words = METRIC_UNIT_WORDS.get(unit or "", ("{} " + (unit or ""), "{} " + (unit or "")))
    ko_prefix, ko_suffix, en_prefix = render.HEDGES.get(qualifier or "exact", ("", "", ""))
    korean = format_korean_amount(number, None)
    english = format_english_amount(number, None) if abs(number) >= 10**6 else format(number.normalize(), ",f")
    return {"ko": ko_prefix + ko_words.format(korean) + ko_suffix, "en": en_prefix + en_words.format(english)}


def partial_date(when: dict[str, Any] | None) -> str:
    """The date as precise as the source is ("2023-01"), never padded to a day it did not give."""
    return "" if not when else str(when["value"])


def integer(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


FILTERS = {"partial_date": partial_date, "integer": integer,
           "supporting": supporting_citations, "of_field": citations_of_field}
GLOBALS = {"label": label, "money": money, "percent": percent, "measure": measure, "figure_range": figure_range,
           "STATUS": STATUS,
           "BUDGET_KIND": BUDGET_KIND, "STATEMENT_KIND": STATEMENT_KIND, "QUOTE_FORM": QUOTE_FORM, "RATING": RATING,
           "EVENT_KIND": EVENT_KIND, "EVENT_STATUS": EVENT_STATUS, "ACTION": ACTION,
           "FIGURE_TITLES": FIGURE_TITLES}
