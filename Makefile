# The front door. `make run` sets everything up and serves the app; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
UV := $(BIN)/uv
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium

.PHONY: run setup install install-dev lock lock-check assets database test test-fast lint format bench bench-smoke chromium libreoffice system-libraries clean

run: setup ## Set up everything and serve http://$(HOST):$(PORT) (set HOST and PORT to change it), with a job worker beside the web server
	@echo "Starting a job worker and the web server (Ctrl+C stops both)"
	@$(PY) manage.py worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver --nostatic $(HOST):$(PORT)

setup: system-libraries install assets database

# Python packages come only from the locks in requirements/, each checked against its hash
# (docs/adr/0020). `install` is what the service needs to run; `install-dev` adds the test and
# development tools. `make lock` regenerates the locks after a change to pyproject.toml.
install: $(VENV)/.installed-run
install-dev: $(VENV)/.installed-dev

$(VENV)/.tools: requirements/tools.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements/tools.txt
	touch $@

# Exactly the lock's packages (others are removed), then the project itself, editable.
SYNC = $(UV) pip sync --quiet --require-hashes --python $(PY) $(1) && \
	$(UV) pip install --quiet --no-deps --no-build-isolation --python $(PY) -e .

$(VENV)/.installed-run: $(VENV)/.tools requirements/run.txt pyproject.toml
	$(call SYNC,requirements/run.txt)
	rm -f $(VENV)/.installed-dev
	touch $@

$(VENV)/.installed-dev: $(VENV)/.tools requirements/dev.txt pyproject.toml
	$(call SYNC,requirements/dev.txt)
	touch $@ $(VENV)/.installed-run

# LOCK_ARGS passes more options, e.g. `make lock LOCK_ARGS=--upgrade` for the newest release of everything.
LOCK = $(UV) pip compile --quiet --universal --python-version 3.11 --generate-hashes --custom-compile-command "make lock" $(LOCK_ARGS)

lock: $(VENV)/.tools ## Regenerate requirements/*.txt from pyproject.toml and requirements/tools.in
	$(LOCK) requirements/tools.in -o requirements/tools.txt
	$(LOCK) pyproject.toml requirements/tools.in -o requirements/run.txt
	$(LOCK) pyproject.toml requirements/tools.in --extra test --extra dev -c requirements/run.txt -o requirements/dev.txt

# Regenerates the locks, compares them with the committed ones and puts those back.
lock-check: $(VENV)/.tools ## Fail when the locks no longer match pyproject.toml (then run make lock)
	@saved=$$(mktemp -d) && cp -p requirements/*.txt "$$saved" && \
	{ status=0; $(MAKE) --no-print-directory --silent lock >/dev/null || status=1; \
	  for lock in tools run dev; do diff -u "$$saved/$$lock.txt" requirements/$$lock.txt || status=1; done; \
	  cp -p "$$saved"/*.txt requirements/ && rm -rf "$$saved"; \
	  [ $$status = 0 ] || { echo "The locks do not match pyproject.toml: run make lock and commit requirements/"; exit 1; }; }

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: build/static/app.css

build/static/app.css: node_modules/.installed scripts/build-assets.mjs $(shell find assets -type f)
	npm run --silent build

database: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py demo --address $(HOST):$(PORT)

system-libraries: ## Pango and HarfBuzz for the meeting pack's PDF (WeasyPrint), from Debian's packages when missing
	@{ ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so' && ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset.so'; } || { \
	  echo "Installing Pango and HarfBuzz from Debian's packages"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null; }

chromium: ## Debian's Chromium for the browser tests, when it is not there yet
	@test -x $(CHROMIUM) || { \
	  echo "Installing Chromium from Debian's packages"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; }

libreoffice: ## LibreOffice Calc for the test that templates survive being saved by it, when it is not there yet
	@command -v soffice >/dev/null || { \
	  echo "Installing LibreOffice Calc from Debian's packages"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null; }

# The suite is spread over PYTEST_WORKERS processes (pytest-xdist; 0 runs it in this one).
# pytest exits 5 when it collected no test: that is a broken suite, never a pass.
PYTEST_WORKERS ?= 3
PYTEST = status=0; $(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$status

test: system-libraries install-dev assets chromium libreoffice ## Every test: unit, integration and browser (set DATABASE_URL for PostgreSQL)
	@$(PYTEST)

test-fast: PYTEST_ARGS = -m "not browser"
test-fast: system-libraries install-dev assets ## Everything but the browser tests
	@$(PYTEST)

lint: install-dev
	@$(MAKE) --no-print-directory lock-check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports --no-logo  # the walls between the apps: [tool.importlinter] in pyproject.toml
	$(PY) scripts/check_views_query_nothing.py  # views and API modules read through selectors
	$(BIN)/mypy  # types of validation, every services and selectors module: [tool.mypy] in pyproject.toml

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install-dev assets ## Performance figures, printed and written to bench/results/
	@failed=""; for script in bench/*_bench.py; do echo "== $$script"; $(PY) $$script || failed="$$failed $$script"; done; \
	if [ -n "$$failed" ]; then echo "== benchmarks that failed:$$failed"; exit 1; fi

bench-smoke: install-dev assets ## Every benchmark once at its smallest size, keeping nothing: that each still runs
	$(PY) bench/smoke.py

clean:
	rm -rf build node_modules $(VENV) var .pytest_cache
