"""`python -m app sources check [--project SLUG] [--stale-after 7d] [--source ID]`.

The command's glue only: choosing and storing is app.services.source_checks,
fetching and judging is this package. Prints one line per source checked and a
tally; exits 0 whatever the verdicts (they are findings, not failures).
"""

import argparse
import asyncio
import sys
from collections import Counter
from typing import Any

from sqlmodel import Session

from app.auth.tokens import parse_duration
from app.core.errors import ApiError
from app.resources.catalog import projects
from app.services import records
from app.services.source_checks import check_sources, get_checker, sources_to_check


def register(subparsers: argparse._SubParsersAction) -> None:
    sources = subparsers.add_parser("sources", help="check that sources are still there and still say what we quote")
    actions = sources.add_subparsers(dest="action", required=True, metavar="ACTION")
    check = actions.add_parser("check", help="check sources now and store the results")
    check.add_argument("--project", metavar="SLUG", help="only the sources the project and its facts cite")
    check.add_argument("--source", metavar="ID", type=int, action="append", default=[],
                       help="only this source (repeatable)")
    check.add_argument("--stale-after", metavar="DURATION", type=_duration, default=None,
                       help="skip sources checked more recently than this, e.g. 7d, 12h, 2w")
    check.set_defaults(handler=run_check)


def _duration(text: str):
    try:
        return parse_duration(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def run_check(args: argparse.Namespace, session: Session) -> int:
    try:
        project_id = records.get_row(session, projects, args.project).id if args.project else None
    except ApiError as error:
        print(f"error: {error.detail}", file=sys.stderr)
        return 1
    checker = get_checker()
    ids = sources_to_check(session, project_id=project_id, source_ids=args.source, stale_after=args.stale_after,
                           now=checker.now())
    if not ids:
        print("nothing to check")
        return 0
    stored = asyncio.run(check_sources(session, ids, checker, on_stored=_print_line))
    tally = Counter(check["verdict"] for check in stored)
    print(f"checked {len(stored)} source(s): " + ", ".join(f"{verdict} {n}" for verdict, n in sorted(tally.items())))
    return 0


def _print_line(check: dict[str, Any]) -> None:
    quoted = check["excerpts_found"] + check["excerpts_not_found"] + check["excerpts_not_checkable"]
    print(f"source {check['source_id']}\t{check['verdict']}\t{check['status'] or '-'}\t"
          f"{check['excerpts_found']}/{quoted} excerpts found\t{check['url']}")
