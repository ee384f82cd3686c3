"""One chunk of projects with their status events, sources, budgets, metrics, statements and citations.

`build_chunk(plan, first, count)` depends only on its arguments (its random
generator is seeded with the seed and the chunk's first project), so chunks can
be built in worker processes in any order and still give the same database.
"""

import itertools
import random
from datetime import UTC, datetime

from bench import words as w
from bench.synth import (FILL, STATUS_WEIGHTS, STATUSES, NO_DATE, Plan, Rng, amount_text, decimal_text, organization_ids,
                         qualifier, random_amount, random_date)

_OWNERS: dict[tuple, tuple[list[int], list[int]]] = {}
STATUS_CUMULATIVE = list(itertools.accumulate(STATUS_WEIGHTS))
TERMINAL = ("terminated", "completed", "cancelled")


def status_events(plan: Plan, p: int, stamp: str, status: str, started: tuple, ended: tuple) -> tuple[list[tuple], str]:
    """A project's happened events, as migration e1a0events0001 turns a project's dates into events, and the
    status they give today (app.services.project_status), which is what the project stores.

    A start date not after today gives `active`; an end date not after today with a final status gives that
    status; when these do not give the drawn status, an undated event of it counts from the day it was recorded.
    """
    today, recorded = datetime.now(UTC).date().isoformat(), stamp[:10]
    pid = plan.base.get("projects", 0) + p
    events: list[tuple] = []

    def happened(slot: int, event_status: str, when: tuple, description: str) -> None:
        events.append((plan.id("project_events", p, slot), stamp, stamp, 1, pid, event_status, "happened", *when,
                       description))

    if started[0] is not None and started[1] <= today:
        happened(0, "active", started, "From the project's start date")
    if ended[0] is not None and ended[1] <= today and status in TERMINAL:
        happened(1, status, ended, "From the project's end date and status")
    derived = max(events, key=lambda event: (event[8] or recorded, event[0]))[5] if events else None
    if derived != status and recorded <= today:
        happened(2, status, NO_DATE, "The project's recorded status; the date it took effect was not given")
        derived = max(events, key=lambda event: (event[8] or recorded, event[0]))[5]
    return events, derived


def _owners(plan: Plan) -> tuple[list[int], list[int]]:
    key = (plan.seed, plan.organizations, tuple(sorted(plan.base.items())))
    if key not in _OWNERS:
        _OWNERS[key] = organization_ids(plan)
    return _OWNERS[key]


def _topic(rng: random.Random) -> tuple[str, str, str]:
    if rng.random() < w.RARE_TOPIC_SHARE:
        return w.RARE_TOPICS[rng.randrange(len(w.RARE_TOPICS))]
    return w.TOPICS[rng.randrange(len(w.TOPICS))]


def _quote(rng: random.Random, region: tuple) -> tuple[str, str]:
    subject, obj, predicate = (rng.choice(w.SUBJECTS), rng.choice(w.OBJECTS), rng.choice(w.PREDICATES))
    if rng.random() < w.RARE_TAIL_SHARE:
        tail_ko, tail_en = w.RARE_TAILS[rng.randrange(len(w.RARE_TAILS))]
    else:
        tail = rng.choice(w.TAILS)
        n = (2, 3, 5, 12, 30, 150)[rng.randrange(6)]
        tail_ko, tail_en = tail[0].format(n=n), tail[1].format(n=n)
    ko = f"{w.SYNTHETIC_KO} {region[0]}{subject[0]} {obj[0]} {predicate[0]}. {tail_ko}"
    en = f"{w.SYNTHETIC_EN} {subject[1]} of {region[1]} {predicate[1]} {obj[1]}; {tail_en}."
    return ko, en


