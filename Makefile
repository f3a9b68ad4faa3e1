# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint unit browser install dev-install bench clean messages

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
run: install
	$(BIN)/komplan migrate --no-input
	$(BIN)/komplan loaddemo --if-empty
	$(BIN)/komplan collectstatic --no-input --verbosity 0
	$(BIN)/komplan runserver 127.0.0.1:8000

lint: dev-install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/komplan makemigrations --check --dry-run

unit: dev-install
	$(BIN)/pytest -m "not browser"

browser: dev-install
	$(BIN)/pytest -m browser

test: lint
	$(BIN)/pytest

bench: dev-install
	$(BIN)/python benchmarks/pages.py

# Refresh the catalogues after changing user-facing text (needs GNU gettext).
messages: dev-install
	cd komplan && ../$(BIN)/komplan makemessages --all --no-obsolete --no-location --ignore 'static/*' \
	  && ../$(BIN)/komplan makemessages -d djangojs --all --no-obsolete --no-location || true

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache .mypy_cache .ruff_cache
