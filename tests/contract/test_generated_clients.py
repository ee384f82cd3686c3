"""Clients generated from /openapi.json are typed: what a frontend reads compiles, and parses into models.

TypeScript: openapi-typescript turns the document into types and `tsc --strict` compiles reader.ts, which
reads expanded budgets, metrics, statements, sources and citations, history, scorecard and summary fields;
an untyped response (`unknown`) would not compile. Python: openapi-python-client generates a client whose
models parse a real response, and an expanded budget comes out as a model, not a dict.
"""

import importlib
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.main import app
from tests.factories import make_budget, make_citation

HERE = Path(__file__).parent
CLIENT_PACKAGE = "accountability_client"


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("contract") / "openapi.json"
    path.write_text(json.dumps(app.openapi()), encoding="utf-8")
    return path


def npm_tools() -> Path:
    """The pinned openapi-typescript and typescript (package-lock.json), installed once with `npm ci`."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    if not (HERE / "node_modules" / ".bin" / "tsc").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True, capture_output=True)
    return HERE / "node_modules" / ".bin"


def test_a_strict_typescript_client_reads_every_typed_response(document: Path, tmp_path: Path) -> None:
    tools = npm_tools()
    (tmp_path / "generated").mkdir()
    shutil.copy(HERE / "reader.ts", tmp_path / "reader.ts")
    subprocess.run([tools / "openapi-typescript", str(document), "-o", str(tmp_path / "generated" / "api.ts")],
                   check=True, capture_output=True)

    compiled = subprocess.run([tools / "tsc", "--strict", "--noEmit", "--target", "es2020", "--moduleResolution", "node",
                               str(tmp_path / "reader.ts")], capture_output=True, text=True)

    assert compiled.returncode == 0, compiled.stdout + compiled.stderr


@pytest.fixture(scope="module")
def python_client(document: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The generated package's models module (generated offline, no formatting hooks)."""
    out = tmp_path_factory.mktemp("python-client")
    config = out / "config.json"
    config.write_text(json.dumps({"post_hooks": [], "project_name_override": CLIENT_PACKAGE,
                                  "package_name_override": CLIENT_PACKAGE}))
    package = out / CLIENT_PACKAGE
    subprocess.run([Path(sys.executable).parent / "openapi-python-client", "generate", "--path", str(document),
                    "--output-path", str(package), "--meta", "none", "--config", str(config)],
                   check=True, capture_output=True)
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(f"{CLIENT_PACKAGE}.models")
    finally:
        sys.path.remove(str(out))
        for name in [name for name in sys.modules if name.split(".")[0] == CLIENT_PACKAGE]:
            del sys.modules[name]


def test_the_python_client_parses_an_expanded_project_into_models(python_client: Any, client: TestClient,
                                                                    session: Session) -> None:
    budget = make_budget(session)
    make_citation(session, budget_id=budget["id"])
    body = client.get(f"/v1/projects/{budget['project_id']}", params={"expand": "budgets,organization"}).json()

    project = python_client.ProjectRead.from_dict(body)

    [expanded] = project.budgets
    assert isinstance(expanded, python_client.BudgetPublic)
    assert expanded.amount == budget["amount"] and isinstance(expanded.amount, int)
    assert isinstance(expanded.citations[0], python_client.CitationSummary)
    assert expanded.citations[0].excerpt == body["budgets"][0]["citations"][0]["excerpt"]


def test_the_python_client_types_history_and_summaries(python_client: Any, client: TestClient, session: Session) -> None:
    budget = make_budget(session)
    history = client.get(f"/v1/budgets/{budget['id']}/history").json()
    summary = client.get("/v1/budgets/summary", params={"project_id": budget["project_id"]}).json()

    page = python_client.BudgetRevisionPage.from_dict(history)
    groups = python_client.BudgetSummary.from_dict(summary).groups

    assert isinstance(page.items[0].after, python_client.BudgetColumns) and page.items[0].after.amount == budget["amount"]
    assert [(group.currency, group.count, group.sum_) for group in groups]  # `sum_`: not the builtin == [(budget["currency"], 1, budget["amount"])]
