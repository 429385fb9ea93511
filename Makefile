# make run: set up and serve the product on SQLite with demo data.
# make test: set up and run every test.
# make bench: booking rate against the raw save rate (SQLite file and in memory) and a raw INSERT
# (PostgreSQL, with 8 clients at once); see docs/benchmarks.md.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
ASSETS := web/static/build/application.css

.PHONY: install run test lint bench clean

install: $(STAMP) $(ASSETS)

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# GOV.UK Frontend, Swagger UI (the API explorer) and axe-core come from npm at set-up (never
# committed); the Sass is compiled with the programme's own font stack into web/static/build
# (git-ignored), beside Swagger UI's files (its inline images made files: the CSP).
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts

$(ASSETS): node_modules/.package-lock.json web/assets/application.scss web/assets/swagger-ui-css.mjs
	npm run --silent build

# The demo's own calendars are files this app serves itself, on this machine: reading them
# needs EXPERTBANK_CALENDAR_ALLOW_PRIVATE, which only `make run` turns on by default.
run: install
	EXPERTBANK_CALENDAR_ALLOW_PRIVATE=$${EXPERTBANK_CALENDAR_ALLOW_PRIVATE:-true} \
	  $(VENV)/bin/expertbank demo --if-empty
	EXPERTBANK_CALENDAR_ALLOW_PRIVATE=$${EXPERTBANK_CALENDAR_ALLOW_PRIVATE:-true} \
	  $(VENV)/bin/expertbank serve

test: install
	$(VENV)/bin/pytest

bench: install
	$(PY) -m bench.booking_rate --backend postgres
	$(PY) -m bench.booking_rate --backend sqlite
	$(PY) -m bench.booking_rate --backend sqlite --under /dev/shm

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache node_modules web/static/build
