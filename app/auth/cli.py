"""`python -m app tokens create|list|revoke`: the only way to make the first token.

The token is printed once, on create, and never stored or shown again.
"""

import argparse
import sys

from sqlmodel import Session

from app.auth.tokens import create_token, list_tokens, parse_duration, revoke_token, token_status
from app.core.errors import ApiError
from app.models.api_token import TokenScope


def register(subparsers: argparse._SubParsersAction) -> None:
    tokens = subparsers.add_parser("tokens", help="create, list and revoke API tokens")
    actions = tokens.add_subparsers(dest="action", required=True, metavar="ACTION")

    create = actions.add_parser("create", help="make a token and print it once")
    create.add_argument("name", help="unique name, recorded in the history of every change made with the token")
    create.add_argument("--scope", required=True, choices=[scope.value for scope in TokenScope])
    create.add_argument("--expires-in", type=_duration, default=None, metavar="DURATION", help="e.g. 30d, 12h, 2w")
    create.set_defaults(handler=_create)

    actions.add_parser("list", help="list tokens (never the tokens themselves)").set_defaults(handler=_list)

    revoke = actions.add_parser("revoke", help="revoke a token at once")
    revoke.add_argument("name")
    revoke.set_defaults(handler=_revoke)


def _duration(text: str):
    try:
        return parse_duration(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _create(args: argparse.Namespace, session: Session) -> int:
    try:
        row, token = create_token(session, args.name, args.scope, args.expires_in)
    except ApiError as error:
        print(f"error: {error.detail}", file=sys.stderr)
        return 1
    expiry = f", expires {row.expires_at.isoformat(timespec='seconds')}" if row.expires_at else ""
    print(f"created {row.scope.value} token {row.name!r}{expiry}. Store it now, it is not shown again:", file=sys.stderr)
    print(token)
    return 0


def _list(args: argparse.Namespace, session: Session) -> int:
    rows = list_tokens(session)
    print("name\tscope\tstatus\tcreated_at\texpires_at\tlast_used_at")
    for row in rows:
        dates = (row.created_at, row.expires_at, row.last_used_at)
        print("\t".join([row.name, row.scope.value, token_status(row),
                         *(date.isoformat(timespec="seconds") if date else "-" for date in dates)]))
    return 0


def _revoke(args: argparse.Namespace, session: Session) -> int:
    try:
        row = revoke_token(session, args.name)
    except ApiError as error:
        print(f"error: {error.detail}", file=sys.stderr)
        return 1
    print(f"revoked {row.name!r} at {row.revoked_at.isoformat(timespec='seconds')}")
    return 0