def build_chunk(plan: Plan, first: int, count: int) -> dict[str, list[tuple]]:
    """Rows of projects first..first+count-1 (1-based) for every table, in id order within each table."""
    rng = Rng(f"{plan.seed}:{first}")
    owners, media = _owners(plan)
    people_base, people = plan.base.get("people", 0), plan.people
    stamp = plan.timestamp(first // 1000)
    out: dict[str, list[tuple]] = {t: [] for t in ("projects", "project_events", "sources", "budgets", "metrics",
                                                   "statements", "citations")}
    projects, project_events, sources, budgets, metrics, statements, citations = out.values()
    rand, randrange = rng.random, rng.randrange

    for p in range(first, first + count):
        pid = plan.base.get("projects", 0) + p
        region, (topic_ko, topic_en, topic_slug), (type_ko, type_en) = (
            w.REGIONS[randrange(len(w.REGIONS))], _topic(rng), w.PROJECT_TYPES[randrange(len(w.PROJECT_TYPES))])
        status = rng.choices(STATUSES, cum_weights=STATUS_CUMULATIVE)[0]
        announced_year = 2012 + randrange(14)
        announced = random_date(rng, announced_year)
        started = NO_DATE if status == "planned" or (status == "cancelled" and rand() < 0.5) else \
            random_date(rng, announced_year + randrange(3))
        start_year = int(started[0][:4]) if started[0] else announced_year + 1
        planned_end = random_date(rng, start_year + 1 + randrange(5), ("year", "quarter")[randrange(2)])
        ended = random_date(rng, start_year + 1 + randrange(4)) if status in ("terminated", "completed") else NO_DATE
        obj, predicate = rng.choice(w.OBJECTS), rng.choice(w.PREDICATES)
        english = rand() < 0.6
        events, status = status_events(plan, p, stamp, status, started, ended)  # stored: the status of the events
        project_events.extend(events)
        projects.append((
            pid, stamp, stamp, 1, f"{region[2]}-{topic_slug}-{pid}",
            f"{w.SYNTHETIC_KO} {region[0]} {topic_ko} {type_ko}",
            f"{w.SYNTHETIC_EN} {region[1]} {topic_en} {type_en}" if english else None,
            f"{topic_ko} {type_ko} 사업. 담당 부서는 {obj[0]} {predicate[0]}.",
            f"{topic_en.capitalize()} {type_en}: the department {predicate[1]} {obj[1]} ({w.SYNTHETIC_NOTE})." if english else None,
            owners[randrange(len(owners))], region[1], status, None, *announced, *started, *planned_end, *ended,
        ))
        # Sources: slot 0 always, then by chance; every fact cites one of them.
        own_sources = []
        for slot, chance in enumerate(FILL["sources"]):
            if slot and rand() >= chance:
                continue
            sid = plan.id("sources", p, slot)
            own_sources.append(sid)
            korean = rand() < 0.85
            published = plan.timestamp(randrange(480_000))
            sources.append((
                sid, stamp, stamp, 1, f"{w.SOURCE_HOST}news/{sid}",
                f"{w.SYNTHETIC_KO} {region[0]}, {topic_ko} {obj[0]} {predicate[0]}" if korean else
                f"{w.SYNTHETIC_EN} {region[1]} {topic_en}: officials {predicate[1]} {obj[1]}",
                media[randrange(len(media))], w.PLATFORMS[randrange(4)], "ko" if korean else "en", published, published,
                None, None, w.SYNTHETIC_NOTE,
            ))

        def cite(slot: int, fact: int, fact_id: int, excerpt: str) -> None:
            """One citation per fact, in the fact's own slot (0 project, 1-4 budgets, 5-11 metrics, 12-16 statements)."""
            keys = [None, None, None, None]
            keys[fact] = fact_id
            citations.append((plan.id("citations", p, slot), stamp, stamp, 1,
                              own_sources[randrange(len(own_sources))], *keys, excerpt, None, None))

        cite(0, 0, pid, f"{w.SYNTHETIC_KO} {region[0]} {topic_ko} {type_ko}")
        # Budgets: planned always; allocated/revised/committed by chance; spent mostly once started.
        planned = random_amount(rng)
        fiscal = random_date(rng, start_year, "year")
        for slot, chance in enumerate(FILL["budgets"]):
            if slot and rand() >= chance:
                continue
            kind = ("planned", ("allocated", "committed")[randrange(2)], "revised", "spent")[slot]
            amount = planned if slot == 0 else max(10**6, min(10**12, int(planned * rng.uniform(0.05, 1.3)) // 10**6 * 10**6))
            q = qualifier(rng)
            text = amount_text(amount, q)
            as_of = random_date(rng, start_year + randrange(3))
            bid = plan.id("budgets", p, slot)
            budgets.append((bid, stamp, stamp, 1, pid, kind, amount, "KRW", q, text, f"{w.SYNTHETIC_KO} {kind}",
                            *fiscal, *fiscal, *as_of))
            cite(1 + slot, 1, bid, f"{w.SYNTHETIC_KO} 예산 {text}")
        # Metrics: slot 0 is the project's daily use compared with slot 1 (what scorecards need).
        for slot, chance in enumerate(FILL["metrics"]):
            if slot and rand() >= chance:
                continue
            ko, en, unit, observation = (w.USAGE_INDICATOR if slot == 0 else w.COMPARED_INDICATOR if slot == 1
                                         else w.INDICATORS[randrange(len(w.INDICATORS))])
            value, q = decimal_text(rng, unit), qualifier(rng)
            mid = plan.id("metrics", p, slot)
            as_of = random_date(rng, start_year + randrange(3))
            metrics.append((mid, stamp, stamp, 1, pid, f"{w.SYNTHETIC_KO} {ko}", f"{w.SYNTHETIC_EN} {en}", value, unit,
                            observation, q, f"{value} ({unit})", "{}", plan.id("metrics", p, 1) if slot == 0 else None,
                            *NO_DATE, *NO_DATE, *as_of))
            cite(5 + slot, 2, mid, f"{w.SYNTHETIC_KO} {ko} {value}")
        # Statements: Korean quotes with particles (some English), a person or an organization speaking.
        for slot, chance in enumerate(FILL["statements"]):
            if slot and rand() >= chance:
                continue
            ko, en = _quote(rng, region)
            korean = rand() < 0.85
            by_person = rand() < 0.7
            role = w.ROLES[randrange(len(w.ROLES))]
            stid = plan.id("statements", p, slot)
            statements.append((
                stid, stamp, stamp, 1, pid, people_base + 1 + randrange(people) if by_person else None,
                None if by_person else owners[randrange(len(owners))], role[0], role[1],
                ("justification", "promise", "claim", "announcement")[randrange(4)], ko if korean else en,
                "ko" if korean else "en", ("verbatim", "truncated", "paraphrase")[randrange(3)],
                en if korean and rand() < 0.5 else None, *random_date(rng, start_year + randrange(3)),
            ))
            cite(12 + slot, 3, stid, (ko if korean else en).split(". ")[0])
    return out
