"""Evaluate figure declarations over a project's facts: a figure with its working, or the reason it has none."""

from types import SimpleNamespace
from typing import Any

from sqlmodel import Session

from app.scorecard import render
from app.scorecard.facts import ProjectFacts, fact_url, load_facts
from app.scorecard.figures import FIGURES, Figure
from app.scorecard.inputs import INPUTS, Input
from app.scorecard.one_read import read_facts
from app.scorecard.outcomes import statements_against_outcomes
from app.scorecard.quantity import Quantity, Refused
from app.scorecard.rounding import METHOD, fraction_text, round_figure
from app.scorecard.units import Unit, mismatch_reason
from app.services.source_check_reads import support_in_doubt

METHOD_TEXT = {
    "rounding": METHOD,
    "bounds": "A lower bound (at_least) in a dividend gives a lower bound; in a divisor, an upper bound (up_to). "
              "A figure open on both sides is not computed.",
    "approximate": "Any approximate input makes the figure approximate.",
    "dates": "A period between partial dates uses its widest reading (earliest day of the start to the latest day "
             "of the end, inclusive); the narrowest reading gives the other end of `range`.",
    "inputs": "Where several facts could serve, the latest report is used (latest as_of, then the highest id).",
}


def _resolve(facts: ProjectFacts, figures: tuple[Figure, ...], base_url: str) -> dict[str, Input | str]:
    names = {name for figure in figures for name in figure.needs}
    return {name: INPUTS[name].select(facts, base_url) for name in sorted(names)}


def _unavailable(figure: Figure, reason: str, links: list[dict[str, Any]]) -> dict[str, Any]:
    return {"name": figure.name, "title": figure.title, "formula": figure.formula, "unit": figure.unit,
            "estimate": figure.estimate, "reason": reason, "inputs": links}


def _qualifier_caveats(result: Quantity, inputs: dict[str, Input]) -> list[str]:
    caveats = []
    hedged = [f"{i.links[0]['role']} ({i.quantity.qualifier})" for i in inputs.values() if i.quantity.qualifier != "exact"
              and not i.quantity.is_range]
    if result.qualifier == "at_least":
        caveats.append(f"A lower bound: the true figure is at least this, given {', '.join(hedged)}.")
    elif result.qualifier == "up_to":
        caveats.append(f"An upper bound: the true figure is at most this, given {', '.join(hedged)}.")
    elif result.approximate:
        caveats.append(f"Approximate, because an input is: {', '.join(hedged)}.")
    return caveats


def _rendered(figure: Figure, result: Quantity, value: Any, unit: Unit) -> dict[str, str]:
    if unit.is_money:
        return render.with_template(render.money(value, unit.currencies[0], result.qualifier), figure.rendered_as)
    if unit == Unit():
        rendered = render.percent(value, result.qualifier)
        ratio = render.one_in(result.headline) if figure.one_in else None
        if ratio:
            rendered = {"ko": f"{rendered['ko']} ({ratio['ko']})", "en": f"{rendered['en']} ({ratio['en']})"}
        return rendered
    return {"ko": f"{value} {unit}", "en": f"{value} {unit}"}


