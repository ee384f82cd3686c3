"""Charts made on the server as SVG: the numbers of each chart are also in a table beside it.

Each function turns the dossier's facts into shapes (positions in SVG units) and labels;
the templates under app/templates/charts draw them, inline in the page or as a file that a
newsroom can embed. Scales are linear from zero, so a tiny figure stays tiny.
"""

from datetime import date
from typing import Any

from app.web import formatting

WIDTH = 640
LABEL_WIDTH = 170
BAR_HEIGHT = 26
ROW_GAP = 18
TOP = 40
PLOT_WIDTH = WIDTH - LABEL_WIDTH - 150  # room for the value after the bar
CHART_NAMES = ("budget", "usage", "timeline")


def _bar_width(value: float, largest: float) -> float:
    """Linear from zero; a positive value never vanishes entirely (at least half a unit wide)."""
    if largest <= 0 or value <= 0:
        return 0.0
    return round(max(PLOT_WIDTH * value / largest, 0.5), 2)


def budget_chart(budgets: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Planned, allocated and spent amounts in one currency (the first budget's), as horizontal bars."""
    if not budgets:
        return None
    currency = budgets[0]["currency"]
    shown = [budget for budget in budgets if budget["currency"] == currency]
    largest = max(budget["amount"] for budget in shown)
    bars = []
    for index, budget in enumerate(shown):
        y = TOP + index * (BAR_HEIGHT + ROW_GAP)
        kind = formatting.label(formatting.BUDGET_KIND, budget["kind"])
        bars.append({"y": y, "width": _bar_width(budget["amount"], largest), "kind": kind, "budget": budget,
                     "value": formatting.money(budget["amount"], budget["currency"], budget["qualifier"]),
                     "css": "bar-" + budget["kind"]})
    return {"name": "budget", "bars": bars, "height": TOP + len(bars) * (BAR_HEIGHT + ROW_GAP) + 10,
            "title": {"ko": "계획 대비 집행 예산", "en": "Budget planned and spent"}, "currency": currency}


def usage_chart(metric: dict[str, Any] | None, compared: dict[str, Any] | None,
                ratio: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """A metric against the one it is compared with (e.g. 2 vs 10,000 complaints a day)."""
    if metric is None or compared is None:
        return None
    values = [float(compared["value"]), float(metric["value"])]
    largest = max(values)
    bars = []
    for index, row in enumerate((compared, metric)):
        y = TOP + index * (BAR_HEIGHT + ROW_GAP)
        bars.append({"y": y, "width": _bar_width(values[index], largest), "metric": row,
                     "value": formatting.measure(row["value"], row["unit"], row["qualifier"]),
                     "css": "bar-compared" if index == 0 else "bar-project"})
    return {"name": "usage", "bars": bars, "height": TOP + 2 * (BAR_HEIGHT + ROW_GAP) + 10, "ratio": ratio,
            "title": {"ko": "이용 실적과 비교 대상", "en": "Use against what it was compared with"}}


EVENT_STATUSES = ("happened", "scheduled", "announced")


def event_status(event: dict[str, Any]) -> str:
    """The event's status when the timeline derives one; otherwise a plan is a plan and the rest is as reported."""
    if event.get("status") in EVENT_STATUSES:
        return event["status"]
    return "planned" if event["kind"] == "planned_end" else "reported"


def timeline_chart(events: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Each dated event as the span of days its date may mean (a year is long, a month short)."""
    if not events:
        return None
    first = min(date.fromisoformat(str(event["date"]["earliest"])) for event in events)
    last = max(date.fromisoformat(str(event["date"]["latest"])) for event in events)
    start, end = date(first.year, 1, 1), date(last.year + 1, 1, 1)
    days = (end - start).days

    def x(day: date) -> float:
        return round(LABEL_WIDTH + PLOT_WIDTH * (day - start).days / days, 2)

    rows = []
    for index, event in enumerate(events):
        earliest = date.fromisoformat(str(event["date"]["earliest"]))
        latest = date.fromisoformat(str(event["date"]["latest"]))
        left, right = x(earliest), x(date.fromordinal(latest.toordinal() + 1))
        status = event_status(event)
        rows.append({"y": TOP + index * (BAR_HEIGHT + 6), "x": left, "width": max(round(right - left, 2), 3.0),
                     "event": event, "status": status, "status_label": formatting.label(formatting.EVENT_STATUS, status),
                     "kind": formatting.label(formatting.EVENT_KIND, event["kind"])})
    ticks = [{"x": x(date(year, 1, 1)), "year": year} for year in range(start.year, end.year + 1)]
    statuses = list(dict.fromkeys(row["status"] for row in rows))
    height = TOP + len(rows) * (BAR_HEIGHT + 6) + 30
    legend = [{"status": status, "label": formatting.label(formatting.EVENT_STATUS, status), "x": 10 + i * 150}
              for i, status in enumerate(statuses)]
    return {"name": "timeline", "rows": rows, "ticks": ticks, "axis_y": height - 24, "height": height + 24,
            "legend": legend, "legend_y": height + 8,
            "title": {"ko": "타임라인", "en": "Timeline"}}
