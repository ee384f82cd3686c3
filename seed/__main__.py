"""python -m seed: load every case under seed/cases into the configured database."""

import argparse

from app.core.config import get_settings
from app.core.db import make_engine
from seed.loader import load_all_cases_atomically


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=None, help="defaults to DATABASE_URL / the settings")
    args = parser.parse_args()
    engine = make_engine(args.database_url or get_settings().database_url, statement_timeout_ms=0)  # an operator's command, not a request
    for case, report in load_all_cases_atomically(engine).items():
        print(f"{case}: {report}")
    engine.dispose()


if __name__ == "__main__":
    main()
