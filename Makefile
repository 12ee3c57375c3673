# Walima — the two commands first: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000
STAGE ?= prod
CATALOGS := $(patsubst %.po,%.mo,$(wildcard chalicelib/locales/*/LC_MESSAGES/messages.po))
AXE := build/node/node_modules/axe-core/axe.min.js
AXE_VERSION := 4.14.1

.PHONY: run test bench bench-tools package audit admin lock reset lint typecheck messages extract-messages clean browser screenshots

run: $(STAMP) $(CATALOGS) ## start Walima on http://127.0.0.1:$(PORT) with the embedded default
	PORT=$(PORT) $(PY) -m embedded.runner

test: $(STAMP) $(CATALOGS) browser lint typecheck ## everything CI runs
	@# two workers, a test file each at a time (its module fixtures stay in one process): the
	@# e2e tests mostly wait for deadlines, so two halve the time; schemathesis's generated
	@# tests are not collected under xdist, so its file runs alone afterwards
	$(PY) -m pytest -n 2 --dist loadfile --ignore=tests/e2e/test_schemathesis.py
	$(PY) -m pytest tests/e2e/test_schemathesis.py

browser: $(AXE) ## Debian's chromium and axe-core for the browser tests (once; then instant)
	@command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

$(AXE): # npm's axe-core in a git-ignored folder, injected into pages by the browser tests
	npm install --prefix build/node --no-audit --no-fund --loglevel=error axe-core@$(AXE_VERSION)

screenshots: $(STAMP) $(CATALOGS) browser ## docs/screenshots/*.png: main pages, 3 languages, phone size
	$(PY) -m tests.e2e.screenshots
	WALIMA_SCREENSHOTS=docs/screenshots $(PY) -m pytest tests/e2e/test_caterer_path.py tests/e2e/test_deal_browser.py \
		tests/e2e/test_regional_browser.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy

bench: $(STAMP) $(CATALOGS) ## the figures users feel and AWS bills, as ratios (README, Benchmarks)
	@if ls bench/*.py >/dev/null 2>&1; then $(MAKE) --no-print-directory bench-tools; $(PY) -m bench; \
	else echo "no benchmarks yet"; fi

LIGHTHOUSE_VERSION := 12.8.2
LIGHTHOUSE := build/bench-tools/node_modules/lighthouse/package.json

bench-tools: # chromium (apt) and npm lighthouse for lighthouse-mobile: once, then instant
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } \
		|| echo "bench: chromium could not be installed; lighthouse-mobile will say so" >&2
	@grep -qs '"version": "$(LIGHTHOUSE_VERSION)"' $(LIGHTHOUSE) \
		|| npm install --prefix build/bench-tools --no-audit --no-fund --loglevel=error \
			lighthouse@$(LIGHTHOUSE_VERSION) >/dev/null \
		|| echo "bench: lighthouse could not be installed; lighthouse-mobile will say so" >&2

package: $(STAMP) $(CATALOGS) ## build/package: the deployable template + zip (needs a package index)
	$(PY) -m infra.tables --check
	rm -rf build/package
	AWS_DEFAULT_REGION=$${AWS_DEFAULT_REGION:-eu-west-3} $(VENV)/bin/chalice package \
		--stage $(STAGE) --merge-template infra/resources.json build/package
	$(PY) -m infra.slim build/package/deployment.zip  # what the Lambda never loads, out
	$(VENV)/bin/cfn-lint build/package/sam.json
	@echo "build/package/sam.json (stage $(STAGE)) is cfn-lint clean"
	@# make test lints the offline build (infra/package.py): it must stay the same template
	$(PY) -m infra.package --stage $(STAGE) build/package-offline >/dev/null
	$(PY) -c "import json, sys; same = json.load(open('build/package/sam.json')) == \
		json.load(open('build/package-offline/sam.json')); sys.exit(0 if same else \
		'the offline template differs from chalice package: fix infra/package.py')"

audit: $(STAMP) ## known vulnerabilities in the pinned requirements (needs the package index)
	$(VENV)/bin/pip-audit --strict --progress-spinner off -r requirements.txt -r requirements-dev.txt

admin: $(STAMP) ## create an admin on a deployed stage: make admin STAGE=prod EMAIL=… PHONE=… (AWS credentials of that stage)
	$(PY) -m chalicelib.entrypoints.create_admin --stage $(STAGE) --email "$(EMAIL)" --phone "$(PHONE)"

reset: ## wipe the embedded default's saved data
	rm -rf .data

messages: $(CATALOGS)

%.mo: %.po $(STAMP)
	$(VENV)/bin/pybabel compile -i $< -o $@

extract-messages: $(STAMP) ## refresh the .pot and merge it into every .po
	$(VENV)/bin/pybabel extract -F babel.cfg -o chalicelib/locales/messages.pot --no-location --omit-header .
	$(VENV)/bin/pybabel update -i chalicelib/locales/messages.pot -d chalicelib/locales --no-fuzzy-matching

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip<26.3"  # chalice 1.34 requires pip<26.3
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.txt
	$(PY) -m pip check
	touch $(STAMP)

UV := $(VENV)/bin/uv
lock: $(UV) ## requirements*.txt (hashed locks) from requirements*.in: after changing or upgrading a pin
	$(UV) pip compile requirements-dev.in --universal --python-version 3.11 \
		--generate-hashes --no-header --quiet -o requirements-dev.txt
	@# the Lambda's: arm64 Linux, the same versions as the dev lock
	$(UV) pip compile requirements.in --python-version 3.11 \
		--python-platform aarch64-manylinux2014 --constraint requirements-dev.txt \
		--generate-hashes --no-header --quiet -o requirements.txt

$(UV): # the locker alone (make lock runs before the locks it writes are installable)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet "$$(grep -o '^uv==[0-9.]*' requirements-dev.in)"

clean:
	rm -rf $(VENV) build .mypy_cache .ruff_cache .pytest_cache
