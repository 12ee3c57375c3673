# Walima — the two commands first: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000
STAGE ?= prod
CATALOGS := $(patsubst %.po,%.mo,$(wildcard chalicelib/locales/*/LC_MESSAGES/messages.po))

.PHONY: run test bench package reset lint typecheck messages extract-messages clean

run: $(STAMP) $(CATALOGS) ## start Walima on http://127.0.0.1:$(PORT) with the embedded default
	PORT=$(PORT) $(PY) -m embedded.runner

test: $(STAMP) $(CATALOGS) lint typecheck ## everything CI runs
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy

bench: $(STAMP) $(CATALOGS)
	@if ls bench/*.py >/dev/null 2>&1; then $(PY) -m bench; else echo "no benchmarks yet"; fi

package: $(STAMP) $(CATALOGS)
	$(PY) -m infra.tables --check
	AWS_DEFAULT_REGION=$${AWS_DEFAULT_REGION:-eu-west-3} $(VENV)/bin/chalice package \
		--stage $(STAGE) --merge-template infra/resources.json build/package

reset: ## wipe the embedded default's saved data
	rm -rf .data

messages: $(CATALOGS)

%.mo: %.po $(STAMP)
	$(VENV)/bin/pybabel compile -i $< -o $@

extract-messages: $(STAMP) ## refresh the .pot and merge it into every .po
	$(VENV)/bin/pybabel extract -F babel.cfg -o chalicelib/locales/messages.pot --no-location --omit-header .
	$(VENV)/bin/pybabel update -i chalicelib/locales/messages.pot -d chalicelib/locales --no-location

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

clean:
	rm -rf $(VENV) build .mypy_cache .ruff_cache .pytest_cache
