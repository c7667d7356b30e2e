# Careerguide: `make run` serves the site, `make test` runs the suite. Both set everything up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DATA ?= ../shared/data

.PHONY: run test lint format migrate seed import bench clean

# Django 5.2 needs Python 3.10 or newer: say so in one line before making a virtualenv, and remove
# a half-made one, so that the next run starts clean.
$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null || { \
	  echo "Careerguide needs Python 3.10 or newer; $(PYTHON) is $$($(PYTHON) --version 2>/dev/null || echo "not a working Python"). Try: make PYTHON=python3.11 $(MAKECMDGOALS)"; exit 1; }
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip || { rm -rf $(VENV); exit 1; }

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

migrate: $(VENV)/.runtime
	DEBUG=$${DEBUG-1} $(BIN)/python manage.py migrate --noinput

# The reference page, then (first start only) the public data snapshot: every school and career.
seed: migrate
	DEBUG=$${DEBUG-1} $(BIN)/python manage.py ensure_data

run: seed
	DEBUG=$${DEBUG-1} $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Bytecode caches are written whatever PYTHONDONTWRITEBYTECODE says: the suite starts a process per
# worker and several servers, and each would otherwise compile every module again (~1.5 s apiece).
test: $(VENV)/.dev
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

import: migrate
	DEBUG=$${DEBUG-1} $(BIN)/python manage.py import_public_data $(DATA)

$(VENV)/.bench: requirements-bench.txt $(VENV)/.dev
	$(BIN)/pip install --quiet -r requirements-bench.txt
	touch $@

# Real data and a ten-times synthetic copy, served by gunicorn beside Datasette; figures in build/bench.json.
bench: $(VENV)/.bench
	DEBUG=1 $(BIN)/python manage.py benchmark --data $(DATA)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles build

# --- Operations ---------------------------------------------------------------------------------
.PHONY: loadtest

# Loopback only, bounded (~5 min): the former recipe, the deploy/ one (two gunicorn instances behind
# nginx, Redis shared) and the same without nginx's pages' cache, on PostgreSQL
# (LOADTEST_DATABASE_URL, created and filled on the first run) at 10/50/100 clients, then slow clients.
loadtest: $(VENV)/.runtime
	$(BIN)/python scripts/loadtest.py --data $(DATA) $(LOADTEST_ARGS)
