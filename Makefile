# Two commands for a fresh machine with Python 3.11+ and make: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
HOST ?= 127.0.0.1
BIN := $(VENV)/bin
# Read request lines up to 1 MiB, so that an overlong URL gets the app's 414 problem, not a reset connection.
UVICORN_FLAGS := --http h11 --h11-max-incomplete-event-size 1048576
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test migrate seed install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/alembic upgrade head

seed: migrate
	$(BIN)/python -m seed

run: seed
	$(BIN)/uvicorn app.main:app --host $(HOST) --port $(PORT) $(UVICORN_FLAGS)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) data .pytest_cache

.PHONY: bench
PROJECTS ?= 100000
bench: install  # the API against Datasette at PROJECTS projects (see bench/README.md)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m bench.run --projects $(PROJECTS)
