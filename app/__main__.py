"""python -m app: administrative commands, run against the configured database.

Each command group lives in its own module with a `register(subparsers)` that
adds its subcommand and sets `handler(args, session) -> int` as the default; add
a module's name to COMMAND_MODULES to add a group (e.g. `python -m app sources …`).
"""

import argparse
import importlib
import sys
from collections.abc import Sequence

from sqlmodel import Session

from app.core.config import get_settings
from app.core.db import make_engine

COMMAND_MODULES = ("app.auth.cli", "app.source_checking.cli")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m app", description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=None, help="defaults to DATABASE_URL / the settings")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None, session: Session | None = None) -> int:
    """Run one command; `session` (tests) replaces the one opened on the configured database."""
    args = build_parser().parse_args(argv)
    if session is not None:
        return args.handler(args, session)
    engine = make_engine(args.database_url or get_settings().database_url, statement_timeout_ms=0)  # an operator's command
    try:
        with Session(engine, expire_on_commit=False) as own_session:
            return args.handler(args, own_session)
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
