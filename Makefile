# Two commands on a fresh machine with Python 3.11:
#   make run    install, build the database, load demo data if it is empty, serve on :5000
#               together with the task queue's worker (e-mail, daily sweep); Ctrl-C stops both
#   make test   install, then run the whole test suite (SQLite), measuring coverage: it fails
#               under pyproject.toml's [tool.coverage.report] fail_under
# and for CI / PostgreSQL:
#   make lint            ruff (lint and format check) and mypy, as configured in pyproject.toml
#   make test-postgres   the same suite against TEST_DATABASE_URL (default: the local server)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := app
TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
# The demo's training clock (app/demo.py DEMO_TODAY): `make run SES_TODAY=` serves today's date.
SES_TODAY ?= 2009-05-11

.PHONY: install run lint test test-postgres browser bench clean translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Browser tests drive Debian's Chromium (never `playwright install`, which cannot download here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The worker runs in the background of the same shell; the trap stops it (SIGTERM: it finishes
# the task in hand) whenever the web server ends, by Ctrl-C or otherwise.
run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask ses rebuild-directory
	$(BIN)/flask ses seed-demo --if-empty
	SES_TODAY=$(SES_TODAY) $(BIN)/flask ses worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	SES_TODAY=$(SES_TODAY) $(BIN)/flask run --host 127.0.0.1 --port 5000

# Any finding fails: ruff's lint rules, a file `ruff format` would change, a mypy error.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: install browser
	$(BIN)/python -m pytest --cov --cov-report=term

test-postgres: install browser
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python -m pytest

# Benchmarks (bench/run.py): PostgreSQL at TEST_DATABASE_URL; needs Debian's wrk.
bench: install
	@command -v wrk >/dev/null 2>&1 || { echo "Installing Debian's wrk for the benchmarks"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python -m bench.run

# Spanish for the parent-facing pages (issue 11): re-extract babel.cfg's messages, merge them into
# translations/es (new ones come untranslated: tests/app/directory/test_spanish.py then fails), compile.
translations: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ --no-location --sort-output --omit-header -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations -l es --width 100
	$(BIN)/pybabel compile -d translations

clean:
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache .coverage htmlcov
