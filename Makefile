# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test suite lint unit browser dates install dev-install bench clean messages node vendor vendor-check

# pytest-xdist workers: one per core; each has its own test database (test_<name>_gw0 …),
# its own live server and its own Chromium. MARK narrows a run, e.g. MARK="not rendering".
WORKERS ?= auto
MARK ?=
PYTEST := $(BIN)/pytest -n $(WORKERS) --dist worksteal
# The days `make dates` stands the date-sensitive tests on: a year end, the last day of a
# February and a leap day.
TEST_DAYS ?= 2026-12-31 2027-02-28 2028-02-29
# ALL_DAYS=1: `make test` and `make suite` also run the date-sensitive tests as if on each of
# TEST_DAYS, in the same pytest session (what `make dates` runs, without a second start), as
# CI does. `default` is the day of a plain run (tests/conftest.py).
ALL_DAYS ?=
SUITE = $(if $(ALL_DAYS),KOMPLAN_TEST_TODAY="default $(TEST_DAYS)") $(PYTEST) -m "$(MARK)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "komplan needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
	$(BIN)/komplan compiletranslations

dev-install: $(VENV)/.installed-dev
	$(BIN)/komplan compiletranslations

# collectstatic: WhiteNoise's hashed, compressed copies, so the server also runs with KOMPLAN_DEBUG=0.
# The server and one worker (the task queue) run together; Ctrl-C stops both: the worker
# finishes the task it is running first.
run: install
	$(BIN)/komplan migrate --no-input
	$(BIN)/komplan loaddemo --if-empty
	$(BIN)/komplan collectstatic --no-input --verbosity 0
	@$(BIN)/komplan worker & worker=$$!; \
	  trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	  $(BIN)/komplan runserver 127.0.0.1:8000

lint: dev-install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/komplan makemigrations --check --dry-run
	$(if $(wildcard node_modules/@digdir),$(BIN)/python -m komplan.core.vendor --check,@echo "no node_modules: the vendored CSS is not checked (make node)")

unit: dev-install
	$(PYTEST) -m "not browser$(if $(MARK), and ($(MARK)))"

browser: dev-install
	$(BIN)/pytest -m browser

# `make test`: lint, then the whole suite; `make suite`: the suite alone.
test: lint
	$(SUITE)

suite: dev-install
	$(SUITE)

# The tests marked `dates`, once as if on each of TEST_DAYS, in one pytest session (each
# test's ID names its day; see KOMPLAN_TEST_TODAY in tests/conftest.py); a day on which
# no such test passed fails the run.
dates: dev-install
	KOMPLAN_TEST_TODAY="$(TEST_DAYS)" $(PYTEST) -m "dates$(if $(MARK), and ($(MARK)))"

# The npm packages of package-lock.json (the HTML checker the tests run, Designsystemet's CSS);
# `make run` does not need them.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts

node: node_modules/.package-lock.json

# Designsystemet's CSS, kept built under komplan/static/vendor/ (committed, so that `make run`
# needs only Python): `make vendor` refreshes it from node_modules after the lock file
# changes; `make vendor-check` fails when the kept copy differs (docs/design.md).
vendor: node $(BIN)/python
	$(BIN)/python -m komplan.core.vendor

vendor-check: $(BIN)/python
	$(BIN)/python -m komplan.core.vendor --check

bench: dev-install
	$(BIN)/python benchmarks/pages.py

# Refresh the catalogues after changing user-facing text (needs GNU gettext).
messages: dev-install
	cd komplan && ../$(BIN)/komplan makemessages --all --no-obsolete --no-location --ignore 'static/*' \
	  && ../$(BIN)/komplan makemessages -d djangojs --all --no-obsolete --no-location || true

clean:
	rm -rf $(VENV) node_modules test-artifacts .pytest_cache .mypy_cache .ruff_cache
