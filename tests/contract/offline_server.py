"""Serve the app for a schemathesis run from outside: as in production, except that the source checker
resolves no host (every check ends in a `dns` verdict), so a fuzzed POST /v1/sources/{key}/check never
leaves the machine.

    DATABASE_URL=… python -m tests.contract.offline_server --port 8765
"""

import argparse

import uvicorn

from app.api.v1.source_checks import checker
from app.main import app
from app.services.source_checks import Checker, checker_config
from app.source_checking.url_safety import DNSResolutionError


async def resolve_nothing(host: str, port: int) -> list[str]:
    raise DNSResolutionError(f"{host}: not resolved (offline run)")


async def offline_checker() -> Checker:
    return Checker(checker_config(), resolver=resolve_nothing)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    arguments = parser.parse_args()
    app.dependency_overrides[checker] = offline_checker
    uvicorn.run(app, host="127.0.0.1", port=arguments.port, log_level="warning")


if __name__ == "__main__":
    main()
