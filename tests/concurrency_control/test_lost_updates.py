"""Two writers on one record, each doing read-modify-write with If-Match: no update is ever lost.

Both run against a live database (a SQLite file, or PostgreSQL), through the
whole app, each in its own thread with its own client, so each request has its
own session and connection. A lost update would show as a version lower than
1 + the number of successful writes, or as two successes that started from the
same version.
"""

import threading
from collections import Counter

import pytest
import sqlalchemy as sa

from app.resources.catalog import people
from tests.concurrency_control.conftest import Live
from tests.factories import next_number

CYCLES = 200


def run_writers(live: Live, url: str, barrier: threading.Barrier | None) -> list[tuple[str, int, int, int | None]]:
    """Both writers' attempts: (writer, version read, status, version written)."""
    attempts: list[tuple[str, int, int, int | None]] = []
    errors: list[BaseException] = []
    token = live.token()

    def writer(name: str) -> None:
        try:
            with live.client(token) as client:
                for cycle in range(CYCLES):
                    read = client.get(url)
                    assert read.status_code == 200, read.text
                    if barrier is not None:
                        barrier.wait(timeout=30)  # both have read before either writes
                    response = client.patch(url, json={"name_en": f"Synthetic {name} {cycle}"},
                                            headers={"If-Match": read.headers["etag"]})
                    written = response.json()["version"] if response.status_code == 200 else None
                    attempts.append((name, read.json()["version"], response.status_code, written))
                    if barrier is not None:
                        barrier.wait(timeout=30)
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)
            if barrier is not None:
                barrier.abort()

    threads = [threading.Thread(target=writer, args=(name,)) for name in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
    assert len(attempts) == 2 * CYCLES
    return attempts


def assert_no_lost_update(live: Live, record_id: int, attempts: list[tuple[str, int, int, int | None]]) -> int:
    statuses = Counter(status for _, _, status, _ in attempts)
    assert set(statuses) <= {200, 412}, statuses  # never a 500, a 503 or "database is locked"
    successes = [(read, written) for _, read, status, written in attempts if status == 200]
    assert all(written == read + 1 for read, written in successes)
    assert sorted(written for _, written in successes) == list(range(2, len(successes) + 2))  # each version once
    final = live.scalar(sa.select(people.sa_table.c.version).where(people.sa_table.c.id == record_id))
    assert final == 1 + statuses[200]
    return statuses[412]


@pytest.mark.parametrize("lockstep", [True, False], ids=["lockstep", "free-running"])
def test_two_writers_never_lose_an_update(live: Live, lockstep: bool) -> None:
    record = live.create(people, {"name": f"합성 인물 {next_number()}"})
    url = f"/v1/people/{record['id']}"

    attempts = run_writers(live, url, threading.Barrier(2) if lockstep else None)

    refused = assert_no_lost_update(live, record["id"], attempts)
    if lockstep:  # both read the same version every round: exactly one of them wins it
        assert refused == CYCLES
        rounds = Counter(read for _, read, _, _ in attempts)
        assert set(rounds.values()) == {2}
