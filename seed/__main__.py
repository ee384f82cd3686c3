"""python -m seed: load every case under seed/cases into the configured database."""

import argparse

from sqlmodel import Session

from app.core.config import get_settings
from app.core.db import make_engine
from seed.loader import load_all_cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=None, help="defaults to DATABASE_URL / the settings")
    args = parser.parse_args()
    engine = make_engine(args.database_url or get_settings().database_url)
    # One transaction for the whole load: the services' commits become savepoints,
    # so a case that fails half-way leaves the database as it was.
    with engine.connect() as connection, connection.begin():
        session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
        for case, report in load_all_cases(session).items():
            print(f"{case}: {report}")
    engine.dispose()


if __name__ == "__main__":
    main()
