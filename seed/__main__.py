"""python -m seed: load every case under seed/cases into the configured database.

`--if-empty` loads only into a database without any project (the container's start): a
database already in use keeps its editors' corrections, which a new load would overwrite.
"""

import argparse
import sys

import sqlalchemy as sa

from app.core.config import get_settings
from app.core.db import make_engine
from app.core.errors import ApiError
from app.models import Project
from seed.loader import SeedError, load_all_cases_atomically


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=None, help="defaults to DATABASE_URL / the settings")
    parser.add_argument("--if-empty", action="store_true", help="load only if the database holds no project yet")
    args = parser.parse_args(argv)
    engine = make_engine(args.database_url or get_settings().database_url, statement_timeout_ms=0)  # an operator's command, not a request
    try:
        if args.if_empty:
            with engine.connect() as connection:
                held = connection.execute(sa.select(sa.func.count()).select_from(Project)).scalar_one()
            if held:
                print(f"seed: the database already holds {held} project(s); nothing loaded")
                return
        for case, report in load_all_cases_atomically(engine).items():
            print(f"seed: {case}: {report}")
    except (SeedError, ApiError) as error:  # a case breaks a rule: nothing of the load was kept
        sys.exit(f"seed refused, nothing was written: {getattr(error, 'detail', error)}")
    finally:
        engine.dispose()


if __name__ == "__main__":
    main()
