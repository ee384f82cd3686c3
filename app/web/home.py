"""`/`: the projects list as a page, from the same parser and list service as GET /v1/projects.

The query string is the API's (filters, q, sort, limit, cursor): a page can be bookmarked, and
its JSON, CSV and NDJSON links are the same query on /v1/projects. The page adds facets
(status, organization, jurisdiction, start year) and each row's spent and planned budgets; its
figures are the list's stored ones, each with its qualifier, range and end basis.
"""

from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from sqlmodel import Session
from starlette.datastructures import QueryParams

from app.querying.params import parse_list_query, parse_summary_query
from app.resources.catalog import projects
from app.services import aggregates, records
from app.services.expansion import expand_records
from app.services.project_status import derived_statuses, today
from app.web.formatting import STATUS

FACETS = ("status", "organization_id", "jurisdiction")
PAGE_CONTROLS = ("expand", "fields", "facet", "count", "format")  # the page decides these itself
SORTS = (("", "기본 (id)", "default (id)"), ("name", "이름", "name"), ("-started", "최근 시작", "latest start"),
         ("-execution_ratio", "집행률 높은 순", "highest execution ratio"),
         ("execution_ratio", "집행률 낮은 순", "lowest execution ratio"), ("-cost_per_day", "하루 비용 높은 순",
                                                                   "highest cost per day"))
FACET_TITLES = {"status": ("상태", "status"), "organization_id": ("기관", "organization"),
                "jurisdiction": ("지역", "jurisdiction"), "year": ("시작 연도", "year started")}


def list_query_params(params: QueryParams) -> QueryParams:
    """The API's query string for this page: what the reader filtered by, without the page's own choices."""
    return QueryParams([(name, value) for name, value in params.multi_items() if name not in PAGE_CONTROLS])


def narrowed(params: QueryParams) -> bool:
    """Whether the reader filtered or searched: only then are the total and the facets counted.

    Counting every project by status, organization and start year scans the whole table (about
    1.7 s at 100k projects on SQLite; see bench/RESULTS-earlier.md), so the unfiltered list offers the
    statuses as links and counts once the reader has narrowed it (a day for the statuses alone
    does not narrow it).
    """
    return any(name not in ("cursor", "limit", "sort", "status_as_of") for name in params)


def project_list(session: Session, params: QueryParams) -> dict[str, Any]:
    api_params = list_query_params(params)
    counted = narrowed(api_params)
    query = replace(parse_list_query(projects, api_params), count=counted, facets=FACETS if counted else (),
                    expand=("budgets", "organization"))
    page = records.list_records(session, projects, query)
    status_as_of = query.columns_as_of.day("status_as_of") or today()  # the day the listed statuses are of
    statuses = derived_statuses(session, [item["id"] for item in page.items], status_as_of)
    for item in page.items:
        item["scheduled"] = statuses[item["id"]]["scheduled"]  # said to happen, never shown as done
        budgets = item.pop("budgets")
        item["spent"], item["planned"] = latest(budgets, "spent"), latest(budgets, "planned")
    return {
        "items": page.items, "total": page.total, "next_cursor": page.next_cursor,
        "facets": facets(session, page.facets, api_params) if counted else status_links(api_params),
        "counted": counted, "status_as_of": status_as_of if "status_as_of" in api_params else None,
        "query": api_params, "q": api_params.get("q", ""), "sort": api_params.get("sort", ""), "sorts": SORTS,
        "api_query": urlencode(api_params.multi_items()),
        "next_query": with_param(api_params, "cursor", page.next_cursor)[1:] if page.next_cursor else None,
        "first_query": with_param(api_params, "cursor", None)[1:],
    }


def latest(budgets: list[dict[str, Any]], kind: str) -> dict[str, Any] | None:
    """The latest report of a kind (as the scorecard picks it: latest as_of or period end, then highest id)."""
    def key(budget: dict[str, Any]) -> tuple[str, int]:
        when = budget["as_of"] or budget["period_end"]
        return (str(when["latest"]) if when else "", budget["id"])
    return max((budget for budget in budgets if budget["kind"] == kind), key=key, default=None)


def with_param(params: QueryParams, name: str, value: str | None) -> str:
    """This page's query string with one parameter set (or removed when None), back on the first page."""
    kept = [(key, item) for key, item in params.multi_items() if key not in (name, "cursor")]
    if value is not None:
        kept.append((name, value))
    return "?" + urlencode(kept) if kept else "?"


def facets(session: Session, counted: dict[str, list[dict[str, Any]]], params: QueryParams) -> list[dict[str, Any]]:
    """Facet groups with counted links; organizations by name (one query), start years from the summary service."""
    organizations = [{"id": value["value"], "organization_id": value["value"]} for value in counted["organization_id"]
                     if value["value"] is not None]
    expand_records(session, projects, organizations, ("organization",))
    names = {item["id"]: item["organization"] for item in organizations if item.get("organization")}
    years = aggregates.summarise(session, projects, parse_summary_query(
        projects, QueryParams([*list_filters(params), ("group_by", "year")])))["groups"]
    counted = {**counted, "year": [{"value": group["year"], "count": group["count"]}
                                   for group in sorted(years, key=lambda group: -(group["year"] or 0))]}
    parameter = {"organization_id": "organization_id", "year": "started"}
    groups = []
    for name, values in counted.items():
        key = parameter.get(name, name)
        shown = []
        for value in values:
            if value["value"] is None:
                continue
            text = str(value["value"])
            organization = names.get(value["value"]) if name == "organization_id" else None
            title = organization["name"] if organization else label_for(name, text)
            shown.append({"value": text, "title": title, "count": value["count"],
                          "selected": params.get(key) == text, "href": with_param(params, key, text)})
        groups.append({"name": name, "title": FACET_TITLES[name], "values": shown,
                       "clear": with_param(params, key, None) if key in params else None})
    return groups


def status_links(params: QueryParams) -> list[dict[str, Any]]:
    """The unfiltered list's only facet: every status, as a link, without counting."""
    values = [{"value": value, "title": label_for("status", value), "count": None, "selected": False,
               "href": with_param(params, "status", value)} for value in STATUS]
    return [{"name": "status", "title": FACET_TITLES["status"], "values": values, "clear": None}]


def list_filters(params: QueryParams) -> list[tuple[str, str]]:
    return [(key, value) for key, value in params.multi_items() if key not in ("cursor", "limit", "sort")]


def label_for(name: str, value: str) -> str:
    return " · ".join(STATUS[value]) if name == "status" and value in STATUS else value