def evaluate(figure: Figure, facts: ProjectFacts, resolved: dict[str, Input | str]) -> dict[str, Any]:
    """One figure: available (value, unit, working, caveats) or unavailable (with the reason)."""
    inputs = {name: resolved[name] for name in figure.needs}
    links = [link for i in inputs.values() if isinstance(i, Input) for link in i.links]
    missing = [f"needs {INPUTS[name].description}: {reason}" for name, reason in inputs.items() if isinstance(reason, str)]
    if missing:
        return _unavailable(figure, "; ".join(missing), links)
    try:
        result = figure.compute(SimpleNamespace(**{name: i.quantity for name, i in inputs.items()}))
        declared = Unit.parse(figure.unit)
        if not result.unit.matches(declared):
            raise Refused(mismatch_reason(result.unit, declared))
    except Refused as refusal:
        return _unavailable(figure, str(refusal), links)
    money = result.unit.is_money
    direction = {"at_least": "down", "up_to": "up"}.get(result.qualifier, "nearest")
    value = round_figure(result.headline, money, direction)
    low_high = None
    if result.is_range and result.qualifier not in ("at_least", "up_to"):
        low_high = {"low": round_figure(result.lower, money, "down"), "high": round_figure(result.upper, money, "up")}
    caveats = [*figure.caveats, *(c for i in inputs.values() for c in i.caveats),
               *(figure.notes(facts, inputs) if figure.notes else []), *_qualifier_caveats(result, inputs)]
    doubtful = [link["role"] for link in links if support_in_doubt(link.get("citations", []))]
    if doubtful:
        caveats.append(f"Sources in doubt: every source of the {' and the '.join(doubtful)} is gone or no longer "
                       "carries the cited excerpt (latest source check). Verify before publishing.")
    if low_high:
        unit = "" if result.unit == Unit() else f" {result.unit}"
        caveats.append(f"Between {low_high['low']:,} and {low_high['high']:,}{unit}, depending on how the "
                       "partial dates are read; the value uses the widest period.")
    return {
        "name": figure.name, "title": figure.title, "formula": figure.formula, "unit": str(result.unit),
        "value": value, "qualifier": result.qualifier, "estimate": figure.estimate, "range": low_high,
        "sources_in_doubt": bool(doubtful),
        "exact": fraction_text(result.headline),
        "rounding": METHOD["money" if money else "other"] + (f"; {METHOD['bounds']}" if direction != "nearest" or low_high else ""),
        "rendered": _rendered(figure, result, value, result.unit), "working": _working(figure, inputs, result, value),
        "inputs": links, "caveats": caveats,
    }


def _working(figure: Figure, inputs: dict[str, Input], result: Quantity, value: Any) -> list[str]:
    """The computation as a reader can redo it: each input's exact quantity, then the result."""
    def quantity(q: Quantity, number) -> str:
        text = f"{fraction_text(number)} {q.unit}"
        if q.is_range:
            text += f" (reading {fraction_text(q.lower)} to {fraction_text(q.upper)})"
        if q.qualifier in ("at_least", "up_to"):
            text += f", {q.qualifier}"
        return text + (", approximate" if q.approximate else "")

    steps = [f"{name} = {quantity(i.quantity, i.quantity.value)}" for name, i in inputs.items()]
    steps.append(f"{figure.name} = {figure.formula} = {quantity(result, result.headline)} ≈ {value}")
    return steps


def project_summary(project: dict[str, Any], base_url: str) -> dict[str, Any]:
    return {"id": project["id"], "slug": project["slug"], "name": project["name"], "name_en": project["name_en"],
            "status": project["status"], "url": fact_url(base_url, "project", project["id"])}


def build_scorecard(facts: ProjectFacts, base_url: str = "", figures: tuple[Figure, ...] = FIGURES) -> dict[str, Any]:
    resolved = _resolve(facts, figures, base_url)
    evaluated = [evaluate(figure, facts, resolved) for figure in figures]
    return {
        "project": project_summary(facts.project, base_url),
        "figures": [figure for figure in evaluated if "reason" not in figure],
        "unavailable": [figure for figure in evaluated if "reason" in figure],
        "statements_against_outcomes": statements_against_outcomes(facts, base_url),
        "method": METHOD_TEXT,
    }


def scorecards(session: Session, project_ids: list[int], base_url: str = "",
               figures: tuple[Figure, ...] = FIGURES) -> dict[int, dict[str, Any]]:
    """Scorecards of many projects from one batch of queries."""
    facts = load_facts(session, project_ids)
    return {project_id: build_scorecard(facts[project_id], base_url, figures) for project_id in project_ids}


def scorecard(session: Session, key: str, base_url: str = "", figures: tuple[Figure, ...] = FIGURES) -> dict[str, Any]:
    """One project's scorecard, its facts read in one statement (app.scorecard.one_read)."""
    return build_scorecard(read_facts(session, key), base_url, figures)
