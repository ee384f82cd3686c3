"""Every curl example of the README and docs/ runs against a live seeded server and gives what it shows.

The server is `make run`'s (uvicorn with the Makefile's flags, the seed loaded into a fresh SQLite
file). Examples run in document order on that one server, each block as one bash script, so a block
may build on the ones before it (a record created, then corrected, then its history). The scripts
get `TOKEN` (an editor token) and `ADMIN_TOKEN`, `API` (the server's address, which also replaces
http://127.0.0.1:8000), and `python` on their PATH is this interpreter (`.venv/bin/python` too).
A failure names the example (document:line), the command, and what was expected against what came.
"""

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session

from app.auth.tokens import create_token
from app.core.db import make_engine
from app.models.api_token import TokenScope
from tests.conftest import ROOT
from tests.docs.examples import Example, examples, missing
from tests.live_server import LiveServer, live_server

DOCUMENTED_ADDRESS = "http://127.0.0.1:8000"
END = "@@example-command-end"
STATUS_LINE = re.compile(r"@@example-status (\d{3})")
# Each curl call reports its HTTP status on stderr, where it does not mix with the output shown.
PRELUDE = f"""curl() {{ command curl -w '%{{stderr}}@@example-status %{{http_code}}\\n' "$@"; }}
"""
EXAMPLES = examples()

pytestmark = pytest.mark.skipif(shutil.which("curl") is None or shutil.which("bash") is None,
                                reason="the examples need curl and bash")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("examples")) as running:
        yield running


@pytest.fixture(scope="module")
def environment(server: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    engine = make_engine(server.database_url)
    with Session(engine) as session:
        editor = create_token(session, "docs-examples-editor", TokenScope.EDITOR)[1]
        admin = create_token(session, "docs-examples-admin", TokenScope.ADMIN)[1]
    engine.dispose()
    interpreter = Path(sys.executable).parent
    return {**os.environ, "API": server.url, "TOKEN": editor, "ADMIN_TOKEN": admin, "DATABASE_URL": server.database_url,
            "PATH": f"{interpreter}{os.pathsep}{os.environ.get('PATH', '')}", "RATE_LIMIT_ENABLED": "false"}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the examples run: files they save land here; `seed/` is the project's."""
    directory = tmp_path_factory.mktemp("examples-cwd")
    (directory / "seed").symlink_to(ROOT / "seed")
    return directory


def script(example: Example, server: LiveServer) -> str:
    lines = [PRELUDE]
    for command in example.commands:
        text = command.text.replace(DOCUMENTED_ADDRESS, server.url).replace(".venv/bin/python", "python")
        lines += [text, f'ended=$?; printf "\\n{END} %d\\n" "$ended"; echo "{END}" >&2']
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.name for example in EXAMPLES])
def test_the_example_gives_what_the_docs_show(example: Example, server: LiveServer, environment: dict[str, str],
                                               workdir: Path) -> None:
    ran = subprocess.run(["bash", "-c", script(example, server)], cwd=workdir, env=environment,
                         capture_output=True, text=True, timeout=120)
    outputs = re.split(rf"^{END} (\d+)\n", ran.stdout, flags=re.MULTILINE)
    errors = ran.stderr.split(f"{END}\n")
    problems = []
    for index, command in enumerate(example.commands):
        where = f"{example.document}:{command.line}: {command.text}"
        if 2 * index + 1 >= len(outputs):
            problems.append(f"{where}\n  did not run (the script stopped: {ran.stderr[-500:]})")
            break
        output, exit_code = outputs[2 * index].removesuffix("\n"), int(outputs[2 * index + 1])
        statuses = [int(status) for status in STATUS_LINE.findall(errors[index] if index < len(errors) else "")]
        if exit_code != 0:
            problems.append(f"{where}\n  exited with {exit_code}: {errors[index][-500:] if index < len(errors) else ''}")
            continue
        if command.is_curl:
            expected_status = command.expected_status()
            status = statuses[-1] if statuses else None
            if expected_status is not None and status != expected_status:
                problems.append(f"{where}\n  expected status {expected_status}, got {status}: {output[:300]}")
                continue
            if expected_status is None and (status is None or not 200 <= status < 300):
                problems.append(f"{where}\n  expected a 2xx status, got {status}: {output[:300]}")
                continue
        if body := command.expected_body():
            if gaps := missing(body, output):
                problems.append(f"{where}\n  the docs show {'; '.join(gaps)}\n  got: {output[:600]}")
    assert not problems, "\n".join(problems)
