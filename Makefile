# Small Wins — common tasks. `make run` and `make test` are the README's two commands.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000

.PHONY: run test setup client lint typecheck test-python test-client bench migration clean

## run: set everything up and serve the app on http://localhost:$(PORT) (SQLite, jobs in-process)
run: setup client
	$(BIN)/flask --app wsgi db upgrade
	$(BIN)/python -m server.serve --port $(PORT)

## test: set everything up and run the whole suite (lint, types, client and server tests)
test: setup client lint typecheck test-client test-python

setup: $(VENV)/.installed client/node_modules/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

client/node_modules/.installed: client/package.json client/package-lock.json
	cd client && npm ci --no-audit --no-fund --loglevel=error
	touch $@

client: client/node_modules/.installed
	cd client && npm run --silent build

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: client/node_modules/.installed
	cd client && npm run --silent typecheck

test-client: client/node_modules/.installed
	cd client && npm test --silent

test-python: $(VENV)/.installed
	$(BIN)/pytest $(PYTEST_ARGS)

## bench: run every benchmark (prints ratios against baselines measured in the same run)
bench: setup client
	for script in bench/*.py; do $(BIN)/python $$script || exit 1; done

## migration: autogenerate a revision after a model change, e.g. make migration m="add goals"
migration: setup
	$(BIN)/flask --app wsgi db upgrade
	$(BIN)/flask --app wsgi db migrate -m "$(m)"

clean:
	rm -rf $(VENV) client/node_modules client/dist
