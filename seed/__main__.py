"""python -m seed: load every case under seed/cases into the configured database."""

import argparse
import sys

from app.core.config import get_settings
from app.core.db import make_engine
from app.core.errors import ApiError
from seed.loader import SeedError, load_all_cases_atomically


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=None, help="defaults to DATABASE_URL / the settings")
    args = parser.parse_args()
    engine = make_engine(args.database_url or get_settings().database_url, statement_timeout_ms=0)  # an operator's command, not a request
    try:
        for case, report in load_all_cases_atomically(engine).items():
            print(f"{case}: {report}")
    except (SeedError, ApiError) as error:  # a case breaks a rule: nothing of the load was kept
        sys.exit(f"seed refused, nothing was written: {getattr(error, 'detail', error)}")
    finally:
        engine.dispose()


if __name__ == "__main__":
    main()
