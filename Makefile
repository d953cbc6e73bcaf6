# The front door. `make run` sets everything up and serves the app; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium

.PHONY: run setup install assets database test test-fast lint format bench chromium libreoffice system-libraries clean

run: setup ## Set up everything and serve http://127.0.0.1:8000
	$(PY) manage.py runserver --nostatic $(HOST):$(PORT)

setup: system-libraries install assets database

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: build/static/app.css

build/static/app.css: node_modules/.installed scripts/build-assets.mjs $(shell find assets -type f)
	npm run --silent build

database: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py demo

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

# pytest exits 5 when it collected no test: that is a broken suite, never a pass.
PYTEST = status=0; $(BIN)/pytest $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$status

test: system-libraries install assets chromium libreoffice ## Every test: unit, integration and browser (set DATABASE_URL for PostgreSQL)
	@$(PYTEST)

test-fast: PYTEST_ARGS = -m "not browser"
test-fast: system-libraries install assets ## Everything but the browser tests
	@$(PYTEST)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install assets ## Performance figures, printed and written to bench/results/
	@for script in bench/*_bench.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf build node_modules $(VENV) var .pytest_cache
